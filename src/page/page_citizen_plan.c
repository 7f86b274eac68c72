/*
 * page_citizen_plan.c — the individual reads their plan at /citizen:
 * the version in force (or, before there is one, where the plan stands),
 * its PDF, the earlier versions and what changed from one to the next.
 *
 * The plan is the same document as the staff's print view and PDF
 * (doc/plan_layout.c over the stored version document), read through
 * citizen_read.h: the citizen's access answer decides, the reader who
 * may see only the version in force gets 404 for the rest, and every
 * read is audited. The section "Det här kan du göra" links to the other
 * citizen pages as the access answer allows (docs/citizen.md).
 */
#include <string.h>

#include "base/limits.h"
#include "doc/plan_layout.h"
#include "doc/render_html.h"
#include "doc/render_pdf.h"
#include "http/html.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/citizen_read.h"
#include "sip/org.h"

/* The plan id and the version number of the path (0: none in the path);
 * false answered 404. */
static bool path_version(struct request *r, struct ctx *ctx, int64_t *id,
                         int *no)
{
	int64_t n = 0;
	*no = 0;
	if (!req_path_id(r, "id", id) ||
	    (req_path_arg(r, "no") &&
	     (!req_path_id(r, "no", &n) || n < 1 || n > 1000000))) {
		ctx_not_found(ctx);
		citizen_problem(r, &r->problem);
		return false;
	}
	*no = (int)n;
	return true;
}

static const char *plan_url(struct request *r, int64_t id, const char *rest)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld%s", (long long)id,
	                    rest);
}

/* How to reach the coordinator: the coordinator's unit (the plain
 * summary says whom to call). */
static struct doc_contact unit_contact(struct ctx *ctx, int64_t unit_id)
{
	struct doc_contact c = {0};
	struct unit u;
	struct problem saved = *ctx->problem;
	if (unit_id && unit_get(ctx, unit_id, &u)) {
		c.unit_name = u.name;
		c.phone = u.phone;
		c.email = u.email;
		c.postal_address = u.postal_address;
	}
	*ctx->problem = saved; /* a unit gone from the directory: no contact */
	return c;
}

static bool is_own(const struct citizen_access *a)
{
	return a->relation == CITIZEN_SELF || a->relation == CITIZEN_CHILD;
}

static const char *plan_title(struct request *r, const struct citizen_access *a)
{
	return is_own(a) ? R_(r, "Din plan")
	                 : arena_printf(&r->arena, R_(r, "Planen för %s"),
	                                a->person_name);
}

static void link_item(struct request *r, const char *href, const char *text)
{
	html_raw(r, "<li><a href=\"");
	html_attr(r, href);
	html_raw(r, "\">");
	html_text(r, text);
	html_raw(r, "</a></li>");
}

/* "Det här kan du göra": what the access answer allows. */
static void actions(struct request *r, const struct citizen_plan_head *h)
{
	const struct citizen_access *a = &h->access;
	int64_t id = a->plan_id;
	html_raw(r, "<section aria-labelledby=\"can-do\"><h2 id=\"can-do\">");
	html_text(r, R_(r, "Det här kan du göra"));
	html_raw(r, "</h2><ul class=\"action-list\">");
	if (h->current_version_no)
		link_item(r, plan_url(r, id, "/plan.pdf"),
		          R_(r, "Ladda ner planen som PDF"));
	if (h->proposal_waiting)
		link_item(r, plan_url(r, id, "/proposal"),
		          R_(r, "Läs förslaget till ändrad plan"));
	if (!a->in_force_only)
		link_item(r, plan_url(r, id, "/meetings"),
		          R_(r, "Se dina möten"));
	if (a->may_write_own)
		link_item(r, plan_url(r, id, "/own"),
		          R_(r, "Skriv din egen del av planen"));
	if (!a->in_force_only)
		link_item(r, plan_url(r, id, "/consents"),
		          R_(r, "Se vem som får dela dina uppgifter"));
	if (a->may_act && !h->closed_at)
		link_item(r, plan_url(r, id, "/follow-up-request"),
		          R_(r, "Be om en uppföljning tidigare"));
	html_raw(r, "</ul>");
	if (a->in_force_only) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "Du kan läsa planen som gäller nu. %s "
		                    "bestämmer vem som får läsa den."),
		           a->person_name);
		html_raw(r, "</p>");
	} else if (a->relation == CITIZEN_CHILD) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Dina vårdnadshavare bestämmer om planen tills "
		                   "du fyller 18 år. Du kan läsa planen och skriva "
		                   "din egen del."));
		html_raw(r, "</p>");
	}
	html_raw(r, "</section>");
}

