/*
 * test_citizen_own.c — the individual's own part, their answer to a
 * proposed revision, and asking for a SIP (h/cown): each rule allowed
 * and refused, the validation, and what staff see.
 *
 * Demo people (test_citizen.c): Anna 19990315-2388 (an established
 * plan; her sister Elena 19970822-2386 a relative she shares it with),
 * Liam 20110604-4520 (15; guardians Maria 19800101-2346 and Johan
 * 19790512-3381). Proposals are made on plans of the suite's own
 * (make_proposal), for persons who then sign in themselves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "harness.h"

#define ANNA "199903152388"
#define ELENA "199708222386"
#define LIAM "201106044520"
#define MARIA "198001012346"

/* Demo units by HSA-id (cli_demo.c): eva's region unit, bo's
 * municipality unit. */
#define HSA_VPL "SE2321000180-VPL1"
#define HSA_SPB "SE2120000837-SPB1"

static struct ht_server srv;

static int up(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true})
	               ? 0 : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static int64_t plan_of(const char *pnr)
{
	return ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person pe"
	                  " ON pe.id = p.person_id WHERE pe.personnummer = ?",
	                  pnr);
}

static int64_t count(const char *sql, const char *arg)
{
	return ht_sql_int(&srv, sql, arg);
}

static int64_t unit_id(const char *hsa_id)
{
	int64_t id = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                        hsa_id);
	if (!id)
		fail_msg("no unit %s", hsa_id);
	return id;
}

static int64_t principal_of_unit(const char *hsa_id)
{
	return ht_sql_int(&srv, "SELECT principal_id FROM unit WHERE hsa_id = ?",
	                  hsa_id);
}

static struct ht_client *citizen(const char *pnr)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, pnr));
	return c;
}

static const char *path(int64_t plan, const char *rest)
{
	return ht_fmt(&srv, "/citizen/plans/%lld%s", (long long)plan, rest);
}

static const char *id_text(int64_t id)
{
	return ht_fmt(&srv, "%lld", (long long)id);
}

/* The text of a PDF response through pdftotext, white space taken out
 * (it breaks lines where the PDF wrapped them). */
static const char *pdf_text(const struct ht_response *r)
{
	ht_assert_status(r, 200);
	const char *all = ht_pdf_text(&srv, r->body, r->body_len);
	char *text = arena_strdup(&srv.arena, all);
	size_t k = 0;
	for (size_t i = 0; text[i]; i++)
		if (!isspace((unsigned char)text[i]))
			text[k++] = text[i];
	text[k] = '\0';
	return text;
}

/* ---- a plan with a proposal, for a person of the suite's own ---- */

struct proposal_plan {
	const char *pnr;
	int64_t plan;
	int64_t v1, v2; /* version 1 in force, version 2 proposed */
};

static json_t *item(json_t *o, const char *list, size_t i)
{
	json_t *x = json_array_get(json_object_get(o, list), i);
	if (!x)
		fail_msg("%s[%zu] missing", list, i);
	return x;
}

/* Through the API as eva: the person, a plan up to active, a follow-up
 * concluded "revise", and the revision — a proposal (consent_only: the
 * plan stops at its consent, with the preparation still to do). */
