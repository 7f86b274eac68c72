/*
 * test_citizen_read.c — the individual reads their plan and meetings at
 * /citizen (src/page/page_citizen_plan.c, page_citizen_meetings.c,
 * src/sip/citizen_read.c): who reads what, each allowed and refused
 * case, that the page is Anna's real plan, the PDF a PDF, the .ics an
 * iCalendar object libical parses, and that every read and every refused
 * attempt is in the audit log.
 *
 * Demo people: Anna Andersson 19990315-2388 (an established plan in its
 * second version, one held meeting; her sister Elena 19970822-2386 a
 * relative she shares it with), Liam Karlsson 20110604-4520 (15, a plan
 * in preparation; guardians Maria 19800101-2346 and Johan
 * 19790512-3381), Gunnel 19411122-2842 (invited to an upcoming video
 * meeting).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libical/ical.h>

#include "harness.h"

#define ANNA "199903152388"
#define ELENA "199708222386"
#define LIAM "201106044520"
#define MARIA "198001012346"
#define JOHAN "197905123381"
#define GUNNEL "194111222842"

static struct ht_server srv;
static int64_t anna_plan, liam_plan, gunnel_plan, gunnel_meeting,
	anna_meeting;

static int64_t plan_of(const char *pnr)
{
	return ht_sql_int(&srv, "SELECT MIN(p.id) FROM plan p JOIN person pe"
	                  " ON pe.id = p.person_id WHERE pe.personnummer = ?",
	                  pnr);
}

static int64_t meeting_of(int64_t plan)
{
	return ht_sql_int(&srv, "SELECT MIN(id) FROM meeting WHERE plan_id ="
	                  " CAST(? AS INTEGER)",
	                  ht_fmt(&srv, "%lld", (long long)plan));
}

static int up(void **state)
{
	(void)state;
	if (!ht_server_start(&srv, &(struct ht_server_opts){.demo = true}))
		return -1;
	anna_plan = plan_of(ANNA);
	liam_plan = plan_of(LIAM);
	gunnel_plan = plan_of(GUNNEL);
	gunnel_meeting = meeting_of(gunnel_plan);
	anna_meeting = meeting_of(anna_plan);
	return anna_plan && liam_plan && gunnel_plan && gunnel_meeting &&
	       anna_meeting ? 0 : -1;
}

static int down(void **state)
{
	(void)state;
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

static struct ht_client *citizen(const char *pnr)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, pnr));
	return c;
}

static const char *plan_path(int64_t plan, const char *rest)
{
	return ht_fmt(&srv, "/citizen/plans/%lld%s", (long long)plan, rest);
}

static int64_t audited(const char *action, int64_t plan)
{
	return ht_sql_int(&srv, ht_fmt(&srv, "SELECT COUNT(*) FROM audit_log"
	                               " WHERE action = ? AND plan_id = %lld"
	                               " AND user_id IS NULL",
	                               (long long)plan), action);
}

static void status_of(struct ht_client *c, const char *path, long status)
{
	const struct ht_response *r = ht_get(c, path);
	if (r->status != status)
		fail_msg("GET %s: %ld, expected %ld", path, r->status, status);
}

/* Every path of H1 for a plan, and the status each must get. */
static void every_path(struct ht_client *c, int64_t plan, int64_t meeting,
                       long status)
{
	const char *rest[] = {
		"", "/plan.pdf", "/versions/1", "/versions/1/plan.pdf",
		"/versions/2", "/versions/2/plan.pdf", "/versions/2/changes",
		"/meetings",
	};
	for (size_t i = 0; i < sizeof rest / sizeof *rest; i++)
		status_of(c, plan_path(plan, rest[i]), status);
	status_of(c, plan_path(plan, ht_fmt(&srv, "/meetings/%lld/meeting.ics",
	                                    (long long)meeting)),
	          status);
}

