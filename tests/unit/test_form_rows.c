/*
 * test_form_rows.c — src/form/rows.c: the nested lists of a plan read by
 * name from an HTML form and from a JSON body alike, the door's errors
 * under each row's own name, and the domain's lists built from them
 * (blank rows skipped for a page, every row kept for the API, the row
 * each entry came from, "who" split into kind and unit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "form/rows.h"
#include "http/input.h"

struct fixture {
	struct request r;
	struct problem p;
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	arena_init(&x->r.arena, 64 << 20);
	buf_init(&x->r.body, LIMIT_FORM_BODY);
	x->r.lang = "sv";
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	input_release(&x->r);
	buf_free(&x->r.body);
	arena_free(&x->r.arena);
	free(x);
	return 0;
}

#define FORM "application/x-www-form-urlencoded"
#define JSON "application/json"

static struct fixture *parse(void **state, const char *ct, const char *body)
{
	struct fixture *x = *state;
	input_release(&x->r);
	x->r.input = NULL;
	memset(&x->p, 0, sizeof x->p);
	buf_reset(&x->r.body);
	assert_true(buf_append(&x->r.body, body, strlen(body)));
	assert_true(input_parse_body(&x->r, ct, &x->p));
	return x;
}

/* Rows are found by name, in any order, as many as the highest index;
 * a row's column is read by its name. */
static void test_form_rows_by_name(void **state)
{
	struct fixture *x = parse(state, FORM,
		"goals%5B1%5D.text=Delm%C3%A5let&goals%5B0%5D.kind=overall"
		"&goals%5B0%5D.text=M%C3%A5let&goals%5B1%5D.kind=sub"
		"&other=1&goalsX%5B5%5D.text=no");
	struct form_rows g;
	assert_true(form_rows_read(&x->r, &x->p, &goal_shape, &g));
	assert_int_equal(g.n, 2);
	assert_string_equal(form_rows_value(&g, 0, "text")->text, "Målet");
	assert_string_equal(form_rows_value(&g, 1, "text")->text, "Delmålet");
	assert_string_equal(form_rows_value(&g, 1, "kind")->text, "sub");
}

/* The same shape from a JSON body: element i's member is "list[i].col". */
static void test_form_rows_from_json(void **state)
{
	struct fixture *x = parse(state, JSON,
		"{\"interventions\": [{\"what\": \"Boendestöd\", \"goal\": 2,"
		" \"responsible_kind\": \"municipality_unit\","
		" \"responsible_unit_id\": 4, \"timing\": \"Nu\"},"
		" {\"what\": \"Dagbok\", \"who\": \"individual\"}]}");
	struct form_rows v;
	assert_true(form_rows_read(&x->r, &x->p, &intervention_shape, &v));
	assert_int_equal(v.n, 2);
	assert_int_equal(form_rows_value(&v, 0, "goal")->num, 2);
	assert_int_equal(form_rows_value(&v, 0, "responsible_unit_id")->num, 4);
	assert_null(form_rows_value(&v, 1, "timing")->text);
	struct intervention_input *in;
	int *row_of;
	int n = intervention_inputs_from(&x->r.arena, &v, NULL, 0, false, &in,
	                                 &row_of);
	assert_int_equal(n, 2);
	assert_string_equal(in[0].responsible_kind, "municipality_unit");
	assert_int_equal(in[0].responsible_unit_id, 4);
	assert_int_equal(in[0].goal, 2);
	assert_string_equal(in[1].responsible_kind, "individual");
	assert_int_equal(in[1].responsible_unit_id, 0);
}

/* The door's errors carry the row's own name; a list that is not a list,
 * and too many rows, are errors of the list. */
static void test_form_rows_errors(void **state)
{
	struct fixture *x = parse(state, JSON,
		"{\"goals\": [{\"kind\": \"sub\", \"text\": [1]}],"
		" \"participants\": \"Anna\"}");
	struct form_rows g, p;
	assert_false(form_rows_read(&x->r, &x->p, &goal_shape, &g));
	assert_non_null(problem_field_message(&x->p, "goals[0].text"));
	assert_false(form_rows_read(&x->r, &x->p, &participant_shape, &p));
	assert_non_null(problem_field_message(&x->p, "participants"));
	assert_int_equal(p.n, 0);

	x = parse(state, FORM, "goals%5B50%5D.text=x");
	assert_false(form_rows_read(&x->r, &x->p, &goal_shape, &g));
	assert_non_null(strstr(problem_field_message(&x->p, "goals"), "50"));
	assert_int_equal(g.n, 50);
}

/* A page's blank rows are left out and each entry remembers its row;
 * the goal numbers of the interventions follow the goals kept; the menu's
 * "who" is split into kind and unit (a unit that does not parse stays
 * -1, so the domain refuses it). */
static void test_inputs_skip_blank_rows(void **state)
{
	struct fixture *x = parse(state, FORM,
		"goals%5B0%5D.text=&goals%5B1%5D.text=Andra"
		"&goals%5B2%5D.text=Tredje"
		"&interventions%5B0%5D.what=&interventions%5B0%5D.who="
		"&interventions%5B1%5D.what=St%C3%B6d&interventions%5B1%5D.goal=3"
		"&interventions%5B1%5D.who=region_unit%3A12"
		"&interventions%5B2%5D.timing=Nu&interventions%5B2%5D.who=region_unit%3Ax"
		"&participants%5B0%5D.invitation_id=5&participants%5B0%5D.unit_id=4"
		"&participants%5B0%5D.name=Bo"
		"&participants%5B1%5D.invitation_id=6&participants%5B1%5D.present=1"
		"&participants%5B1%5D.name=Sara"
		"&participants%5B2%5D.name=&participants%5B2%5D.role="
		"&participants%5B3%5D.name=Anna");
	struct form_rows g, v, p;
	assert_true(form_rows_read(&x->r, &x->p, &goal_shape, &g));
	assert_true(form_rows_read(&x->r, &x->p, &intervention_shape, &v));
	assert_true(form_rows_read(&x->r, &x->p, &participant_shape, &p));
	struct goal_input *goals;
	struct intervention_input *ints;
	struct participant_input *who;
	int *grow, *irow, *prow;
	int ng = goal_inputs_from(&x->r.arena, &g, true, &goals, &grow);
	assert_int_equal(ng, 2);
	assert_int_equal(grow[0], 1);
	assert_int_equal(grow[1], 2);
	int goal_of_row[3] = {0, 1, 2};
	int ni = intervention_inputs_from(&x->r.arena, &v, goal_of_row, 3, true,
	                                  &ints, &irow);
	assert_int_equal(ni, 2);
	assert_int_equal(irow[0], 1);
	assert_int_equal(ints[0].goal, 2); /* row 3 is the second goal kept */
	assert_string_equal(ints[0].responsible_kind, "region_unit");
	assert_int_equal(ints[0].responsible_unit_id, 12);
	assert_int_equal(irow[1], 2);
	assert_int_equal(ints[1].responsible_unit_id, -1);
	int np = participant_inputs_from(&x->r.arena, &p, true, &who, &prow);
	assert_int_equal(np, 2); /* Bo not ticked present, row 2 blank */
	assert_string_equal(who[0].name, "Sara");
	assert_int_equal(who[0].invitation_id, 6);
	assert_int_equal(prow[1], 3);
	/* The API keeps every row. */
	assert_int_equal(goal_inputs_from(&x->r.arena, &g, false, &goals, &grow),
	                 3);
	assert_int_equal(participant_inputs_from(&x->r.arena, &p, false, &who,
	                                         &prow), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_form_rows_by_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_rows_from_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_rows_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs_skip_blank_rows, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
