-- Schema version 2: what an expert does on a site visit.

-- 回避声明 and 保密承诺: an expert scores only after declaring, and a recused expert never scores.
CREATE TABLE declarations (
    review_id        INTEGER NOT NULL,
    expert_id        INTEGER NOT NULL,
    conflict         TEXT NOT NULL CHECK (conflict IN ('none', 'recused')),
    reason           TEXT NOT NULL,
    pledge_signed_at TEXT NOT NULL,
    declared_at      TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Shared-laptop mode: each member's PIN, as an Argon2 hash (PHC string).
CREATE TABLE expert_pins (
    review_id INTEGER NOT NULL,
    expert_id INTEGER NOT NULL,
    pin_hash  TEXT NOT NULL,
    set_at    TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE opinions (
    sheet_id               INTEGER PRIMARY KEY REFERENCES score_sheets (id) ON DELETE CASCADE,
    strengths              TEXT NOT NULL,
    problems               TEXT NOT NULL,
    suggestions            TEXT NOT NULL,
    remarks                TEXT NOT NULL,
    recommended_conclusion INTEGER,
    updated_at             TEXT NOT NULL
);

-- Every submission of a sheet, with the full content, so any two can be compared.
CREATE TABLE sheet_revisions (
    sheet_id     INTEGER NOT NULL REFERENCES score_sheets (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    snapshot     TEXT NOT NULL,
    PRIMARY KEY (sheet_id, number)
) WITHOUT ROWID;

CREATE TABLE sheet_reopenings (
    id          INTEGER PRIMARY KEY,
    sheet_id    INTEGER NOT NULL REFERENCES score_sheets (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    reopened_at TEXT NOT NULL
);

-- 实地考察记录: what the expert saw, each entry linked to the criteria it supports.
CREATE TABLE site_notes (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL,
    expert_id  INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('people', 'facility', 'document', 'observation')),
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
);
CREATE INDEX site_notes_by_expert ON site_notes (review_id, expert_id);

CREATE TABLE site_note_criteria (
    note_id      INTEGER NOT NULL REFERENCES site_notes (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    PRIMARY KEY (note_id, criterion_id)
) WITHOUT ROWID;

-- Photos are files in the store's photo folder, named by their SHA-256; this is their record.
CREATE TABLE photos (
    id            INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL,
    expert_id     INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    original_name TEXT NOT NULL,
    mime          TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
    size_bytes    INTEGER NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    -- From the photo's EXIF DateTimeOriginal, as written by the camera (local time, no zone).
    taken_at      TEXT,
    caption       TEXT NOT NULL,
    added_at      TEXT NOT NULL,
    UNIQUE (review_id, expert_id, sha256),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
);

CREATE TABLE photo_criteria (
    photo_id     INTEGER NOT NULL REFERENCES photos (id) ON DELETE CASCADE,
    criterion_id TEXT NOT NULL,
    PRIMARY KEY (photo_id, criterion_id)
) WITHOUT ROWID;
