use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use tauri::{AppHandle, Manager};
use tic_store::Store;

use crate::dto::{CommandError, ErrorCode, ExpertSession};
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
    /// The expert signed in at this laptop; scoring commands act as this expert only.
    session: Mutex<Option<ExpertSession>>,
    /// Set by 取消 while a long import runs; the import checks it between files. Kept outside the
    /// store's lock so that cancelling never waits for the work it cancels.
    cancel_requested: AtomicBool,
}

impl AppState {
    pub fn open(path: PathBuf) -> AppState {
        let store = Store::open(&path).map(Mutex::new).map_err(|e| e.to_string());
        AppState { path, store, session: Mutex::new(None), cancel_requested: AtomicBool::new(false) }
    }

    /// Runs `f` with the store; one command at a time, so every transaction sees the last one.
    /// Commands run on worker threads (never the window's), so waiting here freezes nothing.
    pub fn with_store<T, E: Into<CommandError>>(&self, f: impl FnOnce(&Store) -> Result<T, E>) -> CommandResult<T> {
        let store = self.store.as_ref().map_err(|message| CommandError { code: ErrorCode::Storage, message: message.clone() })?;
        let guard = store.lock().map_err(|_| CommandError {
            code: ErrorCode::Storage,
            message: "程序内部错误：数据库连接已不可用，请重新启动程序。".into(),
        })?;
        f(&guard).map_err(Into::into)
    }

    pub fn session(&self) -> Option<ExpertSession> {
        self.session.lock().map(|s| s.clone()).unwrap_or(None)
    }

    pub fn set_session(&self, session: Option<ExpertSession>) {
        if let Ok(mut guard) = self.session.lock() {
            *guard = session;
        }
    }

    /// The signed-in expert; refused when nobody is signed in.
    pub fn me(&self) -> CommandResult<ExpertSession> {
        self.session().ok_or_else(|| CommandError { code: ErrorCode::NotSignedIn, message: "请先选择您的姓名并输入 PIN".into() })
    }

    /// Runs `f` as the signed-in expert; refused when nobody is signed in.
    pub fn as_expert<T, E: Into<CommandError>>(&self, f: impl FnOnce(&Store, &ExpertSession) -> Result<T, E>) -> CommandResult<T> {
        let me = self.me()?;
        self.with_store(|s| f(s, &me))
    }

    pub fn open_error(&self) -> Option<String> {
        self.store.as_ref().err().cloned()
    }

    /// Starts a cancellable job: clears an earlier 取消.
    pub fn begin_cancellable(&self) {
        self.cancel_requested.store(false, Ordering::SeqCst);
    }

    pub fn request_cancel(&self) {
        self.cancel_requested.store(true, Ordering::SeqCst);
    }

    pub fn cancel_requested(&self) -> bool {
        self.cancel_requested.load(Ordering::SeqCst)
    }
}
