-- Withdrawal of a consent is recorded as the individual made it: how
-- they said it (in person, by phone, by letter, digitally), when they
-- said it (a local date and time turned into Unix seconds; never in the
-- future, never before the consent was recorded) and which professional
-- received it (a name: the one who heard it need not be the one who
-- records it). withdrawn_at / withdrawn_by stay the time and user of
-- the recording, withdrawal_note the optional note. Rows withdrawn
-- before this migration keep NULL in the new columns.
ALTER TABLE consent ADD COLUMN withdrawal_method TEXT
    CHECK (withdrawal_method IN ('in_person', 'phone', 'letter', 'digital'));
ALTER TABLE consent ADD COLUMN withdrawal_stated_at BIGINT;
ALTER TABLE consent ADD COLUMN withdrawal_received_by TEXT;
