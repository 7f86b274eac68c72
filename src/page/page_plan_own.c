/*
 * page_plan_own.c — what the individual wrote themselves, on the staff
 * pages (h/cown): their own part of the plan ("Den enskildes egen del",
 * marked as written by them, with the date) on the plan page and beside
 * the preparation's goals, and their answers rejecting a proposed
 * revision on the plan page and the approval page.
 *
 * Read with the plan (plan_get: struct plan's own and rejections, in
 * its one statement, audited as its read), so shown to whoever may see
 * the plan and to nobody else.
 */
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/ui.h"
#include "sip/own_part.h"
#include "sip/proposal.h"

static void own_text(struct request *r, const char *label, const char *text,
                     const char *as, int64_t at)
{
	html_raw(r, "<dt>");
	html_text(r, label);
	html_raw(r, "</dt><dd>");
	sip_text(r, text);
	html_raw(r, "<p class=\"hint\">");
	html_textf(r, "%s, %s", own_part_written_as_label(as, r->lang),
	           ui_date(r, at));
	html_raw(r, "</p></dd>");
}

static void own_facts(struct request *r, const struct own_part *o)
{
	html_raw(r, "<dl class=\"facts own-part\">");
	if (o->situation)
		own_text(r, R_(r, "Så har jag det nu"), o->situation,
		         o->situation_as, o->situation_at);
	if (o->matters)
		own_text(r, R_(r, "Det här är viktigt för mig"), o->matters,
		         o->matters_as, o->matters_at);
	if (o->ngoals) {
		html_raw(r, "<dt>");
		html_text(r, R_(r, "Mina egna mål"));
		html_raw(r, "</dt><dd><ul>");
		for (int i = 0; i < o->ngoals; i++) {
			html_raw(r, "<li>");
			html_text(r, o->goals[i].text);
			html_raw(r, " <span class=\"hint\">(");
			html_textf(r, "%s, %s",
			           own_part_written_as_label(o->goals[i].written_as,
			                                     r->lang),
			           ui_date(r, o->goals[i].written_at));
			html_raw(r, ")</span></li>");
		}
		html_raw(r, "</ul></dd>");
	}
	html_raw(r, "</dl>");
}

void plan_own_part(struct request *r, const struct plan *p)
{
	if (!p->own || own_part_empty(p->own))
		return;
	html_raw(r, "<section aria-labelledby=\"own-part\">");
	sip_heading(r, 2, R_(r, "Den enskildes egen del"), "own-part");
	html_raw(r, "<p>");
	html_text(r, R_(r, "Skrivet av den enskilde själv i samplan, med egna "
	                   "ord. Tas med till nästa möte."));
	html_raw(r, "</p>");
	own_facts(r, p->own);
	html_raw(r, "</section>");
}

void plan_own_part_brief(struct request *r, const struct plan *p)
{
	if (!p->own || own_part_empty(p->own))
		return;
	html_raw(r, "<div class=\"own-part-brief\"><p><strong>");
	html_text(r, R_(r, "Den enskildes egen del (skriven av den enskilde "
	                   "i samplan)"));
	html_raw(r, "</strong></p>");
	own_facts(r, p->own);
	html_raw(r, "</div>");
}

void plan_proposal_rejections(struct request *r, const struct plan *p,
                              int heading_level)
{
	const struct proposal_rejection *x = p->rejections;
	int n = p->nrejections;
	if (!n)
		return;
	html_raw(r, "<section aria-labelledby=\"proposal-rejections\">");
	sip_heading(r, heading_level,
	            R_(r, "Den enskildes svar på förslag, med kommentar"),
	            "proposal-rejections");
	html_raw(r, "<ul>");
	for (int i = 0; i < n; i++) {
		html_raw(r, "<li>");
		html_textf(r, x[i].approved
		                      ? R_(r, "Version %d, %s, %s sa ja: ")
		                      : R_(r, "Version %d, %s, %s sa nej: "),
		           x[i].version_no, ui_date(r, x[i].rejected_at),
		           x[i].names ? x[i].names : "–");
		sip_text(r, x[i].comment);
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul></section>");
}
