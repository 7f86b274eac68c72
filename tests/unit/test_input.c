/*
 * test_input.c — validate at the door: the body parsers (urlencoded,
 * JSON) and the field tables — text caps counted in characters, control
 * characters, UTF-8 validity, numbers, ids, booleans, dates, times,
 * lists, JSON types, duplicate JSON keys. (Multipart goes through
 * libmicrohttpd's post processor and is tested over HTTP.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "http/input.h"

struct fixture {
	struct request r;
	struct problem p;
	struct form f;
};

static int setup(void **state)
{
	struct fixture *x = calloc(1, sizeof *x);
	if (!x)
		return -1;
	arena_init(&x->r.arena, 64 << 20);
	buf_init(&x->r.body, LIMIT_FORM_BODY);
	x->r.lang = "sv";
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *x = *state;
	input_release(&x->r);
	buf_free(&x->r.body);
	arena_free(&x->r.arena);
	free(x);
	return 0;
}

/* Parse `body` (len bytes) as content type ct. */
static bool parse_n(void **state, const char *ct, const char *body, size_t len)
{
	struct fixture *x = *state;
	input_release(&x->r);
	x->r.input = NULL;
	memset(&x->p, 0, sizeof x->p);
	buf_reset(&x->r.body);
	assert_true(buf_append(&x->r.body, body, len));
	return input_parse_body(&x->r, ct, &x->p);
}

static bool parse(void **state, const char *ct, const char *body)
{
	return parse_n(state, ct, body, strlen(body));
}

#define FORM "application/x-www-form-urlencoded"
#define JSON "application/json"

static bool read_fields(void **state, const struct field *fields, size_t n)
{
	struct fixture *x = *state;
	return form_read(&x->r, &x->p, fields, n, &x->f);
}

static struct fixture *fx(void **state) { return *state; }

/* The field error for name, or NULL. */
static const char *field_error(void **state, const char *name)
{
	return problem_field_message(&fx(state)->p, name);
}

/* ---- body parsing ---- */

static void test_urlencoded(void **state)
{
	assert_true(parse(state, FORM, "a=1&b=hello+world&c=%C3%A5%20%26&d=&e"));
	struct request *r = &fx(state)->r;
	assert_false(input_is_json(r));
	assert_string_equal(input_raw(r, "a"), "1");
	assert_string_equal(input_raw(r, "b"), "hello world");
	assert_string_equal(input_raw(r, "c"), "å &");
	assert_string_equal(input_raw(r, "d"), "");
	assert_string_equal(input_raw(r, "e"), "");
	assert_null(input_raw(r, "zzz"));
	/* Empty pieces between & are skipped; names are decoded too. */
	assert_true(parse(state, FORM, "&&x%5By%5D=1&&"));
	assert_string_equal(input_raw(&fx(state)->r, "x[y]"), "1");
}

static void test_urlencoded_bad_percent(void **state)
{
	static const char *const bad[] = {
		"a=%zz", "a=%4", "a=%", "a=%G1", "%zz=1", "a=1&b=%%",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_false(parse(state, FORM, bad[i]));
		assert_int_equal(fx(state)->p.kind, PROBLEM_BAD_REQUEST);
		assert_non_null(fx(state)->p.detail);
	}
	assert_true(parse(state, FORM, "a=%41%62"));
	assert_string_equal(input_raw(&fx(state)->r, "a"), "Ab");
}

static void test_urlencoded_field_count_cap(void **state)
{
	struct buf b;
	buf_init(&b, LIMIT_FORM_BODY);
	for (int i = 0; i < LIMIT_FORM_FIELDS; i++)
		buf_printf(&b, "f%d=1&", i);
	assert_true(parse(state, FORM, b.data));
	buf_puts(&b, "one=more");
	assert_false(parse(state, FORM, b.data));
	assert_int_equal(fx(state)->p.kind, PROBLEM_BAD_REQUEST);
	buf_free(&b);
}

static void test_empty_body_is_empty_input(void **state)
{
	assert_true(parse(state, NULL, ""));
	assert_null(input_raw(&fx(state)->r, "a"));
	assert_false(problem_any(&fx(state)->p));
}

