/*
 * fuzz_urlencoded.c — HTML form bodies (application/x-www-form-urlencoded,
 * src/http/input.c: splitting on & and =, %XX and + decoding, the field
 * count cap) and then the declared field tables (forms_check.h).
 *
 * The body is the input as it stands; the first byte picks the language
 * of the messages, so both catalogues are exercised.
 */
#include "forms_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request r;
	const char *lang = size && (data[0] & 1) ? "en" : "sv";
	fuzz_request_init(&r, data, size, lang);
	struct problem p;
	memset(&p, 0, sizeof p);
	bool ok = input_parse_body(&r, "application/x-www-form-urlencoded", &p);
	if (ok) {
		FUZZ_CHECK(!problem_any(&p));
		FUZZ_CHECK(!input_is_json(&r));
		read_all_tables(&r);
	} else {
		FUZZ_CHECK(problem_any(&p) && p.detail && *p.detail);
	}
	fuzz_request_free(&r);
	return 0;
}
