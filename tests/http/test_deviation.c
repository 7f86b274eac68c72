/*
 * test_deviation.c — deviations in the collaboration over real HTTP
 * (sip/deviation.h, issue 12): a deviation reported by eva (region,
 * the lead unit) against bo's unit (Ludvika kommun), invited and never
 * answering, taken through received → investigating → answered → closed
 * with measures as bo's unit, page by page; every refused step; who
 * sees a deviation — and that an unrelated unit learns nothing (404 on
 * every path, absent from the lists and the work list); the person only
 * for those who see the plan; the checks of a report, a personnummer in
 * the description among them; samplan's suggestions (an invitation
 * unanswered after its meeting was held, a follow-up more than 30 days
 * late) and that it never reports by itself; the overdue marker.
 *
 * One server with the demo data; each test registers its own people
 * (made-up personnummer that pass the Luhn check).
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

#include "harness.h"

static struct ht_server srv;
static struct arena scratch;

#define HSA_VPL "SE2321000180-VPL1" /* eva's unit (region) */
#define HSA_SPB "SE2120000837-SPB1" /* bo's unit (Ludvika kommun) */

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

static const char *id_text(int64_t id)
{
	return arena_printf(&scratch, "%lld", (long long)id);
}

static int64_t unit(const char *hsa)
{
	return ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?", hsa);
}

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

static const char *plan_url(int64_t plan, const char *rest)
{
	return ht_fmt(&srv, "/api/v1/plans/%lld%s", (long long)plan, rest);
}

static const char *dev_url(int64_t id, const char *rest)
{
	return ht_fmt(&srv, "/api/v1/deviations/%lld%s", (long long)id, rest);
}

static const char *dev_page(int64_t id, const char *rest)
{
	return ht_fmt(&srv, "/deviations/%lld%s", (long long)id, rest);
}

static void assert_field_error(json_t *problem, const char *field,
                               const char *says)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(problem, "errors"), i, e)
		if (strcmp(ht_jstr(e, "field"), field) == 0) {
			ht_assert_contains(ht_jstr(e, "message"), says);
			return;
		}
	fail_msg("no error for %s", field);
}

struct invited {
	int64_t plan, person, meeting, invitation;
	const char *pnr, *family;
};

/* A plan with a consent for region and municipality, a meeting today
 * and bo's unit invited: the plan waits in `invited`. */
static struct invited plan_invited(struct ht_client *eva, int serial)
{
	struct invited x = {0};
	x.pnr = arena_strdup(&scratch, ht_pnr("19800303", serial));
	x.family = arena_printf(&scratch, "Avvikelsesson%d", serial);
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                        json_pack("{s:s, s:s, s:s}", "personnummer", x.pnr,
	                                  "given_name", "Disa", "family_name",
	                                  x.family),
	                        201);
	x.person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	                json_pack("{s:I, s:s, s:s, s:o}", "person_id",
	                          (json_int_t)x.person, "initiated_by",
	                          "professional", "need_professional",
	                          "Behöver samordnat stöd.", "principal_ids",
	                          parties()),
	                201);
	x.plan = ht_jint(p, "id");
	json_decref(p);
	json_decref(ht_api_post(eva, plan_url(x.plan, "/consents"),
	                        json_pack("{s:s, s:s, s:s, s:[s,s], s:o}",
	                                  "given_by", "individual", "form",
	                                  "written", "valid_until",
	                                  ht_date_in(&srv, 365), "scopes", "health",
	                                  "social", "recipient_ids", parties()),
	                        201));
	json_decref(ht_api_post(eva, plan_url(x.plan, "/preparation"),
	                        json_pack("{s:s, s:s}", "purpose",
	                                  "Samordna stödet.", "participation",
	                                  "whole"),
	                        200));
	p = ht_api_post(eva, plan_url(x.plan, "/meetings"),
	                json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                          ht_date_in(&srv, 0), "start_time", "10:00",
	                          "duration_minutes", 60, "place", "Mottagningen",
	                          "purpose", "Samordna stödet."),
	                201);
	x.meeting = ht_jint(json_array_get(json_object_get(p, "meetings"), 0), "id");
	json_decref(p);
	p = ht_api_post(eva, plan_url(x.plan, "/invitations"),
	                json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                          (json_int_t)x.meeting, "invitations", "unit_id",
	                          (json_int_t)unit(HSA_SPB)),
	                201);
	x.invitation = ht_jint(json_array_get(json_object_get(p, "invitations"), 0),
	                       "id");
	json_decref(p);
	return x;
}

