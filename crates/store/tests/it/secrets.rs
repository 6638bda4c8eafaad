//! PINs as stored: an Argon2id hash with strong settings, never the PIN, in no byte of the files.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use rusqlite::types::ValueRef;

use crate::sheets::panel;

const PIN: &str = "73915028";

#[test]
fn a_pin_is_stored_as_an_argon2id_hash_and_never_as_the_pin() {
    let p = panel();
    p.store.set_pin(p.review, p.member, PIN).unwrap();
    let path = p.store.path().unwrap().to_owned();

    let conn = crate::fixtures::keyed(&path);
    let stored: String =
        conn.query_row("SELECT pin_hash FROM expert_pins WHERE expert_id = ?1", [p.member.0], |r| r.get(0)).unwrap();
    let hash = PasswordHash::new(&stored).expect("a PHC string");
    assert_eq!(hash.algorithm.as_str(), "argon2id");
    // At least the memory and passes of OWASP's Argon2id minimum (19 MiB, 2 passes), which are
    // the argon2 crate's defaults: guessing 10^8 PINs stays slow even with the file in hand.
    let param = |name: &str| hash.params.get_decimal(name).unwrap();
    assert!(param("m") >= 19_456 && param("t") >= 2 && param("p") >= 1, "{stored}");
    assert!(hash.salt.is_some_and(|s| s.len() >= 16), "{stored}");
    assert!(Argon2::default().verify_password(PIN.as_bytes(), &hash).is_ok(), "it is the PIN's hash");
    assert!(Argon2::default().verify_password(b"73915029", &hash).is_err());

    // No stored value anywhere holds the PIN, and neither does any byte of the database files.
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in &tables {
        let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = statement.column_count();
        let mut rows = statement.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                let holds_pin = match row.get_ref(i).unwrap() {
                    ValueRef::Text(t) | ValueRef::Blob(t) => t.windows(PIN.len()).any(|w| w == PIN.as_bytes()),
                    ValueRef::Integer(n) => n.to_string() == PIN,
                    ValueRef::Real(_) | ValueRef::Null => false,
                };
                assert!(!holds_pin, "{table} column {i} holds the PIN");
            }
        }
    }
    drop(conn);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(std::fs::read(path.with_file_name("review.db-wal")).unwrap_or_default());
    assert!(!bytes.windows(PIN.len()).any(|w| w == PIN.as_bytes()), "the PIN is in the database files");
}
