/*
 * test_mail_schedule.c — the mail samplan queues by itself and by hand,
 * on each backend, with a real SMTP server on loopback (sink.h):
 *
 *   - the manual reminder: the lead unit only (another unit taking part
 *     403, an unrelated unit 404 and learns nothing), refused with 409
 *     for an answered invitation and a party outside samplan; the page
 *     goes back to the work list or the plan with a confirmation;
 *   - what a reminder says: no name or personnummer, and for a person
 *     with protected identity only "en SIP" and the link;
 *   - the automatic reminders (`samplan mail tick --now`): once per
 *     invitation, not again within the days given, not after a reply;
 *     one that the SMTP server refuses is retried and sent exactly once;
 *   - the daily summary: counts and a link, once per user and day;
 *   - two servers on one database each queue every summary and every
 *     automatic reminder once between them, and each is delivered once.
 *
 * Gunnel's demo plan is the stage: its lead is lars (Vårdcentralen),
 * its meeting is in three days, and it invites Hemtjänsten (hanna),
 * the hospital ward (lisa) and Gunnel's daughter by phone; none has
 * answered. Anna's invitations (eva leads) are answered.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "sink.h"

#define DAY 86400
#define GUNNEL "194111222842"
#define INVITATION_OF_GUNNEL \
	"SELECT i.id FROM invitation i JOIN plan p ON p.id = i.plan_id" \
	" JOIN person pe ON pe.id = p.person_id" \
	" LEFT JOIN unit u ON u.id = i.unit_id" \
	" WHERE pe.personnummer = '" GUNNEL "' AND "

static const char *const unscheduled[] = {"--mail-schedule", "off", NULL};

static void demo_server(struct ht_server *s)
{
	assert_true(ht_server_start(s, &(struct ht_server_opts){
		.demo = true, .args = unscheduled}));
}

static int64_t invitation_to(struct ht_server *s, const char *hsa_id)
{
	int64_t id = ht_sql_int(s, INVITATION_OF_GUNNEL "u.hsa_id = ?", hsa_id);
	assert_true(id > 0);
	return id;
}

static int64_t gunnel_plan(struct ht_server *s)
{
	return ht_sql_int(s, "SELECT p.id FROM plan p JOIN person pe"
	                     " ON pe.id = p.person_id WHERE pe.personnummer = '"
	                     GUNNEL "'", NULL);
}

/* `samplan mail tick` at now + offset; the reminders it queued. */
static int tick(struct ht_server *s, int64_t at, const char *after_days,
                const char *summary_hour, int *summaries)
{
	char *out = NULL;
	assert_int_equal(ht_samplan(s, &out, "mail", "tick", "--now",
	                            ht_fmt(s, "%lld", (long long)at),
	                            "--remind-after-days", after_days,
	                            "--summary-hour", summary_hour, NULL), 0);
	int r = -1, m = -1;
	assert_int_equal(sscanf(out, "queued %d reminders, %d summaries", &r,
	                        &m), 2);
	if (summaries)
		*summaries = m;
	return r;
}

/* No name, personnummer or address of Gunnel or Anna in text. */
static void assert_no_personal_data(const char *text)
{
	static const char *const never[] = {
		"Gunnel", "Berg", GUNNEL, "411122", "19411122", "Parkv",
		"Anna", "Andersson", "199903152388", "990315", "Karin",
		"070-999", "hftfraktur", "utskrivning", NULL,
	};
	for (int i = 0; never[i]; i++)
		if (strstr(text, never[i]))
			fail_msg("the message holds \"%s\":\n%s", never[i], text);
}

static const struct ht_response *remind_api(struct ht_client *c,
                                            struct ht_server *s, int64_t id)
{
	return ht_post_json(c, ht_fmt(s, "/api/v1/invitations/%lld/remind",
	                              (long long)id), "{}", NULL);
}

