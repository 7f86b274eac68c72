/*
 * test_follow_up.c — step 6 over HTTP against the real server on the demo
 * data (src/sip/follow_up.h): starting a follow-up with its reason and
 * who may; results per goal and per intervention and each principal's
 * own report, with their validation; what a unit whose consent does not
 * cover a principal's information sees of it; the outcomes (a revision
 * is a proposal until the individual's approval puts it in force; a new
 * plan links both ways; closing); the approval and the handover and
 * their validation. Both backends (SAMPLAN_TEST_BACKEND).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "harness.h"

static struct ht_server srv;
static struct arena scratch;

/* Demo units by HSA-id (cli_demo.c): eva's region unit, bo's
 * municipality unit. */
#define HSA_VPL "SE2321000180-VPL1"
#define HSA_SPB "SE2120000837-SPB1"

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	arena_init(&scratch, 64 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(&scratch);
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static json_t *item(json_t *o, const char *list, size_t i)
{
	json_t *x = json_array_get(json_object_get(o, list), i);
	if (!x)
		fail_msg("%s[%zu] missing", list, i);
	return x;
}

/* A 422 naming `field` among its errors. */
static void assert_field(json_t *problem, const char *field)
{
	json_t *errors = json_object_get(problem, "errors");
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
		if (strcmp(ht_jstr(e, "field"), field) == 0)
			return;
	char *text = json_dumps(problem, JSON_COMPACT);
	fail_msg("no error for %s in %s", field, text);
}

/* Post and expect a 422 naming field. */
static void refused_field(struct ht_client *c, const char *path, json_t *body,
                          const char *field)
{
	json_t *p = ht_api_post(c, path, body, 422);
	assert_field(p, field);
	json_decref(p);
}

static int64_t unit_id(const char *hsa_id)
{
	int64_t id = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                        hsa_id);
	if (!id)
		fail_msg("no unit %s", hsa_id);
	return id;
}

static int64_t principal_id(struct ht_client *c, const char *name)
{
	json_t *list = ht_api_get(c, "/api/v1/principals", 200);
	size_t i;
	json_t *p;
	int64_t id = 0;
	json_array_foreach(list, i, p)
		if (strcmp(ht_jstr(p, "name"), name) == 0)
			id = ht_jint(p, "id");
	json_decref(list);
	if (!id)
		fail_msg("no principal %s", name);
	return id;
}

/* A plan through the API as eva, up to active: the region (eva) leads,
 * bo's municipality unit is invited and responsible for Boendestöd; the
 * region's KBT is health, the diary the individual's. */
struct fplan {
	int64_t plan, consent, meeting;
	int64_t goal[2];         /* Klara examen, Sova bättre */
	int64_t kbt, diary, boende; /* interventions of version 1 */
	const char *path;        /* /api/v1/plans/N */
};

static void make_active(struct ht_client *eva, int serial, struct fplan *x)
{
	json_t *principals = json_pack(
		"[I,I]", (json_int_t)principal_id(eva, "Region Dalarna"),
		(json_int_t)principal_id(eva, "Ludvika kommun"));
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                     json_pack("{s:s, s:s, s:s}", "personnummer",
	                               ht_pnr("19880808", serial), "given_name",
	                               "Fia", "family_name", "Uppföljning"),
	                     201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	             json_pack("{s:I, s:s, s:s, s:O}", "person_id",
	                       (json_int_t)person, "initiated_by", "professional",
	                       "need_professional", "Behöver samordnat stöd.",
	                       "principal_ids", principals),
	             201);
	x->plan = ht_jint(p, "id");
	json_decref(p);
	x->path = arena_printf(&scratch, "/api/v1/plans/%lld", (long long)x->plan);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/consents", x->path),
	             json_pack("{s:s, s:s, s:s, s:[s,s], s:O}", "given_by",
	                       "individual", "form", "written", "valid_until",
	                       ht_date_in(&srv, 365), "scopes", "health", "social",
	                       "recipient_ids", principals),
	             201);
	x->consent = ht_jint(item(p, "consents", 0), "id");
	json_decref(p);
	json_decref(principals);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", x->path),
	                     json_pack("{s:s, s:s}", "purpose", "Samordna.",
	                               "participation", "whole"), 200));
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", x->path),
	             json_pack("{s:s, s:s, s:i, s:s, s:s}", "date", ht_date_in(&srv, 0),
	                       "start_time", "13:00", "duration_minutes", 60,
	                       "place", "Mottagningen", "purpose", "SIP-möte"),
	             201);
	x->meeting = ht_jint(item(p, "meetings", 0), "id");
	json_decref(p);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/invitations", x->path),
	                     json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                               (json_int_t)x->meeting, "invitations",
	                               "unit_id", (json_int_t)unit_id(HSA_SPB)),
	                     201));
	json_t *ints = json_pack(
		"[{s:i, s:s, s:s, s:I, s:s}, {s:i, s:s, s:s, s:s, s:s},"
		" {s:i, s:s, s:s, s:I, s:s}]",
		"goal", 1, "what", "KBT-FOLLOWUP", "responsible_kind", "region_unit",
		"responsible_unit_id", (json_int_t)unit_id(HSA_VPL), "timing",
		"Varje vecka",
		"goal", 2, "what", "Dagbok", "responsible_kind", "individual",
		"responsible_name", "Fia", "timing", "Varje dag",
		"goal", 2, "what", "Boendestöd", "responsible_kind",
		"municipality_unit", "responsible_unit_id",
		(json_int_t)unit_id(HSA_SPB), "timing", "Omgående");
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", x->path),
	             json_pack("{s:I, s:[{s:s}, {s:s}], s:s, s:s, s:s, s:s,"
	                       " s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}], s:o,"
	                       " s:I, s:s, s:s, s:b}",
	                       "meeting_id", (json_int_t)x->meeting,
	                       "participants", "name", "Fia", "name", "Eva Lind",
	                       "chair", "Eva Lind", "secretary", "Bo Berg",
	                       "situation", "Studerar.", "wishes", "Klara examen.",
	                       "needs", "Rutiner.", "crisis_plan", "Ring 1177.",
	                       "goals", "kind", "overall", "text", "Klara examen",
	                       "kind", "sub", "text", "Sova bättre",
	                       "interventions", ints,
	                       "coordinator_user_id",
	                       (json_int_t)ht_user_id(&srv, "eva"),
	                       "follow_up_date", ht_date_in(&srv, 90), "follow_up_place",
	                       "Mottagningen", "individual_approved", 1),
	             201);
	assert_string_equal(ht_jstr(p, "state"), "active");
	json_t *v = json_object_get(p, "current_version");
	assert_true(json_is_true(json_object_get(v, "approved")));
	x->goal[0] = ht_jint(item(v, "goals", 0), "id");
	x->goal[1] = ht_jint(item(v, "goals", 1), "id");
	x->kbt = ht_jint(item(v, "interventions", 0), "id");
	x->diary = ht_jint(item(v, "interventions", 1), "id");
	x->boende = ht_jint(item(v, "interventions", 2), "id");
	json_decref(p);
}

