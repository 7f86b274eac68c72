-- 0020 — the individual decides who sees what (issue 11, branch
-- h/cconsent): narrowing a consent from /citizen, requests to the
-- coordinator, and the notices the parties see in their work lists
-- (src/sip/citizen_consent.c, src/sip/notice.c).
--
-- One row per narrowing of a consent: what the consent was before is
-- never lost. Exactly one of removed_principal_id, removed_category or
-- new_valid_until says what changed (old_valid_until is the date it had
-- then, in every row). citizen_session_id names who did it, as the
-- audit log does (citizen_session.id; never the personnummer).
CREATE TABLE consent_narrowing (
    id ID_PK,
    consent_id BIGINT NOT NULL REFERENCES consent (id),
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    at BIGINT NOT NULL,
    citizen_session_id BIGINT REFERENCES citizen_session (id),
    removed_principal_id BIGINT REFERENCES principal (id),
    removed_category TEXT CHECK (removed_category IN ('health', 'social',
        'school', 'financial', 'employment', 'housing')),
    old_valid_until TEXT NOT NULL,
    new_valid_until TEXT
);
CREATE INDEX consent_narrowing_consent_idx ON consent_narrowing (consent_id, id);

-- What the individual asked the coordinator for from /citizen: to widen
-- a consent (kind consent_widen: a consent, optionally a later date, and
-- the principals and categories of citizen_request_item) or to meet
-- earlier for a follow-up (kind follow_up). text is in their own words.
CREATE TABLE citizen_request (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    kind TEXT NOT NULL CHECK (kind IN ('consent_widen', 'follow_up')),
    consent_id BIGINT REFERENCES consent (id),
    citizen_session_id BIGINT REFERENCES citizen_session (id),
    created_at BIGINT NOT NULL,
    text TEXT NOT NULL,
    wished_valid_until TEXT
);
CREATE INDEX citizen_request_plan_idx ON citizen_request (plan_id, id);

CREATE TABLE citizen_request_item (
    request_id BIGINT NOT NULL REFERENCES citizen_request (id),
    principal_id BIGINT REFERENCES principal (id),
    category TEXT CHECK (category IN ('health', 'social', 'school',
        'financial', 'employment', 'housing'))
);
CREATE INDEX citizen_request_item_request_idx ON citizen_request_item (request_id);

-- A notice to the parties of a plan (the coordinator and every unit
-- taking part see it in their work list while they may see the plan).
-- detail is written by samplan in plain words and holds no free text;
-- request_id points to what the individual wrote, which only the lead
-- unit is shown.
CREATE TABLE plan_notice (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    kind TEXT NOT NULL CHECK (kind IN ('consent_narrowed',
        'consent_withdrawn', 'consent_widen_requested', 'follow_up_requested',
        'revision_rejected')),
    created_at BIGINT NOT NULL,
    detail TEXT,
    request_id BIGINT REFERENCES citizen_request (id),
    citizen_session_id BIGINT REFERENCES citizen_session (id),
    created_by BIGINT REFERENCES user_account (id)
);
CREATE INDEX plan_notice_plan_idx ON plan_notice (plan_id, id);

-- A unit has seen a notice (per unit: each party marks its own).
CREATE TABLE plan_notice_seen (
    notice_id BIGINT NOT NULL REFERENCES plan_notice (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    seen_at BIGINT NOT NULL,
    seen_by BIGINT REFERENCES user_account (id),
    PRIMARY KEY (notice_id, unit_id)
);
