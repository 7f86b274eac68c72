/*
 * test_ics.c — src/doc/ics.c without a server: the text it writes is
 * parsed back with libical's parser and checked where a hand-written
 * iCalendar goes wrong.
 *
 *   - The VTIMEZONE's rule, through libical's own conversion: the hour
 *     before and after the switch to summer time (last Sunday of March,
 *     02:00) and back (last Sunday of October, 03:00), in 2027 and 2031.
 *   - A meeting that runs past midnight ends the next day.
 *   - Names with quotes, semicolons, colons and commas stay one
 *     parameter; a long name of åäö is folded without splitting a
 *     character; every line ends CRLF and is at most 75 octets.
 *   - A party without e-mail gets its URN, never an empty mailto:.
 *   - Malformed facts are refused and nothing is written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "doc/ics.h"

static struct ics_event base(void)
{
	static const struct ics_party attendees[] = {
		{.name = "Hemtjänsten \"Norr\"; Ludvika: dag, kväll",
		 .email = "hemtjanst@ludvika.invalid", .unit = true,
		 .partstat = "ACCEPTED"},
		{.name = "Kurator Åsa Öberg-Ärlig med ett långt namn som måste "
		         "vikas på flera rader åäö åäö åäö åäö",
		 .uri = "urn:x-samplan:user:7", .partstat = "DECLINED"},
	};
	return (struct ics_event){
		.meeting_id = 12,
		.host = "samplan.kommun.example",
		.plan_url = "https://samplan.kommun.example/plans/3",
		.date = "2027-03-28",
		.start_time = "03:30",
		.duration_minutes = 60,
		.place = "Vårdcentralen; rum 3, plan 2",
		.sequence = 4,
		.stamp = 1796167306,
		.organizer = {.name = "Eva Lind, Vuxenpsykiatri",
		              .uri = "urn:x-samplan:unit:1", .unit = true},
		.attendees = attendees,
		.nattendees = 2,
	};
}

static char *render(const struct ics_event *e, bool *ok)
{
	static struct buf b;
	buf_free(&b);
	buf_init(&b, 1 << 20);
	*ok = ics_meeting(&b, e);
	return b.data;
}

/* DTSTART or DTEND of text's event in UTC, through its VTIMEZONE. */
static time_t utc(const char *text, icalproperty_kind kind)
{
	icalcomponent *cal = icalparser_parse_string(text);
	assert_non_null(cal);
	icalcomponent *vtz =
		icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	icalcomponent *ev =
		icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(vtz);
	assert_non_null(ev);
	icaltimezone *zone = icaltimezone_new();
	assert_true(icaltimezone_set_component(zone,
	                                       icalcomponent_new_clone(vtz)));
	icalproperty *p = icalcomponent_get_first_property(ev, kind);
	assert_non_null(p);
	struct icaltimetype t = kind == ICAL_DTSTART_PROPERTY
	                        ? icalproperty_get_dtstart(p)
	                        : icalproperty_get_dtend(p);
	time_t out = icaltime_as_timet_with_zone(t, zone);
	icaltimezone_free(zone, 1);
	icalcomponent_free(cal);
	return out;
}

static time_t at(int y, int mo, int d, int h, int mi)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	                .tm_hour = h, .tm_min = mi};
	return timegm(&tm);
}