/* The plan established at the meeting (so it was held), bo's unit never
 * having answered; the follow-up in `follow_up_days`. */
static void establish(struct ht_client *eva, const struct invited *x,
                      int follow_up_days)
{
	json_t *b = json_pack(
		"{s:s, s:s, s:s, s:[{s:s, s:s}], s:[{s:i, s:s, s:s, s:I, s:s}],"
		" s:s, s:I, s:s, s:b, s:I, s:[{s:s}, {s:s}], s:s, s:s, s:s}",
		"situation", "Bor själv.", "wishes", "Klara vardagen.", "needs",
		"Stöd.", "goals", "kind", "overall", "text", "Klara vardagen",
		"interventions", "goal", 1, "what", "Samtal", "responsible_kind",
		"region_unit", "responsible_unit_id", (json_int_t)unit(HSA_VPL),
		"timing", "Hösten", "follow_up_place", "Mottagningen",
		"coordinator_user_id", (json_int_t)ht_user_id(&srv, "eva"),
		"follow_up_date", ht_date_in(&srv, follow_up_days),
		"individual_approved", 1, "meeting_id", (json_int_t)x->meeting,
		"participants", "name", "Disa", "name", "Eva Lind", "chair",
		"Eva Lind", "secretary", "Eva Lind", "crisis_plan", "Ring 1177.");
	json_decref(ht_api_post(eva, plan_url(x->plan, "/establish"), b, 201));
}

static json_t *report_body(const char *kind, int64_t unit_id,
                           const char *description)
{
	json_t *b = json_object();
	if (kind)
		json_object_set_new(b, "kind", json_string(kind));
	if (unit_id)
		json_object_set_new(b, "unit_id", json_integer(unit_id));
	if (description)
		json_object_set_new(b, "description", json_string(description));
	return b;
}

/* eva reports against bo's unit through the API: the deviation's id. */
static int64_t report(struct ht_client *eva, int64_t plan, const char *text)
{
	json_t *d = ht_api_post(eva, plan_url(plan, "/deviations"),
	                        report_body("invitation_unanswered",
	                                    unit(HSA_SPB), text),
	                        201);
	int64_t id = ht_jint(d, "id");
	assert_string_equal(ht_jstr(d, "state"), "reported");
	json_decref(d);
	return id;
}

static json_t *step_body(int64_t handler, const char *text)
{
	json_t *b = json_object();
	if (handler)
		json_object_set_new(b, "handler_user_id", json_integer(handler));
	if (text)
		json_object_set_new(b, "text", json_string(text));
	return b;
}

/* A user of bo's unit: a professional, or its unit administrator. */
static int64_t spb_user(const char *username, const char *role)
{
	int64_t id = ht_user_create(&srv, username, role);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE user_unit SET unit_id = %lld"
	                               " WHERE user_id = %lld",
	                         (long long)unit(HSA_SPB), (long long)id), NULL);
	return id;
}

static bool listed(json_t *list, int64_t id)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
		if (ht_jint(e, "id") == id)
			return true;
	return false;
}

/* ---- the workflow, as the invited unit that never answered ---- */

