/*
 * page_plan_approval.c — recording the individual's approval of a
 * proposed version (GET and POST /plans/{id}/approval): who approved
 * (the individual, a guardian, a representative, with names), how and
 * when. Until then the revision is a proposal and the version before it
 * stays in force (follow_up.h); the page shows what is proposed and
 * links to the comparison with the version in force.
 */
#include <string.h>
#include <time.h>

#include "form/follow_up_forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_refill.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/follow_up.h"
#include "sip/plan.h"

static const struct ui_option labels[] = {
	{"given_by", N_("Vem godkände planen")},
	{"names", N_("Namn")},
	{"method", N_("Hur godkännandet gavs")},
	{"approved_on", N_("Datum för godkännandet")},
	{NULL, NULL},
};

static const char *today(struct request *r)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return arena_printf(&r->arena, "%04d-%02d-%02d", tm.tm_year + 1900,
	                    tm.tm_mon + 1, tm.tm_mday);
}

static void approval_page(struct request *r, const struct plan *p,
                          const struct form *posted)
{
	const struct plan_version *v = p->proposed;
	const struct ui_option givers[] = {
		{"individual", follow_up_label("individual", r->lang)},
		{"guardian", follow_up_label("guardian", r->lang)},
		{"representative", follow_up_label("representative", r->lang)},
	};
	const struct ui_option methods[] = {
		{"in_person", follow_up_label("in_person", r->lang)},
		{"phone", follow_up_label("phone", r->lang)},
		{"letter", follow_up_label("letter", r->lang)},
		{"digital", follow_up_label("digital", r->lang)},
	};
	layout_begin_bare(r, R_(r, "Godkännande av reviderad plan"), NAV_WORK);
	html_raw(r, "<h1>");
	html_textf(r, R_(r, "Godkännande av reviderad plan – %s"),
	           sip_person_name(r, &p->person));
	html_raw(r, "</h1>");
	sip_person_line(r, &p->person);
	ui_error_summary(r, &r->problem, labels);
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Förslag"),
	         arena_printf(&r->arena, R_(r, "Version %d, skriven %s av %s"),
	                      v->version_no, ui_date(r, v->established_at),
	                      v->established_by_name ? v->established_by_name
	                                             : "–"));
	sip_fact(r, R_(r, "Vad ändras och varför"), v->change_reason);
	if (p->current)
		sip_fact(r, R_(r, "Gäller tills vidare"),
		         arena_printf(&r->arena, R_(r, "Version %d"),
		                      p->current->version_no));
	html_raw(r, "</dl>");
	plan_proposal_rejections(r, p, 2);
	if (p->current) {
		html_raw(r, "<p><a href=\"");
		html_attr(r, sip_plan_url(r, p->id,
		                          arena_printf(&r->arena,
		                                       "/versions/compare?from=%d"
		                                       "&to=%d",
		                                       p->current->version_no,
		                                       v->version_no)));
		html_raw(r, "\">");
		html_textf(r, R_(r, "Jämför förslaget med version %d"),
		           p->current->version_no);
		html_raw(r, "</a></p>");
	}
	ui_form_begin(r, sip_plan_url(r, p->id, "/approval"));
	ui_radio_group(r, "given_by", R_(r, "Vem godkände planen"), givers, 3,
	               sip_value(r, posted, "given_by", NULL), NULL);
	ui_input(r, "names", R_(r, "Namn"), sip_value(r, posted, "names", NULL),
	         R_(r, "Vårdnadshavarens eller företrädarens namn."), 0, "off");
	ui_radio_group(r, "method", R_(r, "Hur godkännandet gavs"), methods, 4,
	               sip_value(r, posted, "method", NULL), NULL);
	ui_input(r, "approved_on", R_(r, "Datum för godkännandet"),
	         sip_value(r, posted, "approved_on", today(r)),
	         R_(r, "ÅÅÅÅ-MM-DD, inte i framtiden."), UI_REQUIRED | UI_DATE,
	         "off");
	ui_submit(r, R_(r, "Registrera godkännandet"));
	ui_form_end(r);
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, p->id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Tillbaka till planen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

/* The plan with its proposal; a plan without one is a CONFLICT. */
static bool load(struct request *r, int64_t id, struct plan *p)
{
	struct ctx ctx = page_ctx(r);
	if (!plan_get_recent(&ctx, id, 1, p))
		return false;
	if (p->proposed && p->state == PLAN_FOLLOW_UP)
		return true;
	return problem_set(&r->problem, &r->arena, PROBLEM_CONFLICT, "%s",
	                   R_(r, "Det finns inget förslag till reviderad plan "
	                         "att godkänna."));
}

void page_plan_approval_form(struct request *r)
{
	struct plan p;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		struct ctx ctx = page_ctx(r);
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!load(r, id, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	/* After a refused approval (Post/Redirect/Get): what was typed and
	 * its errors, once. */
	struct form posted;
	const struct form *f = NULL;
	if (page_refill_restore(r)) {
		struct problem again = {0};
		form_read(r, &again, approval_fields, approval_nfields, &posted);
		f = &posted;
	}
	approval_page(r, &p, f);
}

void page_plan_approval(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct approval_input in;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, approval_fields, approval_nfields,
	                    &f);
	approval_input_from(&f, &in);
	if (ok && plan_version_approve(&ctx, id, &in)) {
		resp_redirect(r, sip_plan_url(r, id, "?done=approved"));
		return;
	}
	if (sip_refused(r) ||
	    page_refill_redirect(r, sip_plan_url(r, id, "/approval")))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	r->problem = (struct problem){0};
	struct plan p;
	if (!load(r, id, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	r->problem = kept;
	approval_page(r, &p, &f);
	r->status = status;
}
