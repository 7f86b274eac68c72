/*
 * test_sip.c — the SIP process over real HTTP, through the API and
 * through the pages: Anna's plan of seed 000 from the need to the
 * established plan; the refusals on the way (409 with the state machine,
 * 422 naming the field, the database unchanged); who sees what (olle sees
 * nothing and cannot tell a plan from no plan, the system administrator
 * reads no plans, bo's unit sees the plan once invited); the audit record
 * of a read; and a new person taken through the same steps in the forms,
 * as a browser posts them, with the session's CSRF token.
 *
 * One server with the demo data (`samplan demo`) serves every test; its
 * plan 1 is Anna's reference plan. A test that makes a plan registers a
 * person of its own, with a made-up personnummer that passes the Luhn
 * check, so the tests do not depend on each other's order. Where a
 * request is refused, the test also shows that the database did not
 * change (row counts of every table before and after).
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
#include <strings.h>
#include <time.h>

#include "base/buf.h"
#include "base/date.h"
#include "harness.h"

static struct ht_server srv;
static struct arena scratch; /* strings of the helpers, freed at the end */

/* Anna's demo plan (demo_plans.c makes it first). */
enum { ANNA_PLAN = 1, NO_SUCH_ID = 999999 };
#define ANNA_PNR "199903152388"

/* Demo units by HSA-id (cli_demo.c). */
#define HSA_VPL "SE2321000180-VPL1" /* Vuxenpsykiatrisk öppenvårdsmottagning */
#define HSA_SPB "SE2120000837-SPB1" /* Socialpsykiatri, boendestöd (bo) */
#define HSA_STH "SE2021003144-STH1" /* Studenthälsan (sara) */
#define HSA_OLLE "SE2120002122-IFO1" /* Smedjebacken (olle) */
#define NAME_VPL "Vuxenpsykiatrisk öppenvårdsmottagning Ludvika"
#define NAME_SPB "Socialpsykiatri, boendestöd"
#define NAME_STH "Studenthälsan, Högskolan Dalarna"

static int group_setup(void **state)
{
	(void)state;
	/* The server runs in Europe/Stockholm (harness.c); so do the
	 * dates this test computes. */
	setenv("TZ", "Europe/Stockholm", 1);
	tzset();
	arena_init(&scratch, 256 << 20);
	return ht_server_start(&srv, &(struct ht_server_opts){.demo = true}) ? 0
	                                                                     : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	arena_free(&scratch);
	return ht_server_stop(&srv) == 0 ? 0 : -1;
}

/* ---- the reference plan: seed 000, word for word ---- */

struct seed_goal {
	const char *kind, *text;
};

static const struct seed_goal anna_goals[] = {
	{"overall", "Anna vill bli klar med sin examen till våren."},
	{"sub", "Hantera sin ångest"},
	{"sub", "Hantera sin ångest (exponering)"},
	{"sub", "Fungerande vardagsrutiner. Matplanering och inköp"},
	{"sub", "Fungerande vardagsrutiner. Passa tider"},
};
enum { ANNA_NGOALS = sizeof anna_goals / sizeof *anna_goals };

/* One row of the seed's table "Kortsiktiga mål | Insatser/aktiviteter |
 * Ansvar | Tidsplan start/sluttid", with how samplan holds the
 * responsible party. */
struct seed_row {
	int goal; /* 1-based into anna_goals */
	const char *what;
	const char *responsible;
	const char *timing;
	const char *kind;     /* responsible_kind */
	const char *unit_hsa; /* the responsible unit, or NULL */
	const char *unit_label; /* how the pages' menu names that unit */
	const char *contact;
};

static const struct seed_row anna_rows[] = {
	{2, "KBT-behandling samtal X gånger/vecka", "Kurator Vuxenpsykiatri",
	 "Påbörjas omgående", "region_unit", HSA_VPL, NAME_VPL, "Eva Lind"},
	{3, "Tränas att resa kollektivt och vistas i miljöer med många "
	    "människor X gånger/vecka. Ett led i KBT-behandlingen",
	 "Boendestöd", "Påbörjas omgående", "municipality_unit", HSA_SPB,
	 NAME_SPB, "Bo Berg"},
	{2, "Dokumentera i dagbok", "Anna", "Påbörjas omgående. Varje dag",
	 "individual", NULL, NULL, NULL},
	{4, "Göra veckoschema, inköpslista, veckohandla g/vecka", "Boendestöd",
	 "Påbörjas omgående", "municipality_unit", HSA_SPB, NAME_SPB, "Bo Berg"},
	{5, "Använda påminnelsefunktioner i mobilen för att komma i tid.",
	 "Anna", "Påbörjas omgående. Varje dag", "individual", NULL, NULL, NULL},
	{2, "Anna kan besöka ett \"tyst rum\" i deras lokaler om stressen blir "
	    "för hög",
	 "Studenthälsan", "Påbörjas omgående", "other_actor", HSA_STH, NAME_STH,
	 "Sara Nilsson"},
	{2, "1 gång/vecka ex gå på bio, äta tillsammans med syster",
	 "Anna och Elena", "Börja nästa vecka", "individual", NULL, NULL, NULL},
};
enum { ANNA_NROWS = sizeof anna_rows / sizeof *anna_rows };

#define ANNA_PURPOSE                                                       \
	"Anna behöver samordnade insatser från psykiatrisk öppenvård, "    \
	"socialpsykiatri och studenthälsan."
#define ANNA_SITUATION                                                     \
	"Anna har kontakt med psykiatriska öppenvården. Anna studerar och " \
	"vill bli klar med sin examen till våren. Hon behöver hjälp med "  \
	"att äta på regelbundna tider, sköta om hemmet och sova "          \
	"tillräckligt. Anna behöver tränas på att vistas i miljöer med "   \
	"flera människor, exempelvis handla, åka buss och vara på "        \
	"universitetet."

/* ---- assertions ---- */

/* A 422 whose errors name `field` with a message containing `says`. */
static void assert_field_error(json_t *problem, const char *field,
                               const char *says)
{
	json_t *errors = json_object_get(problem, "errors");
	if (!json_is_array(errors))
		fail_msg("no errors[] in the problem");
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) {
		const char *f = json_string_value(json_object_get(e, "field"));
		const char *m = json_string_value(json_object_get(e, "message"));
		if (!f || strcmp(f, field) != 0)
			continue;
		assert_non_null(m);
		assert_true(strlen(m) > 10);
		if (says)
			ht_assert_contains(m, says);
		return;
	}
	char *dump = json_dumps(errors, 0);
	fail_msg("no error for %s in %s", field, dump);
}

/* A 409 from the state machine: the state it is in, and exactly the
 * states it may go to. */
static void assert_conflict(json_t *problem, const char *state,
                            const char *const *allowed)
{
	assert_string_equal(json_string_value(json_object_get(problem,
	                                                      "current_state")),
	                    state);
	json_t *a = json_object_get(problem, "allowed_next");
	assert_true(json_is_array(a));
	size_t n = 0;
	for (; allowed[n]; n++) {
		bool found = false;
		for (size_t i = 0; i < json_array_size(a); i++)
			found |= strcmp(json_string_value(json_array_get(a, i)),
			                allowed[n]) == 0;
		if (!found)
			fail_msg("allowed_next lacks %s", allowed[n]);
	}
	assert_int_equal(json_array_size(a), n);
}

/* ---- small helpers ---- */

/* A date `days` from today, YYYY-MM-DD. */
/* A made-up personnummer: birth date YYYYMMDD and a three-digit serial,
 * with the Luhn check digit over YYMMDDNNN. "YYYYMMDDNNNC". */
static const char *pnr_make(const char *birth, int serial)
{
	return arena_strdup(&scratch, ht_pnr(birth, serial));
}

/* "YYYYMMDD-NNNN" of a canonical number. */
static const char *pnr_dashed(const char *canonical)
{
	return ht_fmt(&srv, "%.8s-%s", canonical, canonical + 8);
}

static const char *html_escape(const char *s)
{
	struct buf b;
	buf_init(&b, 1 << 20);
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(&b, "&amp;"); break;
		case '<': buf_puts(&b, "&lt;"); break;
		case '>': buf_puts(&b, "&gt;"); break;
		case '"': buf_puts(&b, "&quot;"); break;
		case '\'': buf_puts(&b, "&#39;"); break;
		default: buf_putc(&b, *s);
		}
	}
	const char *out = arena_strdup(&scratch, b.data);
	buf_free(&b);
	return out;
}

static const char *html_unescape(const char *s, size_t len)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
	            {"&quot;", '"'}, {"&#39;", '\''}};
	char *out = arena_alloc(&scratch, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		bool done = false;
		for (size_t k = 0; k < sizeof ents / sizeof *ents && !done; k++) {
			size_t el = strlen(ents[k].ent);
			if (len - i >= el && strncmp(s + i, ents[k].ent, el) == 0) {
				out[o++] = ents[k].c;
				i += el;
				done = true;
			}
		}
		if (!done)
			out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

/* The body with every occurrence of `path` replaced, so two error pages
 * can be compared although each names its own address (the language
 * form's "next"). */
static const char *without(const char *body, const char *path)
{
	struct buf b;
	buf_init(&b, 64 << 20);
	size_t n = strlen(path);
	for (const char *p = body; *p;) {
		if (strncmp(p, path, n) == 0) {
			buf_puts(&b, "{PATH}");
			p += n;
		} else {
			buf_putc(&b, *p++);
		}
	}
	const char *out = arena_strdup(&scratch, b.data);
	buf_free(&b);
	return out;
}

/* A refused form comes back with the plan on the page, and showing a
 * plan is a read that is audited: after such a refusal the database
 * holds nothing new but audit records of reads. */
struct snap {
	struct ht_snapshot rows;
	int64_t audit_max;
};

static void snap_take(struct snap *x)
{
	ht_snapshot_take(&srv, &x->rows);
	x->audit_max = ht_sql_int(&srv, "SELECT COALESCE(MAX(id), 0) FROM"
	                                " audit_log", NULL);
}

static void assert_only_reads(const struct snap *x)
{
	struct ht_snapshot now;
	ht_snapshot_take(&srv, &now);
	assert_int_equal(now.n, x->rows.n);
	for (int i = 0; i < now.n; i++)
		if (strcmp(now.table[i], "audit_log") != 0 &&
		    now.rows[i] != x->rows.rows[i])
			fail_msg("table %s has %lld rows, not %lld: the refused "
			         "request changed the database", now.table[i],
			         (long long)now.rows[i], (long long)x->rows.rows[i]);
	const char *after = arena_printf(&scratch, "%lld", (long long)x->audit_max);
	int64_t writes = ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " id > ? AND action NOT LIKE '%.read'",
	                            after);
	if (writes)
		fail_msg("the refused request wrote %lld audit records of "
		         "changes: %s", (long long)writes,
		         ht_sql_text(&srv, "SELECT action FROM audit_log WHERE"
		                           " id > ? ORDER BY id DESC", after));
}

/* The path of an address, without its query. */
static const char *path_only(const char *url)
{
	return arena_strndup(&scratch, url, strcspn(url, "?"));
}

/* ---- the API ---- */

/* POST body (taken over) and expect status: the parsed answer (caller
 * json_decref's). Errors must be problem+json. */
static int64_t unit_id(const char *hsa_id)
{
	int64_t id = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                        hsa_id);
	if (!id)
		fail_msg("no unit %s", hsa_id);
	return id;
}

/* A principal's id, read from GET /api/v1/principals. */
static int64_t principal_id(struct ht_client *c, const char *name)
{
	json_t *list = ht_api_get(c, "/api/v1/principals", 200);
	size_t i;
	json_t *p;
	int64_t id = 0;
	json_array_foreach(list, i, p)
		if (strcmp(ht_jstr(p, "name"), name) == 0)
			id = ht_jint(p, "id");
	json_decref(list);
	if (!id)
		fail_msg("no principal %s", name);
	return id;
}

/* Anna's parties: the region, the municipality, the university. */
static json_t *anna_principals(struct ht_client *c)
{
	return json_pack("[I,I,I]", (json_int_t)principal_id(c, "Region Dalarna"),
	                 (json_int_t)principal_id(c, "Ludvika kommun"),
	                 (json_int_t)principal_id(c, "Högskolan Dalarna"));
}

/* Register a person through the API; their id. */
static int64_t api_person(struct ht_client *c, const char *pnr,
                          const char *given, const char *family)
{
	json_t *p = ht_api_post(c, "/api/v1/persons",
	                     json_pack("{s:s, s:s, s:s, s:s}", "personnummer", pnr,
	                               "given_name", given, "family_name", family,
	                               "city", "Ludvika"),
	                     201);
	int64_t id = ht_jint(p, "id");
	json_decref(p);
	return id;
}

/* The steps up to `invited` with bo's unit invited, through the API as
 * eva. */
struct small_plan {
	int64_t person, plan, consent, meeting, invitation;
};

static int64_t api_new_plan(struct ht_client *eva, int64_t person)
{
	json_t *p = ht_api_post(eva, "/api/v1/plans",
	                     json_pack("{s:I, s:s, s:s, s:o}",
	                               "person_id", (json_int_t)person,
	                               "initiated_by", "professional",
	                               "need_professional",
	                               "Behöver samordnat stöd från region och "
	                               "kommun.",
	                               "principal_ids", anna_principals(eva)),
	                     201);
	int64_t id = ht_jint(p, "id");
	assert_string_equal(ht_jstr(p, "state"), "need_assessed");
	json_decref(p);
	return id;
}

static json_t *consent_body(struct ht_client *c)
{
	return json_pack("{s:s, s:s, s:s, s:[s,s,s], s:o, s:s}", "given_by",
	                 "individual", "form", "written", "valid_until",
	                 ht_date_in(&srv, 365), "scopes", "health", "social", "school",
	                 "recipient_ids", anna_principals(c), "note",
	                 "Skriftligt samtycke vid besöket.");
}

static json_t *meeting_body(void)
{
	return json_pack("{s:s, s:s, s:i, s:s, s:s}", "date", ht_date_in(&srv, 0),
	                 "start_time", "13:00", "duration_minutes", 90, "place",
	                 "Vuxenpsykiatrisk öppenvårdsmottagning, Ludvika",
	                 "purpose", ANNA_PURPOSE);
}

/* The causes of a declined SIP (plan.c's declined_causes). */
static const char *const declined_cause_keys[] = {
	"no_coordination_need", "one_principal", "existing_plan",
	"coordinated_otherwise", "other", NULL};

static void api_small_plan(struct ht_client *eva, const char *pnr,
                           struct small_plan *x)
{
	x->person = api_person(eva, pnr, "Test", "Testsson");
	x->plan = api_new_plan(eva, x->person);
	json_t *p = ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents",
	                                 (long long)x->plan),
	                     consent_body(eva), 201);
	x->consent = ht_jint(json_array_get(json_object_get(p, "consents"), 0), "id");
	json_decref(p);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/preparation",
	                                 (long long)x->plan),
	                     json_pack("{s:s, s:s}", "purpose", ANNA_PURPOSE,
	                               "participation", "whole"),
	                     200));
	p = ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/meetings", (long long)x->plan),
	             meeting_body(), 201);
	x->meeting = ht_jint(json_array_get(json_object_get(p, "meetings"), 0), "id");
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/invitations", (long long)x->plan),
	             json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                       (json_int_t)x->meeting, "invitations", "unit_id",
	                       (json_int_t)unit_id(HSA_SPB)),
	             201);
	assert_string_equal(ht_jstr(p, "state"), "invited");
	x->invitation = ht_jint(json_array_get(json_object_get(p, "invitations"), 0),
	                     "id");
	json_decref(p);
}

/* ---- the pages: forms as a browser posts them ---- */

enum { FORM_MAX = 1024 };
struct form_data {
	int n;
	const char *name[FORM_MAX];
	const char *value[FORM_MAX];
};

static void form_add(struct form_data *fd, const char *name, const char *value)
{
	assert_true(fd->n < FORM_MAX);
	fd->name[fd->n] = arena_strdup(&scratch, name);
	fd->value[fd->n++] = arena_strdup(&scratch, value);
}

static void form_del(struct form_data *fd, const char *name)
{
	int k = 0;
	for (int i = 0; i < fd->n; i++)
		if (strcmp(fd->name[i], name) != 0) {
			fd->name[k] = fd->name[i];
			fd->value[k++] = fd->value[i];
		}
	fd->n = k;
}

/* Set a field: replace its value, or add it (a checkbox ticked). */
static void form_set(struct form_data *fd, const char *name, const char *value)
{
	for (int i = 0; i < fd->n; i++)
		if (strcmp(fd->name[i], name) == 0) {
			fd->value[i] = arena_strdup(&scratch, value);
			return;
		}
	form_add(fd, name, value);
}

static const char *form_get(const struct form_data *fd, const char *name)
{
	for (int i = 0; i < fd->n; i++)
		if (strcmp(fd->name[i], name) == 0)
			return fd->value[i];
	return NULL;
}

