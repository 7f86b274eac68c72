/*
 * test_org_user.c — the domain rules for organisations and the people
 * who work there (sip/org.h, sip/user.h, sip/access.h), on SQLite and,
 * with $SAMPLAN_TEST_PG, PostgreSQL: unique HSA-ids, no parent rings,
 * usernames and passwords, who may manage whom, and what deactivation
 * does to sessions and API tokens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sip/auth.h"
#include "sip/capability.h"
#include "sip/org.h"
#include "sip/user.h"
#include "support/testdb.h"

static const char *const PASSWORD = "korrekt hästbatteri";

struct world {
	int64_t region, kommun;  /* principals */
	int64_t psyk, vc, soc;   /* units: two of the region, one of the kommun */
	int64_t admin, ulla, eva, lars, ulf; /* users */
};

static struct testdb_fixture *fx(void **state) { return *state; }

static struct ctx *console(void **state)
{
	struct testdb_fixture *f = *state;
	ctx_act_as(&f->t.ctx, ACTOR_CONSOLE, NULL);
	test_ctx_clear(&f->t);
	return &f->t.ctx;
}

/* Act as `user_id` (loaded with units, as the dispatcher does). */
static struct ctx *as(void **state, int64_t user_id)
{
	struct ctx *ctx = console(state);
	struct user *u = arena_new(ctx->arena, struct user);
	assert_true(user_load(ctx, user_id, u));
	ctx_act_as(ctx, ACTOR_STAFF, u);
	return ctx;
}

static int64_t principal(void **state, const char *name, const char *kind)
{
	struct principal_input in = {name, kind, true};
	int64_t id;
	assert_true(principal_create(console(state), &in, &id));
	return id;
}

static int64_t unit(void **state, const char *hsa, const char *name,
                    int64_t principal_id, int64_t parent_id)
{
	struct unit_input in = {.hsa_id = hsa, .name = name,
	                        .principal_id = principal_id,
	                        .parent_id = parent_id, .active = true};
	int64_t id;
	struct ctx *ctx = console(state);
	if (!unit_create(ctx, &in, &id))
		fail_msg("unit_create %s: %s", hsa,
		         ctx->problem->nfields ? ctx->problem->fields[0].message
		                               : ctx->problem->detail);
	return id;
}

static int64_t user(void **state, const char *username, const char *role,
                    const int64_t *units, int nunits)
{
	struct user_input in = {.username = username, .full_name = username,
	                        .role = role, .password = PASSWORD,
	                        .unit_ids = units, .nunits = nunits};
	int64_t id;
	struct ctx *ctx = console(state);
	if (!user_create(ctx, &in, &id))
		fail_msg("user_create %s: %s", username,
		         ctx->problem->nfields ? ctx->problem->fields[0].message
		                               : ctx->problem->detail);
	return id;
}

static void build(void **state, struct world *w)
{
	w->region = principal(state, "Region Dalarna", "region");
	w->kommun = principal(state, "Ludvika kommun", "municipality");
	w->psyk = unit(state, "SE2321000180-PSY1", "Psykiatri", w->region, 0);
	w->vc = unit(state, "SE2321000180-VC01", "Vårdcentral", w->region, 0);
	w->soc = unit(state, "SE2120000837-SOC1", "Socialtjänst", w->kommun, 0);
	w->admin = user(state, "admin", "system_admin", NULL, 0);
	w->ulla = user(state, "ulla", "unit_admin", &w->soc, 1);
	w->eva = user(state, "eva", "professional", &w->soc, 1);
	w->lars = user(state, "lars", "professional", &w->psyk, 1);
	int64_t both[] = {w->soc, w->psyk};
	w->ulf = user(state, "ulf", "professional", both, 2);
}

static void assert_field_error(struct ctx *ctx, const char *field,
                               const char *needle)
{
	const char *msg = problem_field_message(ctx->problem, field);
	if (!msg)
		fail_msg("no error for field %s (kind %d, detail %s)", field,
		         ctx->problem->kind,
		         ctx->problem->detail ? ctx->problem->detail : "-");
	if (needle && !strstr(msg, needle))
		fail_msg("field %s: \"%s\" lacks \"%s\"", field, msg, needle);
}

/* ---- organisations ---- */

