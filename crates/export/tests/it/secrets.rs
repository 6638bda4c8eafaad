//! Signing keys as stored: only the passphrase-encrypted PKCS#8 (PBES2 with scrypt) reaches the
//! database; the private key itself appears in no byte of the database files.

use p256::pkcs8::DecodePrivateKey;
use pkcs8::pkcs5::pbes2::{PBES2_OID, SCRYPT_OID};

use crate::exchange::{create_review, laptop, PASSPHRASE};

/// The database file and its WAL, as a thief would copy them.
fn database_bytes(path: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    bytes.extend(std::fs::read(wal).unwrap_or_default());
    bytes
}

/// The database's content as a thief who also had the database key would see it: a plain copy.
fn decrypted_bytes(path: &std::path::Path) -> Vec<u8> {
    let plain = path.with_file_name("decrypted-copy.db");
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;",
        crate::TEST_KEY_HEX,
        plain.display()
    ))
    .unwrap();
    std::fs::read(plain).unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_signing_key_is_stored_only_encrypted_under_the_passphrase() {
    let l = laptop();
    let (review, experts) = create_review(&l.store);
    tic_export::create_identity(&l.store, review, experts[0], PASSPHRASE).unwrap();
    let stored = l.store.signing_identity(experts[0]).unwrap().unwrap();

    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(stored.encrypted_key.as_slice()).expect("an EncryptedPrivateKeyInfo");
    assert_eq!(info.encryption_algorithm.oid(), PBES2_OID);
    assert_eq!(info.encryption_algorithm.pbes2().unwrap().kdf.oid(), SCRYPT_OID);
    assert!(info.decrypt("wrong-passphrase").is_err());
    let plain = info.decrypt(PASSPHRASE).unwrap();
    let key = p256::SecretKey::from_pkcs8_der(plain.as_bytes()).unwrap();

    // It is the key of the stored certificate.
    let certificate = tic_sign::CertificateSummary::from_der(&stored.certificate).unwrap();
    assert_eq!(certificate.holder, "孟庆华");
    let identity = tic_export::open_identity(&l.store, experts[0], PASSPHRASE).unwrap();
    let spki = &identity.certificate().tbs_certificate.subject_public_key_info.subject_public_key;
    assert_eq!(spki.raw_bytes(), key.public_key().to_sec1_bytes().as_ref());

    let on_disk = database_bytes(l.store.path().unwrap());
    assert!(!contains(&on_disk, &stored.encrypted_key), "the database pages are encrypted too");
    let content = decrypted_bytes(l.store.path().unwrap());
    assert!(content.starts_with(b"SQLite format 3"));
    assert!(contains(&content, &stored.encrypted_key), "the encrypted key is what is stored");
    for bytes in [&on_disk, &content] {
        assert!(!contains(bytes, key.to_bytes().as_slice()), "the private scalar is not on disk");
        assert!(!contains(bytes, plain.as_bytes()), "the unencrypted PKCS#8 is not on disk");
        assert!(!contains(bytes, PASSPHRASE.as_bytes()), "the passphrase is not on disk");
    }
}
