/*
 * meeting_calendar.h — the facts of one meeting for its iCalendar
 * object (doc/ics.h): when and where, how often it has changed, who
 * organises it and who is invited. Read by the .ics route and by the
 * mails that carry the .ics (invitation_mail.c).
 */
#ifndef SAMPLAN_SIP_MEETING_CALENDAR_H
#define SAMPLAN_SIP_MEETING_CALENDAR_H

#include "doc/ics.h"
#include "sip/ctx.h"

/* Fill *out (strings in ctx->arena) for meeting_id of plan_id, stamped
 * ctx->now. No access check and no audit record: the caller has read
 * the plan through its access rule (plan_get_for) or acts in a step of
 * it. NOT_FOUND when the meeting is not the plan's. ORGANIZER is the
 * lead unit, named with the coordinator when there is one, with a mailto:
 * only when the unit's functional mailbox is sendable; ATTENDEE each
 * invited unit in samplan (its functional mailbox) and each professional
 * named in an invitation, with the unit's reply; parties outside samplan
 * are not in the event (they are invited by letter or phone). for_mail:
 * the video link is left out (a mail leaves samplan: whoever reads it
 * could join the meeting), and DESCRIPTION says the link is in samplan. */
bool meeting_calendar(struct ctx *ctx, int64_t plan_id, int64_t meeting_id,
                      bool for_mail, struct ics_event *out);

/* The file name of the meeting's .ics: "sip-mote-<id>.ics". */
const char *meeting_calendar_file_name(struct ctx *ctx, int64_t meeting_id);

#endif
