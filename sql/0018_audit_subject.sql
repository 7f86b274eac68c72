-- 0018 — a list read is ONE audit record (issue 9, the work list).
--
-- Until now a list of N plans wrote N records of audit_log, each
-- updating its six indexes behind the one audit writer: the busiest
-- coordinator's work list cost ~117 records per request. Now a read of
-- a list writes one chained record (plan.list, invitation.list,
-- person.search) whose person_id and plan_id are NULL, and the pairs the
-- caller was shown go here, one row each, with one secondary index for
-- the per-person search. docs/audit.md tells the record's shape.
--
-- The record's hash covers its subjects: subjects_digest is SHA-256 over
-- the record's sorted (person_id, plan_id) pairs (src/audit/chain.h has
-- the encoding), and a record with a digest is hashed with it
-- ("samplan-audit-v2"). `samplan audit verify` recomputes each digest
-- from these rows, so a subject row changed, added or removed is found.
-- Records written before this migration have no digest and hash as
-- before ("samplan-audit-v1").
ALTER TABLE audit_log ADD COLUMN subjects_digest TEXT;

-- k is the subject's place in the record's sorted list (0, 1, ...). The
-- key (audit_id, k) is the table itself on SQLite (WITHOUT ROWID): the
-- subjects of one record lie together, found by the record's id when a
-- reviewer's search by user, unit or period expands a list record, and
-- by verify. person_id and plan_id may be NULL (a person search names
-- no plan), which a key column may not, hence k. audit_id is a plain
-- number like audit_log's ids, not a foreign key: no per-row check on
-- the audit writer's path; verify finds a subject row without its
-- record.
-- @sqlite
CREATE TABLE audit_subject (
    audit_id BIGINT NOT NULL,
    k INTEGER NOT NULL,
    person_id BIGINT,
    plan_id BIGINT,
    PRIMARY KEY (audit_id, k)
) WITHOUT ROWID;
-- @end
-- @postgresql
CREATE TABLE audit_subject (
    audit_id BIGINT NOT NULL,
    k INTEGER NOT NULL,
    person_id BIGINT,
    plan_id BIGINT,
    PRIMARY KEY (audit_id, k)
);
-- @end
-- The per-person search and the individual's extract.
CREATE INDEX audit_subject_person_idx ON audit_subject (person_id, audit_id);

-- Append-only, refused by the database itself (as 0011 does for plan
-- versions): SQLite's RAISE(ABORT) is SQLITE_CONSTRAINT, PostgreSQL's
-- restrict_violation (23001); db.h reports both as DB_CONSTRAINT.
-- @sqlite
CREATE TRIGGER audit_subject_no_update BEFORE UPDATE ON audit_subject
BEGIN
    SELECT RAISE(ABORT, 'audit_subject is append-only: an audit record never changes');
END;
CREATE TRIGGER audit_subject_no_delete BEFORE DELETE ON audit_subject
BEGIN
    SELECT RAISE(ABORT, 'audit_subject is append-only: an audit record never changes');
END;
-- @end
-- @postgresql
CREATE FUNCTION audit_subject_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_subject is append-only: an audit record never changes'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_subject_no_change BEFORE UPDATE OR DELETE ON audit_subject
    FOR EACH ROW EXECUTE FUNCTION audit_subject_append_only();
CREATE TRIGGER audit_subject_no_truncate BEFORE TRUNCATE ON audit_subject
    FOR EACH STATEMENT EXECUTE FUNCTION audit_subject_append_only();
-- @end