static json_t *start_body(const char *reason)
{
	return json_pack("{s:s, s:s}", "reason", reason, "note", "Dags.");
}

static void make_follow_up(struct ht_client *eva, int serial, struct fplan *x)
{
	make_active(eva, serial, x);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", x->path),
	                     start_body("planned"), 200));
}

static json_t *goal_row(int64_t goal, const char *result)
{
	return json_pack("{s:I, s:s, s:s}", "goal_id", (json_int_t)goal,
	                 "result", result, "comment", "Bra.");
}

static json_t *intervention_row(int64_t id, const char *result,
                                const char *why)
{
	json_t *o = json_pack("{s:I, s:s, s:s}", "intervention_id", (json_int_t)id,
	                      "result", result, "effect", "EFFECT-TEXT");
	if (why)
		json_object_set_new(o, "why", json_string(why));
	return o;
}

static const char *results(const struct fplan *x)
{
	return ht_fmt(&srv, "%s/follow-up/results", x->path);
}

/* ---- starting ---- */

static void test_start(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct fplan a, b;
	make_active(eva, 101, &a);
	const char *start = ht_fmt(&srv, "%s/follow-up", a.path);

	/* The reason is required and one of two. */
	refused_field(eva, start, json_object(), "reason");
	refused_field(eva, start, start_body("whenever"), "reason");
	/* Only the lead unit starts it; a unit outside sees no plan. */
	json_decref(ht_api_post(bo, start, start_body("planned"), 403));
	json_decref(ht_api_post(olle, start, start_body("planned"), 404));

	json_t *p = ht_api_post(eva, start, start_body("changed_situation"), 200);
	assert_string_equal(ht_jstr(p, "state"), "follow_up");
	json_t *f = item(p, "follow_ups", 0);
	assert_string_equal(ht_jstr(f, "reason"), "changed_situation");
	assert_string_equal(ht_jstr(f, "note"), "Dags.");
	assert_int_equal(ht_jint(f, "version_no"), 1);
	assert_true(json_is_null(json_object_get(f, "outcome")));
	json_decref(p);
	/* It keeps the date it was due, the version's follow-up date (the
	 * statistics' "held on time" reads it). */
	const char *plan_id = ht_fmt(&srv, "%lld", (long long)a.plan);
	const char *due = ht_sql_text(&srv, "SELECT f.due_date FROM follow_up f"
	                              " WHERE f.plan_id = CAST(? AS BIGINT)",
	                              plan_id);
	assert_non_null(due);
	assert_string_equal(due, ht_sql_text(&srv, "SELECT v.follow_up_date FROM"
	                                     " plan_version v WHERE v.plan_id ="
	                                     " CAST(? AS BIGINT) AND"
	                                     " v.version_no = 1", plan_id));
	/* Not twice: the plan is in follow-up now. */
	p = ht_api_post(eva, start, start_body("planned"), 409);
	assert_string_equal(ht_jstr(p, "current_state"), "follow_up");
	json_decref(p);

	/* At the planned date, on another plan. */
	make_active(eva, 102, &b);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", b.path),
	             start_body("planned"), 200);
	assert_string_equal(ht_jstr(item(p, "follow_ups", 0), "reason"), "planned");
	json_decref(p);
	/* A follow-up meeting can be booked in follow_up. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", b.path),
	             json_pack("{s:s, s:s, s:i, s:s, s:s}", "date", ht_date_in(&srv, 7),
	                       "start_time", "10:00", "duration_minutes", 60,
	                       "place", "Mottagningen", "purpose",
	                       "Uppföljning"), 201);
	assert_string_equal(ht_jstr(item(p, "meetings", 1), "kind"), "follow_up");
	assert_string_equal(ht_jstr(p, "state"), "follow_up");
	int64_t meeting = ht_jint(item(p, "meetings", 1), "id");
	json_decref(p);
	/* ... and invited to like the first one, in writing, the state
	 * staying follow_up. */
	int64_t queued = ht_sql_int(&srv, "SELECT COUNT(*) FROM outbox", NULL);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/invitations", b.path),
	             json_pack("{s:I, s:[{s:I}]}", "meeting_id", (json_int_t)meeting,
	                       "invitations", "unit_id",
	                       (json_int_t)unit_id(HSA_SPB)), 201);
	assert_string_equal(ht_jstr(p, "state"), "follow_up");
	json_decref(p);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM invitation WHERE"
	                                  " meeting_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)meeting)), 1);
	/* the written invitation to the unit's mailbox (invitation_mail.c) */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM outbox", NULL),
	                 queued + 1);

	ht_client_free(olle);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* ---- recording ---- */

