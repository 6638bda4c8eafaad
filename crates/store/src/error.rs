//! What can go wrong in the store, said in Chinese for the person who has to act on it.

use tic_domain::{InputError, TemplateError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Invalid(#[from] InputError),
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("找不到{0}，可能已被删除")]
    NotFound(String),
    #[error("数据库文件「{path}」由更新版本的程序创建（数据结构版本 {found}，本程序最高支持 {supported}）。为免损坏数据，本程序不会打开它，请升级本程序。")]
    NewerSchema { path: String, found: i64, supported: i64 },
    #[error("磁盘空间不足，本次修改没有保存。请腾出磁盘空间后重试。")]
    DiskFull,
    #[error("数据库正被另一个程序占用，本次修改没有保存。请关闭其他正在使用该数据库的程序后重试。")]
    Busy,
    #[error("数据库文件「{path}」无法使用：{detail}")]
    Unusable { path: String, detail: String },
    #[error("数据库文件「{path}」无法用当前的数据库密钥打开：密钥不对，或文件已损坏、不是本程序的数据库。")]
    WrongKey { path: String },
    #[error("备份文件「{file}」无法恢复：{detail}。当前数据库未做任何修改。")]
    BadBackup { file: String, detail: String },
    #[error("升级数据库前备份失败（{0}），数据库未做任何修改。")]
    Backup(String),
    #[error("读写数据库出错，本次修改没有保存：{0}")]
    Sqlite(rusqlite::Error),
    #[error("升级数据库结构失败，数据库未做任何修改：{0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored value no build of this program writes: the file was damaged or edited by hand.
    /// Reading it as some other meaning (a draft, "no conflict") would be worse than stopping.
    #[error("数据库中的数据已损坏：{0}。请从备份恢复该数据库。")]
    Corrupt(String),
    /// Turning a value into JSON for storage failed; nothing was written.
    #[error("程序内部错误：无法编码要保存的数据（{0}），本次修改没有保存。")]
    Encoding(#[from] serde_json::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => match error {
                rusqlite::Error::FromSqlConversionFailure(_, _, detail) => StoreError::Corrupt(detail.to_string()),
                other => StoreError::Sqlite(other),
            },
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Reads a stored code with the domain's `from_code`; an unknown code is `Corrupt`, naming what
/// it should have been.
pub(crate) fn decode<T>(what: &str, code: &str, from_code: impl FnOnce(&str) -> Option<T>) -> StoreResult<T> {
    from_code(code).ok_or_else(|| StoreError::Corrupt(format!("{what}取值“{code}”无法识别")))
}
