/*
 * test_ics.c — a meeting in the calendar: GET
 * /plans/{id}/meetings/{mid}/meeting.ics, moving a meeting
 * (POST .../reschedule, page and API), and the .ics attached to the
 * invitation, change and cancellation mails, on the demo's plan for
 * Gunnel (lead unit Vårdcentralen Ludvika: lars; invited: Hemtjänsten,
 * hanna, and Lasarettet's ward, lisa; olle's unit takes no part).
 *
 *   - The .ics is parsed with libical's parser here: METHOD:REQUEST, the
 *     VTIMEZONE of Europe/Stockholm with the EU rule (the test converts a
 *     winter and a summer time to UTC through that very VTIMEZONE),
 *     DTSTART with TZID, UID meeting-<id>@<host of --public-url>,
 *     SEQUENCE, ORGANIZER and ATTENDEE by functional mailbox, LOCATION or
 *     URL, SUMMARY "SIP-möte" — and the individual's name and
 *     personnummer nowhere in the text. One audit record per fetch; an
 *     unrelated unit and a meeting of another plan get 404.
 *   - Rescheduling keeps the UID and raises SEQUENCE; every refusal
 *     (bad date, past date, nothing changed, not the lead unit: 403, an
 *     unrelated unit: 404, a held meeting: 409, a cancelled one: 409)
 *     changes nothing.
 *   - Cancelling: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised again.
 *   - A person with protected identity: no calendar in any mail.
 *   - The SMTP sink receives the mails as multipart/mixed with a
 *     text/calendar part that libical parses: the invitation
 *     (REQUEST, SEQUENCE 0), the change (SEQUENCE 1, no video link), the
 *     cancellation (CANCEL).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "sink.h"

#define PUBLIC_URL "https://samplan.kommun.example"
#define HOST "samplan.kommun.example"

static struct ht_server srv;
static struct sink k;
static int64_t plan_id, meeting_id, held_plan_id, held_meeting_id;
static const char *given, *family, *pnr;

static const char *serve_args[] = {
	"--smtp", NULL, "--smtp-from", "samplan@kommun.example",
	"--public-url", PUBLIC_URL, "--smtp-retry-base", "1", NULL};

static int group_setup(void **state)
{
	(void)state;
	sink_start(&k, &(struct sink_opts){0});
	serve_args[1] = k.url;
	if (!ht_server_start(&srv, &(struct ht_server_opts){
		    .demo = true, .args = serve_args}))
		return -1;
	/* Gunnel's plan and its upcoming meeting; Anna's held one. */
	plan_id = ht_sql_int(&srv, "SELECT p.id FROM plan p JOIN person pe"
	                           " ON pe.id = p.person_id WHERE"
	                           " pe.given_name = ?", "Gunnel");
	meeting_id = ht_sql_int(&srv, "SELECT id FROM meeting WHERE plan_id ="
	                              " CAST(? AS INTEGER) AND held = 0",
	                        ht_fmt(&srv, "%lld", (long long)plan_id));
	held_plan_id = ht_sql_int(&srv, "SELECT p.id FROM plan p JOIN person pe"
	                                " ON pe.id = p.person_id WHERE"
	                                " pe.given_name = ?", "Anna");
	held_meeting_id = ht_sql_int(&srv, "SELECT id FROM meeting WHERE"
	                                   " plan_id = CAST(? AS INTEGER)"
	                                   " AND held = 1",
	                             ht_fmt(&srv, "%lld",
	                                    (long long)held_plan_id));
	const char *id = ht_fmt(&srv, "%lld", (long long)plan_id);
#define PERSON(col) "SELECT " col " FROM person pe JOIN plan p ON"     \
	" p.person_id = pe.id WHERE p.id = CAST(? AS INTEGER)"
	given = ht_sql_text(&srv, PERSON("pe.given_name"), id);
	family = ht_sql_text(&srv, PERSON("pe.family_name"), id);
	pnr = ht_sql_text(&srv, PERSON("pe.personnummer"), id);
#undef PERSON
	return plan_id > 0 && meeting_id > 0 && held_meeting_id > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	int rc = ht_server_stop(&srv);
	sink_stop(&k);
	return rc == 0 ? 0 : -1;
}

/* ---- helpers ---- */

