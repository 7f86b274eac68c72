/*
 * page_citizen_extract.c — "who has read my data" in Min SIP:
 *   GET /citizen/access-log       on screen
 *   GET /citizen/access-log.pdf   the same as a PDF
 * Both show the document of doc/extract_layout.c, built from
 * citizen_extract_get (sip/citizen_extract.h): one part for the
 * citizen's own person and one per child they are a guardian of; a
 * relative gets none. A citizen with nobody to show (a relative, a representative,
 * someone samplan holds no person row for) is answered not found, as
 * every refusal in Min SIP. Each part's read is audited
 * ("citizen.extract.read").
 */
#include "base/limits.h"
#include "doc/extract_layout.h"
#include "doc/render_html.h"
#include "doc/render_pdf.h"
#include "http/html.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "sip/citizen_extract.h"

static struct doc *extract_doc(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct citizen_extract ex;
	if (!citizen_extract_get(&ctx, &ex) ||
	    (ex.n == 0 && !ctx_not_found(&ctx))) {
		citizen_problem(r, &r->problem);
		return NULL;
	}
	return extract_layout(&r->arena, r->lang, &ex, r->now);
}

void page_citizen_access_log(struct request *r)
{
	struct doc *d = extract_doc(r);
	if (!d)
		return;
	citizen_begin_bare(r, d->title);
	doc_render_html(r, d, &(struct doc_html_opts){
		.level = 1, .id = "access-log", .cls = "citizen-extract"});
	html_raw(r, "<p class=\"actions\"><a href=\"/citizen/access-log.pdf\" "
	            "download>");
	html_text(r, R_(r, "Hämta utdraget som PDF"));
	html_raw(r, "</a></p><p><a href=\"/citizen\">");
	html_text(r, R_(r, "Tillbaka till Mina planer"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

void page_citizen_access_log_pdf(struct request *r)
{
	struct doc *d = extract_doc(r);
	if (!d)
		return;
	struct doc_pdf_limits lim = {LIMIT_PDF_PAGES, LIMIT_PDF};
	struct buf pdf;
	int pages;
	enum doc_pdf_result res = doc_render_pdf(d, &lim, &pdf, &pages);
	if (res == DOC_PDF_OK) {
		resp_download(r, "application/pdf", "vem-har-last-mina-uppgifter.pdf",
		              pdf.data, pdf.len);
		buf_free(&pdf);
		return;
	}
	problem_set(&r->problem, &r->arena,
	            res == DOC_PDF_FAILED ? PROBLEM_INTERNAL : PROBLEM_TOO_LARGE,
	            "%s",
	            R_(r, "Det gick inte att göra en PDF-fil. Du kan läsa "
	                  "utdraget på sidan i stället."));
	citizen_problem(r, &r->problem);
}
