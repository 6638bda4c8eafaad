-- Schema version 1. Released migrations are never edited: add 0002_… instead.

CREATE TABLE templates (
    id          TEXT PRIMARY KEY,
    version     TEXT NOT NULL,
    name        TEXT NOT NULL,
    region      TEXT NOT NULL,
    stage       TEXT NOT NULL,
    builtin     INTEGER NOT NULL CHECK (builtin IN (0, 1)),
    -- The validated template file, as JSON; parsed again on read so old rows meet new validation.
    body        TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE centers (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    region             TEXT NOT NULL,
    center_type        TEXT NOT NULL,
    industry_field     TEXT NOT NULL,
    lead_unit          TEXT NOT NULL,
    organization_mode  TEXT NOT NULL,
    approval_date      TEXT,
    build_period_years INTEGER,
    director           TEXT NOT NULL,
    created_at         TEXT NOT NULL
);
CREATE INDEX centers_by_name ON centers (name);

CREATE TABLE center_cobuild_units (
    center_id INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (center_id, position)
) WITHOUT ROWID;

CREATE TABLE center_committee_members (
    center_id   INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    committee   TEXT NOT NULL,
    name        TEXT NOT NULL,
    affiliation TEXT NOT NULL,
    is_chair    INTEGER NOT NULL CHECK (is_chair IN (0, 1)),
    PRIMARY KEY (center_id, position)
) WITHOUT ROWID;

CREATE TABLE reviews (
    id            INTEGER PRIMARY KEY,
    center_id     INTEGER NOT NULL REFERENCES centers (id),
    template_id   TEXT NOT NULL,
    template_name TEXT NOT NULL,
    stage         TEXT NOT NULL,
    stage_name    TEXT NOT NULL,
    review_date   TEXT NOT NULL,
    place         TEXT NOT NULL,
    organizer     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('preparing', 'scoring', 'consolidating', 'concluded')),
    created_at    TEXT NOT NULL
);
CREATE INDEX reviews_by_date ON reviews (review_date DESC, id DESC);
CREATE INDEX reviews_by_center ON reviews (center_id);

-- The template copy frozen when the review was created: later template edits never change it.
-- Kept out of `reviews` so listing reviews never reads these large rows.
CREATE TABLE review_templates (
    review_id INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    body      TEXT NOT NULL
);

CREATE TABLE experts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    title       TEXT NOT NULL,
    affiliation TEXT NOT NULL,
    expert_type TEXT NOT NULL CHECK (expert_type IN ('technical', 'management', 'policy', 'finance')),
    UNIQUE (name, affiliation)
);

CREATE TABLE panel_members (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    expert_id INTEGER NOT NULL REFERENCES experts (id),
    role      TEXT NOT NULL CHECK (role IN ('chair', 'member')),
    position  INTEGER NOT NULL,
    PRIMARY KEY (review_id, expert_id)
) WITHOUT ROWID;

CREATE TABLE score_sheets (
    id           INTEGER PRIMARY KEY,
    review_id    INTEGER NOT NULL,
    expert_id    INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    updated_at   TEXT NOT NULL,
    submitted_at TEXT,
    UNIQUE (review_id, expert_id),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
);
CREATE INDEX score_sheets_by_status ON score_sheets (review_id, status);

-- One expert's answer to one criterion. Points are whole tenths of a point, never REAL.
CREATE TABLE scores (
    sheet_id      INTEGER NOT NULL REFERENCES score_sheets (id) ON DELETE CASCADE,
    criterion_id  TEXT NOT NULL,
    points_tenths INTEGER CHECK (points_tenths >= 0),
    -- The yes/no answer of a veto item (yes = veto stands) or a checklist item (yes = present).
    yes_no        INTEGER CHECK (yes_no IN (0, 1)),
    comment       TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (sheet_id, criterion_id)
) WITHOUT ROWID;
