/*
 * page_persons.c — finding, registering and reading the individual a
 * SIP is about, and the people around them (guardians, relatives,
 * representatives).
 *
 * One search box takes a personnummer (person_find) or part of a name
 * (person_search); both show only persons whose record the caller may
 * read (person.h). Registering a personnummer that exists already
 * changes nothing and links nothing (person_register): if the caller
 * may read the record the page goes to the person; otherwise it says
 * only that the person is in samplan and offers to start a need
 * assessment (page_plan_new_known), with nothing stored on screen.
 *
 * Protected identity (skyddade personuppgifter): the flag is shown next
 * to the name, and the person's address and contact details are not
 * shown on screen; the edit form leaves them empty, and an empty field
 * keeps what is registered. Opening the record asks for a reason first
 * (a GET form; the reason then rides along in the forms' addresses so a
 * refused change can show the page again), audited by person_get.
 */
#include <string.h>

#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "base/buf.h"
#include "base/limits.h"
#include "form/forms.h"
#include "sip/person.h"
#include "sip/plan.h"

enum { SEARCH_LIMIT = 50 };

static const struct ui_option person_labels[] = {
	{"q", N_("Personnummer eller namn")},
	{"personnummer", N_("Personnummer")},
	{"given_name", N_("Förnamn")},
	{"family_name", N_("Efternamn")},
	{"address", N_("Adress")},
	{"postal_code", N_("Postnummer")},
	{"city", N_("Ort")},
	{"phone", N_("Telefon")},
	{"email", N_("E-post")},
	{"interpreter_language", N_("Tolkspråk")},
	{"role", N_("Roll")},
	{"name", N_("Namn")},
	{"relation", N_("Relation")},
	{"reason", N_("Skäl")},
	{NULL, NULL},
};

/* ---- search ---- */

/* Digits with an optional - or +: the box holds a personnummer. */
static bool looks_like_pnr(const char *q)
{
	int digits = 0;
	for (const char *c = q; *c; c++) {
		if (*c >= '0' && *c <= '9')
			digits++;
		else if (*c != '-' && *c != '+' && *c != ' ')
			return false;
	}
	return digits >= 10;
}

