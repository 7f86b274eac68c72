/*
 * api_plan_json.h — JSON shapes of persons and plans for the API (and
 * for anything else that exports them as JSON). One function per shape,
 * so every endpoint that returns a plan returns the same fields. Each
 * writes one value (an object, or null) with the writer of http/json.h.
 */
#ifndef SAMPLAN_API_PLAN_JSON_H
#define SAMPLAN_API_PLAN_JSON_H

#include "http/json.h"
#include "sip/person.h"
#include "sip/plan.h"

void api_json_person(struct json_writer *w, const struct person *p);
/* The plan as plan_get loaded it for the caller in ctx, whose "actions"
 * (plan_actions.h) say what the caller may do next. */
void api_json_plan(struct json_writer *w, const struct ctx *ctx,
                   const struct plan *p);
void api_json_plan_summary(struct json_writer *w, const struct plan_summary *s);
void api_json_version(struct json_writer *w, const struct plan_version *v);
/* Two versions compared (plan_version_compare): from, to, summary,
 * goals and interventions with their change, withheld. */
void api_json_version_diff(struct json_writer *w, int64_t plan_id,
                           const struct version_diff *d);
/* One consent, as in a plan's "consents". */
struct access_view;
/* One consent, with the fields v may see. */
void api_json_consent(struct json_writer *w, const struct access_view *v,
                      const struct consent *c);
void api_json_invitation(struct json_writer *w, const struct invitation *i);
/* The invitation's members inside an object the caller has opened (to
 * add members of its own). */
void api_json_invitation_members(struct json_writer *w,
                                 const struct invitation *i);

/* api_follow_up_json.c: step 6 inside the plan's and a version's
 * object (members only, the caller has opened the object). */
void api_json_follow_up_members(struct json_writer *w, const struct plan *p);
void api_json_approval_members(struct json_writer *w,
                               const struct plan_version *v);

#endif
