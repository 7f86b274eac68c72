-- 0013 — closing per principal (issue 9, DOMAIN.md step 7).
--
-- 1. plan.closed_reason gets the reason "individual_wish" (the
--    individual's own wish to end the SIP), and plan gets
--    closed_participation: how the individual took part in the closing
--    ("the coordinator closes it together with the individual"):
--    present, informed by phone, informed by letter, or did not take
--    part. Both stay CHECK constraints, as every enumeration of the
--    schema (sql/README.md): the database refuses a value that the
--    domain (src/sip/closing.c) would refuse, whoever writes it.
--    PostgreSQL replaces the constraint and adds the column; SQLite
--    cannot alter a CHECK and rebuilds the table (as 0006 does for
--    user_account): new table, copy, drop, rename, indexes again. The
--    other tables' REFERENCES plan (id) point at the rebuilt table by
--    name; the migration runner checks them before the commit.
--    A later migration that rebuilds plan must copy every column that
--    exists by then.
-- 2. plan_closing_note: each principal that takes part documents its own
--    closing ("Varje huvudman ansvarar för att dokumentera avslutet"),
--    once per plan: who, when, for which unit, and what. Append-only, as
--    the history.

-- @postgresql
ALTER TABLE plan DROP CONSTRAINT plan_closed_reason_check;
ALTER TABLE plan ADD CONSTRAINT plan_closed_reason_check
    CHECK (closed_reason IN ('consent_withdrawn', 'goals_met',
        'no_longer_needed', 'new_plan', 'moved', 'deceased', 'other',
        'individual_wish'));
ALTER TABLE plan ADD COLUMN closed_participation TEXT
    CHECK (closed_participation IN ('present', 'phone', 'letter', 'absent'));
-- @end

-- @sqlite
CREATE TABLE plan_new (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES person (id),
    state TEXT NOT NULL CHECK (state IN ('need_assessed', 'declined', 'consent',
        'preparing', 'invited', 'active', 'follow_up', 'closed')),
    initiating_unit_id BIGINT NOT NULL REFERENCES unit (id),
    lead_unit_id BIGINT NOT NULL REFERENCES unit (id),
    initiated_by TEXT NOT NULL CHECK (initiated_by IN ('professional', 'individual', 'relative')),
    initiator_name TEXT,
    need_individual TEXT,
    need_professional TEXT NOT NULL,
    other_actors TEXT,
    is_discharge INTEGER NOT NULL DEFAULT 0 CHECK (is_discharge IN (0, 1)),
    hospital_episode TEXT,
    need_assessed_at BIGINT NOT NULL,
    declined_reason TEXT,
    closed_reason TEXT CHECK (closed_reason IN ('consent_withdrawn', 'goals_met',
        'no_longer_needed', 'new_plan', 'moved', 'deceased', 'other',
        'individual_wish')),
    closed_note TEXT,
    closed_at BIGINT,
    coordinator_user_id BIGINT REFERENCES user_account (id),
    current_version_id BIGINT,
    next_follow_up_date TEXT,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id),
    updated_at BIGINT NOT NULL,
    closed_participation TEXT
        CHECK (closed_participation IN ('present', 'phone', 'letter', 'absent'))
);
INSERT INTO plan_new (id, person_id, state, initiating_unit_id, lead_unit_id,
    initiated_by, initiator_name, need_individual, need_professional,
    other_actors, is_discharge, hospital_episode, need_assessed_at,
    declined_reason, closed_reason, closed_note, closed_at,
    coordinator_user_id, current_version_id, next_follow_up_date,
    created_at, created_by, updated_at)
SELECT id, person_id, state, initiating_unit_id, lead_unit_id,
    initiated_by, initiator_name, need_individual, need_professional,
    other_actors, is_discharge, hospital_episode, need_assessed_at,
    declined_reason, closed_reason, closed_note, closed_at,
    coordinator_user_id, current_version_id, next_follow_up_date,
    created_at, created_by, updated_at
FROM plan;
DROP TABLE plan;
ALTER TABLE plan_new RENAME TO plan;
CREATE INDEX plan_person_idx ON plan (person_id);
CREATE INDEX plan_created_by_idx ON plan (created_by);
CREATE INDEX plan_coordinator_idx ON plan (coordinator_user_id);
-- @end

CREATE TABLE plan_closing_note (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    user_id BIGINT REFERENCES user_account (id),
    note TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (plan_id, principal_id)
);