static void make_plan(int serial, struct proposal_plan *x, bool consent_only)
{
	struct ht_client *eva = ht_api_as(&srv, "eva");
	json_t *principals = json_pack("[I,I]",
	                               (json_int_t)principal_of_unit(HSA_VPL),
	                               (json_int_t)principal_of_unit(HSA_SPB));
	x->pnr = arena_strdup(&srv.arena, ht_pnr("19880808", serial));
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                        json_pack("{s:s, s:s, s:s}", "personnummer",
	                                  x->pnr, "given_name", "Fia",
	                                  "family_name", "Egen"),
	                        201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	                json_pack("{s:I, s:s, s:s, s:O}", "person_id",
	                          (json_int_t)person, "initiated_by",
	                          "professional", "need_professional",
	                          "Behöver samordnat stöd.", "principal_ids",
	                          principals),
	                201);
	x->plan = ht_jint(p, "id");
	json_decref(p);
	const char *base = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x->plan);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/consents", base),
	                        json_pack("{s:s, s:s, s:s, s:[s,s], s:O}",
	                                  "given_by", "individual", "form",
	                                  "written", "valid_until",
	                                  ht_date_in(&srv, 365), "scopes",
	                                  "health", "social", "recipient_ids",
	                                  principals),
	                        201));
	json_decref(principals);
	if (consent_only) {
		ht_client_free(eva);
		return;
	}
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", base),
	                        json_pack("{s:s, s:s}", "purpose", "Samordna.",
	                                  "participation", "whole"),
	                        200));
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", base),
	                json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                          ht_date_in(&srv, 0), "start_time", "13:00",
	                          "duration_minutes", 60, "place",
	                          "Mottagningen", "purpose", "SIP-möte"),
	                201);
	int64_t meeting = ht_jint(item(p, "meetings", 0), "id");
	json_decref(p);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/invitations", base),
	                        json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                                  (json_int_t)meeting, "invitations",
	                                  "unit_id",
	                                  (json_int_t)unit_id(HSA_SPB)),
	                        201));
	p = ht_api_post(
		eva, ht_fmt(&srv, "%s/establish", base),
		json_pack("{s:I, s:[{s:s}], s:s, s:s, s:s, s:s, s:s, s:s,"
		          " s:[{s:s, s:s}], s:[{s:i, s:s, s:s, s:I, s:s}],"
		          " s:I, s:s, s:s, s:b}",
		          "meeting_id", (json_int_t)meeting, "participants",
		          "name", "Fia", "chair", "Eva Lind", "secretary",
		          "Bo Berg", "situation", "Studerar.", "wishes",
		          "Klara examen.", "needs", "Rutiner.", "crisis_plan",
		          "Ring 1177.", "goals", "kind",
		          "overall", "text", "Klara examen", "interventions",
		          "goal", 1, "what", "KBT-samtal", "responsible_kind",
		          "region_unit", "responsible_unit_id",
		          (json_int_t)unit_id(HSA_VPL), "timing", "Varje vecka",
		          "coordinator_user_id",
		          (json_int_t)ht_user_id(&srv, "eva"), "follow_up_date",
		          ht_date_in(&srv, 90), "follow_up_place", "Mottagningen",
		          "individual_approved", 1),
		201);
	x->v1 = ht_jint(json_object_get(p, "current_version"), "id");
	json_decref(p);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", base),
	                        json_pack("{s:s, s:s}", "reason", "planned",
	                                  "note", "Dags."),
	                        200));
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/follow-up/conclude", base),
	                        json_pack("{s:s, s:s, s:s}", "outcome",
	                                  "revise", "next_date",
	                                  ht_date_in(&srv, 120), "next_place",
	                                  "Mottagningen"),
	                        200));
	p = ht_api_post(
		eva, ht_fmt(&srv, "%s/revise", base),
		json_pack("{s:s, s:s, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}],"
		          " s:[{s:i, s:s, s:s, s:I, s:s}], s:I, s:s, s:s, s:s}",
		          "situation", "Studerar.", "wishes", "Klara examen.",
		          "needs", "Rutiner.", "crisis_plan", "Ring 1177.",
		          "goals", "kind", "overall", "text",
		          "Klara examen", "kind", "sub", "text",
		          "GOAL-NEW Sova hela natten", "interventions", "goal", 1,
		          "what", "KBT-samtal två gånger", "responsible_kind",
		          "region_unit", "responsible_unit_id",
		          (json_int_t)unit_id(HSA_VPL), "timing",
		          "Två gånger i veckan", "coordinator_user_id",
		          (json_int_t)ht_user_id(&srv, "eva"), "follow_up_date",
		          ht_date_in(&srv, 120), "follow_up_place", "Mottagningen",
		          "change_reason", "REASON-Tätare samtal."),
		201);
	x->v2 = ht_jint(json_object_get(p, "proposed_version"), "id");
	assert_true(x->v2 > 0);
	json_decref(p);
	ht_client_free(eva);
}

static void make_proposal(int serial, struct proposal_plan *x)
{
	make_plan(serial, x, false);
}

/* ---- the own part ---- */

static int64_t entries(int64_t plan)
{
	return count("SELECT COUNT(*) FROM own_part_entry WHERE plan_id = ?",
	             id_text(plan));
}

