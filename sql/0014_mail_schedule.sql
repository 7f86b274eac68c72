-- Reminders of unanswered invitations and the daily summary per user
-- (src/sip/reminder.c, src/sip/daily_summary.c). Both make "sent once"
-- a fact of the database rather than of one server's memory: the row
-- below is inserted in the same transaction as its outbox row, and a
-- unique key refuses the second of two `samplan serve` that decide the
-- same thing at the same moment (on PostgreSQL the second waits for the
-- first's commit and then inserts nothing).

-- A reminder of one invitation: sent by the lead unit by hand, or by
-- the server when the invitation has waited too long. automatic_key is
-- "<invitation id>:<n>" for the n-th automatic reminder of an
-- invitation (NULL for manual ones), so each automatic reminder exists
-- once however many servers decide it.
CREATE TABLE invitation_reminder (
    id ID_PK,
    invitation_id BIGINT NOT NULL REFERENCES invitation (id),
    kind TEXT NOT NULL CHECK (kind IN ('manual', 'automatic')),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id),
    automatic_key TEXT
);
CREATE UNIQUE INDEX invitation_reminder_automatic_key ON invitation_reminder (automatic_key);
CREATE INDEX invitation_reminder_invitation_idx ON invitation_reminder (invitation_id, created_at);

-- One daily summary per user and local day (YYYY-MM-DD): its existence
-- is what "already sent today" means. created_at is where the next
-- summary's "new since" begins.
CREATE TABLE mail_summary (
    user_id BIGINT NOT NULL REFERENCES user_account (id),
    day TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, day)
);
CREATE INDEX mail_summary_created_idx ON mail_summary (user_id, created_at);

-- Professionals named in an invitation to their unit: members of the
-- invited unit who get the written invitation (and its reminders) at
-- their own address too, besides the unit's functional mailbox. The
-- invitation's meeting is repeated so that a plan read finds a meeting's
-- named professionals with one index look-up.
CREATE TABLE invitation_professional (
    invitation_id BIGINT NOT NULL REFERENCES invitation (id),
    user_id BIGINT NOT NULL REFERENCES user_account (id),
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    PRIMARY KEY (invitation_id, user_id)
);
CREATE INDEX invitation_professional_meeting_idx ON invitation_professional (meeting_id, invitation_id);
CREATE INDEX invitation_professional_user_idx ON invitation_professional (user_id);
