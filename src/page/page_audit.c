/*
 * page_audit.c — reviewing the audit log (logggranskning) and the
 * individual's extract of who has read their data.
 *
 * For the audit reviewer (CAP_AUDIT_REVIEW, the route table):
 *   /audit             search by person (personnummer), user, unit and
 *                      period; newest first, REVIEW_PAGE_SIZE a page
 *   /audit/report      the one-click report for a period: accesses from
 *                      outside the person's participating units (refused
 *                      attempts included) and openings of protected
 *                      identities
 *   /audit.csv, /audit/report.csv
 *                      the same as CSV files (RFC 4180, UTF-8 with BOM)
 * Every search, report and export is itself logged ("audit.review",
 * "audit.export", the filters in detail). The reviewer sees who read
 * which person — names and personnummer — but no plan content: no plan
 * or person page opens for the role.
 *
 * For the lead unit of one of the person's plans (CAP_WORK and
 * access_person_extract):
 *   /persons/{id}/access-log
 *                      who (name and title), which unit, when and what,
 *                      in plain Swedish, printable; never from where.
 *                      Opening it is logged ("person.access_log.read").
 */
#include <string.h>

#include "audit/review.h"
#include "sip/access.h"
#include "sip/extract.h"
#include "base/limits.h"
#include "base/text.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "audit/audit.h"
#include "base/date.h"
#include "sip/org.h"
#include "sip/personnummer.h"

enum { PAGE_MAX = 100000 };

static const struct ui_option labels[] = {
	{"personnummer", N_("Personnummer")},
	{"username", N_("Användare")},
	{"unit_id", N_("Enhet")},
	{"from", N_("Från och med")},
	{"to", N_("Till och med")},
	{NULL, NULL},
};

/* The query as typed, and the filter it means. */
struct audit_query {
	const char *personnummer, *username, *unit_id, *from, *to;
	int page; /* 1-based */
	struct review_filter f;
	bool unknown_person; /* a valid personnummer samplan does not hold */
};

static const char *query_text(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (!v)
		return NULL;
	v = text_clean(&r->arena, v);
	return v && *v ? v : NULL;
}

/* Read and check the query string; false with field errors in
 * r->problem (nothing is searched then). */
static bool read_query(struct request *r, struct ctx *ctx,
                       struct audit_query *q, bool report)
{
	*q = (struct audit_query){
		.personnummer = report ? NULL : query_text(r, "personnummer"),
		.username = report ? NULL : query_text(r, "username"),
		.unit_id = report ? NULL : query_text(r, "unit_id"),
		.from = query_text(r, "from"),
		.to = query_text(r, "to"),
		.page = 1,
	};
	bool ok = true;
	if (q->personnummer) {
		struct personnummer pnr;
		enum pnr_error e = personnummer_parse(q->personnummer, date_today(),
		                                      &pnr);
		if (e != PNR_OK)
			ok = problem_field(ctx->problem, ctx->arena, "personnummer",
			                   "%s", personnummer_error_message(e, ctx->lang));
		else
			ok &= review_find_person(ctx, pnr.canonical, &q->f.person_id);
		q->unknown_person = ok && !q->f.person_id;
	}
	if (q->username)
		ok &= review_find_user(ctx, q->username, &q->f.user_id);
	if (q->unit_id) {
		struct unit u;
		struct problem scratch = {0};
		struct ctx look = *ctx;
		look.problem = &scratch;
		if (!parse_id(q->unit_id, &q->f.unit_id) ||
		    !unit_get(&look, q->f.unit_id, &u))
			ok = problem_field(ctx->problem, ctx->arena, "unit_id", "%s",
			                   T(ctx, "Välj en enhet i listan."));
	}
	ok &= review_period(ctx, q->from, q->to, &q->f.from, &q->f.to);
	const char *page = req_query(r, "page");
	int64_t n;
	if (page && parse_id(page, &n) && n <= PAGE_MAX)
		q->page = (int)n;
	return ok;
}

