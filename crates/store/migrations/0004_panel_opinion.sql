-- Schema version 4: the panel's opinion (专家组意见) and each member's approval of it.

CREATE TABLE panel_opinions (
    review_id  INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    -- The opinion as JSON (sections, items with their source experts, conclusion, rectifications).
    body       TEXT NOT NULL,
    -- Raised on every save; an approval counts only for the version it was given to.
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE panel_opinion_approvals (
    review_id   INTEGER NOT NULL REFERENCES panel_opinions (review_id) ON DELETE CASCADE,
    expert_id   INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    approved_at TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id)
) WITHOUT ROWID;
