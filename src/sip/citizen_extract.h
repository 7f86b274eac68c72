/*
 * citizen_extract.h — "who has read my data" in Min SIP: the audit
 * extract (audit/review.h, review_person_extract) for each person whose
 * extract the signed-in citizen may read (citizen_extract_persons:
 * their own person, each child they are a guardian of), with who read
 * in words a citizen understands.
 *
 * Staff are named by their role (title) and unit, never by address.
 * A citizen's own reads have no user; their detail "citizen:SESSION"
 * names the citizen_session, whose personnummer is compared with the
 * signed-in citizen's ("Du själv"), the person's ("Liam Karlsson
 * själv") and the person's related_person rows ("Vårdnadshavare",
 * "Närstående", "Företrädare"). The personnummer itself is never shown.
 */
#ifndef SAMPLAN_CITIZEN_EXTRACT_H
#define SAMPLAN_CITIZEN_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/review.h"
#include "sip/citizen.h"
#include "sip/ctx.h"

struct citizen_extract_entry {
	int64_t at;
	const char *who;  /* in words: a role, "Du själv", ... */
	const char *unit; /* the unit the reader acted for, or NULL */
	const char *what; /* review_action_label, else the dotted action */
};

/* One person's part of the extract. */
struct citizen_extract_part {
	struct citizen_person person;
	struct citizen_extract_entry *entries; /* newest first */
	int n;
	bool more; /* more than REVIEW_EXTRACT_MAX records exist */
};

struct citizen_extract {
	struct citizen_extract_part *parts; /* the citizen's own first */
	int n;                              /* 0: nobody to show */
};

/* The extract for every person the citizen may read it of. Each part's
 * read is audited ("citizen.extract.read", the person). Only for
 * ACTOR_CITIZEN. Everything in ctx's arena. */
bool citizen_extract_get(struct ctx *ctx, struct citizen_extract *out);

#endif
