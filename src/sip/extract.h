/*
 * extract.h — the individual's extract of who read their data
 * (Patientdatalagen 4 kap.: the right to know who accessed one's
 * records; docs/audit.md): one domain call for the page and the API, so
 * the rule, the read and its audit record are in one place.
 */
#ifndef SAMPLAN_EXTRACT_H
#define SAMPLAN_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include "audit/review.h"
#include "sip/ctx.h"

struct person_extract {
	struct review_person who;    /* the person it is about */
	struct review_entry *entries; /* newest first, never client addresses */
	int n;
	bool more;                   /* more than REVIEW_EXTRACT_MAX exist */
};

/* The extract of person_id, if the caller may open it
 * (access_person_extract: the lead unit of one of the person's plans;
 * anyone else gets not-found, as for a person that does not exist).
 * Audited as person.access_log.read. Everything in ctx's arena. */
bool person_extract_get(struct ctx *ctx, int64_t person_id,
                        struct person_extract *out);

#endif