static void test_results_validation(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct fplan x, other;
	make_follow_up(eva, 111, &x);
	make_active(eva, 112, &other);

	/* A goal of another plan is not a goal of this follow-up. */
	refused_field(eva, results(&x),
	              json_pack("{s:[o]}", "goal_results",
	                        goal_row(other.goal[0], "met")),
	              "goal_results[0].goal_id");
	refused_field(eva, results(&x),
	              json_pack("{s:[o]}", "goal_results",
	                        goal_row(x.goal[0], "brilliant")),
	              "goal_results[0].result");
	refused_field(eva, results(&x),
	              json_pack("{s:[o]}", "intervention_results",
	                        intervention_row(other.kbt, "done", NULL)),
	              "intervention_results[0].intervention_id");
	refused_field(eva, results(&x),
	              json_pack("{s:[o]}", "intervention_results",
	                        intervention_row(x.kbt, "sort_of", NULL)),
	              "intervention_results[0].result");
	/* Not done: why is required. */
	refused_field(eva, results(&x),
	              json_pack("{s:[o]}", "intervention_results",
	                        intervention_row(x.diary, "not_done", NULL)),
	              "intervention_results[0].why");
	refused_field(eva, results(&x),
	              json_pack("{s:s}", "coordination_needed", "maybe"),
	              "coordination_needed");
	refused_field(eva, results(&x),
	              json_pack("{s:[{s:I}]}", "reports", "principal_id",
	                        (json_int_t)principal_id(eva, "Region Dalarna")),
	              "reports[0].text");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                  " follow_up_goal_result r JOIN follow_up f"
	                                  " ON f.id = r.follow_up_id WHERE"
	                                  " f.plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)x.plan)), 0);

	/* The lead unit records everything at the meeting: one row each. */
	json_t *p = ht_api_post(
		eva, results(&x),
		json_pack("{s:[o,o], s:[o,o,o], s:s, s:s, s:s}", "goal_results",
		          goal_row(x.goal[0], "met"), goal_row(x.goal[1], "partly_met"),
		          "intervention_results",
		          intervention_row(x.kbt, "done", NULL),
		          intervention_row(x.diary, "not_done", "Glömde bort."),
		          intervention_row(x.boende, "partly", NULL),
		          "wellbeing", "WELLBEING-TEXT", "new_information",
		          "Har fått en praktikplats.", "coordination_needed", "yes"),
		200);
	json_t *f = item(p, "follow_ups", 0);
	assert_string_equal(ht_jstr(item(f, "goal_results", 0), "result"), "met");
	assert_string_equal(ht_jstr(item(f, "goal_results", 1), "result"),
	                    "partly_met");
	assert_string_equal(ht_jstr(item(f, "intervention_results", 1), "why"),
	                    "Glömde bort.");
	assert_string_equal(ht_jstr(f, "wellbeing"), "WELLBEING-TEXT");
	assert_string_equal(ht_jstr(f, "coordination_needed"), "yes");
	json_decref(p);
	/* Recording a goal again replaces its row: still one per goal. */
	json_decref(ht_api_post(eva, results(&x),
	                     json_pack("{s:[o]}", "goal_results",
	                               goal_row(x.goal[1], "met")), 200));
	const char *id = ht_fmt(&srv, "%lld", (long long)x.plan);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                  " follow_up_goal_result r JOIN follow_up f"
	                                  " ON f.id = r.follow_up_id WHERE"
	                                  " f.plan_id = ? AND r.result = 'met'",
	                            id), 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                  " follow_up_intervention_result r JOIN"
	                                  " follow_up f ON f.id = r.follow_up_id"
	                                  " WHERE f.plan_id = ?", id), 3);
	/* Results are recorded only in follow_up. */
	json_decref(ht_api_post(eva, results(&other),
	                     json_pack("{s:[o]}", "goal_results",
	                               goal_row(other.goal[0], "met")), 409));
	ht_client_free(eva);
}

