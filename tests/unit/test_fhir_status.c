/*
 * test_fhir_status.c — the parts of the FHIR export that are tables and
 * arithmetic (src/doc/fhir.c, docs/fhir.md): the CarePlan.status of
 * every plan state, with and without a version in force and for each
 * way of closing; and meeting times in Swedish time with the offset of
 * that day (winter +01:00, summer +02:00, across midnight and the
 * change to summer time).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "doc/fhir_internal.h"

struct status_case {
	enum plan_state state;
	const char *closed_reason;
	bool established;
	const char *status;
};

static const struct status_case statuses[] = {
	{PLAN_NEED_ASSESSED, NULL, false, "draft"},
	{PLAN_CONSENT, NULL, false, "draft"},
	{PLAN_PREPARING, NULL, false, "draft"},
	{PLAN_INVITED, NULL, false, "draft"},
	{PLAN_ACTIVE, NULL, true, "active"},
	{PLAN_FOLLOW_UP, NULL, true, "active"},
	{PLAN_DECLINED, NULL, false, "revoked"},
	{PLAN_CLOSED, "goals_met", true, "completed"},
	{PLAN_CLOSED, "no_longer_needed", true, "completed"},
	{PLAN_CLOSED, "individual_wish", true, "completed"},
	{PLAN_CLOSED, "new_plan", true, "completed"},
	{PLAN_CLOSED, "moved", true, "completed"},
	{PLAN_CLOSED, "deceased", true, "completed"},
	{PLAN_CLOSED, "other", true, "completed"},
	{PLAN_CLOSED, "consent_withdrawn", true, "revoked"},
	{PLAN_CLOSED, "consent_withdrawn", false, "revoked"},
	{PLAN_CLOSED, "individual_wish", false, "revoked"},
};

static void test_care_plan_status(void **state)
{
	(void)state;
	bool seen[PLAN_NSTATES] = {false};
	for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++) {
		const struct status_case *c = &statuses[i];
		const char *got = fhir_care_plan_status(c->state, c->closed_reason,
		                                        c->established);
		if (strcmp(got, c->status) != 0)
			fail_msg("%s (%s, %s): %s, expected %s",
			         plan_state_name(c->state),
			         c->closed_reason ? c->closed_reason : "-",
			         c->established ? "established" : "never in force",
			         got, c->status);
		seen[c->state] = true;
	}
	/* every state has a row */
	for (int s = 0; s < PLAN_NSTATES; s++)
		if (!seen[s])
			fail_msg("no case for %s", plan_state_name((enum plan_state)s));
}

static void test_meeting_times(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	struct arena a;
	arena_init(&a, 1 << 20);
	struct ctx ctx = {.arena = &a};
	struct fhir_build b = {.ctx = &ctx};
	static const struct {
		const char *date, *time;
		int plus;
		const char *want;
	} cases[] = {
		{"2026-12-05", "10:00", 0, "2026-12-05T10:00:00+01:00"},
		{"2026-12-05", "10:00", 45, "2026-12-05T10:45:00+01:00"},
		{"2026-07-01", "23:30", 60, "2026-07-02T00:30:00+02:00"},
		/* summer time began at 02:00 on 29 March 2026 */
		{"2026-03-29", "01:30", 60, "2026-03-29T03:30:00+02:00"},
		{"2026-10-25", "13:00", 90, "2026-10-25T14:30:00+01:00"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = fx_local(&b, cases[i].date, cases[i].time,
		                           cases[i].plus);
		assert_non_null(got);
		assert_string_equal(got, cases[i].want);
	}
	assert_null(fx_local(&b, "2026-02-30", "10:00", 0));
	assert_null(fx_local(&b, "2026-12-05", "25:00", 0));
	assert_null(fx_local(&b, NULL, "10:00", 0));
	assert_null(fx_time(&b, 0));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_care_plan_status),
		cmocka_unit_test(test_meeting_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
