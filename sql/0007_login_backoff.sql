-- Login throttling per source address as well as per account
-- (src/sip/auth.c). One row per counter:
--   scope 'pair'    (username, client_addr): failures of one account
--                   from one address;
--   scope 'address' ('', client_addr): failures from one address over
--                   all usernames (guessing across accounts);
--   scope 'account' (username, ''): failures of one account from all
--                   addresses (a distributed guess); it delays only
--                   addresses that have themselves failed for the
--                   account, so its owner can still sign in from their
--                   own address.
-- A counter is forgotten a day after its last failure. The rows are the
-- shared state of every samplan process on one database.
CREATE TABLE login_backoff (
    scope TEXT NOT NULL CHECK (scope IN ('pair', 'address', 'account')),
    username TEXT NOT NULL,
    client_addr TEXT NOT NULL,
    failures BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    locked_until BIGINT NOT NULL,
    PRIMARY KEY (scope, username, client_addr)
);
CREATE INDEX login_backoff_age ON login_backoff (last_failure_at);
-- Replaced: it counted per username only, so anyone who knew a username
-- could lock its owner out.
DROP TABLE login_throttle;
