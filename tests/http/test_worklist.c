/*
 * test_worklist.c — the coordinator's day over real HTTP
 * (sip/worklist.h, GET /api/v1/worklist and the start page): each
 * section's rows appear and disappear at the right dates and events —
 * follow-ups within 14 days and overdue, invitations nobody answered and
 * the caller's own awaited replies, plans waiting since the need, ended
 * interventions, consents about to expire, closings principals owe — for
 * the right users; a user of an unrelated unit sees nothing; a consent
 * that no longer covers a unit takes the plan out of its user's list;
 * and the page renders every section with the person's personnummer and
 * the "Påminn" form.
 *
 * Dates are relative to today. Where a test needs time to have passed
 * (a follow-up date now behind us, a need assessed days ago, a consent
 * that expired) it moves the stored date back with SQL, as the passing
 * of days would: the server reads today from its clock.
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

#define HSA_SPB "SE2120000837-SPB1" /* Socialpsykiatri, boendestöd (bo) */
#define HSA_VPL "SE2321000180-VPL1" /* Vuxenpsykiatrisk öppenvård (eva) */

static int group_setup(void **state)
{
	(void)state;
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	arena_init(&scratch, 16 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = ht_server_stop(&srv);
	arena_free(&scratch);
	return rc == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static int64_t principal(const char *name)
{
	int64_t id = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                        name);
	if (!id)
		fail_msg("no principal %s", name);
	return id;
}

static json_t *parties(void)
{
	return json_pack("[I,I]", (json_int_t)principal("Region Dalarna"),
	                 (json_int_t)principal("Ludvika kommun"));
}

/* A person and a plan with a consent covering region and municipality:
 * the plan id (state consent). */
static int64_t plan_with_consent_until(struct ht_client *eva, int serial,
                                       int valid_days)
{
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                     json_pack("{s:s, s:s, s:s}", "personnummer",
	                               ht_pnr("19820202", serial), "given_name",
	                               "Stängd", "family_name",
	                               arena_printf(&scratch, "Avslutsson%d",
	                                            serial)),
	                     201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	             json_pack("{s:I, s:s, s:s, s:o}", "person_id",
	                       (json_int_t)person, "initiated_by", "professional",
	                       "need_professional", "Behöver samordnat stöd.",
	                       "principal_ids", parties()),
	             201);
	int64_t plan = ht_jint(p, "id");
	json_decref(p);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents",
	                                 (long long)plan),
	                     json_pack("{s:s, s:s, s:s, s:[s,s], s:o}", "given_by",
	                               "individual", "form", "written",
	                               "valid_until", ht_date_in(&srv, valid_days), "scopes",
	                               "health", "social", "recipient_ids",
	                               parties()),
	                     201));
	return plan;
}

static int64_t plan_with_consent(struct ht_client *eva, int serial)
{
	return plan_with_consent_until(eva, serial, 365);
}

/* The same, taken to `invited` with bo's unit (Ludvika kommun) invited,
 * so that two principals take part. */
struct invited {
	int64_t plan, meeting, invitation;
};

static struct invited plan_invited(struct ht_client *eva, int serial)
{
	int64_t plan = plan_with_consent(eva, serial);
	const char *base = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)plan);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", base),
	                     json_pack("{s:s, s:s}", "purpose", "Samordna stödet.",
	                               "participation", "whole"),
	                     200));
	json_t *p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", base),
	                     json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                               ht_date_in(&srv, 0), "start_time", "10:00",
	                               "duration_minutes", 60, "place",
	                               "Mottagningen", "purpose",
	                               "Samordna stödet."),
	                     201);
	int64_t meeting = ht_jint(json_array_get(json_object_get(p, "meetings"), 0),
	                       "id");
	json_decref(p);
	int64_t spb = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                         HSA_SPB);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/invitations", base),
	             json_pack("{s:I, s:[{s:I}]}", "meeting_id", (json_int_t)meeting,
	                       "invitations", "unit_id", (json_int_t)spb),
	             201);
	struct invited x = {
		.plan = plan, .meeting = meeting,
		.invitation = ht_jint(json_array_get(json_object_get(p, "invitations"),
		                                  0), "id"),
	};
	json_decref(p);
	return x;
}

