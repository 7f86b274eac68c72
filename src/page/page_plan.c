/*
 * page_plan.c — the plan page: one SIP process as the people taking part
 * see it.
 *
 * Top to bottom: who the plan is about (with the protected-identity
 * flag), where the process stands and how long the individual has
 * waited, the seven steps with the current one marked; the established
 * plan as Ludvika's template lays it out (page_plan_document.c); what
 * the lead unit can do next (page_plan_forms.c); the record of what has
 * been done — need, consents, preparation, meetings with every reply or
 * the lack of one (page_plan_record.c); earlier versions; the history of
 * every step (the latest PLAN_PAGE_HISTORY, and a link to the whole).
 *
 * Every step's form posts to its own route (page_plan_steps.c). A
 * refused step comes back here through plan_refail: the same page, the
 * posted form open with what was typed, errors next to its fields and
 * summarised at the top.
 */
#include <string.h>

#include "form/follow_up_forms.h"
#include "form/forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_refill.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/plan_actions.h"
#include "sip/closing.h"
#include "sip/plan.h"
#include "sip/user.h"

/* How many of a plan's history events the page shows unless asked for
 * all (?history=all): a plan followed up for years gathers many. */
enum { PLAN_PAGE_HISTORY = 50 };

/* ---- the head of the page ---- */

static bool waiting(enum plan_state s)
{
	return s == PLAN_NEED_ASSESSED || s == PLAN_CONSENT ||
	       s == PLAN_PREPARING || s == PLAN_INVITED;
}

static void state_fact(struct request *r, const struct plan *p)
{
	html_raw(r, "<dt>");
	html_text(r, R_(r, "Läge"));
	html_raw(r, "</dt><dd>");
	sip_state_badge(r, p->state);
	if (p->state == PLAN_CLOSED && p->closed_reason) {
		html_raw(r, " ");
		html_text(r, closed_reason_label(p->closed_reason, r->lang));
		html_raw(r, " (");
		html_text(r, ui_date(r, p->closed_at));
		html_raw(r, ")");
	}
	html_raw(r, "</dd>");
}

static void head_facts(struct request *r, const struct plan *p)
{
	html_raw(r, "<dl class=\"facts\">");
	state_fact(r, p);
	if (p->state == PLAN_DECLINED) {
		sip_fact(r, R_(r, "Varför SIP inte erbjuds"),
		         declined_cause_label(p->declined_cause, r->lang));
		sip_fact(r, R_(r, "Skäl till att SIP inte erbjuds"),
		         p->declined_reason);
	}
	if (p->state == PLAN_CLOSED && p->closed_note)
		sip_fact(r, R_(r, "Om avslutet"), p->closed_note);
	if (p->state == PLAN_CLOSED && p->closed_participation)
		sip_fact(r, R_(r, "Den enskildes del i avslutet"),
		         closing_participation_label(p->closed_participation,
		                                     r->lang));
	sip_fact(r, R_(r, "Nästa steg"), plan_state_next_step(p->state, r->lang));
	sip_fact(r, R_(r, "Leds av"), p->lead_unit_name);
	if (p->current)
		sip_fact(r, R_(r, "Huvudansvarig"),
		         arena_printf(&r->arena, "%s, %s",
		                      p->current->coordinator_name,
		                      p->current->coordinator_unit_name));
	if (p->current && p->current->coordinator_fast_care_contact)
		sip_fact(r, R_(r, "Fast vårdkontakt"), p->current->coordinator_name);
	if (waiting(p->state))
		sip_fact(r, R_(r, "Väntat sedan behovet bedömdes"),
		         arena_printf(&r->arena,
		                      trn(r->lang, "%d dag (sedan %s)",
		                          "%d dagar (sedan %s)", p->days_waiting),
		                      p->days_waiting,
		                      ui_date(r, p->need_assessed_at)));
	if (p->next_follow_up_date && plan_state_open(p->state))
		sip_fact(r, R_(r, "Planerad uppföljning"), p->next_follow_up_date);
	/* Withheld (health): said in the need's section, not here. */
	if (p->is_discharge)
		sip_fact(r, R_(r, "SIP vid utskrivning"),
		         p->hospital_episode ? p->hospital_episode : R_(r, "Ja"));
	html_raw(r, "</dl>");
}

