-- The outbox: every e-mail samplan sends is first a row here, written in
-- the same transaction as the change that causes it (an invitation, a
-- reminder, a daily summary), so a message exists exactly when that
-- change was committed. The sender (src/mail/sender.c) claims due rows
-- with a lease (store/claim.c), delivers them by SMTP, and marks them
-- sent only after the server accepted them; a refused delivery waits
-- next_attempt_at (exponential back-off) and is given up as 'failed'
-- after a number of attempts. dedupe_key (when not NULL) makes a
-- message that must go once (a summary per user and day) unique.
CREATE TABLE outbox (
    id ID_PK,
    created_at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reminder', 'summary', 'other')),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    dedupe_key TEXT,
    message_token TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until BIGINT,
    sent_at BIGINT,
    last_error TEXT
);
CREATE UNIQUE INDEX outbox_dedupe_key ON outbox (dedupe_key);
CREATE INDEX outbox_due_idx ON outbox (state, next_attempt_at);
CREATE INDEX outbox_created_idx ON outbox (created_at, id);
