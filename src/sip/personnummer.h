/*
 * personnummer.h — Swedish personal identity numbers and coordination
 * numbers (samordningsnummer), as Skatteverket defines them.
 *
 * Accepted input: YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN and
 * YYMMDD+NNNN (the plus sign: the person is 100 years or older). The
 * last digit is a Luhn check digit over the ten digits YYMMDDNNN. A
 * samordningsnummer has 60 added to the day (so its day is 61-91). The
 * date must exist and must not lie in the future. Stored in the canonical
 * 12-digit form YYYYMMDDNNNN; shown as YYYYMMDD-NNNN.
 *
 * Numbers Skatteverket never issues are refused even when the date and the
 * check digit are right (Skatteverket, Rättslig vägledning "Personnummer"
 * and "Samordningsnummer"; SKV 704, SKV 707):
 *  - the birth number (födelsenummer; individnummer of a
 *    samordningsnummer), the three digits after the date, is one of
 *    001-999: 000 is never issued;
 *  - the century of the 12-digit form is 18, 19 or 20 (numbers are stored
 *    "med en inledande sekelangivelse: 18, 19 eller 20").
 */
#ifndef SAMPLAN_PERSONNUMMER_H
#define SAMPLAN_PERSONNUMMER_H

#include <stdbool.h>

#include "base/date.h"

enum pnr_error {
	PNR_OK,
	PNR_EMPTY,
	PNR_BAD_CHARACTER,  /* something other than digits, - or + */
	PNR_BAD_LENGTH,     /* not 10 or 12 digits */
	PNR_BAD_SEPARATOR,  /* + with 12 digits, or a separator elsewhere */
	PNR_BAD_DATE,       /* no such date */
	PNR_FUTURE,         /* born after today */
	PNR_BAD_CHECKSUM,   /* Luhn digit wrong */
	PNR_BAD_CENTURY,    /* 12 digits not starting with 18, 19 or 20 */
	PNR_BAD_BIRTH_NUMBER, /* födelsenummer 000, never issued */
};
/* The last error, for tables that cover them all. */
enum { PNR_LAST_ERROR = PNR_BAD_BIRTH_NUMBER };

struct personnummer {
	char canonical[13];      /* YYYYMMDDNNNN */
	struct date birth;       /* real birth date (day - 60 for a
	                            samordningsnummer) */
	bool coordination;       /* samordningsnummer */
};

/* Parse `input` as of `today` (the century of 10-digit forms depends on
 * it). */
enum pnr_error personnummer_parse(const char *input, struct date today,
                                  struct personnummer *out);

/* The message for an error, in lang (Swedish or English). */
const char *personnummer_error_message(enum pnr_error e, const char *lang);

/* "YYYYMMDD-NNNN" from the canonical form, into out[14]. */
void personnummer_display(const char *canonical, char out[14]);

/* Age in whole years on `today`. */
int personnummer_age(const struct personnummer *p, struct date today);

/* Ages that change the rules: a child is under 18; from 15 the child's
 * own view weighs and must be recorded. */
enum { AGE_ADULT = 18, AGE_CHILD_VIEW = 15 };

#endif