/* ---- the seven steps ---- */

static const char *const step_names[7] = {
	N_("Bedöm behov"), N_("Samtycke"),     N_("Förbered"), N_("Kalla"),
	N_("Upprätta SIP"), N_("Följ upp"),     N_("Avsluta"),
};

static bool has_event(const struct plan *p, const char *action)
{
	for (int i = 0; i < p->nevents; i++)
		if (p->events[i].action && strcmp(p->events[i].action, action) == 0)
			return true;
	return false;
}

static bool step_done(const struct plan *p, int step)
{
	switch (step) {
	case 0: return true;
	case 1: return p->nconsents > 0;
	case 2: return p->preparation != NULL;
	case 3: return has_event(p, "invite");
	case 4: return p->nversions > 0;
	case 5: return has_event(p, "revise");
	case 6: return !plan_state_open(p->state);
	}
	return false;
}

/* The step the process waits for is the domain's (plan_action_next):
 * "pågår" only when it is under way (the follow-up started, the
 * meeting's day), else "nästa"; -1 when the plan is finished. */
static void steps(struct request *r, const struct plan *p)
{
	struct ctx ctx = page_ctx(r);
	struct plan_action a[PLAN_ACTIONS_MAX];
	int na = plan_actions(&ctx, p, a);
	const struct plan_action *next = plan_action_next(a, na);
	int now = next ? next->step : -1;
	bool begun = next && next->begun;
	html_raw(r, "<nav class=\"steps\" aria-labelledby=\"steps-title\">"
	            "<h2 id=\"steps-title\" class=\"visually-hidden\">");
	html_text(r, R_(r, "SIP-processens steg"));
	html_raw(r, "</h2><ol>");
	for (int i = 0; i < 7; i++) {
		bool done = step_done(p, i) && i != now;
		html_raw(r, i == now ? "<li class=\"current\" aria-current=\"step\">"
		            : done   ? "<li class=\"done\">"
		                     : "<li>");
		html_raw(r, "<span class=\"step-name\">");
		html_text(r, R_(r, step_names[i]));
		html_raw(r, "</span> <span class=\"step-status\">");
		html_text(r, i == now ? (begun ? R_(r, "pågår") : R_(r, "nästa"))
		             : done   ? R_(r, "klart")
		                      : "");
		html_raw(r, "</span></li>");
	}
	html_raw(r, "</ol></nav>");
}

/* ---- versions and history ---- */

static void versions(struct request *r, const struct plan *p)
{
	if (p->nversions < 2)
		return;
	sip_heading(r, 2, R_(r, "Planens versioner"), NULL);
	html_raw(r, "<ul class=\"link-list\">");
	for (int i = 0; i < p->nversions; i++) {
		const struct plan_version_ref *x = &p->versions[i];
		html_raw(r, "<li><a href=\"");
		html_attr(r, sip_plan_url(r, p->id,
		                          arena_printf(&r->arena, "/versions/%d",
		                                       x->version_no)));
		html_raw(r, "\">");
		html_textf(r, R_(r, "Version %d, upprättad %s"), x->version_no,
		           ui_date(r, x->established_at));
		html_raw(r, "</a>");
		if (p->current && p->current->id == x->id) {
			html_raw(r, " ");
			ui_badge(r, NULL, R_(r, "gällande"));
		}
		if (!x->approved) {
			html_raw(r, " ");
			ui_badge(r, "missing", R_(r, "Förslag – väntar på godkännande"));
		}
		html_raw(r, "</li>");
	}
	html_raw(r, "</ul>");
	plan_compare_form(r, p, 0, 0);
}