static void results_table(struct request *r, const struct person *list, int n)
{
	sip_table_begin(r, "results", NULL);
	html_raw(r, "<caption id=\"results\">");
	html_textf(r, trn(r->lang, "%d person hittades", "%d personer hittades",
	                  n), n);
	html_raw(r, "</caption><thead><tr>");
	ui_th(r, R_(r, "Namn"));
	ui_th(r, R_(r, "Personnummer"));
	ui_th(r, R_(r, "Ålder"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct person *p = &list[i];
		html_raw(r, "<tr><th scope=\"row\"><a href=\"");
		html_attr(r, sip_person_url(r, p->id, ""));
		html_raw(r, "\">");
		if (p->reason_required) { /* the flag only, until a reason */
			html_text(r, R_(r, "Person med skyddade personuppgifter"));
			html_raw(r, "</a></th><td class=\"pnr\">–</td><td>–</td></tr>");
			continue;
		}
		html_text(r, sip_person_name(r, p));
		html_raw(r, "</a>");
		sip_protected_badge(r, p->protected_identity);
		html_raw(r, "</th><td class=\"pnr\">");
		html_text(r, sip_pnr(r, p->personnummer));
		html_raw(r, "</td><td>");
		html_textf(r, R_(r, "%d år"), p->age);
		if (p->is_child) {
			html_raw(r, " ");
			ui_badge(r, "child", R_(r, "Barn"));
		}
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

/* Run the search; false when nothing is to be shown but the form (and,
 * for a miss, the way to register). */
static bool search(struct request *r, const char *q, struct person **found,
                   int *n)
{
	struct ctx ctx = page_ctx(r);
	if (!looks_like_pnr(q))
		return person_search(&ctx, q, SEARCH_LIMIT, found, n);
	*found = arena_new(&r->arena, struct person);
	*n = 1;
	if (person_find(&ctx, q, NULL, *found))
		return true;
	if ((*found)->reason_required) { /* a hit, shown as the flag only */
		r->problem = (struct problem){0};
		return true;
	}
	*n = 0;
	const char *msg = problem_field_message(&r->problem, "personnummer");
	if (msg) { /* the door of the domain: say it at the box */
		r->problem = (struct problem){0};
		problem_field(&r->problem, &r->arena, "q", "%s", msg);
	}
	return false;
}

static void search_form(struct request *r, const char *q)
{
	html_raw(r, "<form method=\"get\" action=\"/persons\" class=\"search\" "
	            "role=\"search\">");
	ui_input(r, "q", R_(r, "Personnummer eller namn"), q,
	         R_(r, "Personnummer som ÅÅÅÅMMDD-NNNN, eller minst två "
	               "bokstäver av namnet. Du hittar bara personer som din "
	               "enhet har registrerat eller har en SIP med som "
	               "samtycket omfattar."),
	         UI_AUTOFOCUS, "off");
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button\">");
	html_text(r, R_(r, "Sök"));
	html_raw(r, "</button></div></form>");
}

void page_persons(struct request *r)
{
	const char *q = req_query(r, "q");
	struct person *found = NULL;
	int n = 0;
	bool searched = q && *q;
	bool ok = searched && search(r, q, &found, &n);
	bool miss = searched && !ok && r->problem.kind == PROBLEM_NOT_FOUND;
	if (miss)
		r->problem = (struct problem){0};
	else if (searched && !ok && sip_refused(r))
		return;
	layout_begin(r, R_(r, "Personer"), NAV_PERSONS);
	page_flash(r);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Sök fram den person som behöver en samordnad "
	                   "individuell plan. Finns personen inte, registrera "
	                   "hen först."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, person_labels);
	search_form(r, q);
	if (ok && n > 0)
		results_table(r, found, n);
	else if (ok || miss) {
		html_raw(r, "<p role=\"status\">");
		html_text(r, R_(r, "Ingen person hittades bland dem du har "
		                   "tillgång till."));
		html_raw(r, "</p>");
	}
	html_raw(r, "<p><a href=\"/persons/new");
	if (miss && looks_like_pnr(q)) {
		html_raw(r, "?personnummer=");
		html_url_arg(r, q);
	}
	html_raw(r, "\">");
	html_text(r, R_(r, "Registrera en ny person"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

/* ---- the form for registering and changing a person ---- */

struct person_values {
	const char *personnummer, *given_name, *family_name, *address,
		*postal_code, *city, *phone, *email, *interpreter_language;
	bool protected_identity;
};

static void values_from_form(struct request *r, const struct form *f,
                             struct person_values *v)
{
	*v = (struct person_values){
		.personnummer = sip_value(r, f, "personnummer", NULL),
		.given_name = sip_value(r, f, "given_name", NULL),
		.family_name = sip_value(r, f, "family_name", NULL),
		.address = sip_value(r, f, "address", NULL),
		.postal_code = sip_value(r, f, "postal_code", NULL),
		.city = sip_value(r, f, "city", NULL),
		.phone = sip_value(r, f, "phone", NULL),
		.email = sip_value(r, f, "email", NULL),
		.interpreter_language = sip_value(r, f, "interpreter_language",
		                                  NULL),
		.protected_identity = form_bool(f, "protected_identity"),
	};
}

/* A person's values for the edit form: contact details stay off the
 * screen when the identity is protected. */
static void values_from_person(const struct person *p, struct person_values *v)
{
	bool hide = p->protected_identity;
	*v = (struct person_values){
		.personnummer = p->personnummer,
		.given_name = p->given_name,
		.family_name = p->family_name,
		.address = hide ? NULL : p->address,
		.postal_code = hide ? NULL : p->postal_code,
		.city = hide ? NULL : p->city,
		.phone = hide ? NULL : p->phone,
		.email = hide ? NULL : p->email,
		.interpreter_language = p->interpreter_language,
		.protected_identity = p->protected_identity,
	};
}

static void contact_fields(struct request *r, const struct person_values *v,
                           bool masked)
{
	const char *hint = masked
		? R_(r, "Visas inte: personen har skyddade personuppgifter. "
		        "Lämna tomt för att behålla det som är registrerat, "
		        "eller skriv in nya uppgifter.")
		: NULL;
	if (masked) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, hint);
		html_raw(r, "</p>");
	}
	ui_input(r, "address", R_(r, "Adress"), v->address, NULL, 0, "off");
	ui_input(r, "postal_code", R_(r, "Postnummer"), v->postal_code, NULL, 0,
	         "off");
	ui_input(r, "city", R_(r, "Ort"), v->city, NULL, 0, "off");
	ui_input(r, "phone", R_(r, "Telefon"), v->phone, NULL, UI_TEL, "off");
	ui_input(r, "email", R_(r, "E-post"), v->email, NULL, UI_EMAIL, "off");
}

static void person_fields_form(struct request *r, const char *action,
                               const struct person_values *v, bool editing,
                               bool masked)
{
	ui_form_begin(r, action);
	if (!editing)
		ui_input(r, "personnummer", R_(r, "Personnummer"), v->personnummer,
		         R_(r, "ÅÅÅÅMMDD-NNNN. Tio siffror går också; plustecken "
		               "för den som fyllt 100. Samordningsnummer tas "
		               "emot."),
		         UI_REQUIRED | UI_AUTOFOCUS, "off");
	ui_input(r, "given_name", R_(r, "Förnamn"), v->given_name, NULL,
	         UI_REQUIRED, "off");
	ui_input(r, "family_name", R_(r, "Efternamn"), v->family_name, NULL,
	         UI_REQUIRED, "off");
	ui_checkbox(r, "protected_identity",
	            R_(r, "Skyddade personuppgifter (sekretessmarkering eller "
	                  "skyddad folkbokföring)"),
	            v->protected_identity,
	            R_(r, "Adress och kontaktuppgifter visas då inte, och "
	                  "kallelser till parter utanför samplan hanteras "
	                  "manuellt."));
	contact_fields(r, v, masked);
	ui_input(r, "interpreter_language", R_(r, "Tolkspråk"),
	         v->interpreter_language,
	         R_(r, "Lämna tomt om personen inte behöver tolk."), 0, "off");
	ui_submit(r, editing ? R_(r, "Spara ändringarna")
	                     : R_(r, "Registrera personen"));
	ui_form_end(r);
}

static void new_person_page(struct request *r, const struct person_values *v)
{
	layout_begin(r, R_(r, "Registrera en person"), NAV_PERSONS);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Den person som planen gäller. Är personnumret redan "
	                   "registrerat ändras inga uppgifter, och du kan "
	                   "starta en behovsbedömning för personen."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, person_labels);
	person_fields_form(r, "/persons", v, false, false);
	html_raw(r, "<p><a href=\"/persons\">");
	html_text(r, R_(r, "Tillbaka till sökningen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_person_new(struct request *r)
{
	struct person_values v = {.personnummer = req_query(r, "personnummer")};
	new_person_page(r, &v);
}

void page_person_create(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct person_input in;
	int64_t id;
	bool existed;
	bool ok = form_read(r, &r->problem, person_fields, person_nfields, &f);
	person_input_from(&f, &in);
	if (ok && person_register(&ctx, &in, &id, &existed)) {
		if (existed && !person_visible(&ctx, id)) {
			page_plan_new_known(r, id, in.personnummer, NULL);
			return;
		}
		resp_redirect(r, sip_person_url(r, id, existed ? "?done=person_known"
		                                               : "?done=created"));
		return;
	}
	if (sip_refused(r))
		return;
	int status = problem_http_status(r->problem.kind);
	struct person_values v;
	values_from_form(r, &f, &v);
	new_person_page(r, &v);
	r->status = status;
}

/* ---- the person's page ---- */

/* The reason given for opening a protected person's record, if any. */
static const char *reason_of(struct request *r)
{
	const char *q = req_query(r, "reason");
	return q && *q ? q : NULL;
}

/* url with the reason carried along (a form posted from the page of a
 * protected person shows the page again when refused). */
static const char *with_reason(struct request *r, const char *url)
{
	const char *reason = reason_of(r);
	if (!reason)
		return url;
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	buf_init(&b, LIMIT_URL_LENGTH);
	buf_puts(&b, url);
	buf_putc(&b, strchr(url, '?') ? '&' : '?');
	buf_puts(&b, "reason=");
	for (const unsigned char *c = (const unsigned char *)reason; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("-._~", *c)) {
			buf_putc(&b, (char)*c);
		} else {
			buf_putc(&b, '%');
			buf_putc(&b, hex[*c >> 4]);
			buf_putc(&b, hex[*c & 15]);
		}
	}
	const char *out = arena_strdup(&r->arena, b.data);
	buf_free(&b);
	return out;
}

/* A protected person's page before a reason is given: the flag and the
 * reason form, nothing else. */
static void reason_page(struct request *r, int64_t id)
{
	layout_begin(r, R_(r, "Skyddade personuppgifter"), NAV_PERSONS);
	html_raw(r, "<p class=\"person-line\">");
	sip_protected_badge(r, true);
	html_raw(r, "</p><p class=\"lead\">");
	html_text(r, R_(r, "Personen har skyddade personuppgifter. Varje gång "
	                   "uppgifterna öppnas loggas det, med skälet du anger."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, person_labels);
	html_raw(r, "<form method=\"get\" action=\"");
	html_attr(r, sip_person_url(r, id, ""));
	html_raw(r, "\" novalidate>");
	ui_input(r, "reason", R_(r, "Skäl att öppna uppgifterna"), NULL,
	         R_(r, "T.ex. Förberedelse av SIP-möte."),
	         UI_REQUIRED | UI_AUTOFOCUS, "off");
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button\">");
	html_text(r, R_(r, "Öppna uppgifterna"));
	html_raw(r, "</button></div></form>");
	html_raw(r, "<p><a href=\"/persons\">");
	html_text(r, R_(r, "Tillbaka till sökningen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

/* person_get failed: the reason form, or the refusal. */
static void person_refused(struct request *r, const struct person *p)
{
	if (p->reason_required && r->problem.kind == PROBLEM_FORBIDDEN) {
		/* Asked for the first time: no error to show yet. */
		bool asked = req_query(r, "reason") != NULL;
		int64_t id = p->id;
		if (!asked)
			r->problem = (struct problem){0};
		reason_page(r, id);
		r->status = asked ? 422 : 200;
		return;
	}
	page_problem(r, &r->problem);
}

static void contact_facts(struct request *r, const struct person *p)
{
	if (p->protected_identity) {
		sip_fact(r, R_(r, "Adress och kontaktuppgifter"),
		         R_(r, "Visas inte – skyddade personuppgifter. Kallelser "
		               "och utskick hanteras manuellt."));
		return;
	}
	const char *address =
		p->address || p->postal_code || p->city
			? arena_printf(&r->arena, "%s\n%s %s",
			               p->address ? p->address : "",
			               p->postal_code ? p->postal_code : "",
			               p->city ? p->city : "")
			: NULL;
	sip_fact(r, R_(r, "Adress"), address);
	sip_fact(r, R_(r, "Telefon"), p->phone);
	sip_fact(r, R_(r, "E-post"), p->email);
}

static void person_facts(struct request *r, const struct person *p)
{
	html_raw(r, "<dl class=\"facts\">");
	contact_facts(r, p);
	sip_fact(r, R_(r, "Tolk"),
	         p->interpreter_language
	                 ? p->interpreter_language
	                 : R_(r, "Behövs inte"));
	sip_fact(r, R_(r, "Registrerad"), ui_date(r, p->created_at));
	html_raw(r, "</dl>");
	if (p->is_child) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, p->child_view_required
		                     ? R_(r, "Barn under 18 år: vårdnadshavarna "
		                             "samtycker till SIP – båda när barnet "
		                             "har två. Barnet har fyllt 15: barnets "
		                             "egen inställning väger tungt och ska "
		                             "dokumenteras.")
		                     : R_(r, "Barn under 18 år: vårdnadshavarna "
		                             "samtycker till SIP – båda när barnet "
		                             "har två. Barnet ska tillfrågas och "
		                             "informeras."));
		html_raw(r, "</p>");
	}
}

/* A child of 15-17 reads their own plan in Min SIP unless a
 * professional records why not (person_set_own_reading). */
static void own_reading_section(struct request *r, const struct person *p)
{
	if (!p->child_view_required || p->record_hidden)
		return;
	html_raw(r, "<section aria-labelledby=\"own-reading\"><h2 id=\"own-reading\">");
	html_text(r, R_(r, "Barnets egen läsning i Min SIP"));
	html_raw(r, "</h2><p>");
	if (p->own_reading_refused) {
		html_text(r, R_(r, "Barnet kan inte läsa sin plan i Min SIP. "
		                   "Skäl:"));
		html_raw(r, " ");
		html_text(r, p->own_reading_refused);
	} else {
		html_text(r, R_(r, "Barnet har fyllt 15 och kan läsa sin egen "
		                   "plan i Min SIP. Vårdnadshavarna kan också "
		                   "läsa den."));
	}
	html_raw(r, "</p>");
	ui_form_begin(r, sip_person_url(r, p->id, "/own-reading"));
	if (p->own_reading_refused) {
		ui_hidden(r, "decision", "allow");
		ui_submit(r, R_(r, "Låt barnet läsa sin plan igen"));
	} else {
		ui_hidden(r, "decision", "refuse");
		ui_textarea(r, "own_reading_refused",
		            R_(r, "Skäl att barnet inte själv ska läsa planen"),
		            NULL, R_(r, "Skälet dokumenteras och loggas."),
		            UI_REQUIRED, 2);
		ui_submit(r, R_(r, "Spara skälet"));
	}
	ui_form_end(r);
	html_raw(r, "</section>");
}

static void plans_section(struct request *r, const struct person *p)
{
	struct ctx ctx = page_ctx(r);
	struct plan_summary *plans = NULL;
	int n = 0;
	struct problem scratch = {0};
	ctx.problem = &scratch;
	plan_list_for_person(&ctx, p->id, &plans, &n);
	html_raw(r, "<h2 id=\"plans\">");
	html_text(r, R_(r, "SIP:ar"));
	html_raw(r, "</h2>");
	if (n == 0) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Det finns ingen SIP för personen som du har "
		                   "tillgång till."));
		html_raw(r, "</p>");
	} else {
		sip_table_begin(r, "plans", NULL);
		html_raw(r, "<thead><tr>");
		ui_th(r, R_(r, "Plan"));
		ui_th(r, R_(r, "Läge"));
		ui_th(r, R_(r, "Leds av"));
		ui_th(r, R_(r, "Nästa steg"));
		html_raw(r, "</tr></thead><tbody>");
		for (int i = 0; i < n; i++) {
			html_raw(r, "<tr><th scope=\"row\"><a href=\"");
			html_attr(r, sip_plan_url(r, plans[i].id, ""));
			html_raw(r, "\">");
			html_textf(r, R_(r, "SIP från %s"),
			           ui_date(r, plans[i].need_assessed_at));
			html_raw(r, "</a></th><td>");
			sip_state_badge(r, plans[i].state);
			html_raw(r, "</td><td>");
			html_text(r, plans[i].lead_unit_name);
			html_raw(r, "</td><td>");
			html_text(r, plan_state_next_step(plans[i].state, r->lang));
			html_raw(r, "</td></tr>");
		}
		html_raw(r, "</tbody></table></div>");
	}
	html_raw(r, "<div class=\"actions\">");
	ui_link_button(r, arena_printf(&r->arena, "/plans/new?person_id=%lld",
	                               (long long)p->id),
	               R_(r, "Starta SIP"));
	html_raw(r, "</div>");
}

static void related_row(struct request *r, const struct related_person *x)
{
	html_raw(r, "<tr><th scope=\"row\">");
	html_text(r, x->name);
	html_raw(r, "</th><td>");
	html_text(r, related_role_label(x->role, r->lang));
	if (x->relation) {
		html_raw(r, " <span class=\"muted\">(");
		html_text(r, x->relation);
		html_raw(r, ")</span>");
	}
	html_raw(r, "</td><td class=\"pnr\">");
	html_text(r, x->personnummer ? sip_pnr(r, x->personnummer) : "–");
	html_raw(r, "</td><td>");
	html_text(r, x->phone ? x->phone : "–");
	if (x->email) {
		html_raw(r, "<br>");
		html_text(r, x->email);
	}
	if (x->address) {
		html_raw(r, "<br>");
		html_text(r, x->address);
	}
	html_raw(r, "</td><td>");
	html_text(r, x->may_read_plan ? R_(r, "Ja") : R_(r, "Nej"));
	html_raw(r, "</td></tr>");
}

static void related_table(struct request *r, const struct person *p)
{
	html_raw(r, "<h2 id=\"related\">");
	html_text(r, R_(r, "Vårdnadshavare, närstående och företrädare"));
	html_raw(r, "</h2>");
	if (p->nrelated == 0) {
		html_raw(r, "<p>");
		html_text(r, p->is_child
		                     ? R_(r, "Inga registrerade. Registrera barnets "
		                             "vårdnadshavare: de lämnar samtycket.")
		                     : R_(r, "Inga registrerade."));
		html_raw(r, "</p>");
		return;
	}
	sip_table_begin(r, "related", NULL);
	html_raw(r, "<thead><tr>");
	ui_th(r, R_(r, "Namn"));
	ui_th(r, R_(r, "Roll"));
	ui_th(r, R_(r, "Personnummer"));
	ui_th(r, R_(r, "Kontakt"));
	ui_th(r, R_(r, "Får läsa planen"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < p->nrelated; i++)
		related_row(r, &p->related[i]);
	html_raw(r, "</tbody></table></div>");
}

/* The form for a related person: adding one (x NULL), or changing x;
 * with the values of a refused post (f), or x's. Each has its own id
 * scope, "related" or "related-ID", the scope person_page is given. */
static void related_form(struct request *r, const struct person *p,
                         const struct related_person *x, const struct form *f)
{
	static const struct ui_option roles[] = {
		{"guardian", N_("Vårdnadshavare")},
		{"relative", N_("Närstående")},
		{"representative", N_("Företrädare (god man, förvaltare)")},
	};
	struct ui_option o[3];
	for (int i = 0; i < 3; i++)
		o[i] = (struct ui_option){roles[i].value, R_(r, roles[i].label)};
	const char *scope = x ? arena_printf(&r->arena, "related-%lld",
	                                     (long long)x->id)
	                      : "related";
	const char *was = ui_id_scope(scope);
	html_raw(r, f ? "<details class=\"form-details\" open><summary>"
	              : "<details class=\"form-details\"><summary>");
	if (x)
		html_textf(r, R_(r, "Ändra uppgifterna om %s"), x->name);
	else
		html_text(r, R_(r, "Lägg till vårdnadshavare, närstående eller "
		                   "företrädare"));
	html_raw(r, "</summary>");
	ui_form_begin(r, with_reason(r, x ? sip_person_url(
		r, p->id, arena_printf(&r->arena, "/related/%lld",
		                       (long long)x->id))
	                   : sip_person_url(r, p->id, "/related")));
	const char *role = x ? related_role_name(x->role)
	                     : p->is_child ? "guardian" : "relative";
	ui_radio_group(r, "role", R_(r, "Roll (obligatoriskt)"), o, 3,
	               f ? sip_value(r, f, "role", NULL) : role, NULL);
	ui_input(r, "name", R_(r, "Namn"),
	         f ? sip_value(r, f, "name", NULL) : x ? x->name : NULL, NULL,
	         UI_REQUIRED, "off");
	ui_input(r, "relation", R_(r, "Relation"),
	         f ? sip_value(r, f, "relation", NULL) : x ? x->relation : NULL,
	         R_(r, "T.ex. mamma, syster, god man."), 0, "off");
	ui_input(r, "personnummer", R_(r, "Personnummer"),
	         f ? sip_value(r, f, "personnummer", NULL)
	         : x && x->personnummer ? sip_pnr(r, x->personnummer) : NULL,
	         R_(r, "Om det behövs."), 0, "off");
	ui_input(r, "phone", R_(r, "Telefon"),
	         f ? sip_value(r, f, "phone", NULL) : x ? x->phone : NULL, NULL,
	         UI_TEL, "off");
	ui_input(r, "email", R_(r, "E-post"),
	         f ? sip_value(r, f, "email", NULL) : x ? x->email : NULL, NULL,
	         UI_EMAIL, "off");
	ui_input(r, "address", R_(r, "Adress"),
	         f ? sip_value(r, f, "address", NULL) : x ? x->address : NULL,
	         x && p->contact_hidden
	                 ? R_(r, "Skyddade personuppgifter: den registrerade "
	                         "adressen visas inte. Lämna fältet tomt för att "
	                         "behålla den.")
	                 : NULL,
	         0, "off");
	ui_checkbox(r, "may_read_plan", R_(r, "Får läsa planen"),
	            f ? form_bool(f, "may_read_plan") : x && x->may_read_plan,
	            R_(r, "Vårdnadshavare till barn, och närstående som den "
	                  "enskilde vill ska få ta del av planen."));
	ui_submit(r, x ? R_(r, "Spara ändringarna") : R_(r, "Lägg till"));
	ui_form_end(r);
	html_raw(r, "</details>");
	ui_id_scope(was);
}

/* The edit form: values of a refused post, or the person's. */
static void edit_form(struct request *r, const struct person *p,
                      const struct form *f)
{
	struct person_values v;
	if (f)
		values_from_form(r, f, &v);
	else
		values_from_person(p, &v);
	html_raw(r, f ? "<details class=\"form-details\" open><summary>"
	              : "<details class=\"form-details\"><summary>");
	html_text(r, R_(r, "Ändra personuppgifter"));
	html_raw(r, "</summary>");
	person_fields_form(r, with_reason(r, sip_person_url(r, p->id, "")), &v,
	                   true, p->protected_identity);
	html_raw(r, "</details>");
}

/* scope: which form was posted, with f: "person" (the person's own
 * details), "related" (adding a related person) or "related-ID"
 * (changing one). */
static void person_page(struct request *r, const struct person *p,
                        const char *scope, const struct form *f)
{
	bool related_posted = scope && strncmp(scope, "related", 7) == 0;
	layout_begin_bare(r, sip_person_name(r, p), NAV_PERSONS);
	html_raw(r, "<h1>");
	html_text(r, sip_person_name(r, p));
	html_raw(r, "</h1>");
	sip_person_line(r, p);
	page_flash(r);
	const char *was = ui_id_scope(related_posted ? scope : NULL);
	ui_error_summary(r, &r->problem, person_labels);
	ui_id_scope(was);
	person_facts(r, p);
	own_reading_section(r, p);
	plans_section(r, p);
	page_audit_extract_link(r, p->id);
	related_table(r, p);
	/* The forms share field names (phone, e-mail, address): only the
	 * one posted shows its errors and what was typed. */
	struct problem errors = r->problem;
	for (int i = 0; i < p->nrelated; i++) {
		const struct related_person *x = &p->related[i];
		bool posted = scope && strcmp(scope, arena_printf(&r->arena,
		                                                  "related-%lld",
		                                                  (long long)x->id)) == 0;
		r->problem = posted ? errors : (struct problem){0};
		related_form(r, p, x, posted ? f : NULL);
	}
	bool adding = scope && strcmp(scope, "related") == 0;
	r->problem = adding ? errors : (struct problem){0};
	related_form(r, p, NULL, adding ? f : NULL);
	r->problem = related_posted ? (struct problem){0} : errors;
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Personuppgifter"));
	html_raw(r, "</h2>");
	edit_form(r, p, related_posted ? NULL : f);
	r->problem = errors;
	layout_end(r);
}

static bool load_person(struct request *r, struct person *p)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	if (!req_path_id(r, "id", &id))
		return ctx_not_found(&ctx);
	return person_get(&ctx, id, reason_of(r), p);
}

void page_person(struct request *r)
{
	struct person p = {0};
	if (!load_person(r, &p)) {
		person_refused(r, &p);
		return;
	}
	person_page(r, &p, NULL, NULL);
}

/* After a refused change: the page again with what was typed. */
static void person_refail(struct request *r, int64_t id, const char *scope,
                          const struct form *f)
{
	if (sip_refused(r))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	struct person p;
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	ctx.problem = &scratch;
	if (!person_get(&ctx, id, reason_of(r), &p)) {
		page_problem(r, &scratch);
		return;
	}
	r->problem = kept;
	person_page(r, &p, scope, f);
	r->status = status;
}

void page_person_update(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct person p = {0};
	struct form f;
	struct person_input in;
	if (!load_person(r, &p)) {
		person_refused(r, &p);
		return;
	}
	bool ok = form_read(r, &r->problem, person_fields, person_nfields, &f);
	person_input_from(&f, &in);
	if (ok && person_update(&ctx, p.id, &in)) {
		resp_redirect(r, sip_person_url(r, p.id, "?done=saved"));
		return;
	}
	person_refail(r, p.id, "person", &f);
}

void page_person_own_reading(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, own_reading_fields,
	                    own_reading_nfields, &f);
	bool refuse;
	const char *reason;
	own_reading_input_from(&f, &refuse, &reason);
	if (ok && person_set_own_reading(&ctx, id, refuse, reason)) {
		resp_redirect(r, sip_person_url(r, id, "?done=saved#own-reading"));
		return;
	}
	if (sip_refused(r))
		return;
	page_problem(r, &r->problem);
}

void page_person_add_related(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct related_input in;
	int64_t id, related;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, related_fields, related_nfields, &f);
	related_input_from(&f, &in);
	if (ok && person_add_related(&ctx, id, &in, &related)) {
		resp_redirect(r, sip_person_url(r, id, "?done=created#related"));
		return;
	}
	person_refail(r, id, "related", &f);
}

void page_person_update_related(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct related_input in;
	int64_t id, related;
	if (!req_path_id(r, "id", &id) || !req_path_id(r, "rid", &related)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, related_fields, related_nfields, &f);
	related_input_from(&f, &in);
	if (ok && person_update_related(&ctx, id, related, &in)) {
		resp_redirect(r, sip_person_url(r, id, "?done=saved#related"));
		return;
	}
	person_refail(r, id, arena_printf(&r->arena, "related-%lld",
	                                  (long long)related),
	              &f);
}
