/*
 * test_plan_actions.c — plan_actions() for every state of a plan, for
 * the lead unit and for a unit that does not lead: which actions apply,
 * which one the process waits for, who may take them, and when a step
 * is under way. The plans are built in memory, as plan_get returns them
 * (no database: the rules read only the loaded plan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sip/plan_actions.h"
#include "sip/user.h"

enum { LEAD_UNIT = 10, OTHER_UNIT = 20 };

static struct user_unit lead_units[] = {{.id = LEAD_UNIT, .name = "Ledande"}};
static struct user_unit other_units[] = {{.id = OTHER_UNIT, .name = "Annan"}};
static struct user lead_user = {.id = 1, .units = lead_units, .nunits = 1,
                                .active = true};
static struct user other_user = {.id = 2, .units = other_units, .nunits = 1,
                                 .active = true};

/* A fixed "now": 2026-06-15 12:00 UTC. */
static const int64_t NOW = 1781524800;

struct setup {
	struct plan p;
	struct meeting meeting;
	struct invitation invitation;
	struct consent consent;
	struct ctx ctx;
};

/* A plan in `state`, seen by the lead unit or another one. From
 * preparing on it has a booked SIP meeting (`meeting`: true) with one
 * unanswered invitation to OTHER_UNIT; from consent on a consent in
 * force. */
static void build(struct setup *s, enum plan_state state, bool lead,
                  bool meeting, const char *meeting_date)
{
	memset(s, 0, sizeof *s);
	s->p.id = 1;
	s->p.state = state;
	s->p.lead_unit_id = LEAD_UNIT;
	s->p.may_lead = lead;
	s->p.my_unit_id = lead ? LEAD_UNIT : OTHER_UNIT;
	s->consent.in_force = true;
	if (state != PLAN_NEED_ASSESSED && state != PLAN_DECLINED) {
		s->p.consents = &s->consent;
		s->p.nconsents = 1;
	}
	s->invitation = (struct invitation){.id = 5, .unit_id = OTHER_UNIT,
	                                    .unit_name = "Annan"};
	s->meeting = (struct meeting){
		.id = 3,
		.kind = state >= PLAN_ACTIVE ? "follow_up" : "sip",
		.date = meeting_date,
		.invitations = &s->invitation,
		.ninvitations = 1,
	};
	if (meeting) {
		s->p.meetings = &s->meeting;
		s->p.nmeetings = 1;
	}
	s->ctx = (struct ctx){.actor = ACTOR_STAFF,
	                      .user = lead ? &lead_user : &other_user,
	                      .lang = "sv",
	                      .now = NOW};
}

/* The names of the actions, space separated, in the table's order. */
static const char *names(const struct plan_action *a, int n, char *buf,
                         size_t size)
{
	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strncat(buf, " ", size - strlen(buf) - 1);
		strncat(buf, a[i].name, size - strlen(buf) - 1);
	}
	return buf;
}

static const char *permitted(const struct plan_action *a, int n, char *buf,
                             size_t size)
{
	struct plan_action only[PLAN_ACTIONS_MAX];
	int k = 0;
	for (int i = 0; i < n; i++)
		if (a[i].permitted)
			only[k++] = a[i];
	return names(only, k, buf, size);
}

static const struct expect {
	enum plan_state state;
	bool meeting;
	const char *applies;  /* every action that applies */
	const char *next;     /* plan_action_next, or NULL */
	const char *invited;  /* what OTHER_UNIT (not lead, invited) may do */
} cases[] = {
	{PLAN_NEED_ASSESSED, false, "record_consent decline", "record_consent",
	 ""},
	{PLAN_DECLINED, false, "", NULL, ""},
	{PLAN_CONSENT, false, "record_consent prepare withdraw_consent close",
	 "prepare", ""},
	{PLAN_PREPARING, false,
	 "record_consent prepare book_meeting withdraw_consent close",
	 "book_meeting", ""},
	{PLAN_PREPARING, true,
	 "record_consent prepare send_invitations reply cancel_meeting "
	 "reschedule_meeting withdraw_consent close",
	 "send_invitations", "reply"},
	{PLAN_INVITED, true,
	 "record_consent prepare send_invitations reply cancel_meeting "
	 "reschedule_meeting establish withdraw_consent close",
	 "establish", "reply"},
	{PLAN_INVITED, false,
	 "record_consent prepare book_meeting withdraw_consent close",
	 "book_meeting", ""},
	{PLAN_ACTIVE, false,
	 "record_consent book_meeting start_follow_up withdraw_consent close",
	 "start_follow_up", ""},
	{PLAN_ACTIVE, true,
	 "record_consent send_invitations reply cancel_meeting "
	 "reschedule_meeting start_follow_up withdraw_consent close",
	 "start_follow_up", "reply"},
	{PLAN_FOLLOW_UP, false,
	 "record_consent book_meeting record_follow_up revise withdraw_consent "
	 "close",
	 "revise", "record_follow_up"},
	{PLAN_CLOSED, false, "", NULL, ""},
};

/* Every state, lead and not lead: the lead unit may take every action
 * that applies but "reply" (its own unit is not invited); another unit
 * may take only "reply", to its own invitation. */
