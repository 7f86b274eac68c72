-- 0024 — deviations in the collaboration (avvikelser i samverkan,
-- seed 003; issue 12, src/sip/deviation.c).
--
-- A deviation is reported by someone taking part in a plan, against a
-- party of it: a unit (and its principal, kept as it was at the report,
-- so statistics by party do not move when a unit changes principal).
-- Kinds (seed 003):
--   not_started            a party has not started a SIP though there
--                          was a need
--   invitation_unanswered  a party has not answered an invitation
--   treatment_at_meeting   shortcomings in how the individual was
--                          treated at the meeting
--   plan_not_followed      the agreed plan is not followed
--   other
-- Workflow: reported -> received (by the party's unit: a unit
-- administrator or a named handler) -> investigating -> answered (due
-- within 60 days of the report: answer_due) -> closed (with measures).
-- The description names no more personal data than needed; it is shown
-- to the reporter's and the party's units only.
--
-- suggestion: what samplan's data showed when it suggested the report
-- ('invitation_unanswered' for an invitation still unanswered after its
-- meeting was held, 'follow_up_overdue' for a follow-up more than 30
-- days late), or NULL when a person reported it unprompted; a person
-- always decides to report.
CREATE TABLE deviation (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    kind TEXT NOT NULL CHECK (kind IN ('not_started', 'invitation_unanswered',
        'treatment_at_meeting', 'plan_not_followed', 'other')),
    description TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'reported' CHECK (state IN ('reported',
        'received', 'investigating', 'answered', 'closed')),
    suggestion TEXT CHECK (suggestion IN ('invitation_unanswered',
        'follow_up_overdue')),
    invitation_id BIGINT REFERENCES invitation (id),
    reported_at BIGINT NOT NULL,
    reported_by BIGINT NOT NULL REFERENCES user_account (id),
    reporter_unit_id BIGINT NOT NULL REFERENCES unit (id),
    answer_due TEXT NOT NULL,
    handler_user_id BIGINT REFERENCES user_account (id),
    received_at BIGINT,
    investigating_at BIGINT,
    answered_at BIGINT,
    answer TEXT,
    closed_at BIGINT,
    measures TEXT,
    updated_at BIGINT NOT NULL
);
CREATE INDEX deviation_plan_idx ON deviation (plan_id, id);
CREATE INDEX deviation_unit_state_idx ON deviation (unit_id, state);
CREATE INDEX deviation_reporter_unit_idx ON deviation (reporter_unit_id, state);
CREATE INDEX deviation_reported_at_idx ON deviation (reported_at);

-- Each step of a deviation's workflow, with who took it and what they
-- wrote: the progress the reporter sees.
CREATE TABLE deviation_event (
    id ID_PK,
    deviation_id BIGINT NOT NULL REFERENCES deviation (id),
    state TEXT NOT NULL CHECK (state IN ('reported', 'received',
        'investigating', 'answered', 'closed')),
    at BIGINT NOT NULL,
    by_user_id BIGINT NOT NULL REFERENCES user_account (id),
    note TEXT
);
CREATE INDEX deviation_event_deviation_idx ON deviation_event (deviation_id, id);
