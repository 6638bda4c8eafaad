use rusqlite::Connection;
use tic_store::{Store, StoreError, SCHEMA_VERSION};

use crate::fixtures::fixed_clock;

#[test]
fn an_empty_file_is_migrated_to_the_latest_schema_with_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder/review.db");
    let store = Store::open_with_clock(&path, fixed_clock).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    drop(store);
    let conn = Connection::open(&path).unwrap();
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

#[test]
fn a_newer_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    drop(Store::open_with_clock(&path, fixed_clock).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open_with_clock(&path, fixed_clock).err().expect("refused");
    assert!(matches!(err, StoreError::NewerSchema { found: 99, supported: SCHEMA_VERSION, .. }), "{err:?}");
    assert!(err.to_string().contains(&format!("由更新版本的程序创建（数据结构版本 99，本程序最高支持 {SCHEMA_VERSION}）")), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("笔记.db");
    std::fs::write(&path, "这不是数据库，只是一段文字。".repeat(100)).unwrap();
    let err = Store::open_with_clock(&path, fixed_clock).err().expect("refused");
    assert!(err.to_string().starts_with(&format!("数据库文件「{}」无法使用", path.display())), "{err}");
}
