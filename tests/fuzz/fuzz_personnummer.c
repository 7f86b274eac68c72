/*
 * fuzz_personnummer.c — personnummer_parse (src/sip/personnummer.c) on
 * any text, as of two fixed days (one a leap day, so the century rules of
 * the 10-digit forms meet 29 February).
 *
 * Promises checked: an accepted number has a canonical form of 12 digits
 * starting with the century 18, 19 or 20, a real birth date that is not
 * after today, a birth number other than 000 and a right check digit;
 * parsing the canonical form again gives the same number; its display
 * form is YYYYMMDD-NNNN. A refusal has a message in both languages.
 */
#include "fuzz.h"

#include "sip/personnummer.h"

static bool luhn(const char ten[10])
{
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		int d = (ten[i] - '0') * (i % 2 == 0 ? 2 : 1);
		sum += d > 9 ? d - 9 : d;
	}
	return sum % 10 == 0;
}

static void one(const char *s, struct date today)
{
	struct personnummer p;
	enum pnr_error e = personnummer_parse(s, today, &p);
	if (e != PNR_OK) {
		FUZZ_CHECK(e > PNR_OK && e <= PNR_LAST_ERROR);
		FUZZ_CHECK(*personnummer_error_message(e, "sv"));
		FUZZ_CHECK(*personnummer_error_message(e, "en"));
		return;
	}
	FUZZ_CHECK(strlen(p.canonical) == 12);
	for (int i = 0; i < 12; i++)
		FUZZ_CHECK(p.canonical[i] >= '0' && p.canonical[i] <= '9');
	FUZZ_CHECK(memcmp(p.canonical, "18", 2) == 0 ||
	           memcmp(p.canonical, "19", 2) == 0 ||
	           memcmp(p.canonical, "20", 2) == 0);
	FUZZ_CHECK(memcmp(p.canonical + 8, "000", 3) != 0);
	FUZZ_CHECK(luhn(p.canonical + 2));
	FUZZ_CHECK(date_valid(p.birth));
	FUZZ_CHECK(date_cmp(p.birth, today) <= 0);
	FUZZ_CHECK(personnummer_age(&p, today) >= 0);

	struct personnummer again;
	FUZZ_CHECK(personnummer_parse(p.canonical, today, &again) == PNR_OK);
	FUZZ_CHECK(strcmp(again.canonical, p.canonical) == 0);
	FUZZ_CHECK(again.coordination == p.coordination);
	FUZZ_CHECK(date_cmp(again.birth, p.birth) == 0);

	char shown[14];
	personnummer_display(p.canonical, shown);
	FUZZ_CHECK(strlen(shown) == 13 && shown[8] == '-');
	FUZZ_CHECK(personnummer_parse(shown, today, &again) == PNR_OK);
	FUZZ_CHECK(strcmp(again.canonical, p.canonical) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	one(s, (struct date){2026, 11, 23});
	one(s, (struct date){2024, 2, 29});
	free(s);
	return 0;
}