static void test_workflow_to_closed(void **state)
{
	(void)state;
	struct ht_client *eva_api = ht_api_as(&srv, "eva");
	struct invited x = plan_invited(eva_api, 1);
	establish(eva_api, &x, 90);
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	/* samplan suggests it on the plan page; nothing is reported yet. */
	const struct ht_response *r = ht_get(eva, ht_fmt(&srv, "/plans/%lld",
	                                                 (long long)x.plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Föreslagen avvikelse");
	ht_assert_contains(r->body, "Socialpsykiatri, boendestöd har inte svarat "
	                            "på kallelsen");
	const char *form = ht_fmt(&srv, "/plans/%lld/deviations/new?kind="
	                          "invitation_unanswered&amp;unit_id=%lld&amp;"
	                          "suggestion=invitation_unanswered&amp;"
	                          "invitation_id=%lld", (long long)x.plan,
	                          (long long)unit(HSA_SPB),
	                          (long long)x.invitation);
	ht_assert_contains(r->body, form);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM deviation WHERE"
	                                  " plan_id = ?", id_text(x.plan)), 0);
	/* The form, prefilled by the suggestion. */
	r = ht_get(eva, ht_fmt(&srv, "/plans/%lld/deviations/new?kind="
	                       "invitation_unanswered&unit_id=%lld&suggestion="
	                       "invitation_unanswered&invitation_id=%lld",
	                       (long long)x.plan, (long long)unit(HSA_SPB),
	                       (long long)x.invitation));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "value=\"invitation_unanswered\" checked");
	ht_assert_contains(r->body, "En part har inte svarat på en kallelse");
	ht_assert_contains(r->body, "Brister i hur den enskilde bemöttes på mötet");
	ht_assert_contains(r->body, "name=\"suggestion\" value=\"invitation_unanswered\"");
	ht_assert_contains(r->body, "Skriv inte den enskildes namn eller "
	                            "personnummer");
	/* The reporter's own unit is no party to choose. */
	ht_assert_not_contains(r->body, ht_fmt(&srv, "<option value=\"%lld\"",
	                                       (long long)unit(HSA_VPL)));
	const char *csrf = ht_csrf(eva);
	r = ht_post_form(eva, ht_fmt(&srv, "/plans/%lld/deviations/new",
	                             (long long)x.plan),
	                 "csrf_token", csrf, "kind", "invitation_unanswered",
	                 "unit_id", id_text(unit(HSA_SPB)), "description",
	                 "Boendestödet svarade inte på kallelsen och kom inte "
	                 "till mötet.",
	                 "suggestion", "invitation_unanswered", "invitation_id",
	                 id_text(x.invitation), NULL);
	ht_assert_status(r, 303);
	int64_t id = ht_sql_int(&srv, "SELECT MAX(id) FROM deviation WHERE"
	                              " plan_id = ?", id_text(x.plan));
	assert_true(id > 0);
	ht_assert_contains(r->location, ht_fmt(&srv, "/deviations/%lld?done="
	                                       "reported", (long long)id));
	assert_string_equal(ht_sql_text(&srv, "SELECT suggestion || ' ' ||"
	                                      " invitation_id || ' ' || answer_due"
	                                      " || ' ' || state FROM deviation"
	                                      " WHERE id = ?", id_text(id)),
	                    ht_fmt(&srv, "invitation_unanswered %lld %s reported",
	                           (long long)x.invitation,
	                           ht_date_in(&srv, 60)));
	assert_int_equal(ht_sql_int(&srv, "SELECT principal_id FROM deviation"
	                                  " WHERE id = ?", id_text(id)),
	                 principal("Ludvika kommun"));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'deviation.report'"
	                                  " AND plan_id = ?", id_text(x.plan)), 1);
	r = ht_get(eva, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Avvikelsen är rapporterad.");
	/* Once reported, the suggestion is gone. */
	r = ht_get(eva, ht_fmt(&srv, "/plans/%lld", (long long)x.plan));
	ht_assert_not_contains(r->body, "Föreslagen avvikelse");
	ht_assert_contains(r->body, dev_page(id, ""));

	/* bo's unit sees it in its work list, on the page and in the API. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	r = ht_get(bo, "/");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Avvikelser mot dina enheter");
	ht_assert_contains(r->body, dev_page(id, ""));
	struct ht_client *bo_api = ht_api_as(&srv, "bo");
	json_t *wl = ht_api_get(bo_api, "/api/v1/worklist", 200);
	assert_true(listed(json_object_get(wl, "deviations"), id));
	json_decref(wl);
	/* Received, naming bo as the handler. */
	r = ht_get(bo, dev_page(id, ""));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Ta emot avvikelsen");
	ht_assert_contains(r->body, "Disa");
	csrf = ht_csrf(bo);
	r = ht_post_form(bo, dev_page(id, "/receive"), "csrf_token", csrf,
	                 "handler_user_id", id_text(ht_user_id(&srv, "bo")), NULL);
	ht_assert_status(r, 303);
	r = ht_get(bo, r->location);
	ht_assert_contains(r->body, "Avvikelsen är mottagen");
	ht_assert_contains(r->body, "Börja utreda");
	r = ht_post_form(bo, dev_page(id, "/investigate"), "csrf_token", csrf,
	                 "text", "Vi går igenom hur kallelser tas emot.", NULL);
	ht_assert_status(r, 303);
	r = ht_post_form(bo, dev_page(id, "/answer"), "csrf_token", csrf, "text",
	                 "Kallelsen kom till en funktionsbrevlåda som ingen läste.",
	                 NULL);
	ht_assert_status(r, 303);
	r = ht_post_form(bo, dev_page(id, "/close"), "csrf_token", csrf, "text",
	                 "Brevlådan bevakas dagligen av två personer.", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(ht_sql_text(&srv, "SELECT state || ' ' || measures"
	                                      " FROM deviation WHERE id = ?",
	                                id_text(id)),
	                    "closed Brevlådan bevakas dagligen av två personer.");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM deviation_event"
	                                  " WHERE deviation_id = ?", id_text(id)), 5);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action IN ('deviation.receive',"
	                                  " 'deviation.investigate',"
	                                  " 'deviation.answer', 'deviation.close')"
	                                  " AND plan_id = ?", id_text(x.plan)), 4);
	/* The reporter sees the progress, to the measures. */
	r = ht_get(eva, dev_page(id, ""));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Avslutad med åtgärder");
	ht_assert_contains(r->body, "Brevlådan bevakas dagligen");
	ht_assert_contains(r->body, "Kallelsen kom till en funktionsbrevlåda");
	ht_assert_contains(r->body, "Bo Berg");
	json_t *d = ht_api_get(eva_api, dev_url(id, ""), 200);
	assert_int_equal(json_array_size(json_object_get(d, "events")), 5);
	assert_int_equal(json_array_size(json_object_get(d, "allowed_steps")), 0);
	assert_true(json_is_false(json_object_get(d, "overdue")));
	json_decref(d);
	/* Closed ones leave the work list but stay in the list. */
	wl = ht_api_get(bo_api, "/api/v1/worklist", 200);
	assert_false(listed(json_object_get(wl, "deviations"), id));
	json_decref(wl);
	json_t *all = ht_api_get(bo_api, "/api/v1/deviations", 200);
	assert_true(listed(json_object_get(all, "deviations"), id));
	json_decref(all);
	r = ht_get(eva, "/deviations");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Avvikelser som dina enheter har rapporterat");
	ht_assert_contains(r->body, dev_page(id, ""));
	ht_client_free(bo_api);
	ht_client_free(bo);
	ht_client_free(eva);
	ht_client_free(eva_api);
}

