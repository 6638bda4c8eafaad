use serde::Deserialize;
use tauri::State;
use tic_domain::records::{CenterRecords, Settings};
use tic_domain::due::DueItem;
use tic_domain::lifecycle::{CenterHistory, CenterStatusLine, Decision, DecisionDraft, RectificationConfirmation, RectificationItem};
use tic_domain::overview::YearOverview;
use tic_domain::followup::FollowUpDraft;
use tic_domain::lifecycle::{EvidenceFile, MAX_EVIDENCE_BYTES};
use tic_domain::{Center, CenterDraft, CenterId, Region, ReviewId, ReviewSummary};

use crate::dto::CommandError;
use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_centers(state: State<'_, AppState>) -> CommandResult<Vec<Center>> {
    state.with_store(|s| s.list_centers())
}

#[derive(Deserialize)]
pub struct CreateCenterParams {
    draft: CenterDraft,
}

#[tauri::command(async)]
pub fn create_center(state: State<'_, AppState>, params: CreateCenterParams) -> CommandResult<Center> {
    state.with_store(|s| s.create_center(&params.draft))
}

#[derive(Deserialize)]
pub struct UpdateCenterParams {
    id: CenterId,
    draft: CenterDraft,
}

#[tauri::command(async)]
pub fn update_center(state: State<'_, AppState>, params: UpdateCenterParams) -> CommandResult<Center> {
    state.with_store(|s| s.update_center(params.id, &params.draft))
}

#[derive(Deserialize)]
pub struct CenterParams {
    id: CenterId,
}

#[tauri::command(async)]
pub fn center_records(state: State<'_, AppState>, params: CenterParams) -> CommandResult<CenterRecords> {
    state.with_store(|s| s.center_records(params.id))
}

#[derive(Deserialize)]
pub struct SaveRecordsParams {
    id: CenterId,
    records: CenterRecords,
}

#[tauri::command(async)]
pub fn save_center_records(state: State<'_, AppState>, params: SaveRecordsParams) -> CommandResult<CenterRecords> {
    state.with_store(|s| s.save_center_records(params.id, &params.records))
}

#[tauri::command(async)]
pub fn settings(state: State<'_, AppState>) -> CommandResult<Settings> {
    state.with_store(|s| s.settings())
}

#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, params: Settings) -> CommandResult<Settings> {
    let saved = state.with_store(|s| s.save_settings(&params))?;
    state.set_idle_minutes(saved.idle_sign_out_minutes);
    Ok(saved)
}

#[tauri::command(async)]
pub fn center_history(state: State<'_, AppState>, params: CenterParams) -> CommandResult<CenterHistory> {
    state.with_store(|s| s.center_history(params.id))
}

#[derive(Deserialize)]
pub struct RecordDecisionParams {
    center_id: CenterId,
    draft: DecisionDraft,
}

#[tauri::command(async)]
pub fn record_decision(state: State<'_, AppState>, params: RecordDecisionParams) -> CommandResult<Decision> {
    state.with_store(|s| s.record_decision(params.center_id, &params.draft))
}

#[tauri::command(async)]
pub fn center_statuses(state: State<'_, AppState>) -> CommandResult<Vec<CenterStatusLine>> {
    state.with_store(|s| s.center_statuses())
}

#[derive(Deserialize)]
pub struct DueParams {
    /// The day to count from, e.g. 2026-12-01; today when absent.
    on: Option<String>,
}