static void test_own_part_written_and_kept(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	struct ht_client *c = citizen(ANNA);
	const char *csrf = ht_citizen_csrf(c);
	/* The start page leads there. */
	const struct ht_response *r = ht_get(c, "/citizen");
	ht_assert_contains(r->body, path(plan, "/own\""));
	r = ht_get(c, path(plan, "/own"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Min egen del av planen");
	ht_assert_contains(r->body, "Du har inga egna mål än.");

	/* Her words: saved, shown as hers with the date. */
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "text", "situation", "SIT-1 Jag bor själv nu.",
	                 "matters", "MAT-1 Att få sova.", NULL);
	ht_assert_status(r, 303);
	r = ht_get(c, path(plan, "/own?done=saved"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "SIT-1 Jag bor själv nu.");
	ht_assert_contains(r->body, "Det du skrev är sparat.");
	ht_assert_contains(r->body, "Skrivet av den enskilde");
	assert_int_equal(entries(plan), 2);

	/* Changed: the new text shows, the old one is kept. Unchanged
	 * text writes nothing. */
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "text", "situation", "SIT-2 Jag bor med Elena.",
	                 "matters", "MAT-1 Att få sova.", NULL);
	ht_assert_status(r, 303);
	assert_int_equal(entries(plan), 3);
	assert_int_equal(count("SELECT COUNT(*) FROM own_part_entry WHERE"
	                       " text = ?", "SIT-1 Jag bor själv nu."), 1);
	r = ht_get(c, path(plan, "/own"));
	ht_assert_contains(r->body, "SIT-2 Jag bor med Elena.");
	ht_assert_not_contains(r->body, "SIT-1");
	int64_t session = ht_sql_int(&srv, "SELECT MAX(id) FROM citizen_session"
	                             " WHERE personnummer = ?", ANNA);
	assert_int_equal(count("SELECT COUNT(DISTINCT citizen_session_id) FROM"
	                       " own_part_entry WHERE written_as = 'individual'"
	                       " AND citizen_session_id = ?", id_text(session)),
	                 1);

	/* Goals: add, change, remove — every text kept. */
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "goal_add", "goal", "GOAL-A Gå till skolan", NULL);
	ht_assert_status(r, 303);
	int64_t goal = ht_sql_int(&srv, "SELECT MAX(id) FROM own_goal WHERE"
	                          " plan_id = ?", id_text(plan));
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "goal_edit", "goal_id", id_text(goal), "goal",
	                 "GOAL-B Gå till skolan varje dag", NULL);
	ht_assert_status(r, 303);
	r = ht_get(c, path(plan, "/own"));
	ht_assert_contains(r->body, "GOAL-B Gå till skolan varje dag");
	ht_assert_not_contains(r->body, "GOAL-A");
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "goal_remove", "goal_id", id_text(goal), NULL);
	ht_assert_status(r, 303);
	r = ht_get(c, path(plan, "/own"));
	ht_assert_not_contains(r->body, "GOAL-B");
	assert_int_equal(count("SELECT COUNT(*) FROM own_part_entry WHERE"
	                       " own_goal_id = ?", id_text(goal)), 3);
	/* Removed is removed: editing it again is not found. */
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "goal_edit", "goal_id", id_text(goal), "goal", "X",
	                 NULL);
	ht_assert_html(r, 404);
	/* A goal to keep, for the staff pages. */
	ht_assert_status(ht_post_form(c, path(plan, "/own"), "csrf_token", csrf,
	                              "action", "goal_add", "goal",
	                              "GOAL-KEEP Orka träna", NULL),
	                 303);

	/* Audited: her reads and writes, as her citizen session. */
	const char *who = ht_fmt(&srv, "citizen:%lld", (long long)session);
	assert_true(count("SELECT COUNT(*) FROM audit_log WHERE action ="
	                  " 'plan.own_part.read' AND detail = ?", who) >= 3);
	assert_true(count("SELECT COUNT(*) FROM audit_log WHERE action ="
	                  " 'plan.own_part_write' AND detail = ?", who) >= 5);
	ht_client_free(c);
}

static void test_own_part_validation(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	struct ht_client *c = citizen(ANNA);
	const char *csrf = ht_citizen_csrf(c);
	int64_t before = entries(plan);

	/* Nothing written. */
	const struct ht_response *r =
		ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
		             "text", "situation", "  ", "matters", "", NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "Skriv något i minst en av rutorna.");
	ht_assert_contains(r->body, "href=\"#f-text-situation\"");
	/* Too long: what was typed comes back with the message. */
	char *lng = test_malloc(20002);
	memset(lng, 'a', 20001);
	lng[20001] = '\0';
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "text", "situation", "KEPT-TEXT", "matters", lng, NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "KEPT-TEXT");
	ht_assert_contains(r->body, "f-text-matters-error");
	/* A goal: empty, too long. */
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "goal_add", "goal", "", NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "Skriv ditt mål.");
	lng[201] = '\0';
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "goal_add", "goal", lng, NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "f-new-goal-goal-error");
	test_free(lng);
	/* An unknown action. */
	r = ht_post_form(c, path(plan, "/own"), "csrf_token", csrf, "action",
	                 "shrug", NULL);
	ht_assert_html(r, 400);
	/* Without the CSRF token. */
	r = ht_post_form(c, path(plan, "/own"), "action", "text", "situation",
	                 "CSRF-LESS", NULL);
	ht_assert_status(r, 403);
	assert_int_equal(entries(plan), before);
	ht_client_free(c);
}

