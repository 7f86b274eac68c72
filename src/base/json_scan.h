/*
 * json_scan.h — JSON read into one flat array of tokens, for the hot
 * read paths: a plan read's DB_ROWS columns (store/db.h) and its stored
 * version document (sip/plan_doc.c).
 *
 * Why not jansson, which samplan uses for every other JSON: it builds a
 * tree of separately allocated values and measured 32 MB/s here, so
 * decoding a plan read cost more than running its query. This reads
 * RFC 8259 JSON in one pass into a few growing arrays (in the model of
 * jsmn): a token per value, strings unescaped (\uXXXX and surrogate
 * pairs to UTF-8) into one buffer, and each token knows where its
 * subtree ends, so siblings are skipped without looking inside. It only
 * reads; writing stays with jansson. Nesting is limited
 * (JSCAN_DEPTH), a string may not hold U+0000, and integers are
 * exact (a number with a fraction or exponent reads truncated; one
 * beyond a double is refused).
 * tests/unit/test_json_scan.c and tests/fuzz/fuzz_json_scan.c (against
 * jansson) check it.
 */
#ifndef SAMPLAN_JSON_SCAN_H
#define SAMPLAN_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { JSCAN_DEPTH = 32 };
#define JSCAN_NONE ((size_t)-1)

enum jscan_type { JSCAN_NULL, JSCAN_FALSE, JSCAN_TRUE, JSCAN_NUMBER, JSCAN_STRING,
                 JSCAN_ARRAY, JSCAN_OBJECT };

struct json_token {
	enum jscan_type type;
	size_t end;      /* the index of the first token after this subtree */
	size_t count;    /* array: elements; object: members */
	int64_t number;  /* JSCAN_NUMBER */
	size_t at, len;  /* string: in strings; array, object: its text */
};

struct json_scan {
	struct json_token *tokens; /* tokens[0] is the document */
	size_t ntokens, cap;
	char *strings;             /* unescaped strings, each NUL-ended */
	size_t strings_len, strings_cap;
	const char *text;          /* the text scanned (not owned) */
};

/* Scan text[0..len): false (and j empty) when it is not one JSON value
 * with nothing but white space around it, nests deeper than
 * JSCAN_DEPTH, or memory ran out. text must outlive j's use of
 * json_text. */
bool json_scan(struct json_scan *j, const char *text, size_t len);
void json_scan_free(struct json_scan *j);

/* Element k of array token t, or JSCAN_NONE. */
size_t json_scan_element(const struct json_scan *j, size_t t, size_t k);
/* The value of member `key` of object token t, or JSCAN_NONE. */
size_t json_scan_member(const struct json_scan *j, size_t t, const char *key);
/* A string token's text (NUL-ended, valid until json_scan_free), or
 * NULL for another type or JSCAN_NONE. */
const char *json_scan_string(const struct json_scan *j, size_t t);
/* The type of token t; JSCAN_NULL for JSCAN_NONE. */
enum jscan_type json_scan_type(const struct json_scan *j, size_t t);

#endif
