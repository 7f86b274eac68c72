-- The meetings by date: where the server's reminder of unanswered
-- invitations starts, with the meetings still to come (src/sip/
-- reminder.c, each minute). It read every plan in an open state and
-- their invitations to find the few whose meeting lies ahead: at 10^6
-- plans a second of a core per tick on SQLite, in every instance.
-- Not a partial index of the meetings not held and not cancelled:
-- SQLite then read that whole index inside the work list's per-plan
-- counts of unanswered invitations, whose WHERE it satisfies.
CREATE INDEX meeting_date_idx ON meeting (meeting_date);