/* ---- every refused step ---- */

static void test_refused_steps(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct invited x = plan_invited(eva, 2);
	int64_t id = report(eva, x.plan, "Ingen från boendestödet svarade.");
	int64_t bo_id = ht_user_id(&srv, "bo");
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	/* The reporter's unit follows; it takes no step. */
	json_t *p = ht_api_post(eva, dev_url(id, "/receive"),
	                        step_body(ht_user_id(&srv, "eva"), NULL), 403);
	ht_assert_contains(ht_jstr(p, "detail"), "hanteras av Socialpsykiatri");
	json_decref(p);
	/* Out of order: each names the state and the next step. */
	static const char *const early[] = {"/investigate", "/answer", "/close"};
	for (int i = 0; i < 3; i++) {
		p = ht_api_post(bo, dev_url(id, early[i]), step_body(0, "Text."), 409);
		ht_assert_contains(ht_jstr(p, "detail"), "Avvikelsens läge: Rapporterad.");
		ht_assert_contains(ht_jstr(p, "detail"), "tar emot den");
		json_decref(p);
	}
	/* Receive needs a handler of the party's unit. */
	p = ht_api_post(bo, dev_url(id, "/receive"), step_body(0, NULL), 422);
	assert_field_error(p, "handler_user_id", "Välj vem som handlägger");
	json_decref(p);
	p = ht_api_post(bo, dev_url(id, "/receive"),
	                step_body(ht_user_id(&srv, "eva"), NULL), 422);
	assert_field_error(p, "handler_user_id", "användare på enheten");
	json_decref(p);
	p = ht_api_post(bo, dev_url(id, "/approve"), step_body(0, NULL), 404);
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	json_decref(ht_api_post(bo, dev_url(id, "/receive"),
	                        step_body(bo_id, NULL), 200));
	p = ht_api_post(bo, dev_url(id, "/receive"), step_body(bo_id, NULL), 409);
	ht_assert_contains(ht_jstr(p, "detail"), "Mottagen");
	json_decref(p);
	/* From now on the handler or a unit administrator of the unit. */
	spb_user("dev_colleague", "professional");
	struct ht_client *colleague = ht_api_as(&srv, "dev_colleague");
	p = ht_api_post(colleague, dev_url(id, "/investigate"), step_body(0, NULL),
	                403);
	ht_assert_contains(ht_jstr(p, "detail"), "Bara handläggaren (Bo Berg)");
	json_decref(p);
	spb_user("dev_chief", "unit_admin");
	struct ht_client *chief = ht_api_as(&srv, "dev_chief");
	json_t *d = ht_api_post(chief, dev_url(id, "/investigate"),
	                        step_body(0, NULL), 200);
	assert_string_equal(ht_jstr(d, "state"), "investigating");
	json_decref(d);
	p = ht_api_post(bo, dev_url(id, "/close"), step_body(0, "Åtgärd."), 409);
	ht_assert_contains(ht_jstr(p, "detail"), "besvara den");
	json_decref(p);
	p = ht_api_post(bo, dev_url(id, "/answer"), step_body(0, NULL), 422);
	assert_field_error(p, "text", "Skriv enhetens svar");
	json_decref(p);
	json_decref(ht_api_post(bo, dev_url(id, "/answer"),
	                        step_body(0, "Vi missade kallelsen."), 200));
	p = ht_api_post(bo, dev_url(id, "/close"), step_body(0, NULL), 422);
	assert_field_error(p, "text", "vilka åtgärder");
	json_decref(p);
	json_decref(ht_api_post(chief, dev_url(id, "/close"),
	                        step_body(0, "Rutin för kallelser."), 200));
	static const char *const any[] = {"/receive", "/investigate", "/answer",
	                                  "/close"};
	for (int i = 0; i < 4; i++) {
		p = ht_api_post(bo, dev_url(id, any[i]), step_body(bo_id, "Mer."), 409);
		ht_assert_contains(ht_jstr(p, "detail"), "kan inte ändras");
		json_decref(p);
	}
	/* The page says the same, with the form's errors summarised. */
	struct ht_client *web = ht_logged_in(&srv, "bo");
	int64_t id2 = report(eva, x.plan, "Andra gången utan svar.");
	const struct ht_response *r = ht_post_form(web, dev_page(id2, "/receive"),
	                                           "csrf_token", ht_csrf(web),
	                                           "handler_user_id", "", NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "Rätta följande");
	ht_assert_contains(r->body, "href=\"#f-handler_user_id\"");
	r = ht_post_form(web, dev_page(id2, "/answer"), "csrf_token",
	                 ht_csrf(web), "text", "Svar.", NULL);
	ht_assert_page(r, 409);
	ht_assert_contains(r->body, "Avvikelsens läge: Rapporterad.");
	ht_client_free(web);
	ht_client_free(chief);
	ht_client_free(colleague);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* ---- who sees what ---- */

static void test_access(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct invited x = plan_invited(eva, 3);
	const char *secret = "HEMLIG-AVVIKELSE-3";
	int64_t id = report(eva, x.plan, secret);
	/* olle (another municipality) and lars (the region, no part): not
	 * found everywhere, in no list, in no work list. */
	static const char *const outsiders[] = {"olle", "lars"};
	for (int k = 0; k < 2; k++) {
		struct ht_client *api = ht_api_as(&srv, outsiders[k]);
		struct ht_client *web = ht_logged_in(&srv, outsiders[k]);
		struct ht_snapshot snap;
		ht_snapshot_take(&srv, &snap);
		json_decref(ht_api_get(api, dev_url(id, ""), 404));
		json_decref(ht_api_get(api, dev_url(id + 100000, ""), 404));
		static const char *const steps[] = {"/receive", "/investigate",
		                                    "/answer", "/close"};
		for (int i = 0; i < 4; i++)
			json_decref(ht_api_post(api, dev_url(id, steps[i]),
			                        step_body(ht_user_id(&srv, outsiders[k]),
			                                  "x"), 404));
		json_decref(ht_api_post(api, plan_url(x.plan, "/deviations"),
		                        report_body("other", unit(HSA_SPB), "x"), 404));
		ht_assert_unchanged(&srv, &snap);
		json_t *l = ht_api_get(api, "/api/v1/deviations", 200);
		assert_false(listed(json_object_get(l, "deviations"), id));
		json_decref(l);
		l = ht_api_get(api, "/api/v1/worklist", 200);
		assert_false(listed(json_object_get(l, "deviations"), id));
		json_decref(l);
		const struct ht_response *r = ht_get(web, dev_page(id, ""));
		ht_assert_page(r, 404);
		ht_assert_not_contains(r->body, secret);
		r = ht_get(web, ht_fmt(&srv, "/plans/%lld/deviations/new",
		                       (long long)x.plan));
		ht_assert_page(r, 404);
		ht_assert_not_contains(r->body, x.family);
		r = ht_get(web, "/deviations");
		ht_assert_page(r, 200);
		ht_assert_not_contains(r->body, secret);
		ht_assert_not_contains(r->body, dev_page(id, "\""));
		r = ht_get(web, "/");
		ht_assert_not_contains(r->body, dev_page(id, "\""));
		ht_client_free(web);
		ht_client_free(api);
	}
	/* A reading is audited with the person and the plan. */
	struct ht_client *bo = ht_api_as(&srv, "bo");
	json_t *d = ht_api_get(bo, dev_url(id, ""), 200);
	assert_true(json_is_true(json_object_get(d, "person_shown")));
	assert_string_equal(ht_jstr(d, "personnummer"), x.pnr);
	json_decref(d);
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE action"
	                             " = 'deviation.read' AND plan_id = ?",
	                       id_text(x.plan)) >= 1);
	/* When the consent no longer covers bo's principal, bo's unit still
	 * handles the deviation, without the person. */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE consent SET valid_until = '%s'"
	                               " WHERE plan_id = %lld",
	                         ht_date_in(&srv, -1), (long long)x.plan), NULL);
	d = ht_api_get(bo, dev_url(id, ""), 200);
	assert_true(json_is_false(json_object_get(d, "person_shown")));
	assert_null(json_object_get(d, "personnummer"));
	assert_null(json_object_get(d, "person_name"));
	assert_string_equal(ht_jstr(d, "description"), secret);
	json_decref(d);
	struct ht_client *web = ht_logged_in(&srv, "bo");
	const struct ht_response *r = ht_get(web, dev_page(id, ""));
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, x.family);
	ht_assert_not_contains(r->body, x.pnr + 8);
	ht_assert_contains(r->body, "Personuppgifterna visas bara");
	r = ht_get(web, "/");
	ht_assert_contains(r->body, dev_page(id, "\""));
	ht_assert_not_contains(r->body, x.family);
	/* The lead unit still sees the person. */
	d = ht_api_get(eva, dev_url(id, ""), 200);
	assert_true(json_is_true(json_object_get(d, "person_shown")));
	json_decref(d);
	ht_client_free(web);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* ---- the checks of a report ---- */