static const char *ics_path(int64_t plan, int64_t meeting)
{
	return ht_fmt(&srv, "/plans/%lld/meetings/%lld/meeting.ics",
	              (long long)plan, (long long)meeting);
}

static const char *api_path(int64_t plan, int64_t meeting, const char *what)
{
	return ht_fmt(&srv, "/api/v1/plans/%lld/meetings/%lld/%s",
	              (long long)plan, (long long)meeting, what);
}

static int64_t calendar_reads(void)
{
	return ht_sql_int(&srv, "SELECT COUNT(*) FROM audit_log WHERE action ="
	                        " ?", "plan.calendar");
}

/* The meeting's .ics as client c gets it (200), and the same parsed. */
static icalcomponent *fetch(struct ht_client *c, const char **text,
                            const char *method)
{
	const struct ht_response *r = ht_get(c, ics_path(plan_id, meeting_id));
	ht_assert_status(r, 200);
	assert_string_equal(r->content_type,
	                    ht_fmt(&srv, "text/calendar; charset=utf-8; "
	                                 "method=%s", method));
	assert_string_equal(ht_header(r, "Content-Disposition"),
	                    ht_fmt(&srv, "attachment; filename=\"sip-mote-"
	                                 "%lld.ics\"", (long long)meeting_id));
	*text = ht_fmt(&srv, "%s", r->body);
	icalcomponent *cal = icalparser_parse_string(*text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	return cal;
}

static icalcomponent *event_of(icalcomponent *cal)
{
	icalcomponent *ev =
		icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(ev);
	assert_null(icalcomponent_get_next_component(cal,
	                                            ICAL_VEVENT_COMPONENT));
	return ev;
}

/* Nothing about the individual but "SIP-möte" and the link. */
static void assert_no_person(const char *text)
{
	ht_assert_not_contains(text, given);
	ht_assert_not_contains(text, family);
	ht_assert_not_contains(text, pnr);
	ht_assert_not_contains(text, pnr + 2); /* the 10-digit form */
}

/* DTSTART in UTC, through the object's own VTIMEZONE. */
static time_t start_utc(icalcomponent *cal, icalcomponent *ev)
{
	icalcomponent *vtz =
		icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	icaltimezone *zone = icaltimezone_new();
	assert_true(icaltimezone_set_component(
		zone, icalcomponent_new_clone(vtz)));
	icalproperty *p = icalcomponent_get_first_property(ev,
	                                                   ICAL_DTSTART_PROPERTY);
	icalparameter *tzid = icalproperty_get_first_parameter(
		p, ICAL_TZID_PARAMETER);
	assert_non_null(tzid);
	assert_string_equal(icalparameter_get_tzid(tzid), "Europe/Stockholm");
	struct icaltimetype t = icalproperty_get_dtstart(p);
	time_t utc = icaltime_as_timet_with_zone(t, zone);
	icaltimezone_free(zone, 1);
	return utc;
}

static time_t utc_of(int y, int mo, int d, int h, int mi)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	                .tm_hour = h, .tm_min = mi};
	return timegm(&tm);
}

static const char *prop_text(icalcomponent *c, icalproperty_kind kind)
{
	icalproperty *p = icalcomponent_get_first_property(c, kind);
	return p ? icalproperty_get_value_as_string(p) : NULL;
}

/* The attendee whose address is `address` (mailto:...), or NULL. */
static icalproperty *attendee(icalcomponent *ev, const char *address)
{
	for (icalproperty *p =
	             icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	     p; p = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY))
		if (strcmp(icalproperty_get_attendee(p), address) == 0)
			return p;
	return NULL;
}

static const char *unit_email(const char *name_like)
{
	return ht_sql_text(&srv, "SELECT email FROM unit WHERE name LIKE ?",
	                   name_like);
}

/* ---- the .ics ---- */

