use serde::Deserialize;
use tauri::State;
use tic_domain::records::{CenterRecords, Settings};
use tic_domain::lifecycle::{CenterHistory, CenterStatusLine, Decision, DecisionDraft};
use tic_domain::{Center, CenterDraft, CenterId};

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
