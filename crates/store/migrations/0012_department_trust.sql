-- Schema version 12: signatures the department can trust. An expert's department-issued
-- certificate travels with the certificates above it; an installation in 科技厅 mode keeps its
-- root (key sealed under a passphrase), the register of what it issued and revoked, and the
-- numbers of the revocation lists it published; every installation keeps the roots it trusts
-- and the latest revocation list of each.
CREATE TABLE signing_identity_chains (
    expert_id    INTEGER NOT NULL REFERENCES experts (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    certificate  BLOB NOT NULL,
    PRIMARY KEY (expert_id, position)
);

CREATE TABLE department_root (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    department     TEXT NOT NULL,
    certificate    BLOB NOT NULL,
    encrypted_key  BLOB NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE issued_certificates (
    serial             TEXT PRIMARY KEY,
    holder             TEXT NOT NULL,
    organization       TEXT NOT NULL,
    pool_id            TEXT,
    certificate        BLOB NOT NULL,
    not_before         TEXT NOT NULL,
    not_after          TEXT NOT NULL,
    issued_at          TEXT NOT NULL,
    revoked_at         TEXT,
    revocation_reason  TEXT
);

CREATE TABLE published_crls (
    number     INTEGER PRIMARY KEY,
    crl        BLOB NOT NULL,
    issued_at  TEXT NOT NULL
);

CREATE TABLE trusted_roots (
    fingerprint  TEXT PRIMARY KEY,
    holder       TEXT NOT NULL,
    certificate  BLOB NOT NULL,
    added_at     TEXT NOT NULL
);

CREATE TABLE revocation_lists (
    root_fingerprint  TEXT PRIMARY KEY REFERENCES trusted_roots (fingerprint) ON DELETE CASCADE,
    number            INTEGER,
    crl               BLOB NOT NULL,
    imported_at       TEXT NOT NULL
);

-- A review may require that every package it exchanges is signed with a certificate chaining to
-- a trusted root (besides the key first seen for each member); absent means not required.
CREATE TABLE review_trust_rules (
    review_id        INTEGER PRIMARY KEY REFERENCES reviews (id) ON DELETE CASCADE,
    require_trusted  INTEGER NOT NULL CHECK (require_trusted IN (0, 1)),
    set_at           TEXT NOT NULL
);
