/*
 * test_review.c — the audit log read back (src/audit/review.c) on both
 * backends: the reviewer's search by person, user, unit and period and
 * its paging; the report of accesses from outside the person's
 * participating units (an unrelated unit's refused attempts in, the
 * participating units' reads out) and of protected-identity openings;
 * the person's extract and who may open it; a list read (one record
 * with subjects, 0018) seen by each of them once per subject; CSV
 * quoting and the formula guard.
 *
 * The cast: eva (region unit, leads both plans), bo (municipality unit,
 * takes part in Anna's plan), olle (another municipality's unit, takes
 * part in nothing).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "audit/review.h"
#include "sip/capability.h"
#include "audit/audit.h"
#include "sip/access.h"
#include "sip/org.h"
#include "sip/person.h"
#include "sip/plan.h"
#include "sip/secret.h"
#include "sip/user.h"
#include "store/db.h"
#include "support/testdb.h"

#define PW "ett långt lösenord"

struct fix {
	struct ctx *ctx;
	int64_t region, kommun, annan;       /* principals */
	int64_t u_region, u_kommun, u_annan; /* units */
	struct user eva, bo, olle;
	int64_t anna, pia;                   /* persons; Pia is protected */
	int64_t anna_plan, pia_plan;
};
static struct fix F;

static void as(struct user *u)
{
	memset(F.ctx->problem, 0, sizeof *F.ctx->problem);
	F.ctx->user = u;
	F.ctx->actor = u ? ACTOR_STAFF : ACTOR_CONSOLE;
	F.ctx->acting_unit = u && u->nunits ? u->units[0].id : 0;
}

static int64_t mk_unit(const char *hsa, const char *name, int64_t principal)
{
	struct unit_input u = {.hsa_id = hsa, .name = name,
	                       .principal_id = principal, .active = true};
	int64_t id;
	if (!unit_create(F.ctx, &u, &id))
		fail_msg("unit %s", name);
	return id;
}

static void mk_user(const char *name, int64_t unit, struct user *out)
{
	struct user_input in = {.username = name, .full_name = name,
	                        .title = "Kurator", .role = "professional",
	                        .password = PW, .unit_ids = &unit, .nunits = 1};
	int64_t id;
	if (!user_create(F.ctx, &in, &id) ||
	    !user_load_by_username(F.ctx, name, out, NULL))
		fail_msg("user %s", name);
}

static int64_t mk_person(const char *pnr, const char *given, bool protect)
{
	struct person_input in = {.personnummer = pnr, .given_name = given,
	                          .family_name = "Testsson",
	                          .protected_identity = protect};
	int64_t id;
	bool existed;
	if (!person_register(F.ctx, &in, &id, &existed))
		fail_msg("person %s", pnr);
	return id;
}

static int64_t mk_plan(int64_t person)
{
	int64_t principals[] = {F.region, F.kommun};
	struct plan_create_input in = {
		.person_id = person,
		.initiated_by = "professional",
		.need_professional = "Samordning behövs.",
		.principal_ids = principals,
		.nprincipals = 2,
	};
	int64_t id = 0;
	if (!plan_create(F.ctx, &in, &id))
		fail_msg("plan");
	return id;
}

static void sql(const char *text, int64_t a, int64_t b)
{
	struct stmt s;
	db_prepare(F.ctx->db, &s, text);
	db_bind_int64(&s, 1, a);
	db_bind_int64(&s, 2, b);
	int rc = db_step(&s);
	db_finalize(&s);
	if (rc != DB_DONE)
		fail_msg("%s: %s", text, db_errmsg(F.ctx->db));
}

/* One audit record, as user u, at time `at`. */
static void record(struct user *u, int64_t at, const char *action,
                   int64_t person, int64_t plan, const char *detail)
{
	as(u);
	int64_t was = F.ctx->now;
	F.ctx->now = at;
	F.ctx->client_addr = "10.1.2.3";
	assert_true(ctx_begin(F.ctx));
	assert_true(audit_write(F.ctx, action, person, plan, detail));
	assert_true(ctx_commit(F.ctx));
	F.ctx->now = was;
}