/* Attribute `name` of the tag [tag, end), unescaped, or NULL. */
static const char *attr(const char *tag, const char *end, const char *name)
{
	const char *needle = ht_fmt(&srv, " %s=\"", name);
	const char *p = memmem(tag, (size_t)(end - tag), needle, strlen(needle));
	if (!p)
		return NULL;
	p += strlen(needle);
	const char *q = memchr(p, '"', (size_t)(end - p));
	return q ? html_unescape(p, (size_t)(q - p)) : NULL;
}

static bool has_flag(const char *tag, const char *end, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = tag; p + n < end; p++)
		if (*p == ' ' && strncmp(p + 1, flag, n) == 0 &&
		    (p[n + 1] == '>' || p[n + 1] == ' '))
			return true;
	return false;
}

/* The successful controls of the form that posts to `action`, as a
 * browser would send them (no submit button pressed by name). */
static void form_parse(const struct ht_response *r, const char *action,
                       struct form_data *fd)
{
	memset(fd, 0, sizeof *fd);
	const char *needle = ht_fmt(&srv, "<form method=\"post\" action=\"%s\"",
	                            html_escape(action));
	const char *start = strstr(r->body, needle);
	if (!start)
		fail_msg("no form posting to %s in: %.600s", action, r->body);
	const char *stop = strstr(start, "</form>");
	assert_non_null(stop);
	for (const char *p = strchr(start + 1, '<'); p && p < stop;
	     p = strchr(p + 1, '<')) {
		const char *gt = strchr(p, '>');
		assert_non_null(gt);
		if (strncmp(p, "<input ", 7) == 0) {
			const char *name = attr(p, gt, "name");
			const char *type = attr(p, gt, "type");
			const char *value = attr(p, gt, "value");
			if (!name)
				continue;
			bool choice = type && (strcmp(type, "checkbox") == 0 ||
			                       strcmp(type, "radio") == 0);
			if (choice && !has_flag(p, gt, "checked"))
				continue;
			form_add(fd, name, value ? value : choice ? "on" : "");
		} else if (strncmp(p, "<textarea ", 10) == 0) {
			const char *close = strstr(gt, "</textarea>");
			assert_non_null(close);
			form_add(fd, attr(p, gt, "name"),
			         html_unescape(gt + 1, (size_t)(close - gt - 1)));
			p = close;
		} else if (strncmp(p, "<select ", 8) == 0) {
			const char *close = strstr(gt, "</select>");
			assert_non_null(close);
			const char *first = NULL, *chosen = NULL;
			for (const char *o = strstr(gt, "<option "); o && o < close;
			     o = strstr(o + 1, "<option ")) {
				const char *oe = strchr(o, '>');
				const char *v = attr(o, oe, "value");
				if (!first)
					first = v;
				if (has_flag(o, oe, "selected") && !chosen)
					chosen = v;
			}
			form_add(fd, attr(p, gt, "name"),
			         chosen ? chosen : first ? first : "");
			p = close;
		}
	}
}

static const struct ht_response *form_post(struct ht_client *c,
                                           const char *action,
                                           const struct form_data *fd)
{
	struct buf b;
	buf_init(&b, 16 << 20);
	for (int i = 0; i < fd->n; i++) {
		const char *pair[2] = {fd->name[i], fd->value[i]};
		if (i)
			buf_putc(&b, '&');
		for (int k = 0; k < 2; k++) {
			for (const unsigned char *s = (const unsigned char *)pair[k];
			     *s; s++) {
				if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
				    (*s >= '0' && *s <= '9') || strchr("-._~", *s))
					buf_putc(&b, (char)*s);
				else
					buf_printf(&b, "%%%02X", *s);
			}
			if (k == 0)
				buf_putc(&b, '=');
		}
	}
	const char *body = arena_strdup(&scratch, b.data);
	buf_free(&b);
	return ht_request(c, &(struct ht_request){
		.method = "POST", .path = action,
		.content_type = "application/x-www-form-urlencoded",
		.body = body, .body_len = strlen(body)});
}

/* The value of the checkbox or radio button `name` whose label contains
 * `label`. */
static const char *choice_value(const struct ht_response *r, const char *name,
                                const char *label)
{
	const char *needle = ht_fmt(&srv, "name=\"%s\"", name);
	const char *want = html_escape(label);
	for (const char *p = strstr(r->body, needle); p;
	     p = strstr(p + 1, needle)) {
		const char *tag = p;
		while (tag > r->body && *tag != '<')
			tag--;
		const char *gt = strchr(p, '>');
		if (strncmp(tag, "<input ", 7) != 0)
			continue;
		const char *l = strstr(gt, "<label");
		const char *le = l ? strstr(l, "</label>") : NULL;
		if (!le)
			continue;
		const char *hit = strstr(l, want);
		if (hit && hit < le)
			return attr(tag, gt, "value");
	}
	fail_msg("no %s choice labelled %s", name, label);
	return NULL;
}

/* The value of the option of select `name` whose text contains `label`. */
static const char *option_value(const struct ht_response *r, const char *name,
                                const char *label)
{
	const char *sel = strstr(r->body, ht_fmt(&srv, "<select id=\"f-%s\" name=\"%s\"",
	                                         name, name));
	if (!sel)
		fail_msg("no select %s", name);
	const char *close = strstr(sel, "</select>");
	const char *want = html_escape(label);
	for (const char *o = strstr(sel, "<option "); o && o < close;
	     o = strstr(o + 1, "<option ")) {
		const char *oe = strchr(o, '>');
		const char *end = strstr(oe, "</option>");
		const char *hit = strstr(oe, want);
		if (hit && hit < end)
			return attr(o, oe, "value");
	}
	fail_msg("no option of %s labelled %s", name, label);
	return NULL;
}

/* How many rows of `list` the form has: its fields "list[N].col". */
static int form_rows(const struct form_data *fd, const char *list,
                     const char *col)
{
	int n = 0;
	while (form_get(fd, ht_fmt(&srv, "%s[%d].%s", list, n, col)))
		n++;
	return n;
}

/* Post a form of the plan page that is refused for what was typed:
 * Post/Redirect/Get, 303 to the plan page (`page`), whose GET shows the
 * form again with the values and the errors. */
static const struct ht_response *post_refused(struct ht_client *c,
                                              const char *action,
                                              const struct form_data *fd,
                                              const char *page)
{
	const struct ht_response *r = form_post(c, action, fd);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, page);
	return ht_get(c, page);
}

/* Post a form that comes back to itself (Post/Redirect/Get: a refused
 * form, or one more row asked for): 303 to `action`, whose GET is
 * returned. */
static const struct ht_response *post_and_get(struct ht_client *c,
                                              const char *action,
                                              const struct form_data *fd)
{
	const struct ht_response *r = form_post(c, action, fd);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, action);
	return ht_get(c, action);
}

/* The opening tag of the control named `name` (input, textarea, select). */
static const char *control_tag(const struct ht_response *r, const char *name)
{
	const char *needle = ht_fmt(&srv, " name=\"%s\"", html_escape(name));
	for (const char *p = strstr(r->body, needle); p;
	     p = strstr(p + 1, needle)) {
		const char *tag = p;
		while (tag > r->body && *tag != '<')
			tag--;
		if (strncmp(tag, "<input", 6) && strncmp(tag, "<textarea", 9) &&
		    strncmp(tag, "<select", 7))
			continue;
		return arena_strndup(&scratch, tag, (size_t)(strchr(p, '>') - tag + 1));
	}
	fail_msg("no control named %s", name);
	return NULL;
}

/* The id in a redirect "/plans/ID?done=..." after `prefix`. */
static int64_t id_after(const char *location, const char *prefix)
{
	if (!location || strncmp(location, prefix, strlen(prefix)) != 0)
		fail_msg("redirected to %s, not %s...", location ? location : "(none)",
		         prefix);
	return strtoll(location + strlen(prefix), NULL, 10);
}

/* The HTML of one row of the table "Vad som ska göras och vem som
 * ansvarar för vad": goal, activity, responsible, timing. */
static const char *table_row(const struct seed_row *x)
{
	return ht_fmt(&srv, "<tr><td class=\"text\">%s</td><td class=\"text\">%s</td>"
	              "<td>%s</td><td class=\"text\">%s",
	              html_escape(anna_goals[x->goal - 1].text), html_escape(x->what),
	              html_escape(x->responsible), html_escape(x->timing));
}

/* ==== the API ==== */

/* The plan JSON's action `name`: 1 permitted, 0 not, -1 absent. */
static int action_state(json_t *plan, const char *name)
{
	json_t *a = json_object_get(plan, "actions");
	assert_true(json_is_array(a));
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *x = json_array_get(a, i);
		if (strcmp(ht_jstr(x, "name"), name) == 0)
			return json_is_true(json_object_get(x, "permitted")) ? 1 : 0;
	}
	return -1;
}

/* Every accepted way of writing a personnummer is answered in the
 * canonical 12-digit form; what is wrong is refused naming the field
 * and saying what is wrong. */
static void test_api_personnummer(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	const char *pnr = pnr_make("19960918", 123);
	const char *forms[] = {
		pnr_dashed(pnr),                      /* YYYYMMDD-NNNN */
		pnr,                                  /* YYYYMMDDNNNN */
		ht_fmt(&srv, "%.6s-%s", pnr + 2, pnr + 8),     /* YYMMDD-NNNN */
		ht_fmt(&srv, "%.10s", pnr + 2),                /* YYMMDDNNNN */
	};
	int64_t id = 0;
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		const struct ht_response *r = ht_post_jansson(eva, "/api/v1/persons",
			json_pack("{s:s, s:s, s:s}", "personnummer", forms[i],
			          "given_name", "Vera", "family_name", "Form"));
		/* The first registers; the others find the same person. */
		ht_assert_status(r, i == 0 ? 201 : 200);
		json_t *p = ht_json(r);
		assert_string_equal(ht_jstr(p, "personnummer"), pnr);
		assert_string_equal(ht_jstr(p, "birth_date"), "1996-09-18");
		if (i == 0)
			id = ht_jint(p, "id");
		assert_int_equal(ht_jint(p, "id"), id);
		assert_string_equal(ht_header(r, "Location"),
		                    ht_fmt(&srv, "/api/v1/persons/%lld", (long long)id));
		json_decref(p);
		/* And the search takes every form too. */
		p = ht_api_get(eva, ht_fmt(&srv, "/api/v1/persons?personnummer=%s", forms[i]),
		            200);
		assert_int_equal(ht_jint(p, "id"), id);
		assert_string_equal(ht_jstr(p, "personnummer"), pnr);
		json_decref(p);
	}
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM person WHERE"
	                                  " personnummer = ?", pnr), 1);
	/* YYMMDD+NNNN: someone who has turned 100. */
	const char *old = pnr_make("19230130", 345);
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                     json_pack("{s:s, s:s, s:s}", "personnummer",
	                               ht_fmt(&srv, "%.6s+%s", old + 2, old + 8),
	                               "given_name", "Ester", "family_name",
	                               "Hundra"), 201);
	assert_string_equal(ht_jstr(p, "personnummer"), old);
	assert_true(ht_jint(p, "age") >= 100);
	int64_t old_id = ht_jint(p, "id");
	json_decref(p);
	/* In a query string the plus sign is written %2B. */
	p = ht_api_get(eva, ht_fmt(&srv, "/api/v1/persons?personnummer=%.6s%%2B%s", old + 2,
	                        old + 8), 200);
	assert_int_equal(ht_jint(p, "id"), old_id);
	json_decref(p);

	/* Refused: each says what is wrong, under "personnummer". */
	const char last = pnr[11] == '9' ? '0' : (char)(pnr[11] + 1);
	static const char *const says[] = {
		"Kontrollsiffran stämmer inte",
		"Datumet i personnumret finns inte",
		"bara innehålla siffror",
		"bara innehålla siffror",
	};
	const char *bad[] = {
		ht_fmt(&srv, "%.8s-%.3s%c", pnr, pnr + 8, last),  /* check digit */
		pnr_make("19990230", 123),             /* 30 February */
		"1996O918-1234",                         /* a letter O */
		"19960918/1234",
	};
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *e = ht_api_post(eva, "/api/v1/persons",
		                     json_pack("{s:s, s:s, s:s}", "personnummer",
		                               bad[i], "given_name", "Fel",
		                               "family_name", "Nummer"), 422);
		assert_field_error(e, "personnummer", says[i]);
		assert_int_equal(json_array_size(json_object_get(e, "errors")), 1);
		json_decref(e);
		e = ht_api_get(eva, ht_fmt(&srv, "/api/v1/persons?personnummer=%s", bad[i]), 422);
		assert_field_error(e, "personnummer", says[i]);
		json_decref(e);
	}
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(eva);
}

/* The history of Anna's plan: one event per step, with its states. */
struct step {
	const char *action, *from, *to, *user;
};

static void assert_history(json_t *plan, const struct step *want, size_t n)
{
	json_t *h = json_object_get(plan, "history");
	assert_int_equal(json_array_size(h), n);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(h, i);
		if (strcmp(ht_jstr(e, "action"), want[i].action) != 0)
			fail_msg("history[%zu] is %s, not %s", i, ht_jstr(e, "action"),
			         want[i].action);
		const char *from = ht_jstr(e, "from_state"), *to = ht_jstr(e, "to_state");
		assert_true(want[i].from ? from && !strcmp(from, want[i].from) : !from);
		assert_true(want[i].to ? to && !strcmp(to, want[i].to) : !to);
		assert_string_equal(ht_jstr(e, "user"), want[i].user);
		assert_true(ht_jint(e, "at") > 0);
	}
}

static json_t *anna_establish_body(int64_t meeting, int64_t eva_id,
                                   const int64_t inv[3])
{
	json_t *goals = json_array();
	for (int i = 0; i < ANNA_NGOALS; i++)
		json_array_append_new(goals, json_pack("{s:s, s:s}", "kind",
		                                       anna_goals[i].kind, "text",
		                                       anna_goals[i].text));
	json_t *ints = json_array();
	for (int i = 0; i < ANNA_NROWS; i++) {
		const struct seed_row *x = &anna_rows[i];
		json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s}", "goal", x->goal,
		                      "what", x->what, "responsible_kind", x->kind,
		                      "responsible_name", x->responsible, "timing",
		                      x->timing);
		if (x->unit_hsa)
			json_object_set_new(o, "responsible_unit_id",
			                    json_integer(unit_id(x->unit_hsa)));
		if (x->contact)
			json_object_set_new(o, "contact_name", json_string(x->contact));
		json_array_append_new(ints, o);
	}
	json_t *who = json_pack(
		"[{s:s, s:s}, {s:s, s:s, s:I}, {s:s, s:s, s:I, s:I},"
		" {s:s, s:s, s:I, s:I}, {s:s, s:s, s:I}]",
		"name", "Anna Andersson", "role", "Den enskilde",
		"name", "Eva Lind", "role", "Kurator, vuxenpsykiatrisk öppenvård",
		"unit_id", (json_int_t)unit_id(HSA_VPL),
		"name", "Bo Berg", "role", "Boendestödjare, socialpsykiatri",
		"unit_id", (json_int_t)unit_id(HSA_SPB), "invitation_id",
		(json_int_t)inv[0],
		"name", "Sara Nilsson", "role", "Kurator, studenthälsan",
		"unit_id", (json_int_t)unit_id(HSA_STH), "invitation_id",
		(json_int_t)inv[1],
		"name", "Elena Andersson", "role", "Syster", "invitation_id",
		(json_int_t)inv[2]);
	json_t *b = json_pack(
		"{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s,"
		" s:I, s:s, s:s, s:s, s:b}",
		"meeting_id", (json_int_t)meeting, "participants", who,
		"chair", "Eva Lind", "secretary", "Bo Berg",
		"purpose", ANNA_PURPOSE, "situation", ANNA_SITUATION,
		"wishes", "Anna studerar och vill bli klar med sin examen till "
		          "våren.",
		"needs", "Hjälp med att äta på regelbundna tider, sköta om hemmet "
		         "och sova tillräckligt.",
		"goals", goals, "interventions", ints,
		"actions_by_others", "Studenthälsan erbjuder ett tyst rum.",
		"crisis_plan", "Om ångesten blir för svår: ring Eva vardagar 8–16, "
		               "annars 1177.",
		"coordinator_user_id", (json_int_t)eva_id,
		"contact_persons", "Eva Lind, kurator och fast vårdkontakt.",
		"follow_up_date", ht_date_in(&srv, 91),
		"follow_up_place", "Vuxenpsykiatrisk öppenvårdsmottagning, Ludvika",
		"individual_approved", 1);
	/* Seed 000: "Eva Lind, kurator och fast vårdkontakt". */
	json_object_set_new(b, "coordinator_fast_care_contact", json_true());
	return b;
}

/* Anna's plan of seed 000 through the API, step by step, each step by
 * the party who takes it. */
