-- A unit sees a person's record on one of two grounds: it registered the
-- person itself (registered = 1), or it takes part in one of the
-- person's plans. When a consent is withdrawn, the units that leave the
-- plan and have no other ground lose the record too: ended_at is set
-- (sharing stops — docs/data-model.md, person_unit). A unit that
-- registers the person, or joins another of their plans, gets it back.
ALTER TABLE person_unit ADD COLUMN registered INTEGER NOT NULL DEFAULT 0 CHECK (registered IN (0, 1));
ALTER TABLE person_unit ADD COLUMN ended_at BIGINT;

-- Rows from before this migration do not say why they were made: count
-- a row as registered when the user who registered the person is in
-- that unit.
UPDATE person_unit SET registered = 1
WHERE EXISTS (SELECT 1 FROM person p JOIN user_unit uu ON uu.user_id = p.created_by
              WHERE p.id = person_unit.person_id AND uu.unit_id = person_unit.unit_id);
