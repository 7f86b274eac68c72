/*
 * test_citizen_consent.c — the individual decides who sees what
 * (h/cconsent): the consents page, narrowing each way (and that a unit
 * removed loses the plan on its very next request and from its work
 * list), withdrawal (which closes the plan when it is the last consent),
 * the requests to the coordinator, the notices in the parties' work
 * lists, and who may do what: the adult individual and a guardian may,
 * a child of 15-17 may not (403, with words), a relative the plan is
 * shared with sees nothing of it here (404), nor does anyone with
 * another person's consent id. Every refusal changes nothing.
 *
 * Demo plan 1 is Anna's (19990315-2388): consent 1 to Ludvika kommun
 * (bo's Socialpsykiatri), Region Dalarna (eva's lead unit) and Högskolan
 * Dalarna (sara's Studenthälsan), health, social and school, until a
 * year after the day the demo was made (read into anna_until). Plan 2 is Liam's (15): consent 2, the guardians'. The tests
 * run in order; the withdrawal, which closes Anna's plan, comes last.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define ANNA "199903152388"
#define ELENA "199708222386"
#define LIAM "201106044520"
#define MARIA "198001012346"

static struct ht_server srv;
static int64_t anna_plan, anna_consent, liam_plan, liam_consent;
static int64_t pr_kommun, pr_region, pr_hogskolan, pr_fk;
/* Anna's consent's last day as the demo wrote it, before any narrowing. */
static const char *anna_until;

static int up(void **state)
{
	(void)state;
	if (!ht_server_start(&srv, &(struct ht_server_opts){.demo = true}))
		return -1;
	anna_plan = ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person"
	                       " pe ON pe.id = p.person_id WHERE"
	                       " pe.personnummer = ?", ANNA);
	liam_plan = ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person"
	                       " pe ON pe.id = p.person_id WHERE"
	                       " pe.personnummer = ?", LIAM);
	anna_consent = ht_sql_int(&srv, "SELECT MIN(id) FROM consent WHERE"
	                          " plan_id = CAST(? AS BIGINT)",
	                          ht_fmt(&srv, "%lld", (long long)anna_plan));
	liam_consent = ht_sql_int(&srv, "SELECT MIN(id) FROM consent WHERE"
	                          " plan_id = CAST(? AS BIGINT)",
	                          ht_fmt(&srv, "%lld", (long long)liam_plan));
	anna_until = ht_sql_text(&srv, "SELECT valid_until FROM consent WHERE"
	                         " id = CAST(? AS BIGINT)",
	                         ht_fmt(&srv, "%lld", (long long)anna_consent));
	pr_kommun = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                       "Ludvika kommun");
	pr_region = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                       "Region Dalarna");
	pr_hogskolan = ht_sql_int(&srv, "SELECT id FROM principal WHERE"
	                          " name = ?", "Högskolan Dalarna");
	pr_fk = ht_sql_int(&srv, "SELECT id FROM principal WHERE name = ?",
	                   "Försäkringskassan");
	return 0;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static const char *id(int64_t v)
{
	return ht_fmt(&srv, "%lld", (long long)v);
}

static const char *consents_url(int64_t plan)
{
	return ht_fmt(&srv, "/citizen/plans/%lld/consents", (long long)plan);
}

static const char *consent_url(int64_t plan, int64_t consent, const char *w)
{
	return ht_fmt(&srv, "/citizen/plans/%lld/consents/%lld/%s",
	              (long long)plan, (long long)consent, w);
}

static struct ht_client *citizen(const char *pnr)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, pnr));
	return c;
}

