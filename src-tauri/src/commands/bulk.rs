//! Bulk import of centers and of the expert pool from an Excel sheet: the template, a preview
//! listing every problem, and the import of the valid rows once the clerk confirms.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tauri::State;
use tic_domain::PoolExpert;
use tic_export::bulk::{center_template, expert_template, read_centers, read_experts, RowError};
use tic_export::files::{display_name, read_limited, write_atomically};

use crate::dto::{CommandError, ImportPreview, ImportProblem, ImportRow};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PathParams {
    path: PathBuf,
}

fn read_workbook(path: &Path) -> CommandResult<Vec<u8>> {
    read_limited(path, tic_export::bulk::MAX_IMPORT_BYTES as u64, "Excel 名单")
        .map_err(|m| CommandError::bad_file(format!("「{}」{m}", display_name(path))))
}

fn problems(errors: Vec<RowError>) -> Vec<ImportProblem> {
    errors.into_iter().map(|e| ImportProblem { row: e.row, column: e.column, message: e.message }).collect()
}

#[tauri::command(async)]
pub fn save_center_template(params: PathParams) -> CommandResult<String> {
    write_atomically(&params.path, &center_template()?)?;
    Ok(params.path.display().to_string())
}

fn read(state: &AppState, path: &Path) -> CommandResult<tic_export::bulk::CenterImport> {
    let bytes = read_workbook(path)?;
    let existing: Vec<String> = state.with_store(|s| s.list_centers())?.into_iter().map(|c| c.facts.name).collect();
    read_centers(&bytes, &existing).map_err(|e| CommandError::invalid(format!("「{}」{e}", display_name(path))))
}

/// What the file would import, and every faulty row and column; nothing is stored.
#[tauri::command(async)]
pub fn preview_center_import(state: State<'_, AppState>, params: PathParams) -> CommandResult<ImportPreview> {
    let import = read(&state, &params.path)?;
    Ok(ImportPreview {
        valid: import
            .valid
            .into_iter()
            .map(|(row, d)| ImportRow { row, name: d.name, detail: format!("{}，{}", d.region.chinese_name(), d.lead_unit) })
            .collect(),
        errors: problems(import.errors),
    })
}

/// Stores the file's valid rows in one transaction and returns how many.
#[tauri::command(async)]
pub fn import_centers(state: State<'_, AppState>, params: PathParams) -> CommandResult<usize> {
    let import = read(&state, &params.path)?;
    let drafts: Vec<_> = import.valid.into_iter().map(|(_, d)| d).collect();
    state.with_store(|s| s.create_centers(&drafts).map(|c| c.len()))
}

#[tauri::command(async)]
pub fn save_expert_template(params: PathParams) -> CommandResult<String> {
    write_atomically(&params.path, &expert_template()?)?;
    Ok(params.path.display().to_string())
}

fn read_expert_file(state: &AppState, path: &Path) -> CommandResult<tic_export::bulk::ExpertImport> {
    let bytes = read_workbook(path)?;
    let existing: Vec<(String, String)> = state.with_store(|s| s.list_experts())?.into_iter().map(|e| (e.name, e.affiliation)).collect();
    read_experts(&bytes, &existing).map_err(|e| CommandError::invalid(format!("「{}」{e}", display_name(path))))
}

/// What the expert file would import, and every faulty row and column; nothing is stored.
#[tauri::command(async)]
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
        errors: problems(import.errors),
    })
}

/// Adds the file's valid rows to the pool in one transaction and returns how many.
#[tauri::command(async)]
pub fn import_experts(state: State<'_, AppState>, params: PathParams) -> CommandResult<usize> {
    let import = read_expert_file(&state, &params.path)?;
    let drafts: Vec<_> = import.valid.into_iter().map(|(_, d)| d).collect();
    state.with_store(|s| s.add_experts(&drafts))
}

#[tauri::command(async)]
pub fn list_experts(state: State<'_, AppState>) -> CommandResult<Vec<PoolExpert>> {
    state.with_store(|s| s.list_experts())
}
