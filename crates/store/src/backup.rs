//! 备份与恢复: one encrypted file holding the whole database and every photo, with a manifest that
//! can be read without the passphrase (what it holds, schema version, checksum). The file is sealed
//! under a passphrase (Argon2id, XChaCha20-Poly1305, the manifest authenticated with it), so a
//! backup on a USB stick restores on another laptop with another database key.
//!
//! Restoring checks everything before anything is replaced: the passphrase, the seal (any changed
//! or missing byte is refused), the checksum, SQLite's integrity check and the schema version. The
//! current database and photo folder are then set aside under a `before-restore` name, not deleted.

use std::io::Read;
use std::path::{Path, PathBuf};

use rand_core::{OsRng, RngCore};
use rusqlite::{Connection, MAIN_DB};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::crypto::{passphrase_cipher, seal_with_aad, unseal_with_aad, DataKey, ARGON2_MEMORY_KIB, ARGON2_PASSES, MIN_PASSPHRASE_CHARS};
use crate::error::{StoreError, StoreResult};
use crate::files::{sync_dir, write_durably};
use crate::open::{vacuum_into_encrypted, SCHEMA_VERSION};
use crate::visits::photo_dir_for;
use crate::Store;

const MAGIC: &[u8; 11] = b"TICBACKUP1\n";
const FORMAT: &str = "tic-review-backup";
const DATABASE_ENTRY: &str = "database.sqlite";
/// A backup larger than this is not one of ours (the photo limit × a generous count).
const MAX_BACKUP_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// What a backup holds, readable without its passphrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    pub schema_version: i64,
    pub centers: i64,
    pub reviews: i64,
    pub photos: u64,
    /// Size and SHA-256 of the content before sealing.
    pub content_bytes: u64,
    pub content_sha256: String,
    pub memory_kib: u32,
    pub passes: u32,
    pub salt: String,
}

fn bad(file: &Path, detail: impl Into<String>) -> StoreError {
    StoreError::BadBackup { file: file.display().to_string(), detail: detail.into() }
}

impl Store {
    /// Writes an encrypted backup of the database and every photo to `out`.
    pub fn backup_to(&self, out: &Path, passphrase: &str) -> StoreResult<BackupManifest> {
        if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
            return Err(tic_domain::InputError::new("备份口令", format!("至少需要 {MIN_PASSPHRASE_CHARS} 个字符")).into());
        }
        let database = self.plain_image()?;
        let mut content = Vec::with_capacity(database.len() + 1024);
        push_entry(&mut content, DATABASE_ENTRY, &database);
        let mut photos = 0;
        if let Some(path) = self.path() {
            let dir = photo_dir_for(path);
            if let Ok(entries) = std::fs::read_dir(&dir) {
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                    .filter(|n| !n.ends_with(".partial"))
                    .collect();
                names.sort();
                for name in names {
                    push_entry(&mut content, &format!("photos/{name}"), &self.read_photo_file(&name)?);
                    photos += 1;
                }
            }
        }
        let count = |sql: &str| -> StoreResult<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let mut salt = [0u8; 16];
        OsRng.fill_bytes(&mut salt);
        let manifest = BackupManifest {
            format: FORMAT.into(),
            version: 1,
            created_at: self.now(),
            schema_version: count("PRAGMA user_version")?,
            centers: count("SELECT count(*) FROM centers")?,
            reviews: count("SELECT count(*) FROM reviews")?,
            photos,
            content_bytes: content.len() as u64,
            content_sha256: format!("{:x}", Sha256::digest(&content)),
            memory_kib: ARGON2_MEMORY_KIB,
            passes: ARGON2_PASSES,
            salt: hex::encode(salt),
        };
        let manifest_json = serde_json::to_vec(&manifest)?;
        let cipher = passphrase_cipher(passphrase, &salt, ARGON2_MEMORY_KIB, ARGON2_PASSES).map_err(|e| bad(out, e.to_string()))?;
        let sealed = seal_with_aad(&cipher, &content, &aad(&manifest_json));
        let mut file = Vec::with_capacity(sealed.len() + manifest_json.len() + 16);
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&(manifest_json.len() as u32).to_be_bytes());
        file.extend_from_slice(&manifest_json);
        file.extend_from_slice(&sealed);
        write_durably(out, &file, true).map_err(|e| match e.raw_os_error() {
            Some(28) => StoreError::DiskFull,
            _ => StoreError::Backup(format!("无法写入「{}」：{e}", out.display())),
        })?;
        Ok(manifest)
    }

    /// The database as an unencrypted SQLite image, in memory only (never written to disk plain).
    fn plain_image(&self) -> StoreResult<Vec<u8>> {
        self.conn.execute_batch("ATTACH DATABASE ':memory:' AS plain KEY ''; SELECT sqlcipher_export('plain');")?;
        let version: i64 = self.conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        let image = (|| {
            // sqlcipher_export copies tables and rows, not the schema version.
            self.conn.execute_batch(&format!("PRAGMA plain.user_version = {version};"))?;
            Ok::<_, rusqlite::Error>(self.conn.serialize(c"plain")?.to_vec())
        })();
        self.conn.execute_batch("DETACH DATABASE plain;")?;
        Ok(image?)
    }
}

