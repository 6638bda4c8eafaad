use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager};
use tic_domain::records::DEFAULT_IDLE_SIGN_OUT_MINUTES;
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

/// Where the shell reads the time for idle sign-out; tests move it.
pub type Clock = fn() -> Instant;

/// The expert signed in, and when they last did anything.
struct ActiveSession {
    session: ExpertSession,
    last_active: Instant,
}

/// The open store, or why it could not be opened (shown in the window instead of crashing).
pub struct AppState {
    pub path: PathBuf,
    store: Result<Mutex<Store>, String>,
    /// The expert signed in at this laptop; scoring commands act as this expert only.
    session: Mutex<Option<ActiveSession>>,
    /// `Settings::idle_sign_out_minutes`, kept here so the check costs no query.
    idle_minutes: AtomicU32,
    clock: Clock,
    /// Set by 取消 while a long import runs; the import checks it between files. Kept outside the
    /// store's lock so that cancelling never waits for the work it cancels.
    cancel_requested: AtomicBool,
}

impl AppState {
    pub fn open(path: PathBuf) -> AppState {
        Self::open_with_clock(path, Instant::now)
    }

    pub fn open_with_clock(path: PathBuf, clock: Clock) -> AppState {
        let store = Store::open(&path).map_err(|e| e.to_string());
        let idle = store.as_ref().ok().and_then(|s| s.settings().ok()).map_or(DEFAULT_IDLE_SIGN_OUT_MINUTES, |s| s.idle_sign_out_minutes);
        AppState {
            path,
            store: store.map(Mutex::new),
            session: Mutex::new(None),
            idle_minutes: AtomicU32::new(idle),
            clock,
            cancel_requested: AtomicBool::new(false),
        }
    }

    /// Takes a newly saved idle limit into effect.
    pub fn set_idle_minutes(&self, minutes: u32) {
        self.idle_minutes.store(minutes, Ordering::SeqCst);
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

    /// The expert signed in, without counting as activity; nobody once they have been idle too long.
    pub fn session(&self) -> Option<ExpertSession> {
        let mut guard = self.session.lock().ok()?;
        self.expire_idle(&mut guard);
        guard.as_ref().map(|a| a.session.clone())
    }

    pub fn set_session(&self, session: Option<ExpertSession>) {
        if let Ok(mut guard) = self.session.lock() {
            *guard = session.map(|session| ActiveSession { session, last_active: (self.clock)() });
        }
    }

    /// Signs out an expert idle for longer than the setting; says whether it did.
    fn expire_idle(&self, active: &mut Option<ActiveSession>) -> bool {
        let limit = Duration::from_secs(u64::from(self.idle_minutes.load(Ordering::SeqCst)) * 60);
        let idle = active.as_ref().is_some_and(|a| (self.clock)().saturating_duration_since(a.last_active) > limit);
        if idle {
            *active = None;
        }
        idle
    }

    /// The signed-in expert, and a moment of activity; refused when nobody is signed in or the
    /// expert was idle past the setting (then they are signed out, and told why).
    pub fn me(&self) -> CommandResult<ExpertSession> {
        let not_signed_in = |message: String| CommandError { code: ErrorCode::NotSignedIn, message };
        let mut guard = self.session.lock().map_err(|_| not_signed_in("请先选择您的姓名并输入 PIN".into()))?;
        if self.expire_idle(&mut guard) {
            let minutes = self.idle_minutes.load(Ordering::SeqCst);
            return Err(not_signed_in(format!("超过 {minutes} 分钟没有操作，为保护评分已自动退出，请重新选择姓名并输入 PIN")));
        }
        let active = guard.as_mut().ok_or_else(|| not_signed_in("请先选择您的姓名并输入 PIN".into()))?;
        active.last_active = (self.clock)();
        Ok(active.session.clone())
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