static void test_json_object(void **state)
{
	assert_true(parse(state, JSON "; charset=utf-8",
	                  "{\"name\":\"Åsa\",\"n\":5,\"csrf_token\":\"t\"}"));
	struct request *r = &fx(state)->r;
	assert_true(input_is_json(r));
	assert_string_equal(input_raw(r, "name"), "Åsa");
	assert_string_equal(input_raw(r, "csrf_token"), "t");
	assert_null(input_raw(r, "n")); /* raw values are strings only */
}

static void test_json_refusals(void **state)
{
	static const char *const bad[] = {
		"{\"a\":1,}",            /* syntax */
		"{\"a\":1",              /* truncated */
		"[1,2,3]",               /* not an object */
		"\"text\"",
		"42",
		"null",
		"{\"a\":1,\"a\":2}",     /* duplicate key */
		"{\"a\":\"x\\u0000y\"}", /* NUL inside a string */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_false(parse(state, JSON, bad[i]));
		assert_int_equal(fx(state)->p.kind, PROBLEM_BAD_REQUEST);
		assert_non_null(fx(state)->p.detail);
		assert_false(input_is_json(&fx(state)->r));
	}
	/* The syntax error says where. */
	assert_false(parse(state, JSON, "{\n\"a\": tru }"));
	assert_non_null(strstr(fx(state)->p.detail, "rad 2"));
}

static void test_content_types(void **state)
{
	assert_false(parse(state, "text/plain", "a=1"));
	assert_int_equal(fx(state)->p.kind, PROBLEM_BAD_REQUEST);
	assert_false(parse(state, NULL, "a=1"));
	assert_int_equal(fx(state)->p.kind, PROBLEM_BAD_REQUEST);
	assert_false(parse(state, "application/jsonx", "{}"));
	assert_false(parse(state, "application/x-www-form-urlencodedx", "a=1"));
	assert_true(parse(state, "Application/JSON", "{}"));
	assert_true(parse(state, FORM ";charset=UTF-8", "a=1"));
	assert_string_equal(input_raw(&fx(state)->r, "a"), "1");
}

static void test_too_large(void **state)
{
	struct fixture *x = fx(state);
	x->r.body_too_large = true;
	assert_false(parse(state, FORM, "a=1"));
	assert_int_equal(x->p.kind, PROBLEM_TOO_LARGE);
	x->r.body_too_large = false;
}

/* ---- text fields ---- */

static const struct field text_fields[] = {
	{"name", FIELD_TEXT, 5},
	{"note", FIELD_MULTILINE, 0},
	{"pw", FIELD_SECRET, 0},
	{"dflt", FIELD_TEXT, 0},
};

static void test_text_cap_counts_characters(void **state)
{
	/* Five characters, ten bytes: fits a cap of 5. */
	assert_true(parse(state, FORM, "name=%C3%A5%C3%A4%C3%B6%C3%A5%C3%A4"));
	assert_true(read_fields(state, FIELDS(text_fields)));
	assert_string_equal(form_text(&fx(state)->f, "name"), "åäöåä");
	/* Six characters do not. */
	assert_true(parse(state, FORM, "name=%C3%A5%C3%A4%C3%B6%C3%A5%C3%A4x"));
	assert_false(read_fields(state, FIELDS(text_fields)));
	assert_non_null(field_error(state, "name"));
	assert_non_null(strstr(field_error(state, "name"), "5 tecken"));
	assert_null(form_text(&fx(state)->f, "name"));
	assert_int_equal(fx(state)->p.kind, PROBLEM_INVALID);
	/* The default cap of a one-line field. */
	struct buf b;
	buf_init(&b, 4096);
	buf_puts(&b, "dflt=");
	for (int i = 0; i < LIMIT_SHORT; i++)
		buf_putc(&b, 'x');
	assert_true(parse(state, FORM, b.data));
	assert_true(read_fields(state, FIELDS(text_fields)));
	buf_putc(&b, 'x');
	assert_true(parse(state, FORM, b.data));
	assert_false(read_fields(state, FIELDS(text_fields)));
	assert_non_null(field_error(state, "dflt"));
	buf_free(&b);
}

