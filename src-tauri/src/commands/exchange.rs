//! One laptop per expert: the chair exports the review package, an expert opens it, the expert
//! exports their score-sheet package, the chair imports any number of those.

use std::path::PathBuf;

use serde::Deserialize;
use tauri::ipc::Channel;
use tauri::State;
use tic_domain::exchange::{ExchangeState, ReviewImport, SheetImportReport};
use tic_domain::SheetPackageId;
use tic_export::{exchange, panel_exchange};
use tic_export::files::{display_name, read_limited, write_atomically};

use crate::dto::{CommandError, ImportProgress, PackageNames};
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ExportParams {
    path: PathBuf,
    passphrase: String,
}

/// Default file names for the signed-in expert's packages.
#[tauri::command(async)]
pub fn package_file_names(state: State<'_, AppState>) -> CommandResult<PackageNames> {
    state.as_expert(|s, me| {
        Ok::<_, CommandError>(PackageNames {
            review: exchange::review_package_name(s, me.review_id).ok(),
            sheet: exchange::sheet_package_name(s, me.review_id, me.expert_id).ok(),
            round: panel_exchange::round_package_name(s, me.review_id).ok().flatten(),
            opinion: panel_exchange::opinion_package_name(s, me.review_id).ok().flatten(),
            approval: panel_exchange::approval_package_name(s, me.review_id, me.expert_id).ok().flatten(),
        })
    })
}

/// The chair's review package, signed with the chair's identity, written atomically.
#[tauri::command(async)]
pub fn export_review_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<ExchangeState> {
    let bytes = state.as_expert(|s, me| exchange::export_review_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b))?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出评审包", &display_name(&params.path))?;
    exchange_state(state)
}

/// The signed-in expert's score-sheet package, written atomically.
#[tauri::command(async)]
pub fn export_sheet_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| exchange::export_sheet_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b))?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出评分包", &display_name(&params.path))?;
    Ok(params.path.display().to_string())
}

/// The chair's round package for the current discussion round, written atomically.
#[tauri::command(async)]
pub fn export_round_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| panel_exchange::export_round_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b))?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出讨论包", &display_name(&params.path))?;
    Ok(params.path.display().to_string())
}

/// The chair's opinion package for the saved version of the panel opinion, written atomically.
#[tauri::command(async)]
pub fn export_opinion_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| panel_exchange::export_opinion_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b))?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出意见包", &display_name(&params.path))?;
    Ok(params.path.display().to_string())
}

/// The signed-in member's approval package: their answer to the panel opinion.
#[tauri::command(async)]
pub fn export_approval_package(state: State<'_, AppState>, params: ExportParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| panel_exchange::export_approval_package(s, me.review_id, me.expert_id, &params.passphrase).map(|(b, _)| b))?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出确认包", &display_name(&params.path))?;
    Ok(params.path.display().to_string())
}

/// Opens the chair's round or opinion package on a member's laptop; returns what it did, in words.
#[tauri::command(async)]
pub fn open_chair_package(state: State<'_, AppState>, params: OpenParams) -> CommandResult<String> {
    let name = display_name(&params.path);
    let named = |message: String| CommandError::bad_file(format!("「{name}」{message}"));
    let bytes = read_limited(&params.path, tic_package::MAX_PACKAGE_BYTES, "交换包").map_err(named)?;
    let me = state.me()?;
    let report = state.with_store(|s| {
        panel_exchange::open_chair_package(s, &bytes).map_err(|e| match e {
            tic_export::ExportError::Store(e) => CommandError::from(e),
            other => named(other.to_string()),
        })
    })?;
    if report.review_id != me.review_id {
        return Ok(format!("{}（这个交换包属于本机的另一项评审，已在那项评审中打开）", report.message));
    }
    Ok(report.message)
}

#[derive(Deserialize)]
pub struct OpenParams {
    path: PathBuf,
}

/// Opens a review package on this laptop (no one needs to be signed in).
#[tauri::command(async)]
pub fn open_review_package(state: State<'_, AppState>, params: OpenParams) -> CommandResult<ReviewImport> {
    let name = display_name(&params.path);
    let named = |message: String| CommandError::bad_file(format!("「{name}」{message}"));
    let bytes = read_limited(&params.path, tic_package::MAX_PACKAGE_BYTES, "交换包").map_err(named)?;
    state.with_store(|s| {
        exchange::open_review_package(s, &bytes).map_err(|e| match e {
            tic_export::ExportError::Store(e) => CommandError::from(e),
            other => named(other.to_string()),
        })
    })
}

#[derive(Deserialize)]
pub struct ImportParams {
    paths: Vec<PathBuf>,
}

/// Imports what members sent (score-sheet and approval packages) into the chair's review; one
/// report line per file. The files are
/// read outside the store's lock with progress sent on `on_progress`, and 取消 (`cancel_import`)
/// stops before the next file; then the packages read are checked and merged in one transaction.
#[tauri::command(async)]
pub fn import_sheet_packages(state: State<'_, AppState>, params: ImportParams, on_progress: Channel<ImportProgress>) -> CommandResult<Vec<SheetImportReport>> {
    let me = state.me()?;
    state.begin_cancellable();
    let total = params.paths.len() as u32;
    let (files, skipped) = exchange::read_sheet_package_files(&params.paths, |index, file| {
        // A closed window drops the channel; the import still finishes.
        let _ = on_progress.send(ImportProgress { done: index as u32, total, file: file.to_owned() });
        !state.cancel_requested()
    });
    let _ = on_progress.send(ImportProgress { done: total, total, file: String::new() });
    let mut reports = state.with_store(|s| panel_exchange::import_member_packages(s, me.review_id, me.expert_id, &files))?;
    reports.extend(skipped);
    Ok(reports)
}

/// 取消 for a running import: takes effect before the next file is read.
#[tauri::command(async)]
pub fn cancel_import(state: State<'_, AppState>) -> CommandResult<()> {
    state.request_cancel();
    Ok(())
}

/// The review's exchange state: uid, origin, packages kept, members' key fingerprints.
#[tauri::command(async)]
pub fn exchange_state(state: State<'_, AppState>) -> CommandResult<ExchangeState> {
    state.as_expert(|s, me| s.exchange_state(me.review_id))
}

/// Whether this review's packages must be signed with certificates a trusted root vouches for.
#[tauri::command(async)]
pub fn review_requires_trusted(state: State<'_, AppState>) -> CommandResult<bool> {
    state.as_expert(|s, me| s.requires_trusted_certificates(me.review_id))
}

#[derive(Deserialize)]
pub struct RequireTrustedParams {
    required: bool,
}

/// The chair's choice for the review (logged); a member cannot change it.
#[tauri::command(async)]
pub fn set_review_requires_trusted(state: State<'_, AppState>, params: RequireTrustedParams) -> CommandResult<bool> {
    state.as_expert(|s, me| {
        if me.role != tic_domain::PanelRole::Chair {
            return Err(CommandError::invalid("只有专家组组长可以设置证书要求"));
        }
        s.set_requires_trusted_certificates(me.review_id, &me.name, params.required)?;
        Ok(s.requires_trusted_certificates(me.review_id)?)
    })
}

#[derive(Deserialize)]
pub struct AdoptParams {
    package_id: SheetPackageId,
}

/// The chair settles a conflict: the chosen package becomes the member's sheet.
#[tauri::command(async)]
pub fn adopt_sheet_package(state: State<'_, AppState>, params: AdoptParams) -> CommandResult<ExchangeState> {
    state.as_expert(|s, me| s.adopt_sheet_package(me.review_id, me.expert_id, params.package_id))
}