static void test_own_part_who(void **state)
{
	(void)state;
	int64_t anna = plan_of(ANNA), liam = plan_of(LIAM);
	/* Elena, a relative Anna shares the plan with: not the own part,
	 * and no link to it. */
	struct ht_client *c = citizen(ELENA);
	ht_assert_not_contains(ht_get(c, "/citizen")->body, "/own\"");
	ht_assert_html(ht_get(c, path(anna, "/own")), 404);
	ht_assert_html(ht_post_form(c, path(anna, "/own"), "csrf_token",
	                            ht_citizen_csrf(c), "action", "text",
	                            "situation", "ELENA-WROTE", NULL),
	               404);
	ht_client_free(c);
	assert_int_equal(count("SELECT COUNT(*) FROM own_part_entry WHERE"
	                       " text = ?", "ELENA-WROTE"), 0);

	/* Anna on another person's plan: not found. */
	c = citizen(ANNA);
	ht_assert_html(ht_get(c, path(liam, "/own")), 404);
	ht_assert_html(ht_post_form(c, path(liam, "/own"), "csrf_token",
	                            ht_citizen_csrf(c), "action", "text",
	                            "situation", "ANNA-ON-LIAM", NULL),
	               404);
	ht_assert_html(ht_get(c, path(999999, "/own")), 404);
	ht_client_free(c);

	/* Liam, 15, writes his own part; Maria, his guardian, too — as a
	 * guardian. */
	c = citizen(LIAM);
	ht_assert_page(ht_get(c, path(liam, "/own")), 200);
	ht_assert_status(ht_post_form(c, path(liam, "/own"), "csrf_token",
	                              ht_citizen_csrf(c), "action", "text",
	                              "situation", "LIAM-WROTE", NULL),
	                 303);
	ht_client_free(c);
	assert_int_equal(count("SELECT COUNT(*) FROM own_part_entry WHERE"
	                       " text = ? AND written_as = 'individual'",
	                       "LIAM-WROTE"), 1);
	c = citizen(MARIA);
	ht_assert_status(ht_post_form(c, path(liam, "/own"), "csrf_token",
	                              ht_citizen_csrf(c), "action", "goal_add",
	                              "goal", "MARIA-GOAL", NULL),
	                 303);
	const struct ht_response *r = ht_get(c, path(liam, "/own"));
	ht_assert_contains(r->body, "Skrivet av vårdnadshavare");
	ht_client_free(c);
	assert_int_equal(count("SELECT COUNT(*) FROM own_part_entry WHERE"
	                       " text = ? AND written_as = 'guardian'",
	                       "MARIA-GOAL"), 1);
}

