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
DROP INDEX follow_up_concluded_idx;
CREATE INDEX follow_up_concluded_idx ON follow_up (concluded_at, plan_id,
    outcome, version_id, id);
DROP INDEX invitation_unanswered_idx;
CREATE INDEX invitation_unanswered_idx ON invitation (created_at,
    meeting_id, unit_id, plan_id) WHERE reply IS NULL;
DROP INDEX meeting_evaluation_created_idx;
CREATE INDEX meeting_evaluation_created_idx ON meeting_evaluation
    (created_at, plan_id, individual_in_focus, everyone_heard);
DROP INDEX deviation_reported_at_idx;
CREATE INDEX deviation_reported_at_idx ON deviation (reported_at, kind,
    principal_id, plan_id, answered_at);