static void versions_list(struct request *r, const struct citizen_plan_head *h)
{
	if (h->access.in_force_only || h->nversions < 2)
		return;
	html_raw(r, "<section aria-labelledby=\"versions\"><h2 id=\"versions\">");
	html_text(r, R_(r, "Tidigare versioner"));
	html_raw(r, "</h2><p>");
	html_text(r, R_(r, "Planen har ändrats. Här kan du läsa hur den såg ut "
	                   "förut, och vad som ändrades."));
	html_raw(r, "</p><ul class=\"version-list\">");
	for (int i = 0; i < h->nversions; i++) {
		const struct citizen_version_ref *v = &h->versions[i];
		const char *no = arena_printf(&r->arena, "/versions/%d",
		                              v->version_no);
		html_raw(r, "<li><a href=\"");
		html_attr(r, plan_url(r, h->access.plan_id, no));
		html_raw(r, "\">");
		html_textf(r, R_(r, "Version %d, från %s"), v->version_no,
		           ui_date(r, v->established_at));
		html_raw(r, "</a>");
		if (v->in_force) {
			html_raw(r, " ");
			html_text(r, R_(r, "(gäller nu)"));
		}
		if (v->version_no >= 2) {
			html_raw(r, " · <a href=\"");
			html_attr(r, plan_url(r, h->access.plan_id,
			                      arena_printf(&r->arena, "%s/changes",
			                                   no)));
			html_raw(r, "\">");
			html_textf(r, R_(r, "Vad ändrades i version %d"),
			           v->version_no);
			html_raw(r, "</a>");
		}
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul></section>");
}

/* The version as the citizen reads it: for the individual, first the
 * plain-language summary (lättläst, "du"), then the plan itself as the
 * print view lays it out; for a guardian or relative, whom the summary's
 * "du" would not address, the plan alone. */
static void document(struct request *r, struct ctx *ctx,
                     const struct plan_doc *d, bool former, bool own)
{
	if (d->protected_identity) {
		/* Every screen shows the flag (DOMAIN.md); the document has
		 * no address to hide. */
		html_raw(r, "<p>");
		ui_badge(r, "protected", R_(r, "Skyddade personuppgifter. Ingen adress visas."));
		html_raw(r, "</p>");
	}
	struct plan_layout_opts o = {
		.level = 2,
		.former = former,
		.coordinator = unit_contact(ctx, d->version.coordinator_unit_id),
	};
	if (own) {
		struct doc_html_opts p = {
			.level = 2,
			.id = "plain-doc",
			.cls = "plan-document plain-document",
		};
		doc_render_html(r, plain_layout(&r->arena, r->lang, d, &o), &p);
	}
	struct doc *doc = plan_layout(&r->arena, r->lang, d, &o);
	struct doc_html_opts h = {
		.level = 2,
		.id = "plan-doc",
		.cls = "plan-document citizen-document",
	};
	doc_render_html(r, doc, &h);
}

/* GET /citizen/plans/{id} */
void page_citizen_plan(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct citizen_plan_head h;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!citizen_plan_head(&ctx, id, true, &h)) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct plan_doc d;
	if (h.current_version_no &&
	    !citizen_plan_doc(&ctx, id, 0, "citizen.plan.read", &d, NULL)) {
		citizen_problem(r, &r->problem);
		return;
	}
	citizen_begin(r, plan_title(r, &h.access));
	citizen_flash(r);
	if (!is_own(&h.access)) {
		html_raw(r, "<p class=\"hint\">");
		html_text(r, citizen_relation_label(h.access.relation, r->lang));
		html_raw(r, "</p>");
	}
	html_raw(r, "<p class=\"lead\">");
	html_text(r, h.state_text);
	html_raw(r, "</p>");
	if (h.proposal_waiting) {
		html_raw(r, "<p class=\"notice\">");
		html_text(r, R_(r, "Det finns ett förslag till ändrad plan. Den "
		                   "ändras bara om du säger ja."));
		html_raw(r, "</p>");
	}
	if (h.next_follow_up_date && !h.closed_at) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "Nästa uppföljning: %s"),
		           ui_ltr(r, h.next_follow_up_date));
		html_raw(r, "</p>");
	}
	if (h.nupcoming_meetings > 0) {
		html_raw(r, "<p><a href=\"");
		html_attr(r, plan_url(r, id, "/meetings"));
		html_raw(r, "\">");
		html_textf(r, R_(r, "Kommande möten: %d"), h.nupcoming_meetings);
		html_raw(r, "</a></p>");
	}
	actions(r, &h);
	if (h.current_version_no) {
		document(r, &ctx, &d, false, is_own(&h.access));
	} else {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Planen"));
		html_raw(r, "</h2><p>");
		html_text(r, strcmp(h.state, "closed") == 0 ||
		                     strcmp(h.state, "declined") == 0
		                 ? R_(r, "Ingen plan skrevs.")
		                 : R_(r, "Planen är inte skriven än. Den skrivs "
		                         "på ett möte där du är med."));
		html_raw(r, "</p>");
		if (h.declined_cause_text) {
			html_raw(r, "<p>");
			html_textf(r, R_(r, "Varför du inte får en SIP: %s."),
			           h.declined_cause_text);
			html_raw(r, "</p>");
		}
	}
	versions_list(r, &h);
	citizen_end(r);
}

