-- 0011 — an established plan version never changes, and the database
-- says so too: UPDATE and DELETE of plan_version, plan_goal and
-- plan_intervention are refused by triggers. Every row of these tables
-- is an established version or part of one (src/sip/plan_version.c
-- writes them in the transaction that establishes the version); a
-- change to a plan is a new version. The meeting's participants
-- (meeting_participant) belong to the meeting, not to the version, and
-- stay outside this rule. INSERT stays allowed: establishing, revising,
-- `samplan gen` and the bulk copy (src/store/db_copy.c) only insert;
-- db_copy's "DELETE FROM" runs on an empty target and touches no row.
--
-- Both backends abort the statement with an integrity error: SQLite's
-- RAISE(ABORT) gives SQLITE_CONSTRAINT, and PostgreSQL's exception is
-- raised with SQLSTATE 23001 (restrict_violation); db.h reports both as
-- DB_CONSTRAINT, and the message names the table.

-- @sqlite
CREATE TRIGGER plan_version_no_update BEFORE UPDATE ON plan_version
BEGIN
    SELECT RAISE(ABORT, 'plan_version is immutable: an established plan version never changes');
END;
CREATE TRIGGER plan_version_no_delete BEFORE DELETE ON plan_version
BEGIN
    SELECT RAISE(ABORT, 'plan_version is immutable: an established plan version never changes');
END;
CREATE TRIGGER plan_goal_no_update BEFORE UPDATE ON plan_goal
BEGIN
    SELECT RAISE(ABORT, 'plan_goal is immutable: an established plan version never changes');
END;
CREATE TRIGGER plan_goal_no_delete BEFORE DELETE ON plan_goal
BEGIN
    SELECT RAISE(ABORT, 'plan_goal is immutable: an established plan version never changes');
END;
CREATE TRIGGER plan_intervention_no_update BEFORE UPDATE ON plan_intervention
BEGIN
    SELECT RAISE(ABORT, 'plan_intervention is immutable: an established plan version never changes');
END;
CREATE TRIGGER plan_intervention_no_delete BEFORE DELETE ON plan_intervention
BEGIN
    SELECT RAISE(ABORT, 'plan_intervention is immutable: an established plan version never changes');
END;
-- @end

-- @postgresql
CREATE FUNCTION plan_version_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is immutable: an established plan version never changes', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER plan_version_no_change BEFORE UPDATE OR DELETE ON plan_version
    FOR EACH ROW EXECUTE FUNCTION plan_version_immutable();
CREATE TRIGGER plan_goal_no_change BEFORE UPDATE OR DELETE ON plan_goal
    FOR EACH ROW EXECUTE FUNCTION plan_version_immutable();
CREATE TRIGGER plan_intervention_no_change BEFORE UPDATE OR DELETE ON plan_intervention
    FOR EACH ROW EXECUTE FUNCTION plan_version_immutable();
-- TRUNCATE skips row triggers: refuse it for the three tables at once.
CREATE TRIGGER plan_version_no_truncate BEFORE TRUNCATE ON plan_version
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_immutable();
CREATE TRIGGER plan_goal_no_truncate BEFORE TRUNCATE ON plan_goal
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_immutable();
CREATE TRIGGER plan_intervention_no_truncate BEFORE TRUNCATE ON plan_intervention
    FOR EACH STATEMENT EXECUTE FUNCTION plan_version_immutable();
-- @end