/* After read_query failed: true when it refused what was typed (the
 * page shows the form with the errors, 422); otherwise the failure is
 * answered here (the database) and false returned. */
static bool refused_query(struct request *r)
{
	if (r->problem.kind != PROBLEM_INVALID) {
		page_problem(r, &r->problem);
		return false;
	}
	r->status = problem_http_status(r->problem.kind);
	return true;
}

/* The filters, for the audit record of the review. */
static const char *query_detail(struct request *r, const struct audit_query *q,
                                const char *what)
{
	return arena_printf(&r->arena,
	                    "%s personnummer=%s username=%s unit_id=%s "
	                    "from=%s to=%s page=%d",
	                    what, q->personnummer ? q->personnummer : "",
	                    q->username ? q->username : "",
	                    q->unit_id ? q->unit_id : "", q->from ? q->from : "",
	                    q->to ? q->to : "", q->page);
}

/* Log the review itself; false (problem set) when the record could not
 * be written — then nothing is shown. */
static bool log_review(struct ctx *ctx, const char *action, int64_t person_id,
                       const char *detail)
{
	if (!ctx_begin(ctx))
		return false;
	if (!audit_write(ctx, action, person_id, 0, detail))
		return ctx_abort(ctx);
	return ctx_commit(ctx);
}

/* "?personnummer=...&amp;username=..." for links, escaped; page 0
 * leaves the page out. */
static void write_query(struct request *r, const struct audit_query *q,
                        int page)
{
	const char *names[] = {"personnummer", "username", "unit_id", "from",
	                       "to"};
	const char *values[] = {q->personnummer, q->username, q->unit_id,
	                        q->from, q->to};
	bool first = true;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (!values[i])
			continue;
		html_raw(r, first ? "?" : "&amp;");
		first = false;
		html_text(r, names[i]);
		html_raw(r, "=");
		html_url_arg(r, values[i]);
	}
	if (page) {
		html_raw(r, first ? "?" : "&amp;");
		html_raw(r, "page=");
		html_int(r, page);
	}
}

static void person_cell(struct request *r, const struct review_entry *e)
{
	html_raw(r, "<td>");
	if (e->personnummer) {
		char shown[14];
		personnummer_display(e->personnummer, shown);
		html_raw(r, "<span class=\"pnr\">");
		html_text(r, shown);
		html_raw(r, "</span><br>");
		html_text(r, e->person_name);
		if (e->protected_identity) {
			html_raw(r, " ");
			ui_badge(r, "protected", R_(r, "Skyddad identitet"));
		}
	}
	html_raw(r, "</td>");
}

static void action_cell(struct request *r, struct ctx *ctx,
                        const struct review_entry *e)
{
	const char *label = review_action_label(ctx, e->action);
	html_raw(r, "<td>");
	if (label) {
		html_text(r, label);
		html_raw(r, "<br>");
	}
	html_raw(r, "<code>");
	html_text(r, e->action);
	html_raw(r, "</code>");
	if (e->detail) {
		html_raw(r, "<br><span class=\"muted\">");
		html_text(r, e->detail);
		html_raw(r, "</span>");
	}
	html_raw(r, "</td>");
}

static void who_cell(struct request *r, const struct review_entry *e)
{
	html_raw(r, "<td>");
	if (!e->user_id) {
		struct ctx ctx = page_ctx(r);
		html_text(r, review_actor_text(&ctx, e));
	} else {
		html_text(r, e->user_name);
		html_raw(r, "<br><span class=\"muted\">");
		html_text(r, e->username);
		html_raw(r, "</span>");
	}
	html_raw(r, "</td>");
}

