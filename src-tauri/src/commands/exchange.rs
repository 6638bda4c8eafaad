//! One laptop per expert: the chair exports the review package, an expert opens it, the expert
//! exports their score-sheet package, the chair imports any number of those.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::State;
use tic_domain::bindings::{CommandError, ErrorCode};
use tic_domain::exchange::{ExchangeState, ReviewImport, SheetImportReport};
use tic_export::exchange as exchange;

use crate::commands::documents::{from_export, write_atomically};
use crate::error::{from_store, CommandResult};
use crate::state::AppState;

fn display_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

/// Reads a package file, refusing one too large before reading it.
fn read_package_file(path: &Path) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("无法读取：{e}"))?.len();
    if size > tic_package::MAX_PACKAGE_BYTES {
        return Err(format!(
            "文件大小 {:.1} MB，超过交换包 {} MB 的上限",
            size as f64 / 1_048_576.0,
            tic_package::MAX_PACKAGE_BYTES / 1_048_576
        ));
    }
    std::fs::read(path).map_err(|e| format!("无法读取：{e}"))
}

#[derive(Deserialize)]
pub struct ExportParams {
    path: PathBuf,
    passphrase: String,
}

#[derive(Serialize)]
pub struct PackageNames {
    review: Option<String>,
    sheet: Option<String>,
}

/// Default file names for the signed-in expert's packages.
#[tauri::command]
pub fn package_file_names(state: State<'_, AppState>) -> CommandResult<PackageNames> {
    state.as_expert(|s, me| {
        Ok(PackageNames {
            review: exchange::review_package_name(s, me.review_id).ok(),
            sheet: exchange::sheet_package_name(s, me.review_id, me.expert_id).ok(),
        })
    })
}

/// The chair's review package, signed with the chair's identity, written atomically.
#[tauri::command]
pub fn export_review_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<ExchangeState> {
    let bytes = state.as_expert(|s, me| {
        exchange::export_review_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b).map_err(from_export)
    })?;
    write_atomically(&params.path, &bytes)?;
    exchange_state(state)
}

/// The signed-in expert's score-sheet package, written atomically.
#[tauri::command]
pub fn export_sheet_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| {
        exchange::export_sheet_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b).map_err(from_export)
    })?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

#[derive(Deserialize)]
pub struct OpenParams {
    path: PathBuf,
}

/// Opens a review package on this laptop (no one needs to be signed in).
#[tauri::command]
pub fn open_review_package(state: State<'_, AppState>, params: OpenParams) -> CommandResult<ReviewImport> {
    let name = display_name(&params.path);
    let bytes = read_package_file(&params.path).map_err(|m| CommandError { code: ErrorCode::BadFile, message: format!("「{name}」{m}") })?;
    state.with_store(|s| {
        exchange::open_review_package(s, &bytes).map_err(|e| match e {
            tic_export::ExportError::Store(e) => from_store(e),
            other => CommandError { code: ErrorCode::BadFile, message: format!("「{name}」{other}") },
        })
    })
}

#[derive(Deserialize)]
pub struct ImportParams {
    paths: Vec<PathBuf>,
}

/// Imports score-sheet packages into the chair's review; one report line per file.
#[tauri::command]
pub fn import_sheet_packages(state: State<'_, AppState>, params: ImportParams) -> CommandResult<Vec<SheetImportReport>> {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    for path in &params.paths {
        match read_package_file(path) {
            Ok(bytes) => files.push((display_name(path), bytes)),
            Err(message) => unreadable.push(SheetImportReport {
                file: display_name(path),
                outcome: tic_domain::exchange::SheetImportOutcome::Refused,
                expert_name: None,
                revision: None,
                message,
            }),
        }
    }
    let mut reports =
        state.as_expert(|s, me| exchange::import_sheet_packages(s, me.review_id, me.expert_id, &files).map_err(from_export))?;
    reports.extend(unreadable);
    Ok(reports)
}

/// The review's exchange state: uid, origin, packages kept, members' key fingerprints.
#[tauri::command]
pub fn exchange_state(state: State<'_, AppState>) -> CommandResult<ExchangeState> {
    state.as_expert(|s, me| s.exchange_state(me.review_id).map_err(from_store))
}

#[derive(Deserialize)]
pub struct AdoptParams {
    package_id: i64,
}

/// The chair settles a conflict: the chosen package becomes the member's sheet.
#[tauri::command]
pub fn adopt_sheet_package(state: State<'_, AppState>, params: AdoptParams) -> CommandResult<ExchangeState> {
    state.as_expert(|s, me| s.adopt_sheet_package(me.review_id, me.expert_id, params.package_id).map_err(from_store))
}