/* GET /citizen/plans/{id}/versions/{no} */
void page_citizen_plan_version(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct plan_doc d;
	bool in_force = false;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!citizen_plan_doc(&ctx, id, no, "citizen.plan.version", &d,
	                      &in_force)) {
		citizen_problem(r, &r->problem);
		return;
	}
	citizen_begin(r, arena_printf(&r->arena, R_(r, "Version %d av planen"),
	                              no));
	html_raw(r, "<p class=\"notice\">");
	html_text(r, in_force ? R_(r, "Det här är den version som gäller nu.")
	                      : R_(r, "Den här versionen gäller inte längre."));
	html_raw(r, "</p><ul class=\"action-list\">");
	link_item(r, plan_url(r, id, ""), R_(r, "Till planen som gäller"));
	link_item(r, plan_url(r, id, arena_printf(&r->arena,
	                                          "/versions/%d/plan.pdf", no)),
	          R_(r, "Ladda ner den här versionen som PDF"));
	if (no >= 2)
		link_item(r, plan_url(r, id, arena_printf(&r->arena,
		                                          "/versions/%d/changes",
		                                          no)),
		          arena_printf(&r->arena, R_(r, "Vad ändrades i version %d"),
		                       no));
	html_raw(r, "</ul>");
	document(r, &ctx, &d, !in_force, false);
	citizen_end(r);
}

/* GET /citizen/plans/{id}/plan.pdf, .../versions/{no}/plan.pdf: the plan
 * with its plain-language summary after it. */
void page_citizen_plan_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct plan_doc d;
	bool in_force = false;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!citizen_plan_doc(&ctx, id, no, "citizen.plan.pdf", &d, &in_force)) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct plan_layout_opts o = {
		.level = 1,
		.former = !in_force,
		.with_plain = true,
		.coordinator = unit_contact(&ctx, d.version.coordinator_unit_id),
	};
	const struct doc *doc = plan_layout(&r->arena, r->lang, &d, &o);
	struct doc_pdf_limits lim = {LIMIT_PDF_PAGES, LIMIT_PDF};
	struct buf pdf;
	int pages;
	enum doc_pdf_result res = doc_render_pdf(doc, &lim, &pdf, &pages);
	if (res != DOC_PDF_OK) {
		problem_set(&r->problem, &r->arena,
		            res == DOC_PDF_FAILED ? PROBLEM_INTERNAL
		                                  : PROBLEM_TOO_LARGE,
		            "%s", R_(r, "PDF-filen kunde inte göras. Du kan läsa "
		                        "planen på sidan i stället."));
		citizen_problem(r, &r->problem);
		return;
	}
	resp_download(r, "application/pdf",
	              arena_printf(&r->arena, "sip-plan-%lld-version-%d.pdf",
	                           (long long)id, d.version.version_no),
	              pdf.data, pdf.len);
	buf_free(&pdf);
}

/* ---- what changed ---- */

static const char *change_label(struct request *r, enum version_change c)
{
	switch (c) {
	case VERSION_ADDED:
		return R_(r, "Nytt i planen");
	case VERSION_CHANGED:
		return R_(r, "Ändrat i planen");
	case VERSION_REMOVED:
		return R_(r, "Borttaget ur planen");
	case VERSION_SAME:
		break;
	}
	return "";
}

static const char *field_label(struct request *r, const char *f)
{
	static const struct ui_option labels[] = {
		{"responsible", N_("vem som gör det")},
		{"goal", N_("vilket mål det hör till")},
		{"contact_name", N_("vem du kan kontakta")},
		{"frequency", N_("hur ofta det görs")},
		{"timing", N_("när det görs")},
		{"start_date", N_("när det börjar")},
		{"end_date", N_("när det slutar")},
	};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].value, f) == 0)
			return R_(r, labels[i].label);
	return f;
}

