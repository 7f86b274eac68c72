/*
 * ics.c — a meeting as an iCalendar object, built as a libical
 * component tree and serialised by libical (see ics.h): libical escapes
 * the TEXT values, quotes the parameters and folds the lines, so none of
 * that is written by hand here.
 *
 * The VTIMEZONE is written from the rule rather than taken from
 * libical's zone database (icaltimezone_get_builtin_timezone needs the
 * zoneinfo files at run time and writes every historical transition):
 * Sweden has kept the EU rule since 1996, and a calendar needs only the
 * rule to place a meeting in the coming years.
 *
 * Threads: the server's workers (the .ics route, and the mails queued
 * in a step) call this concurrently. libical keeps process-wide state
 * that it sets up lazily without a lock on every path (the built-in UTC
 * zone behind icaltimezone_get_utc_timezone, its error state), so one
 * mutex serialises the whole rendering: a calendar file is made rarely
 * and in well under a millisecond, and the lock rules out a race we
 * would otherwise have to prove absent in libical's code.
 */
#include "doc/ics.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

#define ICS_TZID "Europe/Stockholm"
#define ICS_PRODID "-//samplan//SIP 1.0//SV"

const char *ics_method(const struct ics_event *e)
{
	return e->cancelled ? "CANCEL" : "REQUEST";
}

/* A local wall-clock time, written with TZID=Europe/Stockholm. */
static struct icaltimetype local_time(struct date d, int minutes)
{
	struct icaltimetype t = icaltime_null_time();
	t.year = d.year;
	t.month = d.month;
	t.day = d.day;
	t.hour = minutes / 60;
	t.minute = minutes % 60;
	t.second = 0;
	t.is_date = 0;
	return t;
}

static icalproperty *zoned(icalproperty *p)
{
	icalproperty_add_parameter(p, icalparameter_new_tzid(ICS_TZID));
	return p;
}

/* One observance of the zone: from `from` to `to` seconds east of UTC,
 * named `name`, from 1996 on the last Sunday of `month` at `hour`
 * local time (before the change). */
static icalcomponent *observance(icalcomponent_kind kind, const char *name,
                                 int from, int to, int month, int hour)
{
	icalcomponent *c = icalcomponent_new(kind);
	struct icaltimetype start = icaltime_null_time();
	start.year = 1996;
	start.month = month;
	/* The last Sunday of that month in 1996: 31 March, 27 October. */
	start.day = month == 3 ? 31 : 27;
	start.hour = hour;
	icalcomponent_add_property(c, icalproperty_new_dtstart(start));
	icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(from));
	icalcomponent_add_property(c, icalproperty_new_tzoffsetto(to));
	icalcomponent_add_property(c, icalproperty_new_tzname(name));
	char rule[64];
	snprintf(rule, sizeof rule, "FREQ=YEARLY;BYMONTH=%d;BYDAY=-1SU", month);
	icalcomponent_add_property(
		c, icalproperty_new_rrule(icalrecurrencetype_from_string(rule)));
	return c;
}

static icalcomponent *stockholm(void)
{
	icalcomponent *tz = icalcomponent_new(ICAL_VTIMEZONE_COMPONENT);
	icalcomponent_add_property(tz, icalproperty_new_tzid(ICS_TZID));
	icalcomponent_add_component(
		tz, observance(ICAL_XDAYLIGHT_COMPONENT, "CEST", 3600, 7200, 3, 2));
	icalcomponent_add_component(
		tz, observance(ICAL_XSTANDARD_COMPONENT, "CET", 7200, 3600, 10, 3));
	return tz;
}

/* A name as a parameter value: a quoted-string may hold no '"' and no
 * control character (RFC 5545 §3.1), so those become spaces. */
static char *param_text(const char *s)
{
	char *out = strdup(s ? s : "");
	for (char *p = out; p && *p; p++)
		if (*p == '"' || (unsigned char)*p < ' ' || *p == 0x7f)
			*p = ' ';
	return out;
}

