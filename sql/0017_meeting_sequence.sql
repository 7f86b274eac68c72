-- 0017 — a meeting in the calendar (issue 10, iCalendar).
--
-- A meeting is sent to calendars as an iCalendar event (src/doc/ics.c)
-- whose UID stays the same for the meeting's life; RFC 5545 tells a
-- changed event from the old one by its SEQUENCE. `sequence` counts the
-- changes that the invited parties must see: 0 when booked, one more at
-- every reschedule (meeting_reschedule) and at the cancellation.
ALTER TABLE meeting ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

-- A message may carry one attachment (the meeting's .ics on an
-- invitation, a change or a cancellation): its file name, its MIME type
-- (with parameters, e.g. "text/calendar; method=REQUEST; charset=utf-8")
-- and its text. All three NULL for a text-only message.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
