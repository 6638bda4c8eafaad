//! `tic-review backup` and `tic-review restore`: the 备份与恢复 of the window, for scripts.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// Scripts give the backup passphrase here; otherwise it is asked for on the terminal.
pub const PASSPHRASE_ENV: &str = "TIC_REVIEW_BACKUP_PASSPHRASE";

fn passphrase() -> Result<zeroize::Zeroizing<String>, String> {
    if let Ok(given) = std::env::var(PASSPHRASE_ENV) {
        return Ok(zeroize::Zeroizing::new(given));
    }
    if std::io::stdin().is_terminal() {
        eprint!("备份口令：");
        let _ = std::io::stderr().flush();
    }
    let mut line = zeroize::Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("无法读取备份口令：{e}"))?;
    Ok(zeroize::Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned()))
}

pub fn backup(db: &Path, out: &Path) -> Result<(), String> {
    if !db.exists() {
        return Err(format!("找不到数据库文件「{}」", db.display()));
    }
    let store = crate::keys::open_store(db)?;
    let manifest = store.backup_to(out, &passphrase()?).map_err(|e| e.to_string())?;
    println!(
        "已备份到 {}：中心 {} 个，评审 {} 项，照片文件 {} 个，数据结构版本 {}，SHA-256 {}",
        out.display(),
        manifest.centers,
        manifest.reviews,
        manifest.photos,
        manifest.schema_version,
        manifest.content_sha256
    );
    Ok(())
}

pub fn restore(from: &Path, db: &Path) -> Result<(), String> {
    let key = crate::keys::key()?;
    let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
    let manifest = tic_store::restore_backup(from, &passphrase()?, db, &key, &stamp).map_err(|e| e.to_string())?;
    // Opening migrates a backup of an older schema, as the window would.
    let store = tic_store::Store::open(db, &key).map_err(|e| e.to_string())?;
    let check = store.integrity_check().map_err(|e| e.to_string())?;
    println!(
        "已从 {}（{} 备份）恢复到 {}：中心 {} 个，评审 {} 项，照片文件 {} 个；完整性检查：{check}",
        from.display(),
        manifest.created_at,
        db.display(),
        manifest.centers,
        manifest.reviews,
        manifest.photos
    );
    Ok(())
}