static void test_ics_content(void **state)
{
	(void)state;
	struct ht_client *lars = ht_api_as(&srv, "lars");
	int64_t reads = calendar_reads();
	const char *text;
	icalcomponent *cal = fetch(lars, &text, "REQUEST");
	/* One audit record per fetch. */
	assert_int_equal(calendar_reads(), reads + 1);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_REQUEST);
	assert_string_equal(prop_text(cal, ICAL_VERSION_PROPERTY), "2.0");

	/* The zone, with the EU rule written out. */
	icalcomponent *vtz =
		icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(vtz);
	assert_string_equal(prop_text(vtz, ICAL_TZID_PROPERTY),
	                    "Europe/Stockholm");
	icalcomponent *summer =
		icalcomponent_get_first_component(vtz, ICAL_XDAYLIGHT_COMPONENT);
	icalcomponent *winter =
		icalcomponent_get_first_component(vtz, ICAL_XSTANDARD_COMPONENT);
	assert_non_null(summer);
	assert_non_null(winter);
	assert_string_equal(prop_text(summer, ICAL_RRULE_PROPERTY),
	                    "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3");
	assert_string_equal(prop_text(winter, ICAL_RRULE_PROPERTY),
	                    "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10");
	assert_int_equal(icalproperty_get_tzoffsetto(
		icalcomponent_get_first_property(summer,
		                                 ICAL_TZOFFSETTO_PROPERTY)), 7200);
	assert_int_equal(icalproperty_get_tzoffsetto(
		icalcomponent_get_first_property(winter,
		                                 ICAL_TZOFFSETTO_PROPERTY)), 3600);

	icalcomponent *ev = event_of(cal);
	assert_string_equal(icalcomponent_get_uid(ev),
	                    ht_fmt(&srv, "meeting-%lld@" HOST,
	                           (long long)meeting_id));
	assert_int_equal(icalcomponent_get_sequence(ev), 0);
	assert_string_equal(icalcomponent_get_summary(ev), "SIP-möte");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);
	/* The booked day and time, in December: CET, UTC+1. */
	const char *day = ht_sql_text(&srv, "SELECT meeting_date || ' ' ||"
	                              " start_time FROM meeting WHERE id ="
	                              " CAST(? AS INTEGER)",
	                              ht_fmt(&srv, "%lld",
	                                     (long long)meeting_id));
	int y, mo, d, h, mi;
	assert_int_equal(sscanf(day, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi), 5);
	assert_non_null(strstr(text, ht_fmt(&srv, "DTSTART;TZID=Europe/Stockholm:"
	                                    "%04d%02d%02dT%02d%02d00",
	                                    y, mo, d, h, mi)));
	if (mo < 3 || mo > 10)
		assert_int_equal(start_utc(cal, ev), utc_of(y, mo, d, h, mi) - 3600);
	/* The lead unit organises, the invited units attend. */
	icalproperty *org =
		icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	assert_non_null(org);
	assert_string_equal(icalproperty_get_organizer(org),
	                    ht_fmt(&srv, "mailto:%s",
	                           unit_email("Vårdcentralen Ludvika")));
	icalproperty *home = attendee(ev, ht_fmt(&srv, "mailto:%s",
	                                         unit_email("Hemtjänsten%")));
	assert_non_null(home);
	assert_string_equal(icalparameter_get_cn(icalproperty_get_first_parameter(
		home, ICAL_CN_PARAMETER)), "Hemtjänsten Ludvika");
	assert_non_null(attendee(ev, ht_fmt(&srv, "mailto:%s",
	                                    unit_email("Lasarettet%"))));
	/* Where: the place, or the video link as URL and in DESCRIPTION. */
	const char *video = ht_sql_text(&srv, "SELECT video_link FROM meeting"
	                                " WHERE id = CAST(? AS INTEGER)",
	                                ht_fmt(&srv, "%lld",
	                                       (long long)meeting_id));
	if (video) {
		assert_string_equal(prop_text(ev, ICAL_URL_PROPERTY), video);
		assert_non_null(strstr(icalcomponent_get_description(ev), video));
	} else {
		assert_non_null(icalcomponent_get_location(ev));
	}
	assert_non_null(strstr(icalcomponent_get_description(ev),
	                       ht_fmt(&srv, PUBLIC_URL "/plans/%lld",
	                              (long long)plan_id)));
	assert_no_person(text);
	/* Lines end CRLF and are folded at 75 octets. */
	for (const char *p = text; *p; p++)
		if (*p == '\n')
			assert_true(p > text && p[-1] == '\r');
	for (const char *p = text; *p;) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 75);
		p = eol + 2;
	}
	icalcomponent_free(cal);
	/* A second fetch: a second record. */
	cal = fetch(lars, &text, "REQUEST");
	icalcomponent_free(cal);
	assert_int_equal(calendar_reads(), reads + 2);
	ht_client_free(lars);
}