static void test_text_trim_and_empty(void **state)
{
	assert_true(parse(state, FORM, "name=++ab+++&pw=+secret+&note=%0D%0Aline1%0D%0Aline2+"));
	assert_true(read_fields(state, FIELDS(text_fields)));
	struct form *f = &fx(state)->f;
	assert_string_equal(form_text(f, "name"), "ab");
	assert_string_equal(form_text(f, "pw"), " secret "); /* never trimmed */
	assert_string_equal(form_text(f, "note"), "line1\nline2");
	/* Sent but empty: present, no text. */
	assert_true(parse(state, FORM, "name=+++"));
	assert_true(read_fields(state, FIELDS(text_fields)));
	assert_true(form_present(&fx(state)->f, "name"));
	assert_null(form_text(&fx(state)->f, "name"));
	assert_false(form_present(&fx(state)->f, "note"));
}

static void test_text_controls(void **state)
{
	static const char *const bad_line[] = {
		"name=a%01b", "name=a%0Ab", "name=a%09b", "name=a%7Fb",
		"pw=a%0Db", "pw=x%1By",
	};
	for (size_t i = 0; i < sizeof bad_line / sizeof *bad_line; i++) {
		assert_true(parse(state, FORM, bad_line[i]));
		assert_false(read_fields(state, FIELDS(text_fields)));
		assert_int_equal(fx(state)->p.nfields, 1);
	}
	/* Free text may hold line breaks and tabs, not other controls. */
	assert_true(parse(state, FORM, "note=a%0Ab%09c"));
	assert_true(read_fields(state, FIELDS(text_fields)));
	assert_string_equal(form_text(&fx(state)->f, "note"), "a\nb\tc");
	assert_true(parse(state, FORM, "note=a%07b"));
	assert_false(read_fields(state, FIELDS(text_fields)));
	assert_non_null(field_error(state, "note"));
}

static void test_text_utf8(void **state)
{
	static const char *const bad[] = {
		"name=%FF",             /* never valid */
		"name=%C3",             /* truncated */
		"name=%C0%AF",          /* overlong '/' */
		"name=%E0%80%AF",       /* overlong, 3 bytes */
		"name=%ED%A0%80",       /* surrogate */
		"name=%F4%90%80%80",    /* above U+10FFFF */
		"name=a%00b",           /* NUL */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_true(parse(state, FORM, bad[i]));
		assert_false(read_fields(state, FIELDS(text_fields)));
		assert_non_null(field_error(state, "name"));
		assert_null(form_text(&fx(state)->f, "name"));
	}
	assert_true(parse(state, FORM, "name=%F0%9F%98%80")); /* emoji: 1 char */
	assert_true(read_fields(state, FIELDS(text_fields)));
	assert_string_equal(form_text(&fx(state)->f, "name"), "\xF0\x9F\x98\x80");
}

static void test_undeclared_and_repeated(void **state)
{
	assert_true(parse(state, FORM, "name=first&name=second&evil=%FF"));
	assert_true(read_fields(state, FIELDS(text_fields)));
	assert_string_equal(form_text(&fx(state)->f, "name"), "first");
}

/* ---- typed fields ---- */

static const struct field typed[] = {
	{"n", FIELD_INT, 0},
	{"id", FIELD_ID, 0},
	{"b", FIELD_BOOL, 0},
	{"d", FIELD_DATE, 0},
	{"t", FIELD_TIME, 0},
};

struct typed_case {
	const char *body;
	const char *field; /* NULL: no error */
};

static void run_typed(void **state, const struct typed_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_true(parse(state, FORM, c[i].body));
		bool ok = read_fields(state, FIELDS(typed));
		if (c[i].field) {
			if (ok || !field_error(state, c[i].field))
				fail_msg("%s: expected an error for %s", c[i].body,
				         c[i].field);
		} else if (!ok) {
			fail_msg("%s: unexpected error", c[i].body);
		}
	}
}