static void test_duplicate_hsa_id(void **state)
{
	struct world w;
	build(state, &w);
	struct unit_input in = {.hsa_id = "SE2321000180-PSY1", .name = "Kopia",
	                        .principal_id = w.region, .active = true};
	int64_t id;
	struct ctx *ctx = console(state);
	assert_false(unit_create(ctx, &in, &id));
	assert_field_error(ctx, "hsa_id", "finns redan");
	/* Updating another unit to the taken id is refused too. */
	in.name = "Vårdcentral";
	ctx = console(state);
	assert_false(unit_update(ctx, w.vc, &in));
	assert_field_error(ctx, "hsa_id", "finns redan");
	/* A malformed id. */
	in.hsa_id = "psyk-1";
	ctx = console(state);
	assert_false(unit_create(ctx, &in, &id));
	assert_field_error(ctx, "hsa_id", "två versaler");
	/* Principal names are unique as well. */
	struct principal_input p = {"Region Dalarna", "region", true};
	ctx = console(state);
	assert_false(principal_create(ctx, &p, &id));
	assert_field_error(ctx, "name", "finns redan");
}

static void test_parent_cycle_refused(void **state)
{
	struct world w;
	build(state, &w);
	int64_t a = unit(state, "SE2321000180-A001", "A", w.region, 0);
	int64_t b = unit(state, "SE2321000180-B001", "B", w.region, a);
	int64_t c = unit(state, "SE2321000180-C001", "C", w.region, b);
	struct unit_input in = {.hsa_id = "SE2321000180-A001", .name = "A",
	                        .principal_id = w.region, .parent_id = c,
	                        .active = true};
	struct ctx *ctx = console(state);
	assert_false(unit_update(ctx, a, &in));
	assert_field_error(ctx, "parent_id", "under sig själv");
	in.parent_id = a;
	ctx = console(state);
	assert_false(unit_update(ctx, a, &in));
	assert_field_error(ctx, "parent_id", NULL);
	/* A parent of another principal. */
	in.hsa_id = "SE2120000837-D001";
	in.name = "D";
	in.principal_id = w.kommun;
	in.parent_id = b;
	int64_t id;
	ctx = console(state);
	assert_false(unit_create(ctx, &in, &id));
	assert_field_error(ctx, "parent_id", "samma huvudman");
}

/* ---- users ---- */

static void test_username_rules(void **state)
{
	static const struct { const char *name; bool ok; } cases[] = {
		{"eva", true},          {"eva.lind", true},   {"e_l-2", true},
		{"ab", true},           {"a", false},         {"", false},
		{"Eva", false},         {"2eva", false},      {"eva lind", false},
		{"åsa", false},         {"eva@kommun", false}, {".eva", false},
		{"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
		 "abcd", true}, /* 64 */
		{"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij"
		 "abcde", false}, /* 65 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (user_username_valid(cases[i].name) != cases[i].ok)
			fail_msg("username \"%s\" should be %s", cases[i].name,
			         cases[i].ok ? "valid" : "invalid");
	assert_false(user_username_valid(NULL));

	struct world w;
	build(state, &w);
	struct user_input in = {.username = "Eva Lind", .full_name = "Eva",
	                        .role = "professional", .password = PASSWORD,
	                        .unit_ids = &w.soc, .nunits = 1};
	int64_t id;
	struct ctx *ctx = console(state);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "username", "små bokstäver");
	in.username = "eva"; /* taken */
	ctx = console(state);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "username", "upptaget");
	/* A professional needs a unit. */
	in.username = "nyanstalld";
	in.nunits = 0;
	ctx = console(state);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "unit_ids", "minst en enhet");
}

static void test_password_min_length(void **state)
{
	struct world w;
	build(state, &w);
	struct user_input in = {.username = "kort", .full_name = "Kort",
	                        .role = "professional",
	                        .password = "elva tecken", /* 11 */
	                        .unit_ids = &w.soc, .nunits = 1};
	int64_t id;
	struct ctx *ctx = console(state);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "password", "minst 12");
	in.password = NULL;
	ctx = console(state);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "password", NULL);
	in.password = "tolv tecken!"; /* 12 */
	ctx = console(state);
	assert_true(user_create(ctx, &in, &id));
	/* On update the password is optional, but if given, 12 at least. */
	in.password = "för kort";
	ctx = console(state);
	assert_false(user_update(ctx, id, &in));
	assert_field_error(ctx, "password", "minst 12");
	in.password = NULL;
	ctx = console(state);
	assert_true(user_update(ctx, id, &in));
}