static void change_tag(struct request *r, enum version_change c)
{
	html_raw(r, "<strong class=\"change change-");
	html_attr(r, version_change_name(c));
	html_raw(r, "\">");
	html_text(r, change_label(r, c));
	html_raw(r, ":</strong> ");
}

static void goal_changes(struct request *r, const struct version_diff *d)
{
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Målen i planen"));
	html_raw(r, "</h2>");
	int shown = 0;
	html_raw(r, "<ul class=\"change-list\">");
	for (int i = 0; i < d->ngoals; i++) {
		const struct goal_diff *g = &d->goals[i];
		if (g->change == VERSION_SAME)
			continue;
		const struct goal *x = g->to ? g->to : g->from;
		html_raw(r, "<li>");
		change_tag(r, g->change);
		html_text(r, x->text);
		if (g->change == VERSION_CHANGED) {
			html_raw(r, " ");
			html_text(r, x->kind && strcmp(x->kind, "overall") == 0
			                 ? R_(r, "(nu ett stort mål)")
			                 : R_(r, "(nu ett delmål)"));
		}
		html_raw(r, "</li>");
		shown++;
	}
	html_raw(r, "</ul>");
	if (!shown) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Målen är desamma som förut."));
		html_raw(r, "</p>");
	}
}

static void intervention_changes(struct request *r, const struct version_diff *d)
{
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Vad som ska göras"));
	html_raw(r, "</h2>");
	int shown = 0;
	html_raw(r, "<ul class=\"change-list\">");
	for (int i = 0; i < d->ninterventions; i++) {
		const struct intervention_diff *x = &d->interventions[i];
		if (x->change == VERSION_SAME)
			continue;
		const struct intervention *v = x->to ? x->to : x->from;
		html_raw(r, "<li>");
		change_tag(r, x->change);
		html_text(r, v->what);
		const char *who = v->responsible_name ? v->responsible_name
		                                      : v->responsible_unit_name;
		if (who) {
			html_raw(r, "<br>");
			html_textf(r, R_(r, "Ansvarar: %s"), who);
		}
		if (x->nfields) {
			struct buf what;
			buf_init(&what, 1024);
			for (int k = 0; k < x->nfields; k++)
				buf_printf(&what, "%s%s", k ? ", " : "",
				           field_label(r, x->fields[k]));
			html_raw(r, "<br>");
			html_textf(r, R_(r, "Det som ändrades: %s"), what.data);
			buf_free(&what);
		}
		html_raw(r, "</li>");
		shown++;
	}
	html_raw(r, "</ul>");
	if (!shown) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Det som ska göras är detsamma som förut."));
		html_raw(r, "</p>");
	}
}

/* GET /citizen/plans/{id}/versions/{no}/changes */
void page_citizen_plan_changes(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct version_diff d;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!citizen_version_changes(&ctx, id, no, &d)) {
		citizen_problem(r, &r->problem);
		return;
	}
	citizen_begin(r, arena_printf(&r->arena,
	                              R_(r, "Det här ändrades i version %d"), no));
	html_raw(r, "<p class=\"lead\">");
	html_textf(r, R_(r, "Här ser du vad som är annorlunda i version %d "
	                    "jämfört med version %d."),
	           no, no - 1);
	html_raw(r, "</p><p>");
	html_textf(r, R_(r, "Nytt: %d. Ändrat: %d. Borttaget: %d."), d.added,
	           d.changed, d.removed);
	html_raw(r, "</p>");
	if (d.to.change_reason) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Varför planen ändrades"));
		html_raw(r, "</h2><p>");
		html_text(r, d.to.change_reason);
		html_raw(r, "</p>");
	}
	goal_changes(r, &d);
	intervention_changes(r, &d);
	html_raw(r, "<ul class=\"action-list\">");
	link_item(r, plan_url(r, id, arena_printf(&r->arena, "/versions/%d", no)),
	          arena_printf(&r->arena, R_(r, "Läs version %d"), no));
	link_item(r, plan_url(r, id, arena_printf(&r->arena, "/versions/%d",
	                                          no - 1)),
	          arena_printf(&r->arena, R_(r, "Läs version %d"), no - 1));
	link_item(r, plan_url(r, id, ""), R_(r, "Till planen som gäller"));
	html_raw(r, "</ul>");
	citizen_end(r);
}
