/*
 * daily_summary.h — once a day, each active user with an e-mail address
 * who has something new or due gets one message: counts of what is new
 * since their last summary and of what is due, and a link to the work
 * list. Names, personnummer and plan contents are never in it (mail
 * leaves samplan's access rules): counts and the link only.
 */
#ifndef SAMPLAN_DAILY_SUMMARY_H
#define SAMPLAN_DAILY_SUMMARY_H

#include <stdbool.h>

#include "sip/ctx.h"

enum { SUMMARY_DEFAULT_HOUR = 7 };

/* When the local hour of ctx->now is summary_hour (0..23) or later:
 * for every active user with an address who has no mail_summary row
 * for today's local date yet, write that row and — when there is
 * anything to say — queue the summary, both in one transaction per
 * user. The row is written also when there is nothing to say, so
 * "today is done" for that user. A user whose row another server wrote
 * first is skipped. Console only (asserted). *queued counts the
 * messages this call queued. */
bool daily_summaries_queue(struct ctx *ctx, int summary_hour, int *queued);

#endif
