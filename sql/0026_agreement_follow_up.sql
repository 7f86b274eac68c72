-- 0026 — the role agreement_follow_up (uppföljningsgrupp): the follow-up
-- group of the county's SIP agreement reads the statistics (/statistics,
-- its CSV files and GET /api/v1/statistics; src/sip/statistics.c,
-- docs/statistics.md) and no plan or person.
--
-- user_account.role has a CHECK constraint: PostgreSQL replaces it;
-- SQLite rebuilds the table as 0006 did (new table with every current
-- column, copy, drop, rename, the username index again). A later
-- migration that rebuilds user_account must copy every column that
-- exists by then.

-- @postgresql
ALTER TABLE user_account DROP CONSTRAINT user_account_role_check;
ALTER TABLE user_account ADD CONSTRAINT user_account_role_check
    CHECK (role IN ('professional', 'unit_admin', 'system_admin',
        'audit_reviewer', 'agreement_follow_up'));
-- @end

-- @sqlite
CREATE TABLE user_account_new (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    full_name TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL CHECK (role IN ('professional', 'unit_admin',
        'system_admin', 'audit_reviewer', 'agreement_follow_up')),
    password_hash TEXT NOT NULL,
    lang TEXT CHECK (lang IN ('sv', 'en')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deactivated_at BIGINT
);
INSERT INTO user_account_new (id, username, full_name, title, email, phone,
    role, password_hash, lang, active, created_at, updated_at, deactivated_at)
SELECT id, username, full_name, title, email, phone,
    role, password_hash, lang, active, created_at, updated_at, deactivated_at
FROM user_account;
DROP TABLE user_account;
ALTER TABLE user_account_new RENAME TO user_account;
CREATE UNIQUE INDEX user_account_username_key ON user_account (username);
-- @end

-- The plan's milestones, for the time from the need to each step: the
-- first consent, the first invitation and the first held SIP meeting.
-- Kept by the steps that write them (plan_milestones_refresh,
-- src/sip/plan.c, with the same text as this backfill), so the figures
-- read one row per plan instead of three look-ups.
ALTER TABLE plan ADD COLUMN first_consent_at BIGINT;
ALTER TABLE plan ADD COLUMN first_invitation_at BIGINT;
ALTER TABLE plan ADD COLUMN first_meeting_date TEXT;
UPDATE plan SET
    first_consent_at = (SELECT MIN(c.recorded_at) FROM consent c
        WHERE c.plan_id = plan.id),
    first_invitation_at = (SELECT MIN(i.created_at) FROM invitation i
        WHERE i.plan_id = plan.id),
    first_meeting_date = (SELECT MIN(m.meeting_date) FROM meeting m
        WHERE m.plan_id = plan.id AND m.kind = 'sip' AND m.held = 1
        AND m.cancelled_at IS NULL);

-- The figures read plans by period: started (need_assessed_at, with the
-- kind, initiator and milestones so the figures of the plans started
-- read the index alone), declined and closed (closed_at), and the
-- ongoing plans by state (with the next follow-up date, for the share
-- that has one).
CREATE INDEX plan_need_assessed_idx ON plan (need_assessed_at, is_discharge,
    initiated_by, first_consent_at, first_invitation_at, first_meeting_date);
CREATE INDEX plan_closed_at_idx ON plan (closed_at);
CREATE INDEX plan_state_idx ON plan (state, next_follow_up_date);
-- Follow-ups by the day they were concluded.
CREATE INDEX follow_up_concluded_idx ON follow_up (concluded_at);
-- Unanswered invitations by when they were sent; evaluations by period.
CREATE INDEX invitation_unanswered_idx ON invitation (created_at)
    WHERE reply IS NULL;
CREATE INDEX meeting_evaluation_created_idx ON meeting_evaluation (created_at);
