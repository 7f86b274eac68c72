/*
 * page_plan_handover.c — to whom the plan was handed, on the plan page:
 * the list, and for the lead unit the form that records one more (POST
 * /plans/{id}/handovers). Seed 002: "SIP lämnas till den enskilde och om
 * den enskilde så önskar, till närstående" — and to participants without
 * access to samplan, on paper or digitally. A refusal comes back as the
 * plan page with this form open (plan_refail).
 */
#include <string.h>
#include <time.h>

#include "form/follow_up_forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/follow_up.h"
#include "sip/plan.h"

static const char *today(struct request *r)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	return arena_printf(&r->arena, "%04d-%02d-%02d", tm.tm_year + 1900,
	                    tm.tm_mon + 1, tm.tm_mday);
}

static void handover_list(struct request *r, const struct plan *p)
{
	if (!p->nhandovers) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Ingen överlämning är registrerad."));
		html_raw(r, "</p>");
		return;
	}
	html_raw(r, "<ul class=\"link-list\">");
	for (int i = 0; i < p->nhandovers; i++) {
		const struct handover *h = &p->handovers[i];
		const char *who = strcmp(h->recipient, "individual") == 0
		                  ? R_(r, "Den enskilde")
		                  : h->organisation
		                  ? arena_printf(&r->arena, "%s (%s)",
		                                 h->recipient_name, h->organisation)
		                  : arena_printf(&r->arena, "%s, %s",
		                                 h->recipient_name,
		                                 follow_up_label(h->recipient,
		                                                 r->lang));
		html_raw(r, "<li>");
		html_textf(r, R_(r, "Version %d till %s, %s, %s (registrerat av %s)"),
		           h->version_no, who, follow_up_label(h->method, r->lang),
		           h->handed_on,
		           h->recorded_by_name ? h->recorded_by_name : "–");
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul>");
}

static void handover_form(struct request *r, const struct plan_view *v)
{
	const struct form *f = plan_posted(v, "handover");
	const struct ui_option recipients[] = {
		{"individual", follow_up_label("individual", r->lang)},
		{"relative", follow_up_label("relative", r->lang)},
		{"participant", follow_up_label("participant", r->lang)},
	};
	const struct ui_option methods[] = {
		{"paper", follow_up_label("paper", r->lang)},
		{"digital", follow_up_label("digital", r->lang)},
	};
	plan_details_begin(r, v, "handover", R_(r, "Registrera att planen har "
	                                           "lämnats ut"));
	struct plan_scope s;
	plan_scope_begin(r, v, "handover", &s);
	ui_form_begin(r, sip_plan_url(r, v->p->id, "/handovers"));
	ui_radio_group(r, "recipient", R_(r, "Till vem"), recipients, 3,
	               sip_value(r, f, "recipient", NULL),
	               R_(r, "Närstående bara om den enskilde så önskar."));
	ui_input(r, "recipient_name", R_(r, "Mottagarens namn"),
	         sip_value(r, f, "recipient_name", NULL),
	         R_(r, "Behövs för närstående och deltagare."), 0, "off");
	ui_input(r, "organisation", R_(r, "Verksamhet"),
	         sip_value(r, f, "organisation", NULL),
	         R_(r, "Den verksamhet en deltagare utan tillgång till samplan "
	               "företräder."), 0, "off");
	ui_radio_group(r, "method", R_(r, "Hur"), methods, 2,
	               sip_value(r, f, "method", NULL), NULL);
	ui_input(r, "handed_on", R_(r, "Datum"),
	         sip_value(r, f, "handed_on", today(r)),
	         R_(r, "ÅÅÅÅ-MM-DD, inte i framtiden."), UI_REQUIRED | UI_DATE,
	         "off");
	ui_submit(r, R_(r, "Registrera överlämningen"));
	ui_form_end(r);
	plan_scope_end(r, &s);
	plan_details_end(r);
}

void plan_handovers(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	if (!p->current)
		return;
	sip_heading(r, 2, R_(r, "Planen har lämnats till"), "handovers");
	handover_list(r, p);
	if (p->may_lead && p->state != PLAN_DECLINED)
		handover_form(r, v);
}

void page_plan_handover(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct handover_input in;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, handover_fields, handover_nfields,
	                    &f);
	handover_input_from(&f, &in);
	if (ok && plan_handover_record(&ctx, id, &in, NULL)) {
		resp_redirect(r, sip_plan_url(r, id, "?done=handed_over#handovers"));
		return;
	}
	plan_refail(r, id, "handover", &f);
}