/* What a consent is, as one string: refusals must leave it as it was. */
static const char *consent_state(int64_t consent)
{
	const char *cid = id(consent);
	return ht_fmt(&srv, "%s|%lld|%lld|%lld|%lld|%lld|%s",
	              ht_sql_text(&srv, "SELECT valid_until FROM consent WHERE"
	                          " id = CAST(? AS BIGINT)", cid),
	              (long long)ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                    " consent_recipient WHERE consent_id"
	                                    " = CAST(? AS BIGINT)", cid),
	              (long long)ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                    " consent_scope WHERE consent_id ="
	                                    " CAST(? AS BIGINT)", cid),
	              (long long)ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                    " consent_narrowing", NULL),
	              (long long)ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                    " plan_notice", NULL),
	              (long long)ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                                    " citizen_request", NULL),
	              ht_sql_text(&srv, "SELECT state FROM plan p JOIN consent c"
	                          " ON c.plan_id = p.id WHERE c.id ="
	                          " CAST(? AS BIGINT)", cid));
}

/* The narrowings of Anna's consent from the date the demo gave it that
 * also meet `cond`; the two values come from the database, not input. */
static const char *anna_narrowings(const char *cond)
{
	return ht_fmt(&srv, "SELECT COUNT(*) FROM consent_narrowing WHERE"
	              " consent_id = %lld AND old_valid_until = '%s' AND %s",
	              (long long)anna_consent, anna_until, cond);
}

static const struct ht_response *narrow(struct ht_client *c, int64_t plan,
                                        int64_t consent, const char *k1,
                                        const char *v1, const char *k2,
                                        const char *v2)
{
	return ht_post_form(c, consent_url(plan, consent, "narrow"),
	                    "csrf_token", ht_citizen_csrf(c), k1, v1, k2, v2,
	                    NULL);
}

static void test_anna_reads_her_consents(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = ht_get(c, consents_url(anna_plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Vem får se dina uppgifter");
	ht_assert_contains(r->body, "Region Dalarna");
	ht_assert_contains(r->body, "Högskolan Dalarna");
	ht_assert_contains(r->body, "Studenthälsan, Högskolan Dalarna");
	ht_assert_contains(r->body, "Skolan");
	ht_assert_contains(r->body, anna_until);
	ht_assert_contains(r->body, "Gäller nu.");
	ht_assert_contains(r->body, consent_url(anna_plan, anna_consent,
	                                        "narrow"));
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                       " action = ?", "citizen.consents.read") >= 1);
	ht_client_free(c);
}

