-- Schema version 11: a follow-up review (整改复评 / 整改验收) names the review whose conclusion
-- ordered the rectification, so its outcome can be read against it (NM:47, SC:100); a
-- rectification item keeps the files that show it was done, inside the encrypted database; and
-- committee members have roles (NM:29).
CREATE TABLE review_follow_ups (
    review_id          INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    follows_review_id  INTEGER NOT NULL UNIQUE REFERENCES reviews (id)
);

CREATE TABLE rectification_files (
    id                INTEGER PRIMARY KEY,
    rectification_id  INTEGER NOT NULL REFERENCES center_rectifications (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    bytes             BLOB NOT NULL,
    sha256            TEXT NOT NULL,
    added_by          TEXT NOT NULL,
    added_at          TEXT NOT NULL
);
CREATE INDEX rectification_files_by_item ON rectification_files (rectification_id);

-- What each committee member brings (中心主任, 技术专家, 管理专家, 经济专家: NM:29), by the
-- member's position in center_committee_members; absent for members entered by earlier builds.
CREATE TABLE center_committee_roles (
    center_id  INTEGER NOT NULL REFERENCES centers (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    role       TEXT NOT NULL,
    PRIMARY KEY (center_id, position)
);