static void test_own_part_for_staff(void **state)
{
	(void)state;
	int64_t plan = plan_of(ANNA);
	/* Make sure there is something (the first test wrote it). */
	struct ht_client *c = citizen(ANNA);
	ht_post_form(c, path(plan, "/own"), "csrf_token", ht_citizen_csrf(c),
	             "action", "text", "situation", "SIT-STAFF Jag vill jobba.",
	             NULL);
	ht_client_free(c);
	/* eva (lead) and bo (taking part) see it on the plan page, as the
	 * individual's; olle (not taking part) sees nothing. */
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const struct ht_response *r =
		ht_get(eva, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Den enskildes egen del");
	ht_assert_contains(r->body, "SIT-STAFF Jag vill jobba.");
	ht_assert_contains(r->body, "Skrivet av den enskilde");
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	r = ht_get(bo, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_contains(r->body, "SIT-STAFF Jag vill jobba.");
	struct ht_client *olle = ht_logged_in(&srv, "olle");
	r = ht_get(olle, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_html(r, 404);
	ht_assert_not_contains(r->body, "SIT-STAFF");
	/* The planning document brings it to the meeting, as hers. */
	int64_t meeting = ht_sql_int(&srv, "SELECT MIN(id) FROM meeting WHERE"
	                             " plan_id = ?", id_text(plan));
	const char *text = pdf_text(ht_get(
		eva, ht_fmt(&srv, "/plans/%lld/meetings/%lld/planning.pdf",
		            (long long)plan, (long long)meeting)));
	ht_assert_contains(text, "Denenskildesegendel–skrivenavdenenskilde");
	ht_assert_contains(text, "SIT-STAFFJagvilljobba.");
	ht_assert_contains(text, "GOAL-KEEPOrkaträna");
	/* The preparation form shows it beside the individual's goals: on a
	 * plan of the suite's own in consent, so the form is open. */
	struct proposal_plan x;
	make_plan(204, &x, true);
	c = citizen(x.pnr);
	ht_assert_status(ht_post_form(c, path(x.plan, "/own"), "csrf_token",
	                              ht_citizen_csrf(c), "action", "goal_add",
	                              "goal", "PREP-GOAL Kunna laga mat", NULL),
	                 303);
	ht_client_free(c);
	r = ht_get(eva, ht_fmt(&srv, "/plans/%lld", (long long)x.plan));
	ht_assert_page(r, 200);
	const char *form = strstr(r->body, "action=\"/plans/");
	ht_assert_contains(form, "/preparation\"");
	const char *prep = strstr(r->body, "name=\"individual_goals\"");
	ht_assert_contains(prep, "Den enskildes egen del (skriven av den"
	                         " enskilde i samplan)");
	ht_assert_contains(prep, "PREP-GOAL Kunna laga mat");
	ht_client_free(olle);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* ---- the proposal ---- */

static void test_proposal_approved(void **state)
{
	(void)state;
	struct proposal_plan x;
	make_proposal(201, &x);
	struct ht_client *c = citizen(x.pnr);
	const char *csrf = ht_citizen_csrf(c);
	const struct ht_response *r = ht_get(c, path(x.plan, "/proposal"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Förslag till ändrad plan");
	ht_assert_contains(r->body, "REASON-Tätare samtal.");
	ht_assert_contains(r->body, "GOAL-NEW Sova hela natten");
	ht_assert_contains(r->body, "KBT-samtal två gånger");
	ht_assert_contains(r->body, "Ja, jag godkänner förslaget");
	/* The whole proposal, folded in the page. */
	ht_assert_contains(r->body, "<details class=\"proposal-doc\">");
	ht_assert_contains(r->body, "Ring 1177.");
	assert_true(count("SELECT COUNT(*) FROM audit_log WHERE action ="
	                  " 'plan.proposal.read' AND plan_id = ?",
	                  id_text(x.plan)) >= 1);

	/* An answer to a proposal she did not read: refused, nothing
	 * changes. */
	r = ht_post_form(c, path(x.plan, "/proposal/approve"), "csrf_token",
	                 csrf, "version_id", id_text(x.v1), NULL);
	ht_assert_html(r, 409);
	assert_int_equal(count("SELECT COUNT(*) FROM version_approval WHERE"
	                       " version_id = ?", id_text(x.v2)), 0);
	assert_int_equal(count("SELECT current_version_id FROM plan WHERE"
	                       " id = ?", id_text(x.plan)), x.v1);

	/* A comment longer than the cap: refused, nothing changes. */
	char *lng = test_malloc(20002);
	memset(lng, 'c', 20001);
	lng[20001] = '\0';
	r = ht_post_form(c, path(x.plan, "/proposal/approve"), "csrf_token",
	                 csrf, "version_id", id_text(x.v2), "approve_comment",
	                 lng, NULL);
	test_free(lng);
	ht_assert_html(r, 422);
	assert_int_equal(count("SELECT current_version_id FROM plan WHERE"
	                       " id = ?", id_text(x.plan)), x.v1);
	r = ht_post_form(c, path(x.plan, "/proposal/approve"), "csrf_token",
	                 csrf, "version_id", id_text(x.v2), "approve_comment",
	                 "Bra att samtalen blir tätare.", NULL);
	ht_assert_status(r, 303);
	/* Her comment is kept with her answer. */
	assert_int_equal(count("SELECT COUNT(*) FROM proposal_rejection WHERE"
	                       " answer = 'approved' AND version_id = ?",
	                       id_text(x.v2)), 1);
	/* In force, recorded as hers: digital, her name, nobody recorded it
	 * for her. */
	assert_int_equal(count("SELECT current_version_id FROM plan WHERE"
	                       " id = ?", id_text(x.plan)), x.v2);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE"
	                                " id = ?", id_text(x.plan)), "active");
	assert_string_equal(ht_sql_text(&srv, "SELECT given_by || '/' || method"
	                                " || '/' || names FROM version_approval"
	                                " WHERE version_id = ?", id_text(x.v2)),
	                    "individual/digital/Fia Egen");
	assert_int_equal(count("SELECT COUNT(*) FROM version_approval WHERE"
	                       " version_id = ? AND recorded_by IS NULL",
	                       id_text(x.v2)), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action ="
	                       " 'plan.approve' AND plan_id = ? AND user_id IS"
	                       " NULL", id_text(x.plan)), 1);
	r = ht_get(c, path(x.plan, "/proposal?done=approved"));
	ht_assert_contains(r->body, "Den nya planen gäller nu.");
	ht_assert_contains(r->body, "Det finns inget förslag som väntar");
	/* Approving again: nothing waits. */
	r = ht_post_form(c, path(x.plan, "/proposal/approve"), "csrf_token",
	                 csrf, "version_id", id_text(x.v2), NULL);
	ht_assert_html(r, 409);
	ht_client_free(c);

	/* Staff see it as the individual's own approval. */
	struct ht_client *eva = ht_api_as(&srv, "eva");
	json_t *p = ht_api_get(eva, ht_fmt(&srv, "/api/v1/plans/%lld",
	                                   (long long)x.plan), 200);
	json_t *a = json_object_get(json_object_get(p, "current_version"),
	                            "approval");
	assert_string_equal(ht_jstr(a, "given_by"), "individual");
	assert_string_equal(ht_jstr(a, "method"), "digital");
	json_decref(p);
	ht_client_free(eva);
	/* ... and read her comment on the plan page. */
	struct ht_client *page = ht_logged_in(&srv, "eva");
	r = ht_get(page, ht_fmt(&srv, "/plans/%lld", (long long)x.plan));
	ht_assert_contains(r->body, "sa ja: ");
	ht_assert_contains(r->body, "Bra att samtalen blir tätare.");
	ht_client_free(page);
}

static void test_proposal_rejected(void **state)
{
	(void)state;
	struct proposal_plan x;
	make_proposal(202, &x);
	struct ht_client *c = citizen(x.pnr);
	const char *csrf = ht_citizen_csrf(c);
	/* Without a comment: refused, the page says why. */
	const struct ht_response *r =
		ht_post_form(c, path(x.plan, "/proposal/reject"), "csrf_token",
		             csrf, "version_id", id_text(x.v2), "comment", " ",
		             NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "Skriv varför du säger nej.");
	ht_assert_contains(r->body, "href=\"#f-reject-comment\"");
	char *lng = test_malloc(20002);
	memset(lng, 'b', 20001);
	lng[20001] = '\0';
	r = ht_post_form(c, path(x.plan, "/proposal/reject"), "csrf_token", csrf,
	                 "version_id", id_text(x.v2), "comment", lng, NULL);
	ht_assert_page(r, 422);
	test_free(lng);
	assert_int_equal(count("SELECT COUNT(*) FROM proposal_rejection WHERE"
	                       " plan_id = ?", id_text(x.plan)), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM plan_notice WHERE"
	                       " plan_id = ?", id_text(x.plan)), 0);

	r = ht_post_form(c, path(x.plan, "/proposal/reject"), "csrf_token", csrf,
	                 "version_id", id_text(x.v2), "comment",
	                 "NO-COMMENT Jag vill ha kvar samtalen som förut.",
	                 NULL);
	ht_assert_status(r, 303);
	/* The parties get a notice in their work lists (h/cconsent). */
	assert_int_equal(count("SELECT COUNT(*) FROM plan_notice WHERE"
	                       " plan_id = ? AND kind = 'revision_rejected'",
	                       id_text(x.plan)), 1);
	/* The proposal stays a proposal, version 1 stays in force. */
	assert_int_equal(count("SELECT current_version_id FROM plan WHERE"
	                       " id = ?", id_text(x.plan)), x.v1);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE"
	                                " id = ?", id_text(x.plan)),
	                    "follow_up");
	assert_int_equal(count("SELECT COUNT(*) FROM version_approval WHERE"
	                       " version_id = ?", id_text(x.v2)), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM proposal_rejection WHERE"
	                       " plan_id = ? AND given_by = 'individual'",
	                       id_text(x.plan)), 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action ="
	                       " 'plan.proposal_rejected' AND plan_id = ?",
	                       id_text(x.plan)), 1);
	r = ht_get(c, path(x.plan, "/proposal?done=rejected"));
	ht_assert_contains(r->body, "Du har sagt nej.");
	ht_assert_contains(r->body, "NO-COMMENT");
	ht_client_free(c);

	/* The lead unit sees the comment on the plan and the approval
	 * page; it can still record an approval later. */
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	r = ht_get(eva, ht_fmt(&srv, "/plans/%lld", (long long)x.plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "NO-COMMENT Jag vill ha kvar samtalen");
	r = ht_get(eva, ht_fmt(&srv, "/plans/%lld/approval", (long long)x.plan));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "NO-COMMENT Jag vill ha kvar samtalen");
	ht_client_free(eva);
}

