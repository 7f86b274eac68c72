/*
 * page_invitation.c — an invitation to a SIP meeting as the invited
 * unit sees it, and the reply: we will attend, we cannot but send a
 * named substitute who knows the case, or we decline with a reason —
 * and the interventions the unit already gives, documented before the
 * meeting.
 *
 * Access first: the invitation only names its plan; the plan is loaded
 * with plan_get, which refuses (404) a user whose units take no part.
 * The invitation's data is then taken from that plan. Replies for
 * parties outside samplan are registered on the plan page; their
 * refusals go back there.
 */
#include <string.h>

#include "form/forms.h"
#include "http/html.h"
#include "page/layout.h"
#include "page/page_refill.h"
#include "page/page_sip.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/plan.h"
#include "sip/reminder.h"
#include "sip/user.h"

static const struct ui_option labels[] = {
	{"reply", N_("Svar")},
	{"attendee_name", N_("Vem kommer")},
	{"substitute_name", N_("Ersättare")},
	{"substitute_user_id", N_("Ersättare")},
	{"decline_reason", N_("Varför ni inte kan delta")},
	{"ongoing_interventions", N_("Pågående insatser")},
	{"invitation_id", N_("Kallelse")},
	{NULL, NULL},
};

struct found {
	struct plan plan;
	const struct meeting *meeting;
	const struct invitation *inv;
};

/* The invitation, through its plan (the access check). */
static bool load(struct request *r, int64_t id, struct found *x)
{
	struct ctx ctx = page_ctx(r);
	struct invitation raw;
	int64_t plan_id;
	if (!invitation_load(&ctx, id, &raw, &plan_id) ||
	    !plan_get(&ctx, plan_id, &x->plan))
		return false;
	for (int m = 0; m < x->plan.nmeetings; m++)
		for (int i = 0; i < x->plan.meetings[m].ninvitations; i++)
			if (x->plan.meetings[m].invitations[i].id == id) {
				x->meeting = &x->plan.meetings[m];
				x->inv = &x->plan.meetings[m].invitations[i];
				return true;
			}
	return ctx_not_found(&ctx);
}

static void meeting_facts(struct request *r, const struct found *x)
{
	const struct meeting *m = x->meeting;
	if (m->cancelled_at) {
		html_raw(r, "<p class=\"notice\"><strong>");
		html_text(r, R_(r, "Mötet är inställt."));
		html_raw(r, "</strong> ");
		html_text(r, m->cancel_reason);
		html_raw(r, "</p>");
	}
	html_raw(r, "<dl class=\"facts\">");
	sip_fact(r, R_(r, "Person"), sip_person_name(r, &x->plan.person));
	sip_fact(r, R_(r, "Datum och tid"),
	         arena_printf(&r->arena, R_(r, "%s kl. %s, %d minuter"), m->date,
	                      m->start_time, m->duration_minutes));
	sip_fact(r, R_(r, "Plats"), m->place);
	if (m->video_link) {
		html_raw(r, "<dt>");
		html_text(r, R_(r, "Digitalt möte"));
		html_raw(r, "</dt><dd><a href=\"");
		html_attr(r, m->video_link);
		html_raw(r, "\">");
		html_text(r, m->video_link);
		html_raw(r, "</a></dd>");
	}
	sip_fact(r, R_(r, "Syfte"), m->purpose);
	sip_fact(r, R_(r, "Kallad av"), x->plan.lead_unit_name);
	sip_fact(r, R_(r, "Kallad enhet"), x->inv->unit_name);
	html_raw(r, "<dt>");
	html_text(r, R_(r, "Ert svar"));
	html_raw(r, "</dt><dd>");
	if (!x->inv->reply && m->cancelled_at)
		html_text(r, R_(r, "Behövs inte, mötet är inställt"));
	else
		ui_badge(r, x->inv->reply ? "answered" : "missing",
		         plan_reply_label(r, x->inv->reply));
	if (x->inv->replied_at) {
		html_raw(r, " ");
		html_textf(r, R_(r, "%s av %s"), ui_date(r, x->inv->replied_at),
		           x->inv->replied_by_name ? x->inv->replied_by_name : "–");
	}
	html_raw(r, "</dd></dl>");
}

