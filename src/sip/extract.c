/*
 * extract.c — the individual's extract of who read their data (see
 * extract.h).
 */
#include "sip/extract.h"

#include "audit/audit.h"
#include "sip/access.h"

bool person_extract_get(struct ctx *ctx, int64_t person_id,
                        struct person_extract *out)
{
	*out = (struct person_extract){0};
	return access_person_extract(ctx, person_id) &&
	       review_person_heading(ctx, person_id, &out->who) &&
	       review_person_extract(ctx, person_id, REVIEW_EXTRACT_MAX,
	                             &out->entries, &out->n, &out->more) &&
	       audit_read(ctx, "person.access_log.read", person_id, 0);
}
