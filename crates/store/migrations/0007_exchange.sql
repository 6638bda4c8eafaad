-- Schema version 7: one laptop per expert. Reviews travel as signed review packages (chair →
-- experts) and come back as signed score-sheet packages (expert → chair).

-- A review's identity across laptops. On the chair's laptop (origin 'local') the uid is made when
-- the review package is first exported; on an expert's laptop (origin 'imported') it is the uid of
-- the package the review came from, with the chair's certificate fingerprint.
CREATE TABLE review_exchange (
    review_id         INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    uid               TEXT NOT NULL UNIQUE,
    origin            TEXT NOT NULL CHECK (origin IN ('local', 'imported')),
    chair_fingerprint TEXT,
    created_at        TEXT NOT NULL
);

-- The certificate first seen for each member of a review (trust on first use): a later package
-- signed by any other key is refused. The chair confirms the fingerprint with the expert in person.
CREATE TABLE member_keys (
    review_id     INTEGER NOT NULL,
    expert_id     INTEGER NOT NULL,
    fingerprint   TEXT NOT NULL,
    holder        TEXT NOT NULL,
    certificate   BLOB NOT NULL,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Every score-sheet package imported, kept whole, so that nothing an expert sent is ever lost:
-- the one applied to the sheet, older revisions (history) and conflicting ones.
CREATE TABLE sheet_packages (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL,
    expert_id       INTEGER NOT NULL,
    revision        INTEGER NOT NULL,
    -- SHA-256 of the signed manifest: the same file imported twice has the same value.
    manifest_sha256 TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    exported_at     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    -- sheet.json and site-visit.json as they were in the package; photos are in the photo folder.
    sheet           TEXT NOT NULL,
    site_visit      TEXT NOT NULL,
    hand_signature  BLOB,
    applied         INTEGER NOT NULL CHECK (applied IN (0, 1)),
    -- Another package claims the same revision with different content; the chair decides.
    conflict        INTEGER NOT NULL CHECK (conflict IN (0, 1)),
    UNIQUE (review_id, expert_id, manifest_sha256),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
);
CREATE INDEX sheet_packages_by_member ON sheet_packages (review_id, expert_id, revision);
