//! Bulk import of centers and of the expert pool from an Excel sheet: the template, a preview
//! listing every problem, and the import of the valid rows once the clerk confirms.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::State;
use tic_domain::bindings::{CommandError, ErrorCode};
use tic_domain::PoolExpert;
use tic_export::bulk::{center_template, expert_template, read_centers, read_experts, RowError};

use crate::commands::documents::write_atomically;
use crate::error::{from_store, CommandResult};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PathParams {
    path: PathBuf,
}

fn invalid(message: String) -> CommandError {
    CommandError { code: ErrorCode::Invalid, message }
}

#[tauri::command]
pub fn save_center_template(params: PathParams) -> CommandResult<String> {
    let bytes = center_template().map_err(|e| invalid(e.to_string()))?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

#[derive(Serialize)]
pub struct ImportRow {
    row: u32,
    name: String,
    /// What identifies the row besides the name, e.g. "宁波市，宁波大学".
    detail: String,
}

#[derive(Serialize)]
pub struct ImportPreview {
    valid: Vec<ImportRow>,
    errors: Vec<RowError>,
}

fn read(state: &AppState, path: &PathBuf) -> CommandResult<tic_export::bulk::CenterImport> {
    let bytes = std::fs::read(path).map_err(|e| invalid(format!("无法读取「{}」：{e}", path.display())))?;
    let existing: Vec<String> =
        state.with_store(|s| Ok(s.list_centers().map_err(from_store)?.into_iter().map(|c| c.facts.name).collect()))?;
    read_centers(&bytes, &existing).map_err(|e| invalid(format!("「{}」{e}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())))
}

/// What the file would import, and every faulty row and column; nothing is stored.
#[tauri::command]
pub fn preview_center_import(state: State<'_, AppState>, params: PathParams) -> CommandResult<ImportPreview> {
    let import = read(&state, &params.path)?;
    Ok(ImportPreview {
        valid: import
            .valid
            .into_iter()
            .map(|(row, d)| ImportRow { row, name: d.name, detail: format!("{}，{}", d.region.chinese_name(), d.lead_unit) })
            .collect(),
        errors: import.errors,
    })
}

/// Stores the file's valid rows in one transaction and returns how many.
#[tauri::command]
pub fn import_centers(state: State<'_, AppState>, params: PathParams) -> CommandResult<usize> {
    let import = read(&state, &params.path)?;
    let drafts: Vec<_> = import.valid.into_iter().map(|(_, d)| d).collect();
    state.with_store(|s| s.create_centers(&drafts).map_err(from_store).map(|c| c.len()))
}

#[tauri::command]
pub fn save_expert_template(params: PathParams) -> CommandResult<String> {
    let bytes = expert_template().map_err(|e| invalid(e.to_string()))?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

fn read_expert_file(state: &AppState, path: &PathBuf) -> CommandResult<tic_export::bulk::ExpertImport> {
    let bytes = std::fs::read(path).map_err(|e| invalid(format!("无法读取「{}」：{e}", path.display())))?;
    let existing: Vec<(String, String)> =
        state.with_store(|s| Ok(s.list_experts().map_err(from_store)?.into_iter().map(|e| (e.name, e.affiliation)).collect()))?;
    read_experts(&bytes, &existing).map_err(|e| invalid(format!("「{}」{e}", path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())))
}

/// What the expert file would import, and every faulty row and column; nothing is stored.
#[tauri::command]
pub fn preview_expert_import(state: State<'_, AppState>, params: PathParams) -> CommandResult<ImportPreview> {
    let import = read_expert_file(&state, &params.path)?;
    Ok(ImportPreview {
        valid: import
            .valid
            .into_iter()
            .map(|(row, d)| {
                let title = if d.title.is_empty() { String::new() } else { format!("{}，", d.title) };
                ImportRow { row, name: d.name, detail: format!("{title}{}", d.affiliation) }
            })
            .collect(),
        errors: import.errors,
    })
}

/// Adds the file's valid rows to the pool in one transaction and returns how many.
#[tauri::command]
pub fn import_experts(state: State<'_, AppState>, params: PathParams) -> CommandResult<usize> {
    let import = read_expert_file(&state, &params.path)?;
    let drafts: Vec<_> = import.valid.into_iter().map(|(_, d)| d).collect();
    state.with_store(|s| s.add_experts(&drafts).map_err(from_store))
}

/// The expert pool, by name.
#[tauri::command]
pub fn list_experts(state: State<'_, AppState>) -> CommandResult<Vec<PoolExpert>> {
    state.with_store(|s| s.list_experts().map_err(from_store))
}
