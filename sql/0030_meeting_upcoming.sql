-- The meetings still to come, by date: where the server's reminder of
-- unanswered invitations starts (src/sip/reminder.c, each minute). It
-- read every plan in an open state and their invitations to find the
-- few whose meeting lies ahead: at 10^6 plans a second of a core per
-- tick on SQLite, in every instance.
CREATE INDEX meeting_upcoming_idx ON meeting (meeting_date)
    WHERE held = 0 AND cancelled_at IS NULL;