static void test_relative_child_and_strangers(void **state)
{
	(void)state;
	const char *before = consent_state(anna_consent);
	/* Elena, with whom Anna shares the plan in force: nothing here. */
	struct ht_client *e = citizen(ELENA);
	ht_assert_status(ht_get(e, consents_url(anna_plan)), 404);
	ht_assert_status(ht_get(e, consent_url(anna_plan, anna_consent,
	                                       "narrow")), 404);
	ht_assert_status(narrow(e, anna_plan, anna_consent, "valid_until",
	                        ht_date_in(&srv, 10), NULL, NULL), 404);
	ht_client_free(e);
	/* Anna with Liam's plan, or Liam's consent id on her own plan. */
	struct ht_client *a = citizen(ANNA);
	ht_assert_status(ht_get(a, consents_url(liam_plan)), 404);
	ht_assert_status(ht_get(a, consent_url(anna_plan, liam_consent,
	                                       "narrow")), 404);
	ht_assert_status(narrow(a, anna_plan, liam_consent, "valid_until",
	                        ht_date_in(&srv, 10), NULL, NULL), 404);
	ht_assert_status(ht_get(a, consent_url(anna_plan, liam_consent,
	                                       "withdraw")), 404);
	ht_client_free(a);
	/* Liam, 15, reads his consents but his guardians decide. */
	const char *liam_before = consent_state(liam_consent);
	struct ht_client *l = citizen(LIAM);
	const struct ht_response *r = ht_get(l, consents_url(liam_plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "vårdnadshavare bestämmer");
	r = ht_get(l, consent_url(liam_plan, liam_consent, "narrow"));
	ht_assert_html(r, 403);
	ht_assert_contains(r->body, "vårdnadshavare bestämmer");
	r = narrow(l, liam_plan, liam_consent, "remove_categories", "school",
	           NULL, NULL);
	ht_assert_html(r, 403);
	ht_assert_status(ht_post_form(l, consent_url(liam_plan, liam_consent,
	                                             "withdraw"),
	                              "csrf_token", ht_citizen_csrf(l),
	                              "confirm", "yes", NULL), 403);
	ht_assert_status(ht_post_form(l, ht_fmt(&srv, "/citizen/plans/%lld/"
	                                        "follow-up-request",
	                                        (long long)liam_plan),
	                              "csrf_token", ht_citizen_csrf(l),
	                              "reason", "Det har hänt mycket.", NULL),
	                 403);
	ht_client_free(l);
	assert_string_equal(consent_state(liam_consent), liam_before);
	assert_string_equal(consent_state(anna_consent), before);
}

static void test_guardian_narrows_for_the_child(void **state)
{
	(void)state;
	struct ht_client *m = citizen(MARIA);
	ht_assert_page(ht_get(m, consent_url(liam_plan, liam_consent,
	                                     "narrow")), 200);
	const struct ht_response *r = narrow(m, liam_plan, liam_consent,
	                                     "remove_categories", "school",
	                                     NULL, NULL);
	ht_assert_status(r, 303);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM consent_scope"
	                            " WHERE consent_id = CAST(? AS BIGINT) AND"
	                            " category = 'school'", id(liam_consent)),
	                 0);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                            " consent_narrowing WHERE consent_id ="
	                            " CAST(? AS BIGINT) AND removed_category ="
	                            " 'school' AND citizen_session_id IS NOT"
	                            " NULL", id(liam_consent)), 1);
	r = ht_get(m, consents_url(liam_plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Skolan delas inte längre");
	ht_client_free(m);
}

static void test_refusals_change_nothing(void **state)
{
	(void)state;
	struct ht_client *a = citizen(ANNA);
	const char *before = consent_state(anna_consent);
	const struct ht_response *r;
	/* Longer: refused, and the way to ask for it is named. The demo's
	 * consent runs a year at most, so 800 days on is always later. */
	r = narrow(a, anna_plan, anna_consent, "valid_until",
	           ht_date_in(&srv, 800),
	           NULL, NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "bara göra tiden kortare");
	/* The same date, a date in the past, not a date. */
	ht_assert_html(narrow(a, anna_plan, anna_consent, "valid_until",
	                      anna_until, NULL, NULL), 422);
	r = narrow(a, anna_plan, anna_consent, "valid_until",
	           ht_date_in(&srv, -1), NULL, NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "redan varit");
	ht_assert_status(narrow(a, anna_plan, anna_consent, "valid_until",
	                        "2027-02-30", NULL, NULL), 422);
	/* A principal that is no recipient, one that does not exist, a
	 * category not in the consent. */
	r = narrow(a, anna_plan, anna_consent, "remove_principal_ids",
	           id(pr_fk), NULL, NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "Välj bland dem som får uppgifterna");
	ht_assert_status(narrow(a, anna_plan, anna_consent,
	                        "remove_principal_ids", "999999", NULL, NULL),
	                 422);
	ht_assert_status(narrow(a, anna_plan, anna_consent,
	                        "remove_categories", "financial", NULL, NULL),
	                 422);
	/* Nothing chosen. */
	r = narrow(a, anna_plan, anna_consent, "valid_until", "", NULL, NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "Välj vad du vill ändra");
	/* Everyone, or every category: that is a withdrawal. */
	r = ht_post_form(a, consent_url(anna_plan, anna_consent, "narrow"),
	                 "csrf_token", ht_citizen_csrf(a),
	                 "remove_principal_ids", id(pr_kommun),
	                 "remove_principal_ids", id(pr_region),
	                 "remove_principal_ids", id(pr_hogskolan), NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "samma sak som att återkalla");
	ht_assert_contains(r->body, consent_url(anna_plan, anna_consent,
	                                        "withdraw"));
	r = ht_post_form(a, consent_url(anna_plan, anna_consent, "narrow"),
	                 "csrf_token", ht_citizen_csrf(a),
	                 "remove_categories", "health",
	                 "remove_categories", "social",
	                 "remove_categories", "school", NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "samma sak som att återkalla");
	/* Without the session's CSRF token. */
	ht_assert_status(ht_post_form(a, consent_url(anna_plan, anna_consent,
	                                             "narrow"),
	                              "valid_until", ht_date_in(&srv, 5), NULL),
	                 403);
	/* The withdrawal needs its confirmation. */
	ht_assert_html(ht_post_form(a, consent_url(anna_plan, anna_consent,
	                                           "withdraw"),
	                            "csrf_token", ht_citizen_csrf(a), NULL),
	               422);
	assert_string_equal(consent_state(anna_consent), before);
	ht_client_free(a);
}

static bool worklist_lists(struct ht_client *staff, int64_t plan)
{
	json_t *w = ht_api_get(staff, "/api/v1/worklist", 200);
	json_t *plans = json_object_get(w, "plans");
	size_t i;
	json_t *p;
	bool found = false;
	json_array_foreach(plans, i, p)
		found |= ht_jint(p, "id") == plan;
	json_decref(w);
	return found;
}

/* The notices of kind in the caller's work list for plan; *text gets
 * the first one's request_text (NULL when none). */
static int notices(struct ht_client *staff, int64_t plan, const char *kind,
                   const char **text, int64_t *notice_id)
{
	json_t *w = ht_api_get(staff, "/api/v1/worklist", 200);
	json_t *list = json_object_get(w, "notices");
	size_t i;
	json_t *n;
	int count = 0;
	json_array_foreach(list, i, n) {
		if (ht_jint(n, "plan_id") != plan ||
		    strcmp(ht_jstr(n, "kind"), kind) != 0)
			continue;
		if (count++ == 0) {
			if (text) {
				const char *t = ht_jstr(n, "request_text");
				*text = t ? ht_fmt(&srv, "%s", t) : NULL;
			}
			if (notice_id)
				*notice_id = ht_jint(n, "id");
		}
	}
	json_decref(w);
	return count;
}

static void test_removed_unit_loses_the_plan_at_once(void **state)
{
	(void)state;
	struct ht_client *sara = ht_logged_in(&srv, "sara");
	struct ht_client *sara_api = ht_client_new(&srv);
	ht_client_bearer(sara_api, ht_token_create(&srv, "sara"));
	struct ht_client *eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	struct ht_client *bo = ht_client_new(&srv);
	ht_client_bearer(bo, ht_token_create(&srv, "bo"));
	const char *plan_path = ht_fmt(&srv, "/plans/%lld", (long long)anna_plan);
	ht_assert_page(ht_get(sara, plan_path), 200);
	/* sara replied to the invitation: the plan is in her work list. */
	assert_true(worklist_lists(sara_api, anna_plan));

	struct ht_client *a = citizen(ANNA);
	ht_assert_status(narrow(a, anna_plan, anna_consent,
	                        "remove_principal_ids", id(pr_hogskolan), NULL,
	                        NULL), 303);
	/* Her very next request: not found; gone from her work list. */
	ht_assert_status(ht_get(sara, plan_path), 404);
	ht_assert_status(ht_get(sara_api, ht_fmt(&srv, "/api/v1/plans/%lld",
	                                         (long long)anna_plan)), 404);
	assert_false(worklist_lists(sara_api, anna_plan));
	assert_int_equal(notices(sara_api, anna_plan, "consent_narrowed", NULL,
	                         NULL), 0);
	/* The coordinator and the unit still taking part are told. */
	assert_int_equal(notices(eva, anna_plan, "consent_narrowed", NULL, NULL),
	                 1);
	assert_int_equal(notices(bo, anna_plan, "consent_narrowed", NULL, NULL),
	                 1);
	struct ht_client *eva_page = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_get(eva_page, "/");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Den enskilde har begränsat ett samtycke");
	ht_assert_contains(r->body, "Högskolan Dalarna får inte längre");
	/* History kept: who, when, what, the date it had. */
	assert_int_equal(ht_sql_int(&srv, anna_narrowings("removed_principal_id"
	                                                  " IS NOT NULL AND"
	                                                  " citizen_session_id IS"
	                                                  " NOT NULL"), NULL), 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                            " action = ?", "citizen.consent.narrow"), 2);
	r = ht_get(a, consents_url(anna_plan));
	ht_assert_contains(r->body, "Högskolan Dalarna får inte längre "
	                            "uppgifterna");
	ht_client_free(a);
	ht_client_free(sara);
	ht_client_free(sara_api);
	ht_client_free(eva);
	ht_client_free(eva_page);
	ht_client_free(bo);
}