static void test_proposal_who(void **state)
{
	(void)state;
	int64_t anna = plan_of(ANNA), liam = plan_of(LIAM);
	/* A child of 15 reads but does not decide: 403 with who may. */
	struct ht_client *c = citizen(LIAM);
	ht_assert_page(ht_get(c, path(liam, "/proposal")), 200);
	const struct ht_response *r =
		ht_post_form(c, path(liam, "/proposal/approve"), "csrf_token",
		             ht_citizen_csrf(c), "version_id", "1", NULL);
	ht_assert_html(r, 403);
	r = ht_post_form(c, path(liam, "/proposal/reject"), "csrf_token",
	                 ht_citizen_csrf(c), "version_id", "1", "comment",
	                 "LIAM-NO", NULL);
	ht_assert_html(r, 403);
	ht_client_free(c);
	/* A relative: the plan in force only. */
	c = citizen(ELENA);
	ht_assert_html(ht_get(c, path(anna, "/proposal")), 404);
	ht_assert_html(ht_post_form(c, path(anna, "/proposal/reject"),
	                            "csrf_token", ht_citizen_csrf(c),
	                            "version_id", "1", "comment", "ELENA-NO",
	                            NULL),
	               404);
	ht_client_free(c);
	/* Another person's plan. */
	struct proposal_plan x;
	make_proposal(203, &x);
	c = citizen(ANNA);
	ht_assert_html(ht_get(c, path(x.plan, "/proposal")), 404);
	ht_assert_html(ht_post_form(c, path(x.plan, "/proposal/approve"),
	                            "csrf_token", ht_citizen_csrf(c),
	                            "version_id", id_text(x.v2), NULL),
	               404);
	ht_client_free(c);
	assert_int_equal(count("SELECT COUNT(*) FROM version_approval WHERE"
	                       " version_id = ?", id_text(x.v2)), 0);
	assert_int_equal(count("SELECT COUNT(*) FROM proposal_rejection WHERE"
	                       " comment IN ('LIAM-NO', 'ELENA-NO')", NULL), 0);
}

