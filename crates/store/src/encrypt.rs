//! The one-time move of a plain database from an earlier build, and its photos, to encryption.
//!
//! The plain file stays until the encrypted copy is written, checked and renamed into place; a
//! crash at any step leaves either the plain database or the encrypted one under the usual name
//! (or the plain one under `NAME.plain-before-encryption`, put back at the next open).

use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::crypto::{is_sealed, DataKey};
use crate::error::{StoreError, StoreResult};
use crate::files::{sync_dir, write_durably};
use crate::open::{apply_key, vacuum_into_encrypted};

/// The first 16 bytes of every unencrypted SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Whether the file at `path` is an unencrypted SQLite database (an empty file is not: SQLite
/// treats it as a new database, which will be written encrypted).
pub(crate) fn is_plain_database(path: &Path) -> std::io::Result<bool> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    Ok(read == header.len() && &header == PLAIN_HEADER)
}

/// Whether `path` holds an encrypted database (content that is not plain SQLite): such a file
/// cannot be opened without its key, so a missing key is an error rather than a fresh start.
pub fn holds_encrypted_data(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0) && is_plain_database(path).is_ok_and(|plain| !plain)
}

/// Puts a plain database set aside by an interrupted encryption back under its name.
pub(crate) fn finish_interrupted_encryption(path: &Path) -> std::io::Result<()> {
    let set_aside = beside(path, ".plain-before-encryption");
    if set_aside.exists() {
        if path.exists() {
            // The encrypted copy reached its place: the plain one is no longer needed.
            remove_plain_copy(&set_aside)?;
        } else {
            if beside(&set_aside, "-wal").exists() {
                std::fs::rename(beside(&set_aside, "-wal"), beside(path, "-wal"))?;
            }
            std::fs::rename(&set_aside, path)?;
            sync_dir(path)?;
        }
    }
    Ok(())
}

fn remove_plain_copy(set_aside: &Path) -> std::io::Result<()> {
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(beside(set_aside, suffix));
    }
    std::fs::remove_file(set_aside)?;
    sync_dir(set_aside)
}

/// Encrypts the plain database `reader` has open (read-only) and the photos beside it.
pub(crate) fn encrypt_plain_database(reader: Connection, path: &Path, key: &DataKey) -> StoreResult<()> {
    let failed = |detail: String| StoreError::Unusable {
        path: path.display().to_string(),
        detail: format!("加密旧数据库失败（{detail}），原数据库未做任何修改"),
    };
    let encrypted = beside(path, ".encrypting");
    let _ = std::fs::remove_file(&encrypted);
    let version: i64 = reader.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| failed(e.to_string()))?;
    vacuum_into_encrypted(&reader, &encrypted, key).map_err(|e| {
        let _ = std::fs::remove_file(&encrypted);
        StoreError::from(e)
    })?;
    drop(reader);
    if let Err(e) = check_encrypted_copy(&encrypted, key, version) {
        let _ = std::fs::remove_file(&encrypted);
        return Err(failed(e));
    }
    seal_plain_photos(&crate::visits::photo_dir_for(path), key).map_err(|e| {
        let _ = std::fs::remove_file(&encrypted);
        failed(e)
    })?;
    let set_aside = beside(path, ".plain-before-encryption");
    let swap = || -> std::io::Result<()> {
        std::fs::rename(path, &set_aside)?;
        if beside(path, "-wal").exists() {
            std::fs::rename(beside(path, "-wal"), beside(&set_aside, "-wal"))?;
        }
        let _ = std::fs::remove_file(beside(path, "-shm"));
        std::fs::rename(&encrypted, path)?;
        sync_dir(path)?;
        remove_plain_copy(&set_aside)
    };
    swap().map_err(|e| failed(e.to_string()))
}

/// The copy opens with the key, is sound, and carries the same schema version.
fn check_encrypted_copy(encrypted: &Path, key: &DataKey, version: i64) -> Result<(), String> {
    let conn = Connection::open(encrypted).map_err(|e| e.to_string())?;
    apply_key(&conn, key).map_err(|e| e.to_string())?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    let copied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| e.to_string())?;
    if integrity != "ok" || copied != version {
        return Err(format!("加密副本检查未通过（{integrity}，版本 {copied}）"));
    }
    Ok(())
}

/// Seals every photo and thumbnail not sealed yet (a rerun after a crash skips those done).
fn seal_plain_photos(dir: &Path, key: &DataKey) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("无法读取照片文件夹：{e}")),
    };
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if !path.is_file() || path.extension().is_some_and(|e| e == "partial") {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("无法读取「{}」：{e}", path.display()))?;
        if !is_sealed(&bytes) {
            write_durably(&path, &key.seal(&bytes), true).map_err(|e| format!("无法加密「{}」：{e}", path.display()))?;
        }
    }
    Ok(())
}