static void test_category_and_date(void **state)
{
	(void)state;
	struct ht_client *a = citizen(ANNA);
	const char *later = ht_date_in(&srv, 60);
	ht_assert_status(narrow(a, anna_plan, anna_consent, "remove_categories",
	                        "school", "valid_until", later), 303);
	assert_string_equal(ht_sql_text(&srv, "SELECT valid_until FROM consent"
	                                " WHERE id = CAST(? AS BIGINT)",
	                                id(anna_consent)), later);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM consent_scope"
	                            " WHERE consent_id = CAST(? AS BIGINT)",
	                            id(anna_consent)), 2);
	assert_int_equal(ht_sql_int(&srv, anna_narrowings("new_valid_until = ?"),
	                            later), 1);
	/* Today is the earliest last day. */
	ht_assert_status(narrow(a, anna_plan, anna_consent, "valid_until",
	                        ht_date_in(&srv, 0), NULL, NULL), 303);
	const struct ht_response *r = ht_get(a, consents_url(anna_plan));
	ht_assert_contains(r->body, "Skolan delas inte längre");
	ht_assert_contains(r->body, ht_date_in(&srv, 0));
	ht_client_free(a);
}

static void test_a_unit_marks_a_notice_seen(void **state)
{
	(void)state;
	struct ht_client *bo_api = ht_client_new(&srv);
	ht_client_bearer(bo_api, ht_token_create(&srv, "bo"));
	struct ht_client *eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	int64_t nid = 0;
	int was = notices(bo_api, anna_plan, "consent_narrowed", NULL, &nid);
	assert_true(was >= 1);
	int eva_was = notices(eva, anna_plan, "consent_narrowed", NULL, NULL);
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	const char *path = ht_fmt(&srv, "/notices/%lld/seen", (long long)nid);
	/* Not his unit: not found; no unit: refused. */
	ht_assert_status(ht_post_form(bo, path, "csrf_token", ht_csrf(bo),
	                              "unit_id", "1", NULL), 404);
	ht_assert_status(ht_post_form(bo, path, "csrf_token", ht_csrf(bo),
	                              NULL), 422);
	ht_assert_status(ht_post_form(bo, path, "csrf_token", ht_csrf(bo),
	                              "unit_id", "4", NULL), 303);
	assert_int_equal(notices(bo_api, anna_plan, "consent_narrowed", NULL,
	                         NULL), was - 1);
	/* Seen per unit: the coordinator's unit still has it. */
	assert_int_equal(notices(eva, anna_plan, "consent_narrowed", NULL, NULL),
	                 eva_was);
	/* The same through the API, for the coordinator's unit. */
	int64_t eva_nid = 0;
	notices(eva, anna_plan, "consent_narrowed", NULL, &eva_nid);
	const char *api_path = ht_fmt(&srv, "/api/v1/notices/%lld/seen",
	                              (long long)eva_nid);
	ht_assert_problem(ht_post_json(eva, api_path, "{}", NULL), 422);
	ht_assert_problem(ht_post_json(eva, api_path, "{\"unit_id\": 4}", NULL),
	                  404);
	ht_assert_status(ht_post_json(eva, api_path, "{\"unit_id\": 1}", NULL),
	                 200);
	assert_int_equal(notices(eva, anna_plan, "consent_narrowed", NULL, NULL),
	                 eva_was - 1);
	/* sara, whose unit was removed, cannot mark it. */
	struct ht_client *sara = ht_logged_in(&srv, "sara");
	ht_assert_status(ht_post_form(sara, path, "csrf_token", ht_csrf(sara),
	                              "unit_id", "8", NULL), 404);
	ht_client_free(sara);
	ht_client_free(bo);
	ht_client_free(bo_api);
	ht_client_free(eva);
}

