/*
 * page_plan_document.c — an established plan version shown the way
 * Ludvika's documentation template lays it out (seed 000). The layout is
 * src/doc/plan_layout.c's, built from the stored version document
 * (plan_doc.h) and written by src/doc/render_html.c — the same tree the
 * print view and the PDF render, so the page and the paper agree.
 *
 * The same rendering serves the current version on the plan page and
 * earlier versions on their own page (GET /plans/{id}/versions/{no}).
 */
#include <string.h>

#include "doc/plan_layout.h"
#include "doc/render_html.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/plan.h"
#include "sip/plan_doc.h"

/* Links to the print view, the plain-language summary and the PDF of
 * version no (0: the version in force). */
static void print_links(struct request *r, int64_t plan_id, int no)
{
	const char *v = no ? arena_printf(&r->arena, "/versions/%d", no) : "";
	static const struct { const char *rest, *label; } links[] = {
		{"/print", N_("Utskriftsvy")},
		{"/plan.pdf", N_("Ladda ner som PDF")},
		{"/plain", N_("Lättläst sammanfattning")},
	};
	html_raw(r, "<ul class=\"doc-links\">");
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, sip_plan_url(r, plan_id,
		                          arena_printf(&r->arena, "%s%s", v,
		                                       links[i].rest)));
		html_raw(r, "\">");
		html_text(r, R_(r, links[i].label));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul>");
}

void plan_document(struct request *r, const struct plan *p,
                   const struct plan_doc *d, int level, bool former)
{
	struct plan_layout_opts o = {.level = level, .former = former};
	struct doc *doc = plan_layout(&r->arena, r->lang, d, &o);
	struct doc_html_opts h = {
		.level = level,
		.id = arena_printf(&r->arena, "plan-v%d", d->version.version_no),
	};
	doc_render_html(r, doc, &h);
	print_links(r, p->id, former || !p->current ||
	                              p->current->id != d->version.id
	                      ? d->version.version_no : 0);
}

/* GET /plans/{id}/versions/{no}: an earlier (or the current) version. */
void page_plan_version(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct plan p;
	struct plan_doc d;
	int64_t id, no;
	if (!req_path_id(r, "id", &id) || !req_path_id(r, "no", &no) ||
	    no > 1000000) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!plan_get(&ctx, id, &p) ||
	    !plan_doc_get(&ctx, id, (int)no, "plan.version_read", &d)) {
		page_problem(r, &r->problem);
		return;
	}
	const char *name = sip_person_name(r, &p.person);
	const char *title = arena_printf(&r->arena, R_(r, "SIP för %s, version %d"),
	                                 name, d.version.version_no);
	layout_begin_bare(r, title, NAV_WORK);
	html_raw(r, "<h1>");
	html_text(r, title);
	html_raw(r, "</h1>");
	sip_person_line(r, &p.person);
	plan_document(r, &p, &d, 2, !p.current || p.current->id != d.version.id);
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, p.id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}
