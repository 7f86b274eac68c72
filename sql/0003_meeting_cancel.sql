-- A booked meeting can be cancelled ("inställt") until it is held, with
-- a reason. Its invitations then no longer await an answer: the invited
-- units stop seeing them in their work lists, and a reply is refused.
-- The meeting and its invitations stay, as the plan's record of what
-- was booked.
ALTER TABLE meeting ADD COLUMN cancelled_at BIGINT;
ALTER TABLE meeting ADD COLUMN cancelled_by BIGINT REFERENCES user_account (id);
ALTER TABLE meeting ADD COLUMN cancel_reason TEXT;
