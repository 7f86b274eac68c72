/*
 * page_plan_calendar.c — GET /plans/{id}/meetings/{mid}/meeting.ics: a
 * meeting of the plan as an iCalendar file (doc/ics.h), to import into
 * a calendar. Read like the plan — the same access rule, one audit
 * record ("plan.calendar") — by a signed-in user or with an API token;
 * a plan the caller cannot see, or a meeting of another plan, is 404.
 * The same file is GET /api/v1/plans/{id}/meetings/{mid}/meeting.ics,
 * where a refusal is problem+json.
 */
#include "base/limits.h"
#include "doc/ics.h"
#include "http/json.h"
#include "http/request.h"
#include "page/layout.h"
#include "page/pages.h"
#include "sip/meeting_calendar.h"
#include "sip/plan.h"

/* The refusal in the form the path promises. */
static void refuse(struct request *r)
{
	if (r->is_api)
		json_problem(r, &r->problem);
	else
		page_problem(r, &r->problem);
}

void page_plan_meeting_ics(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, meeting;
	struct plan p;
	struct ics_event e;
	if (!req_path_id(r, "id", &id) || !req_path_id(r, "mid", &meeting)) {
		ctx_not_found(&ctx);
		refuse(r);
		return;
	}
	/* The plan read is the access check and the audit record; only the
	 * latest event of its history is loaded. */
	if (!plan_get_for(&ctx, id, 1, "plan.calendar", &p) ||
	    !meeting_calendar(&ctx, id, meeting, false, &e)) {
		refuse(r);
		return;
	}
	struct buf b;
	buf_init(&b, LIMIT_ICS);
	if (!ics_meeting(&b, &e)) {
		buf_free(&b);
		problem_set(&r->problem, &r->arena, PROBLEM_INTERNAL, "%s",
		            R_(r, "Mötet kunde inte skrivas som kalenderfil."));
		refuse(r);
		return;
	}
	resp_download(r, arena_printf(&r->arena,
	                              "text/calendar; charset=utf-8; method=%s",
	                              ics_method(&e)),
	              meeting_calendar_file_name(&ctx, meeting), b.data, b.len);
	buf_free(&b);
}