static void test_manual_reminder_rules(void **state)
{
	(void)state;
	struct ht_server s;
	demo_server(&s);
	int64_t home = invitation_to(&s, "SE2120000837-HTJ1");
	int64_t daughter = ht_sql_int(&s, INVITATION_OF_GUNNEL
	                                  "i.unit_id IS NULL", NULL);
	int64_t anna_bo = ht_sql_int(&s,
		"SELECT i.id FROM invitation i JOIN unit u ON u.id = i.unit_id"
		" WHERE u.hsa_id = 'SE2120000837-SPB1' AND i.reply IS NOT NULL",
		NULL);
	assert_true(daughter > 0 && anna_bo > 0);
	int64_t plan = gunnel_plan(&s);
	struct ht_snapshot before;

	/* Another unit taking part (the invited one itself): 403, and
	 * nothing written. */
	struct ht_client *hanna = ht_api_as(&s, "hanna");
	struct ht_client *olle = ht_api_as(&s, "olle");
	ht_snapshot_take(&s, &before);
	ht_assert_problem(remind_api(hanna, &s, home), 403);
	ht_assert_unchanged(&s, &before);
	/* An unrelated unit: 404, which names neither the unit nor the
	 * person. */
	const struct ht_response *r = remind_api(olle, &s, home);
	ht_assert_problem(r, 404);
	assert_null(strstr(r->body, "Hemtj"));
	assert_null(strstr(r->body, "Vårdcentralen"));
	assert_no_personal_data(r->body);
	ht_assert_unchanged(&s, &before);

	/* The lead unit reminds: recorded, in the history, and queued. */
	struct ht_client *lars = ht_api_as(&s, "lars");
	r = remind_api(lars, &s, home);
	ht_assert_status(r, 201);
	json_t *j = ht_json(r);
	assert_int_equal(json_integer_value(json_object_get(j, "plan_id")), plan);
	assert_int_equal(json_integer_value(json_object_get(j, "invitation_id")),
	                 home);
	assert_string_equal(json_string_value(json_object_get(j, "kind")),
	                    "manual");
	assert_int_equal(ht_sql_int(&s, ht_fmt(&s,
		"SELECT COUNT(*) FROM invitation_reminder WHERE invitation_id = %lld"
		" AND kind = 'manual' AND automatic_key IS NULL AND created_by = %lld",
		(long long)home, (long long)ht_user_id(&s, "lars")), NULL), 1);
	assert_int_equal(ht_sql_int(&s, ht_fmt(&s,
		"SELECT COUNT(*) FROM plan_event WHERE plan_id = %lld AND action ="
		" 'invitation_reminded'", (long long)plan), NULL), 1);
	assert_int_equal(ht_sql_int(&s,
		"SELECT COUNT(*) FROM audit_log WHERE action ="
		" 'plan.invitation_reminded'", NULL), 1);
	assert_int_equal(ht_sql_int(&s,
		"SELECT COUNT(*) FROM outbox WHERE kind = 'reminder' AND"
		" to_address = 'hemtjanst@ludvika.invalid'", NULL), 1);
	const char *body = ht_sql_text(&s, "SELECT body FROM outbox WHERE"
	                                   " kind = 'reminder'", NULL);
	assert_non_null(strstr(body, "Påminnelse: er enhet har ännu inte svarat"));
	assert_non_null(strstr(body, ht_fmt(&s, "http://127.0.0.1:8080/"
	                                        "invitations/%lld",
	                                    (long long)home)));
	assert_non_null(strstr(body, "Tid: 10:00, 45 minuter"));
	assert_no_personal_data(body);
	assert_no_personal_data(ht_sql_text(&s, "SELECT subject FROM outbox"
	                                        " WHERE kind = 'reminder'", NULL));

	/* Refusals that say why. */
	j = ht_assert_problem(remind_api(lars, &s, daughter), 409);
	assert_non_null(strstr(json_string_value(json_object_get(j, "detail")),
	                       "brev eller telefon"));
	struct ht_client *eva = ht_api_as(&s, "eva");
	j = ht_assert_problem(remind_api(eva, &s, anna_bo), 409);
	assert_non_null(strstr(json_string_value(json_object_get(j, "detail")),
	                       "redan besvarad"));
	ht_assert_problem(remind_api(eva, &s, home), 404);

	/* The page: the plan offers the lead unit "Påminn" for the
	 * unanswered units, not for the party reached by phone ... */
	struct ht_client *page = ht_logged_in(&s, "lars");
	r = ht_get(page, ht_fmt(&s, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	assert_non_null(strstr(r->body, ht_fmt(&s, "action=\"/invitations/%lld/"
	                                           "remind\"", (long long)home)));
	assert_null(strstr(r->body, ht_fmt(&s, "action=\"/invitations/%lld/"
	                                       "remind\"", (long long)daughter)));
	/* ... nor to anyone else taking part. */
	struct ht_client *hanna_page = ht_logged_in(&s, "hanna");
	r = ht_get(hanna_page, ht_fmt(&s, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	assert_null(strstr(r->body, "/remind\""));
	ht_client_free(hanna_page);
	/* Posted: back to the work list, or to the plan. */
	r = ht_post_form(page, ht_fmt(&s, "/invitations/%lld/remind",
	                              (long long)home),
	                 "csrf_token", ht_csrf(page), NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, "/?done=reminded");
	r = ht_get(page, "/?done=reminded");
	assert_non_null(strstr(r->body, "Påminnelsen är skickad till enhetens "
	                                "e-postadress."));
	r = ht_post_form(page, ht_fmt(&s, "/invitations/%lld/remind",
	                              (long long)home),
	                 "csrf_token", ht_csrf(page), "back", "plan", NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, ht_fmt(&s, "/plans/%lld?done=reminded",
	                                        (long long)plan));
	/* A manual reminder is a person's choice: each is recorded. */
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " kind = 'reminder'", NULL), 3);
	/* A refused page action shows why. */
	r = ht_post_form(page, ht_fmt(&s, "/invitations/%lld/remind",
	                              (long long)daughter),
	                 "csrf_token", ht_csrf(page), NULL);
	ht_assert_status(r, 409);
	assert_non_null(strstr(r->body, "brev eller telefon"));

	/* Protected identity: "en SIP" and the link, nothing else. */
	assert_int_equal(ht_sql_exec(&s, "UPDATE person SET protected_identity"
	                                 " = 1 WHERE personnummer = '" GUNNEL "'",
	                             NULL), 1);
	int64_t ward = invitation_to(&s, "SE2321000180-LAS1");
	ht_assert_status(remind_api(lars, &s, ward), 201);
	body = ht_sql_text(&s, "SELECT body FROM outbox WHERE to_address ="
	                       " 'medicin.ludvika@regiondalarna.invalid' AND"
	                       " kind = 'reminder'", NULL);
	assert_string_equal(body, ht_fmt(&s,
		"Påminnelse: er enhet har ännu inte svarat på kallelsen.\n\n"
		"Er enhet är kallad till en SIP.\n\n"
		"Läs kallelsen och svara i samplan:\n"
		"http://127.0.0.1:8080/invitations/%lld\n\n"
		"Meddelandet är skickat automatiskt av samplan. Svara inte på det.\n",
		(long long)ward));
	assert_string_equal(ht_sql_text(&s, "SELECT subject FROM outbox WHERE"
	                                    " to_address = 'medicin.ludvika@"
	                                    "regiondalarna.invalid' AND kind ="
	                                    " 'reminder'", NULL),
	                    "Påminnelse: Kallelse till en SIP");
	ht_client_free(hanna);
	ht_client_free(olle);
	ht_client_free(lars);
	ht_client_free(eva);
	ht_client_free(page);
	assert_int_equal(ht_server_stop(&s), 0);
}

static int64_t automatic(struct ht_server *s, int64_t invitation)
{
	return ht_sql_int(s, ht_fmt(s, "SELECT COUNT(*) FROM invitation_reminder"
	                               " WHERE invitation_id = %lld AND kind ="
	                               " 'automatic'", (long long)invitation),
	                  NULL);
}

static void test_automatic_reminders(void **state)
{
	(void)state;
	struct ht_server s;
	demo_server(&s);
	int64_t home = invitation_to(&s, "SE2120000837-HTJ1");
	int64_t ward = invitation_to(&s, "SE2321000180-LAS1");
	int64_t now = (int64_t)time(NULL);
	int64_t day1 = now + DAY + 60;

	/* Nothing is due before the invitations have waited a day. */
	assert_int_equal(tick(&s, now + 60, "1", "23", NULL), 0);
	/* A day later: one reminder for each unanswered invitation to a
	 * unit (not the daughter, reached by phone; not Anna's, answered). */
	int made = tick(&s, day1, "1", "23", NULL);
	assert_true(made >= 2);
	assert_int_equal(automatic(&s, home), 1);
	assert_int_equal(automatic(&s, ward), 1);
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM invitation_reminder"
	                                " r JOIN invitation i ON i.id ="
	                                " r.invitation_id WHERE i.unit_id IS NULL",
	                            NULL), 0);
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " kind = 'reminder'", NULL), made);
	assert_string_equal(ht_sql_text(&s, ht_fmt(&s,
		"SELECT automatic_key FROM invitation_reminder WHERE invitation_id"
		" = %lld", (long long)home), NULL),
		ht_fmt(&s, "%lld:1", (long long)home));
	/* The same moment again, and later the same day: nothing more. */
	assert_int_equal(tick(&s, day1, "1", "23", NULL), 0);
	assert_int_equal(tick(&s, day1 + 3600, "1", "23", NULL), 0);

	/* Hemtjänsten answers; the ward does not, and is reminded again a
	 * day after its first reminder. */
	struct ht_client *hanna = ht_api_as(&s, "hanna");
	ht_assert_status(ht_post_json(hanna, ht_fmt(&s,
		"/api/v1/invitations/%lld/reply", (long long)home),
		"{\"reply\": \"attend\", \"ongoing_interventions\": \"Inga\"}",
		NULL), 200);
	ht_client_free(hanna);
	assert_true(tick(&s, day1 + DAY + 60, "1", "23", NULL) >= 1);
	assert_int_equal(automatic(&s, home), 1);
	assert_int_equal(automatic(&s, ward), 2);
	int64_t reminders = ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                   " kind = 'reminder'", NULL);
	for (int i = 0; i < 3; i++)
		assert_no_personal_data(ht_sql_text(&s, ht_fmt(&s,
			"SELECT body FROM outbox WHERE kind = 'reminder' ORDER BY id"
			" LIMIT 1 OFFSET %d", i % (int)reminders), NULL));
	char url[1024];
	snprintf(url, sizeof url, "%s", s.db_url);
	/* Only the reminders are left to deliver, and they are due now
	 * (the ticks ran on a clock days ahead). */
	ht_sql_exec(&s, "UPDATE outbox SET state = 'sent', sent_at = 1 WHERE"
	                " kind <> 'reminder'", NULL);
	ht_sql_exec(&s, "UPDATE outbox SET next_attempt_at = 0", NULL);
	assert_int_equal(ht_server_stop(&s), 0);

	/* The SMTP server refuses the first delivery: retried after the
	 * back-off, and each reminder is delivered exactly once. */
	struct sink k;
	sink_start(&k, &(struct sink_opts){.refuse = 1});
	const char *args[] = {"--smtp", k.url, "--smtp-from",
	                      "samplan@kommun.example", "--smtp-retry-base", "1",
	                      "--mail-schedule", "off", NULL};
	assert_true(ht_server_start(&s, &(struct ht_server_opts){
		.db_url = url, .args = args}));
	assert_true(sink_wait_sql(&s, "SELECT COUNT(*) FROM outbox WHERE kind ="
	                              " 'reminder' AND state = 'sent'", reminders));
	sleep(2);
	assert_int_equal(sink_count(&k), reminders);
	assert_int_equal(ht_sql_int(&s, "SELECT SUM(attempts) FROM outbox WHERE"
	                                " kind = 'reminder'", NULL), reminders + 1);
	int to_ward = 0;
	for (int i = 1; i <= reminders; i++) {
		char *m = sink_read(&k, i);
		char to[256];
		sink_header(m, "To", to, sizeof to);
		to_ward += !strcmp(to, "medicin.ludvika@regiondalarna.invalid");
		assert_non_null(strstr(m, "P=C3=A5minnelse: er enhet har"));
		assert_non_null(strstr(m, "http://127.0.0.1:8080/invitations/"));
		assert_no_personal_data(m);
		free(m);
	}
	assert_int_equal(to_ward, automatic(&s, ward));
	assert_int_equal(ht_server_stop(&s), 0);
	sink_stop(&k);
}