static void test_widen_is_a_request(void **state)
{
	(void)state;
	struct ht_client *a = citizen(ANNA);
	const char *before = consent_state(anna_consent);
	const char *url = consent_url(anna_plan, anna_consent, "widen");
	const struct ht_response *r = ht_get(a, url);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Försäkringskassan");
	/* Without her own words, without a choice, an unknown principal. */
	r = ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a),
	                 "principal_ids", id(pr_fk), NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "egna ord");
	ht_assert_html(ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a),
	                            "text", "Jag vill det.", NULL), 422);
	ht_assert_html(ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a),
	                            "principal_ids", "999999", "text",
	                            "Jag vill det.", NULL), 422);
	assert_string_equal(consent_state(anna_consent), before);
	r = ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a),
	                 "principal_ids", id(pr_fk), "categories", "employment",
	                 "text", "Försäkringskassan behöver veta om mitt "
	                 "arbete.", NULL);
	ht_assert_status(r, 303);
	/* Nothing widened: a request, which the coordinator reads. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM"
	                            " consent_recipient WHERE consent_id ="
	                            " CAST(? AS BIGINT)", id(anna_consent)), 2);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_request"
	                            " WHERE kind = 'consent_widen'", NULL), 1);
	struct ht_client *eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	const char *text = NULL;
	assert_int_equal(notices(eva, anna_plan, "consent_widen_requested",
	                         &text, NULL), 1);
	assert_non_null(text);
	ht_assert_contains(text, "mitt arbete");
	/* The other parties see that she asked, not what she wrote. */
	struct ht_client *bo = ht_client_new(&srv);
	ht_client_bearer(bo, ht_token_create(&srv, "bo"));
	text = "unset";
	assert_int_equal(notices(bo, anna_plan, "consent_widen_requested",
	                         &text, NULL), 1);
	assert_null(text);
	ht_client_free(bo);
	ht_client_free(eva);
	ht_client_free(a);
}

