/*
 * page_citizen_meetings.c — the individual's meetings at /citizen:
 * upcoming ones first (when, where or the video link, how long, what
 * the meeting is for, who is invited and whether they come), then the
 * earlier and cancelled ones (who took part), each upcoming one as a
 * calendar file (.ics), and for a meeting that has been held the way to
 * say what they thought of it (H4's feedback page).
 *
 * Read through citizen_meetings (citizen_read.h): the individual and a
 * guardian; a relative or representative, who reads only the plan in
 * force, gets 404 here. Parties are named by unit and role; the staff's
 * own names are not listed.
 */
#include <string.h>

#include "base/limits.h"
#include "doc/ics.h"
#include "http/html.h"
#include "page/citizen_layout.h"
#include "page/layout.h"
#include "page/pages.h"
#include "page/ui.h"
#include "sip/citizen_read.h"
#include "sip/meeting_calendar.h"

static const char *meeting_url(struct request *r, int64_t plan, int64_t mid,
                               const char *rest)
{
	return arena_printf(&r->arena, "/citizen/plans/%lld/meetings/%lld%s",
	                    (long long)plan, (long long)mid, rest);
}

static void fact(struct request *r, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html_raw(r, "<dt>");
	html_text(r, label);
	html_raw(r, "</dt><dd>");
	html_text(r, value);
	html_raw(r, "</dd>");
}

static void party_item(struct request *r, const struct citizen_meeting_party *p,
                       bool invited)
{
	html_raw(r, "<li>");
	const char *who = p->unit_name ? p->unit_name : p->name;
	if (p->role && who)
		html_textf(r, "%s, %s", p->role, who);
	else
		html_text(r, who ? who : (p->role ? p->role : "–"));
	if (invited) {
		html_raw(r, " – ");
		html_text(r, citizen_reply_text(p->reply, r->lang));
	}
	html_raw(r, "</li>");
}

static void meeting_card(struct request *r, const struct citizen_access *a,
                         const struct citizen_meeting *m)
{
	html_raw(r, "<li class=\"card\"><h3>");
	html_text(r, strcmp(m->kind, "follow_up") == 0
	                 ? R_(r, "Möte för att följa upp planen")
	                 : R_(r, "Möte för att göra planen"));
	html_raw(r, " ");
	html_text(r, ui_ltr(r, m->date));
	html_raw(r, "</h3>");
	if (m->cancelled) {
		html_raw(r, "<p>");
		ui_badge(r, "cancelled", R_(r, "Mötet är inställt"));
		html_raw(r, "</p>");
		if (m->cancel_reason) {
			html_raw(r, "<p>");
			html_textf(r, R_(r, "Varför: %s"), m->cancel_reason);
			html_raw(r, "</p>");
		}
	} else if (m->held) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Mötet har varit."));
		html_raw(r, "</p>");
	}
	html_raw(r, "<dl class=\"facts\">");
	fact(r, R_(r, "Dag och tid"),
	     arena_printf(&r->arena, R_(r, "%s, klockan %s"), ui_ltr(r, m->date),
	                  ui_ltr(r, m->start_time)));
	fact(r, R_(r, "Hur länge"),
	     arena_printf(&r->arena, R_(r, "Ungefär %d minuter"),
	                  m->duration_minutes));
	fact(r, R_(r, "Plats för mötet"), m->place);
	if (m->video_link) {
		html_raw(r, "<dt>");
		html_text(r, R_(r, "Möte på video"));
		html_raw(r, "</dt><dd>");
		if (m->upcoming) {
			html_raw(r, "<a href=\"");
			html_attr(r, m->video_link);
			html_raw(r, "\">");
			html_text(r, R_(r, "Länk till videomötet"));
			html_raw(r, "</a>");
		} else {
			html_text(r, R_(r, "Mötet var på video."));
		}
		html_raw(r, "</dd>");
	}
	fact(r, R_(r, "Vad mötet handlar om"), m->purpose);
	html_raw(r, "</dl>");
	if (m->nparties) {
		html_raw(r, "<h4>");
		html_text(r, m->held ? R_(r, "De här var med")
		                     : R_(r, "De här är kallade"));
		html_raw(r, "</h4><ul>");
		for (int i = 0; i < m->nparties; i++)
			party_item(r, &m->parties[i], !m->held);
		html_raw(r, "</ul>");
	}
	html_raw(r, "<ul class=\"action-list\">");
	if (m->upcoming || m->cancelled) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, meeting_url(r, a->plan_id, m->id, "/meeting.ics"));
		html_raw(r, "\">");
		html_text(r, m->cancelled ? R_(r, "Ta bort mötet ur din kalender")
		                          : R_(r, "Lägg in mötet i din kalender"));
		html_raw(r, "</a></li>");
	}
	if (m->held && !m->cancelled && a->may_write_own) {
		html_raw(r, "<li><a href=\"");
		html_attr(r, meeting_url(r, a->plan_id, m->id, "/feedback"));
		html_raw(r, "\">");
		html_text(r, R_(r, "Tyck till om mötet"));
		html_raw(r, "</a></li>");
	}
	html_raw(r, "</ul></li>");
}

