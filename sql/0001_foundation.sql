-- 0001 — organisations, staff users, sessions, API tokens, login
-- throttling and the audit log. See docs/data-model.md.

-- A municipality or region (huvudman), or another actor (Försäkringskassan,
-- a school, ...) that takes part in plans but is not a principal.
CREATE TABLE principal (
    id ID_PK,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'other_actor')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX principal_name_key ON principal (name);

-- An organisational unit (verksamhet/enhet) of a principal or actor.
-- hsa_id is the directory's identifier (HSA-id style, e.g. SE2321000032-1234).
CREATE TABLE unit (
    id ID_PK,
    hsa_id TEXT NOT NULL,
    name TEXT NOT NULL,
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    parent_id BIGINT REFERENCES unit (id),
    email TEXT,
    phone TEXT,
    postal_address TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX unit_hsa_id_key ON unit (hsa_id);
CREATE INDEX unit_principal_idx ON unit (principal_id);
CREATE INDEX unit_parent_idx ON unit (parent_id);

-- A staff user. Never deleted: the audit trail refers to users for ever.
CREATE TABLE user_account (
    id ID_PK,
    username TEXT NOT NULL,
    full_name TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL CHECK (role IN ('professional', 'unit_admin', 'system_admin')),
    password_hash TEXT NOT NULL,
    lang TEXT CHECK (lang IN ('sv', 'en')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deactivated_at BIGINT
);
CREATE UNIQUE INDEX user_account_username_key ON user_account (username);

CREATE TABLE user_unit (
    user_id BIGINT NOT NULL REFERENCES user_account (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX user_unit_unit_idx ON user_unit (unit_id);

-- A browser session. The cookie holds a random token; only its hash is
-- stored, so a copy of the database does not log anyone in.
CREATE TABLE login_session (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES user_account (id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at BIGINT,
    client_addr TEXT
);
CREATE INDEX login_session_user_idx ON login_session (user_id);

-- A bearer token for the API, stored as a hash; revocable.
CREATE TABLE api_token (
    id ID_PK,
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES user_account (id),
    label TEXT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE UNIQUE INDEX api_token_hash_key ON api_token (token_hash);
CREATE INDEX api_token_user_idx ON api_token (user_id);

-- Failed logins per username, shared by every samplan process.
CREATE TABLE login_throttle (
    username TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL
);

-- Who did what with which personal data, when and from where
-- (Patientdatalagen 4 kap.). Append-only: samplan never updates or
-- deletes a row. person_id and plan_id are plain numbers, not foreign
-- keys, so the log never blocks anything and outlives what it describes.
CREATE TABLE audit_log (
    id ID_PK,
    at BIGINT NOT NULL,
    user_id BIGINT REFERENCES user_account (id),
    unit_id BIGINT REFERENCES unit (id),
    action TEXT NOT NULL,
    person_id BIGINT,
    plan_id BIGINT,
    client_addr TEXT,
    detail TEXT
);
CREATE INDEX audit_log_user_idx ON audit_log (user_id, id);
CREATE INDEX audit_log_person_idx ON audit_log (person_id, id);
CREATE INDEX audit_log_plan_idx ON audit_log (plan_id, id);