/* The table of entries (search or report). */
static void entries_table(struct request *r, struct ctx *ctx,
                          const struct review_entry *e, int n, bool report,
                          const char *caption)
{
	ui_table_region(r, "log-caption");
	html_raw(r, "<table class=\"audit-log\"><caption id=\"log-caption\">");
	html_text(r, caption);
	html_raw(r, "</caption><thead><tr>");
	if (report)
		ui_th(r, R_(r, "Varför i rapporten"));
	ui_th(r, R_(r, "När"));
	ui_th(r, R_(r, "Vem"));
	ui_th(r, R_(r, "Enhet"));
	ui_th(r, R_(r, "Åtgärd"));
	ui_th(r, R_(r, "Person"));
	ui_th(r, R_(r, "Plan"));
	ui_th(r, R_(r, "Varifrån"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct review_entry *x = &e[i];
		html_raw(r, "<tr>");
		if (report) {
			html_raw(r, "<td>");
			html_text(r, review_findings_text(ctx, x->findings));
			html_raw(r, "</td>");
		}
		html_raw(r, "<td class=\"num\">");
		char when[20];
		review_time_text(x->at, when);
		html_text(r, when);
		html_raw(r, "</td>");
		who_cell(r, x);
		html_raw(r, "<td>");
		html_text(r, x->unit_name ? x->unit_name : "–");
		html_raw(r, "</td>");
		action_cell(r, ctx, x);
		person_cell(r, x);
		html_raw(r, "<td class=\"num\">");
		if (x->plan_id)
			html_int(r, x->plan_id);
		html_raw(r, "</td><td>");
		html_text(r, x->client_addr);
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
}

static void pager(struct request *r, const char *path,
                  const struct audit_query *q, bool more)
{
	if (q->page <= 1 && !more)
		return;
	html_raw(r, "<nav class=\"pager\" aria-label=\"");
	html_attr(r, R_(r, "Sidor"));
	html_raw(r, "\"><ul class=\"link-list\">");
	if (q->page > 1) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, path);
		write_query(r, q, q->page - 1);
		html_raw(r, "\">");
		html_text(r, R_(r, "Nyare poster"));
		html_raw(r, "</a></li>");
	}
	if (more) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, path);
		write_query(r, q, q->page + 1);
		html_raw(r, "\">");
		html_text(r, R_(r, "Äldre poster"));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul></nav>");
}

static void period_fields(struct request *r, const struct audit_query *q)
{
	html_raw(r, "<div class=\"row-fields\">");
	ui_input(r, "from", R_(r, "Från och med"), q->from,
	         R_(r, "Datum, ÅÅÅÅ-MM-DD."), UI_DATE, "off");
	ui_input(r, "to", R_(r, "Till och med"), q->to,
	         R_(r, "Datum, ÅÅÅÅ-MM-DD."), UI_DATE, "off");
	html_raw(r, "</div>");
}

static void search_form(struct request *r, struct ctx *ctx,
                        const struct audit_query *q)
{
	struct unit *units = NULL;
	int nunits = 0;
	struct problem scratch = {0};
	struct ctx look = *ctx;
	look.problem = &scratch;
	if (!unit_list(&look, 0, false, &units, &nunits))
		nunits = 0;
	struct ui_option *options =
		arena_array(&r->arena, struct ui_option, (size_t)nunits + 1);
	for (int i = 0; i < nunits; i++)
		options[i] = (struct ui_option){
			arena_printf(&r->arena, "%lld", (long long)units[i].id),
			arena_printf(&r->arena, "%s (%s)", units[i].name,
			             units[i].principal_name)};
	html_raw(r, "<form method=\"get\" action=\"/audit\" class=\"search\" "
	            "role=\"search\">");
	html_raw(r, "<div class=\"row-fields\">");
	ui_input(r, "personnummer", R_(r, "Personnummer"), q->personnummer,
	         R_(r, "Den person vars uppgifter har lästs, ÅÅÅÅMMDD-NNNN."),
	         UI_AUTOFOCUS, "off");
	ui_input(r, "username", R_(r, "Användare"), q->username,
	         R_(r, "Användarnamnet på den som läste, t.ex. eva."), 0, "off");
	html_raw(r, "</div>");
	ui_select(r, "unit_id", R_(r, "Enhet"), options, nunits, q->unit_id,
	          R_(r, "Alla enheter"), 0);
	period_fields(r, q);
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button\">");
	html_text(r, R_(r, "Sök i loggen"));
	html_raw(r, "</button> <a href=\"/audit\">");
	html_text(r, R_(r, "Rensa sökningen"));
	html_raw(r, "</a></div></form>");
}