/* GET /citizen/plans/{id}/meetings */
void page_citizen_meetings(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id;
	struct citizen_access a;
	struct citizen_meeting *list;
	int n;
	if (!req_path_id(r, "id", &id)) {
		ctx_not_found(&ctx);
		citizen_problem(r, &r->problem);
		return;
	}
	if (!citizen_meetings(&ctx, id, &a, &list, &n)) {
		citizen_problem(r, &r->problem);
		return;
	}
	citizen_begin(r, R_(r, "Möten"));
	if (a.relation != CITIZEN_SELF && a.relation != CITIZEN_CHILD) {
		html_raw(r, "<p class=\"hint\">");
		html_textf(r, R_(r, "Planen för %s"), a.person_name);
		html_raw(r, "</p>");
	}
	int upcoming = 0;
	for (int i = 0; i < n; i++)
		upcoming += list[i].upcoming;
	html_raw(r, "<h2>");
	html_text(r, R_(r, "Kommande möten"));
	html_raw(r, "</h2>");
	if (!upcoming) {
		html_raw(r, "<p>");
		html_text(r, R_(r, "Inget möte är bokat just nu."));
		html_raw(r, "</p>");
	} else {
		html_raw(r, "<ul class=\"cards\">");
		for (int i = 0; i < n; i++)
			if (list[i].upcoming)
				meeting_card(r, &a, &list[i]);
		html_raw(r, "</ul>");
	}
	if (n > upcoming) {
		html_raw(r, "<h2>");
		html_text(r, R_(r, "Tidigare och inställda möten"));
		html_raw(r, "</h2><ul class=\"cards\">");
		for (int i = 0; i < n; i++)
			if (!list[i].upcoming)
				meeting_card(r, &a, &list[i]);
		html_raw(r, "</ul>");
	}
	html_raw(r, "<p><a href=\"");
	html_attr(r, arena_printf(&r->arena, "/citizen/plans/%lld",
	                          (long long)id));
	html_raw(r, "\">");
	html_text(r, R_(r, "Till planen som gäller"));
	html_raw(r, "</a></p>");
	citizen_end(r);
}

/* GET /citizen/plans/{id}/meetings/{mid}/meeting.ics */
void page_citizen_meeting_ics(struct request *r)
{
	struct ctx ctx = page_ctx(r);
	int64_t id, mid;
	struct ics_event e;
	if (!req_path_id(r, "id", &id) || !req_path_id(r, "mid", &mid)) {
		ctx_not_found(&ctx);
		citizen_problem(r, &r->problem);
		return;
	}
	if (!citizen_meeting_calendar(&ctx, id, mid, &e)) {
		citizen_problem(r, &r->problem);
		return;
	}
	struct buf b;
	buf_init(&b, LIMIT_ICS);
	if (!ics_meeting(&b, &e)) {
		buf_free(&b);
		problem_set(&r->problem, &r->arena, PROBLEM_INTERNAL, "%s",
		            R_(r, "Kalenderfilen kunde inte göras."));
		citizen_problem(r, &r->problem);
		return;
	}
	resp_download(r, arena_printf(&r->arena,
	                              "text/calendar; charset=utf-8; method=%s",
	                              ics_method(&e)),
	              meeting_calendar_file_name(&ctx, mid), b.data, b.len);
	buf_free(&b);
}