static void test_ics_access(void **state)
{
	(void)state;
	int64_t reads = calendar_reads();
	/* An unrelated unit: as if the plan did not exist. */
	struct ht_client *olle = ht_api_as(&srv, "olle");
	const struct ht_response *r = ht_get(olle, ics_path(plan_id, meeting_id));
	assert_int_equal(r->status, 404);
	ht_assert_not_contains(r->body, "VCALENDAR");
	ht_assert_not_contains(r->body, given);
	/* The API's path answers the same, a refusal as problem+json. */
	const char *api = api_path(plan_id, meeting_id, "meeting.ics");
	json_decref(ht_assert_problem(ht_get(olle, api), 404));
	ht_client_free(olle);
	struct ht_client *lars = ht_api_as(&srv, "lars");
	assert_int_equal(ht_get(lars, ics_path(999999, meeting_id))->status, 404);
	assert_int_equal(ht_get(lars, "/plans/x/meetings/1/meeting.ics")->status,
	                 404);
	/* No calendar read recorded for the refusals. */
	assert_int_equal(calendar_reads(), reads);
	r = ht_get(lars, api);
	ht_assert_status(r, 200);
	assert_string_equal(r->content_type,
	                    "text/calendar; charset=utf-8; method=REQUEST");
	ht_assert_contains(r->body, "BEGIN:VCALENDAR\r\n");
	reads++;
	/* A meeting of another plan under the path of a plan lars sees:
	 * 404 too. The plan was read to find that out, and that is
	 * recorded. */
	assert_int_equal(ht_get(lars, ics_path(plan_id, held_meeting_id))->status,
	                 404);
	assert_int_equal(calendar_reads(), reads + 1);
	ht_client_free(lars);

	/* An invited unit sees it; a signed-in session works like a token,
	 * and the plan page links each meeting's .ics. */
	struct ht_client *hanna = ht_logged_in(&srv, "hanna");
	const char *text;
	icalcomponent_free(fetch(hanna, &text, "REQUEST"));
	ht_client_free(hanna);
	struct ht_client *page = ht_logged_in(&srv, "lars");
	r = ht_get(page, ht_fmt(&srv, "/plans/%lld", (long long)plan_id));
	ht_assert_page(r, 200);
	assert_non_null(strstr(r->body, ht_fmt(&srv, "href=\"/plans/%lld/"
	                                       "meetings/%lld/meeting.ics\"",
	                                       (long long)plan_id,
	                                       (long long)meeting_id)));
	assert_non_null(strstr(r->body, "Lägg till i kalendern"));
	assert_non_null(strstr(r->body, "Ändra tid eller plats"));
	ht_client_free(page);
	assert_int_equal(calendar_reads(), reads + 2);
}

/* ---- rescheduling ---- */

static json_t *move_body(const char *date, const char *time, int minutes,
                         const char *place)
{
	return json_pack("{s:s, s:s, s:i, s:s?}", "date", date, "start_time",
	                 time, "duration_minutes", minutes, "place", place);
}

static void assert_field(json_t *problem, const char *field)
{
	size_t i;
	json_t *e;
	json_array_foreach(json_object_get(problem, "errors"), i, e)
		if (strcmp(ht_jstr(e, "field"), field) == 0) {
			json_decref(problem);
			return;
		}
	fail_msg("no error for %s", field);
}