static void test_api_anna_path(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *sara = ht_api_as(&srv, "sara");
	int64_t eva_id = ht_user_id(&srv, "eva");
	const char *pnr = pnr_make("19980704", 238);

	/* Step 1: the person, found again by personnummer, and the need. */
	json_t *person = ht_api_post(eva, "/api/v1/persons",
		json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		          "personnummer", pnr_dashed(pnr), "given_name", "Anna",
		          "family_name", "Andersson", "address", "Storgatan 12 B",
		          "postal_code", "771 30", "city", "Ludvika",
		          "phone", "070-123 45 67"), 201);
	int64_t person_id = ht_jint(person, "id");
	assert_string_equal(ht_jstr(person, "personnummer"), pnr);
	json_decref(person);
	person = ht_api_get(eva, ht_fmt(&srv, "/api/v1/persons?personnummer=%s",
	                             pnr_dashed(pnr)), 200);
	assert_int_equal(ht_jint(person, "id"), person_id);
	assert_string_equal(ht_jstr(person, "given_name"), "Anna");
	assert_string_equal(ht_jstr(person, "address"), "Storgatan 12 B");
	json_decref(person);
	json_t *p = ht_api_post(eva, "/api/v1/plans",
		json_pack("{s:I, s:s, s:s, s:s, s:o}", "person_id",
		          (json_int_t)person_id, "initiated_by", "professional",
		          "need_individual", "Jag vill bli klar med min examen till "
		                             "våren och må bättre.",
		          "need_professional", ANNA_PURPOSE,
		          "principal_ids", anna_principals(eva)), 201);
	int64_t id = ht_jint(p, "id");
	assert_string_equal(ht_jstr(p, "state"), "need_assessed");
	json_decref(p);
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)id);
	/* Not invited yet: bo's and sara's units do not see it. */
	json_decref(ht_api_get(bo, plan, 404));
	json_decref(ht_api_get(sara, plan, 404));

	/* Step 2: consent. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/consents", plan), consent_body(eva), 201);
	assert_string_equal(ht_jstr(p, "state"), "consent");
	json_decref(p);
	/* Step 3: preparation with Anna. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/preparation", plan),
	             json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}",
	                       "purpose", ANNA_PURPOSE,
	                       "individual_goals", "Bli klar med examen till våren.",
	                       "invite_wishes", "Boendestödet och studenthälsan. "
	                                        "Syster Elena.",
	                       "participation", "whole", "breaks_needed", 1,
	                       "relatives_present", "Elena Andersson (syster)"),
	             200);
	assert_string_equal(ht_jstr(p, "state"), "preparing");
	json_decref(p);
	/* Step 4: the meeting and the invitations — bo's unit, sara's unit,
	 * and Elena, outside samplan, by phone. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", plan), meeting_body(), 201);
	assert_string_equal(ht_jstr(p, "state"), "preparing");
	int64_t meeting = ht_jint(json_array_get(json_object_get(p, "meetings"), 0),
	                       "id");
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/invitations", plan),
		json_pack("{s:I, s:[{s:I}, {s:I}, {s:s, s:s, s:s, s:s}]}",
		          "meeting_id", (json_int_t)meeting, "invitations",
		          "unit_id", (json_int_t)unit_id(HSA_SPB),
		          "unit_id", (json_int_t)unit_id(HSA_STH),
		          "external_name", "Elena Andersson",
		          "external_organisation", "Närstående (syster)",
		          "external_contact", "070-765 43 21", "channel", "phone"),
		201);
	assert_string_equal(ht_jstr(p, "state"), "invited");
	json_t *invs = json_object_get(p, "invitations");
	assert_int_equal(json_array_size(invs), 3);
	int64_t inv[3];
	for (int i = 0; i < 3; i++) {
		json_t *x = json_array_get(invs, (size_t)i);
		inv[i] = ht_jint(x, "id");
		assert_true(json_is_null(json_object_get(x, "reply")));
	}
	assert_string_equal(ht_jstr(json_array_get(invs, 0), "unit_name"), NAME_SPB);
	assert_string_equal(ht_jstr(json_array_get(invs, 1), "unit_name"), NAME_STH);
	assert_string_equal(ht_jstr(json_array_get(invs, 2), "channel"), "phone");
	json_decref(p);

	/* Invited, bo sees the plan and his invitation waiting. The plan's
	 * actions say what each may do next: bo replies, eva establishes. */
	p = ht_api_get(bo, plan, 200);
	assert_int_equal(action_state(p, "reply"), 1);
	assert_int_equal(action_state(p, "establish"), 0);
	assert_int_equal(action_state(p, "start_follow_up"), -1);
	json_decref(p);
	p = ht_api_get(eva, plan, 200);
	assert_int_equal(action_state(p, "reply"), 0);
	assert_int_equal(action_state(p, "establish"), 1);
	assert_int_equal(action_state(p, "close"), 1);
	json_decref(p);
	p = ht_api_get(bo, "/api/v1/invitations", 200);
	bool waiting = false;
	for (size_t i = 0; i < json_array_size(json_object_get(p, "invitations"));
	     i++)
		waiting |= ht_jint(json_array_get(json_object_get(p, "invitations"), i),
		                "id") == inv[0];
	assert_true(waiting);
	json_decref(p);
	/* The replies: bo and sara for their units; Elena's by eva. */
	p = ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply", (long long)inv[0]),
	             json_pack("{s:s, s:s}", "reply", "attend",
	                       "ongoing_interventions",
	                       "Boendestöd i hemmet två gånger i veckan."),
	             200);
	assert_int_equal(ht_jint(p, "id"), id);
	json_decref(p);
	json_decref(ht_api_post(sara, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                  (long long)inv[1]),
	                     json_pack("{s:s, s:s}", "reply", "attend",
	                               "ongoing_interventions",
	                               "Stödsamtal hos kurator vid behov."),
	                     200));
	/* Only the invited unit answers for itself. */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_decref(ht_api_post(sara, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                  (long long)inv[0]),
	                     json_pack("{s:s, s:s}", "reply", "decline",
	                               "decline_reason", "Inte vår kallelse."),
	                     403));
	ht_assert_unchanged(&srv, &snap);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                 (long long)inv[2]),
	                     json_pack("{s:s}", "reply", "attend"), 200));

	/* Step 5: the plan, with the seven interventions of the seed. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan),
	             anna_establish_body(meeting, eva_id, inv), 201);
	assert_string_equal(ht_jstr(p, "state"), "active");
	json_decref(p);

	/* The whole plan, as GET returns it. */
	p = ht_api_get(eva, plan, 200);
	assert_int_equal(ht_jint(p, "id"), id);
	assert_string_equal(ht_jstr(p, "state"), "active");
	assert_int_equal(action_state(p, "establish"), -1);
	assert_int_equal(action_state(p, "start_follow_up"), 1);
	json_t *who = json_object_get(p, "person");
	assert_int_equal(ht_jint(who, "id"), person_id);
	assert_string_equal(ht_jstr(who, "personnummer"), pnr);
	assert_string_equal(ht_jstr(who, "given_name"), "Anna");
	assert_string_equal(ht_jstr(who, "family_name"), "Andersson");
	assert_string_equal(ht_jstr(p, "lead_unit_name"), NAME_VPL);
	static const struct step history[] = {
		{"create", NULL, "need_assessed", "Eva Lind"},
		{"consent", "need_assessed", "consent", "Eva Lind"},
		{"prepare", "consent", "preparing", "Eva Lind"},
		{"meeting_planned", NULL, NULL, "Eva Lind"},
		{"invite", "preparing", "invited", "Eva Lind"},
		{"invitation_reply", NULL, NULL, "Bo Berg"},
		{"invitation_reply", NULL, NULL, "Sara Nilsson"},
		{"invitation_reply_by_hand", NULL, NULL, "Eva Lind"},
		{"establish", "invited", "active", "Eva Lind"},
	};
	assert_history(p, history, sizeof history / sizeof *history);
	assert_string_equal(ht_jstr(json_array_get(json_object_get(p, "history"), 5),
	                         "unit"), NAME_SPB);
	/* Consent. */
	json_t *consents = json_object_get(p, "consents");
	assert_int_equal(json_array_size(consents), 1);
	json_t *c = json_array_get(consents, 0);
	assert_string_equal(ht_jstr(c, "given_by"), "individual");
	assert_string_equal(ht_jstr(c, "form"), "written");
	assert_string_equal(ht_jstr(c, "valid_until"), ht_date_in(&srv, 365));
	assert_int_equal(json_array_size(json_object_get(c, "scopes")), 3);
	assert_int_equal(json_array_size(json_object_get(c, "recipients")), 3);
	assert_true(json_is_true(json_object_get(c, "in_force")));
	/* Preparation. */
	json_t *prep = json_object_get(p, "preparation");
	assert_string_equal(ht_jstr(prep, "purpose"), ANNA_PURPOSE);
	assert_string_equal(ht_jstr(prep, "participation"), "whole");
	assert_true(json_is_true(json_object_get(prep, "breaks_needed")));
	/* The meeting, held, with its participants. */
	json_t *meetings = json_object_get(p, "meetings");
	assert_int_equal(json_array_size(meetings), 1);
	json_t *m = json_array_get(meetings, 0);
	assert_int_equal(ht_jint(m, "id"), meeting);
	assert_true(json_is_true(json_object_get(m, "held")));
	assert_string_equal(ht_jstr(m, "date"), ht_date_in(&srv, 0));
	assert_string_equal(ht_jstr(m, "chair"), "Eva Lind");
	assert_string_equal(ht_jstr(m, "secretary"), "Bo Berg");
	assert_int_equal(json_array_size(json_object_get(m, "participants")), 5);
	/* Every invitation with its reply. */
	invs = json_object_get(p, "invitations");
	assert_int_equal(json_array_size(invs), 3);
	static const char *const replied_by[] = {"Bo Berg", "Sara Nilsson",
	                                         "Eva Lind"};
	for (size_t i = 0; i < 3; i++) {
		json_t *x = json_array_get(invs, i);
		assert_int_equal(ht_jint(x, "id"), inv[i]);
		assert_string_equal(ht_jstr(x, "reply"), "attend");
		assert_string_equal(ht_jstr(x, "replied_by"), replied_by[i]);
		assert_true(json_is_boolean(json_object_get(x, "registered_by_hand")));
		assert_int_equal(json_is_true(json_object_get(x, "registered_by_hand")),
		                 i == 2);
	}
	assert_string_equal(ht_jstr(json_array_get(invs, 0), "attendee_name"),
	                    "Bo Berg");
	assert_string_equal(ht_jstr(json_array_get(invs, 0), "ongoing_interventions"),
	                    "Boendestöd i hemmet två gånger i veckan.");
	assert_string_equal(ht_jstr(json_array_get(invs, 2), "external_name"),
	                    "Elena Andersson");
	/* The current version: goals, interventions word for word,
	 * coordinator and follow-up. */
	json_t *v = json_object_get(p, "current_version");
	assert_true(json_is_object(v));
	assert_int_equal(ht_jint(v, "version_no"), 1);
	assert_string_equal(ht_jstr(v, "situation"), ANNA_SITUATION);
	assert_true(json_is_true(json_object_get(v, "individual_approved")));
	json_t *goals = json_object_get(v, "goals");
	assert_int_equal(json_array_size(goals), ANNA_NGOALS);
	for (size_t i = 0; i < ANNA_NGOALS; i++) {
		json_t *g = json_array_get(goals, i);
		assert_string_equal(ht_jstr(g, "kind"), anna_goals[i].kind);
		assert_string_equal(ht_jstr(g, "text"), anna_goals[i].text);
		assert_int_equal(ht_jint(g, "position"), i + 1);
	}
	json_t *ints = json_object_get(v, "interventions");
	assert_int_equal(json_array_size(ints), ANNA_NROWS);
	for (size_t i = 0; i < ANNA_NROWS; i++) {
		json_t *x = json_array_get(ints, i);
		const struct seed_row *want = &anna_rows[i];
		assert_string_equal(ht_jstr(x, "goal"), anna_goals[want->goal - 1].text);
		assert_int_equal(ht_jint(x, "goal_id"),
		                 ht_jint(json_array_get(goals, (size_t)want->goal - 1),
		                      "id"));
		assert_string_equal(ht_jstr(x, "what"), want->what);
		assert_string_equal(ht_jstr(x, "responsible"), want->responsible);
		assert_string_equal(ht_jstr(x, "timing"), want->timing);
		assert_string_equal(ht_jstr(x, "responsible_kind"), want->kind);
		if (want->unit_hsa)
			assert_int_equal(ht_jint(x, "responsible_unit_id"),
			                 unit_id(want->unit_hsa));
		else
			assert_true(json_is_null(json_object_get(x,
			                                         "responsible_unit_id")));
	}
	json_t *coord = json_object_get(v, "coordinator");
	assert_int_equal(ht_jint(coord, "user_id"), eva_id);
	assert_string_equal(ht_jstr(coord, "name"), "Eva Lind");
	assert_string_equal(ht_jstr(coord, "title"), "Kurator");
	assert_string_equal(ht_jstr(coord, "unit_name"), NAME_VPL);
	assert_true(json_is_true(json_object_get(coord, "fast_care_contact")));
	json_t *fu = json_object_get(v, "follow_up");
	assert_string_equal(ht_jstr(fu, "date"), ht_date_in(&srv, 91));
	assert_string_equal(ht_jstr(fu, "place"),
	                    "Vuxenpsykiatrisk öppenvårdsmottagning, Ludvika");
	assert_string_equal(ht_jstr(p, "next_follow_up_date"), ht_date_in(&srv, 91));
	json_decref(p);

	/* The established plan cannot be prepared again: 409 with where it
	 * stands and where it may go. */
	ht_snapshot_take(&srv, &snap);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/preparation", plan),
	             json_pack("{s:s, s:s}", "purpose", "Igen", "participation",
	                       "whole"), 409);
	assert_conflict(p, "active", (const char *const[]){"follow_up", "closed",
	                                                   NULL});
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan),
	             anna_establish_body(meeting, eva_id, inv), 409);
	assert_conflict(p, "active", (const char *const[]){"follow_up", "closed",
	                                                   NULL});
	json_decref(p);
	/* A reply after the meeting is held is refused as well. */
	json_decref(ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                (long long)inv[0]),
	                     json_pack("{s:s, s:s}", "reply", "decline",
	                               "decline_reason", "För sent."), 409));
	ht_assert_unchanged(&srv, &snap);

	/* The lists: eva's has the plan, olle's has nothing of it. */
	p = ht_api_get(eva, "/api/v1/plans", 200);
	bool listed = false;
	for (size_t i = 0; i < json_array_size(json_object_get(p, "plans")); i++)
		listed |= ht_jint(json_array_get(json_object_get(p, "plans"), i),
		               "id") == id;
	assert_true(listed);
	json_decref(p);
	ht_client_free(eva);
	ht_client_free(bo);
	ht_client_free(sara);
}

/* Wrong state, wrong input, a decline without its reason: refused, and
 * nothing changes. */
