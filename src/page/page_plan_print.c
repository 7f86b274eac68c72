/*
 * page_plan_print.c — the plan on paper: the print view and the
 * plain-language page (HTML), the plan's PDF, and the documents of
 * manual handling (seed 003) — the invitation letter to a party outside
 * samplan and the planning document for a meeting held without the
 * system.
 *
 * Every one of them is a document tree of src/doc/plan_layout.c, built
 * from the stored version document (plan_doc_get: access checked — a
 * caller who cannot see the plan gets 404 as if it did not exist —,
 * filtered through the caller's consent-scoped view, audited) or, for the
 * letters, from the plan read with plan_get_for under its own audit
 * action. None carries an address or contact detail of the person; a
 * protected person's say so on every page.
 *
 * The PDFs are pages, not API resources, but an API token (Bearer) may
 * fetch them too: the dispatcher accepts one on any route; its caller
 * gets problem+json instead of an error page.
 */
#include <string.h>

#include "base/date.h"
#include "base/limits.h"
#include "doc/plan_layout.h"
#include "doc/render_html.h"
#include "doc/render_pdf.h"
#include "http/html.h"
#include "http/json.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "sip/org.h"
#include "sip/plan_doc.h"
#include "sip/plan_in_force.h"

static void refuse(struct request *r)
{
	if (r->via_bearer)
		json_problem(r, &r->problem);
	else
		page_problem(r, &r->problem);
}

/* The plan id and the version number of the path (0: the version in
 * force, for the routes without {no}); false answered 404. */
static bool path_version(struct request *r, struct ctx *ctx, int64_t *id,
                         int *no)
{
	int64_t n = 0;
	*no = 0;
	if (!req_path_id(r, "id", id) ||
	    (req_path_arg(r, "no") && (!req_path_id(r, "no", &n) ||
	                               n > 1000000))) {
		ctx_not_found(ctx);
		refuse(r);
		return false;
	}
	*no = (int)n;
	return true;
}

/* How to reach the coordinator: the coordinator's unit. */
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

/* Is version d no longer (or not yet) the one in force? Asked for
 * without a number it is the one in force. */
static bool former(struct ctx *ctx, const struct plan_doc *d, int no)
{
	bool in_force = true;
	if (no && !plan_version_is_in_force(ctx, d->plan_id, d->version.id,
	                                 &in_force))
		return false; /* the database failed: say nothing */
	return !in_force;
}

/* ---- HTML: the print view and the plain-language page ---- */

static void document_page(struct request *r, bool plain)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct plan_doc d;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!plan_doc_get(&ctx, id, no, plain ? "plan.plain" : "plan.print", &d)) {
		refuse(r);
		return;
	}
	struct plan_layout_opts o = {
		.level = 1,
		.former = former(&ctx, &d, no),
		.coordinator = unit_contact(&ctx, d.version.coordinator_unit_id),
	};
	struct doc *doc = plain ? plain_layout(&r->arena, r->lang, &d, &o)
	                        : plan_layout(&r->arena, r->lang, &d, &o);
	layout_begin_bare(r, arena_printf(&r->arena, "%s – %s", doc->title,
	                                  d.person_name ? d.person_name : "–"),
	                  NAV_WORK);
	html_raw(r, "<div class=\"print-view\">");
	html_raw(r, "<p class=\"print-running\">");
	html_text(r, doc->running_person);
	html_raw(r, " · ");
	html_text(r, doc->running_plan);
	if (doc->protected_identity) {
		html_raw(r, " <span class=\"badge protected\">");
		html_text(r, doc->protected_text);
		html_raw(r, "</span>");
	}
	html_raw(r, "</p>");
	struct doc_html_opts h = {
		.level = 1,
		.id = plain ? "plain-doc" : "print-doc",
		.cls = plain ? "plan-document plain-document" : "plan-document",
		.print = !plain,
	};
	doc_render_html(r, doc, &h);
	html_raw(r, "</div><ul class=\"doc-links\"><li><a href=\"");
	const char *v = no ? arena_printf(&r->arena, "/versions/%d", no) : "";
	html_attr(r, sip_plan_url(r, id, arena_printf(&r->arena, "%s/plan.pdf",
	                                              v)));
	html_raw(r, "\">");
	html_text(r, R_(r, "Ladda ner som PDF"));
	html_raw(r, "</a></li><li><a href=\"");
	html_attr(r, sip_plan_url(r, id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></li></ul>");
	layout_end(r);
}

/* GET /plans/{id}/print, /plans/{id}/versions/{no}/print */
void page_plan_print(struct request *r)
{
	document_page(r, false);
}

/* GET /plans/{id}/plain, /plans/{id}/versions/{no}/plain */
void page_plan_plain(struct request *r)
{
	document_page(r, true);
}

/* ---- PDF ---- */

static void send_pdf(struct request *r, const struct doc *doc,
                     const char *filename)
{
	struct doc_pdf_limits lim = {LIMIT_PDF_PAGES, LIMIT_PDF};
	struct buf pdf;
	int pages;
	enum doc_pdf_result res = doc_render_pdf(doc, &lim, &pdf, &pages);
	if (res == DOC_PDF_OK) {
		resp_download(r, "application/pdf", filename, pdf.data, pdf.len);
		buf_free(&pdf);
		return;
	}
	if (res == DOC_PDF_FAILED)
		problem_set(&r->problem, &r->arena, PROBLEM_INTERNAL, "%s",
		            R_(r, "PDF-filen kunde inte skapas. Försök igen, eller "
		                  "skriv ut från utskriftsvyn."));
	else
		problem_set(&r->problem, &r->arena, PROBLEM_TOO_LARGE,
		            R_(r, "Dokumentet blir för stort för en PDF-fil (högst "
		                  "%d sidor och %d MB). Skriv ut det från "
		                  "utskriftsvyn i stället."),
		            LIMIT_PDF_PAGES, LIMIT_PDF / (1024 * 1024));
	refuse(r);
}

/* GET /plans/{id}/plan.pdf, /plans/{id}/versions/{no}/plan.pdf: the plan
 * with its plain-language summary after it, one file to hand over. */
void page_plan_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	int no;
	struct plan_doc d;
	if (!path_version(r, &ctx, &id, &no))
		return;
	if (!plan_doc_get(&ctx, id, no, "plan.pdf", &d)) {
		refuse(r);
		return;
	}
	struct plan_layout_opts o = {
		.level = 1,
		.former = former(&ctx, &d, no),
		.with_plain = true,
		.coordinator = unit_contact(&ctx, d.version.coordinator_unit_id),
	};
	send_pdf(r, plan_layout(&r->arena, r->lang, &d, &o),
	         arena_printf(&r->arena, "sip-plan-%lld-version-%d.pdf",
	                      (long long)id, d.version.version_no));
}

