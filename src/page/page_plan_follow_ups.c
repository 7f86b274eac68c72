/*
 * page_plan_follow_ups.c — what the plan page shows of step 6
 * (follow_up.h): whether a revised version waits for the individual's
 * approval ("Förslag – väntar på godkännande") or who approved the
 * version in force ("Godkänd <datum> av …"); the open follow-up, with
 * the way to its page for every unit taking part; and each follow-up's
 * results, as the caller may see them.
 */
#include <string.h>

#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/follow_up.h"
#include "sip/plan.h"

static void version_status(struct request *r, const struct plan *p)
{
	const struct plan_version *c = p->current;
	if (c && c->approval_given_by) {
		html_raw(r, "<p>");
		ui_badge(r, "in-force", arena_printf(
			&r->arena, R_(r, "Godkänd %s av %s"), c->approved_on,
			c->approval_names
				? arena_printf(&r->arena, "%s (%s)", c->approval_names,
				               follow_up_label(c->approval_given_by,
				                               r->lang))
				: follow_up_label(c->approval_given_by, r->lang)));
		html_raw(r, " ");
		html_textf(r, R_(r, "Version %d, %s."), c->version_no,
		           follow_up_label(c->approval_method, r->lang));
		html_raw(r, "</p>");
	}
	if (!p->proposed)
		return;
	html_raw(r, "<div class=\"notice\"><p>");
	ui_badge(r, "missing", R_(r, "Förslag – väntar på godkännande"));
	html_raw(r, " ");
	html_textf(r, R_(r, "Version %d är ett förslag. Version %d gäller tills "
	                    "den enskildes godkännande är registrerat."),
	           p->proposed->version_no, c ? c->version_no : 0);
	html_raw(r, "</p>");
	if (p->may_lead && p->state == PLAN_FOLLOW_UP) {
		html_raw(r, "<p>");
		ui_link_button(r, sip_plan_url(r, p->id, "/approval"),
		               R_(r, "Registrera den enskildes godkännande"));
		html_raw(r, "</p>");
	}
	html_raw(r, "</div>");
}

static void results_list(struct request *r, const struct follow_up *f)
{
	if (f->ngoal_results) {
		html_raw(r, "<ul>");
		for (int i = 0; i < f->ngoal_results; i++) {
			html_raw(r, "<li>");
			html_textf(r, "%s: %s", f->goal_results[i].goal_text,
			           follow_up_label(f->goal_results[i].result, r->lang));
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	}
	if (f->nintervention_results) {
		html_raw(r, "<ul>");
		for (int i = 0; i < f->nintervention_results; i++) {
			const struct intervention_result *x = &f->intervention_results[i];
			html_raw(r, "<li>");
			if (x->withheld)
				html_text(r, sip_withheld(r, x->category));
			else
				html_textf(r, "%s: %s", x->what,
				           follow_up_label(x->result, r->lang));
			html_raw(r, "</li>");
		}
		html_raw(r, "</ul>");
	}
}

/* A plan closed for a new one, and the new one: links both ways. */
static void plan_link(struct request *r, int64_t plan_id, bool newer)
{
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, plan_id, ""));
	html_raw(r, "\">");
	if (newer)
		html_textf(r, R_(r, "Planen ersattes av en ny plan (plan %lld)"),
		           (long long)plan_id);
	else
		html_textf(r, R_(r, "Planen ersätter en tidigare plan (plan %lld)"),
		           (long long)plan_id);
	html_raw(r, "</a></p>");
}

void plan_follow_ups(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	if (p->replaced_by_plan_id)
		plan_link(r, p->replaced_by_plan_id, true);
	if (p->replaces_plan_id)
		plan_link(r, p->replaces_plan_id, false);
	version_status(r, p);
	if (!p->nfollow_ups)
		return;
	sip_heading(r, 2, R_(r, "Uppföljningar"), "follow-ups");
	for (int i = p->nfollow_ups - 1; i >= 0; i--) {
		const struct follow_up *f = &p->follow_ups[i];
		html_raw(r, "<section class=\"follow-up\"><h3>");
		html_textf(r, R_(r, "Uppföljning %s av version %d"),
		           ui_date(r, f->started_at), f->version_no);
		html_raw(r, "</h3><dl class=\"facts\">");
		sip_fact(r, R_(r, "Varför"), follow_up_label(f->reason, r->lang));
		sip_fact(r, R_(r, "Utfall"),
		         f->outcome ? follow_up_label(f->outcome, r->lang)
		                    : R_(r, "Pågår"));
		if (f->next_date)
			sip_fact(r, R_(r, "Nästa uppföljning"),
			         arena_printf(&r->arena, "%s, %s", f->next_date,
			                      f->next_place));
		if (f->coordination_needed)
			sip_fact(r, R_(r, "Behövs fortsatt samordning?"),
			         follow_up_label(f->coordination_needed, r->lang));
		html_raw(r, "</dl>");
		results_list(r, f);
		if (!f->outcome && p->state == PLAN_FOLLOW_UP) {
			html_raw(r, "<p>");
			ui_link_button(r, sip_plan_url(r, p->id, "/follow-up"),
			               p->may_lead
			                       ? R_(r, "Registrera uppföljningen")
			                       : R_(r, "Redovisa din huvudmans del"));
			html_raw(r, "</p>");
		}
		html_raw(r, "</section>");
	}
}
