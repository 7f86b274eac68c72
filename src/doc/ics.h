/*
 * ics.h — a meeting as an iCalendar object (RFC 5545), written with
 * libical: the .ics that a calendar imports, served at
 * /plans/{id}/meetings/{mid}/meeting.ics and attached to the invitation
 * mails (iMIP, RFC 6047).
 *
 * The renderer knows no domain type: it takes the plain facts of
 * struct ics_event, which src/sip/meeting_calendar.c reads for the one
 * meeting. So the domain's mails can attach the same text the page
 * serves without src/doc/ depending on src/sip/ or the other way round
 * beyond this header.
 *
 * What the event says, and what it never says: SUMMARY is "SIP-möte",
 * DESCRIPTION says the same and gives the link to the plan in samplan,
 * where the access rules apply. There is no name, personnummer, purpose
 * or address of the individual in it — a calendar entry is copied to
 * phones, shared calendars and mail servers beyond samplan's control.
 * The parties are the staff's: the lead unit (with the coordinator's
 * name) as ORGANIZER, the invited units and the named professionals as
 * ATTENDEE.
 *
 * Times are wall-clock times in Europe/Stockholm (DTSTART;TZID=...),
 * with the zone's VTIMEZONE written out (CET/CEST by the EU rule: last
 * Sunday of March 02:00 → CEST, last Sunday of October 03:00 → CET), so
 * a client that knows no zone database places the meeting right. The
 * UID is the meeting's for its whole life ("meeting-<id>@<host>"); a
 * reschedule or the cancellation raises SEQUENCE, and a cancelled
 * meeting is METHOD:CANCEL with STATUS:CANCELLED, so a calendar that
 * imported the meeting updates or removes that entry.
 */
#ifndef SAMPLAN_DOC_ICS_H
#define SAMPLAN_DOC_ICS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buf.h"

/* The organizer or an attendee. */
struct ics_party {
	const char *name;     /* CN: a unit's name, a professional's name */
	const char *email;    /* a sendable address (mailto:), or NULL */
	const char *uri;      /* the address when there is no e-mail: a URI
	                         naming the party in samplan (required then) */
	bool unit;            /* CUTYPE=GROUP (a unit), else INDIVIDUAL */
	const char *partstat; /* attendees: NEEDS-ACTION, ACCEPTED, DECLINED */
};

struct ics_event {
	int64_t meeting_id;
	const char *host;       /* of samplan's public URL: the UID's domain */
	const char *plan_url;   /* the link to the plan in samplan */
	const char *date;       /* YYYY-MM-DD, in Europe/Stockholm */
	const char *start_time; /* HH:MM */
	int duration_minutes;
	const char *place;      /* LOCATION, or NULL */
	const char *video_link; /* URL and in DESCRIPTION, or NULL */
	bool video_elsewhere;   /* a video meeting whose link is left out
	                           (mail): DESCRIPTION says it is in samplan */
	int64_t sequence;
	bool cancelled;         /* METHOD:CANCEL, STATUS:CANCELLED */
	int64_t stamp;          /* DTSTAMP: when this object was made */
	struct ics_party organizer;
	const struct ics_party *attendees;
	int nattendees;
};

/* "REQUEST" or "CANCEL": the METHOD of e's object, also the method
 * parameter of its Content-Type. */
const char *ics_method(const struct ics_event *e);

/* Append e as one VCALENDAR (METHOD, PRODID, VERSION, the VTIMEZONE of
 * Europe/Stockholm, one VEVENT) to out, CRLF line ends, lines folded at
 * 75 octets. False when a fact is malformed (date, time, duration, a
 * party without address) — a programmer's error, the caller answers 500
 * — or out is full. */
bool ics_meeting(struct buf *out, const struct ics_event *e);

#endif