static void test_daily_summary(void **state)
{
	(void)state;
	struct ht_server s;
	demo_server(&s);
	int64_t now = (int64_t)time(NULL);
	int summaries;
	/* The ward answers its invitation to Gunnel's meeting: news for
	 * Lars, who started that plan and coordinates it until it is
	 * established. */
	int64_t ward = ht_sql_int(&s, "SELECT i.id FROM invitation i JOIN"
	                              " user_unit uu ON uu.unit_id = i.unit_id"
	                              " JOIN user_account u ON u.id = uu.user_id"
	                              " WHERE u.username = 'lisa'", NULL);
	struct ht_client *lisa = ht_api_as(&s, "lisa");
	ht_assert_status(ht_post_json(lisa, ht_fmt(&s,
		"/api/v1/invitations/%lld/reply", (long long)ward),
		"{\"reply\": \"attend\", \"attendee_name\": \"Lisa Holm\","
		" \"ongoing_interventions\": \"Inga\"}", NULL), 200);
	ht_client_free(lisa);
	/* Lars reads samplan in English: so does his summary. */
	ht_sql_exec(&s, "UPDATE user_account SET lang = 'en' WHERE"
	                " username = ?", "lars");
	tick(&s, now, "3", "0", &summaries);
	assert_true(summaries >= 2);
	/* A row per active user with an address, sent or not (nothing to
	 * say); a message only for those with something. */
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM mail_summary",
	                            NULL),
	                 ht_sql_int(&s, "SELECT COUNT(*) FROM user_account"
	                                " WHERE active = 1 AND email IS NOT NULL",
	                            NULL));
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " kind = 'summary'", NULL), summaries);
	/* The audit reviewer has nothing to do with plans: no message. */
	assert_int_equal(ht_sql_int(&s, "SELECT COUNT(*) FROM outbox WHERE"
	                                " to_address = 'greta.granskare@"
	                                "ludvika.invalid'", NULL), 0);
	/* Hanna's unit is invited to Gunnel's meeting, not yet answered. */
	const char *hanna = ht_sql_text(&s, "SELECT body FROM outbox WHERE"
	                                    " to_address = 'hanna.sjoberg@"
	                                    "ludvika.invalid'", NULL);
	assert_non_null(hanna);
	assert_non_null(strstr(hanna, "- Kallelser till dina enheter: 1\n"));
	assert_non_null(strstr(hanna, "- Kallelser till dina enheter som väntar "
	                              "på svar: 1\n"));
	assert_non_null(strstr(hanna, "http://127.0.0.1:8080/\n"));
	assert_no_personal_data(hanna);
	/* Lars: the ward's answer is new. */
	const char *lars = ht_sql_text(&s, "SELECT body FROM outbox WHERE"
	                                   " to_address = 'lars.ek@"
	                                   "regiondalarna.invalid'", NULL);
	assert_non_null(lars);
	assert_non_null(strstr(lars, "- Replies to invitations in plans you "
	                             "coordinate: 1\n"));
	assert_null(strstr(lars, "Svar på kallelser"));
	assert_no_personal_data(lars);
	/* Eva coordinates the demo's closed plans, answered today: news for
	 * her too, in Swedish (her choice is unset). */
	const char *eva = ht_sql_text(&s, "SELECT body FROM outbox WHERE"
	                                  " to_address = 'eva.lind@"
	                                  "regiondalarna.invalid'", NULL);
	assert_non_null(eva);
	assert_non_null(strstr(eva, "- Svar på kallelser i planer du "
	                            "samordnar: "));
	assert_no_personal_data(eva);
	/* Once per day ... */
	tick(&s, now + 60, "3", "0", &summaries);
	assert_int_equal(summaries, 0);
	/* ... and the next day what is still due, but nothing new. */
	tick(&s, now + DAY, "3", "0", &summaries);
	assert_true(summaries >= 1);
	hanna = ht_sql_text(&s, "SELECT body FROM outbox WHERE to_address ="
	                        " 'hanna.sjoberg@ludvika.invalid' ORDER BY id DESC",
	                    NULL);
	assert_null(strstr(hanna, "Nytt sedan"));
	assert_non_null(strstr(hanna, "som väntar på svar: 1\n"));
	assert_int_equal(ht_server_stop(&s), 0);
}

