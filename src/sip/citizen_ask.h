/*
 * citizen_ask.h — a citizen asks for a SIP (issue 11; seed 001: "den
 * enskilde eller en närstående kan också be om en SIP").
 *
 * Kept safe: only for a person samplan knows. The citizen asks for
 * themselves (18 or older) or, as a guardian registered for a child
 * under 18, for the child; samplan never creates a person from what a
 * stranger types. Anyone else — a child asking alone, a person samplan
 * does not know — is told to contact the unit directly (the page says
 * so; citizen_ask_persons returns nobody).
 *
 * They choose a unit of a municipality or a region from the directory
 * (not an other actor) and write the need in their own words. samplan
 * creates a need assessment at that unit through plan_create's rules
 * (plan_create_by_citizen): initiated_by 'individual' (or 'relative' for
 * a guardian) with their name, the unit as initiating and lead unit,
 * its principal as the principal involved, created_by NULL. The unit
 * sees it in its work list as a new plan; nobody else sees it.
 *
 * Throttle: at most CITIZEN_ASK_OPEN_MAX requests per person wait at a
 * time (plans asked for by the individual or a relative still in
 * need_assessed); more is refused with THROTTLED and a message.
 */
#ifndef SAMPLAN_CITIZEN_ASK_H
#define SAMPLAN_CITIZEN_ASK_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"
#include "sip/org.h"

enum { CITIZEN_ASK_OPEN_MAX = 3 };

/* A person the citizen may ask for. */
struct citizen_ask_person {
	int64_t person_id;
	const char *name; /* "Given Family" */
	bool self;        /* the citizen themselves; else their child */
	int64_t related_person_id; /* the guardian's row (child only) */
	const char *asker_name;    /* who asks: the person or the guardian */
};

/* Whom the signed-in citizen may ask for: themselves if adult, and each
 * child they are a registered guardian of (ACTOR_CITIZEN only). Audited
 * (citizen.ask.persons) when anyone is listed. */
bool citizen_ask_persons(struct ctx *ctx, struct citizen_ask_person **out,
                         int *n);

/* The units a citizen may choose: active units of municipalities and
 * regions, by principal and name (the directory is public). */
bool citizen_ask_units(struct ctx *ctx, struct unit **out, int *n);

struct citizen_ask_input {
	int64_t person_id; /* one of citizen_ask_persons; 0 when there is
	                      only one */
	int64_t unit_id;   /* one of citizen_ask_units */
	const char *need;  /* their own words, required, LIMIT_TEXT */
};
/* Ask: fields "person_id", "unit_id", "need". *plan_id the new plan. */
bool citizen_ask_sip(struct ctx *ctx, const struct citizen_ask_input *in,
                     int64_t *plan_id);

#endif