static void test_unit_admin_manages_own_professionals(void **state)
{
	struct world w;
	build(state, &w);
	int64_t id;
	/* A professional of her own unit: yes. */
	struct user_input in = {.username = "ny", .full_name = "Ny",
	                        .role = "professional", .password = PASSWORD,
	                        .unit_ids = &w.soc, .nunits = 1};
	assert_true(user_create(as(state, w.ulla), &in, &id));
	/* Of another unit: no. */
	in.username = "ny2";
	in.unit_ids = &w.psyk;
	struct ctx *ctx = as(state, w.ulla);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "unit_ids", "egna enheter");
	/* An administrator: no. */
	in.unit_ids = &w.soc;
	in.role = "unit_admin";
	ctx = as(state, w.ulla);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "role", "yrkesverksamma");
	in.role = "system_admin";
	ctx = as(state, w.ulla);
	assert_false(user_create(ctx, &in, &id));
	assert_field_error(ctx, "role", NULL);

	/* Changing eva (her unit): yes; making eva a unit admin: no. */
	struct user_input up = {.username = "eva", .full_name = "Eva Lind",
	                        .role = "professional", .unit_ids = &w.soc,
	                        .nunits = 1};
	assert_true(user_update(as(state, w.ulla), w.eva, &up));
	up.role = "unit_admin";
	ctx = as(state, w.ulla);
	assert_false(user_update(ctx, w.eva, &up));
	assert_field_error(ctx, "role", NULL);
	/* lars (another unit) is invisible to her. */
	up = (struct user_input){.username = "lars", .full_name = "Lars",
	                         .role = "professional", .unit_ids = &w.soc,
	                         .nunits = 1};
	ctx = as(state, w.ulla);
	assert_false(user_update(ctx, w.lars, &up));
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	ctx = as(state, w.ulla);
	assert_false(user_deactivate(ctx, w.lars));
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	/* ulf works in her unit and another: not all his units are hers. */
	ctx = as(state, w.ulla);
	assert_false(user_deactivate(ctx, w.ulf));
	/* As if he were not there: he is not in her list either. */
	assert_int_equal(ctx->problem->kind, PROBLEM_NOT_FOUND);
	/* Her list holds her unit's people only — and does hold them. */
	struct user *list;
	int n;
	bool eva_listed = false;
	assert_true(user_list(as(state, w.ulla), &list, &n));
	for (int i = 0; i < n; i++) {
		if (list[i].id == w.lars || list[i].id == w.ulf ||
		    list[i].id == w.admin)
			fail_msg("unit admin sees %s", list[i].username);
		eva_listed |= list[i].id == w.eva;
	}
	assert_true(eva_listed);
	/* eva she may deactivate. */
	assert_true(user_deactivate(as(state, w.ulla), w.eva));
	/* A professional manages nobody. */
	ctx = as(state, w.lars);
	in = (struct user_input){.username = "ny3", .full_name = "Ny",
	                         .role = "professional", .password = PASSWORD,
	                         .unit_ids = &w.psyk, .nunits = 1};
	assert_false(user_create(ctx, &in, &id));
	assert_int_equal(ctx->problem->kind, PROBLEM_FORBIDDEN);
}

