/*
 * fuzz_json_scan.c — the token reader of the hot read paths
 * (base/json_scan.c) on any bytes, in a buffer of exactly the input's
 * size, against jansson as the reference.
 *
 * Promises checked: what json_scan accepts jansson accepts too (it is
 * the stricter of the two: no U+0000, 32 levels), and both read the same
 * values — types, array lengths, strings byte for byte, integers that
 * fit in 64 bits, and each member of an object without repeated keys;
 * every token's subtree ends inside the token list and after itself.
 */
#include "fuzz.h"

#include <jansson.h>

#include "base/json_scan.h"

static void same(const struct json_scan *j, size_t t, json_t *v)
{
	const struct json_token *k = &j->tokens[t];
	FUZZ_CHECK(k->end > t && k->end <= j->ntokens);
	switch (k->type) {
	case JSCAN_NULL: FUZZ_CHECK(json_is_null(v)); break;
	case JSCAN_TRUE: FUZZ_CHECK(json_is_true(v)); break;
	case JSCAN_FALSE: FUZZ_CHECK(json_is_false(v)); break;
	case JSCAN_NUMBER:
		FUZZ_CHECK(json_is_number(v));
		if (json_is_integer(v))
			FUZZ_CHECK(json_integer_value(v) == k->number);
		break;
	case JSCAN_STRING:
		FUZZ_CHECK(json_is_string(v));
		FUZZ_CHECK(json_string_length(v) == k->len);
		FUZZ_CHECK(memcmp(json_string_value(v), json_scan_string(j, t),
		                  k->len) == 0);
		break;
	case JSCAN_ARRAY:
		FUZZ_CHECK(json_is_array(v) && json_array_size(v) == k->count);
		for (size_t i = 0; i < k->count; i++)
			same(j, json_scan_element(j, t, i), json_array_get(v, i));
		break;
	case JSCAN_OBJECT: {
		FUZZ_CHECK(json_is_object(v));
		/* jansson keeps the last of repeated keys, json_scan finds the
		 * first: compare only objects without repeats. */
		if (json_object_size(v) != k->count)
			break;
		size_t at = t + 1;
		for (size_t i = 0; i < k->count; i++) {
			const char *key = json_scan_string(j, at);
			FUZZ_CHECK(key != NULL);
			json_t *mine = json_object_get(v, key);
			FUZZ_CHECK(mine != NULL);
			same(j, at + 1, mine);
			at = j->tokens[at + 1].end;
		}
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	struct json_scan j;
	if (json_scan(&j, text, size)) {
		FUZZ_CHECK(j.ntokens > 0 && j.tokens[0].end == j.ntokens);
		json_error_t e;
		json_t *ref = json_loadb(text, size,
		                         JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL,
		                         &e);
		FUZZ_CHECK(ref != NULL);
		json_decref(ref);
		/* Integers compared exactly where jansson reads them so. */
		ref = json_loadb(text, size, JSON_DECODE_ANY, &e);
		if (ref)
			same(&j, 0, ref);
		json_decref(ref);
		json_scan_free(&j);
	}
	free(text);
	return 0;
}