static void test_report_validation(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct invited x = plan_invited(eva, 4);
	const char *url = plan_url(x.plan, "/deviations");
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_t *p = ht_api_post(eva, url, report_body(NULL, 0, NULL), 422);
	assert_field_error(p, "kind", "Välj vilken sorts");
	assert_field_error(p, "unit_id", "Välj vilken part");
	assert_field_error(p, "description", "Beskriv avvikelsen");
	json_decref(p);
	p = ht_api_post(eva, url, report_body("late", unit(HSA_SPB), "Text."), 422);
	assert_field_error(p, "kind", "Välj vilken sorts");
	json_decref(p);
	p = ht_api_post(eva, url, report_body("other", unit(HSA_VPL), "Text."), 422);
	assert_field_error(p, "unit_id", "din egen enhet");
	json_decref(p);
	p = ht_api_post(eva, url,
	                report_body("other", unit("SE2120002122-IFO1"), "Text."),
	                422);
	assert_field_error(p, "unit_id", "deltar i eller är kallad");
	json_decref(p);
	static const char *const numbers[] = {
		"Gäller 19800303-1234 som inte fick svar.",
		"Gäller 8003031234.", "Gäller 800303-1234.", "Gäller 198003031234.",
		"Gäller 100101+1234."};
	for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
		p = ht_api_post(eva, url,
		                report_body("other", unit(HSA_SPB), numbers[i]), 422);
		assert_field_error(p, "description", "liknar ett personnummer");
		json_decref(p);
	}
	char *longer = arena_alloc(&scratch, 4002);
	memset(longer, 'a', 4001);
	longer[4001] = '\0';
	json_decref(ht_api_post(eva, url,
	                        report_body("other", unit(HSA_SPB), longer), 422));
	p = ht_api_post(eva, url, json_pack("{s:s, s:I, s:s, s:s}", "kind", "other",
	                                    "unit_id", (json_int_t)unit(HSA_SPB),
	                                    "description", "Text.", "suggestion",
	                                    "guess"), 422);
	assert_field_error(p, "suggestion", "känns inte igen");
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);
	/* A phone number and a date are no personnummer. */
	json_t *d = ht_api_post(eva, url,
	                        report_body("treatment_at_meeting", unit(HSA_SPB),
	                                    "Ring 0240-860 00 om mötet 2026-11-23."),
	                        201);
	assert_string_equal(ht_jstr(d, "kind"), "treatment_at_meeting");
	json_decref(d);
	/* The page: errors next to the fields and summarised, what was
	 * typed kept. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_post_form(
		web, ht_fmt(&srv, "/plans/%lld/deviations/new", (long long)x.plan),
		"csrf_token", ht_csrf(web), "unit_id", id_text(unit(HSA_SPB)),
		"description", "Det gäller 19800303-1234.", NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "Rätta följande");
	ht_assert_contains(r->body, "href=\"#f-kind\"");
	ht_assert_contains(r->body, "href=\"#f-description\"");
	ht_assert_contains(r->body, "liknar ett personnummer");
	ht_assert_contains(r->body, "Det gäller 19800303-1234.");
	ht_client_free(web);
	ht_client_free(eva);
}

/* ---- suggestions ---- */