static void test_anna_reads_her_plan(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ANNA);
	int64_t before = audited("citizen.plan.read", anna_plan);
	const struct ht_response *r = ht_get(c, plan_path(anna_plan, ""));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "<h1>Din plan</h1>");
	ht_assert_contains(r->body, "Planen gäller.");
	/* The real plan of the demo (seed 000): goals and interventions. */
	ht_assert_contains(r->body, "Anna vill bli klar med sin examen till "
	                            "våren.");
	ht_assert_contains(r->body, "Hantera sin ångest");
	ht_assert_contains(r->body, "KBT-behandling samtal X gånger/vecka");
	ht_assert_contains(r->body, "Boendestöd");
	ht_assert_contains(r->body, "Handlingsplan vid kris");
	/* First in plain words, to her ("du"). */
	ht_assert_contains(r->body, "Din plan i korthet");
	ht_assert_contains(r->body, "Planen gäller dig, Anna Andersson.");
	/* Everything of her own plan: no consent filter. */
	ht_assert_not_contains(r->body, "visas inte");
	/* What she can do: all of it, she is an adult. */
	ht_assert_contains(r->body, "Det här kan du göra");
	const char *links[] = {"/plan.pdf", "/meetings", "/own", "/consents",
	                       "/follow-up-request", "/versions/1\"",
	                       "/versions/2/changes"};
	for (size_t i = 0; i < sizeof links / sizeof *links; i++)
		ht_assert_contains(r->body, plan_path(anna_plan, links[i]));
	/* No address, ever. */
	ht_assert_not_contains(r->body, "Storgatan 12");
	assert_int_equal(audited("citizen.plan.read", anna_plan), before + 1);
	ht_client_free(c);
}

static void test_pdf_is_a_pdf(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ANNA);
	int64_t before = audited("citizen.plan.pdf", anna_plan);
	const char *paths[] = {"/plan.pdf", "/versions/1/plan.pdf"};
	for (size_t i = 0; i < 2; i++) {
		const struct ht_response *r =
			ht_get(c, plan_path(anna_plan, paths[i]));
		ht_assert_status(r, 200);
		assert_string_equal(r->content_type, "application/pdf");
		assert_true(r->body_len > 1000);
		assert_memory_equal(r->body, "%PDF-", 5);
	}
	assert_int_equal(audited("citizen.plan.pdf", anna_plan), before + 2);
	ht_client_free(c);
}