/* One list read (audit_read_many, 0018) of n (person, plan) pairs, as
 * user u at time `at`: one record whose subjects are the pairs. */
static void list_record(struct user *u, int64_t at, const int64_t *persons,
                        const int64_t *plans, int n)
{
	as(u);
	int64_t was = F.ctx->now;
	F.ctx->now = at;
	F.ctx->client_addr = "10.1.2.4";
	assert_true(audit_read_many(F.ctx, "plan.list", persons, plans, n));
	F.ctx->now = was;
}

/* Local midnight of a date, as review_period counts. */
static int64_t midnight(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
	                .tm_isdst = -1};
	return (int64_t)mktime(&tm);
}

static int64_t T0; /* the test's records start here: 2026-03-01 */

static int setup(void **state)
{
	if (testdb_setup(state) != 0 || !secret_init())
		return -1;
	struct testdb_fixture *f = *state;
	memset(&F, 0, sizeof F);
	F.ctx = &f->t.ctx;
	struct principal_input p1 = {"Testregion", "region", true};
	struct principal_input p2 = {"Testkommun", "municipality", true};
	struct principal_input p3 = {"Grannkommun", "municipality", true};
	if (!principal_create(F.ctx, &p1, &F.region) ||
	    !principal_create(F.ctx, &p2, &F.kommun) ||
	    !principal_create(F.ctx, &p3, &F.annan))
		return -1;
	F.u_region = mk_unit("SE0000000002-R1", "Vuxenpsykiatri", F.region);
	F.u_kommun = mk_unit("SE0000000001-K1", "Boendestöd", F.kommun);
	F.u_annan = mk_unit("SE0000000004-G1", "IFO Grannkommun", F.annan);
	mk_user("eva", F.u_region, &F.eva);
	mk_user("bo", F.u_kommun, &F.bo);
	mk_user("olle", F.u_annan, &F.olle);
	as(&F.eva);
	F.anna = mk_person("19990315-2388", "Anna", false);
	F.pia = mk_person("20110604-4520", "Pia", true);
	F.anna_plan = mk_plan(F.anna);
	F.pia_plan = mk_plan(F.pia);
	/* Bo's unit takes part in Anna's plan (invited). */
	sql("INSERT INTO plan_unit (plan_id, unit_id, via, joined_at)"
	    " VALUES (?, ?, 'invited', 0)", F.anna_plan, F.u_kommun);

	T0 = midnight(2026, 3, 1);
	/* The records of the test, oldest first. */
	record(&F.eva, T0 + 10, "person.read", F.anna, 0, NULL);
	record(&F.bo, T0 + 20, "plan.read", F.anna, F.anna_plan, NULL);
	/* Olle's refused attempts: one names only the plan. */
	record(&F.olle, T0 + 30, "plan.read.refused", 0, F.anna_plan, NULL);
	record(&F.olle, T0 + 40, "person.read.refused", F.anna, 0, NULL);
	/* Pia's protected record opened with a reason, then read. */
	record(&F.eva, T0 + 86400 + 10, "person.read.protected", F.pia, 0,
	       "Förbereder SIP-mötet");
	record(&F.eva, T0 + 86400 + 20, "person.read", F.pia, 0, NULL);
	/* A change of Pia's record by her own lead unit: not a read. */
	record(&F.eva, T0 + 86400 + 30, "person.update", F.pia, 0, NULL);
	/* A review of the log: never in the report. */
	record(NULL, T0 + 86400 + 40, "audit.review", F.anna, 0, "search");
	as(NULL);
	return 0;
}

static int teardown(void **state) { return testdb_teardown(state); }

/* The entry with this action (and person), or NULL. */
static const struct review_entry *find(const struct review_entry *e, int n,
                                       const char *action, int64_t person)
{
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].action, action) == 0 &&
		    (!person || e[i].person_id == person))
			return &e[i];
	return NULL;
}