static void test_principal_own_part(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct fplan x;
	make_follow_up(eva, 121, &x);
	int64_t region = principal_id(eva, "Region Dalarna");
	int64_t kommun = principal_id(eva, "Ludvika kommun");

	/* bo (the municipality) reports its own part: its report and
	 * Boendestöd. */
	json_t *p = ht_api_post(
		bo, results(&x),
		json_pack("{s:[{s:I, s:s}], s:[o]}", "reports", "principal_id",
		          (json_int_t)kommun, "text", "KOMMUN-REPORT",
		          "intervention_results",
		          intervention_row(x.boende, "done", NULL)),
		200);
	json_t *f = item(p, "follow_ups", 0);
	assert_string_equal(ht_jstr(item(f, "reports", 0), "text"), "KOMMUN-REPORT");
	assert_string_equal(ht_jstr(item(f, "intervention_results", 0), "result"),
	                    "done");
	json_decref(p);
	/* ... but not the region's intervention, the region's report, the
	 * individual's own intervention, nor the goals. */
	json_decref(ht_api_post(bo, results(&x),
	                     json_pack("{s:[o]}", "intervention_results",
	                               intervention_row(x.kbt, "done", NULL)),
	                     403));
	json_decref(ht_api_post(bo, results(&x),
	                     json_pack("{s:[{s:I, s:s}]}", "reports",
	                               "principal_id", (json_int_t)region, "text",
	                               "x"), 403));
	json_decref(ht_api_post(bo, results(&x),
	                     json_pack("{s:[o]}", "intervention_results",
	                               intervention_row(x.diary, "done", NULL)),
	                     403));
	json_decref(ht_api_post(bo, results(&x),
	                     json_pack("{s:[o]}", "goal_results",
	                               goal_row(x.goal[0], "met")), 403));
	json_decref(ht_api_post(bo, results(&x),
	                     json_pack("{s:s}", "wellbeing", "x"), 403));
	/* A refused request writes nothing of its rows. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                  " follow_up_intervention_result r JOIN"
	                                  " follow_up f ON f.id = r.follow_up_id"
	                                  " WHERE f.plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)x.plan)), 1);
	/* Another municipality's user sees no plan at all. */
	json_decref(ht_api_post(olle, results(&x),
	                     json_pack("{s:[{s:I, s:s}]}", "reports",
	                               "principal_id", (json_int_t)kommun, "text",
	                               "x"), 404));
	/* The lead unit may record the region's part. */
	json_decref(ht_api_post(eva, results(&x),
	                     json_pack("{s:[{s:I, s:s}], s:[o]}", "reports",
	                               "principal_id", (json_int_t)region, "text",
	                               "REGION-REPORT", "intervention_results",
	                               intervention_row(x.kbt, "partly", NULL)),
	                     200));

	/* Consent: without health, bo sees neither the region's report nor
	 * the KBT result, but his own rows and the goals' results. */
	assert_int_equal(ht_sql_exec(&srv, ht_fmt(&srv, "DELETE FROM consent_scope"
	                                       " WHERE consent_id = %lld AND"
	                                       " category = 'health'",
	                                       (long long)x.consent), NULL), 1);
	const struct ht_response *r = ht_get(bo, x.path);
	ht_assert_status(r, 200);
	ht_assert_not_contains(r->body, "REGION-REPORT");
	ht_assert_not_contains(r->body, "KBT-FOLLOWUP");
	ht_assert_contains(r->body, "KOMMUN-REPORT");
	p = ht_json(r);
	f = item(p, "follow_ups", 0);
	size_t i;
	json_t *e;
	int hidden = 0;
	json_array_foreach(json_object_get(f, "reports"), i, e)
		if (ht_jint(e, "principal_id") == region) {
			assert_string_equal(ht_jstr(e, "withheld"), "health");
			assert_null(json_object_get(e, "text"));
			hidden++;
		}
	json_array_foreach(json_object_get(f, "intervention_results"), i, e)
		if (ht_jint(e, "intervention_id") == x.kbt) {
			assert_string_equal(ht_jstr(e, "withheld"), "health");
			assert_null(json_object_get(e, "result"));
			hidden++;
		}
	assert_int_equal(hidden, 2);
	json_decref(p);
	r = ht_get(eva, x.path);
	ht_assert_contains(r->body, "REGION-REPORT");
	ht_client_free(olle);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* ---- outcomes, approval ---- */

static json_t *revision_body(struct ht_client *eva)
{
	(void)eva;
	json_t *ints = json_pack(
		"[{s:i, s:s, s:s, s:I, s:s}, {s:i, s:s, s:s, s:s, s:s}]",
		"goal", 1, "what", "KBT-FOLLOWUP två gånger", "responsible_kind",
		"region_unit", "responsible_unit_id", (json_int_t)unit_id(HSA_VPL),
		"timing", "Två gånger i veckan",
		"goal", 1, "what", "Dagbok", "responsible_kind", "individual",
		"responsible_name", "Fia", "timing", "Varje dag");
	return json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s}], s:o, s:I, s:s,"
	                 " s:s, s:s}",
	                 "situation", "Studerar.", "wishes", "Klara examen.",
	                 "needs", "Rutiner.", "crisis_plan", "Ring 1177.",
	                 "goals", "kind", "overall", "text", "Klara examen",
	                 "interventions", ints, "coordinator_user_id",
	                 (json_int_t)ht_user_id(&srv, "eva"), "follow_up_date",
	                 ht_date_in(&srv, 120), "follow_up_place", "Mottagningen",
	                 "change_reason", "Tätare KBT.");
}