static json_t *close_body(const char *reason, const char *note,
                          const char *participation)
{
	json_t *b = json_object();
	if (reason)
		json_object_set_new(b, "reason", json_string(reason));
	if (note)
		json_object_set_new(b, "note", json_string(note));
	if (participation)
		json_object_set_new(b, "closed_participation",
		                    json_string(participation));
	return b;
}

static const char *plan_url(int64_t plan, const char *rest)
{
	return ht_fmt(&srv, "/api/v1/plans/%lld%s", (long long)plan, rest);
}


/* The plan established (active) with a follow-up on `follow_up_days`
 * and two interventions: bo's unit's, which ended two days ago, and
 * eva's unit's, which ends in five days. */
static void establish(struct ht_client *eva, const struct invited *x,
                      int follow_up_days)
{
	int64_t vpl = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                         HSA_VPL);
	int64_t spb = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                         HSA_SPB);
	json_t *goals = json_pack("[{s:s, s:s}]", "kind", "overall", "text",
	                          "Klara vardagen");
	json_t *ints = json_pack(
		"[{s:i, s:s, s:s, s:I, s:s, s:s}, {s:i, s:s, s:s, s:I, s:s, s:s}]",
		"goal", 1, "what", "BOENDESTÖD-SLUT", "responsible_kind",
		"municipality_unit", "responsible_unit_id", (json_int_t)spb,
		"timing", "Hösten", "end_date", ht_date_in(&srv, -2),
		"goal", 1, "what", "SAMTAL-PÅGÅR", "responsible_kind",
		"region_unit", "responsible_unit_id", (json_int_t)vpl, "timing",
		"Vintern", "end_date", ht_date_in(&srv, 5));
	json_t *b = json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:s, s:b, s:I, s:o,"
		" s:s, s:s}",
		"situation", "Bor själv.", "wishes", "Klara vardagen.", "needs",
		"Stöd.", "crisis_plan", "Ring 1177.", "goals", goals,
		"interventions", ints, "follow_up_place", "Mottagningen",
		"coordinator_user_id", (json_int_t)ht_user_id(&srv, "eva"),
		"follow_up_date", ht_date_in(&srv, follow_up_days), "individual_approved", 1,
		"meeting_id", (json_int_t)x->meeting, "participants",
		json_pack("[{s:s}, {s:s}]", "name", "Stängd", "name", "Eva Lind"),
		"chair", "Eva Lind", "secretary", "Bo Berg");
	json_decref(ht_api_post(eva, plan_url(x->plan, "/establish"), b, 201));
}

static void reply(struct ht_client *bo, int64_t invitation)
{
	json_decref(ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                (long long)invitation),
	                     json_pack("{s:s, s:s, s:s}", "reply", "attend",
	                               "attendee_name", "Bo Berg",
	                               "ongoing_interventions", "Boendestöd."),
	                     200));
}

static json_t *worklist(struct ht_client *c)
{
	return ht_api_get(c, "/api/v1/worklist", 200);
}

/* The row of `section` about plan (and ref_key = ref when ref_key is
 * given), or NULL. */
static json_t *row(json_t *wl, const char *section, int64_t plan,
                   const char *ref_key, int64_t ref)
{
	json_t *list = json_object_get(wl, section);
	if (!json_is_array(list))
		fail_msg("no section %s", section);
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
		if (ht_jint(e, "plan_id") == plan &&
		    (!ref_key || ht_jint(e, ref_key) == ref))
			return e;
	return NULL;
}

static const char *id_text(int64_t id)
{
	return arena_printf(&scratch, "%lld", (long long)id);
}

/* ---- the sections ---- */

