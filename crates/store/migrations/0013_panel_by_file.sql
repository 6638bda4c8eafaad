-- Schema version 13: the panel's discussion and approval travel by file (package format 1.2).

-- What a discussion round put to the panel besides its criteria: the chair's question, and on a
-- member's laptop the scores before the round as the chair's round package carried them (JSON;
-- NULL on the chair's laptop, which has the matrix itself).
CREATE TABLE round_briefs (
    review_id INTEGER NOT NULL,
    number    INTEGER NOT NULL,
    question  TEXT NOT NULL,
    scores    TEXT,
    PRIMARY KEY (review_id, number),
    FOREIGN KEY (review_id, number) REFERENCES discussion_rounds (review_id, number) ON DELETE CASCADE
) WITHOUT ROWID;

-- The consolidated scores and conclusion a version of the panel opinion was sent with: on the
-- chair's laptop what the opinion package showed the members, on a member's what it received.
CREATE TABLE opinion_briefs (
    review_id       INTEGER NOT NULL REFERENCES panel_opinions (review_id) ON DELETE CASCADE,
    version         INTEGER NOT NULL,
    -- JSON: members, rows of scores with the panel's value, total, grade, conclusion in words.
    matrix          TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    PRIMARY KEY (review_id, version)
) WITHOUT ROWID;

-- A member's objection to a version of the panel opinion, with their reason (dissent). A member
-- has either an approval or an objection as their latest answer, never both.
CREATE TABLE panel_opinion_objections (
    review_id   INTEGER NOT NULL REFERENCES panel_opinions (review_id) ON DELETE CASCADE,
    expert_id   INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    objected_at TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id)
) WITHOUT ROWID;

-- Every approval package imported on the chair's laptop, kept whole: the one counted, those for
-- an older version, and those an answer given later replaced.
CREATE TABLE approval_packages (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL,
    expert_id       INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    decision        TEXT NOT NULL CHECK (decision IN ('approve', 'object')),
    reason          TEXT NOT NULL,
    responded_at    TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    exported_at     TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    hand_signature  BLOB,
    applied         INTEGER NOT NULL CHECK (applied IN (0, 1)),
    UNIQUE (review_id, expert_id, manifest_sha256),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
);

-- 专家抽取: each pool expert's fields (专业领域), a review's draw (make-up, rules, seed and outcome
-- as JSON, so it can be printed and redrawn as it was), and the chair's rating of each member
-- after a review (1 较差 … 4 优秀, with a comment), kept with the pool.
CREATE TABLE expert_fields (
    expert_id INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    field     TEXT NOT NULL,
    PRIMARY KEY (expert_id, field)
) WITHOUT ROWID;

CREATE TABLE panel_draws (
    review_id INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    make_up   TEXT NOT NULL,
    rules     TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    drawn_by  TEXT NOT NULL,
    drawn_at  TEXT NOT NULL,
    -- When the roster was built from the draw; the draw is final from then on.
    seated_at TEXT
);

CREATE TABLE expert_ratings (
    review_id INTEGER NOT NULL,
    expert_id INTEGER NOT NULL,
    rating    INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    comment   TEXT NOT NULL,
    rated_by  TEXT NOT NULL,
    rated_at  TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
) WITHOUT ROWID;
