-- 日志存证: every significant action, appended and hash-chained. Each row's hash covers its own
-- fields and the previous row's hash, so editing, deleting or reordering a row breaks the chain.
-- review_id has no foreign key: the log outlives what it talks about.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    review_id INTEGER,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_review ON audit_log (review_id);
