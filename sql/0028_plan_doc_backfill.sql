-- The formats of the plan version document (0016) every version has been
-- given. Each start (cli_open) looked for versions without a document of
-- the current format, and that look read every version: 16 s at each
-- `samplan serve` and each console command at 10^6 plans. A version
-- written since 0016 gets its document in the transaction that writes
-- it, so once a start has found none missing, the format is recorded
-- here and later starts ask this table only. A new format (another
-- PLAN_DOC_FORMAT) has no row, and its first start rebuilds them all.
CREATE TABLE plan_doc_backfill (
    format BIGINT PRIMARY KEY,
    done_at BIGINT NOT NULL
);
