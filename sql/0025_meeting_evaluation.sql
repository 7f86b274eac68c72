-- 0025 — the participants' evaluation of a held SIP meeting (seed 003,
-- Bilaga 3; issue 12, src/sip/evaluation.c), and paper feedback.
--
-- meeting_evaluation: one per participating professional and meeting,
-- given once the meeting is held: what worked well, what could be done
-- differently, and two questions on a scale of 1-4 (1 = not at all,
-- 4 = yes, fully; 0 = cannot say): was the individual in focus, was
-- everyone heard. The unit and its principal are the evaluator's at the
-- time (statistics by party).
CREATE TABLE meeting_evaluation (
    id ID_PK,
    meeting_id BIGINT NOT NULL REFERENCES meeting (id),
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    user_id BIGINT NOT NULL REFERENCES user_account (id),
    unit_id BIGINT NOT NULL REFERENCES unit (id),
    principal_id BIGINT NOT NULL REFERENCES principal (id),
    individual_in_focus INTEGER NOT NULL CHECK (individual_in_focus BETWEEN 0 AND 4),
    everyone_heard INTEGER NOT NULL CHECK (everyone_heard BETWEEN 0 AND 4),
    worked_well TEXT,
    do_differently TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (meeting_id, user_id)
);
CREATE INDEX meeting_evaluation_plan_idx ON meeting_evaluation (plan_id);
CREATE INDEX meeting_evaluation_principal_idx ON meeting_evaluation (principal_id, created_at);

-- Anonymous feedback also arrives on the paper form, typed in by the
-- coordinator (feedback_enter_paper): the channel is all that tells the
-- two apart, so the figures can be read with that in mind. Paper
-- answers have no feedback_given row (the form carries no name).
ALTER TABLE feedback_answer ADD COLUMN channel TEXT NOT NULL DEFAULT 'digital'
    CHECK (channel IN ('digital', 'paper'));
