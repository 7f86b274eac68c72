-- 0016 — the plan as a document (issue 10).
--
-- A plan version is immutable (0011), so what it says is stored once as
-- one document: src/sip/plan_doc.c builds it from the version's rows and
-- writes it here in the same transaction that establishes, revises or
-- approves the version. A plan read parses this row instead of reading
-- the version's tables. `format` is the serialisation's format
-- (PLAN_DOC_FORMAT): a row of an older format is rebuilt from the rows,
-- which stay the truth. The body holds no address or contact detail of
-- the person.
CREATE TABLE plan_version_document (
    version_id BIGINT PRIMARY KEY REFERENCES plan_version (id),
    plan_id BIGINT NOT NULL REFERENCES plan (id),
    format INTEGER NOT NULL,
    body TEXT NOT NULL,
    written_at BIGINT NOT NULL
);
CREATE INDEX plan_version_document_plan_idx ON plan_version_document (plan_id);
