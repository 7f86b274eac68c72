/*
 * test_json.c — the streaming JSON writer: commas and nesting, null for
 * absent values, and escaping of every character that must be escaped
 * (checked by parsing the output back with jansson).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "base/limits.h"
#include "http/json.h"

static char *write_doc(void (*fn)(struct json_writer *w))
{
	static struct buf b;
	buf_free(&b);
	buf_init(&b, LIMIT_RESPONSE);
	struct json_writer w;
	jw_init(&w, &b);
	fn(&w);
	assert_false(buf_failed(&b));
	return b.data;
}

static void nested(struct json_writer *w)
{
	jw_object(w);
	jw_kint(w, "id", 7);
	jw_kstr(w, "none", NULL);
	jw_kid(w, "zero", 0);
	jw_kid(w, "one", 1);
	jw_kbool(w, "yes", true);
	jw_key(w, "list");
	jw_array(w);
	jw_int(w, -1);
	jw_object(w);
	jw_end(w);
	jw_array(w);
	jw_end(w);
	jw_str(w, "x");
	jw_end(w);
	const char *strs[] = {"a", "b"};
	jw_kstrs(w, "strs", strs, 2);
	jw_end(w);
}

static void test_structure(void **state)
{
	(void)state;
	assert_string_equal(write_doc(nested),
	                    "{\"id\":7,\"none\":null,\"zero\":null,\"one\":1,"
	                    "\"yes\":true,\"list\":[-1,{},[],\"x\"],"
	                    "\"strs\":[\"a\",\"b\"]}\n");
}

static const char *nasty = "quote\" back\\ nl\n cr\r tab\t bell\a del\x7f "
                           "</script> åäö €";

static void escaped(struct json_writer *w)
{
	jw_object(w);
	jw_kstr(w, nasty, nasty);
	jw_end(w);
}

static void test_escaping_round_trips(void **state)
{
	(void)state;
	const char *doc = write_doc(escaped);
	assert_null(strchr(doc, '\a'));
	assert_null(strstr(doc, "</script"));
	assert_non_null(strstr(doc, "<\\/script"));
	json_error_t err;
	json_t *j = json_loads(doc, 0, &err);
	if (!j)
		fail_msg("not JSON: %s: %s", err.text, doc);
	json_t *v = json_object_get(j, nasty);
	assert_non_null(v);
	assert_string_equal(json_string_value(v), nasty);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_escaping_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
