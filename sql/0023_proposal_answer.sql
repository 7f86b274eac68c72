-- 0023 — the individual's answer to a proposed revision may carry a
-- comment either way (issue 11: "approve or reject ... with a
-- comment"). proposal_rejection (0021) keeps every commented answer
-- given in Min SIP: `answer` says which it was. A rejection always has
-- its comment; an approval has a row only when the individual wrote one
-- (the approval itself is version_approval's, as for staff).
ALTER TABLE proposal_rejection ADD COLUMN answer TEXT NOT NULL DEFAULT 'rejected'
    CHECK (answer IN ('approved', 'rejected'));
