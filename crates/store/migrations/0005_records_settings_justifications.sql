-- Schema version 5: a center's operating records, the settings for rules the seeds leave open,
-- and the chair's requests for a justification of a warned score.

CREATE TABLE center_records (
    center_id  INTEGER PRIMARY KEY REFERENCES centers (id) ON DELETE CASCADE,
    -- Director months per year, annual reports, revocation findings, as JSON (see tic_domain::records).
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row: the settings as JSON; absent means the seeds' defaults.
CREATE TABLE settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE justification_requests (
    review_id    INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    expert_id    INTEGER NOT NULL,
    criterion_id TEXT NOT NULL,
    -- The deviation warning as it read when the chair asked, and the chair's own words.
    warning      TEXT NOT NULL,
    request      TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    response     TEXT NOT NULL DEFAULT '',
    responded_at TEXT,
    PRIMARY KEY (review_id, expert_id, criterion_id)
) WITHOUT ROWID;
