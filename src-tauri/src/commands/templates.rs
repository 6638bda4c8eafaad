use std::path::PathBuf;

use serde::Deserialize;
use tauri::State;
use crate::dto::{CommandError, ErrorCode};
use tic_domain::{Template, TemplateId, TemplateSummary};

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_templates(state: State<'_, AppState>) -> CommandResult<Vec<TemplateSummary>> {
    state.with_store(|s| s.list_templates())
}

#[derive(Deserialize)]
pub struct ImportTemplateParams {
    /// A file the person chose in the open dialog.
    path: PathBuf,
}

#[tauri::command(async)]
pub fn import_template(state: State<'_, AppState>, params: ImportTemplateParams) -> CommandResult<TemplateSummary> {
    let file_name = params.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(&params.path).map_err(|e| CommandError {
        code: ErrorCode::BadFile,
        message: format!("无法读取模板文件「{}」：{e}", params.path.display()),
    })?;
    state.with_store(|s| s.import_template(&file_name, &bytes))
}

#[derive(Deserialize)]
pub struct TemplateParams {
    id: TemplateId,
}

#[tauri::command(async)]
pub fn get_template(state: State<'_, AppState>, params: TemplateParams) -> CommandResult<Template> {
    state.with_store(|s| s.template(&params.id))
}
