-- Handwritten signatures, drawn once by each expert and placed in every document they sign.
CREATE TABLE hand_signatures (
    expert_id  INTEGER PRIMARY KEY REFERENCES experts (id) ON DELETE CASCADE,
    png        BLOB NOT NULL,
    updated_at TEXT NOT NULL
);

-- Signing identities: the certificate and the private key encrypted under the holder's
-- passphrase (PKCS#8 PBES2); the passphrase itself is never stored.
CREATE TABLE signing_identities (
    expert_id     INTEGER PRIMARY KEY REFERENCES experts (id) ON DELETE CASCADE,
    certificate   BLOB NOT NULL,
    encrypted_key BLOB NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('generated', 'pkcs12')),
    created_at    TEXT NOT NULL
);