static icalproperty *party(const struct ics_party *x, bool organizer)
{
	char *address;
	if (x->email) {
		size_t n = strlen(x->email) + 8;
		address = malloc(n);
		if (address)
			snprintf(address, n, "mailto:%s", x->email);
	} else {
		address = strdup(x->uri);
	}
	if (!address)
		return NULL;
	icalproperty *p = organizer ? icalproperty_new_organizer(address)
	                            : icalproperty_new_attendee(address);
	free(address);
	char *cn = param_text(x->name);
	if (cn && *cn)
		icalproperty_add_parameter(p, icalparameter_new_cn(cn));
	free(cn);
	if (organizer)
		return p;
	icalproperty_add_parameter(p, icalparameter_new_cutype(
		x->unit ? ICAL_CUTYPE_GROUP : ICAL_CUTYPE_INDIVIDUAL));
	icalproperty_add_parameter(p, icalparameter_new_role(
		ICAL_ROLE_REQPARTICIPANT));
	icalparameter_partstat ps = ICAL_PARTSTAT_NEEDSACTION;
	if (x->partstat && !strcmp(x->partstat, "ACCEPTED"))
		ps = ICAL_PARTSTAT_ACCEPTED;
	else if (x->partstat && !strcmp(x->partstat, "DECLINED"))
		ps = ICAL_PARTSTAT_DECLINED;
	icalproperty_add_parameter(p, icalparameter_new_partstat(ps));
	/* Replies are given in samplan, not by calendar mail. */
	icalproperty_add_parameter(p, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
	return p;
}

static bool party_ok(const struct ics_party *x)
{
	return x->email || (x->uri && *x->uri);
}

/* SUMMARY's word, the link to the plan, and the video link or where it
 * is: nothing about the individual. */
static char *description(const struct ics_event *e)
{
	struct buf b;
	buf_init(&b, 4096);
	buf_printf(&b, "SIP-möte.\nPlanen i samplan: %s", e->plan_url);
	if (e->video_link)
		buf_printf(&b, "\nDigitalt möte: %s", e->video_link);
	else if (e->video_elsewhere)
		buf_puts(&b, "\nLänken till det digitala mötet finns i samplan.");
	if (e->cancelled)
		buf_puts(&b, "\nMötet är inställt.");
	char *s = buf_failed(&b) ? NULL : buf_detach(&b, NULL);
	buf_free(&b);
	return s;
}

static pthread_mutex_t ical_lock = PTHREAD_MUTEX_INITIALIZER;

static bool render(struct buf *out, const struct ics_event *e);

bool ics_meeting(struct buf *out, const struct ics_event *e)
{
	pthread_mutex_lock(&ical_lock);
	bool ok = render(out, e);
	pthread_mutex_unlock(&ical_lock);
	return ok;
}

static bool render(struct buf *out, const struct ics_event *e)
{
	struct date d;
	int start;
	if (!e->date || !date_parse(e->date, &d) || !e->start_time ||
	    !time_parse_hhmm(e->start_time, &start) ||
	    e->duration_minutes <= 0 || e->duration_minutes > 24 * 60 ||
	    !e->host || !e->plan_url || !party_ok(&e->organizer))
		return false;
	for (int i = 0; i < e->nattendees; i++)
		if (!party_ok(&e->attendees[i]))
			return false;
	int end = start + e->duration_minutes;
	struct date end_day = date_from_days(date_to_days(d) + end / (24 * 60));
	char uid[300];
	snprintf(uid, sizeof uid, "meeting-%lld@%s", (long long)e->meeting_id,
	         e->host);
	char *desc = description(e);
	if (!desc)
		return false;

	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	icalcomponent_add_property(cal, icalproperty_new_prodid(ICS_PRODID));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(
		e->cancelled ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));
	icalcomponent_add_component(cal, stockholm());

	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_sequence(
		(int)e->sequence));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(
		icaltime_from_timet_with_zone((time_t)e->stamp, 0,
		                              icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(
		local_time(d, start))));
	icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(
		local_time(end_day, end % (24 * 60)))));
	icalcomponent_add_property(ev, icalproperty_new_summary("SIP-möte"));
	icalcomponent_add_property(ev, icalproperty_new_description(desc));
	if (e->place)
		icalcomponent_add_property(ev, icalproperty_new_location(e->place));
	if (e->video_link)
		icalcomponent_add_property(ev, icalproperty_new_url(e->video_link));
	icalcomponent_add_property(ev, icalproperty_new_status(
		e->cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	/* A work meeting about a person: not shown in detail to those who
	 * see the calendar's free/busy only. */
	icalcomponent_add_property(ev, icalproperty_new_class(
		ICAL_CLASS_CONFIDENTIAL));
	icalcomponent_add_property(ev, icalproperty_new_transp(
		ICAL_TRANSP_OPAQUE));
	bool ok = true;
	icalproperty *org = party(&e->organizer, true);
	ok &= org != NULL;
	if (org)
		icalcomponent_add_property(ev, org);
	for (int i = 0; i < e->nattendees; i++) {
		icalproperty *a = party(&e->attendees[i], false);
		ok &= a != NULL;
		if (a)
			icalcomponent_add_property(ev, a);
	}
	icalcomponent_add_component(cal, ev);
	free(desc);

	char *text = ok ? icalcomponent_as_ical_string_r(cal) : NULL;
	icalcomponent_free(cal);
	if (!text)
		return false;
	ok = buf_puts(out, text);
	free(text);
	return ok;
}
