//! 备份与恢复 (issue 15 item 4): a backup restores into a fresh data directory with another key and
//! equals the original in every table and photo; a tampered, truncated or wrongly unlocked backup is
//! refused and changes nothing.

use std::path::Path;

use tic_domain::sheet::{Answer, Opinion};
use tic_domain::CriterionId;
use tic_store::{read_backup_manifest, restore_backup, DataKey, Store, StoreError};

use crate::fixtures::{fixed_clock, keyed, test_key};
use crate::schemas::{all_rows, tables};
use crate::sheets::{no_conflict, panel, Panel};
use crate::visits::jpeg_with_exif;

const PASSPHRASE: &str = "USB-stick-2026";

fn scored_panel() -> (Panel, tempfile::TempDir) {
    let p = panel();
    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    let answer = Answer { criterion: CriterionId("nm.c.A1".into()), points: Some("7.5".parse().unwrap()), yes_no: None, comment: "中试线已投用".into() };
    p.store.save_answer(p.review, p.chair, &answer).unwrap();
    p.store.save_opinion(p.review, p.chair, &Opinion { strengths: "基础扎实".into(), ..Default::default() }).unwrap();
    let sources = tempfile::tempdir().unwrap();
    std::fs::write(sources.path().join("a.jpg"), jpeg_with_exif(320, 200)).unwrap();
    p.store.add_photo(p.review, p.chair, &sources.path().join("a.jpg"), "中试车间", &[]).unwrap();
    (p, sources)
}

fn every_row(conn: &rusqlite::Connection) -> Vec<(String, Vec<Vec<(String, rusqlite::types::Value)>>)> {
    let names = tables(conn);
    all_rows(conn, &names)
}

fn keyed_with(path: &Path, key: &DataKey) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key.to_hex().as_str())).unwrap();
    conn
}

fn folder(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(dir);
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

#[test]
fn a_backup_restores_into_a_fresh_data_directory_with_every_row_and_photo() {
    let (p, _sources) = scored_panel();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("tic-review-backup.ticbackup");
    let manifest = p.store.backup_to(&file, PASSPHRASE).unwrap();
    assert_eq!((manifest.schema_version, manifest.centers, manifest.reviews, manifest.photos), (tic_store::SCHEMA_VERSION, 1, 1, 2));
    assert_eq!(read_backup_manifest(&file).unwrap(), manifest, "the manifest reads without the passphrase");
    let bytes = std::fs::read(&file).unwrap();
    for secret in ["内蒙古自治区稀土功能材料技术创新中心", "王振华", "中试线已投用", "SQLite format 3"] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "the backup holds “{secret}” in plain text");
    }
    let original = every_row(&keyed(p.store.path().unwrap()));

    // Another laptop: another data directory and another database key.
    let fresh = tempfile::tempdir().unwrap();
    let db = fresh.path().join("tic-review.db");
    let other_key = DataKey::random();
    let restored = restore_backup(&file, PASSPHRASE, &db, &other_key, "20261202080000").unwrap();
    assert_eq!(restored, manifest);
    assert_eq!(every_row(&keyed_with(&db, &other_key)), original, "every table equals the original");
    let store = Store::open_with_clock(&db, &other_key, fixed_clock).unwrap();
    let photo = &store.photos(p.review, p.chair).unwrap()[0];
    assert_eq!(store.photo_bytes(p.review, p.chair, photo.id).unwrap(), p.store.photo_bytes(p.review, p.chair, photo.id).unwrap());
    assert_eq!(store.photo_thumbnail(p.review, p.chair, photo.id).unwrap(), p.store.photo_thumbnail(p.review, p.chair, photo.id).unwrap());
    let names: Vec<String> = std::fs::read_dir(fresh.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|n| n.contains("restoring")), "{names:?}");
}

#[test]
fn a_tampered_truncated_or_wrongly_unlocked_backup_is_refused_and_changes_nothing() {
    let (p, _sources) = scored_panel();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("backup.ticbackup");
    p.store.backup_to(&file, PASSPHRASE).unwrap();
    let good = std::fs::read(&file).unwrap();

    // The target already holds a database of its own, which must survive every refusal.
    let target = tempfile::tempdir().unwrap();
    let db = target.path().join("tic-review.db");
    drop(Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap());
    let before = folder(target.path());

    let mut flipped = good.clone();
    let last = flipped.len() - 10;
    flipped[last] ^= 0x01;
    let mut edited_manifest = good.clone();
    // The manifest is readable JSON in the file: claim two reviews instead of one.
    let at = good.windows(11).position(|w| w == b"\"reviews\":1").expect("manifest names the reviews") + 10;
    edited_manifest[at] = b'2';
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("a flipped byte", flipped, PASSPHRASE, "备份口令不正确，或文件已被改动、不完整"),
        ("cut short", good[..good.len() - 100].to_vec(), PASSPHRASE, "备份口令不正确，或文件已被改动、不完整"),
        ("an edited manifest", edited_manifest, PASSPHRASE, "备份口令不正确，或文件已被改动、不完整"),
        ("the wrong passphrase", good.clone(), "USB-stick-2025", "备份口令不正确，或文件已被改动、不完整"),
        ("not a backup", b"PK\x03\x04 a zip file".to_vec(), PASSPHRASE, "不是本程序的备份文件"),
        ("cut inside the manifest", good[..30].to_vec(), PASSPHRASE, "文件不完整"),
    ];
    for (what, bytes, passphrase, message) in cases {
        std::fs::write(&file, &bytes).unwrap();
        let err = restore_backup(&file, passphrase, &db, &test_key(), "20261202080000").err().unwrap_or_else(|| panic!("{what}: restored"));
        assert!(matches!(err, StoreError::BadBackup { .. }), "{what}: {err:?}");
        let text = err.to_string();
        assert!(text.starts_with(&format!("备份文件「{}」无法恢复：", file.display())), "{what}: {text}");
        assert!(text.contains(message) && text.ends_with("当前数据库未做任何修改。"), "{what}: {text}");
        assert_eq!(folder(target.path()), before, "{what}: the target changed");
    }

    // The good file restores over the existing database, which is kept beside it.
    std::fs::write(&file, &good).unwrap();
    restore_backup(&file, PASSPHRASE, &db, &test_key(), "20261202080000").unwrap();
    assert!(target.path().join("tic-review.db.before-restore-20261202080000").exists());
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.list_reviews(&Default::default()).unwrap().len(), 1);
}