static void test_reschedule_refusals(void **state)
{
	(void)state;
	struct ht_client *lars = ht_api_as(&srv, "lars");
	struct ht_client *hanna = ht_api_as(&srv, "hanna");
	struct ht_client *olle = ht_api_as(&srv, "olle");
	struct ht_client *eva = ht_api_as(&srv, "eva");
	const char *path = api_path(plan_id, meeting_id, "reschedule");
	const char *soon = ht_date_in(&srv, 20);
	struct ht_snapshot before;
	ht_snapshot_take(&srv, &before);
	assert_field(ht_api_post(lars, path, move_body("2026-02-30", "10:00", 60,
	                                               "Rum 1"), 422), "date");
	assert_field(ht_api_post(lars, path, move_body(ht_date_in(&srv, -1),
	                                               "10:00", 60, "Rum 1"),
	                         422), "date");
	assert_field(ht_api_post(lars, path, move_body(soon, "25:00", 60,
	                                               "Rum 1"), 422),
	             "start_time");
	assert_field(ht_api_post(lars, path, move_body(soon, "10:00", 5,
	                                               "Rum 1"), 422),
	             "duration_minutes");
	assert_field(ht_api_post(lars, path, move_body(soon, "10:00", 60, NULL),
	                         422), "place");
	/* Nothing changed: the same time and place as booked. */
	const char *id = ht_fmt(&srv, "%lld", (long long)meeting_id);
	json_t *same = json_pack(
		"{s:s, s:s, s:I, s:s?, s:s?}", "date",
		ht_sql_text(&srv, "SELECT meeting_date FROM meeting WHERE id ="
		                  " CAST(? AS INTEGER)", id),
		"start_time",
		ht_sql_text(&srv, "SELECT start_time FROM meeting WHERE id ="
		                  " CAST(? AS INTEGER)", id),
		"duration_minutes",
		(json_int_t)ht_sql_int(&srv, "SELECT duration_minutes FROM meeting"
		                             " WHERE id = CAST(? AS INTEGER)", id),
		"place",
		ht_sql_text(&srv, "SELECT place FROM meeting WHERE id ="
		                  " CAST(? AS INTEGER)", id),
		"video_link",
		ht_sql_text(&srv, "SELECT video_link FROM meeting WHERE id ="
		                  " CAST(? AS INTEGER)", id));
	assert_field(ht_api_post(lars, path, same, 422), "date");
	/* An invited unit may not move it; an unrelated one does not see
	 * the plan. */
	json_decref(ht_api_post(hanna, path, move_body(soon, "10:00", 60,
	                                               "Rum 1"), 403));
	json_decref(ht_api_post(olle, path, move_body(soon, "10:00", 60,
	                                              "Rum 1"), 404));
	/* A meeting of another plan; a held meeting. */
	assert_field(ht_api_post(lars, api_path(plan_id, held_meeting_id,
	                                        "reschedule"),
	                         move_body(soon, "10:00", 60, "Rum 1"), 422),
	             "meeting_id");
	json_decref(ht_api_post(eva, api_path(held_plan_id, held_meeting_id,
	                                      "reschedule"),
	                        move_body(soon, "10:00", 60, "Rum 1"), 409));
	ht_assert_unchanged(&srv, &before);
	/* The page's form: refused, then shown again open with what was
	 * typed and the error (Post/Redirect/Get). */
	struct ht_client *page = ht_logged_in(&srv, "lars");
	const char *plan_page = ht_fmt(&srv, "/plans/%lld", (long long)plan_id);
	const struct ht_response *r = ht_post_form(
		page, ht_fmt(&srv, "%s/meetings/%lld/reschedule", plan_page,
		             (long long)meeting_id),
		"csrf_token", ht_csrf(page), "date", ht_date_in(&srv, -3),
		"start_time", "09:45", "duration_minutes", "60", "place", "Rum 9",
		NULL);
	ht_assert_status(r, 303);
	assert_string_equal(r->location, plan_page);
	r = ht_get(page, plan_page);
	ht_assert_page(r, 200);
	ht_assert_contains(r->body, "class=\"error-summary\"");
	ht_assert_contains(r->body, ht_fmt(&srv, "id=\"details-move-%lld\" open>",
	                                   (long long)meeting_id));
	ht_assert_contains(r->body, "Mötet kan inte ligga bakåt i tiden.");
	ht_assert_contains(r->body, "value=\"09:45\"");
	ht_client_free(page);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM form_refill",
	                            NULL), 0);
	assert_int_equal(ht_sql_int(&srv, "SELECT sequence FROM meeting WHERE"
	                                  " id = CAST(? AS INTEGER)", id), 0);
	ht_client_free(lars);
	ht_client_free(hanna);
	ht_client_free(olle);
	ht_client_free(eva);
}

/* The sink's message to `to` whose calendar part has `needle`: that
 * calendar, decoded (sink's strings are the test's to free). */