static const struct ui_option event_labels[] = {
	{"create", N_("Behov av samordning dokumenterat")},
	{"decline", N_("SIP erbjuds inte")},
	{"consent", N_("Samtycke dokumenterat")},
	{"consent_added", N_("Nytt samtycke dokumenterat")},
	{"consent_withdrawn", N_("Samtycket återkallat")},
	{"prepare", N_("Mötet förberett med den enskilde")},
	{"preparation_revised", N_("Förberedelsen ändrad")},
	{"meeting_planned", N_("Möte bokat")},
	{"meeting_cancelled", N_("Möte inställt")},
	{"meeting_rescheduled", N_("Möte flyttat")},
	{"invite", N_("Kallelser skickade")},
	{"invitations_added", N_("Fler kallade")},
	{"invitation_reply", N_("Svar på kallelse")},
	{"invitation_reply_by_hand", N_("Svar registrerat för part utanför "
	                                "samplan")},
	{"invitation_reminded", N_("Påminnelse om kallelse skickad")},
	{"establish", N_("Planen upprättad")},
	{"revise", N_("Planen reviderad")},
	{"follow_up", N_("Uppföljning startad")},
	{"follow_up_recorded", N_("Uppföljningens resultat registrerade")},
	{"follow_up_concluded", N_("Uppföljningen avslutad")},
	{"approve", N_("Den reviderade planen godkänd")},
	{"handover", N_("Planen lämnad ut")},
	{"close", N_("Planen avslutad")},
	{"closing_note", N_("Huvudmannens avslut dokumenterat")},
	/* h/cown: what the individual did at /citizen */
	{"own_part_write", N_("Den enskilde skrev i sin egen del")},
	{"proposal_rejected", N_("Den enskilde sa nej till förslaget")},
	{NULL, NULL},
};

static const char *event_label(struct request *r, const char *action)
{
	for (const struct ui_option *o = event_labels; o->value; o++)
		if (action && strcmp(action, o->value) == 0)
			return R_(r, o->label);
	return action;
}

/* Details worth showing are the ones people wrote (reasons, notes);
 * the rest are references for the machine. */
static bool event_detail_shown(const char *action)
{
	return action && (strcmp(action, "decline") == 0 ||
	                  strcmp(action, "close") == 0 ||
	                  strcmp(action, "consent_withdrawn") == 0 ||
	                  strcmp(action, "follow_up") == 0);
}

static const char *state_text(struct request *r, const char *name)
{
	enum plan_state s;
	return plan_state_parse(name, &s) ? plan_state_label(s, r->lang) : NULL;
}

static void event_row(struct request *r, const struct plan_event *e)
{
	html_raw(r, "<tr><td class=\"num\">");
	html_text(r, ui_datetime(r, e->at));
	html_raw(r, "</td><td>");
	html_text(r, e->user_name ? e->user_name : "–");
	html_raw(r, "</td><td>");
	html_text(r, e->unit_name ? e->unit_name : "–");
	html_raw(r, "</td><td>");
	html_text(r, event_label(r, e->action));
	if (event_detail_shown(e->action) && e->detail) {
		html_raw(r, "<br><span class=\"muted text\">");
		html_text(r, e->detail);
		html_raw(r, "</span>");
	}
	html_raw(r, "</td><td>");
	const char *from = state_text(r, e->from_state);
	const char *to = state_text(r, e->to_state);
	if (to)
		html_textf(r, "%s → %s", from ? from : "–", to);
	else
		html_text(r, "–");
	html_raw(r, "</td></tr>");
}

static void history(struct request *r, const struct plan *p)
{
	static const char *const cols[] = {
		N_("Tid"), N_("Vem"), N_("Enhet"), N_("Vad"), N_("Läge från → till"),
	};
	sip_heading(r, 2, R_(r, "Historik"), "history");
	if (p->nevents < p->nevents_total) {
		html_raw(r, "<p>");
		html_textf(r, R_(r, "De senaste %d av %d händelser visas. "),
		           p->nevents, p->nevents_total);
		html_raw(r, "<a href=\"");
		html_attr(r, sip_plan_url(r, p->id, "?history=all#history"));
		html_raw(r, "\">");
		html_text(r, R_(r, "Visa hela historiken"));
		html_raw(r, "</a></p>");
	}
	sip_table_begin(r, "history", "history");
	html_raw(r, "<thead><tr>");
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
		html_raw(r, "<th scope=\"col\">");
		html_text(r, R_(r, cols[i]));
		html_raw(r, "</th>");
	}
	html_raw(r, "</tr></thead><tbody>");
	for (int i = 0; i < p->nevents; i++)
		event_row(r, &p->events[i]);
	html_raw(r, "</tbody></table></div>");
}

/* ---- the page ---- */