/* ---- manual handling ---- */

/* The plan of path {id} read under audit_action, and the id of its part
 * named `key` ({iid}, {mid}); false, having answered, when either is
 * missing or the plan may not be read. */
static bool plan_and_part(struct request *r, struct ctx *ctx, const char *key,
                          const char *audit_action, int64_t *id,
                          int64_t *part, struct plan *p)
{
	if (!req_path_id(r, "id", id) || !req_path_id(r, key, part)) {
		ctx_not_found(ctx);
		refuse(r);
		return false;
	}
	if (!plan_get_for(ctx, *id, 1, audit_action, p)) {
		refuse(r);
		return false;
	}
	return true;
}

static const struct meeting *meeting_in(const struct plan *p, int64_t mid)
{
	for (int i = 0; i < p->nmeetings; i++)
		if (p->meetings[i].id == mid)
			return &p->meetings[i];
	return NULL;
}

/* GET /plans/{id}/invitations/{iid}/letter.pdf: the letter to a party
 * outside samplan (an invitation without a unit). An invitation to a
 * unit in samplan reaches it there: it has no letter (404). */
void page_plan_letter_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, iid;
	struct plan p;
	if (!plan_and_part(r, &ctx, "iid", "invitation.letter", &id, &iid, &p))
		return;
	const struct meeting *m = NULL;
	const struct invitation *inv = NULL;
	for (int i = 0; !inv && i < p.nmeetings; i++)
		for (int k = 0; k < p.meetings[i].ninvitations; k++)
			if (p.meetings[i].invitations[k].id == iid &&
			    p.meetings[i].invitations[k].unit_id == 0) {
				m = &p.meetings[i];
				inv = &m->invitations[k];
				break;
			}
	if (!inv) {
		ctx_not_found(&ctx);
		refuse(r);
		return;
	}
	char today[11];
	date_format(date_of_time(r->now), today);
	struct doc_contact from = unit_contact(&ctx, p.lead_unit_id);
	if (!from.unit_name)
		from.unit_name = p.lead_unit_name;
	send_pdf(r, letter_layout(&r->arena, r->lang, &p, m, inv, &from, today),
	         arena_printf(&r->arena, "sip-plan-%lld-kallelse-%lld.pdf",
	                      (long long)id, (long long)iid));
}

/* GET /plans/{id}/meetings/{mid}/planning.pdf */
void page_plan_planning_pdf(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct plan p;
	if (!plan_and_part(r, &ctx, "mid", "meeting.planning_document", &id,
	                   &mid, &p))
		return;
	const struct meeting *m = meeting_in(&p, mid);
	if (!m) {
		ctx_not_found(&ctx);
		refuse(r);
		return;
	}
	send_pdf(r, planning_layout(&r->arena, r->lang, &p, m),
	         arena_printf(&r->arena, "sip-plan-%lld-planeringsunderlag-%lld.pdf",
	                      (long long)id, (long long)mid));
}
