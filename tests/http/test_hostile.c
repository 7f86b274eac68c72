/*
 * test_hostile.c — hostile input in every text field of the SIP and
 * directory bodies: refused cleanly or stored inert.
 *
 * For each target (an API route with a valid body, the field table it
 * reads from src/form/forms.h, and the page that shows what it stored),
 * every text field of the table gets every payload below in turn. The
 * answer must be a clean refusal (400, 409, 413, 415, 422: never a 5xx,
 * never a hang) or a success; after a success the JSON resource returns
 * the value exactly as sent (inert data, not changed into something
 * else) and the HTML page shows it only escaped: no raw tag, no raw
 * attribute breaker. The same payloads go through the HTML forms too,
 * whose error pages re-show what was typed. Body-level attacks (invalid
 * UTF-8, deep nesting, duplicated keys, 1 MB strings, NUL bytes) are
 * checked once per route. After all of it the schema is intact.
 *
 * What a browser does with the stored values (no dialog, no script run)
 * is tests/e2e/hostile.test.js, which opens the pages this test leaves
 * behind.
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

#include "form/forms.h"
#include "harness.h"

static struct ht_server srv;
static struct ht_client *eva, *admin, *eva_page;
static const char *eva_csrf;

/* The payloads a text field gets. `raw` must never appear in an HTML
 * answer as it is (it holds markup); NULL where the payload holds no
 * markup (SQL, schemes), whose only test is the clean answer and the
 * round trip. */
struct payload {
	const char *name;
	const char *value;
	bool markup;
};
static const struct payload payloads[] = {
	{"script", "<script>window.__samplan_xss=1;alert(1)</script>", true},
	{"img onerror", "\"><img src=x onerror=\"window.__samplan_xss=1\">", true},
	{"attribute", "' autofocus onfocus='window.__samplan_xss=1", true},
	{"svg", "<svg/onload=window.__samplan_xss=1>", true},
	{"javascript url", "javascript:window.__samplan_xss=1", false},
	{"sql quote", "x'); DROP TABLE person; --", false},
	{"sql union", "1 OR 1=1 UNION SELECT password_hash FROM user_account",
	 false},
	{"template", "{{7*7}} ${7*7} <%= 7*7 %>", true},
	{"unicode", "Åsa Öberg \u202e\u200b — ä", false},
};

/* ---- personnummer for the many persons made here ---- */

/* A fresh valid personnummer, born 1970-01-01 + n days of 1970. */
static const char *pnr_next(void)
{
	static int n;
	static char out[16][13];
	char *o = out[n % 16];
	int day = n / 900 + 1, serial = 100 + n % 900;
	n++;
	char birth[16];
	snprintf(birth, sizeof birth, "197001%02d", day % 28 + 1);
	snprintf(o, 13, "%s", ht_pnr(birth, serial));
	return o;
}

/* ---- targets ---- */

struct target {
	const char *name;
	const char *api_path;         /* POST here ({id}: the parent id) */
	const struct field *fields;
	const size_t *nfields;
	json_t *(*body)(void);        /* a valid body */
	const char *show_page;        /* GET, {id}: the id made or parent */
	const char *show_api;         /* JSON of the same */
	bool makes;                   /* 201 with an "id" (else: updates parent) */
	struct ht_client **as;
};

static int64_t person_id, plan_id;
static json_int_t region, ludvika;

static json_t *person_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "personnummer",
	                 pnr_next(), "given_name", "Hanna", "family_name",
	                 "Hostilesson", "address", "Gatan 1", "postal_code",
	                 "771 30", "city", "Ludvika", "phone", "070-111 22 33");
}

static json_t *person_update_body(void)
{
	return json_pack("{s:s, s:s, s:s}", "given_name", "Hanna", "family_name",
	                 "Hostilesson", "city", "Ludvika");
}

static json_t *related_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "role", "relative", "name",
	                 "Eli Hostilesson", "relation", "bror", "phone",
	                 "070-222 33 44");
}

static json_t *plan_body(void)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:[I,I]}", "person_id",
	                 (json_int_t)person_id, "initiated_by", "professional",
	                 "need_individual", "Jag vill ha hjälp.",
	                 "need_professional", "Behov av samordning.",
	                 "principal_ids", region, ludvika);
}

