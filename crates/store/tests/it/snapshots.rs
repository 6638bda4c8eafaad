//! Automatic snapshots (issue 15 item 4): one a day and one before each package import, the newest
//! ten kept, encrypted like the database; a database damaged at start is replaced by the newest
//! sound snapshot, the damaged file kept.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};
use tic_store::{list_snapshots, newest_sound_snapshot, restore_snapshot, snapshot_dir_for, SnapshotReason, Store, StoreError, KEEP_SNAPSHOTS};

use crate::fixtures::{center_draft, fixed_clock, keyed, test_key};

static MINUTES: AtomicI64 = AtomicI64::new(0);

/// 2026-11-23 08:00 plus one minute per call: every snapshot gets a name of its own.
fn ticking_clock() -> DateTime<Utc> {
    fixed_clock() + Duration::minutes(MINUTES.fetch_add(1, Ordering::SeqCst))
}

#[test]
fn a_daily_snapshot_is_taken_once_a_day_and_only_the_newest_ten_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    let first = store.take_daily_snapshot().unwrap().expect("the day's first snapshot");
    assert_eq!((first.taken_at.as_str(), first.reason.as_str()), ("2026-11-23 08:00:00", "每日自动快照"));
    assert_eq!(store.take_daily_snapshot().unwrap(), None, "one a day");
    assert_eq!(first.path.parent().unwrap(), snapshot_dir_for(&db));
    let bytes = std::fs::read(&first.path).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "encrypted like the database");
    assert_eq!(keyed(&first.path).query_row("SELECT count(*) FROM templates", [], |r| r.get::<_, i64>(0)).unwrap(), 13);
    drop(store);

    let store = Store::open_with_clock(&db, &test_key(), ticking_clock).unwrap();
    for _ in 0..KEEP_SNAPSHOTS + 2 {
        store.take_snapshot(SnapshotReason::BeforeImport).unwrap();
    }
    let kept = list_snapshots(&db);
    assert_eq!(kept.len(), KEEP_SNAPSHOTS);
    assert!(kept.iter().all(|s| s.reason == "导入交换包之前"), "the oldest (the daily one) went first");
    assert!(kept.windows(2).all(|w| w[0].taken_at > w[1].taken_at), "newest first");
}

#[test]
fn a_damaged_database_is_replaced_by_the_newest_sound_snapshot_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let snapshot = store.take_daily_snapshot().unwrap().unwrap();
    store.create_center(&center_draft("内蒙古自治区草种业技术创新中心")).unwrap();
    drop(store);

    // Damage the first page past SQLCipher's salt: the page no longer authenticates.
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[200..260] {
        *b ^= 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let err = Store::open_with_clock(&db, &test_key(), fixed_clock).err().expect("the damaged file does not open");
    assert!(matches!(err, StoreError::WrongKey { .. } | StoreError::Unusable { .. } | StoreError::Corrupt(_)), "{err:?}");

    // A damaged snapshot is passed over for an older sound one.
    let newer = snapshot_dir_for(&db).join("20261124-080000-daily.db");
    std::fs::write(&newer, &bytes).unwrap();
    let offered = newest_sound_snapshot(&db, &test_key()).expect("a sound snapshot");
    assert_eq!(offered, snapshot);
    assert_eq!(newest_sound_snapshot(&db, &tic_store::DataKey::random()), None, "none opens with another key");

    restore_snapshot(&db, &offered, &test_key(), "20261123090000").unwrap();
    let store = Store::open_with_clock(&db, &test_key(), fixed_clock).unwrap();
    let names: Vec<String> = store.list_centers().unwrap().into_iter().map(|c| c.facts.name).collect();
    assert_eq!(names, ["内蒙古自治区稀土功能材料技术创新中心"], "the data as of the snapshot");
    assert_eq!(std::fs::read(dir.path().join("review.db.damaged-20261123090000")).unwrap(), bytes, "the damaged file is kept");
}
