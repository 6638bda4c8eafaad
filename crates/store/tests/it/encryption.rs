//! Encryption at rest (issue 15 item 1): the database and the photo files hold no plaintext, the
//! key opens them after a restart, a wrong key changes nothing, and a plain database from an
//! earlier build is encrypted once with all its data.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use tic_domain::sheet::{Answer, Opinion};
use tic_domain::CriterionId;
use tic_store::{is_sealed, DataKey, Store, StoreError};

use crate::fixtures::{fixed_clock, keyed, test_key};
use crate::schemas::{all_rows, tables, write_fixture};
use crate::sheets::{no_conflict, panel, Panel};
use crate::visits::jpeg_with_exif;

const COMMENT: &str = "中试线年产能仅达设计值的百分之六十二";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// Every byte of the database, its WAL and the photo folder.
fn stored_bytes(db: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = db.parent().unwrap();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path).unwrap() {
                let inner = inner.unwrap().path();
                files.push((inner.display().to_string(), std::fs::read(&inner).unwrap()));
            }
        } else {
            files.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    files
}

fn sqlite3_shell(db: &Path) -> std::process::Output {
    Command::new("sqlite3").arg(db).arg("SELECT name FROM sqlite_master;").output().expect("the sqlite3 shell (scripts/install-deps.sh installs it)")
}

#[test]
fn the_database_and_photos_hold_no_plaintext_and_open_only_with_the_key() {
    let p = panel();
    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    let answer = Answer { criterion: CriterionId("nm.c.A1".into()), points: Some("7.5".parse().unwrap()), yes_no: None, comment: COMMENT.into() };
    p.store.save_answer(p.review, p.chair, &answer).unwrap();
    let opinion = Opinion { strengths: "稀土永磁材料中试平台基础扎实".into(), ..Default::default() };
    p.store.save_opinion(p.review, p.chair, &opinion).unwrap();
    let source_dir = tempfile::tempdir().unwrap();
    let source = source_dir.path().join("site.jpg");
    let original = jpeg_with_exif(640, 480);
    std::fs::write(&source, &original).unwrap();
    let photo = p.store.add_photo(p.review, p.chair, &source, "中试车间", &[]).unwrap();
    let db = p.store.path().unwrap().to_owned();

    let Panel { store, review, chair, _dir: _kept, .. } = p;

    // While the store is open (pages in the WAL) and after it is closed.
    check_no_plaintext(&db, &original, "open");
    drop(store);
    check_no_plaintext(&db, &original, "closed");

    let shell = sqlite3_shell(&db);
    assert!(!shell.status.success(), "the sqlite3 shell opened the encrypted file");
    assert!(String::from_utf8_lossy(&shell.stderr).contains("file is not a database"), "{}", String::from_utf8_lossy(&shell.stderr));

    let before = stored_bytes(&db);
    let err = Store::open_with_clock(&db, &DataKey::random(), fixed_clock).err().expect("a wrong key is refused");
    assert!(matches!(err, StoreError::WrongKey { .. }), "{err:?}");
    assert!(err.to_string().contains("无法用当前的数据库密钥打开"), "{err}");
    assert_eq!(stored_bytes(&db), before, "a wrong key changed nothing");

    // After a restart the key opens everything again.
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    let sheet = store.own_sheet(review, chair).unwrap();
    assert_eq!(sheet.answers.iter().find(|a| a.criterion.0 == "nm.c.A1").map(|a| a.comment.as_str()), Some(COMMENT));
    assert_eq!(store.photo_bytes(review, chair, photo.id).unwrap(), original);
}

fn check_no_plaintext(db: &Path, original: &[u8], moment: &str) {
    let files = stored_bytes(db);
    assert!(files.len() >= 3, "{moment}: database and two photo files: {:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>());
    for (name, bytes) in &files {
        for secret in ["内蒙古自治区稀土功能材料技术创新中心", "王振华", "李晓梅", COMMENT, "稀土永磁材料中试平台", "SQLite format 3"] {
            assert!(!contains(bytes, secret), "{moment}: {name} holds “{secret}” in plain text");
        }
        assert!(!bytes.windows(64).any(|w| w == &original[..64]), "{moment}: {name} holds the photo's bytes");
    }
    for (name, bytes) in files.iter().filter(|(n, _)| n.contains("-photos/")) {
        assert!(is_sealed(bytes), "{name}");
    }
}

#[test]
fn a_plain_database_from_an_earlier_build_is_encrypted_once_with_all_its_data_and_photos() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    write_fixture(&db, tic_store::SCHEMA_VERSION as usize);
    let plain = std::fs::read(&db).unwrap();
    assert!(plain.starts_with(b"SQLite format 3\0"));
    let before = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let names = tables(&conn);
        all_rows(&conn, &names)
    };
    // The check below can fail: the plain file does name the centers.
    assert!(contains(&plain, "内蒙古"));
    let photos = dir.path().join("review-photos");
    std::fs::create_dir(&photos).unwrap();
    let original = jpeg_with_exif(64, 48);
    std::fs::write(photos.join("aa.jpg"), &original).unwrap();

    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    drop(store);

    let encrypted = std::fs::read(&db).unwrap();
    assert!(!contains(&encrypted, "内蒙古") && !encrypted.starts_with(b"SQLite format 3"));
    let names: Vec<String> = before.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(all_rows(&keyed(&db), &names), before, "every row of every table kept");
    let sealed = std::fs::read(photos.join("aa.jpg")).unwrap();
    assert!(is_sealed(&sealed));
    assert_eq!(test_key().unseal(&sealed).unwrap(), original);
    let left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!left.iter().any(|n| n.contains("plain") || n.contains("encrypting")), "the plain copy is gone once encrypted: {left:?}");

    // Opening again does not encrypt twice.
    let again = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    drop(again);
    assert_eq!(test_key().unseal(&std::fs::read(photos.join("aa.jpg")).unwrap()).unwrap(), original);
}

#[test]
fn an_encryption_interrupted_after_the_plain_file_was_set_aside_is_finished_at_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    write_fixture(&db, tic_store::SCHEMA_VERSION as usize);
    let before = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let names = tables(&conn);
        all_rows(&conn, &names)
    };
    // The moment between setting the plain file aside and renaming the encrypted one in.
    std::fs::rename(&db, dir.path().join("review.db.plain-before-encryption")).unwrap();
    std::fs::write(dir.path().join("review.db.encrypting"), b"half written").unwrap();

    drop(Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap());
    let names: Vec<String> = before.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(all_rows(&keyed(&db), &names), before);
    let left: BTreeMap<String, ()> = std::fs::read_dir(dir.path()).unwrap().map(|e| (e.unwrap().file_name().to_string_lossy().into_owned(), ())).collect();
    assert!(!left.keys().any(|n| n.contains("plain") || n.contains("encrypting")), "{left:?}");
}