static json_t *approval_body(const char *given_by, const char *names,
                             const char *on)
{
	json_t *o = json_pack("{s:s, s:s, s:s}", "given_by", given_by, "method",
	                      "in_person", "approved_on", on);
	if (names)
		json_object_set_new(o, "names", json_string(names));
	return o;
}

static void test_revise_and_approve(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct fplan x;
	make_follow_up(eva, 131, &x);
	const char *conclude = ht_fmt(&srv, "%s/follow-up/conclude", x.path);
	const char *approval = ht_fmt(&srv, "%s/approval", x.path);

	/* Continuing: the next follow-up's date and place are required. */
	json_t *p = ht_api_post(eva, conclude, json_pack("{s:s}", "outcome",
	                                              "revise"), 422);
	assert_field(p, "next_date");
	assert_field(p, "next_place");
	json_decref(p);
	refused_field(eva, conclude, json_pack("{s:s}", "outcome", "shrug"),
	              "outcome");
	refused_field(eva, conclude,
	              json_pack("{s:s, s:s, s:s}", "outcome", "revise",
	                        "next_date", ht_date_in(&srv, 0), "next_place", "Här"),
	              "next_date");
	json_decref(ht_api_post(bo, conclude,
	                     json_pack("{s:s, s:s, s:s}", "outcome", "revise",
	                               "next_date", ht_date_in(&srv, 120), "next_place",
	                               "Här"), 403));
	/* Nothing to approve yet. */
	json_decref(ht_api_post(eva, approval,
	                     approval_body("individual", NULL, ht_date_in(&srv, 0)), 409));
	p = ht_api_post(eva, conclude,
	             json_pack("{s:s, s:s, s:s}", "outcome", "revise", "next_date",
	                       ht_date_in(&srv, 120), "next_place", "Mottagningen"),
	             200);
	assert_string_equal(ht_jstr(p, "state"), "follow_up");
	assert_string_equal(ht_jstr(item(p, "follow_ups", 0), "outcome"), "revise");
	assert_string_equal(ht_jstr(item(p, "follow_ups", 0), "next_place"),
	                    "Mottagningen");
	json_decref(p);
	/* Concluded: results are no longer recorded in it. */
	json_decref(ht_api_post(eva, results(&x),
	                     json_pack("{s:[o]}", "goal_results",
	                               goal_row(x.goal[0], "met")), 409));

	/* The revision is version 2, proposed: version 1 stays in force. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/revise", x.path), revision_body(eva),
	             201);
	assert_string_equal(ht_jstr(p, "state"), "follow_up");
	json_t *cur = json_object_get(p, "current_version");
	json_t *prop = json_object_get(p, "proposed_version");
	assert_int_equal(ht_jint(cur, "version_no"), 1);
	assert_int_equal(ht_jint(prop, "version_no"), 2);
	assert_true(json_is_false(json_object_get(prop, "approved")));
	assert_true(json_is_false(json_object_get(item(p, "versions", 1),
	                                          "approved")));
	json_decref(p);
	/* One proposal at a time. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/revise", x.path), revision_body(eva),
	             409);
	assert_non_null(strstr(ht_jstr(p, "detail"), "väntar redan"));
	json_decref(p);
	/* A proposal is not handed out as the plan. */
	refused_field(eva, ht_fmt(&srv, "%s/handovers", x.path),
	              json_pack("{s:i, s:s, s:s, s:s}", "version_no", 2,
	                        "recipient", "individual", "method", "paper",
	                        "handed_on", ht_date_in(&srv, 0)),
	              "version_no");

	/* The approval: who, how, when. */
	refused_field(eva, approval, json_pack("{s:s, s:s}", "method", "phone",
	                                       "approved_on", ht_date_in(&srv, 0)),
	              "given_by");
	refused_field(eva, approval, approval_body("guardian", NULL, ht_date_in(&srv, 0)),
	              "names");
	refused_field(eva, approval,
	              approval_body("individual", NULL, ht_date_in(&srv, 1)),
	              "approved_on");
	refused_field(eva, approval,
	              json_pack("{s:s, s:s, s:s}", "given_by", "individual",
	                        "method", "pigeon", "approved_on", ht_date_in(&srv, 0)),
	              "method");
	json_decref(ht_api_post(bo, approval,
	                     approval_body("individual", NULL, ht_date_in(&srv, 0)), 403));
	p = ht_api_post(eva, approval, approval_body("individual", NULL, ht_date_in(&srv, 0)),
	             200);
	assert_string_equal(ht_jstr(p, "state"), "active");
	cur = json_object_get(p, "current_version");
	assert_int_equal(ht_jint(cur, "version_no"), 2);
	assert_true(json_is_true(json_object_get(cur, "approved")));
	json_t *a = json_object_get(cur, "approval");
	assert_string_equal(ht_jstr(a, "given_by"), "individual");
	assert_string_equal(ht_jstr(a, "method"), "in_person");
	assert_string_equal(ht_jstr(a, "approved_on"), ht_date_in(&srv, 0));
	assert_string_equal(ht_jstr(a, "recorded_by"), "Eva Lind");
	assert_true(json_is_null(json_object_get(p, "proposed_version")));
	assert_string_equal(ht_jstr(p, "next_follow_up_date"), ht_date_in(&srv, 120));
	json_decref(p);
	/* The old version is still readable, as it was. */
	p = ht_api_get(eva, ht_fmt(&srv, "%s/versions/1", x.path), 200);
	assert_int_equal(json_array_size(json_object_get(p, "interventions")), 3);
	json_decref(p);
	/* And the plan can be followed up again. */
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", x.path),
	                     start_body("planned"), 200));
	ht_client_free(bo);
	ht_client_free(eva);
}

