/*
 * personnummer.c — see personnummer.h.
 */
#include "sip/personnummer.h"

#include <string.h>

#include "base/i18n.h"

static bool luhn_ok(const char ten[10])
{
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		int d = ten[i] - '0';
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

static int two(const char *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

enum pnr_error personnummer_parse(const char *input, struct date today,
                                  struct personnummer *out)
{
	char digits[13];
	int n = 0, sep_at = -1;
	char sep = 0;
	if (!input)
		return PNR_EMPTY;
	/* Spaces around the number are forgiven; inside they are not. */
	while (*input == ' ')
		input++;
	size_t len = strlen(input);
	while (len && input[len - 1] == ' ')
		len--;
	if (len == 0)
		return PNR_EMPTY;
	for (size_t i = 0; i < len; i++) {
		char c = input[i];
		if (c >= '0' && c <= '9') {
			if (n == 12)
				return PNR_BAD_LENGTH;
			digits[n++] = c;
		} else if ((c == '-' || c == '+') && !sep) {
			sep = c;
			sep_at = n;
		} else {
			return (c == '-' || c == '+') ? PNR_BAD_SEPARATOR
			                              : PNR_BAD_CHARACTER;
		}
	}
	digits[n] = '\0';
	if (n != 10 && n != 12)
		return PNR_BAD_LENGTH;
	if (sep && sep_at != n - 4)
		return PNR_BAD_SEPARATOR;
	if (sep == '+' && n == 12)
		return PNR_BAD_SEPARATOR;

	const char *ten = n == 12 ? digits + 2 : digits;
	int month = two(ten + 2), day = two(ten + 4);
	bool coordination = day > 60;
	if (coordination)
		day -= 60;
	int year;
	if (n == 12) {
		int century = two(digits);
		if (century < 18 || century > 20)
			return PNR_BAD_CENTURY;
		year = two(digits) * 100 + two(digits + 2);
		month = two(digits + 4);
	} else {
		/* The latest year ending in YY whose date is not after today;
		 * '+' means a hundred years earlier still. */
		int yy = two(ten);
		year = today.year - ((today.year - yy) % 100 + 100) % 100;
		struct date d = {year, month, day};
		if (date_valid(d) && date_cmp(d, today) > 0)
			year -= 100;
		else if (!date_valid(d) && year > today.year)
			year -= 100;
		if (sep == '+')
			year -= 100;
	}
	struct date birth = {year, month, day};
	if (!date_valid(birth))
		return PNR_BAD_DATE;
	if (date_cmp(birth, today) > 0)
		return PNR_FUTURE;
	if (memcmp(ten + 6, "000", 3) == 0)
		return PNR_BAD_BIRTH_NUMBER;
	if (!luhn_ok(ten))
		return PNR_BAD_CHECKSUM;

	out->birth = birth;
	out->coordination = coordination;
	out->canonical[0] = (char)('0' + year / 1000);
	out->canonical[1] = (char)('0' + year / 100 % 10);
	memcpy(out->canonical + 2, ten, 10);
	out->canonical[12] = '\0';
	return PNR_OK;
}

const char *personnummer_error_message(enum pnr_error e, const char *lang)
{
	switch (e) {
	case PNR_OK: return "";
	case PNR_EMPTY:
		return tr(lang, "Ange personnummer eller samordningsnummer.");
	case PNR_BAD_CHARACTER:
		return tr(lang, "Personnumret får bara innehålla siffror och ett "
		                "bindestreck (eller plustecken), t.ex. "
		                "19850412-3456.");
	case PNR_BAD_LENGTH:
		return tr(lang, "Personnumret ska ha 10 eller 12 siffror, t.ex. "
		                "19850412-3456 eller 850412-3456.");
	case PNR_BAD_SEPARATOR:
		return tr(lang, "Bindestreck eller plustecken ska stå före de fyra "
		                "sista siffrorna. Plustecken används bara med tio "
		                "siffror, för den som fyllt 100 år.");
	case PNR_BAD_DATE:
		return tr(lang, "Datumet i personnumret finns inte. Kontrollera "
		                "år, månad och dag (för samordningsnummer är dagen "
		                "ökad med 60).");
	case PNR_FUTURE:
		return tr(lang, "Födelsedatumet i personnumret ligger i framtiden.");
	case PNR_BAD_CHECKSUM:
		return tr(lang, "Kontrollsiffran stämmer inte. Kontrollera att "
		                "numret är rätt skrivet.");
	case PNR_BAD_CENTURY:
		return tr(lang, "Ett personnummer med 12 siffror börjar med "
		                "århundradet 18, 19 eller 20, t.ex. 19850412-3456.");
	case PNR_BAD_BIRTH_NUMBER:
		return tr(lang, "Siffrorna 000 efter datumet används aldrig i ett "
		                "personnummer eller samordningsnummer. Kontrollera "
		                "att numret är rätt skrivet.");
	}
	return "";
}

void personnummer_display(const char *c, char out[14])
{
	if (!c || strlen(c) != 12) {
		out[0] = '\0';
		return;
	}
	memcpy(out, c, 8);
	out[8] = '-';
	memcpy(out + 9, c + 8, 4);
	out[13] = '\0';
}

int personnummer_age(const struct personnummer *p, struct date today)
{
	return date_age(p->birth, today);
}
