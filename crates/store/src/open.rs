use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{StoreError, StoreResult};

/// The schema version this build writes; the number of files in `migrations/`.
pub const SCHEMA_VERSION: i64 = 7;

fn migration_steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../migrations/0001_init.sql")),
        M::up(include_str!("../migrations/0002_scoring.sql")),
        M::up(include_str!("../migrations/0003_rounds.sql")),
        M::up(include_str!("../migrations/0004_panel_opinion.sql")),
        M::up(include_str!("../migrations/0005_records_settings_justifications.sql")),
        M::up(include_str!("../migrations/0006_signatures.sql")),
        M::up(include_str!("../migrations/0007_exchange.sql")),
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
}

impl Store {
    /// Opens (creating if needed) the database at `path`, migrating it to [`SCHEMA_VERSION`].
    ///
    /// A database written by a newer build is refused untouched. Before an older one is
    /// migrated, a consistent copy is written beside it (`NAME.v1-backup-YYYYMMDDHHMMSS`).
    pub fn open(path: &Path) -> StoreResult<Store> {
        Self::open_with_clock(path, Utc::now)
    }

    pub fn open_with_clock(path: &Path, clock: Clock) -> StoreResult<Store> {
        let unusable = |detail: String| StoreError::Unusable { path: path.display().to_string(), detail };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| unusable(format!("无法创建所在文件夹：{e}")))?;
        }
        let conn = Connection::open(path).map_err(|e| unusable(e.to_string()))?;
        let store = Store { conn, path: Some(path.to_owned()), clock };
        store.configure().map_err(|e| match e {
            StoreError::Sqlite(inner) => unusable(format!("不是本程序的数据库文件，或文件已损坏（{inner}）")),
            other => other,
        })?;
        store.migrate()
    }

    /// A private database in memory, for tests and benchmarks.
    pub fn open_in_memory(clock: Clock) -> StoreResult<Store> {
        let store = Store { conn: Connection::open_in_memory()?, path: None, clock };
        store.configure()?;
        store.migrate()
    }

    fn configure(&self) -> StoreResult<()> {
        // journal_mode answers with a row, so it is queried rather than executed.
        let _mode: String = self.conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        self.conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )?;
        Ok(())
    }

    fn migrate(self) -> StoreResult<Store> {
        self.migrate_with(&migrations(), SCHEMA_VERSION)
    }

    fn migrate_with(mut self, migrations: &Migrations<'_>, latest: i64) -> StoreResult<Store> {
        let found: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if found > latest {
            return Err(StoreError::NewerSchema {
                path: self.path.as_deref().map(|p| p.display().to_string()).unwrap_or_default(),
                found,
                supported: latest,
            });
        }
        if found < latest && found > 0 {
            self.backup_before_migrating(found)?;
        }
        migrations.to_latest(&mut self.conn)?;
        self.install_builtin_templates()?;
        Ok(self)
    }

    fn backup_before_migrating(&self, found: i64) -> StoreResult<()> {
        let Some(path) = &self.path else { return Ok(()) };
        let stamp = (self.clock)().format("%Y%m%d%H%M%S");
        let mut backup = path.clone().into_os_string();
        backup.push(format!(".v{found}-backup-{stamp}"));
        let backup = PathBuf::from(backup);
        // VACUUM INTO writes a consistent copy even while the WAL holds unmerged pages.
        self.conn
            .execute("VACUUM INTO ?1", [backup.to_string_lossy().as_ref()])
            .map_err(|e| StoreError::Backup(format!("无法写入「{}」：{e}", backup.display())))?;
        Ok(())
    }

    /// The file this store lives in, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub(crate) fn now(&self) -> String {
        (self.clock)().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// SQLite's own consistency check; "ok" when the file is sound.
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
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
        let store = Store::open_with_clock(&path, fixed_clock).unwrap();
        store.conn.execute("CREATE TABLE marker (v TEXT)", []).unwrap();
        store.conn.execute("INSERT INTO marker VALUES ('before')", []).unwrap();
        drop(store);

        let mut steps = migration_steps();
        steps.push(M::up("ALTER TABLE marker ADD COLUMN w TEXT"));
        let next = Migrations::new(steps);
        let conn = Connection::open(&path).unwrap();
        let store = Store { conn, path: Some(path.clone()), clock: fixed_clock };
        let store = store.migrate_with(&next, SCHEMA_VERSION + 1).unwrap();
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION + 1);

        let backup = dir.path().join(format!("review.db.v{SCHEMA_VERSION}-backup-20261123080000"));
        let copy = Connection::open(&backup).expect("backup written");
        let (v, copy_version): (String, i64) = copy
            .query_row("SELECT v, (SELECT user_version FROM pragma_user_version) FROM marker", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((v.as_str(), copy_version), ("before", SCHEMA_VERSION));
    }
}
