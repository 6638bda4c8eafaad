-- A center's history: the decisions its department recorded (受理, 公示, 批复, 认定, 限期整改,
-- 整改验收, 继续支持, 撤销). The center's status and its approval date are read from these rows;
-- centers.approval_date is no longer read or written.
CREATE TABLE center_decisions (
    id              INTEGER PRIMARY KEY,
    center_id       INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    decided_on      TEXT NOT NULL,
    -- 文号 of the department's document.
    document_number TEXT NOT NULL DEFAULT '',
    -- The review whose conclusion the decision follows; no foreign key, the history outlives it.
    review_id       INTEGER,
    -- 整改期限, for 限期整改.
    due_on          TEXT,
    note            TEXT NOT NULL DEFAULT '',
    recorded_by     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX center_decisions_by_center ON center_decisions (center_id, decided_on);

-- An approval date typed into the center form by an earlier build becomes its first decision.
INSERT INTO center_decisions (center_id, kind, decided_on, note, recorded_by, recorded_at)
SELECT id, 'approve', approval_date, '由中心信息中的批复日期转入', '系统', created_at
FROM centers WHERE approval_date IS NOT NULL;

-- A review is finished once (已完成): when the chair exports the signed 专家组意见 or finalizes it.
-- The compliance checks of that moment are kept with the settings they were computed with, so a
-- later change of the center's data or of the settings does not change a concluded review.
CREATE TABLE review_conclusions (
    review_id       INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    concluded_at    TEXT NOT NULL,
    concluded_by    TEXT NOT NULL,
    opinion_version INTEGER NOT NULL,
    -- JSON: the compliance checks as they stood.
    checks          TEXT NOT NULL,
    -- JSON: the settings they were computed with.
    settings        TEXT NOT NULL
);

-- 整改事项: the rectification items of a finished review's 专家组意见, followed up as items of the
-- center until someone confirms them done with evidence.
CREATE TABLE center_rectifications (
    id           INTEGER PRIMARY KEY,
    center_id    INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    review_id    INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    item         TEXT NOT NULL,
    deadline     TEXT,
    evidence     TEXT NOT NULL DEFAULT '',
    done_on      TEXT,
    confirmed_by TEXT,
    confirmed_at TEXT,
    UNIQUE (review_id, position)
);