static bool may_reply(struct request *r, const struct found *x)
{
	enum plan_state s = x->plan.state;
	return meeting_upcoming(x->meeting) && x->inv->unit_id &&
	       user_in_unit(r->user, x->inv->unit_id) &&
	       (s == PLAN_PREPARING || s == PLAN_INVITED || s == PLAN_ACTIVE ||
	        s == PLAN_FOLLOW_UP);
}

/* The substitute is chosen among the invited unit's professionals,
 * the caller excepted (seed 002: "ersättare ... inom den egna
 * verksamheten"); the domain checks the same. */
static void substitute_field(struct request *r, const struct invitation *inv,
                             const struct form *f)
{
	struct ctx ctx = page_ctx(r);
	struct problem scratch = {0};
	struct user *users = NULL;
	int n = 0;
	ctx.problem = &scratch;
	user_list_in_units(&ctx, &inv->unit_id, 1, &users, &n);
	struct ui_option *o = arena_array(&r->arena, struct ui_option,
	                                  (size_t)n + 1);
	int k = 0;
	for (int i = 0; i < n; i++)
		if (users[i].active && users[i].id != r->user->id)
			o[k++] = (struct ui_option){
				sip_id(r, users[i].id),
				users[i].title ? arena_printf(&r->arena, "%s, %s",
				                              users[i].full_name,
				                              users[i].title)
				               : users[i].full_name};
	ui_select(r, "substitute_user_id",
	          arena_printf(&r->arena, R_(r, "Ersättare från %s"),
	                       inv->unit_name),
	          o, k,
	          sip_value(r, f, "substitute_user_id",
	                    inv->substitute_user_id
	                            ? sip_id(r, inv->substitute_user_id)
	                            : NULL),
	          R_(r, "Välj vid förhinder"), 0);
}

static void reply_form(struct request *r, const struct found *x,
                       const struct form *f)
{
	const struct invitation *inv = x->inv;
	struct ui_option o[] = {
		{"attend", R_(r, "Vi kommer")},
		{"substitute", R_(r, "Jag kan inte, men en ersättare från enheten "
		                     "som känner till ärendet kommer")},
		{"decline", R_(r, "Vi kan inte delta")},
	};
	html_raw(r, "<h2>");
	html_text(r, inv->reply ? R_(r, "Ändra svaret") : R_(r, "Svara"));
	html_raw(r, "</h2>");
	ui_form_begin(r, arena_printf(&r->arena, "/invitations/%lld/reply",
	                              (long long)inv->id));
	ui_radio_group(r, "reply", R_(r, "Svar (obligatoriskt)"), o, 3,
	               sip_value(r, f, "reply", inv->reply), NULL);
	ui_input(r, "attendee_name", R_(r, "Vem kommer"),
	         sip_value(r, f, "attendee_name",
	                   inv->attendee_name ? inv->attendee_name
	                                      : r->user->full_name),
	         NULL, 0, "off");
	substitute_field(r, inv, f);
	ui_textarea(r, "decline_reason", R_(r, "Varför ni inte kan delta"),
	            sip_value(r, f, "decline_reason", inv->decline_reason),
	            R_(r, "Obligatoriskt när ni inte kan delta."), 0, 3);
	ui_textarea(r, "ongoing_interventions", R_(r, "Pågående insatser"),
	            sip_value(r, f, "ongoing_interventions",
	                      inv->ongoing_interventions),
	            R_(r, "De insatser er enhet redan ger den enskilde. "
	                  "Obligatoriskt när ni deltar; skriv ”Inga” om ni inte "
	                  "har några."),
	            0, 4);
	ui_submit(r, R_(r, "Skicka svaret"));
	ui_form_end(r);
}

