/*
 * fuzz_json.c — JSON bodies: jansson parses (src/http/input.c, with
 * duplicate keys refused); samplan's handling of the result is fuzzed —
 * the object check, the field tables reading JSON members (scalars
 * turned into text, arrays as lists, wrong types), and the nested
 * readers of src/api/api_input.c walking arrays of objects the way the
 * plan API reads goals, interventions, participants and invitations.
 * Deep nesting, duplicate keys, invalid UTF-8 (raw or as \u escapes)
 * and NUL bytes inside strings are among the seeds.
 */
#include "forms_check.h"

#include "api/api_input.h"

/* Arrays of objects, as api_plans.c reads them. */
static void read_nested(struct request *r, json_t *body)
{
	static const char *const lists[] = {"goals", "interventions",
	                                    "participants", "invitations"};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		json_t *a = api_array(r, body, lists[l], lists[l], 50);
		if (!a)
			continue;
		FUZZ_CHECK(json_is_array(a) && json_array_size(a) <= 50);
		size_t i;
		json_t *e;
		json_array_foreach(a, i, e) {
			if (!json_is_object(e))
				continue;
			const char *t = api_text(r, e, "text",
			                         api_field(r, lists[l], i, "text"),
			                         LIMIT_TEXT, true);
			if (t) {
				FUZZ_CHECK(text_utf8_valid(t, strlen(t)));
				FUZZ_CHECK(!text_has_controls(t, true));
				FUZZ_CHECK(text_chars(t) <= LIMIT_TEXT);
			}
			const char *n = api_text(r, e, "name",
			                         api_field(r, lists[l], i, "name"),
			                         LIMIT_NAME, false);
			if (n)
				FUZZ_CHECK(!text_has_controls(n, false));
			int64_t id = api_id(r, e, "unit_id",
			                    api_field(r, lists[l], i, "unit_id"));
			FUZZ_CHECK(id >= 0);
			(void)api_int(r, e, "order", api_field(r, lists[l], i, "order"), 7);
			(void)api_bool(r, e, "done", api_field(r, lists[l], i, "done"));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	fuzz_request_init(&r, data, size, "sv");
	struct problem p;
	memset(&p, 0, sizeof p);
	bool ok = input_parse_body(&r, "application/json; charset=utf-8", &p);
	if (ok) {
		FUZZ_CHECK(!problem_any(&p));
		json_t *body = input_json(&r);
		/* An empty body is no input; anything else is an object. */
		FUZZ_CHECK(size == 0 ? !body : body && json_is_object(body));
		read_all_tables(&r);
		if (body) {
			FUZZ_CHECK(api_body(&r) == body);
			read_nested(&r, body);
		}
	} else {
		FUZZ_CHECK(problem_any(&p) && p.detail && *p.detail);
		FUZZ_CHECK(!input_json(&r));
	}
	fuzz_request_free(&r);
	return 0;
}
