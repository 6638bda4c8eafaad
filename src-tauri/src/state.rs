use std::path::PathBuf;
use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tic_domain::bindings::{CommandError, ErrorCode};
use tic_store::Store;

use crate::error::CommandResult;

/// Overrides where the database lives (tests, demos, a USB stick).
pub const DATABASE_ENV: &str = "TIC_REVIEW_DB";

pub fn database_path(app: &AppHandle) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(path) = std::env::var_os(DATABASE_ENV).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(app.path().app_data_dir()?.join("tic-review.db"))
}

/// The open store, or why it could not be opened (shown in the window instead of crashing).
pub struct AppState {
    pub path: PathBuf,
    store: Result<Mutex<Store>, String>,
}

impl AppState {
    pub fn open(path: PathBuf) -> AppState {
        let store = Store::open(&path).map(Mutex::new).map_err(|e| e.to_string());
        AppState { path, store }
    }

    /// Runs `f` with the store; one command at a time, so every transaction sees the last one.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> CommandResult<T>) -> CommandResult<T> {
        let store = self.store.as_ref().map_err(|message| CommandError { code: ErrorCode::Storage, message: message.clone() })?;
        let guard = store.lock().map_err(|_| CommandError {
            code: ErrorCode::Storage,
            message: "程序内部错误：数据库连接已不可用，请重新启动程序。".into(),
        })?;
        f(&guard)
    }

    pub fn open_error(&self) -> Option<String> {
        self.store.as_ref().err().cloned()
    }
}