static void invitation_page(struct request *r, const struct found *x,
                            const struct form *f)
{
	const char *name = sip_person_name(r, &x->plan.person);
	layout_begin_bare(r, R_(r, "Kallelse till SIP-möte"), NAV_WORK);
	html_raw(r, "<h1>");
	html_textf(r, R_(r, "Kallelse till SIP-möte för %s"), name);
	html_raw(r, "</h1>");
	sip_person_line(r, &x->plan.person);
	page_flash(r);
	ui_error_summary(r, &r->problem, labels);
	meeting_facts(r, x);
	if (may_reply(r, x))
		reply_form(r, x, f);
	else if (meeting_upcoming(x->meeting) &&
	         plan_state_open(x->plan.state)) {
		html_raw(r, "<p>");
		html_text(r, x->inv->unit_id
		                     ? R_(r, "Bara den kallade enheten kan svara.")
		                     : R_(r, "Svar från parter utanför samplan "
		                             "registreras på planens sida."));
		html_raw(r, "</p>");
	}
	html_raw(r, "<p><a href=\"");
	html_attr(r, sip_plan_url(r, x->plan.id, ""));
	html_raw(r, "\">");
	html_text(r, R_(r, "Till planen"));
	html_raw(r, "</a></p>");
	layout_end(r);
}

void page_invitation(struct request *r)
{
	struct found x;
	int64_t id;
	if (!req_path_id(r, "id", &id)) {
		struct ctx ctx = page_ctx(r);
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!load(r, id, &x)) {
		page_problem(r, &r->problem);
		return;
	}
	/* After a refused reply (Post/Redirect/Get): what was typed, and
	 * its errors, once. */
	struct form posted;
	const struct form *f = NULL;
	if (page_refill_restore(r)) {
		struct problem again = {0};
		form_read(r, &again, reply_fields, reply_nfields, &posted);
		f = &posted;
	}
	invitation_page(r, &x, f);
}

/* After a refused reply: the page the form was on. */
static void reply_refail(struct request *r, int64_t id, const struct form *f)
{
	if (sip_refused(r))
		return;
	int status = problem_http_status(r->problem.kind);
	struct problem kept = r->problem;
	struct found x;
	r->problem = (struct problem){0};
	if (!load(r, id, &x)) {
		page_problem(r, &r->problem);
		return;
	}
	r->problem = kept;
	if (!x.inv->unit_id) {
		plan_refail(r, x.plan.id, arena_printf(&r->arena, "reply-%lld",
		                                       (long long)id), f);
		return;
	}
	if (page_refill_redirect(r, arena_printf(&r->arena, "/invitations/%lld",
	                                         (long long)id)))
		return;
	invitation_page(r, &x, f);
	r->status = status;
}

void page_invitation_reply(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	struct reply_input in;
	int64_t id, plan_id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	bool ok = form_read(r, &r->problem, reply_fields, reply_nfields, &f);
	reply_input_from(&f, &in);
	if (!ok || !invitation_reply(&ctx, id, &in, &plan_id)) {
		reply_refail(r, id, &f);
		return;
	}
	struct invitation inv;
	int64_t again;
	if (invitation_load(&ctx, id, &inv, &again) && !inv.unit_id)
		resp_redirect(r, sip_plan_url(r, plan_id, "?done=reply_registered"));
	else
		resp_redirect(r, arena_printf(&r->arena,
		                              "/invitations/%lld?done=replied",
		                              (long long)id));
}

/* "Påminn" on the work list (or the plan): the lead unit reminds an
 * invited unit by mail. Back where the button was, with a confirmation;
 * a refusal (answered meantime, no mailbox) is a page saying why. */
void page_invitation_remind(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	struct form f;
	int64_t id, plan_id;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		page_problem(r, &r->problem);
		return;
	}
	if (!form_read(r, &r->problem, remind_fields, remind_nfields, &f) ||
	    !invitation_remind(&ctx, id, &plan_id)) {
		page_problem(r, &r->problem);
		return;
	}
	const char *back = form_text(&f, "back");
	if (back && !strcmp(back, "plan"))
		resp_redirect(r, sip_plan_url(r, plan_id, "?done=reminded"));
	else
		resp_redirect(r, "/?done=reminded");
}