fn aad(manifest_json: &[u8]) -> Vec<u8> {
    let mut aad = MAGIC.to_vec();
    aad.extend_from_slice(manifest_json);
    aad
}

fn push_entry(out: &mut Vec<u8>, name: &str, data: &[u8]) {
    out.extend_from_slice(&(name.len() as u32).to_be_bytes());
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(&(data.len() as u64).to_be_bytes());
    out.extend_from_slice(data);
}

fn entries(content: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let mut rest = content;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let name_len = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let name = std::str::from_utf8(rest.get(4..4 + name_len)?).ok()?.to_owned();
        rest = &rest[4 + name_len..];
        let data_len = usize::try_from(u64::from_be_bytes(rest.get(..8)?.try_into().ok()?)).ok()?;
        out.push((name, rest.get(8..8 + data_len)?));
        rest = &rest[8 + data_len..];
    }
    Some(out)
}

/// Reads the manifest of a backup file (no passphrase needed); refuses what is not a backup.
pub fn read_backup_manifest(file: &Path) -> StoreResult<BackupManifest> {
    let mut head = vec![0u8; MAGIC.len() + 4];
    let mut f = std::fs::File::open(file).map_err(|e| bad(file, format!("无法读取：{e}")))?;
    f.read_exact(&mut head).map_err(|_| bad(file, "不是本程序的备份文件"))?;
    let (manifest, _) = split_header(file, &head, &mut f)?;
    Ok(manifest)
}

fn split_header(file: &Path, head: &[u8], rest: &mut impl Read) -> StoreResult<(BackupManifest, Vec<u8>)> {
    if &head[..MAGIC.len()] != MAGIC {
        return Err(bad(file, "不是本程序的备份文件"));
    }
    let len = u32::from_be_bytes(head[MAGIC.len()..].try_into().expect("4 bytes")) as usize;
    if len > 64 * 1024 {
        return Err(bad(file, "备份说明过长，文件已损坏"));
    }
    let mut json = vec![0u8; len];
    rest.read_exact(&mut json).map_err(|_| bad(file, "文件不完整（可能未复制完）"))?;
    let manifest: BackupManifest = serde_json::from_slice(&json).map_err(|e| bad(file, format!("备份说明无法识别：{e}")))?;
    if manifest.format != FORMAT || manifest.version != 1 {
        return Err(bad(file, format!("格式“{}”版本 {} 不是本程序能恢复的", manifest.format, manifest.version)));
    }
    Ok((manifest, json))
}