static void test_follow_ups_and_ended_interventions(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct invited soon = plan_invited(eva, 201);
	struct invited later = plan_invited(eva, 202);
	reply(bo, soon.invitation);
	reply(bo, later.invitation);
	establish(eva, &soon, 10);
	establish(eva, &later, 20);

	json_t *wl = worklist(eva);
	json_t *r = row(wl, "follow_ups", soon.plan, NULL, 0);
	assert_non_null(r);
	assert_string_equal(ht_jstr(r, "date"), ht_date_in(&srv, 10));
	assert_int_equal(ht_jint(r, "days"), 10);
	assert_false(json_is_true(json_object_get(r, "overdue")));
	assert_string_equal(ht_jstr(r, "personnummer"), ht_pnr("19820202", 201));
	/* 20 days ahead is beyond the 14. */
	assert_null(row(wl, "follow_ups", later.plan, NULL, 0));
	/* Only the intervention whose end date passed; the lead sees it. */
	r = row(wl, "ended_interventions", soon.plan, NULL, 0);
	assert_non_null(r);
	assert_string_equal(ht_jstr(r, "what"), "BOENDESTÖD-SLUT");
	assert_string_equal(ht_jstr(r, "date"), ht_date_in(&srv, -2));
	assert_int_equal(ht_jint(r, "days"), -2);
	size_t n = 0, i;
	json_t *e;
	json_array_foreach(json_object_get(wl, "ended_interventions"), i, e)
		if (ht_jint(e, "plan_id") == soon.plan)
			n++;
	assert_int_equal(n, 1);
	json_decref(wl);
	/* bo's unit is responsible for it: he sees it too. */
	wl = worklist(bo);
	assert_non_null(row(wl, "ended_interventions", soon.plan, NULL, 0));
	json_decref(wl);

	/* The date passes: the follow-up is overdue, and a later date that
	 * comes within 14 days appears. */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE plan SET next_follow_up_date = '%s'"
	                         " WHERE id = %lld", ht_date_in(&srv, -3),
	                         (long long)soon.plan), NULL);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE plan SET next_follow_up_date = '%s'"
	                         " WHERE id = %lld", ht_date_in(&srv, 14),
	                         (long long)later.plan), NULL);
	wl = worklist(eva);
	r = row(wl, "follow_ups", soon.plan, NULL, 0);
	assert_non_null(r);
	assert_true(json_is_true(json_object_get(r, "overdue")));
	assert_int_equal(ht_jint(r, "days"), -3);
	assert_non_null(row(wl, "follow_ups", later.plan, NULL, 0));
	/* The overdue one comes first. */
	json_t *first = json_array_get(json_object_get(wl, "follow_ups"), 0);
	assert_string_equal(ht_jstr(first, "date"), ht_date_in(&srv, -3));
	json_decref(wl);
	/* Starting the follow-up takes it off the list. */
	json_decref(ht_api_post(eva, plan_url(soon.plan, "/follow-up"),
	                     json_pack("{s:s}", "reason", "planned"), 200));
	wl = worklist(eva);
	assert_null(row(wl, "follow_ups", soon.plan, NULL, 0));
	json_decref(wl);
	ht_client_free(eva);
	ht_client_free(bo);
}

