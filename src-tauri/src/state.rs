use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager};
use tic_domain::records::DEFAULT_IDLE_SIGN_OUT_MINUTES;
use tic_store::{DataKey, KeyFile, Store};

use crate::dto::{CommandError, DatabaseState, ErrorCode, ExpertSession};
use crate::keys::KeySources;
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

/// The database as the window finds it. It is opened on the first command (a worker thread, not
/// the window's), since fetching the key or encrypting an earlier plain database can take time.
enum Slot {
    NotOpened,
    Open(Store),
    /// The key is sealed under a passphrase the user types.
    AskPassphrase(KeyFile),
    /// No key yet and no secret store: the user chooses a passphrase.
    ChoosePassphrase,
    Failed(String),
    /// The key is right (a snapshot opens with it) but the database does not: the window offers
    /// the newest sound snapshot.
    Damaged { message: String, key: DataKey, snapshot: tic_store::Snapshot },
}

/// The open store, or why it could not be opened (shown in the window instead of crashing).
pub struct AppState {
    pub path: PathBuf,
    store: Mutex<Slot>,
    /// The expert signed in at this laptop; scoring commands act as this expert only.
    session: Mutex<Option<ActiveSession>>,
    /// `Settings::idle_sign_out_minutes`, kept here so the check costs no query.
    idle_minutes: AtomicU32,
    clock: Clock,
    /// Set by 取消 while a long import runs; the import checks it between files. Kept outside the
    /// store's lock so that cancelling never waits for the work it cancels.
    cancel_requested: AtomicBool,
    key_sources: KeySources,
}

impl AppState {
    /// The state of a starting window; the key is found and the database opened on first use.
    pub fn open(path: PathBuf) -> AppState {
        Self::with_slot(path, Slot::NotOpened, Instant::now)
    }

    /// A starting window that looks for its key only in the key file (tests of the passphrase).
    #[cfg(test)]
    pub fn open_without_key_sources(path: PathBuf) -> AppState {
        let mut state = Self::with_slot(path, Slot::NotOpened, Instant::now);
        state.key_sources = KeySources { environment: false, os_store: false };
        state
    }

    /// Opens the database now with a given key (tests of the command layer).
    #[cfg(test)]
    pub fn open_with_key(path: PathBuf, key: &DataKey, clock: Clock) -> AppState {
        let slot = match Store::open(&path, key) {
            Ok(store) => Slot::Open(store),
            Err(e) => Slot::Failed(e.to_string()),
        };
        let state = Self::with_slot(path, slot, clock);
        state.take_settings_into_effect();
        state
    }

    fn with_slot(path: PathBuf, slot: Slot, clock: Clock) -> AppState {
        AppState {
            path,
            store: Mutex::new(slot),
            session: Mutex::new(None),
            idle_minutes: AtomicU32::new(DEFAULT_IDLE_SIGN_OUT_MINUTES),
            clock,
            cancel_requested: AtomicBool::new(false),
            key_sources: KeySources::ALL,
        }
    }

    fn take_settings_into_effect(&self) {
        if let Ok(settings) = self.with_store(|s| s.settings()) {
            self.set_idle_minutes(settings.idle_sign_out_minutes);
        }
    }

