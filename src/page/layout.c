/*
 * layout.c — the base layout (see layout.h).
 */
#include "page/layout.h"

#include <string.h>

#include "http/html.h"
#include "http/server.h"
#include "http/static.h"
#include "page/ui.h"
#include "routes.h"
#include "sip/capability.h"
#include "sip/user.h"

struct ctx page_ctx(struct request *r) { return request_ctx(r); }

struct nav_entry {
	enum nav_item item;
	const char *href;
	const char *label;
	enum capability cap;
};

static const struct nav_entry nav[] = {
	{NAV_WORK, "/", N_("Mina SIP:ar"), CAP_WORK},
	{NAV_PERSONS, "/persons", N_("Personer"), CAP_WORK},
	{NAV_USERS, "/admin/users", N_("Användare"), CAP_MANAGE_USERS},
	{NAV_PRINCIPALS, "/admin/principals", N_("Organisationer"), CAP_ADMIN},
	{NAV_UNITS, "/admin/units", N_("Enheter"), CAP_ADMIN},
	{NAV_IMPORT, "/admin/import", N_("Importera katalog"), CAP_ADMIN},
	{NAV_OUTBOX, "/admin/outbox", N_("Utkorg"), CAP_ADMIN},
	{NAV_AUDIT, "/audit", N_("Granska loggen"), CAP_AUDIT_REVIEW},
	{NAV_STATISTICS, "/statistics", N_("Statistik"), CAP_STATISTICS},
};

static void write_nav(struct request *r, enum nav_item active)
{
	if (!r->user)
		return;
	html_raw(r, "<nav class=\"main-nav\" aria-label=\"");
	html_attr(r, R_(r, "Huvudmeny"));
	html_raw(r, "\"><ul>");
	for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
		if (!capability_granted(r->user, nav[i].cap))
			continue;
		html_raw(r, "<li><a href=\"");
		html_attr(r, nav[i].href);
		html_raw(r, nav[i].item == active ? "\" aria-current=\"page\">" : "\">");
		html_text(r, R_(r, nav[i].label));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul></nav>");
}

static void write_who(struct request *r)
{
	const struct user *u = r->user;
	if (!u)
		return;
	html_raw(r, "<div class=\"who\"><a href=\"/account\">");
	html_text(r, u->full_name);
	html_raw(r, "</a>");
	if (u->nunits > 0) {
		html_raw(r, "<span class=\"who-unit\">");
		html_text(r, u->units[0].name);
		if (u->nunits > 1)
			html_textf(r, " +%d", u->nunits - 1);
		html_raw(r, "</span>");
	} else {
		html_raw(r, "<span class=\"who-unit\">");
		html_text(r, role_label(u->role, r->lang));
		html_raw(r, "</span>");
	}
	ui_form_begin(r, "/logout");
	html_raw(r, "<button type=\"submit\" class=\"link-button\">");
	html_text(r, R_(r, "Logga ut"));
	html_raw(r, "</button>");
	ui_form_end(r);
	html_raw(r, "</div>");
}