/* ---- asking for a SIP ---- */

static void test_ask_for_sip(void **state)
{
	(void)state;
	int64_t spb = unit_id(HSA_SPB);
	int64_t before = count("SELECT COUNT(*) FROM plan", NULL);
	struct ht_client *c = citizen(ANNA);
	const char *csrf = ht_citizen_csrf(c);
	const struct ht_response *r = ht_get(c, "/citizen/ask");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Be om en SIP");
	ht_assert_contains(r->body, ht_fmt(&srv, "value=\"%lld\"",
	                                   (long long)spb));

	/* Validation: nothing chosen, nothing written. */
	r = ht_post_form(c, "/citizen/ask", "csrf_token", csrf, NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "Välj en verksamhet i listan.");
	ht_assert_contains(r->body, "Skriv med dina egna ord");
	/* A unit that does not exist, a need too long. */
	char *lng = test_malloc(20002);
	memset(lng, 'c', 20001);
	lng[20001] = '\0';
	r = ht_post_form(c, "/citizen/ask", "csrf_token", csrf, "unit_id",
	                 "999999", "need", lng, NULL);
	ht_assert_page(r, 422);
	ht_assert_contains(r->body, "f-unit_id-error");
	ht_assert_contains(r->body, "f-need-error");
	test_free(lng);
	assert_int_equal(count("SELECT COUNT(*) FROM plan", NULL), before);

	r = ht_post_form(c, "/citizen/ask", "csrf_token", csrf, "unit_id",
	                 id_text(spb), "need",
	                 "ASK-NEED Jag behöver hjälp med boende och vården.",
	                 NULL);
	ht_assert_status(r, 303);
	int64_t plan = ht_sql_int(&srv, "SELECT MAX(id) FROM plan", NULL);
	assert_int_equal(plan_of(ANNA) != plan, 1);
	assert_string_equal(
		ht_sql_text(&srv, "SELECT state || '/' || initiated_by || '/' ||"
		            " initiator_name || '/' || need_individual FROM plan"
		            " WHERE id = ? AND created_by IS NULL", id_text(plan)),
		"need_assessed/individual/Anna Andersson/ASK-NEED Jag behöver"
		" hjälp med boende och vården.");
	assert_int_equal(count("SELECT initiating_unit_id FROM plan WHERE id = ?",
	                       id_text(plan)), spb);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action ="
	                       " 'plan.create' AND plan_id = ? AND user_id IS"
	                       " NULL AND unit_id IS NULL AND detail LIKE"
	                       " 'citizen:%'", id_text(plan)), 1);

	/* The unit sees it in its work list; other units do not see it. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	r = ht_get(bo, "/");
	ht_assert_contains(r->body, ht_fmt(&srv, "/plans/%lld\"",
	                                   (long long)plan));
	ht_assert_page(ht_get(bo, ht_fmt(&srv, "/plans/%lld", (long long)plan)),
	               200);
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	ht_assert_html(ht_get(eva, ht_fmt(&srv, "/plans/%lld", (long long)plan)),
	               404);
	struct ht_client *olle = ht_logged_in(&srv, "olle");
	ht_assert_html(ht_get(olle, ht_fmt(&srv, "/plans/%lld", (long long)plan)),
	               404);

	/* Throttled: at most three open requests. */
	for (int i = 0; i < 2; i++)
		ht_assert_status(ht_post_form(c, "/citizen/ask", "csrf_token",
		                              csrf, "unit_id", id_text(spb),
		                              "need", "ASK-AGAIN", NULL),
		                 303);
	int64_t now = count("SELECT COUNT(*) FROM plan", NULL);
	r = ht_post_form(c, "/citizen/ask", "csrf_token", csrf, "unit_id",
	                 id_text(spb), "need", "ASK-TOO-MANY", NULL);
	ht_assert_page(r, 429);
	ht_assert_contains(r->body, "väntar på svar");
	assert_int_equal(count("SELECT COUNT(*) FROM plan", NULL), now);
	ht_client_free(olle);
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(c);
}