static void test_api_refusals(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	int64_t person = api_person(eva, pnr_make("19850412", 345), "Rut",
	                            "Refus");
	struct ht_snapshot snap;

	/* 422: what is missing, field by field. */
	ht_snapshot_take(&srv, &snap);
	json_t *p = ht_api_post(eva, "/api/v1/plans",
	                     json_pack("{s:I, s:s}", "person_id",
	                               (json_int_t)person, "initiated_by",
	                               "individual"), 422);
	assert_field_error(p, "need_professional", NULL);
	assert_field_error(p, "principal_ids", "huvudmän");
	assert_field_error(p, "initiator_name", NULL);
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	int64_t id = api_new_plan(eva, person);
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)id);
	const char *const from_need[] = {"declined", "consent", NULL};

	/* 409: steps that are not next. */
	ht_snapshot_take(&srv, &snap);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/preparation", plan),
	             json_pack("{s:s, s:s}", "purpose", "Syfte", "participation",
	                       "whole"), 409);
	assert_conflict(p, "need_assessed", from_need);
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", plan), meeting_body(), 409);
	assert_conflict(p, "need_assessed", from_need);
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan), json_object(), 409);
	assert_conflict(p, "need_assessed", from_need);
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", plan), json_object(), 409);
	assert_conflict(p, "need_assessed", from_need);
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/close", plan),
	             json_pack("{s:s}", "reason", "goals_met"), 409);
	assert_conflict(p, "need_assessed", from_need);
	json_decref(p);
	/* 422: a consent that is not one (general, or already expired). */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/consents", plan),
	             json_pack("{s:s, s:s, s:s}", "given_by", "individual", "form",
	                       "oral", "valid_until", ht_date_in(&srv, -1)), 422);
	assert_field_error(p, "valid_until", "passerat");
	assert_field_error(p, "scopes", NULL);
	assert_field_error(p, "recipient_ids", NULL);
	json_decref(p);
	/* Declining needs its reason: a cause from the list and words. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/decline", plan), json_object(), 422);
	assert_field_error(p, "reason", "skälet måste dokumenteras");
	assert_field_error(p, "cause", "Välj varför SIP inte erbjuds");
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/decline", plan),
	             json_pack("{s:s, s:s}", "cause", "one_principal", "reason",
	                       "   "), 422);
	assert_field_error(p, "reason", NULL);
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/decline", plan),
	             json_pack("{s:s, s:s}", "cause", "goals_met", "reason",
	                       "Skäl"), 422);
	assert_field_error(p, "cause", NULL);
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	const char *why = "Behovet kan mötas av en huvudman; personen vill inte "
	                  "ha fler kontakter.";
	p = ht_api_post(eva, ht_fmt(&srv, "%s/decline", plan),
	             json_pack("{s:s, s:s}", "cause", "one_principal", "reason",
	                       why), 200);
	assert_string_equal(ht_jstr(p, "state"), "declined");
	assert_string_equal(ht_jstr(p, "declined_cause"), "one_principal");
	assert_string_equal(ht_jstr(p, "declined_reason"), why);
	assert_int_equal(json_array_size(json_object_get(p, "allowed_next")), 0);
	json_t *last = json_array_get(json_object_get(p, "history"), 1);
	assert_string_equal(ht_jstr(last, "action"), "decline");
	assert_string_equal(ht_jstr(last, "from_state"), "need_assessed");
	assert_string_equal(ht_jstr(last, "to_state"), "declined");
	assert_string_equal(ht_jstr(last, "detail"),
	                    ht_fmt(&srv, "one_principal: %s", why));
	json_decref(p);
	/* Declined is final. */
	ht_snapshot_take(&srv, &snap);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/consents", plan), consent_body(eva), 409);
	assert_conflict(p, "declined", (const char *const[]){NULL});
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/decline", plan),
	             json_pack("{s:s, s:s}", "cause", "other", "reason", why),
	             409);
	assert_conflict(p, "declined", (const char *const[]){NULL});
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	/* 422 on the big step: each row's error under its own name. */
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct small_plan x;
	api_small_plan(eva, pnr_make("19850413", 456), &x);
	plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x.plan);
	ht_snapshot_take(&srv, &snap);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan),
		json_pack("{s:[{s:s}], s:[{s:s, s:i, s:s, s:s}, {s:s, s:i, s:s}],"
		          " s:s, s:s}",
		          "participants", "name", "Test Testsson",
		          "interventions",
		          "what", "Boendestöd", "goal", 1, "responsible_kind",
		          "municipality_unit", "timing", "Omgående",
		          "what", "Samtal", "goal", 7, "responsible_kind", "school",
		          "follow_up_date", ht_date_in(&srv, 0), "situation", "Så här."),
		422);
	assert_field_error(p, "goals", "minst ett mål");
	assert_field_error(p, "interventions[0].responsible_unit_id", "enheten");
	assert_field_error(p, "interventions[1].goal", NULL);
	assert_field_error(p, "interventions[1].responsible_kind", NULL);
	assert_field_error(p, "interventions[1].timing", NULL);
	assert_field_error(p, "follow_up_date", "efter dagens datum");
	assert_field_error(p, "chair", NULL);
	assert_field_error(p, "wishes", NULL);
	assert_field_error(p, "crisis_plan", NULL);
	assert_field_error(p, "coordinator_user_id", NULL);
	assert_field_error(p, "individual_approved", NULL);
	json_decref(p);
	/* Bad types at the door, under the element's full name (a number
	 * reads as its text, as in every other field; a list is no text). */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan),
	             json_pack("{s:[{s:s, s:[s]}]}", "goals", "kind", "sub", "text",
	                       "a list"), 422);
	assert_field_error(p, "goals[0].text", NULL);
	json_decref(p);
	/* A list that is not a list is an error of the list. */
	p = ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan),
	             json_pack("{s:s}", "interventions", "många"), 422);
	assert_field_error(p, "interventions", NULL);
	json_decref(p);
	/* A reply that declines needs its reason too. */
	p = ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                        (long long)x.invitation),
	             json_pack("{s:s}", "reply", "decline"), 422);
	assert_field_error(p, "decline_reason", "varför");
	json_decref(p);
	p = ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                        (long long)x.invitation),
	             json_pack("{s:s}", "reply", "maybe"), 422);
	assert_field_error(p, "reply", NULL);
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* A withdrawal body said this minute (local time, as the server's). */
static json_t *withdrawal_body(const char *method, const char *received_by)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char d[11], t[6];
	strftime(d, sizeof d, "%Y-%m-%d", &tm);
	strftime(t, sizeof t, "%H:%M", &tm);
	return json_pack("{s:s, s:s, s:s, s:s}", "method", method, "stated_date",
	                 d, "stated_time", t, "received_by", received_by);
}

static void assert_consent_open(int64_t plan, int64_t consent)
{
	const char *ps = ht_fmt(&srv, "%lld", (long long)plan);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE"
	                                      " id = ?", ps), "invited");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM consent WHERE"
	                                  " id = ? AND withdrawn_at IS NULL"
	                                  " AND withdrawal_method IS NULL",
	                            ht_fmt(&srv, "%lld", (long long)consent)), 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_unit WHERE"
	                                  " plan_id = ? AND left_at IS NOT NULL",
	                            ps), 0);
}

/* Withdrawing consent closes the plan at once, sharing stops (the
 * invited unit gets 404), and it cannot be undone. */
static void test_api_consent_withdrawal(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct small_plan x;
	api_small_plan(eva, pnr_make("19900101", 567), &x);
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x.plan);
	const char *withdraw = ht_fmt(&srv, "%s/consents/%lld/withdraw", plan,
	                              (long long)x.consent);
	const char *person = ht_fmt(&srv, "/api/v1/persons/%lld", (long long)x.person);
	json_decref(ht_api_get(bo, plan, 200));
	json_decref(ht_api_get(bo, person, 200));

	/* bo's unit takes part: an empty body is refused, naming every
	 * field, and changes nothing. */
	struct snap before;
	snap_take(&before);
	json_t *p = ht_api_post(bo, withdraw, json_object(), 422);
	assert_field_error(p, "method", "telefon");
	assert_field_error(p, "stated_date", NULL);
	assert_field_error(p, "stated_time", NULL);
	assert_field_error(p, "received_by", NULL);
	json_decref(p);
	json_t *bad = withdrawal_body("email", "Bo");
	p = ht_api_post(bo, withdraw, bad, 422);
	assert_field_error(p, "method", NULL);
	json_decref(p);
	bad = withdrawal_body("phone", "Bo");
	json_object_set_new(bad, "stated_date", json_string(ht_date_in(&srv, 2)));
	p = ht_api_post(bo, withdraw, bad, 422);
	assert_field_error(p, "stated_date", "framtiden");
	json_decref(p);
	bad = withdrawal_body("phone", "Bo");
	json_object_set_new(bad, "stated_date", json_string(ht_date_in(&srv, -3)));
	p = ht_api_post(bo, withdraw, bad, 422);
	assert_field_error(p, "stated_date", "före samtycket");
	json_decref(p);
	bad = withdrawal_body("phone", "Bo");
	char *long_note = calloc(1, 2002);
	memset(long_note, 'n', 2001);
	json_object_set_new(bad, "note", json_string(long_note));
	free(long_note);
	p = ht_api_post(bo, withdraw, bad, 422);
	assert_field_error(p, "note", NULL);
	json_decref(p);
	assert_only_reads(&before);
	assert_consent_open(x.plan, x.consent);
	json_decref(ht_api_get(bo, plan, 200));

	json_t *body = withdrawal_body("phone", "Eva Lind");
	json_object_set_new(body, "note", json_string("Ringde och återkallade "
	                                              "samtycket."));
	json_t *res = ht_api_post(eva, withdraw, body, 200);
	/* What really happened: the plan closed, the consent as stored, who
	 * left — and the whole plan, which the lead unit still sees. */
	assert_int_equal(ht_jint(res, "plan_id"), x.plan);
	assert_string_equal(ht_jstr(res, "state"), "closed");
	assert_string_equal(ht_jstr(res, "closed_reason"), "consent_withdrawn");
	assert_true(json_is_true(json_object_get(res, "plan_closed")));
	assert_true(json_is_true(json_object_get(res, "caller_sees_plan")));
	json_t *stored = json_object_get(res, "consent");
	assert_string_equal(ht_jstr(stored, "withdrawal_method"), "phone");
	assert_string_equal(ht_jstr(stored, "withdrawal_received_by"), "Eva Lind");
	assert_string_equal(ht_jstr(stored, "withdrawal_note"),
	                    "Ringde och återkallade samtycket.");
	assert_int_equal(ht_jint(stored, "withdrawal_stated_at"),
	                 ht_sql_int(&srv, "SELECT withdrawal_stated_at FROM"
	                                  " consent WHERE id = ?",
	                            ht_fmt(&srv, "%lld", (long long)x.consent)));
	json_t *left = json_object_get(res, "units_left");
	assert_int_equal(json_array_size(left), 1);
	assert_string_equal(ht_jstr(json_array_get(left, 0), "unit_name"), NAME_SPB);
	p = json_object_get(res, "plan");
	assert_string_equal(ht_jstr(p, "state"), "closed");
	assert_string_equal(ht_jstr(p, "closed_reason"), "consent_withdrawn");
	json_t *c = json_array_get(json_object_get(p, "consents"), 0);
	assert_false(json_is_true(json_object_get(c, "in_force")));
	assert_true(json_is_integer(json_object_get(c, "withdrawn_at")));
	assert_string_equal(ht_jstr(c, "withdrawn_by"), "Eva Lind");
	assert_string_equal(ht_jstr(c, "withdrawal_method"), "phone");
	json_t *h = json_object_get(p, "history");
	json_t *last = json_array_get(h, json_array_size(h) - 1);
	assert_string_equal(ht_jstr(last, "action"), "consent_withdrawn");
	assert_string_equal(ht_jstr(last, "from_state"), "invited");
	assert_string_equal(ht_jstr(last, "to_state"), "closed");
	ht_assert_contains(ht_jstr(last, "detail"), "Per telefon");
	/* Only the lead unit is left. */
	json_t *units = json_object_get(p, "units");
	int leads = 0;
	for (size_t i = 0; i < json_array_size(units); i++) {
		json_t *u = json_array_get(units, i);
		bool lead = strcmp(ht_jstr(u, "unit_name"), NAME_VPL) == 0;
		leads += lead;
		assert_int_equal(json_is_null(json_object_get(u, "left_at")), lead);
	}
	/* Not vacuous: the lead is listed, and the units that left too. */
	assert_int_equal(leads, 1);
	assert_true(json_array_size(units) >= 2);
	json_decref(res);

	/* Sharing has stopped: bo's unit sees nothing, as if there were no
	 * plan, and the plan has left his lists; the person's record, which
	 * his unit had through the plan, is gone too. So it is for eva's
	 * unit, which registered the person: bo's unit held the record
	 * under the consent, so only a consent opens it again. On its own
	 * plan the lead unit still sees who the plan is about. */
	json_decref(ht_api_get(bo, person, 404));
	json_decref(ht_api_get(eva, person, 404));
	p = ht_api_get(eva, plan, 200);
	assert_non_null(ht_jstr(json_object_get(p, "person"), "given_name"));
	assert_true(json_is_null(json_object_get(json_object_get(p, "person"),
	                                         "address")));
	json_decref(p);
	json_t *gone = ht_api_get(bo, plan, 404);
	json_t *none = ht_api_get(bo, ht_fmt(&srv, "/api/v1/plans/%d", NO_SUCH_ID), 404);
	json_object_del(gone, "instance");
	json_object_del(none, "instance");
	assert_true(json_equal(gone, none));
	json_decref(gone);
	json_decref(none);
	p = ht_api_get(bo, "/api/v1/plans?scope=unit", 200);
	for (size_t i = 0; i < json_array_size(json_object_get(p, "plans")); i++)
		assert_int_not_equal(ht_jint(json_array_get(json_object_get(p, "plans"),
		                                         i), "id"), x.plan);
	json_decref(p);

	/* Nothing undoes it. */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_decref(ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                (long long)x.invitation),
	                     json_pack("{s:s, s:s}", "reply", "attend",
	                               "ongoing_interventions", "Inga"), 404));
	json_decref(ht_api_post(bo, withdraw, withdrawal_body("phone", "Bo"), 404));
	p = ht_api_post(eva, withdraw, withdrawal_body("phone", "Eva"), 409);
	assert_string_equal(ht_jstr(p, "current_state"), "closed");
	ht_assert_contains(ht_jstr(p, "detail"), "redan återkallat");
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/consents", plan), consent_body(eva), 409);
	assert_conflict(p, "closed", (const char *const[]){NULL});
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/preparation", plan),
	             json_pack("{s:s, s:s}", "purpose", "Igen", "participation",
	                       "whole"), 409);
	assert_conflict(p, "closed", (const char *const[]){NULL});
	json_decref(p);
	p = ht_api_post(eva, ht_fmt(&srv, "%s/invitations", plan),
	             json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                       (json_int_t)x.meeting, "invitations", "unit_id",
	                       (json_int_t)unit_id(HSA_SPB)), 409);
	assert_conflict(p, "closed", (const char *const[]){NULL});
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE id = ?",
	                                ht_fmt(&srv, "%lld", (long long)x.plan)),
	                    "closed");
	ht_client_free(bo);
	ht_client_free(eva);
}

/* Whether `who` sees invitation `id` among those awaiting a reply. */
static bool awaiting(struct ht_client *who, int64_t id)
{
	json_t *p = ht_api_get(who, "/api/v1/invitations", 200);
	json_t *list = json_object_get(p, "invitations");
	bool found = false;
	for (size_t i = 0; i < json_array_size(list); i++)
		found |= ht_jint(json_array_get(list, i), "id") == id;
	json_decref(p);
	return found;
}

/* Cancelling a meeting through the API and the pages: the lead unit
 * only, with a reason; the invited unit sees it is off and cannot reply;
 * the coordinator books again. */
static void test_meeting_cancel(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct small_plan x;
	api_small_plan(eva, pnr_make("19850303", 246), &x);
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x.plan);
	const char *cancel = ht_fmt(&srv, "%s/meetings/%lld/cancel", plan,
	                            (long long)x.meeting);
	assert_true(awaiting(bo, x.invitation));

	/* Refused: another unit, no reason; nothing changes. */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_decref(ht_api_post(bo, cancel, json_pack("{s:s}", "reason", "Nej"), 403));
	json_t *p = ht_api_post(eva, cancel, json_object(), 422);
	assert_field_error(p, "reason", "Skriv varför mötet ställs in");
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	p = ht_api_post(eva, cancel,
	             json_pack("{s:s}", "reason", "Anna är inlagd på sjukhus."), 200);
	assert_string_equal(ht_jstr(p, "state"), "invited");
	json_t *m = json_array_get(json_object_get(p, "meetings"), 0);
	assert_true(json_is_integer(json_object_get(m, "cancelled_at")));
	assert_string_equal(ht_jstr(m, "cancel_reason"), "Anna är inlagd på sjukhus.");
	assert_string_equal(ht_jstr(m, "cancelled_by"), "Eva Lind");
	json_t *h = json_object_get(p, "history");
	assert_string_equal(ht_jstr(json_array_get(h, json_array_size(h) - 1),
	                         "action"),
	                    "meeting_cancelled");
	json_decref(p);

	/* Off for everyone: no reply, no more invitations, no second cancel. */
	assert_false(awaiting(bo, x.invitation));
	ht_snapshot_take(&srv, &snap);
	p = ht_api_post(bo, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                        (long long)x.invitation),
	             json_pack("{s:s, s:s}", "reply", "attend",
	                       "ongoing_interventions", "Inga"), 409);
	ht_assert_contains(ht_jstr(p, "detail"), "Mötet är inställt.");
	json_decref(p);
	json_decref(ht_api_post(eva, cancel, json_pack("{s:s}", "reason", "Igen"),
	                     409));
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/invitations", plan),
	                     json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                               (json_int_t)x.meeting, "invitations",
	                               "unit_id", (json_int_t)unit_id(HSA_STH)),
	                     409));
	ht_assert_unchanged(&srv, &snap);

	/* The invited unit's page says so, without a reply form. */
	struct ht_client *bo_web = ht_logged_in(&srv, "bo");
	const char *inv_page = ht_fmt(&srv, "/invitations/%lld", (long long)x.invitation);
	const struct ht_response *r = ht_get(bo_web, inv_page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Mötet är inställt.");
	ht_assert_contains(r->body, "Anna är inlagd på sjukhus.");
	ht_assert_not_contains(r->body, ht_fmt(&srv, "action=\"%s/reply\"", inv_page));

	/* The coordinator's page: the cancelled meeting, and booking next. */
	struct ht_client *eva_web = ht_logged_in(&srv, "eva");
	const char *page = ht_fmt(&srv, "/plans/%lld", (long long)x.plan);
	r = ht_get(eva_web, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, ">Inställt<");
	ht_assert_contains(r->body, "Anna är inlagd på sjukhus.");
	ht_assert_not_contains(r->body, ht_fmt(&srv, "%s/meetings/%lld/cancel", page,
	                                       (long long)x.meeting));
	struct form_data fd;
	form_parse(r, ht_fmt(&srv, "%s/meetings", page), &fd);
	form_set(&fd, "date", ht_date_in(&srv, 7));
	form_set(&fd, "start_time", "10:00");
	form_set(&fd, "duration_minutes", "60");
	form_set(&fd, "place", "Mottagningen");
	form_set(&fd, "purpose", ANNA_PURPOSE);
	r = form_post(eva_web, ht_fmt(&srv, "%s/meetings", page), &fd);
	ht_assert_status(r, 303);
	int64_t again = ht_sql_int(&srv, "SELECT MAX(id) FROM meeting WHERE"
	                                 " plan_id = ?",
	                           ht_fmt(&srv, "%lld", (long long)x.plan));
	assert_true(again > x.meeting);

	/* Cancelling the new one in the page: the reason is required. */
	const char *cancel_page = ht_fmt(&srv, "%s/meetings/%lld/cancel", page,
	                                 (long long)again);
	r = ht_get(eva_web, page);
	ht_assert_page(r, 200);
	form_parse(r, cancel_page, &fd);
	struct snap reads;
	snap_take(&reads);
	r = post_refused(eva_web, cancel_page, &fd, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Skriv varför mötet ställs in");
	ht_assert_contains(r->body, ht_fmt(&srv, "<details class=\"form-details\""
	                                   " id=\"details-cancel-%lld\" open>",
	                                   (long long)again));
	assert_only_reads(&reads);
	form_set(&fd, "reason", "Ny tid behövs.");
	r = form_post(eva_web, cancel_page, &fd);
	ht_assert_status(r, 303);
	ht_assert_contains(r->location, "?done=meeting_cancelled");
	r = ht_get(eva_web, r->location);
	ht_assert_contains(r->body, "Mötet är inställt. De kallade ser det");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM meeting WHERE"
	                                  " plan_id = ? AND cancelled_at IS NOT"
	                                  " NULL",
	                            ht_fmt(&srv, "%lld", (long long)x.plan)),
	                 2);
	ht_client_free(eva_web);
	ht_client_free(bo_web);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* Changing a relative, through the API and the person page. */
