-- 0022 — anonymous feedback after a meeting (issue 11, src/sip/feedback.c).
--
-- An answer must not lead back to the person who gave it. So it is kept
-- in two tables that share nothing:
--
-- feedback_answer: what was answered, with only the principal of the
--   plan's lead unit and the ISO week of the meeting ("2026-W49"). No
--   plan, meeting, person, session or time. Its key is 16 random bytes
--   (hex), not a counter, and on SQLite the table has no rowid (rows
--   are kept in the order of that random key), so neither the key nor
--   the storage order says which answer came when. Each question is
--   1-4 (1 = not at all, 4 = yes, fully) or 0 for "I do not want to
--   answer".
--
-- feedback_given: that someone has answered for a meeting: the meeting
--   and a keyed hash (BLAKE2b, key in feedback_key) of the meeting id and
--   the personnummer, so one person answers once per meeting and the
--   table alone does not name them. No time, no link to the answer row.
--
-- Both are written in one transaction (feedback_give).
CREATE TABLE feedback_answer (
    id TEXT NOT NULL PRIMARY KEY,
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    iso_week TEXT NOT NULL,
    listened INTEGER NOT NULL CHECK (listened BETWEEN 0 AND 4),
    understood INTEGER NOT NULL CHECK (understood BETWEEN 0 AND 4),
    said_what_mattered INTEGER NOT NULL CHECK (said_what_mattered BETWEEN 0 AND 4),
    prepared INTEGER NOT NULL CHECK (prepared BETWEEN 0 AND 4),
    free_text TEXT
)
-- @sqlite
WITHOUT ROWID
-- @end
;
CREATE INDEX feedback_answer_principal_week_idx ON feedback_answer (principal_id, iso_week);

CREATE TABLE feedback_given (
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    giver_hash TEXT NOT NULL,
    PRIMARY KEY (meeting_id, giver_hash)
);

-- The key of feedback_given's hash: one row, made on first use.
CREATE TABLE feedback_key (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    secret TEXT NOT NULL
);