static void test_invitations_and_waiting(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct invited x = plan_invited(eva, 210);
	/* Sent four days ago. */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE invitation SET created_at ="
	                         " created_at - 4 * 86400 WHERE id = %lld",
	                         (long long)x.invitation), NULL);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE plan SET need_assessed_at ="
	                         " need_assessed_at - 6 * 86400 WHERE id = %lld",
	                         (long long)x.plan), NULL);
	json_t *wl = worklist(eva);
	json_t *r = row(wl, "unanswered_invitations", x.plan, "invitation_id",
	                x.invitation);
	assert_non_null(r);
	assert_int_equal(ht_jint(r, "days"), 4);
	assert_string_equal(ht_jstr(r, "invited"), "Socialpsykiatri, boendestöd");
	r = row(wl, "waiting_since_need", x.plan, NULL, 0);
	assert_non_null(r);
	assert_int_equal(ht_jint(r, "days"), 6);
	/* eva's unit is not invited: nothing awaits her reply. */
	assert_null(row(wl, "awaiting_my_reply", x.plan, NULL, 0));
	json_decref(wl);
	/* bo: his reply is awaited; the plan is not his to push on. */
	wl = worklist(bo);
	assert_non_null(row(wl, "awaiting_my_reply", x.plan, "invitation_id",
	                    x.invitation));
	assert_null(row(wl, "unanswered_invitations", x.plan, NULL, 0));
	assert_null(row(wl, "waiting_since_need", x.plan, NULL, 0));
	json_decref(wl);

	/* A party outside samplan, invited by letter to the same meeting:
	 * listed as unanswered too, but reminded by hand, not by mail. */
	int64_t meeting = ht_sql_int(&srv, ht_fmt(&srv, "SELECT meeting_id FROM"
	                             " invitation WHERE id = %lld",
	                             (long long)x.invitation), NULL);
	ht_assert_status(ht_post_json(eva, ht_fmt(&srv,
		"/api/v1/plans/%lld/invitations", (long long)x.plan),
		ht_fmt(&srv, "{\"meeting_id\": %lld, \"invitations\": [{"
		       "\"external_name\": \"Gode man Ulf\", \"external_contact\":"
		       " \"Storgatan 1\", \"channel\": \"letter\"}]}",
		       (long long)meeting), NULL), 201);
	int64_t letter = ht_sql_int(&srv, "SELECT id FROM invitation WHERE"
	                                  " external_name = ?", "Gode man Ulf");

	/* The page: the person with personnummer, the reminder form for the
	 * unit only. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const struct ht_response *p = ht_get(web, "/");
	ht_assert_page(p, 200);
	ht_assert_contains(p->body, ht_fmt(&srv, "action=\"/invitations/%lld/remind\"",
	                                   (long long)x.invitation));
	ht_assert_contains(p->body, "Gode man Ulf har inte svarat");
	ht_assert_not_contains(p->body, ht_fmt(&srv, "action=\"/invitations/%lld/"
	                                       "remind\"", (long long)letter));
	ht_assert_contains(p->body, "Påminn");
	ht_assert_contains(p->body, "Väntat 4 dagar");
	ht_assert_contains(p->body, "Väntar sedan behovet bedömdes");
	ht_assert_contains(p->body, "19820202-");
	ht_client_free(web);

	/* bo answers: gone from both lists. */
	reply(bo, x.invitation);
	wl = worklist(eva);
	assert_null(row(wl, "unanswered_invitations", x.plan, "invitation_id",
	                x.invitation));
	json_decref(wl);
	wl = worklist(bo);
	assert_null(row(wl, "awaiting_my_reply", x.plan, NULL, 0));
	json_decref(wl);
	ht_client_free(eva);
	ht_client_free(bo);
}

static void test_expiring_consents(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t soon = plan_with_consent_until(eva, 220, 20);
	int64_t later = plan_with_consent_until(eva, 221, 40);
	json_t *wl = worklist(eva);
	json_t *r = row(wl, "expiring_consents", soon, NULL, 0);
	assert_non_null(r);
	assert_string_equal(ht_jstr(r, "date"), ht_date_in(&srv, 20));
	assert_int_equal(ht_jint(r, "days"), 20);
	assert_null(row(wl, "expiring_consents", later, NULL, 0));
	json_decref(wl);
	/* A withdrawn consent expires no more: it is gone. */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE consent SET withdrawn_at = 1"
	                         " WHERE plan_id = %lld", (long long)soon), NULL);
	wl = worklist(eva);
	assert_null(row(wl, "expiring_consents", soon, NULL, 0));
	json_decref(wl);
	ht_client_free(eva);
}