static void test_system_admin_manages_all(void **state)
{
	struct world w;
	build(state, &w);
	int64_t id;
	struct user_input in = {.username = "chef", .full_name = "Chef",
	                        .role = "unit_admin", .password = PASSWORD,
	                        .unit_ids = &w.psyk, .nunits = 1};
	assert_true(user_create(as(state, w.admin), &in, &id));
	in = (struct user_input){.username = "admin2", .full_name = "Admin 2",
	                         .role = "system_admin", .password = PASSWORD};
	assert_true(user_create(as(state, w.admin), &in, &id));
	/* Another admin's and a unit admin's record may change. */
	in.full_name = "Admin Två";
	in.password = NULL;
	assert_true(user_update(as(state, w.admin), id, &in));
	assert_true(user_deactivate(as(state, w.admin), w.ulla));
	assert_true(user_reactivate(as(state, w.admin), w.ulla));
	struct user *list;
	int n;
	assert_true(user_list(as(state, w.admin), &list, &n));
	assert_int_equal(n, 7);
	/* But not their own role. */
	struct user_input self = {.username = "admin", .full_name = "admin",
	                          .role = "professional", .unit_ids = &w.soc,
	                          .nunits = 1};
	struct ctx *ctx = as(state, w.admin);
	assert_false(user_update(ctx, w.admin, &self));
	assert_field_error(ctx, "role", "egen roll");
	/* The directory is theirs too; a professional's it is not. */
	struct principal_input p = {"Ny aktör", "other_actor", true};
	assert_true(principal_create(as(state, w.admin), &p, &id));
	ctx = as(state, w.eva);
	assert_false(principal_create(ctx, &p, &id));
	assert_int_equal(ctx->problem->kind, PROBLEM_FORBIDDEN);
	ctx = as(state, w.ulla);
	struct unit_input u = {.hsa_id = "SE2120000837-X001", .name = "X",
	                       .principal_id = w.kommun, .active = true};
	assert_false(unit_create(ctx, &u, &id));
	assert_int_equal(ctx->problem->kind, PROBLEM_FORBIDDEN);
}

static void test_deactivation_ends_sessions_and_tokens(void **state)
{
	struct world w;
	build(state, &w);
	struct ctx *ctx = console(state);
	char *token, *csrf, *api;
	int64_t token_id, uid;
	struct user me;
	assert_true(auth_login(ctx, "eva", PASSWORD, &me, &token, &csrf));
	assert_true(auth_token_create(console(state), "eva", "test", &api,
	                              &token_id));
	struct session s;
	assert_true(auth_session(console(state), token, &s));
	assert_true(auth_token_user(console(state), api, &uid));
	assert_int_equal(uid, w.eva);

	assert_true(user_deactivate(as(state, w.admin), w.eva));
	assert_false(auth_session(console(state), token, &s));
	assert_false(auth_token_user(console(state), api, &uid));
	/* Nor can she log in. */
	ctx = console(state);
	assert_false(auth_login(ctx, "eva", PASSWORD, &me, &token, &csrf));
	struct user u;
	assert_true(user_load(console(state), w.eva, &u));
	assert_false(u.active);
	assert_true(u.deactivated_at > 0);
	/* Idempotent. */
	assert_true(user_deactivate(as(state, w.admin), w.eva));
	/* Reactivated: she may log in again, but the old token stays
	 * revoked. */
	assert_true(user_reactivate(as(state, w.admin), w.eva));
	assert_false(auth_token_user(console(state), api, &uid));
	assert_true(auth_login(console(state), "eva", PASSWORD, &me, &token,
	                       &csrf));
	assert_int_equal(db_query_int64(fx(state)->db,
	                                "SELECT COUNT(*) FROM audit_log WHERE"
	                                " action = 'user.deactivate'", &uid),
	                 DB_OK);
	assert_true(uid >= 1);
}

static void test_cannot_deactivate_self(void **state)
{
	struct world w;
	build(state, &w);
	struct ctx *ctx = as(state, w.admin);
	assert_false(user_deactivate(ctx, w.admin));
	assert_int_equal(ctx->problem->kind, PROBLEM_CONFLICT);
	assert_non_null(strstr(ctx->problem->detail, "dig själv"));
	ctx = as(state, w.ulla);
	assert_false(user_deactivate(ctx, w.ulla));
	struct user u;
	assert_true(user_load(console(state), w.admin, &u));
	assert_true(u.active);
	assert_true(user_load(console(state), w.ulla, &u));
	assert_true(u.active);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		testdb_test(test_duplicate_hsa_id),
		testdb_test(test_parent_cycle_refused),
		testdb_test(test_username_rules),
		testdb_test(test_password_min_length),
		testdb_test(test_unit_admin_manages_own_professionals),
		testdb_test(test_system_admin_manages_all),
		testdb_test(test_deactivation_ends_sessions_and_tokens),
		testdb_test(test_cannot_deactivate_self),
	};
	return testdb_run_groups(tests, sizeof tests / sizeof tests[0]);
}
