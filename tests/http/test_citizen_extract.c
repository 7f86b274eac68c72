/*
 * test_citizen_extract.c — "who has read my data" in Min SIP
 * (/citizen/access-log and its PDF): the individual sees a staff read
 * of her plan with the reader's unit and role, a guardian sees the
 * child's, the child their own, a relative nothing (404); the citizens'
 * own reads are named as "Du själv" / "Vårdnadshavare"; each opening is
 * audited; the PDF is a PDF.
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
#define JOHAN "197905123381"

static struct ht_server srv;

static int up(void **state)
{
	(void)state;
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true})
	               ? 0
	               : -1;
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

static struct ht_client *citizen(const char *pnr)
{
	struct ht_client *c = ht_client_new(&srv);
	assert_true(ht_citizen_sign_in(c, pnr));
	return c;
}

static const char *extract_of(struct ht_client *c)
{
	const struct ht_response *r = ht_get(c, "/citizen/access-log");
	ht_assert_page(r, 200);
	return r->body;
}

static void test_anna_sees_a_staff_read_with_unit_and_role(void **state)
{
	(void)state;
	/* Bo, of a unit that takes part, reads Anna's plan. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	ht_assert_page(ht_get(bo, ht_fmt(&srv, "/plans/%lld",
	                                 (long long)plan_of(ANNA))), 200);
	ht_client_free(bo);
	const char *title = ht_sql_text(&srv, "SELECT title FROM user_account"
	                                " WHERE username = ?", "bo");
	const char *unit = ht_sql_text(&srv, "SELECT un.name FROM unit un JOIN"
	                               " user_unit uu ON uu.unit_id = un.id JOIN"
	                               " user_account u ON u.id = uu.user_id"
	                               " WHERE u.username = ?", "bo");
	assert_non_null(title);
	assert_non_null(unit);

	struct ht_client *c = citizen(ANNA);
	const char *body = extract_of(c);
	ht_assert_contains(body, "Vem har läst dina uppgifter");
	ht_assert_contains(body, "Uppgifter om dig");
	/* One row: when, Bo's role with his unit, what he did. */
	ht_assert_contains(body, ht_fmt(&srv, "<td>%s<br><span class=\"hint\">"
	                                "%s</span></td><td class=\"text\">"
	                                "Läste planen</td>", title, unit));
	/* Her own sign-in is hers. */
	ht_assert_contains(body, "<td>Du själv</td><td class=\"text\">"
	                         "Loggade in i Min SIP</td>");
	/* Never where from. */
	ht_assert_not_contains(body, "127.0.0.1");
	ht_assert_contains(body, "/citizen/access-log.pdf");

	/* The opening is audited as her read of her person. */
	int64_t session = ht_sql_int(&srv, "SELECT MAX(id) FROM citizen_session"
	                             " WHERE personnummer = ?", ANNA);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                            " action = 'citizen.extract.read' AND"
	                            " user_id IS NULL AND person_id = (SELECT id"
	                            " FROM person WHERE personnummer = '"
	                            ANNA "') AND detail = ?",
	                            ht_fmt(&srv, "citizen:%lld",
	                                   (long long)session)), 1);
	/* ... and the next look shows it. */
	ht_assert_contains(extract_of(c), "Läste i Min SIP vem som har läst");
	ht_client_free(c);
}

static void test_guardian_sees_the_childs_and_the_child_their_own(void **state)
{
	(void)state;
	/* Johan looks at his start page: a citizen read of Liam's plan. */
	struct ht_client *johan = citizen(JOHAN);
	ht_assert_page(ht_get(johan, "/citizen"), 200);
	ht_client_free(johan);

	struct ht_client *maria = citizen(MARIA);
	const char *body = extract_of(maria);
	ht_assert_contains(body, "Uppgifter om Liam Karlsson");
	/* Maria has no person of her own in samplan: only Liam's part. */
	ht_assert_not_contains(body, "Uppgifter om dig");
	/* The other guardian's read, and her own sign-in code being made,
	 * named by who they are to Liam. */
	ht_assert_contains(body, "<td>Vårdnadshavare</td>");
	ht_assert_not_contains(body, "Anna");
	ht_client_free(maria);

	/* Liam, 15, sees his own; his guardians' reads as theirs. */
	struct ht_client *liam = citizen(LIAM);
	body = extract_of(liam);
	ht_assert_contains(body, "Uppgifter om dig");
	ht_assert_contains(body, "<td>Vårdnadshavare</td>");
	ht_assert_contains(body, "<td>Du själv</td>");
	ht_assert_not_contains(body, "Uppgifter om Liam");
	ht_client_free(liam);

	/* A professional's reason that Liam may not read his plan: not
	 * his extract either; his guardians' stays. */
	ht_sql_exec(&srv, "UPDATE person SET own_reading_refused = 'Skäl'"
	            " WHERE personnummer = ?", LIAM);
	liam = citizen(LIAM);
	ht_assert_status(ht_get(liam, "/citizen/access-log"), 404);
	ht_client_free(liam);
	maria = citizen(MARIA);
	ht_assert_contains(extract_of(maria), "Uppgifter om Liam Karlsson");
	ht_client_free(maria);
	ht_sql_exec(&srv, "UPDATE person SET own_reading_refused = NULL"
	            " WHERE personnummer = ?", LIAM);
}

static void test_a_relative_gets_nothing(void **state)
{
	(void)state;
	/* Elena reads Anna's plan (shared with her), but not who read
	 * Anna's data. */
	struct ht_client *c = citizen(ELENA);
	int64_t before = ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log"
	                            " WHERE action = 'citizen.extract.read'",
	                            NULL);
	/* Her start page offers no link to it (Anna's does). */
	const struct ht_response *r = ht_get(c, "/citizen");
	ht_assert_html(r, 200);
	ht_assert_contains(r->body, "/citizen/ask");
	ht_assert_not_contains(r->body, "/citizen/access-log");
	struct ht_client *anna = citizen(ANNA);
	ht_assert_contains(ht_get(anna, "/citizen")->body, "/citizen/access-log");
	ht_client_free(anna);
	r = ht_get(c, "/citizen/access-log");
	ht_assert_html(r, 404);
	ht_assert_not_contains(r->body, "Anna");
	ht_assert_not_contains(r->body, "Läste planen");
	r = ht_get(c, "/citizen/access-log.pdf");
	ht_assert_status(r, 404);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log"
	                            " WHERE action = 'citizen.extract.read'",
	                            NULL), before);
	ht_client_free(c);

	/* Nobody signed in: to the sign-in page. */
	c = ht_client_new(&srv);
	r = ht_get(c, "/citizen/access-log");
	ht_assert_status(r, 303);
	ht_client_free(c);
}

static void test_the_pdf_is_a_pdf(void **state)
{
	(void)state;
	struct ht_client *c = citizen(ANNA);
	const struct ht_response *r = ht_get(c, "/citizen/access-log.pdf");
	ht_assert_status(r, 200);
	assert_non_null(r->content_type);
	ht_assert_contains(r->content_type, "application/pdf");
	assert_true(r->body_len > 1000);
	assert_memory_equal(r->body, "%PDF-", 5);
	ht_assert_contains(ht_header(r, "Content-Disposition"), ".pdf");
	ht_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anna_sees_a_staff_read_with_unit_and_role),
		cmocka_unit_test(test_guardian_sees_the_childs_and_the_child_their_own),
		cmocka_unit_test(test_a_relative_gets_nothing),
		cmocka_unit_test(test_the_pdf_is_a_pdf),
	};
	return cmocka_run_group_tests(tests, up, down);
}
