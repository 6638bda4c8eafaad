-- Schema version 8: wrong PINs in a row, per member, so that guessing a PIN on a shared laptop is
-- slowed and then stopped (tic_domain::pin). Kept in the database so a restart does not reset it.
CREATE TABLE pin_attempts (
    review_id       INTEGER NOT NULL,
    expert_id       INTEGER NOT NULL,
    failures        INTEGER NOT NULL CHECK (failures > 0),
    last_failure_at TEXT NOT NULL,
    PRIMARY KEY (review_id, expert_id),
    FOREIGN KEY (review_id, expert_id) REFERENCES panel_members (review_id, expert_id) ON DELETE CASCADE
) WITHOUT ROWID;