static char *mailed_calendar(const char *to, const char *needle)
{
	for (int n = 1; n <= sink_count(&k); n++) {
		char *m = sink_read(&k, n);
		char rcpt[256];
		sink_header(m, "To", rcpt, sizeof rcpt);
		const char *part = strstr(m, "Content-Type: text/calendar;");
		if (strcmp(rcpt, to) != 0 || !part) {
			free(m);
			continue;
		}
		const char *data = strstr(part, "\r\n\r\n");
		assert_non_null(data);
		data += 4;
		const char *end = strstr(data, "\r\n--");
		assert_non_null(end);
		static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
		                        "opqrstuvwxyz0123456789+/";
		char *out = malloc((size_t)(end - data) + 1);
		size_t o = 0;
		unsigned v = 0;
		int bits = 0;
		for (const char *p = data; p < end && *p != '='; p++) {
			const char *x = strchr(a, *p);
			if (*p == '\r' || *p == '\n' || !x)
				continue;
			v = (v << 6) | (unsigned)(x - a);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[o++] = (char)((v >> bits) & 0xff);
			}
		}
		out[o] = '\0';
		/* The whole message, not only the part, says nothing of the
		 * person. */
		assert_no_person(m);
		free(m);
		if (strstr(out, needle))
			return out;
		free(out);
	}
	return NULL;
}

static void test_invitation_mail_has_calendar(void **state)
{
	(void)state;
	const char *to = unit_email("Hemtjänsten%");
	/* The demo's invitations are delivered when the server starts. */
	assert_true(sink_wait_sql(&srv, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state = 'sent'",
	                          ht_sql_int(&srv, "SELECT COUNT(*) FROM outbox",
	                                     NULL)));
	char *cal = mailed_calendar(to, "SEQUENCE:0");
	assert_non_null(cal);
	icalcomponent *c = icalparser_parse_string(cal);
	assert_non_null(c);
	assert_int_equal(icalcomponent_get_method(c), ICAL_METHOD_REQUEST);
	icalcomponent *ev = event_of(c);
	/* The demo queued it before this server's --public-url: its host
	 * is the default's (a deployment keeps one public URL). */
	assert_string_equal(icalcomponent_get_uid(ev),
	                    ht_fmt(&srv, "meeting-%lld@127.0.0.1",
	                           (long long)meeting_id));
	/* Every invited unit is named, also in the first unit's mail. */
	assert_non_null(attendee(ev, ht_fmt(&srv, "mailto:%s",
	                                    unit_email("Lasarettet%"))));
	/* A mail leaves samplan: no video link in it. */
	assert_null(icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY));
	assert_null(strstr(cal, "https://mote."));
	icalcomponent_free(c);
	free(cal);
}

