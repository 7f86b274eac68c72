-- Why a SIP was not offered, as a choice as well as in words (issue 12:
-- "plans started, declined and why"). declined_reason stays the
-- professional's own words, always required; declined_cause is one of a
-- closed set, so the follow-up of the agreement can count the declined
-- by why without reading text that may name a person. A plan declined
-- before this migration had only the words: its cause is "other".
ALTER TABLE plan ADD COLUMN declined_cause TEXT CHECK (declined_cause IN
    ('no_coordination_need', 'one_principal', 'existing_plan',
     'coordinated_otherwise', 'other'));
UPDATE plan SET declined_cause = 'other' WHERE state = 'declined';
-- The declined by period and cause from the index alone, as the closed
-- by reason (0027).
DROP INDEX plan_closed_idx;
CREATE INDEX plan_closed_idx ON plan (state, closed_at, is_discharge,
    closed_reason, declined_cause);