static void test_ask_who(void **state)
{
	(void)state;
	int64_t spb = unit_id(HSA_SPB);
	int64_t liam = ht_sql_int(&srv, "SELECT id FROM person WHERE"
	                          " personnummer = ?", LIAM);
	int64_t anna = ht_sql_int(&srv, "SELECT id FROM person WHERE"
	                          " personnummer = ?", ANNA);
	/* A child alone: told to contact the unit; a post is refused. */
	struct ht_client *c = citizen(LIAM);
	const struct ht_response *r = ht_get(c, "/citizen/ask");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Kontakta verksamheten");
	ht_assert_not_contains(r->body, "name=\"need\"");
	int64_t before = count("SELECT COUNT(*) FROM plan", NULL);
	r = ht_post_form(c, "/citizen/ask", "csrf_token", ht_citizen_csrf(c),
	                 "person_id", id_text(liam), "unit_id", id_text(spb),
	                 "need", "LIAM-ASKS", NULL);
	ht_assert_html(r, 422);
	ht_client_free(c);
	/* A relative samplan knows only as Anna's sister: the same; and
	 * never for Anna. */
	c = citizen(ELENA);
	ht_assert_contains(ht_get(c, "/citizen/ask")->body,
	                   "Kontakta verksamheten");
	r = ht_post_form(c, "/citizen/ask", "csrf_token", ht_citizen_csrf(c),
	                 "person_id", id_text(anna), "unit_id", id_text(spb),
	                 "need", "ELENA-ASKS", NULL);
	ht_assert_html(r, 422);
	ht_client_free(c);
	assert_int_equal(count("SELECT COUNT(*) FROM plan", NULL), before);

	/* Maria, Liam's guardian, asks for him: initiated by a relative,
	 * with her name. */
	c = citizen(MARIA);
	r = ht_get(c, "/citizen/ask");
	ht_assert_contains(r->body, "Liam");
	r = ht_post_form(c, "/citizen/ask", "csrf_token", ht_citizen_csrf(c),
	                 "person_id", id_text(liam), "unit_id", id_text(spb),
	                 "need", "MARIA-ASKS för Liam", NULL);
	ht_assert_status(r, 303);
	ht_client_free(c);
	assert_int_equal(count("SELECT COUNT(*) FROM plan WHERE person_id = ?"
	                       " AND initiated_by = 'relative' AND"
	                       " need_individual = 'MARIA-ASKS för Liam'",
	                       id_text(liam)), 1);
	assert_true(ht_sql_text(&srv, "SELECT initiator_name FROM plan WHERE"
	                        " need_individual = ?", "MARIA-ASKS för Liam")
	            != NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_part_written_and_kept),
		cmocka_unit_test(test_own_part_validation),
		cmocka_unit_test(test_own_part_who),
		cmocka_unit_test(test_own_part_for_staff),
		cmocka_unit_test(test_proposal_approved),
		cmocka_unit_test(test_proposal_rejected),
		cmocka_unit_test(test_proposal_who),
		cmocka_unit_test(test_ask_for_sip),
		cmocka_unit_test(test_ask_who),
	};
	return cmocka_run_group_tests(tests, up, down);
}
