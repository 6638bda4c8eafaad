//! Where the database key comes from when the window starts: the environment (scripts, tests),
//! the operating system's secret store, or a passphrase typed by the user. Only this module talks
//! to the secret store; the store crate only ever sees a [`DataKey`].

use std::path::Path;

use tic_store::{DataKey, KeyFile, Protection};

/// The secret store's service name; the account is the database's full path, so two databases
/// on one laptop (a chair's and a demo) have two keys.
const SERVICE: &str = "tic-review";

/// What the window can do about the key at start.
pub enum KeyOutcome {
    Ready(DataKey),
    /// The key is sealed under a passphrase; the window asks for it.
    AskPassphrase(KeyFile),
    /// A new (or a plain, earlier) database, and no secret store: the window asks the user to
    /// choose a passphrase.
    ChoosePassphrase,
    Failed(String),
}

/// Where a key may come from besides the key file; tests switch both off so that they never read
/// the environment's key or touch the real secret store.
#[derive(Clone, Copy)]
pub struct KeySources {
    pub environment: bool,
    pub os_store: bool,
}

impl KeySources {
    pub const ALL: KeySources = KeySources { environment: true, os_store: true };
}

pub fn resolve(database: &Path, sources: KeySources) -> KeyOutcome {
    if let Some(given) = DataKey::from_env().filter(|_| sources.environment) {
        return match given {
            Ok(key) => KeyOutcome::Ready(key),
            Err(e) => KeyOutcome::Failed(format!("环境变量 {} 中的{e}", tic_store::KEY_ENV)),
        };
    }
    let key_path = KeyFile::path_for(database);
    match KeyFile::read(&key_path) {
        Err(e) => KeyOutcome::Failed(e.to_string()),
        Ok(Some(file)) => match &file.protection {
            Protection::Passphrase { .. } => KeyOutcome::AskPassphrase(file),
            Protection::OsStore { .. } if !sources.os_store => KeyOutcome::Failed("不使用系统密钥库".into()),
            Protection::OsStore { service, account } => match from_os_store(service, account, &file.key_id) {
                Ok(key) => KeyOutcome::Ready(key),
                Err(detail) => KeyOutcome::Failed(format!(
                    "无法从系统密钥库取得数据库密钥（{detail}）。请确认已登录本机桌面且系统密钥库已解锁，然后重新启动本程序；也可从备份恢复。"
                )),
            },
        },
        Ok(None) if tic_store::holds_encrypted_data(database) => KeyOutcome::Failed(format!(
            "数据库已加密，但找不到它的密钥文件「{}」。请把密钥文件放回原处，或从备份恢复。",
            key_path.display()
        )),
        Ok(None) => match sources.os_store.then(|| new_key_in_os_store(database)).flatten() {
            Some(key) => KeyOutcome::Ready(key),
            None => KeyOutcome::ChoosePassphrase,
        },
    }
}

fn account_for(database: &Path) -> String {
    std::path::absolute(database).unwrap_or_else(|_| database.to_owned()).display().to_string()
}

fn from_os_store(service: &str, account: &str, key_id: &str) -> Result<DataKey, String> {
    let entry = keyring::Entry::new(service, account).map_err(|e| e.to_string())?;
    let hex = zeroize::Zeroizing::new(entry.get_password().map_err(|e| e.to_string())?);
    let key = DataKey::from_hex(&hex).map_err(|e| e.to_string())?;
    if key.id() != key_id {
        return Err("密钥库中的密钥与本数据库不符".into());
    }
    Ok(key)
}

/// A fresh key kept in the secret store, read back before the key file says so; `None` when
/// there is no usable store (then the user chooses a passphrase).
fn new_key_in_os_store(database: &Path) -> Option<DataKey> {
    let account = account_for(database);
    let entry = keyring::Entry::new(SERVICE, &account).ok()?;
    let key = DataKey::random();
    entry.set_password(&key.to_hex()).ok()?;
    let back = entry.get_password().ok()?;
    if back != *key.to_hex() {
        return None;
    }
    KeyFile::os_store(&key, SERVICE, &account).write(&KeyFile::path_for(database)).ok()?;
    Some(key)
}

/// Seals a new key under the passphrase the user chose and writes the key file.
pub fn choose_passphrase(database: &Path, passphrase: &str) -> Result<DataKey, String> {
    let key = DataKey::random();
    let file = KeyFile::with_passphrase(&key, passphrase).map_err(|e| e.to_string())?;
    file.write(&KeyFile::path_for(database)).map_err(|e| e.to_string())?;
    Ok(key)
}