    fn lock_slot(&self) -> CommandResult<std::sync::MutexGuard<'_, Slot>> {
        self.store.lock().map_err(|_| CommandError {
            code: ErrorCode::Storage,
            message: "程序内部错误：数据库连接已不可用，请重新启动程序。".into(),
        })
    }

    /// Finds the key and opens the database if that has not been tried yet; says where it stands.
    pub fn database_state(&self) -> CommandResult<(DatabaseState, Option<String>)> {
        let mut slot = self.lock_slot()?;
        if matches!(*slot, Slot::NotOpened) {
            *slot = match crate::keys::resolve(&self.path, self.key_sources) {
                crate::keys::KeyOutcome::Ready(key) => self.opened(&key),
                crate::keys::KeyOutcome::AskPassphrase(file) => Slot::AskPassphrase(file),
                crate::keys::KeyOutcome::ChoosePassphrase => Slot::ChoosePassphrase,
                crate::keys::KeyOutcome::Failed(message) => Slot::Failed(message),
            };
        }
        let state = match &*slot {
            Slot::Open(_) => (DatabaseState::Open, None),
            Slot::AskPassphrase(_) => (DatabaseState::AskPassphrase, None),
            Slot::ChoosePassphrase | Slot::NotOpened => (DatabaseState::ChoosePassphrase, None),
            Slot::Failed(message) => (DatabaseState::Failed, Some(message.clone())),
            Slot::Damaged { message, .. } => (DatabaseState::Damaged, Some(message.clone())),
        };
        drop(slot);
        if state.0 == DatabaseState::Open {
            self.take_settings_into_effect();
        }
        Ok(state)
    }

    /// Opens the database with `key` and takes the day's snapshot; a database that does not open
    /// while a snapshot does (so the key is right) is reported damaged, with that snapshot offered.
    fn opened(&self, key: &DataKey) -> Slot {
        match Store::open(&self.path, key) {
            Ok(store) => {
                // A failed snapshot (a full disk, say) must not keep anyone from working.
                let _ = store.take_daily_snapshot();
                Slot::Open(store)
            }
            Err(e) => match tic_store::newest_sound_snapshot(&self.path, key) {
                Some(snapshot) if self.path.exists() => Slot::Damaged { message: e.to_string(), key: key.clone(), snapshot },
                _ => Slot::Failed(e.to_string()),
            },
        }
    }

    /// The snapshot offered for a damaged database, if that is where things stand.
    pub fn offered_snapshot(&self) -> Option<tic_store::Snapshot> {
        match &*self.lock_slot().ok()? {
            Slot::Damaged { snapshot, .. } => Some(snapshot.clone()),
            _ => None,
        }
    }

    /// Replaces the damaged database with the offered snapshot (the damaged file is kept) and opens it.
    pub fn restore_offered_snapshot(&self) -> CommandResult<()> {
        let mut slot = self.lock_slot()?;
        let Slot::Damaged { key, snapshot, .. } = &*slot else {
            return Err(CommandError::invalid("数据库没有损坏，不需要从快照恢复"));
        };
        let key = key.clone();
        let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
        tic_store::restore_snapshot(&self.path, snapshot, &key, &stamp)?;
        let detail = format!("{}（{}）；损坏的文件改名为 {}.damaged-{stamp}", snapshot.taken_at, snapshot.reason, self.path.display());
        *slot = self.opened(&key);
        if let Slot::Open(store) = &*slot {
            let _ = store.record_event("本机用户", "从快照恢复", None, &detail);
        }
        drop(slot);
        self.take_settings_into_effect();
        Ok(())
    }

    /// Opens the database with the passphrase that seals its key; a wrong one changes nothing.
    pub fn unlock_database(&self, passphrase: &str) -> CommandResult<()> {
        let mut slot = self.lock_slot()?;
        let Slot::AskPassphrase(file) = &*slot else {
            return Err(CommandError::invalid("数据库不需要口令解锁"));
        };
        let key = file.unlock(passphrase).map_err(|e| CommandError::invalid(e.to_string()))?;
        // Opened, damaged or failed: the window shows which after this returns.
        *slot = self.opened(&key);
        drop(slot);
        self.take_settings_into_effect();
        Ok(())
    }

    /// Protects a new key with the passphrase the user chose, then opens (or encrypts) the database.
    pub fn choose_database_passphrase(&self, passphrase: &str, repeated: &str) -> CommandResult<()> {
        let mut slot = self.lock_slot()?;
        if !matches!(*slot, Slot::ChoosePassphrase) {
            return Err(CommandError::invalid("数据库已有密钥，不能重新设置口令"));
        }
        if passphrase != repeated {
            return Err(CommandError::invalid("两次输入的口令不一致，请重新输入"));
        }
        let key = crate::keys::choose_passphrase(&self.path, passphrase).map_err(CommandError::invalid)?;
        *slot = self.opened(&key);
        if let Slot::Failed(message) = &*slot {
            return Err(CommandError { code: ErrorCode::Storage, message: message.clone() });
        }
        drop(slot);
        self.take_settings_into_effect();
        Ok(())
    }

    /// Takes a newly saved idle limit into effect.
    pub fn set_idle_minutes(&self, minutes: u32) {
        self.idle_minutes.store(minutes, Ordering::SeqCst);
    }

    /// Replaces the database with a backup (checked in full before anything changes) and signs
    /// out whoever was signed in: the restored data may not even hold their seat.
    pub fn restore_backup(&self, from: &std::path::Path, passphrase: &str) -> CommandResult<tic_store::BackupManifest> {
        let mut slot = self.lock_slot()?;
        let Slot::Open(_) = &*slot else {
            return Err(CommandError { code: ErrorCode::Storage, message: "数据库尚未打开，不能恢复。".into() });
        };
        let Slot::Open(store) = std::mem::replace(&mut *slot, Slot::NotOpened) else { unreachable!("checked above") };
        let stamp = chrono::Utc::now().format("%Y%m%d%H%M%S").to_string();
        match store.restore_in_place(from, passphrase, &stamp) {
            Ok((store, result)) => {
                if let Ok(m) = &result {
                    let detail = format!("{}（{} 备份，中心 {} 个，评审 {} 项）", from.display(), m.created_at, m.centers, m.reviews);
                    // The restored database is sound and open; a log row that fails leaves it so.
                    let _ = store.record_event("本机用户", "从备份恢复", None, &detail);
                }
                *slot = Slot::Open(store);
                drop(slot);
                self.set_session(None);
                self.take_settings_into_effect();
                result.map_err(CommandError::from)
            }
            Err(e) => {
                *slot = Slot::Failed(e.to_string());
                Err(e.into())
            }
        }
    }

    /// Appends to the audit log as the signed-in expert, in their review.
    pub fn log_as_expert(&self, action: &str, detail: &str) -> CommandResult<()> {
        self.as_expert(|s, me| s.record_event(&me.name, action, Some(me.review_id), detail))
    }

    /// Runs `f` with the store; one command at a time, so every transaction sees the last one.
    /// Commands run on worker threads (never the window's), so waiting here freezes nothing.
    pub fn with_store<T, E: Into<CommandError>>(&self, f: impl FnOnce(&Store) -> Result<T, E>) -> CommandResult<T> {
        let slot = self.lock_slot()?;
        match &*slot {
            Slot::Open(store) => f(store).map_err(Into::into),
            Slot::Failed(message) => Err(CommandError { code: ErrorCode::Storage, message: message.clone() }),
            Slot::Damaged { message, .. } => Err(CommandError { code: ErrorCode::Storage, message: message.clone() }),
            Slot::NotOpened | Slot::AskPassphrase(_) | Slot::ChoosePassphrase => {
                Err(CommandError { code: ErrorCode::Storage, message: "数据库尚未解锁，请先输入数据库口令。".into() })
            }
        }
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
