/*
 * fuzz_scalars.c — the small parsers under the field tables and the
 * dispatcher, on any text: dates (date_parse), times (time_parse_hhmm),
 * ids (parse_id), Accept-Language (i18n_negotiate), UTF-8 validity and
 * the text cleaning of src/base/text.c.
 *
 * Promises checked: a parsed date is real and formats back to the same
 * text; a parsed time is within the day and prints back the same; an id
 * is positive and prints back the same; the negotiated language is one
 * samplan has; text that passes text_utf8_valid has no NUL and its
 * character count is at most its byte count; text_clean removes leading
 * and trailing blanks and every CR.
 */
#include "fuzz.h"

#include "base/date.h"
#include "base/i18n.h"
#include "base/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);

	struct date d;
	if (date_parse(s, &d)) {
		FUZZ_CHECK(date_valid(d));
		char back[11];
		date_format(d, back);
		FUZZ_CHECK(strcmp(back, s) == 0);
		FUZZ_CHECK(date_cmp(date_from_days(date_to_days(d)), d) == 0);
	}
	int minutes;
	if (time_parse_hhmm(s, &minutes)) {
		FUZZ_CHECK(minutes >= 0 && minutes < 24 * 60);
		char back[8];
		snprintf(back, sizeof back, "%02d:%02d", minutes / 60, minutes % 60);
		FUZZ_CHECK(strcmp(back, s) == 0);
	}
	int64_t id;
	if (parse_id(s, &id)) {
		FUZZ_CHECK(id > 0);
		char back[24];
		snprintf(back, sizeof back, "%lld", (long long)id);
		FUZZ_CHECK(strcmp(back, s) == 0);
	}
	FUZZ_CHECK(i18n_supported(i18n_negotiate(s)));

	if (text_utf8_valid((const char *)data, size)) {
		FUZZ_CHECK(strlen(s) == size);
		FUZZ_CHECK(text_chars(s) <= size);
		struct arena a;
		arena_init(&a, LIMIT_REQUEST_ARENA);
		const char *c = text_clean(&a, s);
		size_t n = strlen(c);
		FUZZ_CHECK(!strchr(c, '\r'));
		if (n) {
			FUZZ_CHECK(!strchr(" \t\n\f\v", c[0]));
			FUZZ_CHECK(!strchr(" \t\n\f\v", c[n - 1]));
		}
		FUZZ_CHECK(text_utf8_valid(c, n));
		arena_free(&a);
	}
	free(s);
	return 0;
}
