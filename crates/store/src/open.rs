use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::crypto::DataKey;
use crate::error::{StoreError, StoreResult};
use crate::files::sync_dir;

/// The schema version this build writes; the number of files in `migrations/`.
pub const SCHEMA_VERSION: i64 = 13;

fn migration_steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../migrations/0001_init.sql")),
        M::up(include_str!("../migrations/0002_scoring.sql")),
        M::up(include_str!("../migrations/0003_rounds.sql")),
        M::up(include_str!("../migrations/0004_panel_opinion.sql")),
        M::up(include_str!("../migrations/0005_records_settings_justifications.sql")),
        M::up(include_str!("../migrations/0006_signatures.sql")),
        M::up(include_str!("../migrations/0007_exchange.sql")),
        M::up(include_str!("../migrations/0008_pin_attempts.sql")),
        M::up(include_str!("../migrations/0009_audit_log.sql")),
        M::up(include_str!("../migrations/0010_center_decisions.sql")),
        M::up(include_str!("../migrations/0011_follow_ups_evidence.sql")),
        M::up(include_str!("../migrations/0012_department_trust.sql")),
        M::up(include_str!("../migrations/0013_panel_by_file.sql")),
    ]
}

fn migrations() -> Migrations<'static> {
    Migrations::new(migration_steps())
}

/// Where the store reads the time; tests fix it so rows and documents are reproducible.
pub type Clock = fn() -> DateTime<Utc>;

/// An open database of centers, reviews and everything scored in them.
pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    clock: Clock,
    /// Encrypts the database pages (SQLCipher) and every file in the photo folder.
    pub(crate) key: DataKey,
}

impl Store {
    /// Opens (creating if needed) the encrypted database at `path` with `key`, migrating it to
    /// [`SCHEMA_VERSION`].
    ///
    /// A database written by a newer build is refused untouched; so is one that `key` does not
    /// open. A plain (unencrypted) database from an earlier build is encrypted once, photos
    /// included, and its plain copy kept until the encrypted one is checked and in place. Before
    /// an older schema is migrated, a consistent (encrypted) copy is written beside it
    /// (`NAME.v1-backup-YYYYMMDDHHMMSS`).
    pub fn open(path: &Path, key: &DataKey) -> StoreResult<Store> {
        Self::open_with_clock(path, key, Utc::now)
    }

    pub fn open_with_clock(path: &Path, key: &DataKey, clock: Clock) -> StoreResult<Store> {
        Self::open_with(path, key, clock, &migrations(), SCHEMA_VERSION)
    }

    /// Every open goes through here: the schema version is read, and a newer database refused,
    /// before any setting is changed, so that a refused file keeps every byte it had; an older
    /// one is copied before the first write.
    fn open_with(path: &Path, key: &DataKey, clock: Clock, migrations: &Migrations<'_>, latest: i64) -> StoreResult<Store> {
        let unusable = |detail: String| StoreError::Unusable { path: path.display().to_string(), detail };
        let not_ours = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreError::WrongKey { path: path.display().to_string() },
            _ => unusable(format!("不是本程序的数据库文件，或文件已损坏（{e}）")),
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| unusable(format!("无法创建所在文件夹：{e}")))?;
        }
        crate::encrypt::finish_interrupted_encryption(path).map_err(|e| unusable(format!("无法恢复上次中断的加密：{e}")))?;
        if path.exists() {
            let plain = crate::encrypt::is_plain_database(path).map_err(|e| unusable(format!("无法读取：{e}")))?;
            let reader = open_for_version_check(path, (!plain).then_some(key)).map_err(not_ours)?;
            let found: i64 = reader.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_ours)?;
            if found > latest {
                return Err(StoreError::NewerSchema { path: path.display().to_string(), found, supported: latest });
            }
            // The copy before migrating comes first, so a failed copy leaves the file as it was;
            // it is written encrypted even from a plain database.
            if found < latest && found > 0 {
                backup_before_migrating(&reader, path, found, key, clock)?;
            }
            if plain {
                crate::encrypt::encrypt_plain_database(reader, path, key)?;
            }
        }
        let conn = Connection::open(path).map_err(|e| unusable(e.to_string()))?;
        let mut store = Store { conn, path: Some(path.to_owned()), clock, key: key.clone() };
        store.configure().map_err(|e| match e {
            StoreError::Sqlite(inner) => not_ours(inner),
            other => other,
        })?;
        migrations.to_latest(&mut store.conn)?;
        store.install_builtin_templates()?;
        Ok(store)
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory(clock: Clock) -> StoreResult<Store> {
        // Nothing reaches a disk; the key only serves the file API, which needs a path anyway.
        let mut store = Store { conn: Connection::open_in_memory()?, path: None, clock, key: DataKey::random() };
        store.configure()?;
        migrations().to_latest(&mut store.conn)?;
        store.install_builtin_templates()?;
        Ok(store)
    }

    fn configure(&self) -> StoreResult<()> {
        if self.path.is_some() {
            apply_key(&self.conn, &self.key)?;
        }
        // journal_mode answers with a row, so it is queried rather than executed.
        let _mode: String = self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )?;
        Ok(())
    }

    /// The settings every acknowledgement rests on, as this connection reports them:
    /// `journal_mode` and `synchronous` (2 = FULL: the WAL is synced at every commit).
    pub fn durability_settings(&self) -> StoreResult<(String, i64)> {
        let mode: String = self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let synchronous: i64 = self.conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        Ok((mode, synchronous))
    }

    /// The file this store lives in, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub(crate) fn clock(&self) -> Clock {
        self.clock
    }

    pub fn now_utc(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Today by the store's clock (UTC), the day due dates and 整改 status are reckoned on.
    pub fn today(&self) -> chrono::NaiveDate {
        self.now_utc().date_naive()
    }

    pub(crate) fn now(&self) -> String {
        (self.clock)().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// SQLite's own consistency check; "ok" when the file is sound.
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// A connection that reads the schema version without writing anything. With no WAL content and
/// no rollback journal beside it, the file is opened `immutable` (no lock, no -wal or -shm file
/// created). A non-empty WAL holds pages newer than the file: it is read `mode=ro`, which never
/// checkpoints. A rollback journal left by a crash must be rolled back before anyone may read,
/// as SQLite does on any open, so that case alone opens for writing.
fn open_for_version_check(path: &Path, key: Option<&DataKey>) -> rusqlite::Result<Connection> {
    let conn = open_unkeyed_for_version_check(path)?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    Ok(conn)
}

/// SQLCipher requires the key before any other statement; the log level keeps a wrong key
/// from printing "hmac check failed" on stderr (the caller reports it in Chinese).
pub(crate) fn apply_key(conn: &Connection, key: &DataKey) -> rusqlite::Result<()> {
    conn.execute_batch(&format!("PRAGMA key = \"{}\"; PRAGMA cipher_log_level = NONE;", key.sqlcipher_literal().as_str()))
}

fn open_unkeyed_for_version_check(path: &Path) -> rusqlite::Result<Connection> {
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    if beside("-journal").exists() {
        return Connection::open(path);
    }
    let wal_in_use = std::fs::metadata(beside("-wal")).is_ok_and(|m| m.len() > 0);
    let uri = format!("{}?{}", sqlite_uri(path), if wal_in_use { "mode=ro" } else { "immutable=1" });
    Connection::open_with_flags(uri, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX)
}

/// `file:` URI of a path; only the characters URI parsing would take (`%`, `?`, `#`) are escaped.
pub(crate) fn sqlite_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            other => uri.push(other),
        }
    }
    uri
}