static json_t *consent_body(void)
{
	return json_pack("{s:s, s:s, s:s, s:[s], s:[I,I], s:s}", "given_by",
	                 "individual", "form", "written", "valid_until",
	                 "2099-12-31", "scopes", "social", "recipient_ids", region,
	                 ludvika, "note", "Skriftligt.");
}

static json_t *principal_body(void)
{
	static int n;
	char name[64];
	snprintf(name, sizeof name, "Fientliga kommunen %d", ++n);
	return json_pack("{s:s, s:s}", "name", name, "kind", "municipality");
}

static const struct target targets[] = {
	{"person", "/api/v1/persons", person_fields, &person_nfields,
	 person_body, "/persons/{id}", "/api/v1/persons/{id}", true, &eva},
	{"person update", "/api/v1/persons/{id}", person_fields, &person_nfields,
	 person_update_body, "/persons/{id}", "/api/v1/persons/{id}", false, &eva},
	{"related", "/api/v1/persons/{id}/related", related_fields,
	 &related_nfields, related_body, "/persons/{id}", "/api/v1/persons/{id}",
	 false, &eva},
	{"plan", "/api/v1/plans", plan_create_fields, &plan_create_nfields,
	 plan_body, "/plans/{id}", "/api/v1/plans/{id}", true, &eva},
	{"consent", "/api/v1/plans/{id}/consents", consent_fields,
	 &consent_nfields, consent_body, "/plans/{id}", "/api/v1/plans/{id}",
	 false, &eva},
	{"principal", "/api/v1/principals", principal_fields, &principal_nfields,
	 principal_body, "/admin/principals/{id}", NULL, true, &admin},
};

/* The path with "{id}" replaced by id. */
static const char *fmt_id(const char *path, int64_t id)
{
	static char buf[4][256];
	static int next;
	char *b = buf[next++ % 4];
	const char *at = strstr(path, "{id}");
	if (!at)
		snprintf(b, sizeof buf[0], "%s", path);
	else
		snprintf(b, sizeof buf[0], "%.*s%lld%s", (int)(at - path), path,
		         (long long)id, at + 4);
	return b;
}

static int64_t parent_of(const struct target *t)
{
	if (strstr(t->api_path, "/plans/{id}"))
		return plan_id;
	return person_id;
}

static bool clean_refusal(long status)
{
	return status == 400 || status == 409 || status == 413 ||
	       status == 415 || status == 422;
}

/* Does the text hold `needle` anywhere (with NULs in the text)? */
static bool contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n && i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

/* Some string member anywhere in the JSON equals `value`. */
static bool json_holds(json_t *j, const char *value)
{
	if (json_is_string(j))
		return strcmp(json_string_value(j), value) == 0;
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) if (json_holds(v, value)) return true;
	}
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) if (json_holds(v, value)) return true;
	}
	return false;
}