fn due_day(on: Option<&str>) -> Result<chrono::NaiveDate, crate::dto::CommandError> {
    match on {
        Some(text) => Ok(tic_domain::input::parse_date("日期", text)?),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

/// Every center's outstanding due dates, overdue first.
#[tauri::command(async)]
pub fn due_items(state: State<'_, AppState>, params: DueParams) -> CommandResult<Vec<DueItem>> {
    let on = due_day(params.on.as_deref())?;
    state.with_store(|s| s.due_items(on))
}

#[derive(Deserialize)]
pub struct ExportDueParams {
    path: std::path::PathBuf,
    on: Option<String>,
}

/// The due list as an Excel workbook, written atomically.
#[tauri::command(async)]
pub fn export_due_list(state: State<'_, AppState>, params: ExportDueParams) -> CommandResult<String> {
    let on = due_day(params.on.as_deref())?;
    let items = state.with_store(|s| s.due_items(on))?;
    let bytes = tic_export::due::due_workbook(&items, on)?;
    tic_export::files::write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

#[derive(Deserialize)]
pub struct ConfirmRectificationParams {
    id: i64,
    confirmation: RectificationConfirmation,
}

#[tauri::command(async)]
pub fn confirm_rectification(state: State<'_, AppState>, params: ConfirmRectificationParams) -> CommandResult<RectificationItem> {
    state.with_store(|s| s.confirm_rectification(params.id, &params.confirmation))
}

#[derive(Deserialize)]
pub struct YearOverviewParams {
    region: Region,
    year: i32,
}

/// A region's year at a glance; 整改 and due dates as of today.
#[tauri::command(async)]
pub fn year_overview(state: State<'_, AppState>, params: YearOverviewParams) -> CommandResult<YearOverview> {
    state.with_store(|s| s.year_overview(params.region, params.year, s.today()))
}

#[derive(Deserialize)]
pub struct ExportYearOverviewParams {
    region: Region,
    year: i32,
    path: std::path::PathBuf,
}

/// The year overview as an Excel workbook, written atomically.
#[tauri::command(async)]
pub fn export_year_overview(state: State<'_, AppState>, params: ExportYearOverviewParams) -> CommandResult<String> {
    let (overview, today) = state.with_store(|s| Ok::<_, tic_store::StoreError>((s.year_overview(params.region, params.year, s.today())?, s.today())))?;
    let bytes = tic_export::overview::overview_workbook(&overview, today)?;
    tic_export::files::write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

#[derive(Deserialize)]
pub struct FollowUpParams {
    from: ReviewId,
    draft: FollowUpDraft,
}

/// The follow-up review (整改复评) of a finished review that ordered a rectification.
#[tauri::command(async)]
pub fn create_follow_up_review(state: State<'_, AppState>, params: FollowUpParams) -> CommandResult<ReviewSummary> {
    state.with_store(|s| s.create_follow_up_review(params.from, &params.draft))
}

#[derive(Deserialize)]
pub struct AddEvidenceParams {
    id: i64,
    path: std::path::PathBuf,
    added_by: String,
}

/// Keeps a chosen file as evidence of a rectification item. The size is checked before the file
/// is read, so a mistaken choice of a huge file is refused at once.
#[tauri::command(async)]
pub fn add_evidence_file(state: State<'_, AppState>, params: AddEvidenceParams) -> CommandResult<EvidenceFile> {
    let name = params.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let unreadable = |e: std::io::Error| CommandError::bad_file(format!("无法读取「{}」：{e}", params.path.display()));
    let size = std::fs::metadata(&params.path).map_err(unreadable)?.len();
    if size > MAX_EVIDENCE_BYTES as u64 {
        return Err(CommandError::bad_file(format!(
            "「佐证材料」“{name}”有 {} MB，超过 {} MB 的上限",
            size / (1024 * 1024),
            MAX_EVIDENCE_BYTES / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(&params.path).map_err(unreadable)?;
    state.with_store(|s| s.add_evidence_file(params.id, &name, &bytes, &params.added_by))
}

#[derive(Deserialize)]
pub struct SaveEvidenceParams {
    id: i64,
    path: std::path::PathBuf,
}

/// Writes a copy of a kept evidence file where the person chose.
#[tauri::command(async)]
pub fn save_evidence_file(state: State<'_, AppState>, params: SaveEvidenceParams) -> CommandResult<String> {
    let (_, bytes) = state.with_store(|s| s.evidence_file_bytes(params.id))?;
    tic_export::files::write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}
