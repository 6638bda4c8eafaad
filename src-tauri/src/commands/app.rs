use tauri::State;

use crate::dto::{AppInfo, AuditRow, AuditView, BackupView, SnapshotView};
use crate::error::CommandResult;
use crate::state::AppState;

/// Where the database is and whether it is open; the first call finds the key and opens it.
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    let (database_state, open_error) = state.database_state()?;
    Ok(AppInfo {
        database_path: state.path.display().to_string(),
        database_state,
        open_error,
        snapshot: state.offered_snapshot().map(|s| SnapshotView { taken_at: s.taken_at, reason: s.reason }),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}

#[derive(serde::Deserialize)]
pub struct UnlockDatabaseParams {
    passphrase: String,
}

/// Opens a database whose key is sealed under a passphrase.
#[tauri::command(async)]
pub fn unlock_database(state: State<'_, AppState>, params: UnlockDatabaseParams) -> CommandResult<()> {
    state.unlock_database(&params.passphrase)
}

#[derive(serde::Deserialize)]
pub struct ChoosePassphraseParams {
    passphrase: String,
    repeated: String,
}

/// First start without a secret store: protects the new database key with a passphrase.
#[tauri::command(async)]
pub fn choose_database_passphrase(state: State<'_, AppState>, params: ChoosePassphraseParams) -> CommandResult<()> {
    state.choose_database_passphrase(&params.passphrase, &params.repeated)
}

#[derive(serde::Deserialize)]
pub struct BackupParams {
    path: std::path::PathBuf,
    passphrase: String,
}

/// Writes the database and every photo into one encrypted backup file where the person chose.
#[tauri::command(async)]
pub fn backup_database(state: State<'_, AppState>, params: BackupParams) -> CommandResult<BackupView> {
    let manifest = state.with_store(|s| {
        let manifest = s.backup_to(&params.path, &params.passphrase)?;
        let detail = format!("{}（中心 {} 个，评审 {} 项，SHA-256 {}）", params.path.display(), manifest.centers, manifest.reviews, manifest.content_sha256);
        s.record_event("本机用户", "备份", None, &detail)?;
        Ok::<_, tic_store::StoreError>(manifest)
    })?;
    Ok(BackupView::of(&params.path, &manifest))
}

/// Replaces the database with a backup; the current one is kept beside it.
#[tauri::command(async)]
pub fn restore_database(state: State<'_, AppState>, params: BackupParams) -> CommandResult<BackupView> {
    let manifest = state.restore_backup(&params.path, &params.passphrase)?;
    Ok(BackupView::of(&params.path, &manifest))
}

/// Replaces a damaged database with the newest sound snapshot; the damaged file is kept.
#[tauri::command(async)]
pub fn restore_snapshot(state: State<'_, AppState>) -> CommandResult<()> {
    state.restore_offered_snapshot()
}

#[derive(serde::Deserialize)]
pub struct AuditParams {
    review_id: Option<tic_domain::ReviewId>,
}

/// The audit log (of one review, or all of it) and the verdict on the whole chain. Readable
/// without a PIN: it names actions and people, never scores.
#[tauri::command(async)]
pub fn audit_log(state: State<'_, AppState>, params: AuditParams) -> CommandResult<AuditView> {
    state.with_store(|s| {
        let verdict = s.verify_audit_log()?;
        let rows = s
            .audit_log()?
            .into_iter()
            .filter(|e| params.review_id.is_none_or(|r| e.review_id == Some(r.0)))
            .map(|e| AuditRow { seq: e.seq, at: e.at, actor: e.actor, action: e.action, detail: e.detail })
            .collect();
        Ok::<_, tic_store::StoreError>(AuditView { rows, entries: verdict.entries as u32, head: verdict.head, broken: verdict.broken })
    })
}