static void test_related_update(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	int64_t person = api_person(eva, pnr_make("19700707", 135), "Rut",
	                            "Berg");
	const char *base = ht_fmt(&srv, "/api/v1/persons/%lld", (long long)person);
	json_t *p = ht_api_post(eva, ht_fmt(&srv, "%s/related", base),
	                     json_pack("{s:s, s:s, s:s}", "role", "relative",
	                               "name", "Stina Berg", "phone", "0240-100 00"),
	                     201);
	int64_t rid = ht_jint(json_array_get(json_object_get(p, "related"), 0), "id");
	json_decref(p);
	const char *one = ht_fmt(&srv, "%s/related/%lld", base, (long long)rid);

	/* Refused: a unit that does not see the person; bad input. */
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_decref(ht_api_post(bo, one, json_pack("{s:s, s:s}", "role", "relative",
	                                        "name", "X"),
	                     404));
	p = ht_api_post(eva, one, json_pack("{s:s, s:s}", "role", "relative",
	                                 "phone", "ring mig"),
	             422);
	assert_field_error(p, "name", NULL);
	assert_field_error(p, "phone", NULL);
	json_decref(p);
	ht_assert_unchanged(&srv, &snap);

	p = ht_api_post(eva, one,
	             json_pack("{s:s, s:s, s:s, s:s}", "role", "representative",
	                       "name", "Stina Berg", "relation", "god man",
	                       "phone", "0240-200 00"),
	             200);
	json_t *x = json_array_get(json_object_get(p, "related"), 0);
	assert_string_equal(ht_jstr(x, "role"), "representative");
	assert_string_equal(ht_jstr(x, "relation"), "god man");
	assert_string_equal(ht_jstr(x, "phone"), "0240-200 00");
	json_decref(p);

	/* The page: each related person has a form of their own; a refused
	 * post comes back with what was typed and what to fix. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const char *page = ht_fmt(&srv, "/persons/%lld", (long long)person);
	const char *action = ht_fmt(&srv, "%s/related/%lld", page, (long long)rid);
	const struct ht_response *r = ht_get(web, page);
	ht_assert_page(r, 200);
	struct form_data fd;
	form_parse(r, action, &fd);
	assert_string_equal(form_get(&fd, "name"), "Stina Berg");
	assert_string_equal(form_get(&fd, "phone"), "0240-200 00");
	assert_string_equal(form_get(&fd, "role"), "representative");
	form_set(&fd, "phone", "ring mig");
	struct snap reads;
	snap_take(&reads);
	r = form_post(web, action, &fd);
	ht_assert_page(r, 422);
	assert_only_reads(&reads);
	ht_assert_contains(r->body, "value=\"ring mig\"");
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"#f-related-%lld-phone\"",
	                                   (long long)rid));
	form_set(&fd, "phone", "070-555 55 55");
	r = form_post(web, action, &fd);
	ht_assert_status(r, 303);
	ht_assert_contains(r->location, "?done=saved");
	assert_string_equal(ht_sql_text(&srv, "SELECT phone FROM related_person"
	                                      " WHERE id = ?",
	                                ht_fmt(&srv, "%lld", (long long)rid)),
	                    "070-555 55 55");
	ht_client_free(web);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* The page asks for confirmation and says what will happen: with a
 * second consent the plan continues, and the unit no consent covers any
 * longer loses it at once; an empty form is refused and changes
 * nothing. */
static void test_page_consent_withdrawal(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct small_plan x;
	api_small_plan(eva, pnr_make("19850505", 135), &x);
	json_t *second = consent_body(eva);
	json_object_set_new(second, "recipient_ids",
	                    json_pack("[I]", (json_int_t)principal_id(
	                                             eva, "Region Dalarna")));
	json_decref(ht_api_post(eva, ht_fmt(&srv, "/api/v1/plans/%lld/consents",
	                                 (long long)x.plan), second, 201));
	int64_t cid2 = ht_sql_int(&srv, "SELECT MAX(id) FROM consent WHERE"
	                                " plan_id = ?",
	                          ht_fmt(&srv, "%lld", (long long)x.plan));
	const char *plan_page = ht_fmt(&srv, "/plans/%lld", (long long)x.plan);
	const char *page = ht_fmt(&srv, "%s/consents/%lld/withdraw", plan_page,
	                          (long long)x.consent);

	struct ht_client *bo = ht_logged_in(&srv, "bo");
	const struct ht_response *r = ht_get(bo, plan_page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"%s\"", page));
	r = ht_get(bo, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Det här händer när du bekräftar");
	ht_assert_contains(r->body, "Planen fortsätter under dem");
	ht_assert_contains(r->body, "slutar direkt att delta");
	ht_assert_contains(r->body, html_escape(NAME_SPB));
	ht_assert_contains(r->body, "går inte att ångra");
	struct form_data fd;
	form_parse(r, page, &fd);
	assert_string_equal(form_get(&fd, "received_by"), "Bo Berg");
	assert_non_null(form_get(&fd, "stated_date"));
	assert_null(form_get(&fd, "method")); /* a choice to make */

	/* Nothing but the token: refused, every field named, nothing
	 * changed. */
	struct form_data empty = {0};
	form_add(&empty, "csrf_token", form_get(&fd, "csrf_token"));
	struct snap before;
	snap_take(&before);
	r = form_post(bo, page, &empty);
	ht_assert_status(r, 303); /* Post/Redirect/Get: the form's address */
	assert_string_equal(r->location, page);
	r = ht_get(bo, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "href=\"#f-method\"");
	ht_assert_contains(r->body, "href=\"#f-stated_date\"");
	ht_assert_contains(r->body, "href=\"#f-stated_time\"");
	ht_assert_contains(r->body, "href=\"#f-received_by\"");
	assert_only_reads(&before);
	assert_consent_open(x.plan, x.consent);

	form_set(&fd, "method", "in_person");
	form_set(&fd, "note", "Sa det vid hembesöket.");
	r = form_post(bo, page, &fd);
	ht_assert_status(r, 303);
	/* bo's unit is no longer covered: the work list, at once. */
	assert_string_equal(r->location, "/?done=consent_withdrawn_continues");
	ht_assert_status(ht_get(bo, plan_page), 404);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE"
	                                      " id = ?",
	                                ht_fmt(&srv, "%lld", (long long)x.plan)),
	                    "invited");

	/* The lead unit sees how it was said, in the record and history. */
	struct ht_client *eva_web = ht_logged_in(&srv, "eva");
	r = ht_get(eva_web, plan_page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Vid ett personligt möte");
	ht_assert_contains(r->body, "Mottaget av Bo Berg.");
	ht_assert_contains(r->body, "Sa det vid hembesöket.");
	/* The last consent: this one closes the plan, and says so. */
	const char *page2 = ht_fmt(&srv, "%s/consents/%lld/withdraw", plan_page,
	                           (long long)cid2);
	r = ht_get(eva_web, page2);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "enda samtycket i planen");
	ht_assert_contains(r->body, "avslutas direkt");
	ht_assert_contains(r->body, "Ingen annan enhet förlorar åtkomst");
	/* Already withdrawn: nothing to confirm. */
	ht_assert_status(ht_get(eva_web, page), 409);
	ht_client_free(eva_web);
	ht_client_free(bo);
	ht_client_free(eva);
}

/* A long history: the plan page shows the latest events and links to
 * the whole; the API answers the whole. */
static void test_plan_history_paged(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct small_plan x;
	api_small_plan(eva, pnr_make("19660606", 246), &x);
	const char *api = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x.plan);
	for (int i = 0; i < 50; i++)
		json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", api),
		                     json_pack("{s:s, s:s}", "purpose",
		                               ht_fmt(&srv, "Syfte %d", i), "participation",
		                               "whole"),
		                     200));
	json_t *p = ht_api_get(eva, api, 200);
	size_t total = json_array_size(json_object_get(p, "history"));
	assert_true(total > 50);
	json_decref(p);

	struct ht_client *web = ht_logged_in(&srv, "eva");
	const char *page = ht_fmt(&srv, "/plans/%lld", (long long)x.plan);
	const struct ht_response *r = ht_get(web, page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, ht_fmt(&srv, "De senaste 50 av %zu händelser visas.",
	                                   total));
	ht_assert_contains(r->body, ht_fmt(&srv, "href=\"%s?history=all#history\"", page));
	const char *table = strstr(r->body, "id=\"history\"");
	assert_non_null(table);
	ht_assert_not_contains(table, "Behov av samordning dokumenterat");
	ht_assert_contains(table, "Förberedelsen ändrad");
	r = ht_get(web, ht_fmt(&srv, "%s?history=all", page));
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, "De senaste 50 av");
	table = strstr(r->body, "id=\"history\"");
	assert_non_null(table);
	ht_assert_contains(table, "Behov av samordning dokumenterat");
	ht_client_free(web);
	ht_client_free(eva);
}

/* ---- access ---- */

/* Two 404 problems that say the same (apart from the address asked). */
static void assert_same_404(const struct ht_response *a,
                            const struct ht_response *b)
{
	json_decref(ht_assert_problem(a, 404));
	json_decref(ht_assert_problem(b, 404));
	ht_assert_same_json(a, b, "instance");
}

static void assert_same_404_page(const struct ht_response *a, const char *pa,
                                 const struct ht_response *b, const char *pb)
{
	ht_assert_page(a, 404);
	ht_assert_page(b, 404);
	ht_assert_contains(a->body, "Sidan finns inte");
	const char *x = without(a->body, pa), *y = without(b->body, pb);
	if (strcmp(x, y) != 0)
		fail_msg("the 404 pages differ:\n%s\n----\n%s", x, y);
}

/* A user of another municipality sees nothing of Anna's plan — not even
 * that it exists: every read and every step answers exactly as for a
 * plan that does not exist, and nothing changes. */
static void test_access_other_municipality(void **state)
{
	(void)state;
	int64_t anna = ht_sql_int(&srv, "SELECT id FROM person WHERE personnummer"
	                                " = ?", ANNA_PNR);
	const char *anna_s = ht_fmt(&srv, "%lld", (long long)anna);
	int64_t cid = ht_sql_int(&srv, "SELECT MIN(id) FROM consent WHERE"
	                               " plan_id = ?", "1");
	int64_t iid = ht_sql_int(&srv, "SELECT MIN(id) FROM invitation WHERE"
	                               " plan_id = ?", "1");
	assert_true(anna && cid && iid);
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct ht_client *web = ht_logged_in(&srv, "olle");
	const char *csrf = ht_csrf(web);
	assert_non_null(csrf);
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);

	/* The API: reads. */
	assert_same_404(ht_get(olle, "/api/v1/plans/1"),
	                ht_get(olle, ht_fmt(&srv, "/api/v1/plans/%d", NO_SUCH_ID)));
	assert_same_404(ht_get(olle, "/api/v1/plans/1/versions/1"),
	                ht_get(olle, ht_fmt(&srv, "/api/v1/plans/%d/versions/1",
	                                    NO_SUCH_ID)));
	assert_same_404(ht_get(olle, ht_fmt(&srv, "/api/v1/persons/%s", anna_s)),
	                ht_get(olle, ht_fmt(&srv, "/api/v1/persons/%d", NO_SUCH_ID)));
	assert_same_404(ht_get(olle, ht_fmt(&srv, "/api/v1/persons/%s/plans", anna_s)),
	                ht_get(olle, ht_fmt(&srv, "/api/v1/persons/%d/plans", NO_SUCH_ID)));
	const char *nobody = pnr_make("19700101", 999);
	assert_same_404(ht_get(olle, "/api/v1/persons?personnummer=" ANNA_PNR),
	                ht_get(olle, ht_fmt(&srv, "/api/v1/persons?personnummer=%s",
	                                    nobody)));
	json_t *found = ht_api_get(olle, "/api/v1/persons?q=Anna", 200);
	assert_int_equal(json_array_size(json_object_get(found, "persons")), 0);
	json_decref(found);
	found = ht_api_get(olle, "/api/v1/plans?scope=unit", 200);
	assert_int_equal(json_array_size(json_object_get(found, "plans")), 0);
	json_decref(found);

	/* The API: every step. */
	struct {
		const char *path;
		json_t *body;
	} steps[] = {
		{"decline", json_pack("{s:s}", "reason", "Skäl")},
		{"consents", consent_body(olle)},
		{ht_fmt(&srv, "consents/%lld/withdraw", (long long)cid), json_object()},
		{"preparation", json_pack("{s:s, s:s}", "purpose", "Syfte",
		                          "participation", "whole")},
		{"meetings", meeting_body()},
		{"invitations", json_pack("{s:I, s:[{s:I}]}", "meeting_id",
		                          (json_int_t)1, "invitations", "unit_id",
		                          (json_int_t)unit_id(HSA_OLLE))},
		{"establish", json_pack("{s:[{s:s, s:s}]}", "goals", "kind", "sub",
		                        "text", "Mål")},
		{"follow-up", json_object()},
		{"revise", json_object()},
		{"close", json_pack("{s:s, s:s}", "reason", "other", "note", "x")},
	};
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		char *text = json_dumps(steps[i].body, JSON_COMPACT);
		json_decref(steps[i].body);
		const struct ht_response *a = ht_post_json(
			olle, ht_fmt(&srv, "/api/v1/plans/1/%s", steps[i].path), text, NULL);
		const struct ht_response *b = ht_post_json(
			olle, ht_fmt(&srv, "/api/v1/plans/%d/%s", NO_SUCH_ID, steps[i].path),
			text, NULL);
		free(text);
		assert_same_404(a, b);
	}
	const char *reply = "{\"reply\":\"attend\",\"ongoing_interventions\":\"x\"}";
	assert_same_404(ht_post_json(olle, ht_fmt(&srv, "/api/v1/invitations/%lld/reply",
	                                          (long long)iid), reply, NULL),
	                ht_post_json(olle, ht_fmt(&srv, "/api/v1/invitations/%d/reply",
	                                          NO_SUCH_ID), reply, NULL));
	const char *change = "{\"given_name\":\"X\",\"family_name\":\"Y\"}";
	assert_same_404(ht_post_json(olle, ht_fmt(&srv, "/api/v1/persons/%s", anna_s),
	                             change, NULL),
	                ht_post_json(olle, ht_fmt(&srv, "/api/v1/persons/%d", NO_SUCH_ID),
	                             change, NULL));
	const char *rel = "{\"role\":\"relative\",\"name\":\"X Y\"}";
	assert_same_404(ht_post_json(olle, ht_fmt(&srv, "/api/v1/persons/%s/related",
	                                          anna_s), rel, NULL),
	                ht_post_json(olle, ht_fmt(&srv, "/api/v1/persons/%d/related",
	                                          NO_SUCH_ID), rel, NULL));

	/* The pages: reads. */
	const char *pages[][2] = {
		{"/plans/1", ht_fmt(&srv, "/plans/%d", NO_SUCH_ID)},
		{"/plans/1/establish", ht_fmt(&srv, "/plans/%d/establish", NO_SUCH_ID)},
		{ht_fmt(&srv, "/plans/1/consents/%lld/withdraw", (long long)cid),
		 ht_fmt(&srv, "/plans/%d/consents/%lld/withdraw", NO_SUCH_ID, (long long)cid)},
		{"/plans/1/versions/1", ht_fmt(&srv, "/plans/%d/versions/1", NO_SUCH_ID)},
		{ht_fmt(&srv, "/persons/%s", anna_s), ht_fmt(&srv, "/persons/%d", NO_SUCH_ID)},
		{ht_fmt(&srv, "/plans/new?person_id=%s", anna_s),
		 ht_fmt(&srv, "/plans/new?person_id=%d", NO_SUCH_ID)},
		{ht_fmt(&srv, "/invitations/%lld", (long long)iid),
		 ht_fmt(&srv, "/invitations/%d", NO_SUCH_ID)},
	};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		const char *pa = pages[i][0], *pb = pages[i][1];
		assert_same_404_page(ht_get(web, pa), path_only(pa),
		                     ht_get(web, pb), path_only(pb));
	}
	const struct ht_response *search = ht_get(web, "/persons?q=" ANNA_PNR);
	ht_assert_page(search, 200);
	ht_assert_contains(search->body, "Ingen person hittades");
	ht_assert_not_contains(search->body, "Andersson");
	const struct ht_response *home = ht_get(web, "/");
	ht_assert_page(home, 200);
	ht_assert_not_contains(home->body, "Anna");

	/* The pages: every step, with a valid CSRF token. */
	const char *posts[] = {
		"decline", "consents", ht_fmt(&srv, "consents/%lld/withdraw", (long long)cid),
		"preparation", "meetings", "invitations", "establish", "revise",
		"follow-up", "close",
	};
	for (size_t i = 0; i < sizeof posts / sizeof *posts; i++) {
		const char *pa = ht_fmt(&srv, "/plans/1/%s", posts[i]);
		const char *pb = ht_fmt(&srv, "/plans/%d/%s", NO_SUCH_ID, posts[i]);
		const struct ht_response *a = ht_post_form(web, pa, "csrf_token", csrf,
			"reason", "other", "note", "x", "purpose", "Syfte",
			"participation", "whole", "given_by", "individual", NULL);
		const struct ht_response *b = ht_post_form(web, pb, "csrf_token", csrf,
			"reason", "other", "note", "x", "purpose", "Syfte",
			"participation", "whole", "given_by", "individual", NULL);
		assert_same_404_page(a, pa, b, pb);
	}
	const char *ra = ht_fmt(&srv, "/invitations/%lld/reply", (long long)iid);
	const char *rb = ht_fmt(&srv, "/invitations/%d/reply", NO_SUCH_ID);
	assert_same_404_page(
		ht_post_form(web, ra, "csrf_token", csrf, "reply", "attend",
		             "ongoing_interventions", "x", NULL), ra,
		ht_post_form(web, rb, "csrf_token", csrf, "reply", "attend",
		             "ongoing_interventions", "x", NULL), rb);
	const char *ua = ht_fmt(&srv, "/persons/%s", anna_s);
	const char *ub = ht_fmt(&srv, "/persons/%d", NO_SUCH_ID);
	assert_same_404_page(
		ht_post_form(web, ua, "csrf_token", csrf, "given_name", "X",
		             "family_name", "Y", NULL), ua,
		ht_post_form(web, ub, "csrf_token", csrf, "given_name", "X",
		             "family_name", "Y", NULL), ub);
	/* Starting a plan for a person one cannot see: as for nobody. */
	const struct ht_response *a = ht_post_form(web, "/plans", "csrf_token",
		csrf, "person_id", anna_s, "initiated_by", "professional",
		"need_professional", "x", "principal_ids", "1", NULL);
	const struct ht_response *b = ht_post_form(web, "/plans", "csrf_token",
		csrf, "person_id", ht_fmt(&srv, "%d", NO_SUCH_ID), "initiated_by",
		"professional", "need_professional", "x", "principal_ids", "1", NULL);
	assert_same_404_page(a, "/plans", b, "/plans");

	ht_assert_unchanged(&srv, &snap);
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE id = ?",
	                                "1"), "active");
	ht_client_free(web);
	ht_client_free(olle);
}