static void test_earlier_version_and_what_changed(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r =
		ht_get(c, plan_path(anna_plan, "/versions/1"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Version 1 av planen");
	ht_assert_contains(r->body, "Den här versionen gäller inte längre.");
	ht_assert_contains(r->body, "KBT-behandling");
	r = ht_get(c, plan_path(anna_plan, "/versions/2"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Det här är den version som gäller nu.");
	int64_t before = audited("citizen.plan.changes", anna_plan);
	r = ht_get(c, plan_path(anna_plan, "/versions/2/changes"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Det här ändrades i version 2");
	ht_assert_contains(r->body, "Nytt: 0. Ändrat: 1. Borttaget: 0.");
	ht_assert_contains(r->body, "Göra veckoschema, inköpslista");
	ht_assert_contains(r->body, "Det som ändrades: hur ofta det görs");
	ht_assert_contains(r->body, "Varför planen ändrades");
	assert_int_equal(audited("citizen.plan.changes", anna_plan), before + 1);
	/* Nothing before version 1; no version 3; no version 0 or words. */
	const char *missing[] = {"/versions/1/changes", "/versions/3",
	                         "/versions/3/plan.pdf", "/versions/3/changes",
	                         "/versions/0", "/versions/x",
	                         "/versions/-1/plan.pdf"};
	for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
		status_of(c, plan_path(anna_plan, missing[i]), 404);
	ht_client_free(c);
}

/* A revision waiting for Anna's approval is not an earlier version: it
 * is read as the proposal, not under /versions. */
static void test_proposal_is_not_a_version(void **state)
{
	(void)state;
	const char *id = ht_fmt(&srv, "%lld", (long long)anna_plan);
	/* Copy version 2 as an unapproved version 3 (a revision). */
	/* Version rows cannot be deleted (0011): this test runs last. */
	ht_sql_exec(&srv, "INSERT INTO plan_version (plan_id, version_no,"
	            " meeting_id, purpose, situation, wishes, needs,"
	            " coordinator_user_id, coordinator_name, coordinator_unit_id,"
	            " follow_up_date, follow_up_place, individual_approved,"
	            " change_reason, established_at, established_by)"
	            " SELECT plan_id, 3, meeting_id, purpose, situation, wishes,"
	            " needs, coordinator_user_id, coordinator_name,"
	            " coordinator_unit_id, follow_up_date, follow_up_place, 0,"
	            " 'Ett förslag', established_at, established_by"
	            " FROM plan_version WHERE plan_id = CAST(? AS INTEGER)"
	            " AND version_no = 2", id);
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = ht_get(c, plan_path(anna_plan, ""));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, plan_path(anna_plan, "/proposal"));
	ht_assert_not_contains(r->body, plan_path(anna_plan, "/versions/3"));
	status_of(c, plan_path(anna_plan, "/versions/3"), 404);
	status_of(c, plan_path(anna_plan, "/versions/3/changes"), 404);
	status_of(c, plan_path(anna_plan, "/versions/3/plan.pdf"), 404);
	ht_client_free(c);
	/* Elena is not told that a proposal waits. */
	c = citizen(ELENA);
	r = ht_get(c, plan_path(anna_plan, ""));
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, "/proposal");
	ht_assert_not_contains(r->body, "förslag");
	ht_client_free(c);
}

static void test_relative_reads_only_the_plan_in_force(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ELENA);
	const struct ht_response *r = ht_get(c, plan_path(anna_plan, ""));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Planen för Anna Andersson");
	ht_assert_contains(r->body, "KBT-behandling samtal X gånger/vecka");
	ht_assert_contains(r->body, "Anna Andersson bestämmer vem som får läsa "
	                            "den.");
	ht_assert_contains(r->body, plan_path(anna_plan, "/plan.pdf"));
	/* The summary speaks to Anna, not to whoever reads it. */
	ht_assert_not_contains(r->body, "Planen gäller dig");
	const char *hidden[] = {"/versions/", "/meetings", "/consents", "/own",
	                        "/follow-up-request", "Tidigare versioner",
	                        "Storgatan 12"};
	for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++)
		ht_assert_not_contains(r->body, hidden[i]);
	/* The version in force, as a page and a PDF; nothing else. */
	status_of(c, plan_path(anna_plan, "/plan.pdf"), 200);
	status_of(c, plan_path(anna_plan, "/versions/2"), 200);
	int64_t refused = audited("citizen.plan.read.refused", anna_plan);
	const char *refused_paths[] = {
		"/versions/1", "/versions/1/plan.pdf", "/versions/2/changes",
		"/meetings",
	};
	for (size_t i = 0; i < 4; i++) {
		r = ht_get(c, plan_path(anna_plan, refused_paths[i]));
		ht_assert_page(r, 404);
		ht_assert_not_contains(r->body, "KBT");
	}
	status_of(c, plan_path(anna_plan, ht_fmt(&srv, "/meetings/%lld/"
	                                         "meeting.ics",
	                                         (long long)anna_meeting)),
	          404);
	assert_int_equal(audited("citizen.plan.read.refused", anna_plan),
	                 refused + 5);
	ht_client_free(c);
}

static void test_relative_without_sharing_sees_nothing(void **state)
{
	(void)state;
	ht_sql_exec(&srv, "UPDATE related_person SET may_read_plan = 0"
	            " WHERE personnummer = ?", ELENA);
	struct ht_client *c = citizen(ELENA);
	int64_t refused = audited("citizen.plan.read.refused", anna_plan);
	every_path(c, anna_plan, anna_meeting, 404);
	assert_true(audited("citizen.plan.read.refused", anna_plan) >=
	            refused + 9);
	ht_client_free(c);
	ht_sql_exec(&srv, "UPDATE related_person SET may_read_plan = 1"
	            " WHERE personnummer = ?", ELENA);
}

static void test_guardians_read_the_childs_plan(void **state)
{
	(void)state;
	const char *guardians[] = {MARIA, JOHAN};
	for (int i = 0; i < 2; i++) {
		struct ht_client *c = citizen(guardians[i]);
		const struct ht_response *r = ht_get(c, plan_path(liam_plan, ""));
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, "Planen för Liam Karlsson");
		ht_assert_contains(r->body, "Du är vårdnadshavare");
		ht_assert_contains(r->body, "Mötet förbereds tillsammans med dig.");
		/* No version yet: where it stands, and no document. */
		ht_assert_contains(r->body, "Planen är inte skriven än.");
		ht_assert_not_contains(r->body, "/plan.pdf");
		ht_assert_contains(r->body, plan_path(liam_plan, "/meetings"));
		ht_assert_contains(r->body, plan_path(liam_plan,
		                                      "/follow-up-request"));
		ht_assert_contains(r->body, plan_path(liam_plan, "/consents"));
		status_of(c, plan_path(liam_plan, "/meetings"), 200);
		/* No version: nothing under /versions, no PDF. */
		status_of(c, plan_path(liam_plan, "/plan.pdf"), 404);
		status_of(c, plan_path(liam_plan, "/versions/1"), 404);
		/* Not their plan: Anna's. */
		every_path(c, anna_plan, anna_meeting, 404);
		ht_client_free(c);
	}
	/* A plan without a version is still read, and audited as such. */
	assert_true(audited("citizen.plan.read", liam_plan) >= 2);
}

static void test_child_reads_own_plan_unless_refused(void **state)
{
	(void)state;
	struct ht_client *c = citizen(LIAM);
	const struct ht_response *r = ht_get(c, plan_path(liam_plan, ""));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "<h1>Din plan</h1>");
	ht_assert_contains(r->body, "Dina vårdnadshavare bestämmer om planen");
	/* He writes his own part; he does not decide for the plan. */
	ht_assert_contains(r->body, plan_path(liam_plan, "/own"));
	ht_assert_not_contains(r->body, "/follow-up-request");
	status_of(c, plan_path(liam_plan, "/meetings"), 200);
	ht_client_free(c);

	ht_sql_exec(&srv, "UPDATE person SET own_reading_refused = 'Skäl'"
	            " WHERE personnummer = ?", LIAM);
	c = citizen(LIAM);
	int64_t refused = audited("citizen.plan.read.refused", 0) +
	                  audited("citizen.plan.read.refused", liam_plan);
	status_of(c, plan_path(liam_plan, ""), 404);
	status_of(c, plan_path(liam_plan, "/meetings"), 404);
	assert_int_equal(audited("citizen.plan.read.refused", 0) +
	                 audited("citizen.plan.read.refused", liam_plan),
	                 refused + 2);
	ht_client_free(c);
	c = citizen(MARIA);
	status_of(c, plan_path(liam_plan, ""), 200);
	ht_client_free(c);
	ht_sql_exec(&srv, "UPDATE person SET own_reading_refused = NULL"
	            " WHERE personnummer = ?", LIAM);
}