static void test_int_and_id(void **state)
{
	static const struct typed_case cases[] = {
		{"n=42", NULL}, {"n=-7", NULL}, {"n=+3", NULL}, {"n=+0", NULL},
		{"n=+9223372036854775807", NULL}, {"n=-9223372036854775808", NULL},
		{"n=4x", "n"}, {"n=1.5", "n"}, {"n=abc", "n"},
		{"n=9223372036854775808", "n"},      /* out of range */
		{"n=-99999999999999999999", "n"},
		{"id=1", NULL}, {"id=9223372036854775807", NULL},
		{"id=0", "id"}, {"id=-1", "id"}, {"id=01", "id"}, {"id=x", "id"},
		{"id=1.0", "id"},
		{"n=&id=", NULL},                    /* empty: absent */
	};
	run_typed(state, cases, sizeof cases / sizeof *cases);
	assert_true(parse(state, FORM, "n=+-12+&id=+77"));
	assert_true(read_fields(state, FIELDS(typed)));
	assert_int_equal(form_num(&fx(state)->f, "n"), -12);
	assert_int_equal(form_num(&fx(state)->f, "id"), 77);
}

static void test_bool(void **state)
{
	static const struct {
		const char *body;
		bool want;
	} cases[] = {
		{"b=1", true}, {"b=on", true}, {"b=true", true}, {"b=YES", true},
		{"b=ja", true}, {"b=0", false}, {"b=off", false}, {"b=", false},
		{"b=nej", false}, {"", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_true(parse(state, FORM, cases[i].body));
		assert_true(read_fields(state, FIELDS(typed)));
		assert_int_equal(form_bool(&fx(state)->f, "b"), cases[i].want);
	}
	static const struct typed_case bad[] = {{"b=maybe", "b"}, {"b=2", "b"}};
	run_typed(state, bad, 2);
}

static void test_date_and_time(void **state)
{
	static const struct typed_case cases[] = {
		{"d=2024-02-29", NULL}, {"d=2000-02-29", NULL},
		{"d=2023-02-29", "d"}, {"d=1900-02-29", "d"}, {"d=2024-13-01", "d"},
		{"d=2024-2-1", "d"}, {"d=24-02-01", "d"}, {"d=2024-02-01T00", "d"},
		{"d=2024%2F02%2F01", "d"},
		{"t=00:00", NULL}, {"t=23:59", NULL},
		{"t=24:00", "t"}, {"t=12:60", "t"}, {"t=9:30", "t"}, {"t=0930", "t"},
	};
	run_typed(state, cases, sizeof cases / sizeof *cases);
	assert_true(parse(state, FORM, "d=+2024-06-01+&t=09:30"));
	assert_true(read_fields(state, FIELDS(typed)));
	assert_string_equal(form_text(&fx(state)->f, "d"), "2024-06-01");
	assert_int_equal(form_num(&fx(state)->f, "t"), 9 * 60 + 30);
}

static void test_every_error_reported(void **state)
{
	assert_true(parse(state, FORM, "n=x&id=0&b=2&d=x&t=x"));
	assert_false(read_fields(state, FIELDS(typed)));
	assert_int_equal(fx(state)->p.nfields, 5);
	assert_int_equal(fx(state)->p.kind, PROBLEM_INVALID);
}

/* ---- lists ---- */

static const struct field lists[] = {
	{"tags", FIELD_TEXT_LIST, 3},
	{"ids", FIELD_ID_LIST, 0},
};

static void test_lists_from_form(void **state)
{
	assert_true(parse(state, FORM, "tags=a&tags=+b+&tags=&ids=3&ids=1"));
	assert_true(read_fields(state, FIELDS(lists)));
	const struct form_value *t = form_value(&fx(state)->f, "tags");
	assert_int_equal(t->nlist, 2); /* the empty choice is dropped */
	assert_string_equal(t->list[0], "a");
	assert_string_equal(t->list[1], "b");
	const struct form_value *ids = form_value(&fx(state)->f, "ids");
	assert_int_equal(ids->nlist, 2);
	assert_int_equal(ids->ids[0], 3);
	assert_int_equal(ids->ids[1], 1);

	assert_true(parse(state, FORM, "tags=a&tags=b&tags=c&tags=d"));
	assert_false(read_fields(state, FIELDS(lists)));
	assert_non_null(field_error(state, "tags"));
	assert_true(parse(state, FORM, "ids=1&ids=x"));
	assert_false(read_fields(state, FIELDS(lists)));
	assert_non_null(field_error(state, "ids"));
	assert_true(parse(state, FORM, "tags=a%0Ab"));
	assert_false(read_fields(state, FIELDS(lists)));
	/* The default cap of a list: 100 items. */
	struct buf b;
	buf_init(&b, 8192);
	for (int i = 1; i <= 101; i++)
		buf_printf(&b, "ids=%d&", i);
	assert_true(parse(state, FORM, b.data));
	assert_false(read_fields(state, FIELDS(lists)));
	buf_free(&b);
}

/* ---- JSON types ---- */

static const struct field json_fields[] = {
	{"name", FIELD_TEXT, 20},
	{"n", FIELD_INT, 0},
	{"id", FIELD_ID, 0},
	{"b", FIELD_BOOL, 0},
	{"tags", FIELD_TEXT_LIST, 0},
	{"ids", FIELD_ID_LIST, 0},
};

static void test_json_fields(void **state)
{
	assert_true(parse(state, JSON,
		"{\"name\":\" Åsa \",\"n\":-5,\"id\":\"12\",\"b\":true,"
		"\"tags\":[\"x\",\"y\"],\"ids\":[4,\"5\"],\"other\":{\"a\":1}}"));
	assert_true(read_fields(state, FIELDS(json_fields)));
	struct form *f = &fx(state)->f;
	assert_string_equal(form_text(f, "name"), "Åsa");
	assert_int_equal(form_num(f, "n"), -5);
	assert_int_equal(form_num(f, "id"), 12);
	assert_true(form_bool(f, "b"));
	assert_int_equal(form_value(f, "tags")->nlist, 2);
	assert_int_equal(form_value(f, "ids")->ids[1], 5);

	/* null is absent. */
	assert_true(parse(state, JSON, "{\"name\":null,\"b\":false}"));
	assert_true(read_fields(state, FIELDS(json_fields)));
	assert_false(form_present(&fx(state)->f, "name"));
	assert_false(form_bool(&fx(state)->f, "b"));
}

static void test_json_wrong_types(void **state)
{
	static const struct {
		const char *body;
		const char *field;
	} cases[] = {
		{"{\"name\":[\"a\"]}", "name"},
		{"{\"name\":{\"a\":1}}", "name"},
		{"{\"n\":1.5}", "n"},
		{"{\"n\":\"x\"}", "n"},
		{"{\"id\":0}", "id"},
		{"{\"id\":true}", "id"},
		{"{\"b\":\"perhaps\"}", "b"},
		{"{\"tags\":[[\"nested\"]]}", "tags"},
		{"{\"tags\":[{\"a\":1}]}", "tags"},
		{"{\"ids\":[1,\"x\"]}", "ids"},
		{"{\"name\":\"line\\nbreak\"}", "name"},
		{"{\"name\":\"this text is longer than twenty\"}", "name"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_true(parse(state, JSON, cases[i].body));
		if (read_fields(state, FIELDS(json_fields)) ||
		    !field_error(state, cases[i].field))
			fail_msg("%s: expected an error for %s", cases[i].body,
			         cases[i].field);
	}
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_urlencoded),
		T(test_urlencoded_bad_percent),
		T(test_urlencoded_field_count_cap),
		T(test_empty_body_is_empty_input),
		T(test_json_object),
		T(test_json_refusals),
		T(test_content_types),
		T(test_too_large),
		T(test_text_cap_counts_characters),
		T(test_text_trim_and_empty),
		T(test_text_controls),
		T(test_text_utf8),
		T(test_undeclared_and_repeated),
		T(test_int_and_id),
		T(test_bool),
		T(test_date_and_time),
		T(test_every_error_reported),
		T(test_lists_from_form),
		T(test_json_fields),
		T(test_json_wrong_types),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
