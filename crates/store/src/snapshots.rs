//! Automatic snapshots: a consistent, encrypted copy of the database (same key) taken each day the
//! app is used and before each package import, kept in `STEM-snapshots/` beside the database, the
//! newest [`KEEP_SNAPSHOTS`] only. When the database is found damaged at start, the window offers
//! the newest snapshot that opens and passes SQLite's integrity check.
//!
//! Photos are not copied: their files are named by content and never rewritten, so every photo a
//! snapshot refers to is still in the photo folder.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::crypto::DataKey;
use crate::error::{StoreError, StoreResult};
use crate::files::sync_dir;
use crate::open::{apply_key, sqlite_uri, vacuum_into_encrypted};
use crate::Store;

/// How many snapshots are kept; the oldest go first.
pub const KEEP_SNAPSHOTS: usize = 10;

/// Why a snapshot was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotReason {
    Daily,
    BeforeImport,
}

impl SnapshotReason {
    fn code(self) -> &'static str {
        match self {
            SnapshotReason::Daily => "daily",
            SnapshotReason::BeforeImport => "before-import",
        }
    }
}

/// One snapshot file: `YYYYMMDD-HHMMSS-REASON.db`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub path: PathBuf,
    /// "YYYY-MM-DD HH:MM:SS" (UTC, from the file name).
    pub taken_at: String,
    /// 每日自动快照 / 导入交换包之前.
    pub reason: String,
}

/// `STEM-snapshots` beside the database `STEM.db`.
pub fn snapshot_dir_for(database: &Path) -> PathBuf {
    let stem = database.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "tic-review".into());
    database.with_file_name(format!("{stem}-snapshots"))
}

fn parse(path: PathBuf) -> Option<Snapshot> {
    let name = path.file_name()?.to_str()?.strip_suffix(".db")?.to_owned();
    let (date, rest) = name.split_once('-')?;
    let (time, reason) = rest.split_once('-')?;
    if date.len() != 8 || time.len() != 6 || !date.bytes().chain(time.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let reason = match reason {
        "daily" => "每日自动快照",
        "before-import" => "导入交换包之前",
        _ => return None,
    };
    let taken_at = format!("{}-{}-{} {}:{}:{}", &date[..4], &date[4..6], &date[6..], &time[..2], &time[2..4], &time[4..]);
    Some(Snapshot { path, taken_at, reason: reason.into() })
}

/// The snapshots beside `database`, newest first.
pub fn list_snapshots(database: &Path) -> Vec<Snapshot> {
    let Ok(entries) = std::fs::read_dir(snapshot_dir_for(database)) else {
        return Vec::new();
    };
    let mut found: Vec<Snapshot> = entries.filter_map(|e| e.ok()).filter_map(|e| parse(e.path())).collect();
    found.sort_by(|a, b| b.path.file_name().cmp(&a.path.file_name()));
    found
}

/// Whether a snapshot opens with `key` and passes SQLite's integrity check (read-only, no lock).
fn is_sound(snapshot: &Path, key: &DataKey) -> bool {
    let check = || -> rusqlite::Result<bool> {
        let conn = Connection::open_with_flags(
            format!("{}?immutable=1", sqlite_uri(snapshot)),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&conn, key)?;
        let result: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(result == "ok")
    };
    check().unwrap_or(false)
}

/// The newest snapshot that `key` opens and that is sound.
pub fn newest_sound_snapshot(database: &Path, key: &DataKey) -> Option<Snapshot> {
    list_snapshots(database).into_iter().find(|s| is_sound(&s.path, key))
}

/// Replaces the (damaged) database with `snapshot`. The damaged file is kept as
/// `NAME.damaged-STAMP` (with its -wal), never deleted.
pub fn restore_snapshot(database: &Path, snapshot: &Snapshot, key: &DataKey, stamp: &str) -> StoreResult<()> {
    if !is_sound(&snapshot.path, key) {
        return Err(StoreError::Backup(format!("快照「{}」无法打开或未通过完整性检查", snapshot.path.display())));
    }
    let beside = |suffix: &str| -> PathBuf {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        name.into()
    };
    let swap = || -> std::io::Result<()> {
        let copy = beside(".from-snapshot");
        std::fs::copy(&snapshot.path, &copy)?;
        std::fs::File::open(&copy)?.sync_all()?;
        for suffix in ["", "-wal", "-shm"] {
            if beside(suffix).exists() {
                std::fs::rename(beside(suffix), beside(&format!(".damaged-{stamp}{suffix}")))?;
            }
        }
        std::fs::rename(&copy, database)?;
        sync_dir(database)
    };
    swap().map_err(|e| StoreError::Backup(format!("无法用快照替换数据库：{e}")))
}

impl Store {
    /// Takes a snapshot now and drops the oldest beyond [`KEEP_SNAPSHOTS`]. An in-memory store has
    /// nothing to keep and takes none.
    pub fn take_snapshot(&self, reason: SnapshotReason) -> StoreResult<Option<Snapshot>> {
        let Some(path) = self.path() else { return Ok(None) };
        let dir = snapshot_dir_for(path);
        std::fs::create_dir_all(&dir).map_err(|e| StoreError::Backup(format!("无法创建快照文件夹：{e}")))?;
        let target = dir.join(format!("{}-{}.db", self.now_utc().format("%Y%m%d-%H%M%S"), reason.code()));
        if target.exists() {
            return Ok(parse(target));
        }
        let partial = target.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        if let Err(e) = vacuum_into_encrypted(&self.conn, &partial, &self.key) {
            let _ = std::fs::remove_file(&partial);
            return Err(e.into());
        }
        std::fs::rename(&partial, &target).map_err(|e| StoreError::Backup(format!("无法保存快照：{e}")))?;
        let _ = sync_dir(&target);
        for old in list_snapshots(path).into_iter().skip(KEEP_SNAPSHOTS) {
            let _ = std::fs::remove_file(old.path);
        }
        Ok(parse(target))
    }

    /// The day's snapshot, unless one was already taken today (UTC).
    pub fn take_daily_snapshot(&self) -> StoreResult<Option<Snapshot>> {
        let Some(path) = self.path() else { return Ok(None) };
        let today = self.now_utc().format("%Y%m%d").to_string();
        let taken = list_snapshots(path).iter().any(|s| {
            s.path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(&today) && n.ends_with("-daily.db"))
        });
        if taken {
            return Ok(None);
        }
        self.take_snapshot(SnapshotReason::Daily)
    }
}
