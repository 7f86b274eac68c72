-- 0015 — the forms, tried as a new user would (issue 9).
--
-- A substitute is a professional of the invited unit (seed 002:
-- "ersättare ... inom den egna verksamheten"): invitation_reply stores
-- who, by user id, and keeps substitute_name, the name as shown, for
-- display and for the replies registered by hand for parties outside
-- samplan, who have no user.
ALTER TABLE invitation ADD COLUMN substitute_user_id BIGINT REFERENCES user_account (id);

-- Post/Redirect/Get after a refused form (src/sip/form_refill.c): what
-- was posted and what was wrong, kept for the browser session that
-- posted it until the form's GET shows it once, at most 15 minutes.
-- Keyed by a hash of the session's CSRF token (never the token itself),
-- so any instance behind the same database answers the GET. The posted
-- text may hold personal data: it is deleted when read, and every save
-- deletes what has expired.
CREATE TABLE form_refill (
    id ID_PK,
    session_hash TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    problem_kind INTEGER NOT NULL,
    problem_detail TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX form_refill_key_idx ON form_refill (session_hash, path);
CREATE INDEX form_refill_expires_idx ON form_refill (expires_at);
CREATE TABLE form_refill_error (
    refill_id BIGINT NOT NULL REFERENCES form_refill (id),
    position BIGINT NOT NULL,
    field TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (refill_id, position)
);

-- The coordinator may also be recorded as the person's fast vårdkontakt
-- (the permanent care contact of HSL 6 kap. 2 §), a fact of the version
-- written when it is established (0011's triggers keep it unchanged).
ALTER TABLE plan_version ADD COLUMN coordinator_fast_care_contact INTEGER NOT NULL DEFAULT 0
    CHECK (coordinator_fast_care_contact IN (0, 1));

-- Who is responsible for an intervention may be several (seed 000: "Anna
-- och Elena"; a unit with the individual): plan_intervention keeps the
-- first, this table the others, in order, written with the version and
-- never changed (the rule of 0011 holds for it too). version_id is the
-- intervention's, so a version's parties are read through one index.
CREATE TABLE plan_intervention_party (
    intervention_id BIGINT NOT NULL REFERENCES plan_intervention (id),
    version_id BIGINT NOT NULL REFERENCES plan_version (id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('municipality_unit', 'region_unit',
        'other_actor', 'individual', 'relative')),
    unit_id BIGINT REFERENCES unit (id),
    PRIMARY KEY (intervention_id, position)
);
CREATE INDEX plan_intervention_party_version_idx
    ON plan_intervention_party (version_id, intervention_id, position);
CREATE INDEX plan_intervention_party_unit_idx ON plan_intervention_party (unit_id);

-- @sqlite
CREATE TRIGGER plan_intervention_party_no_update BEFORE UPDATE ON plan_intervention_party
BEGIN
    SELECT RAISE(ABORT, 'plan_intervention_party is immutable: an established plan version never changes');
END;
CREATE TRIGGER plan_intervention_party_no_delete BEFORE DELETE ON plan_intervention_party
BEGIN
    SELECT RAISE(ABORT, 'plan_intervention_party is immutable: an established plan version never changes');
END;
-- @end
-- @postgresql
CREATE TRIGGER plan_intervention_party_no_change BEFORE UPDATE OR DELETE ON plan_intervention_party
    FOR EACH ROW EXECUTE FUNCTION plan_version_immutable();
CREATE TRIGGER plan_intervention_party_no_truncate BEFORE TRUNCATE ON plan_intervention_party
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_immutable();
-- @end