static void test_search_by_person_user_unit(void **state)
{
	(void)state;
	struct review_entry *e;
	int n;
	bool more;
	struct review_filter f = {.person_id = F.anna, .from = T0, .to = T0 + 2 * 86400};
	assert_true(review_search(F.ctx, &f, 0, 100, &e, &n, &more));
	/* eva's read, bo's read, olle's two attempts, the review. */
	assert_int_equal(n, 5);
	assert_false(more);
	/* Newest first. */
	for (int i = 1; i < n; i++)
		assert_true(e[i - 1].id > e[i].id);
	/* The attempt that named only the plan is Anna's too. */
	const struct review_entry *x = find(e, n, "plan.read.refused", 0);
	assert_non_null(x);
	assert_int_equal(x->person_id, F.anna);
	assert_string_equal(x->personnummer, "199903152388");
	assert_string_equal(x->person_name, "Anna Testsson");
	assert_string_equal(x->username, "olle");
	assert_string_equal(x->unit_name, "IFO Grannkommun");
	assert_string_equal(x->client_addr, "10.1.2.3");
	assert_int_equal(x->plan_id, F.anna_plan);

	f = (struct review_filter){.user_id = F.olle.id};
	assert_true(review_search(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++)
		assert_string_equal(e[i].username, "olle");

	f = (struct review_filter){.unit_id = F.u_kommun, .from = T0, .to = T0 + 2 * 86400};
	assert_true(review_search(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_int_equal(n, 1);
	assert_string_equal(e[0].action, "plan.read");
	assert_string_equal(e[0].username, "bo");
}

static void test_search_period_and_paging(void **state)
{
	(void)state;
	struct review_entry *e;
	int n;
	bool more;
	struct review_filter f = {0};
	/* 2026-03-02 only: Pia's day. */
	assert_true(review_period(F.ctx, "2026-03-02", "2026-03-02", &f.from, &f.to));
	assert_int_equal(f.from, T0 + 86400);
	assert_int_equal(f.to, midnight(2026, 3, 3));
	assert_true(review_search(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_int_equal(n, 4);
	for (int i = 0; i < n; i++)
		assert_true(e[i].at >= f.from && e[i].at < f.to);
	/* 2026-03-01 only: Anna's four. */
	assert_true(review_period(F.ctx, "2026-03-01", "2026-03-01", &f.from, &f.to));
	assert_true(review_search(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_int_equal(n, 4);
	/* Pages of three over the whole test period. */
	assert_true(review_period(F.ctx, "2026-03-01", "2026-03-02", &f.from, &f.to));
	assert_true(review_search(F.ctx, &f, 0, 3, &e, &n, &more));
	assert_int_equal(n, 3);
	assert_true(more);
	int64_t last_of_first = e[2].id;
	assert_true(review_search(F.ctx, &f, 3, 3, &e, &n, &more));
	assert_int_equal(n, 3);
	assert_true(more);
	assert_true(e[0].id < last_of_first);
	assert_true(review_search(F.ctx, &f, 6, 3, &e, &n, &more));
	assert_int_equal(n, 2);
	assert_false(more);
	/* Bad periods are refused at the field. */
	assert_false(review_period(F.ctx, "2026-02-30", NULL, &f.from, &f.to));
	assert_non_null(problem_field_message(F.ctx->problem, "from"));
	as(NULL);
	assert_false(review_period(F.ctx, "2026-03-05", "2026-03-01", &f.from, &f.to));
	assert_non_null(problem_field_message(F.ctx->problem, "to"));
	as(NULL);
	assert_true(review_period(F.ctx, NULL, "", &f.from, &f.to));
	assert_int_equal(f.from, 0);
	assert_int_equal(f.to, 0);
}

static void test_report_outside_units_and_protected(void **state)
{
	(void)state;
	struct review_entry *e;
	int n;
	bool more;
	struct review_filter f = {.from = T0, .to = T0 + 2 * 86400};
	assert_true(review_report(F.ctx, &f, 0, 100, &e, &n, &more));
	/* An unrelated unit's refused attempts are in, also the one that
	 * named only the plan. */
	const struct review_entry *x = find(e, n, "plan.read.refused", F.anna);
	assert_non_null(x);
	assert_int_equal(x->findings, FINDING_OUTSIDE_UNIT);
	x = find(e, n, "person.read.refused", F.anna);
	assert_non_null(x);
	assert_int_equal(x->findings, FINDING_OUTSIDE_UNIT);
	/* The participating units' reads are not. */
	assert_null(find(e, n, "plan.read", F.anna));
	assert_null(find(e, n, "person.read", F.anna));
	/* Every opening of the protected person, with its reason. */
	x = find(e, n, "person.read.protected", F.pia);
	assert_non_null(x);
	assert_int_equal(x->findings, FINDING_PROTECTED);
	assert_string_equal(x->detail, "Förbereder SIP-mötet");
	assert_true(x->protected_identity);
	x = find(e, n, "person.read", F.pia);
	assert_non_null(x);
	assert_int_equal(x->findings, FINDING_PROTECTED);
	/* Her lead unit's change is neither; reviews never are. */
	assert_null(find(e, n, "person.update", F.pia));
	assert_null(find(e, n, "audit.review", 0));
	assert_int_equal(n, 4);

	/* Once Olle's unit takes part in one of Anna's plans, his unit is
	 * no longer outside. */
	sql("INSERT INTO plan_unit (plan_id, unit_id, via, joined_at)"
	    " VALUES (?, ?, 'invited', 0)", F.anna_plan, F.u_annan);
	assert_true(review_report(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_null(find(e, n, "plan.read.refused", F.anna));
	assert_int_equal(n, 2);
}

/* A list read is one record with subjects; every reader sees one entry
 * per subject, with its person and plan, as when each row of a list was
 * a record: the search by person and by user (paged through the
 * subjects of one record), the report's judgement per person, the
 * extract. */
static void test_list_record_read_per_subject(void **state)
{
	(void)state;
	const int64_t persons[] = {F.anna, F.pia}, plans[] = {F.anna_plan, F.pia_plan};
	list_record(&F.olle, T0 + 2 * 86400 + 10, persons, plans, 2);
	list_record(&F.bo, T0 + 2 * 86400 + 20, persons, plans, 2);
	struct review_entry *e;
	int n;
	bool more;
	/* By person: Anna's entries of both list reads, naming her plan. */
	const int64_t day3 = T0 + 2 * 86400, day4 = T0 + 3 * 86400;
	struct review_filter f = {.person_id = F.anna, .from = day3, .to = day4};
	assert_true(review_search(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_int_equal(n, 2);
	for (int i = 0; i < n; i++) {
		assert_string_equal(e[i].action, "plan.list");
		assert_int_equal(e[i].person_id, F.anna);
		assert_int_equal(e[i].plan_id, F.anna_plan);
		assert_string_equal(e[i].personnummer, "199903152388");
		assert_string_equal(e[i].client_addr, "10.1.2.4");
	}
	assert_int_equal(e[0].user_id, F.bo.id); /* newest first */
	assert_int_equal(e[1].user_id, F.olle.id);
	/* By user: olle's one record is two entries, paged one by one. */
	f = (struct review_filter){.user_id = F.olle.id, .from = day3, .to = day4};
	assert_true(review_search(F.ctx, &f, 0, 1, &e, &n, &more));
	assert_int_equal(n, 1);
	assert_true(more);
	int64_t first_person = e[0].person_id, id = e[0].id;
	assert_true(review_search(F.ctx, &f, 1, 1, &e, &n, &more));
	assert_int_equal(n, 1);
	assert_false(more);
	assert_int_equal(e[0].id, id);
	assert_true(e[0].person_id != first_person);
	assert_true(e[0].person_id == F.anna || e[0].person_id == F.pia);
	/* The report judges each subject: Olle's unit is outside both
	 * persons' plans, Pia is protected; Bo's unit takes part in Anna's
	 * plan, not in Pia's. */
	f = (struct review_filter){.from = day3, .to = day4};
	assert_true(review_report(F.ctx, &f, 0, 100, &e, &n, &more));
	assert_int_equal(n, 3);
	for (int i = 0; i < n; i++) {
		const struct review_entry *x = &e[i];
		assert_string_equal(x->action, "plan.list");
		if (x->user_id == F.olle.id && x->person_id == F.anna)
			assert_int_equal(x->findings, FINDING_OUTSIDE_UNIT);
		else if (x->person_id == F.pia)
			assert_int_equal(x->findings,
			                 FINDING_OUTSIDE_UNIT | FINDING_PROTECTED);
		else
			fail_msg("bo's list read of Anna is not in the report");
	}
	/* Anna's extract shows both list reads of her plan. */
	assert_true(review_person_extract(F.ctx, F.anna, 100, &e, &n, &more));
	int lists = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].action, "plan.list") == 0) {
			assert_int_equal(e[i].plan_id, F.anna_plan);
			assert_null(e[i].client_addr);
			lists++;
		}
	assert_int_equal(lists, 2);
}

static void test_extract_and_who_may_open_it(void **state)
{
	(void)state;
	/* The lead unit may; a participating non-lead unit and an
	 * unrelated unit get not-found, as for a person who does not
	 * exist. */
	as(&F.eva);
	assert_true(access_person_extract(F.ctx, F.anna));
	assert_int_equal(F.ctx->acting_unit, F.u_region);
	assert_false(access_person_extract(F.ctx, 999999));
	assert_int_equal(F.ctx->problem->kind, PROBLEM_NOT_FOUND);
	as(&F.bo);
	assert_false(access_person_extract(F.ctx, F.anna));
	assert_int_equal(F.ctx->problem->kind, PROBLEM_NOT_FOUND);
	as(&F.olle);
	assert_false(access_person_extract(F.ctx, F.anna));
	assert_int_equal(F.ctx->problem->kind, PROBLEM_NOT_FOUND);

	as(&F.eva);
	struct review_entry *e;
	int n;
	bool more;
	assert_true(review_person_extract(F.ctx, F.anna, 100, &e, &n, &more));
	/* Refused attempts on her plan are hers to know of. */
	assert_non_null(find(e, n, "plan.read.refused", F.anna));
	assert_non_null(find(e, n, "person.read.refused", F.anna));
	assert_non_null(find(e, n, "plan.read", F.anna));
	assert_null(find(e, n, "person.read", F.pia));
	/* Never where from. */
	for (int i = 0; i < n; i++)
		assert_null(e[i].client_addr);
	struct review_person who;
	assert_true(review_person_heading(F.ctx, F.anna, &who));
	assert_string_equal(who.name, "Anna Testsson");
	assert_false(who.protected_identity);
}

static void test_find_person_and_user(void **state)
{
	(void)state;
	int64_t id;
	assert_true(review_find_person(F.ctx, "199903152388", &id));
	assert_int_equal(id, F.anna);
	assert_true(review_find_person(F.ctx, "191212121212", &id));
	assert_int_equal(id, 0); /* valid, unknown */
	as(NULL);
	assert_true(review_find_user(F.ctx, "olle", &id));
	assert_int_equal(id, F.olle.id);
	assert_false(review_find_user(F.ctx, "nobody", &id));
	assert_non_null(problem_field_message(F.ctx->problem, "username"));
}

static const char *cell(const char *in)
{
	static char out[256];
	struct buf b;
	buf_init(&b, 1024);
	review_csv_cell(&b, in);
	snprintf(out, sizeof out, "%s", b.data);
	buf_free(&b);
	return out;
}

static void test_csv_quoting_and_formula_guard(void **state)
{
	(void)state;
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"plain", "plain"},
		{"Åsa Öberg", "Åsa Öberg"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""},
		{"cr\rlf", "\"cr\rlf\""},
		{"=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""},
		{"=1+1", "\"'=1+1\""},
		{"+46 70", "\"'+46 70\""},
		{"-2", "\"'-2\""},
		{"@SUM(A1)", "\"'@SUM(A1)\""},
		{"\tx", "\"'\tx\""},
		{"a=b", "a=b"}, /* only a leading sign is a formula */
		{"", ""},
		{NULL, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_string_equal(cell(cases[i].in), cases[i].want);
}

static void test_csv_file(void **state)
{
	(void)state;
	struct review_entry *e;
	int n;
	bool more;
	struct review_filter f = {.from = T0, .to = T0 + 2 * 86400};
	assert_true(review_report(F.ctx, &f, 0, 100, &e, &n, &more));
	struct buf b;
	buf_init(&b, 1 << 20);
	review_csv(F.ctx, &b, e, n, true);
	assert_false(buf_failed(&b));
	assert_memory_equal(b.data, "\xEF\xBB\xBFTid,", 7);
	int lines = 0;
	for (const char *p = b.data; (p = strstr(p, "\r\n")); p += 2)
		lines++;
	assert_int_equal(lines, n + 1);
	assert_non_null(strstr(b.data, ",Varför i rapporten\r\n"));
	assert_non_null(strstr(b.data, "plan.read.refused,199903152388,Anna Testsson,"));
	assert_non_null(strstr(b.data, "Utanför personens deltagande enheter\r\n"));
	assert_non_null(strstr(b.data, ",ja,"));
	buf_free(&b);
	/* The action in words, and the dotted name when samplan does not
	 * know it. */
	assert_string_equal(review_action_label(F.ctx, "plan.read.refused"),
	                    "Försökte läsa planen – nekades");
	assert_null(review_action_label(F.ctx, "no.such"));
}

/* The role reviews the log and nothing else; nobody else reviews. */
static void test_reviewer_capabilities(void **state)
{
	(void)state;
	enum role role;
	assert_true(role_parse("audit_reviewer", &role));
	assert_int_equal(role, ROLE_AUDIT_REVIEWER);
	assert_string_equal(role_name(ROLE_AUDIT_REVIEWER), "audit_reviewer");
	assert_string_equal(role_label(ROLE_AUDIT_REVIEWER, "sv"), "Logggranskare");
	struct user u = {.active = true, .role = ROLE_AUDIT_REVIEWER};
	assert_true(capability_granted(&u, CAP_AUDIT_REVIEW));
	assert_true(capability_granted(&u, CAP_LOGGED_IN));
	assert_false(capability_granted(&u, CAP_WORK));
	assert_false(capability_granted(&u, CAP_MANAGE_USERS));
	assert_false(capability_granted(&u, CAP_ADMIN));
	u.active = false;
	assert_false(capability_granted(&u, CAP_AUDIT_REVIEW));
	static const enum role others[] = {ROLE_PROFESSIONAL, ROLE_UNIT_ADMIN,
	                                   ROLE_SYSTEM_ADMIN};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		struct user o = {.active = true, .role = others[i]};
		assert_false(capability_granted(&o, CAP_AUDIT_REVIEW));
	}
	/* A reviewer is created without a unit; a professional is not. */
	as(NULL);
	struct user_input in = {.username = "granskare", .full_name = "G",
	                        .role = "audit_reviewer", .password = PW};
	int64_t id;
	assert_true(user_create(F.ctx, &in, &id));
	in.username = "prof";
	in.role = "professional";
	assert_false(user_create(F.ctx, &in, &id));
	assert_non_null(problem_field_message(F.ctx->problem, "unit_ids"));
	/* Nor may the reviewer open an extract: it does not work with
	 * persons. */
	struct user g;
	as(NULL);
	assert_true(user_load_by_username(F.ctx, "granskare", &g, NULL));
	as(&g);
	assert_false(access_person_extract(F.ctx, F.anna));
	assert_int_equal(F.ctx->problem->kind, PROBLEM_NOT_FOUND);
}

int main(void)
{
#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		TEST(test_search_by_person_user_unit),
		TEST(test_search_period_and_paging),
		TEST(test_report_outside_units_and_protected),
		TEST(test_list_record_read_per_subject),
		TEST(test_extract_and_who_may_open_it),
		TEST(test_find_person_and_user),
		TEST(test_csv_quoting_and_formula_guard),
		TEST(test_csv_file),
		TEST(test_reviewer_capabilities),
	};
#undef TEST
	return testdb_run_groups(tests, sizeof tests / sizeof *tests);
}
