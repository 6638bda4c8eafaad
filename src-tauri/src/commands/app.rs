use tauri::State;
use crate::dto::AppInfo;

use crate::error::CommandResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    Ok(AppInfo {
        database_path: state.path.display().to_string(),
        open_error: state.open_error(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
}