static void test_new_plan_and_close(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct fplan x, y;
	make_follow_up(eva, 141, &x);
	const char *conclude = ht_fmt(&srv, "%s/follow-up/conclude", x.path);

	refused_field(eva, conclude,
	              json_pack("{s:s, s:s, s:s}", "outcome", "new_plan",
	                        "next_date", ht_date_in(&srv, 30), "next_place", "Här"),
	              "new_plan_need");
	json_t *p = ht_api_post(eva, conclude,
	                     json_pack("{s:s, s:s, s:s, s:s}", "outcome",
	                               "new_plan", "next_date", ht_date_in(&srv, 30),
	                               "next_place", "Här", "new_plan_need",
	                               "Nya behov efter flytten."),
	                     200);
	assert_string_equal(ht_jstr(p, "state"), "closed");
	assert_string_equal(ht_jstr(p, "closed_reason"), "new_plan");
	int64_t new_plan = ht_jint(p, "replaced_by_plan_id");
	assert_true(new_plan > x.plan);
	json_decref(p);
	p = ht_api_get(eva, ht_fmt(&srv, "/api/v1/plans/%lld", (long long)new_plan),
	            200);
	assert_int_equal(ht_jint(p, "replaces_plan_id"), x.plan);
	assert_string_equal(ht_jstr(p, "state"), "need_assessed");
	json_t *old = ht_api_get(eva, x.path, 200);
	assert_int_equal(ht_jint(p, "person_id"), ht_jint(old, "person_id"));
	json_decref(old);
	json_decref(p);
	/* The pages link the two plans both ways. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_get(web, ht_fmt(&srv, "/plans/%lld",
	                                                 (long long)x.plan));
	ht_assert_contains(r->body, ht_fmt(&srv, "<a href=\"/plans/%lld\">Planen"
	                                   " ersattes av en ny plan",
	                                   (long long)new_plan));
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld", (long long)new_plan));
	ht_assert_contains(r->body, ht_fmt(&srv, "<a href=\"/plans/%lld\">Planen"
	                                   " ersätter en tidigare plan",
	                                   (long long)x.plan));
	ht_client_free(web);

	/* Closing: a reason, but no next date. */
	make_follow_up(eva, 142, &y);
	conclude = ht_fmt(&srv, "%s/follow-up/conclude", y.path);
	refused_field(eva, conclude, json_pack("{s:s}", "outcome", "close"),
	              "reason");
	p = ht_api_post(eva, conclude,
	             json_pack("{s:s, s:s}", "outcome", "close", "reason",
	                       "goals_met"), 200);
	assert_string_equal(ht_jstr(p, "state"), "closed");
	assert_string_equal(ht_jstr(p, "closed_reason"), "goals_met");
	assert_string_equal(ht_jstr(item(p, "follow_ups", 0), "outcome"), "close");
	assert_true(json_is_null(json_object_get(p, "replaced_by_plan_id")));
	json_decref(p);
	/* A closed plan is not followed up. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", y.path),
	             start_body("planned"), 409);
	assert_string_equal(ht_jstr(p, "current_state"), "closed");
	json_decref(p);
	ht_client_free(eva);
}

/* ---- handing over ---- */

static void test_handover(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct fplan x;
	make_active(eva, 151, &x);
	const char *path = ht_fmt(&srv, "%s/handovers", x.path);
	refused_field(eva, path,
	              json_pack("{s:s, s:s, s:s}", "recipient", "relative",
	                        "method", "paper", "handed_on", ht_date_in(&srv, 0)),
	              "recipient_name");
	refused_field(eva, path,
	              json_pack("{s:s, s:s, s:s, s:s}", "recipient", "participant",
	                        "recipient_name", "Per", "method", "paper",
	                        "handed_on", ht_date_in(&srv, 0)),
	              "organisation");
	refused_field(eva, path,
	              json_pack("{s:s, s:s, s:s}", "recipient", "neighbour",
	                        "method", "paper", "handed_on", ht_date_in(&srv, 0)),
	              "recipient");
	refused_field(eva, path,
	              json_pack("{s:s, s:s, s:s}", "recipient", "individual",
	                        "method", "fax", "handed_on", ht_date_in(&srv, 0)),
	              "method");
	refused_field(eva, path,
	              json_pack("{s:s, s:s, s:s}", "recipient", "individual",
	                        "method", "paper", "handed_on", ht_date_in(&srv, 3)),
	              "handed_on");
	refused_field(eva, path,
	              json_pack("{s:i, s:s, s:s, s:s}", "version_no", 7,
	                        "recipient", "individual", "method", "paper",
	                        "handed_on", ht_date_in(&srv, 0)),
	              "version_no");
	json_decref(ht_api_post(bo, path,
	                     json_pack("{s:s, s:s, s:s}", "recipient",
	                               "individual", "method", "paper",
	                               "handed_on", ht_date_in(&srv, 0)), 403));
	json_decref(ht_api_post(eva, path,
	                     json_pack("{s:s, s:s, s:s}", "recipient",
	                               "individual", "method", "paper",
	                               "handed_on", ht_date_in(&srv, 0)), 201));
	json_t *p = ht_api_post(eva, path,
	                     json_pack("{s:s, s:s, s:s, s:s}", "recipient",
	                               "relative", "recipient_name", "Elena",
	                               "method", "digital", "handed_on",
	                               ht_date_in(&srv, 0)), 201);
	json_t *h = item(p, "handovers", 1);
	assert_int_equal(ht_jint(h, "version_no"), 1);
	assert_string_equal(ht_jstr(h, "recipient"), "relative");
	assert_string_equal(ht_jstr(h, "recipient_name"), "Elena");
	assert_string_equal(ht_jstr(h, "method"), "digital");
	assert_string_equal(ht_jstr(h, "recorded_by"), "Eva Lind");
	assert_string_equal(ht_jstr(item(p, "handovers", 0), "recipient"),
	                    "individual");
	json_decref(p);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* Revised while the follow-up was open: the approval concludes it, with
 * the approved version's next date and place. */
static void test_approval_concludes(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct fplan x;
	make_follow_up(eva, 171, &x);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/revise", x.path),
	                     revision_body(eva), 201));
	json_t *p = ht_api_post(eva, ht_fmt(&srv, "%s/approval", x.path),
	                     approval_body("representative", "Per Persson",
	                                   ht_date_in(&srv, 0)), 200);
	json_t *f = item(p, "follow_ups", 0);
	assert_string_equal(ht_jstr(f, "outcome"), "revise");
	assert_string_equal(ht_jstr(f, "next_date"), ht_date_in(&srv, 120));
	assert_string_equal(ht_jstr(f, "next_place"), "Mottagningen");
	json_t *a = json_object_get(json_object_get(p, "current_version"),
	                            "approval");
	assert_string_equal(ht_jstr(a, "given_by"), "representative");
	assert_string_equal(ht_jstr(a, "names"), "Per Persson");
	json_decref(p);
	ht_client_free(eva);
}

