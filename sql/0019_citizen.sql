-- 0019 — the individual's own samplan (issue 11): citizens sign in at
-- /citizen by personnummer (src/sip/citizen.c).
--
-- A one-time sign-in code, printed on the plan letter or made at the
-- console: stored only as its hash, tied to the personnummer of the one
-- who signs in with it (the individual, a guardian, a relative), single
-- use (used_at), valid until expires_at. created_by is the staff user
-- who made it (NULL: the console).
CREATE TABLE citizen_code (
    id ID_PK,
    code_hash TEXT NOT NULL,
    personnummer TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES user_account (id),
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE UNIQUE INDEX citizen_code_hash_key ON citizen_code (code_hash);
CREATE INDEX citizen_code_personnummer_idx ON citizen_code (personnummer);

-- A citizen's browser session: never a staff session (login_session),
-- so neither can be taken for the other. The audit log names a citizen
-- actor by this row's id ("citizen:ID" in its detail), which keeps the
-- personnummer of the reader out of the log itself.
CREATE TABLE citizen_session (
    id ID_PK,
    token_hash TEXT NOT NULL,
    personnummer TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('code', 'proxy')),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ended_at BIGINT,
    client_addr TEXT
);
CREATE UNIQUE INDEX citizen_session_token_key ON citizen_session (token_hash);
CREATE INDEX citizen_session_personnummer_idx ON citizen_session (personnummer);

-- A child of 15-17 reads their own plans unless a professional has
-- recorded a reason not to: that reason (NULL: none).
ALTER TABLE person ADD COLUMN own_reading_refused TEXT;

-- Guardians, relatives and representatives are found by the
-- personnummer they sign in with.
CREATE INDEX related_person_personnummer_idx ON related_person (personnummer);