static void test_reschedule(void **state)
{
	(void)state;
	struct ht_client *lars = ht_api_as(&srv, "lars");
	/* Next July: summer time, UTC+2. */
	int year = atoi(ht_date_in(&srv, 0)) + 1;
	const char *july = ht_fmt(&srv, "%04d-07-01", year);
	const char *uid = ht_fmt(&srv, "meeting-%lld@" HOST,
	                         (long long)meeting_id);
	json_t *plan = ht_api_post(lars, api_path(plan_id, meeting_id,
	                                          "reschedule"),
	                           move_body(july, "14:30", 90,
	                                     "Vårdcentralen, rum 3"), 200);
	assert_int_equal(ht_jint(plan, "id"), plan_id);
	json_decref(plan);
	const char *text;
	icalcomponent *cal = fetch(lars, &text, "REQUEST");
	icalcomponent *ev = event_of(cal);
	assert_string_equal(icalcomponent_get_uid(ev), uid);
	assert_int_equal(icalcomponent_get_sequence(ev), 1);
	assert_non_null(strstr(text, ht_fmt(&srv, "DTSTART;TZID=Europe/"
	                                    "Stockholm:%04d0701T143000", year)));
	assert_non_null(strstr(text, ht_fmt(&srv, "DTEND;TZID=Europe/"
	                                    "Stockholm:%04d0701T160000", year)));
	assert_int_equal(start_utc(cal, ev), utc_of(year, 7, 1, 12, 30));
	assert_string_equal(icalcomponent_get_location(ev),
	                    "Vårdcentralen, rum 3");
	icalcomponent_free(cal);
	/* The history says it; the replies given stay. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM plan_event WHERE"
	                                  " action = ?", "meeting_rescheduled"),
	                 1);
	struct ht_client *page = ht_logged_in(&srv, "lars");
	const struct ht_response *r = ht_get(page, ht_fmt(&srv, "/plans/%lld",
	                                                  (long long)plan_id));
	assert_non_null(strstr(r->body, "Möte flyttat"));
	/* Moving it again on the page: its form, CSRF and the redirect. */
	r = ht_post_form(page, ht_fmt(&srv, "/plans/%lld/meetings/%lld/"
	                                    "reschedule",
	                              (long long)plan_id, (long long)meeting_id),
	                 "csrf_token", ht_csrf(page), "date", july,
	                 "start_time", "15:00",
	                 "duration_minutes", "90", "place",
	                 "Vårdcentralen, rum 3", NULL);
	assert_int_equal(r->status, 303);
	assert_non_null(strstr(r->location, "done=meeting_rescheduled"));
	ht_client_free(page);
	cal = fetch(lars, &text, "REQUEST");
	ev = event_of(cal);
	assert_string_equal(icalcomponent_get_uid(ev), uid);
	assert_int_equal(icalcomponent_get_sequence(ev), 2);
	assert_int_equal(start_utc(cal, ev), utc_of(year, 7, 1, 13, 0));
	icalcomponent_free(cal);
	/* The invited units are mailed each change with the .ics. */
	const char *to = unit_email("Hemtjänsten%");
	assert_true(sink_wait_sql(&srv, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state = 'sent' AND dedupe_key LIKE"
	                                " 'meeting:%'", 4));
	char *mailed = mailed_calendar(to, "SEQUENCE:1");
	assert_non_null(mailed);
	assert_non_null(strstr(mailed, "METHOD:REQUEST"));
	assert_non_null(strstr(mailed, "UID:meeting-"));
	free(mailed);
	ht_client_free(lars);
}

static void test_cancel(void **state)
{
	(void)state;
	struct ht_client *lars = ht_api_as(&srv, "lars");
	json_decref(ht_api_post(lars, api_path(plan_id, meeting_id, "cancel"),
	                        json_pack("{s:s}", "reason",
	                                  "Lokalen är inte ledig."), 200));
	const char *text;
	icalcomponent *cal = fetch(lars, &text, "CANCEL");
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_CANCEL);
	icalcomponent *ev = event_of(cal);
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	assert_int_equal(icalcomponent_get_sequence(ev), 3);
	assert_string_equal(icalcomponent_get_uid(ev),
	                    ht_fmt(&srv, "meeting-%lld@" HOST,
	                           (long long)meeting_id));
	/* The reason is the coordinator's free text: not in the entry. */
	ht_assert_not_contains(text, "Lokalen");
	icalcomponent_free(cal);
	/* A cancelled meeting is not moved. */
	struct ht_snapshot before;
	ht_snapshot_take(&srv, &before);
	json_decref(ht_api_post(lars, api_path(plan_id, meeting_id, "reschedule"),
	                        move_body(ht_date_in(&srv, 30), "10:00", 60,
	                                  "Rum 1"), 409));
	ht_assert_unchanged(&srv, &before);
	/* The cancellation is mailed with METHOD:CANCEL. */
	assert_true(sink_wait_sql(&srv, "SELECT COUNT(*) FROM outbox WHERE"
	                                " state = 'sent' AND dedupe_key LIKE"
	                                " 'meeting:%'", 6));
	char *mailed = mailed_calendar(unit_email("Lasarettet%"),
	                               "METHOD:CANCEL");
	assert_non_null(mailed);
	assert_non_null(strstr(mailed, "STATUS:CANCELLED"));
	assert_non_null(strstr(mailed, "SEQUENCE:3"));
	free(mailed);
	ht_client_free(lars);
}

/* A person with protected identity: their mails say no date or place,
 * so they carry no calendar either — neither the invitation nor the
 * change. */
