-- 0002 — the SIP process from need to established plan: persons and
-- the people around them, plans and their state history, consents,
-- preparation, meetings, invitations and replies, and immutable plan
-- versions with goals and interventions. See docs/data-model.md.

-- The individual (den enskilde). personnummer is the canonical 12-digit
-- form YYYYMMDDNNNN (samordningsnummer: day + 60). name_search is the
-- lower-cased "given family" for search, filled by samplan.
CREATE TABLE person (
    id ID_PK,
    personnummer TEXT NOT NULL,
    is_coordination_number INTEGER NOT NULL DEFAULT 0 CHECK (is_coordination_number IN (0, 1)),
    birth_date TEXT NOT NULL,
    given_name TEXT NOT NULL,
    family_name TEXT NOT NULL,
    name_search TEXT NOT NULL,
    address TEXT,
    postal_code TEXT,
    city TEXT,
    phone TEXT,
    email TEXT,
    interpreter_language TEXT,
    protected_identity INTEGER NOT NULL DEFAULT 0 CHECK (protected_identity IN (0, 1)),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id),
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX person_personnummer_key ON person (personnummer);
CREATE INDEX person_name_search_idx ON person (name_search);

-- Units that registered a person or took part in one of their plans:
-- the person's record (not their plans) is visible to these units.
CREATE TABLE person_unit (
    person_id BIGINT NOT NULL REFERENCES person (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    since BIGINT NOT NULL,
    PRIMARY KEY (person_id, unit_id)
);
CREATE INDEX person_unit_unit_idx ON person_unit (unit_id);

-- Guardians (vårdnadshavare), relatives (närstående) and representatives
-- (företrädare, god man, förvaltare) of a person.
CREATE TABLE related_person (
    id ID_PK,
    person_id BIGINT NOT NULL REFERENCES person (id),
    role TEXT NOT NULL CHECK (role IN ('guardian', 'relative', 'representative')),
    name TEXT NOT NULL,
    relation TEXT,
    personnummer TEXT,
    phone TEXT,
    email TEXT,
    address TEXT,
    may_read_plan INTEGER NOT NULL DEFAULT 0 CHECK (may_read_plan IN (0, 1)),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id)
);
CREATE INDEX related_person_person_idx ON related_person (person_id);

-- One SIP process for one person. state follows DOMAIN.md's state
-- machine; every change of state is a plan_event row.
CREATE TABLE plan (
    id ID_PK,
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
        'no_longer_needed', 'new_plan', 'moved', 'deceased', 'other')),
    closed_note TEXT,
    closed_at BIGINT,
    coordinator_user_id BIGINT REFERENCES user_account (id),
    current_version_id BIGINT,
    next_follow_up_date TEXT,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX plan_person_idx ON plan (person_id);
CREATE INDEX plan_created_by_idx ON plan (created_by);
CREATE INDEX plan_coordinator_idx ON plan (coordinator_user_id);

-- The principals and other actors involved according to the need
-- assessment (step 1).
CREATE TABLE plan_principal (
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    PRIMARY KEY (plan_id, principal_id)
);

-- The units that take part in a plan, and how: initiating, invited,
-- responsible for an intervention, coordinator's unit. Access follows
-- these rows (src/sip/access.c). left_at ends a unit's part (consent
-- withdrawn stops sharing); rows are never deleted.
CREATE TABLE plan_unit (
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    via TEXT NOT NULL CHECK (via IN ('initiating', 'invited', 'responsible', 'coordinator')),
    joined_at BIGINT NOT NULL,
    left_at BIGINT,
    PRIMARY KEY (plan_id, unit_id, via)
);
CREATE INDEX plan_unit_unit_idx ON plan_unit (unit_id, plan_id);

-- The plan's history: who moved it, when, from which state to which,
-- and why. Append-only.
CREATE TABLE plan_event (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES user_account (id),
    unit_id BIGINT REFERENCES unit (id),
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    detail TEXT
);
CREATE INDEX plan_event_plan_idx ON plan_event (plan_id, id);

-- Step 2. A consent is never general: it names who gave it, how, what
-- may be shared (consent_scope), with whom (consent_recipient) and until
-- when. Withdrawal is final.
CREATE TABLE consent (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    given_by TEXT NOT NULL CHECK (given_by IN ('individual', 'guardians', 'representative', 'cannot_consent')),
    form TEXT NOT NULL CHECK (form IN ('oral', 'written')),
    valid_until TEXT NOT NULL,
    child_informed INTEGER NOT NULL DEFAULT 0 CHECK (child_informed IN (0, 1)),
    child_view TEXT,
    attitude_ascertained TEXT,
    note TEXT,
    recorded_at BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES user_account (id),
    withdrawn_at BIGINT,
    withdrawn_by BIGINT REFERENCES user_account (id),
    withdrawal_note TEXT
);
CREATE INDEX consent_plan_idx ON consent (plan_id);

-- Who gave the consent: the guardians or representative by name (a
-- related_person when registered).
CREATE TABLE consent_giver (
    consent_id BIGINT NOT NULL REFERENCES consent (id),
    related_person_id BIGINT REFERENCES related_person (id),
    name TEXT NOT NULL
);
CREATE INDEX consent_giver_consent_idx ON consent_giver (consent_id);

CREATE TABLE consent_scope (
    consent_id BIGINT NOT NULL REFERENCES consent (id),
    category TEXT NOT NULL CHECK (category IN ('health', 'social', 'school',
        'financial', 'employment', 'housing')),
    PRIMARY KEY (consent_id, category)
);