/// Writes `NAME.vN-backup-STAMP` from the read-only connection, before anything is migrated.
fn backup_before_migrating(reader: &Connection, path: &Path, found: i64, key: &DataKey, clock: Clock) -> StoreResult<()> {
    let stamp = clock().format("%Y%m%d%H%M%S");
    let mut backup = path.as_os_str().to_owned();
    backup.push(format!(".v{found}-backup-{stamp}"));
    let backup = PathBuf::from(backup);
    vacuum_into_encrypted(reader, &backup, key).map_err(|e| StoreError::Backup(format!("无法写入「{}」：{e}", backup.display())))?;
    sync_dir(&backup).map_err(|e| StoreError::Backup(format!("无法写入「{}」：{e}", backup.display())))?;
    Ok(())
}

/// A consistent copy of the database `from` reads (also while the WAL holds unmerged pages),
/// encrypted with `key`, written to `to`.
pub(crate) fn vacuum_into_encrypted(from: &Connection, to: &Path, key: &DataKey) -> rusqlite::Result<()> {
    // The key travels in the URI, percent-encoded: `x'…'` has quotes.
    let literal = key.sqlcipher_literal();
    let target = zeroize::Zeroizing::new(format!("{}?key={}", sqlite_uri(to), literal.replace('\'', "%27")));
    from.execute("VACUUM INTO ?1", [target.as_str()])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed_clock() -> DateTime<Utc> {
        "2026-11-23T08:00:00Z".parse().expect("fixed time")
    }

    #[test]
    fn an_older_database_is_copied_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.db");
        let key = DataKey::random();
        let store = Store::open_with_clock(&path, &key, fixed_clock).unwrap();
        store.conn.execute("CREATE TABLE marker (v TEXT)", []).unwrap();
        store.conn.execute("INSERT INTO marker VALUES ('before')", []).unwrap();
        drop(store);

        let mut steps = migration_steps();
        steps.push(M::up("ALTER TABLE marker ADD COLUMN w TEXT"));
        let next = Migrations::new(steps);
        let store = Store::open_with(&path, &key, fixed_clock, &next, SCHEMA_VERSION + 1).unwrap();
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION + 1);

        let backup = dir.path().join(format!("review.db.v{SCHEMA_VERSION}-backup-20261123080000"));
        let unkeyed = Connection::open(&backup).expect("backup written");
        assert!(unkeyed.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0)).is_err(), "the copy is encrypted");
        let copy = Connection::open(&backup).unwrap();
        apply_key(&copy, &key).unwrap();
        let (v, copy_version): (String, i64) = copy
            .query_row("SELECT v, (SELECT user_version FROM pragma_user_version) FROM marker", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((v.as_str(), copy_version), ("before", SCHEMA_VERSION));
    }
}