static void test_closings_owed(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct invited x = plan_invited(eva, 230);
	reply(bo, x.invitation);
	json_decref(ht_api_post(eva, plan_url(x.plan, "/close"),
	                     close_body("goals_met", NULL, "present"), 200));
	int64_t region = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                            "Region Dalarna");
	int64_t ludvika = ht_sql_int(&srv, "SELECT id FROM principal WHERE name"
	                                   " = ?", "Ludvika kommun");
	json_t *wl = worklist(eva);
	json_t *r = row(wl, "closings_owed", x.plan, "principal_id", region);
	assert_non_null(r);
	assert_true(json_is_true(json_object_get(r, "mine")));
	r = row(wl, "closings_owed", x.plan, "principal_id", ludvika);
	assert_non_null(r);
	assert_false(json_is_true(json_object_get(r, "mine")));
	json_decref(wl);
	wl = worklist(bo);
	r = row(wl, "closings_owed", x.plan, "principal_id", ludvika);
	assert_non_null(r);
	assert_true(json_is_true(json_object_get(r, "mine")));
	json_decref(wl);
	/* bo documents: the municipality owes nothing any more. */
	json_decref(ht_api_post(bo, plan_url(x.plan, "/closing-notes"),
	                     json_pack("{s:s}", "note", "Klart för vår del."),
	                     201));
	wl = worklist(eva);
	assert_null(row(wl, "closings_owed", x.plan, "principal_id", ludvika));
	assert_non_null(row(wl, "closings_owed", x.plan, "principal_id", region));
	json_decref(wl);
	wl = worklist(bo);
	assert_null(row(wl, "closings_owed", x.plan, "principal_id", ludvika));
	json_decref(wl);
	/* The page names the owing principal and links to the form. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const struct ht_response *p = ht_get(web, "/");
	ht_assert_page(p, 200);
	ht_assert_contains(p->body, "Region Dalarna har inte dokumenterat sitt "
	                            "avslut av planen.");
	ht_assert_contains(p->body, ht_fmt(&srv, "/plans/%lld#closing-h",
	                                   (long long)x.plan));
	ht_client_free(web);
	ht_client_free(eva);
	ht_client_free(bo);
}

/* Who sees nothing: a user of an unrelated unit, and a participant
 * whose principal the consent no longer covers. */
static void test_access(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct invited x = plan_invited(eva, 240);
	reply(bo, x.invitation);
	establish(eva, &x, 7);
	json_t *wl = worklist(bo);
	assert_non_null(row(wl, "follow_ups", x.plan, NULL, 0));
	json_decref(wl);
	/* olle: not a row, not a name. */
	const struct ht_response *a = ht_get(olle, "/api/v1/worklist");
	ht_assert_status(a, 200);
	ht_assert_not_contains(a->body, ht_pnr("19820202", 240));
	wl = ht_json(a);
	for (int s = 0; s < 7; s++) {
		static const char *const names[] = {
			"follow_ups", "unanswered_invitations", "waiting_since_need",
			"ended_interventions", "expiring_consents", "closings_owed",
			"awaiting_my_reply"};
		assert_null(row(wl, names[s], x.plan, NULL, 0));
	}
	json_decref(wl);
	struct ht_client *web = ht_logged_in(&srv, "olle");
	const struct ht_response *p = ht_get(web, "/");
	ht_assert_page(p, 200);
	ht_assert_not_contains(p->body, ht_pnr("19820202", 240) + 8);
	ht_client_free(web);
	/* The consent no longer covers the municipality (it expired): the
	 * plan leaves bo's list, stays in eva's (her unit leads it). */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE consent SET valid_until = '%s'"
	                         " WHERE plan_id = %lld", ht_date_in(&srv, -1),
	                         (long long)x.plan), NULL);
	a = ht_get(bo, "/api/v1/worklist");
	ht_assert_status(a, 200);
	ht_assert_not_contains(a->body, ht_pnr("19820202", 240));
	wl = worklist(eva);
	assert_non_null(row(wl, "follow_ups", x.plan, NULL, 0));
	json_decref(wl);
	/* The read is audited: ONE plan.list record per read, whose
	 * subjects are the plans listed (audit_subject, 0018). */
	const char *listed = "SELECT COUNT(*) FROM audit_subject x JOIN audit_log a"
	                     " ON a.id = x.audit_id WHERE a.action = 'plan.list'"
	                     " AND x.plan_id = ?";
	const char *lists = "SELECT COUNT(*) FROM audit_log WHERE action ="
	                    " 'plan.list'";
	int64_t before = ht_sql_int(&srv, listed, id_text(x.plan));
	int64_t records = ht_sql_int(&srv, lists, NULL);
	json_decref(worklist(eva));
	assert_int_equal(ht_sql_int(&srv, listed, id_text(x.plan)), before + 1);
	assert_int_equal(ht_sql_int(&srv, lists, NULL), records + 1);
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(olle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow_ups_and_ended_interventions),
		cmocka_unit_test(test_invitations_and_waiting),
		cmocka_unit_test(test_expiring_consents),
		cmocka_unit_test(test_closings_owed),
		cmocka_unit_test(test_access),
	};
	return cmocka_run_group_tests_name("worklist", tests, group_setup,
	                                   group_teardown);
}