static void test_zone_rule(void **state)
{
	(void)state;
	static const struct {
		const char *date, *time;
		int y, mo, d, h, mi; /* UTC */
	} cases[] = {
		/* 2027: summer time from 28 March, winter from 31 October. */
		{"2027-03-27", "10:00", 2027, 3, 27, 9, 0},
		{"2027-03-28", "01:30", 2027, 3, 28, 0, 30},
		{"2027-03-28", "03:30", 2027, 3, 28, 1, 30},
		{"2027-07-01", "14:30", 2027, 7, 1, 12, 30},
		{"2027-10-30", "10:00", 2027, 10, 30, 8, 0},
		{"2027-10-31", "10:00", 2027, 10, 31, 9, 0},
		/* 2031: 30 March and 26 October. */
		{"2031-03-29", "12:00", 2031, 3, 29, 11, 0},
		{"2031-03-30", "12:00", 2031, 3, 30, 10, 0},
		{"2031-10-25", "12:00", 2031, 10, 25, 10, 0},
		{"2031-10-26", "12:00", 2031, 10, 26, 11, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct ics_event e = base();
		e.date = cases[i].date;
		e.start_time = cases[i].time;
		bool ok;
		const char *text = render(&e, &ok);
		assert_true(ok);
		if (utc(text, ICAL_DTSTART_PROPERTY) !=
		    at(cases[i].y, cases[i].mo, cases[i].d, cases[i].h, cases[i].mi))
			fail_msg("%s %s: wrong UTC time", cases[i].date,
			         cases[i].time);
	}
}

static void test_past_midnight(void **state)
{
	(void)state;
	struct ics_event e = base();
	e.date = "2027-12-31";
	e.start_time = "23:30";
	e.duration_minutes = 90;
	bool ok;
	const char *text = render(&e, &ok);
	assert_true(ok);
	assert_non_null(strstr(text, "DTEND;TZID=Europe/Stockholm:20280101T"
	                             "010000\r\n"));
	assert_int_equal(utc(text, ICAL_DTEND_PROPERTY), at(2028, 1, 1, 0, 0));
}

static void test_text_and_folding(void **state)
{
	(void)state;
	struct ics_event e = base();
	bool ok;
	const char *text = render(&e, &ok);
	assert_true(ok);
	for (const char *p = text; *p;) {
		const char *eol = strstr(p, "\r\n");
		assert_non_null(eol);
		assert_true(eol - p <= 75);
		/* A continuation line never starts inside a UTF-8 sequence. */
		if (*p == ' ')
			assert_false(((unsigned char)p[1] & 0xc0) == 0x80);
		p = eol + 2;
	}
	icalcomponent *cal = icalparser_parse_string(text);
	assert_non_null(cal);
	assert_int_equal(icalcomponent_get_method(cal), ICAL_METHOD_REQUEST);
	icalcomponent *ev =
		icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_uid(ev),
	                    "meeting-12@samplan.kommun.example");
	assert_int_equal(icalcomponent_get_sequence(ev), 4);
	assert_string_equal(icalcomponent_get_location(ev),
	                    "Vårdcentralen; rum 3, plan 2");
	assert_string_equal(icalcomponent_get_summary(ev), "SIP-möte");
	/* No video link: no URL. */
	assert_null(icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY));
	icalproperty *a =
		icalcomponent_get_first_property(ev, ICAL_ATTENDEE_PROPERTY);
	assert_string_equal(icalproperty_get_attendee(a),
	                    "mailto:hemtjanst@ludvika.invalid");
	/* The '"' is not allowed in a parameter: it became a space. */
	assert_string_equal(icalparameter_get_cn(icalproperty_get_first_parameter(
		                    a, ICAL_CN_PARAMETER)),
	                    "Hemtjänsten  Norr ; Ludvika: dag, kväll");
	assert_int_equal(icalparameter_get_partstat(
		icalproperty_get_first_parameter(a, ICAL_PARTSTAT_PARAMETER)),
		ICAL_PARTSTAT_ACCEPTED);
	assert_int_equal(icalparameter_get_cutype(
		icalproperty_get_first_parameter(a, ICAL_CUTYPE_PARAMETER)),
		ICAL_CUTYPE_GROUP);
	a = icalcomponent_get_next_property(ev, ICAL_ATTENDEE_PROPERTY);
	assert_string_equal(icalproperty_get_attendee(a), "urn:x-samplan:user:7");
	assert_non_null(strstr(icalparameter_get_cn(
		icalproperty_get_first_parameter(a, ICAL_CN_PARAMETER)),
		"åäö åäö åäö åäö"));
	assert_int_equal(icalparameter_get_partstat(
		icalproperty_get_first_parameter(a, ICAL_PARTSTAT_PARAMETER)),
		ICAL_PARTSTAT_DECLINED);
	icalproperty *o =
		icalcomponent_get_first_property(ev, ICAL_ORGANIZER_PROPERTY);
	assert_string_equal(icalproperty_get_organizer(o), "urn:x-samplan:unit:1");
	/* Exactly one mailto: — the attendee with an address. */
	const char *m = strstr(text, "mailto:");
	assert_non_null(m);
	assert_null(strstr(m + 1, "mailto:"));
	icalcomponent_free(cal);

	/* Cancelled; a video link mailed elsewhere. */
	e.cancelled = true;
	e.video_elsewhere = true;
	text = render(&e, &ok);
	assert_true(ok);
	assert_string_equal(ics_method(&e), "CANCEL");
	assert_non_null(strstr(text, "\r\nMETHOD:CANCEL\r\n"));
	assert_non_null(strstr(text, "\r\nSTATUS:CANCELLED\r\n"));
	cal = icalparser_parse_string(text);
	ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_non_null(strstr(icalcomponent_get_description(ev),
	                       "Länken till det digitala mötet finns i samplan."));
	icalcomponent_free(cal);
}

static void test_refuses(void **state)
{
	(void)state;
	struct ics_event e;
	bool ok;
	const char *bad_dates[] = {"2027-02-30", "27-03-01", "", NULL};
	for (int i = 0; i < 4; i++) {
		e = base();
		e.date = bad_dates[i];
		assert_string_equal(render(&e, &ok), "");
		assert_false(ok);
	}
	e = base();
	e.start_time = "24:10";
	render(&e, &ok);
	assert_false(ok);
	e = base();
	e.duration_minutes = 0;
	render(&e, &ok);
	assert_false(ok);
	e = base();
	e.organizer.uri = NULL;
	render(&e, &ok);
	assert_false(ok);
	/* A full buffer: false, not a truncated file. */
	e = base();
	struct buf small;
	buf_init(&small, 200);
	assert_false(ics_meeting(&small, &e));
	buf_free(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_rule),
		cmocka_unit_test(test_past_midnight),
		cmocka_unit_test(test_text_and_folding),
		cmocka_unit_test(test_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
