-- Need-to-know access to a person (docs/sip-process.md, "Who sees a
-- person's record"). Registering a personnummer that samplan already
-- held used to link the caller's unit to the record as if it had
-- registered the person. Only the unit that really registered them
-- keeps that ground: a row counts as registered when the user who
-- created the person is in that unit. The others keep their row (it
-- says the unit once took part) but it no longer opens the record.
UPDATE person_unit SET registered = 0
WHERE registered = 1
  AND NOT EXISTS (SELECT 1 FROM person p JOIN user_unit uu ON uu.user_id = p.created_by
                  WHERE p.id = person_unit.person_id AND uu.unit_id = person_unit.unit_id);

