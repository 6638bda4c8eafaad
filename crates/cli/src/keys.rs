//! The command line's database key: always from `TIC_REVIEW_KEY`, so scripts and tests never
//! reach the operating system's secret store or wait for a passphrase.

use std::path::Path;

use tic_store::{DataKey, Store, KEY_ENV};

pub fn key() -> Result<DataKey, String> {
    match DataKey::from_env() {
        Some(Ok(key)) => Ok(key),
        Some(Err(e)) => Err(format!("环境变量 {KEY_ENV} 中的{e}")),
        None => Err(format!(
            "数据库是加密的，命令行从环境变量 {KEY_ENV} 读取密钥（64 位十六进制数字）。新建数据库可先运行 `export {KEY_ENV}=$(tic-review new-key)`。"
        )),
    }
}

pub fn open_store(db: &Path) -> Result<Store, String> {
    Store::open(db, &key()?).map_err(|e| e.to_string())
}