void plan_page(struct request *r, const struct plan_view *v)
{
	const struct plan *p = v->p;
	const char *name = sip_person_name(r, &p->person);
	layout_begin_bare(r, arena_printf(&r->arena, R_(r, "SIP för %s"), name),
	                  NAV_WORK);
	html_raw(r, "<h1>");
	html_textf(r, R_(r, "SIP för %s"), name);
	html_raw(r, "</h1>");
	sip_person_line(r, &p->person);
	page_flash(r);
	const char *was = ui_id_scope(v->scope);
	ui_error_summary(r, &r->problem, plan_field_labels);
	ui_id_scope(was);
	head_facts(r, p);
	steps(r, p);
	if (p->current_doc)
		plan_document(r, p, p->current_doc, 2, false);
	plan_own_part(r, p);
	plan_proposal_rejections(r, p, 2);
	plan_follow_ups(r, v);
	plan_next_step(r, v);
	plan_closing_section(r, v);
	plan_deviation_section(r, v);
	plan_record(r, v);
	plan_handovers(r, v);
	page_plan_citizen_letter_section(r, p);
	versions(r, p);
	history(r, p);
	if (!p->person.record_hidden) { /* else the record is not the caller's */
		html_raw(r, "<p><a href=\"");
		html_attr(r, sip_person_url(r, p->person.id, ""));
		html_raw(r, "\">");
		html_textf(r, R_(r, "Till %s"), name);
		html_raw(r, "</a></p>");
	}
	layout_end(r);
}

/* The field table of each of the plan page's forms, by scope: what a
 * refused form is read with again on the GET after its redirect. */
static const struct {
	const char *scope; /* a scope, or a prefix ending in '-' */
	const struct field *fields;
	const size_t *nfields;
} scoped_forms[] = {
	{"decline", decline_fields, &decline_nfields},
	{"close", close_fields, &close_nfields},
	{"closing_note", closing_note_fields, &closing_note_nfields},
	{"follow_up", follow_up_start_fields, &follow_up_start_nfields},
	{"handover", handover_fields, &handover_nfields},
	{"cancel-", reason_fields, &reason_nfields},
	{"move-", meeting_reschedule_fields, &meeting_reschedule_nfields},
	{"consent", consent_fields, &consent_nfields},
	{"preparation", preparation_fields, &preparation_nfields},
	{"meeting", meeting_fields, &meeting_nfields},
	{"invitations", plan_invitation_fields, &plan_invitation_nfields},
	{"reply-", reply_fields, &reply_nfields},
};

/* The refused form's values, as its POST read them; false for a scope
 * the page does not know. */
static bool posted_form(struct request *r, struct form *f, const char **scope)
{
	const char *s = page_refill_scope(r);
	for (size_t i = 0; s && i < sizeof scoped_forms / sizeof *scoped_forms;
	     i++) {
		const char *k = scoped_forms[i].scope;
		size_t n = strlen(k);
		bool prefix = k[n - 1] == '-';
		if (prefix ? strncmp(s, k, n) != 0 : strcmp(s, k) != 0)
			continue;
		struct problem again = {0};
		form_read(r, &again, scoped_forms[i].fields, *scoped_forms[i].nfields,
		          f);
		*scope = s;
		return true;
	}
	return false;
}

void page_plan(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct plan p;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	const char *all = req_query(r, "history");
	int shown = all && strcmp(all, "all") == 0 ? 0 : PLAN_PAGE_HISTORY;
	if (!plan_get_recent(&ctx, id, shown, &p)) {
		page_problem(r, &r->problem);
		return;
	}
	struct plan_view v = {.p = &p};
	struct form posted;
	if (page_refill_restore(r) && posted_form(r, &posted, &v.scope))
		v.form = &posted;
	plan_page(r, &v);
}

void plan_refail(struct request *r, int64_t plan_id, const char *scope,
                 const struct form *f)
{
	if (sip_refused(r))
		return;
	if (page_refill_redirect_scoped(r, sip_plan_url(r, plan_id, ""), scope))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	struct plan p;
	ctx.problem = &scratch;
	if (!plan_get_recent(&ctx, plan_id, PLAN_PAGE_HISTORY, &p)) {
		page_problem(r, &scratch);
		return;
	}
	r->problem = kept;
	struct plan_view v = {.p = &p, .scope = scope, .form = f};
	plan_page(r, &v);
	r->status = status;
}