void layout_begin_bare(struct request *r, const char *title,
                       enum nav_item active)
{
	r->content_type = "text/html; charset=utf-8";
	html_raw(r, "<!doctype html>\n<html lang=\"");
	html_attr(r, r->lang);
	html_raw(r, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, "
	            "initial-scale=1\">\n<title>");
	html_text(r, title);
	html_raw(r, " – samplan</title>\n<link rel=\"stylesheet\" href=\"");
	html_attr(r, static_url("style.css"));
	html_raw(r, "\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	html_attr(r, static_url("icon.svg"));
	html_raw(r, "\">\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
	html_text(r, R_(r, "Hoppa till huvudinnehållet"));
	html_raw(r, "</a>\n<header class=\"site-header\"><div class=\"wrap\">"
	            "<a class=\"brand\" href=\"/\">samplan<span class=\"brand-sub\">");
	html_text(r, R_(r, "Samordnad individuell plan"));
	html_raw(r, "</span></a>");
	write_nav(r, active);
	write_who(r);
	html_raw(r, "</div></header>\n<main id=\"main\" tabindex=\"-1\"><div class=\"wrap\">\n");
}

void layout_begin(struct request *r, const char *title, enum nav_item active)
{
	layout_begin_bare(r, title, active);
	html_raw(r, "<h1>");
	html_text(r, title);
	html_raw(r, "</h1>\n");
}

void layout_end(struct request *r)
{
	html_raw(r, "</div></main>\n<footer class=\"site-footer\"><div class=\"wrap\">");
	html_raw(r, "<form method=\"post\" action=\"/language\" class=\"lang-switch\">");
	ui_csrf(r);
	html_raw(r, "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(r, r->path);
	html_raw(r, "\"><span>");
	html_text(r, R_(r, "Språk:"));
	html_raw(r, "</span> ");
	static const struct { const char *code, *name, *native; } langs[] = {
		{"sv", "Svenska", "sv"},
		{"en", "English", "en"},
	};
	for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
		bool current = strcmp(r->lang, langs[i].code) == 0;
		html_raw(r, "<button type=\"submit\" name=\"lang\" class=\"link-button\" value=\"");
		html_attr(r, langs[i].code);
		html_raw(r, "\" lang=\"");
		html_attr(r, langs[i].native);
		html_raw(r, current ? "\" aria-pressed=\"true\">" : "\" aria-pressed=\"false\">");
		html_text(r, langs[i].name);
		html_raw(r, "</button> ");
	}
	html_raw(r, "</form><p class=\"footer-note\">");
	html_text(r, R_(r, "samplan – stöd för samordnad individuell plan (SIP) "
	                   "enligt socialtjänstlagen och hälso- och sjukvårdslagen."));
	html_raw(r, "</p></div></footer>\n</body>\n</html>\n");
}

void page_problem_fields(struct request *r, const struct problem *p)
{
	if (p->nfields) {
		html_raw(r, "<ul>");
		for (int i = 0; i < p->nfields; i++) {
			html_raw(r, "<li>");
			html_text(r, p->fields[i].message);
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	}
}

void page_problem(struct request *r, const struct problem *p)
{
	buf_reset(&r->out);
	r->nheaders = 0;
	r->status = problem_http_status(p->kind);
	const char *title;
	switch (p->kind) {
	case PROBLEM_NOT_FOUND: title = R_(r, "Sidan finns inte"); break;
	case PROBLEM_FORBIDDEN: title = R_(r, "Behörighet saknas"); break;
	case PROBLEM_UNAUTHORIZED: title = R_(r, "Du behöver logga in"); break;
	case PROBLEM_TOO_LARGE: title = R_(r, "För mycket på en gång"); break;
	case PROBLEM_THROTTLED: title = R_(r, "Vänta en stund"); break;
	case PROBLEM_UNAVAILABLE: title = R_(r, "Tjänsten är tillfälligt otillgänglig"); break;
	case PROBLEM_CONFLICT: title = R_(r, "Det går inte just nu"); break;
	case PROBLEM_BAD_REQUEST:
	case PROBLEM_INVALID: title = R_(r, "Uppgifterna behöver rättas"); break;
	default: title = R_(r, "Något gick fel"); break;
	}
	layout_begin(r, title, NAV_NONE);
	html_raw(r, "<p class=\"lead\">");
	if (p->detail)
		html_text(r, p->detail);
	html_raw(r, "</p>");
	page_problem_fields(r, p);
	html_raw(r, "<p><a href=\"/\">");
	html_text(r, R_(r, "Till startsidan"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

/* Confirmations after a redirect: only known keys, no user data in the
 * URL. */
static const struct ui_option flashes[] = {
	{"saved", N_("Ändringarna är sparade.")},
	{"created", N_("Uppgifterna är sparade.")},
	{"deactivated", N_("Användaren är inaktiverad. Pågående inloggningar och "
	                   "API-nycklar har stängts av.")},
	{"reactivated", N_("Användaren är aktiverad igen.")},
	{"imported", N_("Katalogen är importerad.")},
	{"logged_out", N_("Du är utloggad.")},
	/* The SIP process (page_plan*.c, page_persons.c, page_invitation.c) */
	{"person_known", N_("Personen fanns redan registrerad, och din enhet har "
	                    "redan tillgång till uppgifterna. Ingenting är "
	                    "ändrat.")},
	{"plan_created", N_("Behovet är dokumenterat och SIP-processen har "
	                    "startat. Nästa steg är samtycket.")},
	{"declined", N_("Beslutet att inte erbjuda SIP är dokumenterat med "
	                "skälet.")},
	{"consent_recorded", N_("Samtycket är dokumenterat.")},
	{"consent_withdrawn", N_("Samtycket är återkallat. Planen är avslutad "
	                         "och inga uppgifter delas längre.")},
	{"consent_withdrawn_continues", N_("Samtycket är återkallat. Planen "
	                                   "fortsätter under de samtycken som "
	                                   "fortfarande gäller.")},
	{"meeting_planned", N_("Mötet är bokat. Skicka kallelserna.")},
	{"meeting_cancelled", N_("Mötet är inställt. De kallade ser det på "
	                         "sina kallelser.")},
	{"meeting_rescheduled", N_("Mötet är flyttat. De kallade enheterna får "
	                           "ändringen med e-post; parter utanför "
	                           "samplan behöver ett nytt brev eller "
	                           "samtal.")},
	{"invited", N_("Kallelserna är skickade. Svaren syns under Möten och "
	               "kallelser.")},
	{"replied", N_("Svaret på kallelsen är skickat.")},
	{"reply_registered", N_("Svaret är registrerat.")},
	{"reminded", N_("Påminnelsen är skickad till enhetens e-postadress.")},
	{"established", N_("Planen är upprättad. Lämna den till den enskilde.")},
	{"revised", N_("Den reviderade planen är sparad som ett förslag. Den "
	               "gäller när den enskildes godkännande är registrerat.")},
	{"follow_up_saved", N_("Uppföljningen är sparad.")},
	{"approved", N_("Godkännandet är registrerat. Den reviderade planen "
	                "gäller nu.")},
	{"handed_over", N_("Överlämningen är registrerad.")},
	{"follow_up", N_("Uppföljningen har börjat.")},
	{"closed", N_("Planen är avslutad.")},
	{"closing_noted", N_("Din huvudmans avslut är dokumenterat.")},
};

void page_flash_from(struct request *r, const struct ui_option *keys,
                     size_t n)
{
	const char *key = req_query(r, "done");
	if (!key)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(key, keys[i].value) != 0)
			continue;
		html_raw(r, "<div class=\"flash\" role=\"status\">");
		html_text(r, R_(r, keys[i].label));
		html_raw(r, "</div>");
		return;
	}
}

void page_flash(struct request *r)
{
	page_flash_from(r, flashes, sizeof flashes / sizeof *flashes);
}

void page_set_cookie(struct request *r, const char *name, const char *value,
                     const char *path, long max_age)
{
	const char *secure = server_config() && server_config()->secure
	                             ? "; Secure" : "";
	const char *cookie =
		max_age >= 0
			? arena_printf(&r->arena,
			               "%s=%s; Path=%s; Max-Age=%ld; HttpOnly; "
			               "SameSite=Strict%s",
			               name, value, path, max_age, secure)
			: arena_printf(&r->arena,
			               "%s=%s; Path=%s; HttpOnly; SameSite=Strict%s",
			               name, value, path, secure);
	resp_header(r, "Set-Cookie", cookie);
}