static void test_suggestions(void **state)
{
	(void)state;
	struct ht_client *eva_api = ht_api_as(&srv, "eva");
	struct ht_client *bo_api = ht_api_as(&srv, "bo");
	struct invited x = plan_invited(eva_api, 5);
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	const char *page = ht_fmt(&srv, "/plans/%lld", (long long)x.plan);
	/* Not before the meeting is held. */
	const struct ht_response *r = ht_get(eva, page);
	ht_assert_not_contains(r->body, "Föreslagen avvikelse");
	/* bo answers: no invitation to suggest about once it is held. */
	json_decref(ht_api_post(bo_api, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                       (long long)x.invitation),
	                        json_pack("{s:s, s:s, s:s}", "reply", "attend",
	                                  "attendee_name", "Bo Berg",
	                                  "ongoing_interventions", "Boendestöd."),
	                        200));
	establish(eva_api, &x, 30);
	r = ht_get(eva, page);
	ht_assert_not_contains(r->body, "Föreslagen avvikelse");
	/* A follow-up 29 days late is not suggested; 31 days is — to bo,
	 * against the lead unit, and never to the lead unit itself. */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE plan SET next_follow_up_date = '%s'"
	                               " WHERE id = %lld", ht_date_in(&srv, -29),
	                         (long long)x.plan), NULL);
	r = ht_get(bo, page);
	ht_assert_not_contains(r->body, "Föreslagen avvikelse");
	const char *late = ht_date_in(&srv, -31);
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE plan SET next_follow_up_date = '%s'"
	                               " WHERE id = %lld", late, (long long)x.plan),
	            NULL);
	r = ht_get(bo, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Föreslagen avvikelse");
	ht_assert_contains(r->body, ht_fmt(&srv, "Uppföljningen %s är mer än 30 "
	                                   "dagar försenad", late));
	ht_assert_contains(r->body, "suggestion=follow_up_overdue");
	ht_assert_contains(r->body, "kind=plan_not_followed");
	r = ht_get(eva, page);
	ht_assert_not_contains(r->body, "Föreslagen avvikelse");
	/* samplan never reports by itself. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM deviation WHERE"
	                                  " plan_id = ?", id_text(x.plan)), 0);
	/* bo reports it; the suggestion is gone while it is open. */
	json_decref(ht_api_post(bo_api, plan_url(x.plan, "/deviations"),
	                        json_pack("{s:s, s:I, s:s, s:s}", "kind",
	                                  "plan_not_followed", "unit_id",
	                                  (json_int_t)unit(HSA_VPL), "description",
	                                  "Uppföljningen har inte hållits.",
	                                  "suggestion", "follow_up_overdue"),
	                        201));
	r = ht_get(bo, page);
	ht_assert_not_contains(r->body, "Föreslagen avvikelse");
	ht_client_free(bo);
	ht_client_free(eva);
	ht_client_free(bo_api);
	ht_client_free(eva_api);
}