CREATE TABLE consent_recipient (
    consent_id BIGINT NOT NULL REFERENCES consent (id),
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    PRIMARY KEY (consent_id, principal_id)
);

-- Step 3, with the individual. One row per plan, revised in place while
-- the plan is being prepared (each save is a plan_event).
CREATE TABLE preparation (
    plan_id BIGINT PRIMARY KEY REFERENCES plan (id),
    purpose TEXT NOT NULL,
    individual_goals TEXT,
    individual_questions TEXT,
    invite_wishes TEXT,
    participation TEXT NOT NULL CHECK (participation IN ('whole', 'part', 'phone',
        'video', 'letter', 'film', 'spokesperson', 'not_taking_part')),
    participation_note TEXT,
    interpreter_language TEXT,
    aids TEXT,
    breaks_needed INTEGER NOT NULL DEFAULT 0 CHECK (breaks_needed IN (0, 1)),
    safe_place TEXT,
    relatives_present TEXT,
    child_voice TEXT,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES user_account (id)
);

-- Step 4 and 5. A SIP meeting (or a follow-up meeting): when, where or
-- by video link, why; and, once held, who chaired and took minutes and
-- whether a digital meeting's participants were identified.
CREATE TABLE meeting (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    kind TEXT NOT NULL CHECK (kind IN ('sip', 'follow_up')),
    meeting_date TEXT NOT NULL,
    start_time TEXT NOT NULL,
    duration_minutes BIGINT NOT NULL,
    place TEXT,
    video_link TEXT,
    purpose TEXT NOT NULL,
    held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
    chair TEXT,
    secretary TEXT,
    identity_checked INTEGER NOT NULL DEFAULT 0 CHECK (identity_checked IN (0, 1)),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id)
);
CREATE INDEX meeting_plan_idx ON meeting (plan_id);

-- An invited party: a unit in samplan, or an external party reached by
-- letter or phone whose reply is registered by hand.
CREATE TABLE invitation (
    id ID_PK,
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    unit_id BIGINT REFERENCES unit (id),
    external_name TEXT,
    external_organisation TEXT,
    external_contact TEXT,
    channel TEXT NOT NULL CHECK (channel IN ('system', 'letter', 'phone')),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id),
    reply TEXT CHECK (reply IN ('attend', 'substitute', 'decline')),
    attendee_name TEXT,
    substitute_name TEXT,
    decline_reason TEXT,
    ongoing_interventions TEXT,
    replied_at BIGINT,
    replied_by BIGINT REFERENCES user_account (id),
    reply_registered_by_hand INTEGER NOT NULL DEFAULT 0 CHECK (reply_registered_by_hand IN (0, 1))
);
CREATE INDEX invitation_meeting_idx ON invitation (meeting_id);
CREATE INDEX invitation_plan_idx ON invitation (plan_id);
CREATE INDEX invitation_unit_idx ON invitation (unit_id, reply);
CREATE INDEX invitation_replied_by_idx ON invitation (replied_by);

-- Who took part in a held meeting.
CREATE TABLE meeting_participant (
    id ID_PK,
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    name TEXT NOT NULL,
    role TEXT,
    unit_id BIGINT REFERENCES unit (id),
    invitation_id BIGINT REFERENCES invitation (id)
);
CREATE INDEX meeting_participant_meeting_idx ON meeting_participant (meeting_id);

-- An established plan version. Immutable: samplan never updates a row
-- here, or its goals and interventions; a change is a new version.
CREATE TABLE plan_version (
    id ID_PK,
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    version_no BIGINT NOT NULL,
    meeting_id BIGINT REFERENCES meeting (id),
    purpose TEXT,
    situation TEXT NOT NULL,
    wishes TEXT NOT NULL,
    future_needs TEXT,
    needs TEXT NOT NULL,
    actions_by_others TEXT,
    crisis_plan TEXT,
    coordinator_user_id BIGINT NOT NULL REFERENCES user_account (id),
    coordinator_name TEXT NOT NULL,
    coordinator_title TEXT,
    coordinator_unit_id BIGINT NOT NULL REFERENCES unit (id),
    contact_persons TEXT,
    follow_up_date TEXT NOT NULL,
    follow_up_place TEXT NOT NULL,
    individual_approved INTEGER NOT NULL CHECK (individual_approved IN (0, 1)),
    change_reason TEXT,
    established_at BIGINT NOT NULL,
    established_by BIGINT REFERENCES user_account (id)
);
CREATE UNIQUE INDEX plan_version_no_key ON plan_version (plan_id, version_no);

-- Goals of a version: overall (long-term) and sub-goals (short-term),
-- concrete and accepted by the individual.
CREATE TABLE plan_goal (
    id ID_PK,
    version_id BIGINT NOT NULL REFERENCES plan_version (id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('overall', 'sub')),
    text TEXT NOT NULL
);
CREATE INDEX plan_goal_version_idx ON plan_goal (version_id, position);

-- What is done, toward which goal, who is responsible, how often, when.
CREATE TABLE plan_intervention (
    id ID_PK,
    version_id BIGINT NOT NULL REFERENCES plan_version (id),
    position BIGINT NOT NULL,
    goal_id BIGINT REFERENCES plan_goal (id),
    what TEXT NOT NULL,
    responsible_kind TEXT NOT NULL CHECK (responsible_kind IN ('municipality_unit',
        'region_unit', 'other_actor', 'individual', 'relative')),
    responsible_unit_id BIGINT REFERENCES unit (id),
    responsible_name TEXT NOT NULL,
    contact_name TEXT,
    frequency TEXT,
    timing TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT
);
CREATE INDEX plan_intervention_version_idx ON plan_intervention (version_id, position);
