-- The statistics read their facts by period from indexes that hold every
-- column the figure needs (issue 12: the county page at national scale).
-- With the time column alone, each fact in the period cost a look-up of
-- its row, and at 10^5 plans those look-ups were most of the page's
-- 0.3 s: 44 000 evaluations, the goal results' follow-ups, the
-- deviations. The plans declined and closed are found by state first
-- (SQLite read every closed plan through plan_state_idx and checked the
-- period on each).
DROP INDEX plan_closed_at_idx;
CREATE INDEX plan_closed_idx ON plan (state, closed_at, is_discharge,
    closed_reason);
-- A follow-up keeps the date it was due (the follow-up date of the
-- version it follows up), written when it starts: "held on time" then
-- needs no look-up of the version, whose rows are wide (at 10^6 plans
-- that look-up per follow-up was a fifth of the county page).
ALTER TABLE follow_up ADD COLUMN due_date TEXT;
UPDATE follow_up SET due_date = (SELECT v.follow_up_date FROM plan_version v
    WHERE v.id = follow_up.version_id);
DROP INDEX follow_up_concluded_idx;
CREATE INDEX follow_up_concluded_idx ON follow_up (concluded_at, plan_id,
    outcome, due_date, id);
-- The goal results of those follow-ups, without reading a result row.
CREATE INDEX follow_up_goal_result_result_idx ON follow_up_goal_result
    (follow_up_id, result);
DROP INDEX invitation_unanswered_idx;
-- reply, always NULL here, is a column too: SQLite counts a partial
-- index as covering only when it holds the columns of its WHERE.
CREATE INDEX invitation_unanswered_idx ON invitation (created_at,
    meeting_id, unit_id, plan_id, reply) WHERE reply IS NULL;
-- The unanswered invitations leave out those of cancelled meetings: the
-- few cancelled ones by their own index (PostgreSQL joined every
-- meeting to find them).
CREATE INDEX meeting_cancelled_idx ON meeting (id) WHERE cancelled_at IS NOT NULL;
DROP INDEX meeting_evaluation_created_idx;
CREATE INDEX meeting_evaluation_created_idx ON meeting_evaluation
    (created_at, plan_id, individual_in_focus, everyone_heard);
DROP INDEX deviation_reported_at_idx;
CREATE INDEX deviation_reported_at_idx ON deviation (reported_at, kind,
    principal_id, plan_id, answered_at);
