-- 0006 — the role audit_reviewer (logggranskare): reads the audit log
-- (pages /audit, the report, the CSV export) and no plan or person
-- content. See docs/audit.md.
--
-- user_account.role has a CHECK constraint. PostgreSQL replaces it;
-- SQLite cannot alter a CHECK and rebuilds the table (the procedure in
-- SQLite's "ALTER TABLE" manual: new table, copy, drop, rename). The
-- migration runner turns SQLite's foreign keys off for this and checks
-- them before the commit (src/store/migrate.c); the other tables'
-- REFERENCES user_account (id) point at the rebuilt table by name.

-- @postgresql
ALTER TABLE user_account DROP CONSTRAINT user_account_role_check;
ALTER TABLE user_account ADD CONSTRAINT user_account_role_check
    CHECK (role IN ('professional', 'unit_admin', 'system_admin', 'audit_reviewer'));
-- @end

-- @sqlite
CREATE TABLE user_account_new (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    full_name TEXT NOT NULL,
    title TEXT,
    email TEXT,
    phone TEXT,
    role TEXT NOT NULL CHECK (role IN ('professional', 'unit_admin', 'system_admin', 'audit_reviewer')),
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

-- The reviewers' searches: by unit and by period (audit_log.at).
CREATE INDEX audit_log_unit_idx ON audit_log (unit_id, id);
CREATE INDEX audit_log_at_idx ON audit_log (at);