/* ---- overdue ---- */

static void test_overdue(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct invited x = plan_invited(eva, 6);
	int64_t id = report(eva, x.plan, "Inget svar på kallelsen.");
	json_t *d = ht_api_get(bo, dev_url(id, ""), 200);
	assert_true(json_is_false(json_object_get(d, "overdue")));
	json_decref(d);
	/* The day after the answer was due. */
	ht_sql_exec(&srv, ht_fmt(&srv, "UPDATE deviation SET answer_due = '%s'"
	                               " WHERE id = %lld", ht_date_in(&srv, -1),
	                         (long long)id), NULL);
	d = ht_api_get(bo, dev_url(id, ""), 200);
	assert_true(json_is_true(json_object_get(d, "overdue")));
	json_decref(d);
	struct ht_client *web = ht_logged_in(&srv, "bo");
	const struct ht_response *r = ht_get(web, "/");
	ht_assert_contains(r->body, "Svaret är försenat");
	json_t *wl = ht_api_get(bo, "/api/v1/worklist", 200);
	size_t i;
	json_t *e;
	bool seen = false;
	json_array_foreach(json_object_get(wl, "deviations"), i, e)
		if (ht_jint(e, "id") == id) {
			seen = true;
			assert_true(json_is_true(json_object_get(e, "overdue")));
			assert_true(json_is_true(json_object_get(e, "party_mine")));
		}
	assert_true(seen);
	json_decref(wl);
	/* The reporter's work list shows its progress. */
	wl = ht_api_get(eva, "/api/v1/worklist", 200);
	assert_true(listed(json_object_get(wl, "deviations"), id));
	json_decref(wl);
	/* Answered, it is no longer overdue. */
	int64_t bo_id = ht_user_id(&srv, "bo");
	json_decref(ht_api_post(bo, dev_url(id, "/receive"),
	                        step_body(bo_id, NULL), 200));
	json_decref(ht_api_post(bo, dev_url(id, "/investigate"),
	                        step_body(0, NULL), 200));
	d = ht_api_post(bo, dev_url(id, "/answer"), step_body(0, "Svar."), 200);
	assert_true(json_is_false(json_object_get(d, "overdue")));
	json_decref(d);
	ht_client_free(web);
	ht_client_free(bo);
	ht_client_free(eva);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_workflow_to_closed),
		cmocka_unit_test(test_refused_steps),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_report_validation),
		cmocka_unit_test(test_suggestions),
		cmocka_unit_test(test_overdue),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