static void test_person_without_a_plan_sees_nothing(void **state)
{
	(void)state;
	/* A person samplan knows, with no plan at all. */
	const char *pnr = ht_pnr("19850101", 7);
	ht_sql_exec(&srv, "INSERT INTO person (personnummer, birth_date,"
	            " given_name, family_name, name_search, created_at,"
	            " updated_at) VALUES (?, '1985-01-01', 'Utan', 'Plan',"
	            " 'utan plan', 0, 0)", pnr);
	struct ht_client *c = citizen(pnr);
	ht_assert_contains(ht_get(c, "/citizen")->body,
	                   "Du har ingen plan i samplan just nu.");
	every_path(c, anna_plan, anna_meeting, 404);
	every_path(c, liam_plan, anna_meeting, 404);
	ht_client_free(c);
}

static void test_another_persons_plan_is_not_found(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ANNA);
	int64_t refused = audited("citizen.plan.read.refused", 0) +
	                  audited("citizen.plan.read.refused", liam_plan);
	const struct ht_response *r = ht_get(c, plan_path(liam_plan, ""));
	ht_assert_page(r, 404);
	ht_assert_not_contains(r->body, "Liam");
	assert_int_equal(audited("citizen.plan.read.refused", 0) +
	                 audited("citizen.plan.read.refused", liam_plan),
	                 refused + 1);
	/* The same as a plan that does not exist. */
	const struct ht_response *none = ht_get(c, plan_path(999999, ""));
	ht_assert_page(none, 404);
	every_path(c, gunnel_plan, gunnel_meeting, 404);
	/* Another plan's meeting under her own plan. */
	status_of(c, plan_path(anna_plan, ht_fmt(&srv, "/meetings/%lld/"
	                                         "meeting.ics",
	                                         (long long)gunnel_meeting)),
	          404);
	status_of(c, "/citizen/plans/x", 404);
	ht_client_free(c);
	/* Staff and nobody are sent to the citizen's sign-in. */
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	r = ht_get(eva, plan_path(anna_plan, ""));
	ht_assert_status(r, 303);
	ht_assert_not_contains(r->body, "KBT");
	ht_client_free(eva);
	struct ht_client *anon = ht_client_new(&srv);
	ht_assert_status(ht_get(anon, plan_path(anna_plan, "/plan.pdf")), 303);
	ht_client_free(anon);
}