static json_t *parties(void)
{
	return json_pack("[I,I]",
	                 (json_int_t)ht_sql_int(&srv, "SELECT id FROM principal"
	                                              " WHERE name = ?",
	                                        "Region Dalarna"),
	                 (json_int_t)ht_sql_int(&srv, "SELECT id FROM principal"
	                                              " WHERE name = ?",
	                                        "Ludvika kommun"));
}

static void test_protected_no_calendar_in_mail(void **state)
{
	(void)state;
	struct ht_client *eva = ht_api_as(&srv, "eva");
	json_t *p = ht_api_post(eva, "/api/v1/persons",
	                        json_pack("{s:s, s:s, s:s, s:b}", "personnummer",
	                                  ht_pnr("19800808", 17), "given_name",
	                                  "Skyddad", "family_name", "Kalendersson",
	                                  "protected_identity", 1),
	                        201);
	int64_t person = ht_jint(p, "id");
	json_decref(p);
	p = ht_api_post(eva, "/api/v1/plans",
	                json_pack("{s:I, s:s, s:s, s:o}", "person_id",
	                          (json_int_t)person, "initiated_by",
	                          "professional", "need_professional",
	                          "Behöver samordnat stöd.", "principal_ids",
	                          parties()),
	                201);
	int64_t plan = ht_jint(p, "id");
	json_decref(p);
	const char *base = ht_fmt(&srv, "/api/v1/plans/%lld", (long long)plan);
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/consents", base),
	                        json_pack("{s:s, s:s, s:s, s:[s,s], s:o}",
	                                  "given_by", "individual", "form",
	                                  "written", "valid_until",
	                                  ht_date_in(&srv, 365), "scopes", "health",
	                                  "social", "recipient_ids", parties()),
	                        201));
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/preparation", base),
	                        json_pack("{s:s, s:s}", "purpose", "Samordna.",
	                                  "participation", "whole"),
	                        200));
	p = ht_api_post(eva, ht_fmt(&srv, "%s/meetings", base),
	                json_pack("{s:s, s:s, s:i, s:s, s:s}", "date",
	                          ht_date_in(&srv, 5), "start_time", "10:00",
	                          "duration_minutes", 60, "place", "Mottagningen",
	                          "purpose", "Samordna."),
	                201);
	int64_t meeting = ht_jint(json_array_get(json_object_get(p, "meetings"), 0),
	                          "id");
	json_decref(p);
	int64_t spb = ht_sql_int(&srv, "SELECT id FROM unit WHERE hsa_id = ?",
	                         "SE2120000837-SPB1");
	json_decref(ht_api_post(eva, ht_fmt(&srv, "%s/invitations", base),
	                        json_pack("{s:I, s:[{s:I}]}", "meeting_id",
	                                  (json_int_t)meeting, "invitations",
	                                  "unit_id", (json_int_t)spb),
	                        201));
	json_decref(ht_api_post(eva, api_path(plan, meeting, "reschedule"),
	                        move_body(ht_date_in(&srv, 6), "13:00", 60,
	                                  "Mottagningen"), 200));
	const char *key = ht_fmt(&srv, "meeting:%lld:%%", (long long)meeting);
	/* The invitation and the change, both without an attachment. */
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM outbox WHERE"
	                                  " dedupe_key LIKE ?", key), 1);
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM outbox WHERE"
	                                  " dedupe_key LIKE ? AND attachment"
	                                  " IS NULL AND body NOT LIKE '%Datum%'",
	                            key), 1);
	const char *inv = ht_fmt(&srv, "%lld",
	                         (long long)ht_sql_int(&srv, "SELECT id FROM"
	                                               " invitation WHERE"
	                                               " meeting_id = CAST(? AS"
	                                               " INTEGER)",
	                                               ht_fmt(&srv, "%lld",
	                                                      (long long)meeting)));
	assert_int_equal(ht_sql_int(&srv, "SELECT COUNT(*) FROM outbox WHERE"
	                                  " dedupe_key = 'invitation:' || ? AND"
	                                  " attachment IS NULL", inv), 1);
	ht_client_free(eva);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ics_content),
		cmocka_unit_test(test_ics_access),
		cmocka_unit_test(test_invitation_mail_has_calendar),
		cmocka_unit_test(test_reschedule_refusals),
		cmocka_unit_test(test_reschedule),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_protected_no_calendar_in_mail),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
