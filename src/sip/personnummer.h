/*
 * personnummer.h — Swedish personal identity numbers and coordination
 * numbers (samordningsnummer), as Skatteverket defines them.
 *
 * Accepted input: YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN and
 * YYMMDD+NNNN (the plus sign: the person is 100 years or older). The
 * last digit is a Luhn check digit over the ten digits YYMMDDNNN. A
 * samordningsnummer has 60 added to the day. The date must exist and
 * must not lie in the future. Stored in the canonical 12-digit form
 * YYYYMMDDNNNN; shown as YYYYMMDD-NNNN.
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
};

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
