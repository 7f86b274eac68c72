/*
 * plan_in_force.h — is a plan's version the one in force?
 *
 * The print view, the plain-language page and the PDF of an earlier
 * version must say that it no longer applies; the stored version document
 * (plan_doc.h) cannot know, since a later version replaces it without
 * changing it. One indexed read of the plan's head answers.
 */
#ifndef SAMPLAN_PLAN_IN_FORCE_H
#define SAMPLAN_PLAN_IN_FORCE_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

/* *in_force: version_id is plan_id's version in force. No access check
 * and no audit: for a caller who already read the version (plan_doc_get).
 * False only when the database failed (ctx->problem says so). */
bool plan_version_is_in_force(struct ctx *ctx, int64_t plan_id,
                           int64_t version_id, bool *in_force);

#endif