/* Two servers on one database start at the same moment with the
 * schedule on: every summary and every automatic reminder is queued
 * once between them and delivered once. */
static void test_two_instances_queue_once(void **state)
{
	(void)state;
	struct ht_server a, b;
	demo_server(&a);
	/* Gunnel's invitations have waited five days. */
	assert_true(ht_sql_exec(&a, "UPDATE invitation SET created_at ="
	                            " created_at - 432000", NULL) >= 3);
	char url[1024];
	snprintf(url, sizeof url, "%s", a.db_url);
	int64_t users = ht_sql_int(&a, "SELECT COUNT(*) FROM user_account WHERE"
	                               " active = 1 AND email IS NOT NULL", NULL);
	assert_int_equal(ht_server_stop(&a), 0);
	struct sink k;
	sink_start(&k, &(struct sink_opts){0});
	const char *args[] = {"--smtp", k.url, "--smtp-from",
	                      "samplan@kommun.example", "--summary-hour", "0",
	                      "--mail-schedule", "on", NULL};
	assert_true(ht_server_start(&a, &(struct ht_server_opts){
		.db_url = url, .no_wait = true, .args = args}));
	assert_true(ht_server_start(&b, &(struct ht_server_opts){
		.db_url = url, .no_wait = true, .args = args}));
	assert_true(sink_wait_sql(&a, "SELECT COUNT(*) FROM mail_summary", users));
	assert_true(sink_wait_sql(&a, "SELECT COUNT(*) FROM outbox WHERE state"
	                              " <> 'sent'", 0));
	sleep(3); /* a late duplicate would arrive now */
	int64_t total = ht_sql_int(&a, "SELECT COUNT(*) FROM outbox", NULL);
	int64_t summaries = ht_sql_int(&a, "SELECT COUNT(*) FROM outbox WHERE"
	                                   " kind = 'summary'", NULL);
	assert_true(summaries >= 2);
	assert_int_equal(ht_sql_int(&a, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state <> 'sent'", NULL), 0);
	assert_int_equal(ht_sql_int(&a, INVITATION_OF_GUNNEL "i.unit_id IS NOT"
	                                " NULL AND i.id IN (SELECT invitation_id"
	                                " FROM invitation_reminder WHERE kind ="
	                                " 'automatic')", NULL) > 0, 1);
	assert_int_equal(ht_sql_int(&a, "SELECT COUNT(*) FROM invitation_reminder"
	                                " r JOIN invitation i ON i.id ="
	                                " r.invitation_id JOIN plan p ON p.id ="
	                                " i.plan_id JOIN person pe ON pe.id ="
	                                " p.person_id WHERE pe.personnummer = '"
	                                GUNNEL "'", NULL), 2);
	int64_t reminders = ht_sql_int(&a, "SELECT COUNT(*) FROM outbox WHERE"
	                                   " kind = 'reminder'", NULL);
	assert_int_equal(reminders, ht_sql_int(&a, "SELECT COUNT(*) FROM"
	                                           " invitation_reminder", NULL));
	/* Delivered: each message once, each user's summary once, each
	 * reminded invitation once. */
	assert_int_equal(sink_count(&k), total);
	char seen[64][256];
	int nseen = 0, nreminders = 0;
	for (int i = 1; i <= total; i++) {
		char *m = sink_read(&k, i);
		char subject[256], to[256];
		sink_header(m, "Subject", subject, sizeof subject);
		sink_header(m, "To", to, sizeof to);
		if (!strncmp(subject, "Samplan: sammanfattning ", 24)) {
			for (int j = 0; j < nseen; j++)
				assert_string_not_equal(seen[j], to);
			assert_true(nseen < 64);
			snprintf(seen[nseen++], sizeof seen[0], "%s", to);
		}
		nreminders += strstr(m, "P=C3=A5minnelse: er enhet") != NULL;
		assert_no_personal_data(m);
		free(m);
	}
	assert_int_equal(nseen, summaries);
	assert_int_equal(nreminders, reminders);
	assert_int_equal(ht_server_stop(&a), 0);
	assert_int_equal(ht_server_stop(&b), 0);
	sink_stop(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manual_reminder_rules),
		cmocka_unit_test(test_automatic_reminders),
		cmocka_unit_test(test_daily_summary),
		cmocka_unit_test(test_two_instances_queue_once),
	};
	return cmocka_run_group_tests_name("mail_schedule", tests, NULL, NULL);
}
