-- Schema version 3: discussion rounds after the blind first round.

CREATE TABLE discussion_rounds (
    review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
    number    INTEGER NOT NULL CHECK (number >= 2),
    -- JSON array of the criterion ids the chair put to discussion.
    criteria  TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    PRIMARY KEY (review_id, number)
) WITHOUT ROWID;

-- A re-score in a discussion round; the first-round answer stays untouched in `scores`.
CREATE TABLE round_answers (
    review_id     INTEGER NOT NULL,
    round         INTEGER NOT NULL,
    expert_id     INTEGER NOT NULL,
    criterion_id  TEXT NOT NULL,
    points_tenths INTEGER CHECK (points_tenths >= 0),
    yes_no        INTEGER CHECK (yes_no IN (0, 1)),
    reason        TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (review_id, round, expert_id, criterion_id),
    FOREIGN KEY (review_id, round) REFERENCES discussion_rounds (review_id, number) ON DELETE CASCADE
) WITHOUT ROWID;
