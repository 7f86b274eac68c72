/*
 * reminder.h — reminders of unanswered invitations: by hand from the
 * lead unit ("Påminn" on the work list and the plan), and automatically
 * by the server when an invitation has waited too long.
 *
 * A reminder is a row of invitation_reminder (who, when, manual or
 * automatic), a plan history event, an audit record and — when the
 * invited unit has a functional mailbox — a reminder mail in the
 * outbox, all in one transaction. An automatic reminder exists once
 * however many servers decide it at the same moment: its row carries a
 * unique key (sql/0014_mail_schedule.sql).
 */
#ifndef SAMPLAN_REMINDER_H
#define SAMPLAN_REMINDER_H

#include <stdbool.h>
#include <stdint.h>

#include "sip/ctx.h"

enum { REMINDER_DEFAULT_AFTER_DAYS = 3 };

/* Remind the unit of invitation_id by mail (the plan's lead unit only;
 * console too). An unrelated caller: NOT_FOUND and nothing learnt. An
 * answered invitation, one to a held or cancelled meeting, one to a
 * party outside samplan or to a unit without a mailbox: CONFLICT with
 * a message saying why. *plan_id gets the plan on success (for the
 * page's redirect). */
bool invitation_remind(struct ctx *ctx, int64_t invitation_id,
                       int64_t *plan_id);

/* The server's automatic reminders (console only, asserted): every
 * invitation to a unit with a mailbox or named professionals,
 * unanswered after_days days after
 * it was sent, to a meeting still upcoming, and not reminded (by hand
 * or automatically) in the last after_days days, gets one reminder.
 * Each in its own transaction, so one failure does not hold back the
 * rest. *queued counts the reminders this call made. */
bool reminders_queue_due(struct ctx *ctx, int after_days, int *queued);

#endif