static void test_earlier_follow_up_request(void **state)
{
	(void)state;
	struct ht_client *a = citizen(ANNA);
	const char *url = ht_fmt(&srv, "/citizen/plans/%lld/follow-up-request",
	                         (long long)anna_plan);
	ht_assert_page(ht_get(a, url), 200);
	int64_t before = ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_request",
	                            NULL);
	const struct ht_response *r = ht_post_form(
		a, url, "csrf_token", ht_citizen_csrf(a), "reason", "", NULL);
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "Skriv vad som har hänt");
	char big[2100];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ht_assert_html(ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a),
	                            "reason", big, NULL), 422);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM citizen_request",
	                            NULL), before);
	r = ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a), "reason",
	                 "Jag har förlorat min lägenhet.", NULL);
	ht_assert_status(r, 303);
	struct ht_client *eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	const char *text = NULL;
	assert_int_equal(notices(eva, anna_plan, "follow_up_requested", &text,
	                         NULL), 1);
	ht_assert_contains(text, "lägenhet");
	ht_client_free(eva);
	ht_client_free(a);
}

static void test_withdrawing_the_last_consent_closes_the_plan(void **state)
{
	(void)state;
	struct ht_client *a = citizen(ANNA);
	const char *url = consent_url(anna_plan, anna_consent, "withdraw");
	const struct ht_response *r = ht_get(a, url);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "sista samtycket");
	ht_assert_contains(r->body, "Socialpsykiatri, boendestöd");
	ht_assert_contains(r->body, "återkalla och avsluta planen");
	r = ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a), "confirm",
	                 "yes", NULL);
	ht_assert_status(r, 303);
	const char *pid = id(anna_plan);
	assert_string_equal(ht_sql_text(&srv, "SELECT state || ' ' ||"
	                                " closed_reason FROM plan WHERE id ="
	                                " CAST(? AS BIGINT)", pid),
	                    "closed consent_withdrawn");
	/* Recorded as hers: digital, stated now, received by samplan. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM consent WHERE"
	                            " id = CAST(? AS BIGINT) AND withdrawn_at IS"
	                            " NOT NULL AND withdrawn_by IS NULL AND"
	                            " withdrawal_method = 'digital' AND"
	                            " withdrawal_received_by = 'samplan'",
	                            id(anna_consent)), 1);
	/* bo's unit left the plan with it; the coordinator is told. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	ht_assert_status(ht_get(bo, ht_fmt(&srv, "/plans/%lld",
	                                   (long long)anna_plan)), 404);
	struct ht_client *eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	assert_int_equal(notices(eva, anna_plan, "consent_withdrawn", NULL,
	                         NULL), 1);
	/* Anna still reads her consents, now withdrawn; nothing more to do. */
	r = ht_get(a, consents_url(anna_plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Återkallat");
	ht_assert_not_contains(r->body, url);
	ht_assert_status(ht_post_form(a, url, "csrf_token", ht_citizen_csrf(a),
	                              "confirm", "yes", NULL), 409);
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(a);
}

static void test_a_guardian_withdraws_for_the_child(void **state)
{
	(void)state;
	struct ht_client *m = citizen(MARIA);
	const char *url = consent_url(liam_plan, liam_consent, "withdraw");
	const struct ht_response *r = ht_get(m, url);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Samtycket gavs av vårdnadshavarna");
	ht_assert_status(ht_post_form(m, url, "csrf_token", ht_citizen_csrf(m),
	                              "confirm", "yes", NULL), 303);
	assert_string_equal(ht_sql_text(&srv, "SELECT state || ' ' ||"
	                                " closed_reason FROM plan WHERE id ="
	                                " CAST(? AS BIGINT)", id(liam_plan)),
	                    "closed consent_withdrawn");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM consent WHERE"
	                            " id = CAST(? AS BIGINT) AND withdrawal_note"
	                            " = 'Återkallat av en vårdnadshavare i"
	                            " samplan.'", id(liam_consent)), 1);
	/* Staff are told in Swedish, whatever language she used. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_notice"
	                            " WHERE plan_id = CAST(? AS BIGINT) AND kind"
	                            " = 'consent_withdrawn' AND detail LIKE"
	                            " '%Planen är avslutad.'", id(liam_plan)), 1);
	ht_client_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anna_reads_her_consents),
		cmocka_unit_test(test_relative_child_and_strangers),
		cmocka_unit_test(test_guardian_narrows_for_the_child),
		cmocka_unit_test(test_refusals_change_nothing),
		cmocka_unit_test(test_removed_unit_loses_the_plan_at_once),
		cmocka_unit_test(test_category_and_date),
		cmocka_unit_test(test_a_unit_marks_a_notice_seen),
		cmocka_unit_test(test_widen_is_a_request),
		cmocka_unit_test(test_earlier_follow_up_request),
		cmocka_unit_test(test_withdrawing_the_last_consent_closes_the_plan),
		cmocka_unit_test(test_a_guardian_withdraws_for_the_child),
	};
	return cmocka_run_group_tests(tests, up, down);
}