/* Every text field of every target gets every payload. */
static void test_payloads_in_every_field(void **state)
{
	(void)state;
	int wrong = 0, stored = 0;
	for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
		const struct target *tg = &targets[t];
		for (size_t f = 0; f < *tg->nfields; f++) {
			const struct field *fd = &tg->fields[f];
			if (fd->type != FIELD_TEXT && fd->type != FIELD_MULTILINE &&
			    fd->type != FIELD_TEXT_LIST)
				continue;
			/* A person's identity is not changed by an update: the
			 * update does not read the field. */
			if (!tg->makes && strcmp(fd->name, "personnummer") == 0)
				continue;
			for (size_t p = 0; p < sizeof payloads / sizeof *payloads; p++) {
				const struct payload *pl = &payloads[p];
				json_t *body = tg->body();
				json_object_set_new(body, fd->name,
				                    fd->type == FIELD_TEXT_LIST
				                            ? json_pack("[s]", pl->value)
				                            : json_string(pl->value));
				char *text = json_dumps(body, JSON_COMPACT);
				json_decref(body);
				int64_t parent = parent_of(tg);
				const struct ht_response *r = ht_post_json(
					*tg->as, fmt_id(tg->api_path, parent), text, NULL);
				free(text);
				if (r->status >= 500 || r->status == 0) {
					fprintf(stderr, "%s.%s = %s: %ld\n", tg->name,
					        fd->name, pl->name, r->status);
					wrong++;
					continue;
				}
				if (clean_refusal(r->status))
					continue;
				if (r->status != 200 && r->status != 201) {
					fprintf(stderr, "%s.%s = %s: unexpected %ld\n",
					        tg->name, fd->name, pl->name, r->status);
					wrong++;
					continue;
				}
				stored++;
				int64_t id = parent;
				if (tg->makes) {
					json_t *j = json_loads(r->body, 0, NULL);
					id = json_integer_value(json_object_get(j, "id"));
					json_decref(j);
				}
				if (tg->show_api) {
					const struct ht_response *g =
						ht_get(eva, fmt_id(tg->show_api, id));
					json_t *j = json_loads(g->body, 0, NULL);
					/* Enumerations may refuse, free text keeps it. */
					if (!j || !json_holds(j, pl->value)) {
						fprintf(stderr, "%s.%s = %s: stored, but GET %s"
						        " does not return it as sent\n", tg->name,
						        fd->name, pl->name,
						        fmt_id(tg->show_api, id));
						wrong++;
					}
					json_decref(j);
				}
				const struct ht_response *h = ht_get(
					*tg->as == admin ? admin : eva_page,
					fmt_id(tg->show_page, id));
				if (h->status != 200) {
					fprintf(stderr, "%s: GET %s: %ld\n", tg->name,
					        fmt_id(tg->show_page, id), h->status);
					wrong++;
				} else if (pl->markup &&
				           contains(h->body, h->body_len, pl->value)) {
					fprintf(stderr, "%s.%s = %s: shown unescaped on %s\n",
					        tg->name, fd->name, pl->name,
					        fmt_id(tg->show_page, id));
					wrong++;
				}
			}
		}
	}
	fprintf(stderr, "# %d hostile values stored inert\n", stored);
	assert_int_equal(wrong, 0);
	assert_true(stored > 50); /* free-text fields keep what was typed */
}

/* The same through the forms: a refused form re-shows what was typed,
 * escaped. */
static void test_payloads_in_forms(void **state)
{
	(void)state;
	static const char *const person_form[] = {
		"given_name", "family_name", "address", "city", "phone", "email",
		"interpreter_language", NULL,
	};
	int wrong = 0;
	for (int f = 0; person_form[f]; f++)
		for (size_t p = 0; p < sizeof payloads / sizeof *payloads; p++) {
			if (!payloads[p].markup)
				continue;
			/* An invalid personnummer: the form comes back with the
			 * values typed. */
			const struct ht_response *r = ht_post_form(
				eva_page, "/persons", "csrf_token", eva_csrf,
				"personnummer", "19700101-0000", person_form[f],
				payloads[p].value, NULL);
			if (r->status >= 500) {
				fprintf(stderr, "form %s = %s: %ld\n", person_form[f],
				        payloads[p].name, r->status);
				wrong++;
			}
			if (contains(r->body, r->body_len, payloads[p].value)) {
				fprintf(stderr, "form %s = %s: re-shown unescaped\n",
				        person_form[f], payloads[p].name);
				wrong++;
			}
		}
	assert_int_equal(wrong, 0);
}

/* Attacks on the body itself, once per route: each refused with a
 * problem, nothing stored. */
