-- 0021 — the individual's own part of the plan, and their answer to a
-- proposed revision (issue 11, h/cown: src/sip/own_part.c,
-- src/sip/proposal.c).
--
-- The own part: the individual's own words about the situation, what
-- matters to them, and own goals beside the agreed ones. Nothing is
-- ever changed or deleted: every save is a new row, the latest row of
-- an item is what it says now, and the earlier rows are its history.
-- A goal is a row of own_goal; its texts are entries naming it, and an
-- entry with text NULL removes it. Who wrote: the citizen session
-- (citizen_session.id, as the audit log names a citizen) and whether as
-- the individual or as a guardian.
CREATE TABLE own_goal (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX own_goal_plan_idx ON own_goal (plan_id);

CREATE TABLE own_part_entry (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    item TEXT NOT NULL CHECK (item IN ('situation', 'matters', 'goal')),
    own_goal_id BIGINT REFERENCES own_goal (id),
    text TEXT,
    written_at BIGINT NOT NULL,
    citizen_session_id BIGINT NOT NULL REFERENCES citizen_session (id),
    written_as TEXT NOT NULL CHECK (written_as IN ('individual',
        'guardian')),
    CHECK ((item = 'goal') = (own_goal_id IS NOT NULL)),
    CHECK (item = 'goal' OR text IS NOT NULL)
);
CREATE INDEX own_part_entry_plan_idx ON own_part_entry (plan_id, item, id);

-- The individual rejected a proposed revision, with a comment: the
-- proposal stays a proposal, the version in force stays in force, and
-- the lead unit sees the comment on the plan and the approval page.
-- Approving is version_approval (0012), as when staff record it.
CREATE TABLE proposal_rejection (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    version_id BIGINT NOT NULL REFERENCES plan_version (id),
    comment TEXT NOT NULL,
    given_by TEXT NOT NULL CHECK (given_by IN ('individual', 'guardian')),
    names TEXT,
    rejected_at BIGINT NOT NULL,
    citizen_session_id BIGINT NOT NULL REFERENCES citizen_session (id)
);
CREATE INDEX proposal_rejection_plan_idx ON proposal_rejection (plan_id, id);
