use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::Connection;
use tic_store::{Store, StoreError, SCHEMA_VERSION};

use crate::fixtures::{fixed_clock, keyed, test_key};

#[test]
fn an_empty_file_is_migrated_to_the_latest_schema_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    drop(store);
    let conn = keyed(&path);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!((version, mode.as_str()), (SCHEMA_VERSION, "wal"));
    let templates: i64 = conn.query_row("SELECT count(*) FROM templates WHERE builtin = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(templates, 13);
}

#[test]
fn foreign_keys_are_enforced() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let review = crate::fixtures::review_draft(tic_domain::CenterId(42), "nm.consultation");
    let err = store.create_review(&review).unwrap_err();
    assert_eq!(err.to_string(), "找不到编号为 42 的中心，可能已被删除");
}

/// Every file in the database's folder, with its bytes: the database, its -wal and -shm, backups.
fn folder_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn assert_refused_as_newer(path: &Path) {
    let err = Store::open_with_clock(path, &test_key(), fixed_clock).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema { found: 99, supported: SCHEMA_VERSION, .. }), "{err:?}");
    assert!(err.to_string().contains(&format!("由更新版本的程序创建（数据结构版本 99，本程序最高支持 {SCHEMA_VERSION}）")), "{err}");
}

#[test]
fn a_newer_database_in_wal_mode_is_refused_and_every_byte_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    drop(Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap());
    let conn = keyed(&path);
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    assert_eq!(conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0)).unwrap(), "wal");
    drop(conn);
    let before = folder_bytes(dir.path());
    assert_eq!(before.keys().collect::<Vec<_>>(), ["review.db"], "closed cleanly: no -wal or -shm");

    assert_refused_as_newer(&path);
    assert_eq!(folder_bytes(dir.path()), before, "no byte changed and no -wal, -shm or backup file appeared");
}

#[test]
fn a_newer_database_in_rollback_journal_mode_is_refused_and_every_byte_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    drop(Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap());
    keyed(&path).execute_batch("PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;").unwrap();
    let before = folder_bytes(dir.path());
    assert_eq!(before.keys().collect::<Vec<_>>(), ["review.db"]);
    // Switching the journal before checking the version used to rewrite the header (bytes 18–19,
    // encrypted here): the byte comparison below catches any such write.

    assert_refused_as_newer(&path);
    assert_eq!(folder_bytes(dir.path()), before, "no byte changed and no -wal, -shm or backup file appeared");
}

#[test]
fn a_newer_version_still_in_the_wal_is_seen_and_neither_the_file_nor_the_wal_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    drop(Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap());
    // Another program holds the database open; its newer version is only in the WAL so far.
    let holder = keyed(&path);
    holder.execute_batch("PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;").unwrap();
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    let (file, wal) = (read("review.db"), read("review.db-wal"));
    assert!(!wal.is_empty());
    let file_alone = Connection::open_with_flags(
        format!("file:{}?immutable=1", path.display()),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .unwrap();
    file_alone.execute_batch(&format!("PRAGMA key = \"x'{}'\";", crate::fixtures::TEST_KEY_HEX)).unwrap();
    let version: i64 = file_alone.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION, "the file itself (read without its WAL) still says the old version");
    drop(file_alone);

    assert_refused_as_newer(&path);
    assert_eq!((read("review.db"), read("review.db-wal")), (file, wal));
    drop(holder);
}

#[test]
fn a_failed_backup_stops_the_migration_before_anything_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    crate::schemas::write_fixture(&path, 3);
    // The backup's name is taken by a folder, so writing the copy fails.
    std::fs::create_dir(dir.path().join("review.db.v3-backup-20261123080000")).unwrap();
    let before = std::fs::read(&path).unwrap();

    let err = Store::open_with_clock(&path, &test_key(), fixed_clock).err().expect("refused");
    assert!(matches!(err, StoreError::Backup(_)), "{err:?}");
    assert!(err.to_string().starts_with("升级数据库前备份失败（无法写入「"), "{err}");
    assert!(err.to_string().ends_with("数据库未做任何修改。"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "not migrated, not switched to WAL");
    assert!(!dir.path().join("review.db-wal").exists());
    let version: i64 = Connection::open(&path).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 3);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("笔记.db");
    std::fs::write(&path, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
    let err = Store::open_with_clock(&path, &test_key(), fixed_clock).err().expect("refused");
    // An encrypted database and a file of text look alike without the key: both are named.
    assert!(err.to_string().starts_with(&format!("数据库文件「{}」无法用当前的数据库密钥打开", path.display())), "{err}");
    assert!(err.to_string().contains("不是本程序的数据库"), "{err}");
}

/// What makes an acknowledged write survive a power cut: the WAL, synced at every commit
/// (`synchronous = FULL`, 2). Checked on each way the store opens a file.
#[test]
fn every_connection_the_store_opens_is_in_wal_mode_with_full_sync() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.db");
    let store = Store::open_with_clock(&fresh, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.durability_settings().unwrap(), ("wal".to_owned(), 2));
    drop(store);
    let reopened = Store::open_with_clock(&fresh, &test_key(), fixed_clock).unwrap();
    assert_eq!(reopened.durability_settings().unwrap(), ("wal".to_owned(), 2));

    let older = dir.path().join("older.db");
    crate::schemas::write_fixture(&older, 1);
    let migrated = Store::open_with_clock(&older, &test_key(), fixed_clock).unwrap();
    assert_eq!(migrated.durability_settings().unwrap(), ("wal".to_owned(), 2));
}