static void test_body_attacks(void **state)
{
	(void)state;
	struct ht_snapshot before;
	ht_snapshot_take(&srv, &before);
	const char *path = "/api/v1/persons";

	/* Invalid UTF-8 in a string. */
	const char bad_utf8[] = "{\"personnummer\": \"197001010000\","
	                        " \"given_name\": \"\xff\xfe\", \"family_name\": \"X\"}";
	const struct ht_response *r = ht_post_json(eva, path, bad_utf8, NULL);
	assert_true(r->status == 400 || r->status == 422);
	assert_non_null(strstr(r->content_type, "application/problem+json"));

	/* An escaped NUL inside a string. */
	r = ht_post_json(eva, path,
	                 "{\"personnummer\": \"197001010000\", \"given_name\":"
	                 " \"a\\u0000b\", \"family_name\": \"X\"}", NULL);
	assert_true(r->status == 400 || r->status == 422);

	/* Duplicated keys: which one would win is undefined; refused. */
	r = ht_post_json(eva, path,
	                 "{\"given_name\": \"A\", \"given_name\": \"B\"}", NULL);
	assert_int_equal(r->status, 400);

	/* Deep nesting. */
	enum { DEPTH = 100000 };
	char *deep = malloc(2 * DEPTH + 1);
	assert_non_null(deep);
	memset(deep, '[', DEPTH);
	memset(deep + DEPTH, ']', DEPTH);
	deep[2 * DEPTH] = '\0';
	r = ht_post_json(eva, path, deep, NULL);
	assert_true(r->status == 400 || r->status == 413);
	free(deep);

	/* 1 MB in one field. */
	enum { MB = 1 << 20 };
	char *big = malloc(MB + 128);
	assert_non_null(big);
	int n = snprintf(big, 128, "{\"personnummer\": \"%s\", \"given_name\": \"",
	                 pnr_next());
	memset(big + n, 'A', MB);
	strcpy(big + n + MB, "\", \"family_name\": \"X\"}");
	r = ht_post_json(eva, path, big, NULL);
	assert_true(r->status == 413 || r->status == 422);
	free(big);

	/* A raw NUL in a form body. */
	const char nul_form[] = "given_name=a\0b&family_name=X";
	r = ht_request(eva, &(struct ht_request){
		.method = "POST", .path = path,
		.content_type = "application/x-www-form-urlencoded",
		.body = nul_form, .body_len = sizeof nul_form - 1});
	assert_true(r->status == 400 || r->status == 422);

	ht_assert_unchanged(&srv, &before);
}

/* The SQL payloads were data: every table is still there and the
 * users' password hashes were never returned. */
static void test_schema_intact(void **state)
{
	(void)state;
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM person", NULL) > 5);
	assert_true(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan", NULL) > 5);
	const struct ht_response *r = ht_get(eva, fmt_id("/api/v1/plans/{id}",
	                                                 plan_id));
	assert_int_equal(r->status, 200);
	assert_null(strstr(r->body, "$argon2"));
}

static int group_setup(void **state)
{
	(void)state;
	if (!ht_server_start(&srv, &(struct ht_server_opts){.demo = true}))
		return -1;
	eva = ht_client_new(&srv);
	ht_client_bearer(eva, ht_token_create(&srv, "eva"));
	admin = ht_client_new(&srv);
	ht_client_bearer(admin, ht_token_create(&srv, "admin"));
	eva_page = ht_client_new(&srv);
	if (!ht_login(eva_page, "eva", HT_DEMO_PASSWORD))
		return -1;
	eva_csrf = ht_csrf(eva_page);
	region = ht_sql_int(&srv, "SELECT principal_id FROM unit WHERE"
	                    " hsa_id = ?", "SE2321000180-VPL1");
	ludvika = ht_sql_int(&srv, "SELECT principal_id FROM unit WHERE"
	                     " hsa_id = ?", "SE2120000837-SPB1");
	/* The person and plan that the update targets change. */
	json_t *b = person_body();
	char *text = json_dumps(b, 0);
	json_decref(b);
	const struct ht_response *r = ht_post_json(eva, "/api/v1/persons", text,
	                                           NULL);
	free(text);
	json_t *j = json_loads(r->body, 0, NULL);
	person_id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	b = plan_body();
	text = json_dumps(b, 0);
	json_decref(b);
	r = ht_post_json(eva, "/api/v1/plans", text, NULL);
	free(text);
	j = json_loads(r->body, 0, NULL);
	plan_id = json_integer_value(json_object_get(j, "id"));
	json_decref(j);
	return person_id && plan_id ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	ht_client_free(eva);
	ht_client_free(admin);
	ht_client_free(eva_page);
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payloads_in_every_field),
		cmocka_unit_test(test_payloads_in_forms),
		cmocka_unit_test(test_body_attacks),
		cmocka_unit_test(test_schema_intact),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