/* The system administrator manages users but reads no plans: the route
 * table refuses (403) before any plan is looked at. */
static void test_access_system_admin(void **state)
{
	(void)state;
	struct ht_client *admin = ht_api_as(&srv, "admin");
	json_decref(ht_api_get(admin, "/api/v1/plans", 403));
	json_decref(ht_api_get(admin, "/api/v1/plans/1", 403));
	json_decref(ht_api_get(admin, "/api/v1/persons?personnummer=" ANNA_PNR,
	                    403));
	json_decref(ht_api_get(admin, "/api/v1/invitations", 403));
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	json_decref(ht_api_post(admin, "/api/v1/plans/1/close",
	                     json_pack("{s:s}", "reason", "goals_met"), 403));
	ht_assert_unchanged(&srv, &snap);
	ht_client_free(admin);

	struct ht_client *web = ht_logged_in(&srv, "admin");
	const char *csrf = ht_csrf(web);
	static const char *const pages[] = {"/plans/1", "/persons", "/persons/1",
	                                    "/plans/new?person_id=1",
	                                    "/invitations/1"};
	for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
		const struct ht_response *r = ht_get(web, pages[i]);
		ht_assert_page(r, 403);
		ht_assert_contains(r->body, "Du har inte behörighet");
		ht_assert_not_contains(r->body, "Andersson");
	}
	ht_snapshot_take(&srv, &snap);
	ht_assert_page(ht_post_form(web, "/plans/1/close", "csrf_token", csrf,
	                            "reason", "goals_met", NULL), 403);
	ht_assert_unchanged(&srv, &snap);
	const struct ht_response *home = ht_get(web, "/");
	ht_assert_page(home, 200);
	ht_assert_not_contains(home->body, "Anna");
	ht_client_free(web);
}

/* The lists answer only with plans one of the caller's units takes part
 * in — for every demo user, in both scopes. */
static void test_access_lists(void **state)
{
	(void)state;
	static const char *const users[] = {"eva", "bo", "sara", "karin", "lars",
	                                    "olle", "ulla"};
	for (size_t u = 0; u < sizeof users / sizeof *users; u++) {
		struct ht_client *c = ht_api_as(&srv, users[u]);
		int64_t uid = ht_user_id(&srv, users[u]);
		for (int scope = 0; scope < 2; scope++) {
			json_t *p = ht_api_get(c, scope ? "/api/v1/plans?scope=unit"
			                             : "/api/v1/plans", 200);
			json_t *plans = json_object_get(p, "plans");
			for (size_t i = 0; i < json_array_size(plans); i++) {
				int64_t id = ht_jint(json_array_get(plans, i), "id");
				const char *sql = ht_fmt(&srv,
					"SELECT COUNT(*) FROM plan_unit pu JOIN user_unit uu"
					" ON uu.unit_id = pu.unit_id WHERE pu.left_at IS NULL"
					" AND uu.user_id = %lld AND pu.plan_id = ?",
					(long long)uid);
				if (!ht_sql_int(&srv, sql, ht_fmt(&srv, "%lld", (long long)id)))
					fail_msg("%s's list has plan %lld of another unit",
					         users[u], (long long)id);
			}
			/* Anna's plan: the units of eva, bo (and ulla) and sara
			 * take part; those of karin, lars and olle do not. */
			bool anna = false;
			for (size_t i = 0; i < json_array_size(plans); i++)
				anna |= ht_jint(json_array_get(plans, i), "id") == ANNA_PLAN;
			if (scope == 1)
				assert_int_equal(anna, u <= 2 || u == 6);
			if (u >= 3 && u <= 5)
				assert_false(anna);
			json_decref(p);
		}
		ht_client_free(c);
	}
	/* Paging and the scope are checked at the door. */
	struct ht_client *eva = ht_api_as(&srv, "eva");
	json_t *p = ht_api_get(eva, "/api/v1/plans?scope=everything", 422);
	assert_field_error(p, "scope", NULL);
	json_decref(p);
	p = ht_api_get(eva, "/api/v1/plans?limit=-1", 422);
	assert_field_error(p, "limit", NULL);
	json_decref(p);
	ht_client_free(eva);
}

/* ---- audit ---- */

/* Reading a plan is logged — who, which person, which plan, from
 * where — before the answer leaves: the row is there when the GET
 * returns. */
static void test_audit_plan_read(void **state)
{
	(void)state;
	int64_t anna = ht_sql_int(&srv, "SELECT id FROM person WHERE personnummer"
	                                " = ?", ANNA_PNR);
	int64_t eva = ht_user_id(&srv, "eva");
	struct ht_client *api = ht_api_as(&srv, "eva");
	struct ht_client *web = ht_logged_in(&srv, "eva");
	for (int round = 0; round < 4; round++) {
		const char *count = "SELECT COUNT(*) FROM audit_log WHERE"
		                    " action = 'plan.read' AND plan_id = ?";
		int64_t before = ht_sql_int(&srv, count, "1");
		const struct ht_response *r = round % 2 ? ht_get(web, "/plans/1")
		                                        : ht_get(api, "/api/v1/plans/1");
		ht_assert_status(r, 200);
		/* Right after the response: exactly one more record. */
		assert_int_equal(ht_sql_int(&srv, count, "1"), before + 1);
		const char *last = "(SELECT MAX(id) FROM audit_log WHERE"
		                   " action = 'plan.read' AND plan_id = ?)";
		assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT user_id FROM audit_log"
		                                         " WHERE id = %s", last), "1"),
		                 eva);
		assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT person_id FROM"
		                                         " audit_log WHERE id = %s",
		                                         last), "1"), anna);
		assert_int_equal(ht_sql_int(&srv, ht_fmt(&srv, "SELECT unit_id FROM audit_log"
		                                         " WHERE id = %s", last), "1"),
		                 unit_id(HSA_VPL));
		assert_string_equal(ht_sql_text(&srv, ht_fmt(&srv, "SELECT client_addr FROM"
		                                             " audit_log WHERE id = %s",
		                                             last), "1"),
		                    "127.0.0.1");
		int64_t at = ht_sql_int(&srv, ht_fmt(&srv, "SELECT at FROM audit_log WHERE"
		                                     " id = %s", last), "1");
		assert_true(llabs((long long)(at - (int64_t)time(NULL))) < 60);
	}
	/* A refused read is not a read, but it is logged as an attempt. */
	struct ht_client *olle = ht_api_as(&srv, "olle");
	int64_t all = ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                               " plan_id = ?", "1");
	json_decref(ht_api_get(olle, "/api/v1/plans/1", 404));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " plan_id = ?", "1"), all + 1);
	assert_string_equal(ht_sql_text(&srv, "SELECT action FROM audit_log"
	                                      " WHERE plan_id = ? ORDER BY id DESC"
	                                      " LIMIT 1", "1"),
	                    "plan.read.refused");
	ht_client_free(olle);
	ht_client_free(web);
	ht_client_free(api);
}

/* ==== the pages ==== */

/* Anna's demo plan on its page: the seed's table, row by row. */
static void test_pages_anna_demo_plan(void **state)
{
	(void)state;
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_get(eva, "/plans/1");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "SIP för Anna Andersson");
	ht_assert_contains(r->body, "19990315-2388");
	ht_assert_contains(r->body, "Plan upprättad");
	ht_assert_contains(r->body, "Vad som ska göras och vem som ansvarar för vad");
	for (int i = 0; i < ANNA_NROWS; i++)
		ht_assert_contains(r->body, table_row(&anna_rows[i]));
	for (int i = 0; i < ANNA_NGOALS; i++)
		ht_assert_contains(r->body, ht_fmt(&srv, "<li class=\"text\">%s</li>",
		                                   html_escape(anna_goals[i].text)));
	ht_assert_contains(r->body, html_escape(ANNA_SITUATION));
	ht_assert_contains(r->body, "Eva Lind, Kurator, " NAME_VPL);
	/* Established, not yet followed up: the step indicator says the
	 * follow-up is next, not under way, and the page offers to start it. */
	ht_assert_contains(r->body, "<li class=\"current\" aria-current=\"step\">"
	                            "<span class=\"step-name\">Följ upp</span> "
	                            "<span class=\"step-status\">nästa</span>");
	ht_assert_not_contains(r->body, "pågår");
	ht_assert_contains(r->body, "Starta uppföljning");
	/* Seed 000: Eva is also Anna's fast vårdkontakt. */
	ht_assert_contains(r->body, "Eva Lind, Kurator, " NAME_VPL
	                            ". Också fast vårdkontakt.");
	/* The rows in the seed's order. */
	const char *prev = r->body;
	for (int i = 0; i < ANNA_NROWS; i++) {
		const char *at = strstr(prev, table_row(&anna_rows[i]));
		assert_non_null(at);
		prev = at + 1;
	}
	/* bo's unit takes part and sees the same. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	r = ht_get(bo, "/plans/1");
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, table_row(&anna_rows[1]));
	ht_client_free(bo);
	ht_client_free(eva);
}

/* The consent, preparation, meeting and invitation forms of the plan
 * page, filled in and posted the way a browser posts them; each answers
 * 303 back to the plan. */
static void post_step(struct ht_client *c, int64_t plan, const char *step,
                      struct form_data *fd, const char *done)
{
	const struct ht_response *r = form_post(
		c, ht_fmt(&srv, "/plans/%lld/%s", (long long)plan, step), fd);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, ht_fmt(&srv, "/plans/%lld?done=%s",
	                                        (long long)plan, done));
}