/* Closed by the close form while a follow-up is open: the follow-up
 * ends in closing, so its results are the plan's results at closing. */
static void test_close_during_follow_up(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct fplan x;
	make_follow_up(eva, 181, &x);
	json_t *p = ht_api_post(eva, ht_fmt(&srv, "%s/close", x.path),
	                     json_pack("{s:s, s:s}", "reason", "goals_met",
	                               "closed_participation", "present"),
	                     200);
	assert_string_equal(ht_jstr(p, "state"), "closed");
	json_t *f = item(p, "follow_ups", 0);
	assert_string_equal(ht_jstr(f, "outcome"), "close");
	json_decref(p);
	ht_client_free(eva);
}

/* ---- the pages, as a browser posts them ---- */

/* A plan page form refused for what was typed: 303 back to the plan
 * page (Post/Redirect/Get), whose GET shows the errors once. */
static const struct ht_response *refused_then_shown(
	struct ht_client *web, const struct ht_response *r, const char *page)
{
	ht_assert_status(r, 303);
	assert_string_equal(r->location, page);
	r = ht_get(web, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "class=\"error-summary\"");
	return r;
}

static void test_pages(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct fplan x;
	make_active(eva, 161, &x);
	struct ht_client *web = ht_logged_in(&srv, "eva");
	struct ht_client *bo_web = ht_logged_in(&srv, "bo");
	const char *csrf = ht_csrf(web);
	const char *plan = ht_fmt(&srv, "/plans/%lld", (long long)x.plan);

	/* Starting without a reason: the plan page again (Post/Redirect/Get),
	 * naming it. */
	const struct ht_response *r = ht_post_form(web, ht_fmt(&srv, "%s/follow-up", plan),
	                                           "csrf_token", csrf, NULL);
	r = refused_then_shown(web, r, plan);
	ht_assert_contains(r->body, "Ange varför planen följs upp nu");
	r = ht_post_form(web, ht_fmt(&srv, "%s/follow-up", plan), "csrf_token",
	                 csrf, "reason", "planned", NULL);
	ht_assert_status(r, 303);

	/* The follow-up page: the seed's questions, a row per goal. */
	r = ht_get(web, ht_fmt(&srv, "%s/follow-up", plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Hur mår Fia?");
	ht_assert_contains(r->body, "Behövs fortsatt samordning med hjälp av SIP?");
	ht_assert_contains(r->body, "Övergripande mål: Klara examen");
	ht_assert_contains(r->body, "name=\"goal_results[1].result\"");
	ht_assert_contains(r->body, "name=\"intervention_results[2].result\"");
	/* bo sees his own principal's rows only: Boendestöd, not the goals
	 * or the region's KBT. */
	const struct ht_response *b = ht_get(bo_web, ht_fmt(&srv, "%s/follow-up", plan));
	ht_assert_page(b, 200);
	ht_assert_not_contains(b->body, "goal_results[0].result");
	ht_assert_not_contains(b->body, "intervention_results[0].result");
	ht_assert_contains(b->body, "name=\"intervention_results[2].result\"");

	/* Not done without why: 422, the message at the row. */
	const char *results = ht_fmt(&srv, "%s/follow-up/results", plan);
	r = ht_post_form(web, results, "csrf_token", csrf,
	                 "goal_results[0].result", "met",
	                 "intervention_results[1].result", "not_done", NULL);
	r = refused_then_shown(web, r, ht_fmt(&srv, "%s/follow-up", plan));
	ht_assert_contains(r->body, "Beskriv varför insatsen inte blev genomförd.");
	ht_assert_contains(r->body, "intervention_results[1].why");
	r = ht_post_form(web, results, "csrf_token", csrf,
	                 "goal_results[0].result", "met",
	                 "goal_results[1].result", "partly_met",
	                 "intervention_results[1].result", "not_done",
	                 "intervention_results[1].why", "Glömde.",
	                 "wellbeing", "Bättre.", "coordination_needed", "yes",
	                 NULL);
	ht_assert_status(r, 303);
	const char *id = ht_fmt(&srv, "%lld", (long long)x.plan);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                  " follow_up_goal_result r JOIN follow_up f"
	                                  " ON f.id = r.follow_up_id WHERE"
	                                  " f.plan_id = ?", id), 2);

	/* Conclude: revise goes on to the revise form. */
	const char *conclude = ht_fmt(&srv, "%s/follow-up/conclude", plan);
	r = ht_post_form(web, conclude, "csrf_token", csrf, "outcome", "revise",
	                 NULL);
	r = refused_then_shown(web, r, ht_fmt(&srv, "%s/follow-up", plan));
	ht_assert_contains(r->body, "Ange datum för nästa uppföljning.");
	r = ht_post_form(web, conclude, "csrf_token", csrf, "outcome", "revise",
	                 "next_date", ht_date_in(&srv, 100), "next_place", "Mottagningen",
	                 NULL);
	ht_assert_status(r, 303);
	assert_string_equal(ht_header(r, "Location"),
	                    ht_fmt(&srv, "%s/revise", plan));
	/* The revise form starts from what the follow-up agreed: the next
	 * follow-up's date and place. */
	r = ht_get(web, ht_fmt(&srv, "%s/revise", plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, ht_fmt(&srv, "value=\"%s\"", ht_date_in(&srv, 100)));
	ht_assert_contains(r->body, "value=\"Mottagningen\"");

	/* The revision, through the API, is a proposal the plan page shows;
	 * the approval page records Fia's approval. */
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/revise", x.path),
	                     revision_body(eva), 201));
	r = ht_get(web, plan);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Förslag – väntar på godkännande");
	ht_assert_contains(r->body, "Registrera den enskildes godkännande");
	/* The comparison takes the proposal and names it one. */
	r = ht_get(web, ht_fmt(&srv, "%s/versions/compare?from=1&to=2", plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Version 2 (Förslag – väntar på godkännande)");
	/* One main heading. */
	const char *h1 = strstr(r->body, "<h1");
	assert_non_null(h1);
	assert_null(strstr(h1 + 1, "<h1"));
	const char *approval = ht_fmt(&srv, "%s/approval", plan);
	r = ht_get(web, approval);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Jämför förslaget med version 1");
	r = ht_post_form(web, approval, "csrf_token", csrf, "method", "in_person",
	                 "approved_on", ht_date_in(&srv, 0), NULL);
	r = refused_then_shown(web, r, approval);
	ht_assert_contains(r->body, "Ange vem som godkände planen");
	r = ht_post_form(web, approval, "csrf_token", csrf, "given_by",
	                 "individual", "method", "in_person", "approved_on",
	                 ht_date_in(&srv, 0), NULL);
	ht_assert_status(r, 303);
	r = ht_get(web, plan);
	ht_assert_contains(r->body, ht_fmt(&srv, "Godkänd %s av Den enskilde",
	                                  ht_date_in(&srv, 0)));
	ht_assert_not_contains(r->body, "Registrera den enskildes godkännande");

	/* Handing version 2 to Elena: refused without her name, then shown. */
	const char *handovers = ht_fmt(&srv, "%s/handovers", plan);
	r = ht_post_form(web, handovers, "csrf_token", csrf, "recipient",
	                 "relative", "method", "paper", "handed_on", ht_date_in(&srv, 0),
	                 NULL);
	r = refused_then_shown(web, r, plan);
	ht_assert_contains(r->body, "Skriv namnet på den som fick planen.");
	r = ht_post_form(web, handovers, "csrf_token", csrf, "recipient",
	                 "relative", "recipient_name", "Elena", "method", "paper",
	                 "handed_on", ht_date_in(&srv, 0), NULL);
	ht_assert_status(r, 303);
	r = ht_get(web, plan);
	ht_assert_contains(r->body, "Version 2 till Elena, Närstående, På papper");
	ht_client_free(bo_web);
	ht_client_free(web);
	ht_client_free(eva);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_results_validation),
		cmocka_unit_test(test_principal_own_part),
		cmocka_unit_test(test_revise_and_approve),
		cmocka_unit_test(test_new_plan_and_close),
		cmocka_unit_test(test_handover),
		cmocka_unit_test(test_approval_concludes),
		cmocka_unit_test(test_close_during_follow_up),
		cmocka_unit_test(test_pages),
	};
	return cmocka_run_group_tests_name("follow_up", tests, group_setup,
	                                   group_teardown);
}
