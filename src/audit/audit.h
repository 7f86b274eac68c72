/*
 * audit.h — the audit log (Patientdatalagen 4 kap.): who, when, which
 * person, which plan, what action, from where.
 *
 * Every read and write of personal data writes a record. A write's record
 * goes in the same transaction as the write (audit_write); if it cannot
 * be written, the write fails. A read's record (audit_read) is durable
 * before the data leaves: the caller must not answer until it returns
 * true. The log is append-only: nothing in samplan updates or deletes it,
 * and it is a hash chain (chain.h), so a record altered, deleted or
 * inserted by other means is found by `samplan audit verify`. Every
 * record, of a write, a read or an attempt, goes through
 * audit_chain_append.
 *
 * The audit layer sits below sip/ and above store/: it knows the context
 * (sip/ctx.h) and the database, nothing else of the domain.
 *
 * Actions are dotted names, stable for reviewers: "person.read",
 * "plan.create", "user.deactivate", "session.login", ...
 */
#ifndef SAMPLAN_AUDIT_H
#define SAMPLAN_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

/* Append a record inside the caller's open transaction. detail may be
 * NULL; it must not hold more personal data than the action needs. */
bool audit_write(struct ctx *ctx, const char *action, int64_t person_id,
                 int64_t plan_id, const char *detail);

/* Append a record for a read. With ctx->audit_defer set the record joins
 * the request's list and is committed by the group writer before the
 * response leaves; otherwise it is written at once (inside the caller's
 * transaction, or in its own). */
bool audit_read(struct ctx *ctx, const char *action, int64_t person_id,
                int64_t plan_id);

/* The same for n rows of a list (person_ids and plan_ids may be NULL):
 * ONE record, whose subjects are the n (person, plan) pairs, sorted and
 * without repeats (chain.h, audit_subject); a list of one pair is a
 * plain record naming it. The readers of the log (review.h) show such a
 * record once per subject, as if it were one record per row. */
bool audit_read_many(struct ctx *ctx, const char *action,
                     const int64_t *person_ids, const int64_t *plan_ids,
                     int n);

/* A refused read (access_plan, access_person answering not-found): an
 * attempt record ("plan.read.refused", "person.read.refused") with the
 * id asked for, the user, their unit and address. It must outlive the
 * request's failure: with ctx->audit_defer set (every request of `samplan
 * serve`) it joins the deferred records, which the group writer commits
 * on its own connection before the 404 leaves, whatever the request's
 * transaction does. Without a group writer it is written at once: in its
 * own transaction, or — inside a caller's open transaction, which only
 * tests do with a staff user — in that transaction, sharing its fate.
 * False (problem recorded) if it could not be written. */
bool audit_attempt(struct ctx *ctx, const char *action, int64_t person_id,
                   int64_t plan_id);

/* The unit the actor acts for, for the record: ctx->acting_unit, else
 * the first of their units (0 for the console or users without units). */
int64_t audit_actor_unit(const struct ctx *ctx);

#endif
