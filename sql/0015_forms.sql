-- 0015 — the forms, tried as a new user would (issue 9).
--
-- A substitute is a professional of the invited unit (seed 002:
-- "ersättare ... inom den egna verksamheten"): invitation_reply stores
-- who, by user id, and keeps substitute_name, the name as shown, for
-- display and for the replies registered by hand for parties outside
-- samplan, who have no user.
ALTER TABLE invitation ADD COLUMN substitute_user_id BIGINT REFERENCES user_account (id);