static void test_every_state(void **state)
{
	(void)state;
	char got[512], want[512];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const struct expect *e = &cases[i];
		for (int lead = 0; lead < 2; lead++) {
			struct setup s;
			struct plan_action a[PLAN_ACTIONS_MAX];
			build(&s, e->state, lead, e->meeting, "2026-07-01");
			int n = plan_actions(&s.ctx, &s.p, a);
			assert_string_equal(names(a, n, got, sizeof got), e->applies);
			const struct plan_action *next = plan_action_next(a, n);
			if (e->next)
				assert_string_equal(next ? next->name : "(none)", e->next);
			else
				assert_null(next);
			if (lead) {
				/* All but reply. */
				snprintf(want, sizeof want, "%s", e->applies);
				char *r = strstr(want, "reply ");
				if (r)
					memmove(r, r + 6, strlen(r + 6) + 1);
				assert_string_equal(permitted(a, n, got, sizeof got), want);
			} else {
				assert_string_equal(permitted(a, n, got, sizeof got),
				                    e->invited);
			}
		}
	}
}

/* While a proposed version waits for the individual's approval, the
 * process waits for the approval, and no second revision is offered; a
 * version in force can be handed over, by the lead unit. */
static void test_proposal(void **state)
{
	(void)state;
	struct setup s;
	struct plan_version in_force = {.version_no = 1};
	struct plan_version proposal = {.version_no = 2};
	struct plan_action a[PLAN_ACTIONS_MAX];
	build(&s, PLAN_FOLLOW_UP, true, false, "2026-07-01");
	s.p.current = &in_force;
	s.p.proposed = &proposal;
	int n = plan_actions(&s.ctx, &s.p, a);
	assert_null(plan_action_find(a, n, "revise"));
	const struct plan_action *next = plan_action_next(a, n);
	assert_non_null(next);
	assert_string_equal(next->name, "approve");
	assert_true(plan_action_permitted(&s.ctx, &s.p, "hand_over"));
	build(&s, PLAN_FOLLOW_UP, false, false, "2026-07-01");
	s.p.current = &in_force;
	s.p.proposed = &proposal;
	assert_false(plan_action_permitted(&s.ctx, &s.p, "approve"));
	assert_false(plan_action_permitted(&s.ctx, &s.p, "hand_over"));
	assert_true(plan_action_permitted(&s.ctx, &s.p, "record_follow_up"));
}

/* Once the invited unit has answered, nobody is asked to reply. */
static void test_reply_answered(void **state)
{
	(void)state;
	struct setup s;
	build(&s, PLAN_INVITED, false, true, "2026-07-01");
	assert_true(plan_action_permitted(&s.ctx, &s.p, "reply"));
	s.invitation.reply = "attend";
	assert_false(plan_action_permitted(&s.ctx, &s.p, "reply"));
	struct plan_action a[PLAN_ACTIONS_MAX];
	int n = plan_actions(&s.ctx, &s.p, a);
	assert_null(plan_action_find(a, n, "reply"));
}

/* The step indicator's "under way": establishing is under way on the
 * meeting's day (not before it), the follow-up once it is started;
 * nothing else is. */
static void test_begun(void **state)
{
	(void)state;
	struct setup s;
	struct plan_action a[PLAN_ACTIONS_MAX];
	build(&s, PLAN_INVITED, true, true, "2026-07-01");
	int n = plan_actions(&s.ctx, &s.p, a);
	for (int i = 0; i < n; i++)
		assert_false(a[i].begun);
	build(&s, PLAN_INVITED, true, true, "2026-06-15");
	n = plan_actions(&s.ctx, &s.p, a);
	assert_true(plan_action_find(a, n, "establish")->begun);
	build(&s, PLAN_ACTIVE, true, false, NULL);
	n = plan_actions(&s.ctx, &s.p, a);
	assert_false(plan_action_find(a, n, "start_follow_up")->begun);
	build(&s, PLAN_FOLLOW_UP, true, false, NULL);
	n = plan_actions(&s.ctx, &s.p, a);
	assert_true(plan_action_find(a, n, "revise")->begun);
	assert_int_equal(plan_action_find(a, n, "revise")->step, 5);
}

/* A withdrawn consent offers no withdrawal; a cancelled meeting is no
 * meeting to invite to. */
static void test_consent_and_cancelled_meeting(void **state)
{
	(void)state;
	struct setup s;
	build(&s, PLAN_INVITED, true, true, "2026-07-01");
	s.consent.in_force = false;
	s.meeting.cancelled_at = NOW - 60;
	assert_false(plan_action_permitted(&s.ctx, &s.p, "withdraw_consent"));
	assert_false(plan_action_permitted(&s.ctx, &s.p, "send_invitations"));
	assert_false(plan_action_permitted(&s.ctx, &s.p, "establish"));
	assert_true(plan_action_permitted(&s.ctx, &s.p, "book_meeting"));
}

/* Another actor than a staff user (the console) is never an invited
 * unit. */
static void test_console_does_not_reply(void **state)
{
	(void)state;
	struct setup s;
	build(&s, PLAN_INVITED, false, true, "2026-07-01");
	s.ctx.actor = ACTOR_CONSOLE;
	assert_false(plan_action_permitted(&s.ctx, &s.p, "reply"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_state),
		cmocka_unit_test(test_reply_answered),
		cmocka_unit_test(test_proposal),
		cmocka_unit_test(test_begun),
		cmocka_unit_test(test_consent_and_cancelled_meeting),
		cmocka_unit_test(test_console_does_not_reply),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