static const struct ht_response *plan_page(struct ht_client *c, int64_t plan)
{
	const struct ht_response *r = ht_get(c, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	return r;
}

/* A new person through every page, from registration to the
 * established plan, with Anna's goals and interventions typed into the
 * big form. */
static void test_pages_new_person_path(void **state)
{
	(void)state;
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const char *pnr = pnr_make("19970521", 246);
	struct form_data fd;
	struct ht_snapshot snap;
	struct snap reads;

	/* Register: the form of /persons/new. */
	const struct ht_response *r = ht_get(eva, "/persons/new");
	ht_assert_page(r, 200);
	form_parse(r, "/persons", &fd);
	assert_non_null(form_get(&fd, "csrf_token"));
	assert_non_null(form_get(&fd, "personnummer"));
	form_set(&fd, "personnummer", pnr_dashed(pnr));
	form_set(&fd, "given_name", "Maja");
	form_set(&fd, "family_name", "Lindqvist");
	form_set(&fd, "city", "Ludvika");
	r = form_post(eva, "/persons", &fd);
	ht_assert_status(r, 303);
	int64_t person = id_after(r->location, "/persons/");
	ht_assert_contains(r->location, "?done=created");
	assert_string_equal(ht_sql_text(&srv, "SELECT given_name FROM person WHERE"
	                                      " personnummer = ?", pnr), "Maja");

	/* Step 1: the need, on /plans/new. */
	r = ht_get(eva, ht_fmt(&srv, "/plans/new?person_id=%lld", (long long)person));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Starta SIP för Maja Lindqvist");
	form_parse(r, "/plans", &fd);
	assert_string_equal(form_get(&fd, "person_id"), ht_fmt(&srv, "%lld", (long long)person));
	assert_string_equal(form_get(&fd, "initiated_by"), "professional");
	/* eva's own principal is ticked already; add the others. */
	assert_string_equal(form_get(&fd, "principal_ids"),
	                    choice_value(r, "principal_ids", "Region Dalarna"));
	form_add(&fd, "principal_ids", choice_value(r, "principal_ids",
	                                            "Ludvika kommun"));
	form_add(&fd, "principal_ids", choice_value(r, "principal_ids",
	                                            "Högskolan Dalarna"));
	form_set(&fd, "need_individual", "Jag vill klara studierna och må bättre.");
	form_set(&fd, "need_professional", ANNA_PURPOSE);
	r = form_post(eva, "/plans", &fd);
	ht_assert_status(r, 303);
	int64_t plan = id_after(r->location, "/plans/");
	ht_assert_contains(r->location, "?done=plan_created");

	/* Step 2: consent. */
	r = ht_get(eva, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Behovet är dokumenterat");
	const char *consents = ht_fmt(&srv, "/plans/%lld/consents", (long long)plan);
	form_parse(r, consents, &fd);
	assert_string_equal(form_get(&fd, "given_by"), "individual");
	form_set(&fd, "form", "written");
	form_add(&fd, "scopes", "health");
	form_add(&fd, "scopes", "social");
	form_add(&fd, "scopes", "school");
	form_set(&fd, "valid_until", ht_date_in(&srv, 365));
	/* Without the CSRF token: refused, nothing changes. */
	struct form_data bare = fd;
	form_del(&bare, "csrf_token");
	ht_snapshot_take(&srv, &snap);
	r = form_post(eva, consents, &bare);
	ht_assert_page(r, 403);
	ht_assert_contains(r->body, "Formuläret har gått ut");
	form_set(&bare, "csrf_token", "forged-token");
	ht_assert_page(form_post(eva, consents, &bare), 403);
	ht_assert_unchanged(&srv, &snap);
	post_step(eva, plan, "consents", &fd, "consent_recorded");

	/* Step 3: preparation — first a refusal that keeps what was typed
	 * and shows the error at the field. */
	r = plan_page(eva, plan);
	const char *prep = ht_fmt(&srv, "/plans/%lld/preparation", (long long)plan);
	form_parse(r, prep, &fd);
	form_set(&fd, "individual_goals", "Klara tentorna & sova bättre.");
	snap_take(&reads);
	r = post_refused(eva, prep, &fd, ht_fmt(&srv, "/plans/%lld", (long long)plan));
	ht_assert_page(r, 200);
	assert_only_reads(&reads);
	const char *tag = control_tag(r, "purpose");
	ht_assert_contains(tag, "id=\"f-preparation-purpose\"");
	ht_assert_contains(tag, "aria-invalid=\"true\"");
	ht_assert_contains(tag, "f-preparation-purpose-error");
	ht_assert_contains(r->body, "<p class=\"error-message\" "
	                         "id=\"f-preparation-purpose-error\">");
	ht_assert_contains(r->body, "id=\"f-preparation-participation-error\"");
	ht_assert_not_contains(control_tag(r, "individual_goals"), "aria-invalid");
	ht_assert_contains(r->body, "Klara tentorna &amp; sova bättre.</textarea>");
	ht_assert_contains(r->body, "href=\"#f-preparation-purpose\"");
	form_parse(r, prep, &fd);
	assert_string_equal(form_get(&fd, "individual_goals"),
	                    "Klara tentorna & sova bättre.");
	form_set(&fd, "purpose", ANNA_PURPOSE);
	form_set(&fd, "participation", "whole");
	post_step(eva, plan, "preparation", &fd, "saved");

	/* Step 4: the meeting, then the invitations. */
	r = plan_page(eva, plan);
	const char *meetings = ht_fmt(&srv, "/plans/%lld/meetings", (long long)plan);
	form_parse(r, meetings, &fd);
	assert_string_equal(form_get(&fd, "purpose"), ANNA_PURPOSE);
	form_set(&fd, "date", ht_date_in(&srv, 0));
	form_set(&fd, "start_time", "09:30");
	form_set(&fd, "place", "Mottagningens samtalsrum");
	post_step(eva, plan, "meetings", &fd, "meeting_planned");
	/* Not invited yet: bo's unit does not see the plan. */
	struct ht_client *bo = ht_logged_in(&srv, "bo");
	ht_assert_page(ht_get(bo, ht_fmt(&srv, "/plans/%lld", (long long)plan)), 404);
	r = plan_page(eva, plan);
	const char *invite = ht_fmt(&srv, "/plans/%lld/invitations", (long long)plan);
	form_parse(r, invite, &fd);
	assert_non_null(form_get(&fd, "meeting_id"));
	form_add(&fd, "unit_ids", choice_value(r, "unit_ids", NAME_SPB));
	form_add(&fd, "unit_ids", choice_value(r, "unit_ids", NAME_STH));
	post_step(eva, plan, "invitations", &fd, "invited");
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE id = ?",
	                                ht_fmt(&srv, "%lld", (long long)plan)), "invited");

	/* Invited, it does; bo finds the invitation on his start page and
	 * answers it. */
	ht_assert_page(ht_get(bo, ht_fmt(&srv, "/plans/%lld", (long long)plan)), 200);
	r = ht_get(bo, "/");
	ht_assert_page(r, 200);
	const char *row = strstr(r->body, "Maja Lindqvist");
	assert_non_null(row);
	const char *link = strstr(row, "href=\"/invitations/");
	assert_non_null(link);
	int64_t inv = strtoll(link + strlen("href=\"/invitations/"), NULL, 10);
	r = ht_get(bo, ht_fmt(&srv, "/invitations/%lld", (long long)inv));
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Kallelse till SIP-möte för Maja Lindqvist");
	ht_assert_contains(r->body, ht_date_in(&srv, 0));
	const char *answer = ht_fmt(&srv, "/invitations/%lld/reply", (long long)inv);
	form_parse(r, answer, &fd);
	assert_string_equal(form_get(&fd, "attendee_name"), "Bo Berg");
	form_set(&fd, "reply", "attend");
	/* Attending without documenting ongoing interventions: refused,
	 * back on the invitation's page (Post/Redirect/Get: its address, so
	 * a reload asks nothing), at the field. */
	snap_take(&reads);
	r = form_post(bo, answer, &fd);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, ht_fmt(&srv, "/invitations/%lld",
	                                        (long long)inv));
	r = ht_get(bo, r->location);
	ht_assert_page(r, 200);
	assert_only_reads(&reads);
	ht_assert_contains(control_tag(r, "ongoing_interventions"),
	                   "aria-invalid=\"true\"");
	ht_assert_contains(r->body, "id=\"f-ongoing_interventions-error\"");
	form_parse(r, answer, &fd);
	assert_string_equal(form_get(&fd, "reply"), "attend");
	form_set(&fd, "ongoing_interventions", "Boendestöd två gånger i veckan.");
	r = form_post(bo, answer, &fd);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, ht_fmt(&srv, "/invitations/%lld?done=replied",
	                                        (long long)inv));
	r = ht_get(bo, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Svaret på kallelsen är skickat.");
	ht_client_free(bo);

	/* Step 5: the big form. It starts with one goal and one intervention;
	 * "Lägg till ett mål" / "Lägg till en insats" come back with one more
	 * row each, focused, and save nothing. */
	const char *establish = ht_fmt(&srv, "/plans/%lld/establish", (long long)plan);
	r = ht_get(eva, establish);
	ht_assert_page(r, 200);
	form_parse(r, establish, &fd);
	assert_int_equal(form_rows(&fd, "goals", "text"), 1);
	assert_int_equal(form_rows(&fd, "interventions", "what"), 1);
	ht_assert_not_contains(r->body, "Fler rader");
	/* The first submit button, which Enter in a text field presses,
	 * saves: it has no name, so it adds no rows. */
	const char *first_submit = strstr(r->body, "<button type=\"submit\"");
	assert_non_null(first_submit);
	ht_assert_contains(first_submit, "<button type=\"submit\" hidden>");
	snap_take(&reads);
	while (form_rows(&fd, "goals", "text") < ANNA_NGOALS ||
	       form_rows(&fd, "interventions", "what") < ANNA_NROWS) {
		bool goal = form_rows(&fd, "goals", "text") < ANNA_NGOALS;
		int before = goal ? form_rows(&fd, "goals", "text")
		                  : form_rows(&fd, "interventions", "what");
		form_set(&fd, "add", goal ? "goal" : "intervention");
		r = post_and_get(eva, establish, &fd);
		ht_assert_page(r, 200);
		form_parse(r, establish, &fd);
		assert_int_equal(goal ? form_rows(&fd, "goals", "text")
		                      : form_rows(&fd, "interventions", "what"),
		                 before + 1);
		/* The new row has the focus. */
		ht_assert_contains(control_tag(r, goal ? ht_fmt(&srv, "goals[%d].text",
		                                                before)
		                                       : ht_fmt(&srv,
		                                                "interventions[%d].goal",
		                                                before)),
		                   "autofocus");
	}
	assert_only_reads(&reads);
	/* bo's unit answered that it comes: its row is ticked. */
	assert_string_equal(form_get(&fd, "participants[0].invitation_id"),
	                    ht_fmt(&srv, "%lld", (long long)inv));
	assert_string_equal(form_get(&fd, "participants[0].present"), "1");
	assert_string_equal(form_get(&fd, "participants[0].name"), "Bo Berg");
	assert_string_equal(form_get(&fd, "participants[1].name"),
	                    "Maja Lindqvist");
	form_set(&fd, "chair", "Eva Lind");
	form_set(&fd, "secretary", "Bo Berg");
	form_set(&fd, "wishes", "Bli klar med examen till våren.");
	form_set(&fd, "needs", "Stöd i vardagen och i studierna.");
	for (int i = 0; i < ANNA_NGOALS; i++) {
		form_set(&fd, ht_fmt(&srv, "goals[%d].kind", i), anna_goals[i].kind);
		form_set(&fd, ht_fmt(&srv, "goals[%d].text", i), anna_goals[i].text);
	}
	/* One more round trip: the interventions' goal menu names the goals
	 * by their text. */
	form_set(&fd, "add", "intervention");
	r = post_and_get(eva, establish, &fd);
	ht_assert_page(r, 200);
	form_parse(r, establish, &fd);
	form_del(&fd, "add");
	assert_string_equal(option_value(r, "interventions[0].goal",
	                                 anna_goals[1].text), "2");
	for (int i = 0; i < ANNA_NROWS; i++) {
		const struct seed_row *x = &anna_rows[i];
		const char *L = ht_fmt(&srv, "interventions[%d].", i);
		form_set(&fd, ht_fmt(&srv, "%sgoal", L), ht_fmt(&srv, "%d", x->goal));
		form_set(&fd, ht_fmt(&srv, "%swhat", L), x->what);
		form_set(&fd, ht_fmt(&srv, "%swho", L),
		         x->unit_label ? option_value(r, ht_fmt(&srv, "%swho", L),
		                                      x->unit_label)
		                       : x->kind);
		form_set(&fd, ht_fmt(&srv, "%sresponsible_name", L), x->responsible);
		form_set(&fd, ht_fmt(&srv, "%scontact_name", L), x->contact ? x->contact : "");
		form_set(&fd, ht_fmt(&srv, "%stiming", L), x->timing);
	}
	form_set(&fd, "coordinator_user_id",
	         option_value(r, "coordinator_user_id", "Eva Lind"));
	form_set(&fd, "follow_up_date", ht_date_in(&srv, 90));
	form_set(&fd, "follow_up_place", "Mottagningens samtalsrum");
	form_set(&fd, "individual_approved", "1");
	form_set(&fd, "coordinator_fast_care_contact", "1");
	/* Refused first: no situation, no crisis plan, and the second
	 * intervention's municipal unit left out (a tampered "who": the menu
	 * offers only a kind with its unit). */
	struct form_data wrong = fd;
	form_set(&wrong, "interventions[1].who", "municipality_unit");
	/* Post/Redirect/Get: 303 to the form, whose GET shows the errors and
	 * what was typed, once; reloading it shows a fresh form and asks
	 * nothing about resending. */
	r = form_post(eva, establish, &wrong);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, establish);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_version v"
	                                  " WHERE v.plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)plan)), 0);
	r = ht_get(eva, establish);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Rätta följande innan du sparar");
	tag = control_tag(r, "situation");
	ht_assert_contains(tag, "aria-invalid=\"true\"");
	ht_assert_contains(tag, "aria-describedby=\"f-situation-hint f-situation-error\"");
	ht_assert_contains(r->body, "<p class=\"error-message\" id=\"f-situation-error\">");
	ht_assert_contains(control_tag(r, "crisis_plan"), "aria-invalid=\"true\"");
	tag = control_tag(r, "interventions[1].who");
	ht_assert_contains(tag, "aria-invalid=\"true\"");
	ht_assert_contains(r->body, "id=\"f-interventions[1].who-error\"");
	ht_assert_contains(r->body, "href=\"#f-interventions[1].who\"");
	ht_assert_not_contains(control_tag(r, "interventions[0].who"),
	                       "aria-invalid");
	/* The summary takes the focus, and its messages name what is
	 * missing. */
	ht_assert_contains(r->body, "tabindex=\"-1\" autofocus><h2 "
	                            "id=\"error-summary-title\">");
	ht_assert_contains(r->body, "Beskriv den enskildes aktuella situation.");
	ht_assert_contains(r->body, "Skriv handlingsplanen vid kris.");
	ht_assert_not_contains(r->body, "Fyll i fältet.");
	ht_assert_not_contains(control_tag(r, "wishes"), "aria-invalid");
	/* What was typed is all still there. */
	struct form_data again;
	form_parse(r, establish, &again);
	for (int i = 0; i < again.n; i++)
		if (strcmp(again.name[i], "csrf_token") != 0 &&
		    strcmp(again.name[i], "interventions[1].who") != 0)
			assert_string_equal(again.value[i],
			                    form_get(&wrong, again.name[i]));
	assert_string_equal(form_get(&again, "interventions[5].what"),
	                    anna_rows[5].what);
	assert_string_equal(form_get(&again, "goals[2].text"), anna_goals[2].text);
	assert_string_equal(form_get(&again, "participants[0].present"), "1");
	assert_string_equal(form_get(&again, "individual_approved"), "1");

	/* Shown once: the next GET is a fresh form. */
	const struct ht_response *fresh = ht_get(eva, establish);
	ht_assert_page(fresh, 200);
	ht_assert_not_contains(fresh->body, "Rätta följande innan du sparar");
	ht_assert_not_contains(fresh->body, html_escape(anna_goals[2].text));
	/* Another session of eva's does not see it either. */
	struct ht_client *eva2 = ht_logged_in(&srv, "eva");
	form_set(&wrong, "add", "goal");
	r = post_and_get(eva, establish, &wrong);
	ht_assert_contains(r->body, html_escape(anna_goals[2].text));
	form_del(&wrong, "add");
	r = form_post(eva, establish, &wrong);
	ht_assert_status(r, 303);
	r = ht_get(eva2, establish);
	ht_assert_page(r, 200);
	ht_assert_not_contains(r->body, "Rätta följande innan du sparar");
	ht_client_free(eva2);
	r = ht_get(eva, establish);
	ht_assert_contains(r->body, "Rätta följande innan du sparar");

	/* A goal added after the refusal keeps everything typed and saves
	 * nothing. */
	struct form_data more = again;
	form_set(&more, "add", "goal");
	r = form_post(eva, establish, &more);
	ht_assert_status(r, 303);
	r = ht_get(eva, establish);
	ht_assert_page(r, 200);
	struct form_data wider;
	form_parse(r, establish, &wider);
	assert_int_equal(form_rows(&wider, "goals", "text"), ANNA_NGOALS + 1);
	assert_string_equal(form_get(&wider, "interventions[6].responsible_name"),
	                    "Anna och Elena");
	assert_string_equal(form_get(&wider, "goals[2].text"), anna_goals[2].text);

	/* And established. */
	form_set(&again, "interventions[1].who",
	         option_value(r, "interventions[1].who", NAME_SPB));
	form_set(&again, "situation", ANNA_SITUATION);
	form_set(&again, "crisis_plan", "Ring Eva vardagar, annars 1177.");
	r = form_post(eva, establish, &again);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, ht_fmt(&srv, "/plans/%lld?done=established",
	                                        (long long)plan));
	r = ht_get(eva, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Planen är upprättad. Lämna den till den enskilde.");
	ht_assert_contains(r->body, "Plan upprättad");
	ht_assert_contains(r->body, "SIP för Maja Lindqvist");
	for (int i = 0; i < ANNA_NROWS; i++)
		ht_assert_contains(r->body, table_row(&anna_rows[i]));
	ht_assert_contains(r->body, html_escape(ANNA_SITUATION));
	ht_assert_contains(r->body, "Eva Lind, Kurator, " NAME_VPL);
	ht_assert_contains(r->body, "Eva Lind, Kurator, " NAME_VPL
	                            ". Också fast vårdkontakt.");
	ht_assert_contains(r->body, ht_fmt(&srv, "%s, Mottagningens samtalsrum", ht_date_in(&srv, 90)));
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE id = ?",
	                                ht_fmt(&srv, "%lld", (long long)plan)), "active");
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_intervention i"
	                                  " JOIN plan_version v ON v.id ="
	                                  " i.version_id WHERE v.plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)plan)), ANNA_NROWS);
	/* The form is gone with the step: establishing again is 409. */
	r = ht_get(eva, establish);
	ht_assert_page(r, 409);
	ht_client_free(eva);
}

/* Registering with a wrong personnummer: 422, the page again with what
 * was typed and the error at the field; nothing saved. */
