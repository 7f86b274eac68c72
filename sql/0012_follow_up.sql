-- 0012 — step 6 as the seeds describe it (issue 9, "Follow-up" and
-- "Plan versions"): a follow-up with its reason, a result per goal and
-- per intervention of the version in force, each principal's own report,
-- its outcome; the individual's approval of a revised version; to whom a
-- version was handed; and the link between a plan and the new plan that
-- replaced it. src/sip/follow_up.c writes all of it.
--
-- Versions stay immutable (0011): the later facts about a version — its
-- results at a follow-up, its approval, its handing over — are rows of
-- their own tables, never updates of plan_version, plan_goal or
-- plan_intervention.

-- One follow-up of a plan, of the version in force when it started.
-- reason: at the planned date, or earlier because the individual's
-- situation changed substantially. The outcome is written once, when the
-- follow-up is concluded; next_date and next_place are set unless the
-- plan was closed.
CREATE TABLE follow_up (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    version_id BIGINT NOT NULL REFERENCES plan_version (id),
    reason TEXT NOT NULL CHECK (reason IN ('planned', 'changed_situation')),
    note TEXT,
    started_at BIGINT NOT NULL,
    started_by BIGINT REFERENCES user_account (id),
    wellbeing TEXT,
    new_information TEXT,
    coordination_needed TEXT CHECK (coordination_needed IN ('yes', 'no')),
    updated_at BIGINT,
    updated_by BIGINT REFERENCES user_account (id),
    outcome TEXT CHECK (outcome IN ('revise', 'new_plan', 'close')),
    next_date TEXT,
    next_place TEXT,
    concluded_at BIGINT,
    concluded_by BIGINT REFERENCES user_account (id)
);
CREATE INDEX follow_up_plan_idx ON follow_up (plan_id, id);

-- The result of one goal at one follow-up: one row per goal, so the
-- agreement's statistics can count goals met.
CREATE TABLE follow_up_goal_result (
    follow_up_id BIGINT NOT NULL REFERENCES follow_up (id),
    goal_id BIGINT NOT NULL REFERENCES plan_goal (id),
    result TEXT NOT NULL CHECK (result IN ('met', 'partly_met', 'not_met',
        'no_longer_relevant')),
    comment TEXT,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES user_account (id),
    PRIMARY KEY (follow_up_id, goal_id)
);

-- The result of one intervention: done as planned, partly, or not done
-- (why is then required), and its effect. unit_id: the unit whose user
-- wrote it (the responsible principal's, or the lead unit's at the
-- meeting).
CREATE TABLE follow_up_intervention_result (
    follow_up_id BIGINT NOT NULL REFERENCES follow_up (id),
    intervention_id BIGINT NOT NULL REFERENCES plan_intervention (id),
    result TEXT NOT NULL CHECK (result IN ('done', 'partly', 'not_done')),
    why TEXT,
    effect TEXT,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES user_account (id),
    unit_id BIGINT REFERENCES unit (id),
    PRIMARY KEY (follow_up_id, intervention_id)
);

-- Each participating principal's account of its own part (seed 000:
-- "Varje huvudman redogör för sitt ansvarsområde").
CREATE TABLE follow_up_report (
    follow_up_id BIGINT NOT NULL REFERENCES follow_up (id),
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    text TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES user_account (id),
    unit_id BIGINT REFERENCES unit (id),
    PRIMARY KEY (follow_up_id, principal_id)
);

-- The individual's approval of a revised version: who (the individual,
-- a guardian, a representative, with names), how, when, recorded by
-- whom. A version without a row here is approved when it was written
-- with individual_approved = 1 (version 1, established at the meeting,
-- and revisions before 0012); otherwise it is a proposal.
CREATE TABLE version_approval (
    version_id BIGINT PRIMARY KEY REFERENCES plan_version (id),
    given_by TEXT NOT NULL CHECK (given_by IN ('individual', 'guardian',
        'representative')),
    names TEXT,
    method TEXT NOT NULL CHECK (method IN ('in_person', 'phone', 'letter',
        'digital')),
    approved_on TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES user_account (id)
);

-- To whom a version was handed, and how (seed 002: "SIP lämnas till den
-- enskilde och om den enskilde så önskar, till närstående").
CREATE TABLE plan_handover (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    version_id BIGINT NOT NULL REFERENCES plan_version (id),
    recipient TEXT NOT NULL CHECK (recipient IN ('individual', 'relative',
        'participant')),
    recipient_name TEXT,
    organisation TEXT,
    method TEXT NOT NULL CHECK (method IN ('paper', 'digital')),
    handed_on TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES user_account (id)
);
CREATE INDEX plan_handover_plan_idx ON plan_handover (plan_id, id);

-- A plan closed with reason new_plan and the plan that replaced it.
CREATE TABLE plan_succession (
    old_plan_id BIGINT PRIMARY KEY REFERENCES plan (id),
    new_plan_id BIGINT NOT NULL UNIQUE REFERENCES plan (id),
    follow_up_id BIGINT REFERENCES follow_up (id),
    at BIGINT NOT NULL
);