/// Restores `from` into the database at `db` (encrypted with `key`), after checking all of it.
/// The current database and photo folder, if any, are kept as `NAME.before-restore-STAMP` and
/// `STEM-photos.before-restore-STAMP`; the returned manifest says what was restored.
pub fn restore_backup(from: &Path, passphrase: &str, db: &Path, key: &DataKey, stamp: &str) -> StoreResult<BackupManifest> {
    let size = std::fs::metadata(from).map_err(|e| bad(from, format!("无法读取：{e}")))?.len();
    if size > MAX_BACKUP_BYTES {
        return Err(bad(from, "文件过大，不是本程序的备份文件"));
    }
    let bytes = std::fs::read(from).map_err(|e| bad(from, format!("无法读取：{e}")))?;
    if bytes.len() < MAGIC.len() + 4 {
        return Err(bad(from, "不是本程序的备份文件"));
    }
    let mut rest = &bytes[MAGIC.len() + 4..];
    let (manifest, manifest_json) = split_header(from, &bytes[..MAGIC.len() + 4], &mut rest)?;
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(bad(from, format!("由更新版本的程序创建（数据结构版本 {}），请先升级本程序", manifest.schema_version)));
    }
    let salt = hex::decode(&manifest.salt).map_err(|_| bad(from, "备份说明已损坏"))?;
    let cipher = passphrase_cipher(passphrase, &salt, manifest.memory_kib, manifest.passes).map_err(|e| bad(from, e.to_string()))?;
    let content = unseal_with_aad(&cipher, rest, &aad(&manifest_json))
        .map_err(|_| bad(from, "备份口令不正确，或文件已被改动、不完整"))?;
    if content.len() as u64 != manifest.content_bytes || format!("{:x}", Sha256::digest(&content)) != manifest.content_sha256 {
        return Err(bad(from, "校验值不符"));
    }
    let entries = entries(&content).ok_or_else(|| bad(from, "内容结构已损坏"))?;
    let database = entries.iter().find(|(n, _)| n == DATABASE_ENTRY).map(|(_, d)| *d).ok_or_else(|| bad(from, "没有数据库"))?;

    // Check the database image before anything on disk changes.
    let mut image = Connection::open_in_memory()?;
    image
        .deserialize_read_exact(MAIN_DB, database, database.len(), false)
        .map_err(|e| bad(from, format!("数据库无法读取：{e}")))?;
    let integrity: String = image.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| bad(from, format!("数据库无法读取：{e}")))?;
    let version: i64 = image.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if integrity != "ok" || version != manifest.schema_version {
        return Err(bad(from, format!("数据库检查未通过（{integrity}，版本 {version}）")));
    }

    // Write the new database and photo folder under temporary names, then swap.
    let beside = |suffix: &str| -> PathBuf {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        name.into()
    };
    if let Some(parent) = db.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| bad(from, format!("无法创建目标文件夹：{e}")))?;
    }
    let new_db = beside(".restoring");
    let photos = photo_dir_for(db);
    let new_photos = photos.with_extension("restoring");
    let cleanup = || {
        let _ = std::fs::remove_file(&new_db);
        let _ = std::fs::remove_dir_all(&new_photos);
    };
    cleanup();
    let written = (|| -> StoreResult<()> {
        vacuum_into_encrypted(&image, &new_db, key)?;
        std::fs::create_dir_all(&new_photos).map_err(|e| StoreError::Backup(format!("无法创建照片文件夹：{e}")))?;
        for (name, data) in entries.iter().filter_map(|(n, d)| n.strip_prefix("photos/").map(|n| (n, d))) {
            if name.contains('/') || name.contains("..") || name.is_empty() {
                return Err(bad(from, format!("照片文件名“{name}”不合法")));
            }
            write_durably(&new_photos.join(name), &key.seal(data), true).map_err(|e| StoreError::Backup(format!("无法写入照片：{e}")))?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        cleanup();
        return Err(e);
    }
    drop(image);
    let swap = || -> std::io::Result<()> {
        if db.exists() {
            std::fs::rename(db, beside(&format!(".before-restore-{stamp}")))?;
            for suffix in ["-wal", "-shm"] {
                if beside(suffix).exists() {
                    std::fs::rename(beside(suffix), beside(&format!(".before-restore-{stamp}{suffix}")))?;
                }
            }
        }
        if photos.exists() {
            std::fs::rename(&photos, photos.with_extension(format!("before-restore-{stamp}")))?;
        }
        std::fs::rename(&new_photos, &photos)?;
        std::fs::rename(&new_db, db)?;
        sync_dir(db)
    };
    swap().map_err(|e| StoreError::Backup(format!("替换数据库时出错：{e}；原数据库保存在「{}」", beside(&format!(".before-restore-{stamp}")).display())))?;
    Ok(manifest)
}

impl Store {
    /// Closes this store, restores `from` over its file (checked in full first), and opens the
    /// result with the same key. When the restore is refused the file is as it was and is opened
    /// again; the outer error means even that failed.
    pub fn restore_in_place(self, from: &Path, passphrase: &str, stamp: &str) -> StoreResult<(Store, StoreResult<BackupManifest>)> {
        let path = self.path().map(Path::to_owned).ok_or_else(|| StoreError::Backup("内存数据库不能恢复".into()))?;
        let (key, clock) = (self.key.clone(), self.clock());
        drop(self);
        let restored = restore_backup(from, passphrase, &path, &key, stamp);
        let store = Store::open_with_clock(&path, &key, clock)?;
        Ok((store, restored))
    }
}