static void test_protected_person(void **state)
{
	(void)state;
	ht_sql_exec(&srv, "UPDATE person SET protected_identity = 1"
	            " WHERE personnummer = ?", ANNA);
	const char *who[] = {ANNA, ELENA};
	for (int i = 0; i < 2; i++) {
		struct ht_client *c = citizen(who[i]);
		const struct ht_response *r = ht_get(c, plan_path(anna_plan, ""));
		ht_assert_page(r, 200);
		ht_assert_contains(r->body, "Skyddade personuppgifter");
		ht_assert_not_contains(r->body, "Storgatan");
		ht_assert_not_contains(r->body, "070-123 45 67");
		r = ht_get(c, plan_path(anna_plan, "/plan.pdf"));
		ht_assert_status(r, 200);
		assert_null(memmem(r->body, r->body_len, "Storgatan", 9));
		ht_client_free(c);
	}
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = ht_get(c, plan_path(anna_plan,
	                                                  "/meetings"));
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, "Storgatan");
	ht_client_free(c);
	ht_sql_exec(&srv, "UPDATE person SET protected_identity = 0"
	            " WHERE personnummer = ?", ANNA);
}

static void test_meetings_upcoming_and_past(void **state)
{
	(void)state;
	/* Anna: one held meeting, nothing booked; she may give feedback. */
	struct ht_client *c = citizen(ANNA);
	int64_t before = audited("citizen.meetings.read", anna_plan);
	const struct ht_response *r = ht_get(c, plan_path(anna_plan,
	                                                  "/meetings"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Inget möte är bokat just nu.");
	ht_assert_contains(r->body, "Mötet har varit.");
	ht_assert_contains(r->body, "De här var med");
	ht_assert_contains(r->body, "Vuxenpsykiatrisk öppenvårdsmottagning");
	ht_assert_contains(r->body, plan_path(anna_plan, ht_fmt(&srv,
	                   "/meetings/%lld/feedback", (long long)anna_meeting)));
	assert_int_equal(audited("citizen.meetings.read", anna_plan),
	                 before + 1);
	ht_client_free(c);

	/* Gunnel: an upcoming video meeting with its invited parties. */
	c = citizen(GUNNEL);
	r = ht_get(c, plan_path(gunnel_plan, "/meetings"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Kommande möten");
	ht_assert_contains(r->body, "https://mote.example.se/sip-gb");
	ht_assert_contains(r->body, "Ungefär");
	ht_assert_contains(r->body, "Vad mötet handlar om");
	ht_assert_contains(r->body, "De här är kallade");
	ht_assert_contains(r->body, "Lägg in mötet i din kalender");
	ht_assert_not_contains(r->body, "/feedback");
	const char *ics = plan_path(gunnel_plan, ht_fmt(&srv,
	                            "/meetings/%lld/meeting.ics",
	                            (long long)gunnel_meeting));
	ht_assert_contains(r->body, ics);
	int64_t cal = audited("citizen.meeting.calendar", gunnel_plan);
	r = ht_get(c, ics);
	ht_assert_status(r, 200);
	assert_string_equal(r->content_type,
	                    "text/calendar; charset=utf-8; method=REQUEST");
	icalcomponent *comp = icalparser_parse_string(r->body);
	assert_non_null(comp);
	assert_int_equal(icalcomponent_get_method(comp), ICAL_METHOD_REQUEST);
	icalcomponent *ev = icalcomponent_get_first_component(
		comp, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	ht_assert_contains(icalcomponent_get_description(ev),
	                   "/citizen/plans/");
	icalcomponent_free(comp);
	assert_int_equal(audited("citizen.meeting.calendar", gunnel_plan),
	                 cal + 1);

	/* Cancelled: marked, and the .ics removes it from the calendar. */
	const char *mid = ht_fmt(&srv, "%lld", (long long)gunnel_meeting);
	ht_sql_exec(&srv, "UPDATE meeting SET cancelled_at = 1,"
	            " cancel_reason = 'Kuratorn är sjuk' WHERE id ="
	            " CAST(? AS INTEGER)", mid);
	r = ht_get(c, plan_path(gunnel_plan, "/meetings"));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Inget möte är bokat just nu.");
	ht_assert_contains(r->body, "Mötet är inställt");
	ht_assert_contains(r->body, "Varför: Kuratorn är sjuk");
	ht_assert_contains(r->body, "Ta bort mötet ur din kalender");
	r = ht_get(c, ics);
	ht_assert_status(r, 200);
	comp = icalparser_parse_string(r->body);
	assert_non_null(comp);
	assert_int_equal(icalcomponent_get_method(comp), ICAL_METHOD_CANCEL);
	icalcomponent_free(comp);
	ht_sql_exec(&srv, "UPDATE meeting SET cancelled_at = NULL,"
	            " cancel_reason = NULL WHERE id = CAST(? AS INTEGER)", mid);
	ht_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anna_reads_her_plan),
		cmocka_unit_test(test_pdf_is_a_pdf),
		cmocka_unit_test(test_earlier_version_and_what_changed),
		cmocka_unit_test(test_relative_reads_only_the_plan_in_force),
		cmocka_unit_test(test_relative_without_sharing_sees_nothing),
		cmocka_unit_test(test_guardians_read_the_childs_plan),
		cmocka_unit_test(test_child_reads_own_plan_unless_refused),
		cmocka_unit_test(test_person_without_a_plan_sees_nothing),
		cmocka_unit_test(test_another_persons_plan_is_not_found),
		cmocka_unit_test(test_protected_person),
		cmocka_unit_test(test_meetings_upcoming_and_past),
		cmocka_unit_test(test_proposal_is_not_a_version), /* last */
	};
	return cmocka_run_group_tests(tests, up, down);
}