/* The search page, also when the query was refused (errors shown). */
void page_audit(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct audit_query q;
	struct review_entry *found = NULL;
	int n = 0;
	bool more = false;
	bool ok = read_query(r, &ctx, &q, false);
	if (!ok && !refused_query(r))
		return;
	if (ok) {
		int offset = (q.page - 1) * REVIEW_PAGE_SIZE;
		if (!review_search(&ctx, &q.f, offset, REVIEW_PAGE_SIZE, &found,
		                   &n, &more) ||
		    !log_review(&ctx, "audit.review", q.f.person_id,
		                query_detail(r, &q, "search"))) {
			page_problem(r, &r->problem);
			return;
		}
	}
	layout_begin(r, R_(r, "Granska loggen"), NAV_AUDIT);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Loggen visar vem som har läst och ändrat "
	                   "personuppgifter: när, vem, för vilken enhet, vad, "
	                   "om vilken person och varifrån. Sök på person, "
	                   "användare, enhet eller period. Din granskning "
	                   "loggas också."));
	html_raw(r, "</p><ul class=\"link-list\"><li><a href=\"/audit/report");
	if (ok)
		write_query(r, &(struct audit_query){.from = q.from, .to = q.to}, 0);
	html_raw(r, "\">");
	html_text(r, R_(r, "Rapport: åtkomst utanför deltagande enheter och "
	                   "skyddad identitet"));
	html_raw(r, "</a></li></ul>");
	ui_error_summary(r, &r->problem, labels);
	search_form(r, &ctx, &q);
	if (!ok) {
		layout_end(r);
		return;
	}
	if (q.unknown_person) {
		html_raw(r, "<p role=\"status\">");
		html_text(r, R_(r, "Det finns ingen person med det personnumret "
		                   "i samplan. Loggen kan ändå ha poster om "
		                   "försök att registrera det."));
		html_raw(r, "</p>");
	}
	if (n == 0) {
		html_raw(r, "<p role=\"status\">");
		html_text(r, R_(r, "Inga loggposter matchar sökningen."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	html_raw(r, "<p class=\"actions\"><a href=\"/audit.csv");
	write_query(r, &q, 0);
	html_raw(r, "\" download>");
	html_text(r, R_(r, "Exportera sökningen som CSV-fil"));
	html_raw(r, "</a> <span class=\"muted\">");
	html_textf(r, R_(r, "(högst %d rader, de nyaste)"), REVIEW_EXPORT_MAX);
	html_raw(r, "</span></p>");
	entries_table(r, &ctx, found, n, false,
	              arena_printf(&r->arena, R_(r, "Loggposter, nyaste först "
	                                            "– sida %d"), q.page));
	pager(r, "/audit", &q, more);
	layout_end(r);
}

void page_audit_report(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct audit_query q;
	struct review_entry *found = NULL;
	int n = 0;
	bool more = false;
	bool ok = read_query(r, &ctx, &q, true);
	if (!ok && !refused_query(r))
		return;
	if (ok) {
		int offset = (q.page - 1) * REVIEW_PAGE_SIZE;
		if (!review_report(&ctx, &q.f, offset, REVIEW_PAGE_SIZE, &found,
		                   &n, &more) ||
		    !log_review(&ctx, "audit.review", 0,
		                query_detail(r, &q, "report"))) {
			page_problem(r, &r->problem);
			return;
		}
	}
	layout_begin(r, R_(r, "Rapport: avvikande åtkomst"), NAV_AUDIT);
	html_raw(r, "<p class=\"lead\">");
	html_text(r, R_(r, "Rapporten tar med två slags poster. Åtkomst "
	                   "utanför deltagande enheter: en användare läste "
	                   "eller försökte läsa uppgifter om en person för en "
	                   "enhet som aldrig har deltagit i någon av personens "
	                   "planer och inte har registrerat personen – också "
	                   "nekade försök. Skyddad identitet: varje gång "
	                   "någon öppnade uppgifterna om en person med skyddad "
	                   "identitet, med det skäl som angavs."));
	html_raw(r, "</p>");
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<form method=\"get\" action=\"/audit/report\" "
	            "class=\"search\">");
	period_fields(r, &q);
	html_raw(r, "<div class=\"actions\"><button type=\"submit\" "
	            "class=\"button\">");
	html_text(r, R_(r, "Visa rapporten"));
	html_raw(r, "</button> <a href=\"/audit\">");
	html_text(r, R_(r, "Tillbaka till sökningen i loggen"));
	html_raw(r, "</a></div></form>");
	if (!ok) {
		layout_end(r);
		return;
	}
	if (n == 0) {
		html_raw(r, "<p role=\"status\">");
		html_text(r, R_(r, "Inga poster för perioden: ingen åtkomst "
		                   "utanför deltagande enheter och ingen öppning "
		                   "av skyddad identitet."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	html_raw(r, "<p class=\"actions\"><a href=\"/audit/report.csv");
	write_query(r, &q, 0);
	html_raw(r, "\" download>");
	html_text(r, R_(r, "Exportera rapporten som CSV-fil"));
	html_raw(r, "</a></p>");
	entries_table(r, &ctx, found, n, true,
	              arena_printf(&r->arena, R_(r, "Rapportens poster, nyaste "
	                                            "först – sida %d"), q.page));
	pager(r, "/audit/report", &q, more);
	layout_end(r);
}

static void export(struct request *r, bool report)
{
	struct ctx ctx = page_ctx(r);
	struct audit_query q;
	struct review_entry *found = NULL;
	int n = 0;
	bool more = false;
	if (!read_query(r, &ctx, &q, report)) {
		/* The form with its errors, as the page shows them. */
		if (report)
			page_audit_report(r);
		else
			page_audit(r);
		return;
	}
	bool ok = report ? review_report(&ctx, &q.f, 0, REVIEW_EXPORT_MAX,
	                                 &found, &n, &more)
	                 : review_search(&ctx, &q.f, 0, REVIEW_EXPORT_MAX,
	                                 &found, &n, &more);
	q.page = 0;
	if (!ok || !log_review(&ctx, "audit.export", q.f.person_id,
	                       arena_printf(&r->arena, "%s rows=%d%s",
	                                    query_detail(r, &q, report ? "report"
	                                                               : "search"),
	                                    n, more ? " truncated" : ""))) {
		page_problem(r, &r->problem);
		return;
	}
	struct buf csv;
	buf_init(&csv, LIMIT_RESPONSE);
	review_csv(&ctx, &csv, found, n, report);
	if (buf_failed(&csv)) {
		buf_free(&csv);
		problem_set(&r->problem, &r->arena, PROBLEM_TOO_LARGE, "%s",
		            R_(r, "Exporten blev för stor. Begränsa sökningen, "
		                  "t.ex. till en kortare period."));
		page_problem(r, &r->problem);
		return;
	}
	char day[11];
	date_format(date_today(), day);
	resp_download(r, "text/csv; charset=utf-8",
	              arena_printf(&r->arena, "samplan-%s-%s.csv",
	                           report ? "rapport" : "logg", day),
	              csv.data, csv.len);
	buf_free(&csv);
}

void page_audit_csv(struct request *r) { export(r, false); }
void page_audit_report_csv(struct request *r) { export(r, true); }

/* ---- the individual's extract ---- */

void page_audit_extract_link(struct request *r, int64_t person_id)
{
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	ctx.problem = &scratch;
	if (!access_person_extract(&ctx, person_id))
		return;
	html_raw(r, "<p class=\"access-log-link\"><a href=\"");
	html_attr(r, arena_printf(&r->arena, "/persons/%lld/access-log",
	                          (long long)person_id));
	html_raw(r, "\">");
	html_text(r, R_(r, "Vem har tagit del av uppgifterna? Utdrag ur loggen "
	                   "för den enskilde"));
	html_raw(r, "</a></p>");
}

void page_person_access_log(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	struct person_extract ex;
	if (!person_extract_get(&ctx, id, &ex)) {
		page_problem(r, &r->problem);
		return;
	}
	const struct review_person who = ex.who;
	const struct review_entry *e = ex.entries;
	int n = ex.n;
	bool more = ex.more;
	char shown[14];
	personnummer_display(who.personnummer, shown);
	layout_begin_bare(r, R_(r, "Vem har tagit del av uppgifterna"),
	                  NAV_PERSONS);
	html_raw(r, "<h1>");
	html_text(r, R_(r, "Vem har tagit del av uppgifterna"));
	html_raw(r, "</h1><p class=\"person-line\"><strong>");
	html_text(r, who.name);
	html_raw(r, "</strong> <span class=\"pnr\">");
	html_text(r, shown);
	html_raw(r, "</span>");
	if (who.protected_identity)
		ui_badge(r, "protected", R_(r, "Skyddad identitet"));
	html_raw(r, "</p><p class=\"lead\">");
	html_text(r, R_(r, "Utdrag ur samplans logg: varje gång någon har "
	                   "läst, ändrat eller försökt läsa uppgifter om dig "
	                   "eller om dina samordnade individuella planer. Du "
	                   "har rätt att få veta detta (patientdatalagen 8 kap. "
	                   "2 §)."));
	html_raw(r, "</p><p class=\"muted\">");
	html_textf(r, R_(r, "Utdraget togs fram %s."), ui_datetime(r, r->now));
	html_raw(r, "</p><div class=\"actions\"><a href=\"");
	html_attr(r, arena_printf(&r->arena, "/persons/%lld", (long long)id));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till personen"));
	html_raw(r, "</a></div>");
	if (n == 0) {
		html_raw(r, "<p role=\"status\">");
		html_text(r, R_(r, "Loggen har inga poster om personen."));
		html_raw(r, "</p>");
		layout_end(r);
		return;
	}
	if (more) {
		html_raw(r, "<p role=\"status\">");
		html_textf(r, R_(r, "Utdraget visar de %d senaste posterna."),
		           REVIEW_EXTRACT_MAX);
		html_raw(r, "</p>");
	}
	ui_table_region(r, "extract-caption");
	html_raw(r, "<table class=\"access-log\"><caption id=\"extract-caption\">");
	html_text(r, R_(r, "Vem, när och vad – senaste först"));
	html_raw(r, "</caption><thead><tr>");
	ui_th(r, R_(r, "När"));
	ui_th(r, R_(r, "Vem"));
	ui_th(r, R_(r, "Enhet"));
	ui_th(r, R_(r, "Vad"));
	ui_th(r, R_(r, "Plan"));
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct review_entry *x = &e[i];
		html_raw(r, "<tr><td class=\"num\">");
		char when[20];
		review_time_text(x->at, when);
		html_text(r, when);
		html_raw(r, "</td><td>");
		if (!x->user_id) {
			html_text(r, R_(r, "Systemets drift (konsolen)"));
		} else {
			html_text(r, x->user_name);
			if (x->user_title) {
				html_raw(r, ", ");
				html_text(r, x->user_title);
			}
		}
		html_raw(r, "</td><td>");
		html_text(r, x->unit_name ? x->unit_name : "–");
		html_raw(r, "</td><td>");
		const char *label = review_action_label(&ctx, x->action);
		html_text(r, label ? label : x->action);
		if (x->detail && strcmp(x->action, "person.read.protected") == 0) {
			html_raw(r, "<br>");
			html_textf(r, R_(r, "Skäl: %s"), x->detail);
		}
		html_raw(r, "</td><td class=\"num\">");
		if (x->plan_id)
			html_int(r, x->plan_id);
		html_raw(r, "</td></tr>");
	}
	html_raw(r, "</tbody></table></div>");
	layout_end(r);
}
