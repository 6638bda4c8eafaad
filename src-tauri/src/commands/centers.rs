use serde::Deserialize;
use tauri::State;
use tic_domain::{Center, CenterDraft, CenterId};

use crate::error::{from_store, CommandResult};
use crate::state::AppState;

#[tauri::command]
pub fn list_centers(state: State<'_, AppState>) -> CommandResult<Vec<Center>> {
    state.with_store(|s| s.list_centers().map_err(from_store))
}

#[derive(Deserialize)]
pub struct CreateCenterParams {
    draft: CenterDraft,
}

#[tauri::command]
pub fn create_center(state: State<'_, AppState>, params: CreateCenterParams) -> CommandResult<Center> {
    state.with_store(|s| s.create_center(&params.draft).map_err(from_store))
}

#[derive(Deserialize)]
pub struct UpdateCenterParams {
    id: CenterId,
    draft: CenterDraft,
}

#[tauri::command]
pub fn update_center(state: State<'_, AppState>, params: UpdateCenterParams) -> CommandResult<Center> {
    state.with_store(|s| s.update_center(params.id, &params.draft).map_err(from_store))
}
