/*
 * test_version_diff.c — plan_version_diff (src/sip/plan_compare.c), the
 * comparison the citizen's "what changed" page and the staff comparison
 * share, on versions built in memory: goals and interventions matched by
 * their text, what counts as changed, and the order of the result. And
 * the plain words of an invitation's reply (citizen_reply_text).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/arena.h"
#include "sip/citizen_read.h"
#include "sip/plan.h"

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena, 1 << 20);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(&arena);
	return 0;
}

static struct ctx ctx_new(void)
{
	return (struct ctx){.arena = &arena, .lang = "sv"};
}

static void test_goals_matched_by_text(void **state)
{
	(void)state;
	struct goal from[] = {
		{.text = "Hantera sin ångest", .kind = "sub"},
		{.text = "Passa tider", .kind = "sub"},
		{.text = "Klara examen", .kind = "sub"},
	};
	struct goal to[] = {
		{.text = "Klara examen", .kind = "overall"}, /* kind changed */
		{.text = "Hantera sin ångest", .kind = "sub"}, /* the same */
		{.text = "Sova bättre", .kind = "sub"},        /* new */
	};
	struct version_diff d = {
		.from = {.goals = from, .ngoals = 3},
		.to = {.goals = to, .ngoals = 3},
	};
	struct ctx ctx = ctx_new();
	plan_version_diff(&ctx, &d);
	assert_int_equal(d.ngoals, 4);
	/* to's order first, then what from had and to has not. */
	assert_int_equal(d.goals[0].change, VERSION_CHANGED);
	assert_ptr_equal(d.goals[0].from, &from[2]);
	assert_int_equal(d.goals[1].change, VERSION_SAME);
	assert_int_equal(d.goals[2].change, VERSION_ADDED);
	assert_null(d.goals[2].from);
	assert_int_equal(d.goals[3].change, VERSION_REMOVED);
	assert_ptr_equal(d.goals[3].from, &from[1]);
	assert_null(d.goals[3].to);
	assert_int_equal(d.added, 1);
	assert_int_equal(d.changed, 1);
	assert_int_equal(d.removed, 1);
}

static void test_interventions_and_their_fields(void **state)
{
	(void)state;
	struct intervention from[] = {
		{.what = "KBT", .responsible_kind = "region_unit",
		 .responsible_unit_id = 1, .frequency = "1 gång/vecka"},
		{.what = "Boendestöd", .responsible_kind = "municipality_unit",
		 .responsible_unit_id = 2, .timing = "Omgående"},
		{.what = "Dagbok", .responsible_kind = "individual"},
	};
	struct intervention to[] = {
		{.what = "KBT", .responsible_kind = "region_unit",
		 .responsible_unit_id = 1, .frequency = "2 gånger/vecka"},
		{.what = "Boendestöd", .responsible_kind = "municipality_unit",
		 .responsible_unit_id = 2, .timing = "Omgående"},
	};
	struct version_diff d = {
		.from = {.interventions = from, .ninterventions = 3},
		.to = {.interventions = to, .ninterventions = 2},
	};
	struct ctx ctx = ctx_new();
	plan_version_diff(&ctx, &d);
	assert_int_equal(d.ninterventions, 3);
	assert_int_equal(d.interventions[0].change, VERSION_CHANGED);
	assert_int_equal(d.interventions[0].nfields, 1);
	assert_string_equal(d.interventions[0].fields[0], "frequency");
	assert_int_equal(d.interventions[1].change, VERSION_SAME);
	assert_int_equal(d.interventions[1].nfields, 0);
	assert_int_equal(d.interventions[2].change, VERSION_REMOVED);
	assert_ptr_equal(d.interventions[2].from, &from[2]);
	assert_int_equal(d.added + d.changed + d.removed, 2);
}

static void test_nothing_changed(void **state)
{
	(void)state;
	struct goal g[] = {{.text = "Mål", .kind = "overall"}};
	struct intervention x[] = {{.what = "Stöd", .responsible_kind = "relative",
	                            .responsible_name = "Elena"}};
	struct version_diff d = {
		.from = {.goals = g, .ngoals = 1, .interventions = x,
		         .ninterventions = 1},
		.to = {.goals = g, .ngoals = 1, .interventions = x,
		       .ninterventions = 1},
	};
	struct ctx ctx = ctx_new();
	plan_version_diff(&ctx, &d);
	assert_int_equal(d.added + d.changed + d.removed, 0);
	assert_int_equal(d.goals[0].change, VERSION_SAME);
	assert_int_equal(d.interventions[0].change, VERSION_SAME);
}

static void test_reply_words(void **state)
{
	(void)state;
	assert_string_equal(citizen_reply_text(NULL, "sv"), "Har inte svarat än");
	assert_string_equal(citizen_reply_text("attend", "sv"),
	                    "Kommer till mötet");
	assert_string_equal(citizen_reply_text("decline", "sv"),
	                    "Kommer inte till mötet");
	assert_string_equal(citizen_reply_text("substitute", "en"),
	                    "Is coming, but another person from the same place");
	assert_string_equal(citizen_reply_text("something else", "sv"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goals_matched_by_text),
		cmocka_unit_test(test_interventions_and_their_fields),
		cmocka_unit_test(test_nothing_changed),
		cmocka_unit_test(test_reply_words),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
