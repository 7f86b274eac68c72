/*
 * test_html.c — the escaping HTML writer: every one of & < > " ' is
 * escaped in text and attributes, html_textf escapes what it formats,
 * html_url_arg percent-encodes all but the unreserved characters, and a
 * page that outgrows its cap is marked failed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "http/html.h"

struct fixture {
	struct request r;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	arena_init(&f->r.arena, 1 << 20);
	buf_init(&f->r.out, 1 << 16);
	f->r.lang = "sv";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	buf_free(&f->r.out);
	arena_free(&f->r.arena);
	free(f);
	return 0;
}

static const char *out(void **state)
{
	struct fixture *f = *state;
	return f->r.out.data;
}

static struct request *req(void **state)
{
	return &((struct fixture *)*state)->r;
}

static void test_text_escapes_all_five(void **state)
{
	html_text(req(state), "<script>alert('x') & \"y\"</script>");
	assert_string_equal(out(state),
		"&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
}

static void test_text_table(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"", ""},
		{"plain text", "plain text"},
		{"&", "&amp;"},
		{"&amp;", "&amp;amp;"},
		{"<<>>", "&lt;&lt;&gt;&gt;"},
		{"'\"", "&#39;&quot;"},
		{"a<b", "a&lt;b"},
		{"trailing&", "trailing&amp;"},
		{"Åsa & Örjan", "Åsa &amp; Örjan"},
	};
	struct request *r = req(state);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&r->out);
		html_text(r, cases[i].in);
		assert_string_equal(r->out.data, cases[i].want);
		buf_reset(&r->out);
		html_attr(r, cases[i].in);
		assert_string_equal(r->out.data, cases[i].want);
	}
}

static void test_null_writes_nothing(void **state)
{
	struct request *r = req(state);
	html_text(r, NULL);
	html_attr(r, NULL);
	html_url_arg(r, NULL);
	assert_string_equal(out(state), "");
	struct buf b;
	buf_init(&b, 10);
	html_escape_into(&b, NULL);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_raw_is_verbatim(void **state)
{
	html_raw(req(state), "<p class=\"x\">");
	assert_string_equal(out(state), "<p class=\"x\">");
}

static void test_textf_escapes_the_result(void **state)
{
	struct request *r = req(state);
	html_textf(r, "%s has %d <items>", "<b>Bo & Co</b>", 3);
	assert_string_equal(out(state),
		"&lt;b&gt;Bo &amp; Co&lt;/b&gt; has 3 &lt;items&gt;");
}

static void test_int(void **state)
{
	struct request *r = req(state);
	html_int(r, 0);
	html_raw(r, " ");
	html_int(r, -42);
	html_raw(r, " ");
	html_int(r, INT64_MAX);
	html_raw(r, " ");
	html_int(r, INT64_MIN);
	assert_string_equal(out(state),
		"0 -42 9223372036854775807 -9223372036854775808");
}

static void test_url_arg(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"abcXYZ019-._~", "abcXYZ019-._~"},
		{"a b", "a%20b"},
		{"/admin?x=1&y=2#z", "%2Fadmin%3Fx%3D1%26y%3D2%23z"},
		{"å", "%C3%A5"},
		{"\"<'>", "%22%3C%27%3E"},
		{"100%", "100%25"},
		{"+", "%2B"},
		{"", ""},
	};
	struct request *r = req(state);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&r->out);
		html_url_arg(r, cases[i].in);
		assert_string_equal(r->out.data, cases[i].want);
	}
}

static void test_escape_into_other_buffer(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 100);
	buf_puts(&b, "x=");
	html_escape_into(&b, "1<2");
	assert_string_equal(b.data, "x=1&lt;2");
	buf_free(&b);
}

static void test_cap_marks_failed(void **state)
{
	struct request *r = req(state);
	buf_free(&r->out);
	buf_init(&r->out, 10);
	html_text(r, "<<<"); /* 12 bytes escaped */
	assert_true(buf_failed(&r->out));
	assert_true(r->out.len <= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text_escapes_all_five, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_is_verbatim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_textf_escapes_the_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_url_arg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escape_into_other_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cap_marks_failed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