static void test_pages_form_errors(void **state)
{
	(void)state;
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const struct ht_response *r = ht_get(eva, "/persons/new");
	struct form_data fd;
	form_parse(r, "/persons", &fd);
	const char *pnr = pnr_make("19881224", 135);
	char bad[16];
	snprintf(bad, sizeof bad, "%s", pnr_dashed(pnr));
	bad[12] = bad[12] == '9' ? '0' : (char)(bad[12] + 1);
	form_set(&fd, "personnummer", bad);
	form_set(&fd, "given_name", "Karl-Åke");
	form_set(&fd, "family_name", "O'Brien");
	form_set(&fd, "phone", "070-111 22 33");
	struct ht_snapshot snap;
	ht_snapshot_take(&srv, &snap);
	r = form_post(eva, "/persons", &fd);
	ht_assert_page(r, 422);
	ht_assert_unchanged(&srv, &snap);
	const char *tag = control_tag(r, "personnummer");
	ht_assert_contains(tag, "aria-invalid=\"true\"");
	ht_assert_contains(tag, "aria-describedby=\"f-personnummer-hint "
	                     "f-personnummer-error\"");
	ht_assert_contains(tag, ht_fmt(&srv, "value=\"%s\"", bad));
	ht_assert_contains(r->body, "<p class=\"error-message\" "
	                         "id=\"f-personnummer-error\">");
	const char *msg = strstr(r->body, "id=\"f-personnummer-error\"");
	assert_non_null(msg);
	ht_assert_contains(msg, "Kontrollsiffran stämmer inte");
	ht_assert_contains(control_tag(r, "family_name"), "value=\"O&#39;Brien\"");
	ht_assert_contains(control_tag(r, "given_name"), "value=\"Karl-Åke\"");
	ht_assert_not_contains(control_tag(r, "given_name"), "aria-invalid");
	ht_assert_contains(r->body, "href=\"#f-personnummer\"");
	/* The same without the token: 403 and nothing. */
	form_del(&fd, "csrf_token");
	form_set(&fd, "personnummer", pnr);
	r = form_post(eva, "/persons", &fd);
	ht_assert_page(r, 403);
	ht_assert_unchanged(&srv, &snap);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM person WHERE"
	                                  " personnummer = ?", pnr), 0);
	ht_client_free(eva);
}

/* Declining on the page: the cause is chosen from the list, the words
 * are written, and a form without a cause is refused with both kept. */
static void test_page_decline(void **state)
{
	(void)state;
	struct ht_client *api = ht_api_as(&srv, "eva");
	int64_t person = api_person(api, pnr_make("19770707", 246), "Test",
	                            "Nekadsson");
	int64_t plan = api_new_plan(api, person);
	struct ht_client *eva = ht_logged_in(&srv, "eva");
	const char *url = ht_fmt(&srv, "/plans/%lld", (long long)plan);
	const struct ht_response *r = ht_get(eva, url);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Varför erbjuds inte SIP?");
	for (int i = 0; declined_cause_keys[i]; i++)
		ht_assert_contains(r->body, ht_fmt(&srv, "name=\"cause\" id=\"f-decline-cause-%d\""
		                                   " value=\"%s\"", i,
		                                   declined_cause_keys[i]));
	const char *csrf = ht_csrf(eva);
	const char *why = "Insatserna ges av vårdcentralen; inget behov av "
	                  "kommunen.";
	const char *id = ht_fmt(&srv, "%lld", (long long)plan);
	r = ht_post_form(eva, ht_fmt(&srv, "%s/decline", url), "csrf_token",
	                 csrf, "reason", why, NULL);
	ht_assert_status(r, 303); /* Post/Redirect/Get */
	r = ht_get(eva, r->location);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "Välj varför SIP inte erbjuds.");
	ht_assert_contains(r->body, "inget behov av kommunen.</textarea>");
	assert_string_equal(ht_sql_text(&srv, "SELECT state FROM plan WHERE"
	                                      " id = ?", id), "need_assessed");
	r = ht_post_form(eva, ht_fmt(&srv, "%s/decline", url), "csrf_token",
	                 csrf, "cause", "one_principal", "reason", why, NULL);
	ht_assert_status(r, 303);
	r = ht_get(eva, url);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "SIP erbjuds inte");
	ht_assert_contains(r->body, "Insatserna ges av en huvudman");
	ht_assert_contains(r->body, "inget behov av kommunen.");
	assert_string_equal(ht_sql_text(&srv, "SELECT declined_cause FROM plan"
	                                      " WHERE id = ?", id),
	                    "one_principal");
	ht_client_free(eva);
	ht_client_free(api);
}

/* ---- comparing two versions ---- */

/* A small plan's establishment (version 1) or revision: KBT at the
 * region's unit (health), Boendestöd at bo's unit (social), a diary. */
static json_t *small_version_body(int64_t meeting, int64_t eva_id,
                                  bool revision)
{
	json_t *goals = revision
		? json_pack("[{s:s, s:s}, {s:s, s:s}]", "kind", "sub", "text",
		            "Klara examen", "kind", "overall", "text",
		            "Få ett arbete")
		: json_pack("[{s:s, s:s}, {s:s, s:s}]", "kind", "overall", "text",
		            "Klara examen", "kind", "sub", "text",
		            "Sova bättre");
	json_t *ints = json_pack(
		"[{s:i, s:s, s:s, s:I, s:s, s:s}, {s:i, s:s, s:s, s:s, s:s}]",
		"goal", revision ? 1 : 2, "what", "KBT-VERSIONS",
		"responsible_kind", "region_unit", "responsible_unit_id",
		(json_int_t)unit_id(HSA_VPL), "timing", "Varje vecka",
		"frequency", revision ? "FREQ-TWICE-HEALTH" : "FREQ-ONCE-HEALTH",
		"goal", 1, "what", "Dagbok", "responsible_kind", "individual",
		"responsible_name", "Test", "timing", "Varje dag");
	if (!revision)
		json_array_append_new(ints, json_pack(
			"{s:i, s:s, s:s, s:I, s:s}", "goal", 2, "what",
			"Boendestöd", "responsible_kind", "municipality_unit",
			"responsible_unit_id", (json_int_t)unit_id(HSA_SPB),
			"timing", "Omgående"));
	else
		json_array_append_new(ints, json_pack(
			"{s:i, s:s, s:s, s:s, s:s}", "goal", 2, "what", "Praktik",
			"responsible_kind", "individual", "responsible_name",
			"Test", "timing", "Till sommaren"));
	json_t *b = json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:I, s:s, s:s, s:b}",
		"situation", "Studerar.", "wishes", "Klara examen.",
		"needs", "Rutiner.", "crisis_plan", "Ring 1177.",
		"goals", goals, "interventions", ints,
		"follow_up_place", "Mottagningen",
		"coordinator_user_id", (json_int_t)eva_id,
		"follow_up_date", ht_date_in(&srv, revision ? 120 : 90),
		"change_reason", revision ? "Ny inriktning mot arbete" : "",
		"individual_approved", 1);
	if (!revision) {
		json_object_del(b, "change_reason");
		json_object_set_new(b, "meeting_id", json_integer(meeting));
		json_object_set_new(b, "participants",
		                    json_pack("[{s:s}, {s:s}]", "name", "Test",
		                              "name", "Eva Lind"));
		json_object_set_new(b, "chair", json_string("Eva Lind"));
		json_object_set_new(b, "secretary", json_string("Bo Berg"));
	}
	return b;
}

static json_t *diff_item(json_t *diff, const char *list, size_t i)
{
	json_t *x = json_array_get(json_object_get(diff, list), i);
	if (!x)
		fail_msg("%s[%zu] missing", list, i);
	return x;
}

static const char *side(json_t *item, const char *which, const char *key)
{
	return json_string_value(json_object_get(json_object_get(item, which),
	                                         key));
}

static void test_versions_compare(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	struct ht_client *bo = ht_api_as(&srv, "bo");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	int64_t eva_id = ht_user_id(&srv, "eva");
	struct small_plan x;
	api_small_plan(eva, pnr_make("19870707", 135), &x);
	const char *plan = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)x.plan);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/establish", plan),
	                     small_version_body(x.meeting, eva_id, false), 201));
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/follow-up", plan),
	                     json_pack("{s:s}", "reason", "planned"), 200));
	/* Version 2 is a proposal, not yet approved: it compares all the
	 * same, and says what it is. */
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/revise", plan),
	                     small_version_body(x.meeting, eva_id, true), 201));
	/* bo's consent lacks health: the region's KBT is hidden from him. */
	assert_int_equal(ht_sql_exec(&srv, ht_fmt(&srv, "DELETE FROM consent_scope WHERE"
	                                       " consent_id = %lld AND category"
	                                       " = 'health'", (long long)x.consent),
	                             NULL), 1);
	int64_t audits = ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'plan.version_compare'"
	                                  " AND plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)x.plan));

	/* The API, for the lead unit: everything. */
	json_t *d = ht_api_get(eva, ht_fmt(&srv, "%s/versions/compare?from=1&to=2", plan), 200);
	assert_int_equal(ht_jint(json_object_get(d, "from"), "version_no"), 1);
	assert_int_equal(ht_jint(json_object_get(d, "to"), "version_no"), 2);
	assert_string_equal(ht_jstr(json_object_get(d, "to"), "change_reason"),
	                    "Ny inriktning mot arbete");
	assert_true(json_is_true(json_object_get(json_object_get(d, "from"),
	                                         "approved")));
	assert_true(json_is_false(json_object_get(json_object_get(d, "to"),
	                                          "approved")));
	json_t *sum = json_object_get(d, "summary");
	assert_int_equal(ht_jint(sum, "added"), 2);   /* a goal, Praktik */
	assert_int_equal(ht_jint(sum, "changed"), 2); /* a goal's kind, KBT */
	assert_int_equal(ht_jint(sum, "removed"), 2); /* a goal, Boendestöd */
	json_t *g = diff_item(d, "goals", 0);
	assert_string_equal(ht_jstr(g, "change"), "changed");
	assert_string_equal(side(g, "from", "kind"), "overall");
	assert_string_equal(side(g, "to", "kind"), "sub");
	g = diff_item(d, "goals", 1);
	assert_string_equal(ht_jstr(g, "change"), "added");
	assert_true(json_is_null(json_object_get(g, "from")));
	assert_string_equal(side(g, "to", "text"), "Få ett arbete");
	g = diff_item(d, "goals", 2);
	assert_string_equal(ht_jstr(g, "change"), "removed");
	assert_string_equal(side(g, "from", "text"), "Sova bättre");
	json_t *kbt = diff_item(d, "interventions", 0);
	assert_string_equal(ht_jstr(kbt, "change"), "changed");
	assert_string_equal(side(kbt, "from", "frequency"), "FREQ-ONCE-HEALTH");
	assert_string_equal(side(kbt, "to", "frequency"), "FREQ-TWICE-HEALTH");
	json_t *fields = json_object_get(kbt, "fields");
	assert_int_equal(json_array_size(fields), 2); /* goal, frequency */
	assert_string_equal(ht_jstr(diff_item(d, "interventions", 1), "change"),
	                    "same");
	assert_string_equal(ht_jstr(diff_item(d, "interventions", 2), "change"),
	                    "added");
	json_t *ended = diff_item(d, "interventions", 3);
	assert_string_equal(ht_jstr(ended, "change"), "removed");
	assert_string_equal(side(ended, "from", "what"), "Boendestöd");
	assert_int_equal(json_array_size(json_object_get(d, "withheld")), 0);
	json_decref(d);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'plan.version_compare'"
	                                  " AND plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)x.plan)), audits + 1);

	/* bo: KBT's content is not shown, nor is its change of frequency. */
	const struct ht_response *r =
		ht_get(bo, ht_fmt(&srv, "%s/versions/compare?from=1&to=2", plan));
	ht_assert_status(r, 200);
	ht_assert_not_contains(r->body, "KBT-VERSIONS");
	ht_assert_not_contains(r->body, "FREQ-");
	d = ht_json(r);
	kbt = diff_item(d, "interventions", 0);
	/* Its goal (visible) changed; its frequency (hidden) is no change. */
	assert_string_equal(ht_jstr(kbt, "change"), "changed");
	fields = json_object_get(kbt, "fields");
	assert_int_equal(json_array_size(fields), 1);
	assert_string_equal(json_string_value(json_array_get(fields, 0)), "goal");
	assert_string_equal(side(kbt, "to", "withheld"), "health");
	assert_null(json_object_get(json_object_get(kbt, "to"), "frequency"));
	assert_int_equal(ht_jint(json_object_get(d, "summary"), "changed"), 2);
	assert_string_equal(json_string_value(json_array_get(
		json_object_get(d, "withheld"), 0)), "health");
	json_decref(d);

	/* Bad numbers: 422 naming the field; nothing audited. */
	static const struct {
		const char *query, *field;
	} bad[] = {
		{"", "from"}, {"?from=1&to=1", "to"}, {"?from=1&to=3", "to"},
		{"?from=x&to=2", "from"}, {"?from=0&to=2", "from"},
		{"?from=1&to=99999999999", "to"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		json_t *p = ht_assert_problem(ht_get(eva, ht_fmt(&srv, "%s/versions/compare%s",
		                                           plan, bad[i].query)),
		                           422);
		assert_field_error(p, bad[i].field, NULL);
		json_decref(p);
	}
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE"
	                                  " action = 'plan.version_compare'"
	                                  " AND plan_id = ?",
	                            ht_fmt(&srv, "%lld", (long long)x.plan)), audits + 2);

	/* Another municipality: the same 404 as a plan that does not exist. */
	assert_same_404(ht_get(olle, ht_fmt(&srv, "%s/versions/compare?from=1&to=2", plan)),
	                ht_get(olle, ht_fmt(&srv, "/api/v1/plans/%d/versions/compare?"
	                                 "from=1&to=2", NO_SUCH_ID)));

	/* The page: side by side, in plain Swedish. */
	struct ht_client *web = ht_logged_in(&srv, "eva");
	const char *page = ht_fmt(&srv, "/plans/%lld/versions/compare?from=1&to=2",
	                       (long long)x.plan);
	r = ht_get(web, page);
	ht_assert_html(r, 200);
	ht_assert_contains(r->body, "version 1 jämförd med version 2");
	ht_assert_contains(r->body, "Nya: 2. Ändrade: 2. Avslutade: 2.");
	ht_assert_contains(r->body, "Få ett arbete");
	ht_assert_contains(r->body, ">Avslutat<");
	ht_assert_contains(r->body, ">Nytt<");
	ht_assert_contains(r->body, ">Ändrat<");
	ht_assert_contains(r->body, "FREQ-TWICE-HEALTH");
	ht_assert_contains(r->body, "Ny inriktning mot arbete");
	ht_assert_contains(r->body, "name=\"from\"");
	/* The plan page links to it with the same form. */
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld", (long long)x.plan));
	ht_assert_html(r, 200);
	ht_assert_contains(r->body, ht_fmt(&srv, "action=\"/plans/%lld/versions/compare\"",
	                             (long long)x.plan));
	/* A bad number on the page: 422 with the error at the field. */
	r = ht_get(web, ht_fmt(&srv, "/plans/%lld/versions/compare?from=2&to=2",
	                    (long long)x.plan));
	ht_assert_html(r, 422);
	ht_assert_contains(r->body, "Välj två olika versioner att jämföra.");
	ht_assert_contains(r->body, "href=\"#f-to\"");
	/* bo's page hides KBT; olle's is the 404 of a missing plan. */
	struct ht_client *bo_web = ht_logged_in(&srv, "bo");
	r = ht_get(bo_web, page);
	ht_assert_html(r, 200);
	ht_assert_not_contains(r->body, "KBT-VERSIONS");
	ht_assert_not_contains(r->body, "FREQ-");
	ht_assert_contains(r->body, "samtycket inte omfattar");
	struct ht_client *olle_web = ht_logged_in(&srv, "olle");
	const char *mine = ht_fmt(&srv, "/plans/%lld/versions/compare?from=1",
	                       (long long)x.plan);
	const char *missing = ht_fmt(&srv, "/plans/%d/versions/compare?from=1",
	                          NO_SUCH_ID);
	assert_same_404_page(ht_get(olle_web, mine), path_only(mine),
	                     ht_get(olle_web, missing), path_only(missing));
	ht_client_free(olle_web);
	ht_client_free(bo_web);
	ht_client_free(web);
	ht_client_free(olle);
	ht_client_free(bo);
	ht_client_free(eva);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_personnummer),
		cmocka_unit_test(test_api_anna_path),
		cmocka_unit_test(test_api_refusals),
		cmocka_unit_test(test_api_consent_withdrawal),
		cmocka_unit_test(test_page_consent_withdrawal),
		cmocka_unit_test(test_meeting_cancel),
		cmocka_unit_test(test_related_update),
		cmocka_unit_test(test_plan_history_paged),
		cmocka_unit_test(test_access_other_municipality),
		cmocka_unit_test(test_access_system_admin),
		cmocka_unit_test(test_access_lists),
		cmocka_unit_test(test_audit_plan_read),
		cmocka_unit_test(test_pages_anna_demo_plan),
		cmocka_unit_test(test_pages_new_person_path),
		cmocka_unit_test(test_pages_form_errors),
		cmocka_unit_test(test_page_decline),
		cmocka_unit_test(test_versions_compare),
	};
	return cmocka_run_group_tests_name("sip", tests, group_setup,
	                                   group_teardown);
}
