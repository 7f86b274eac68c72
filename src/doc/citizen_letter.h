/*
 * citizen_letter.h — the letter that brings the individual (or a
 * guardian, or a relative the plan is shared with) to Min SIP: what it
 * is, the one-time sign-in code and how to use it, and whom to ask. The
 * coordinator prints it with the plan and hands it over.
 */
#ifndef SAMPLAN_CITIZEN_LETTER_H
#define SAMPLAN_CITIZEN_LETTER_H

#include "doc/doc.h"
#include "doc/plan_layout.h"

struct citizen_letter {
	const char *to_name;     /* who the code is for */
	const char *person_name; /* whose plan (the same for the individual) */
	bool for_self;           /* the letter is to the individual */
	const char *code;        /* "ABCD-EFGH-JKLM" */
	const char *valid_until; /* YYYY-MM-DD */
	const char *address;     /* where Min SIP is: ".../citizen" */
	const char *today;       /* YYYY-MM-DD */
	struct doc_contact from; /* the coordinator's unit */
	int64_t plan_id;
};

/* The letter as a document, in lang (any of the citizen languages). */
struct doc *citizen_letter_layout(struct arena *a, const char *lang,
                                  const struct citizen_letter *l);

#endif
