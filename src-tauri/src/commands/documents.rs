//! Exports the review documents to files the person picked in the save dialog.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tauri::State;
use tic_domain::bindings::{CommandError, ErrorCode};
use tic_domain::sheet::ConflictDecision;

use crate::error::{from_store, CommandResult};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ExportParams {
    path: PathBuf,
}

/// Writes the bytes beside the target, syncs them, then renames: the target is either the old
/// file or the whole new one, never half a PDF.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let fail = |e: std::io::Error| CommandError { code: ErrorCode::Storage, message: format!("无法写入「{}」：{e}", path.display()) };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let mut file = std::fs::File::create(&tmp).map_err(fail)?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })?;
    std::fs::rename(&tmp, path).map_err(fail)
}

/// The chair exports the 专家组意见 once every member has approved its current text.
#[tauri::command]
pub fn export_panel_opinion(state: State<'_, AppState>, params: ExportParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| {
        let consolidation = s.consolidation_seen_by(me.review_id, me.expert_id).map_err(from_store)?;
        let review = s.review(me.review_id).map_err(from_store)?;
        let opinion = s.panel_opinion(me.review_id, me.expert_id).map_err(from_store)?;
        if opinion.version == 0 {
            return Err(CommandError { code: ErrorCode::Invalid, message: "请先保存专家组意见，并请全体专家确认后再导出".into() });
        }
        let recused: Vec<_> = s
            .panel_progress(me.review_id)
            .map_err(from_store)?
            .into_iter()
            .filter(|m| m.declaration == Some(ConflictDecision::Recused))
            .map(|m| m.member.expert_id)
            .collect();
        let doc = tic_docs::opinion::OpinionDocument {
            review: &review,
            opinion: &opinion.opinion,
            total: Some(&consolidation.total),
            grade: consolidation.grade.as_deref(),
            approvals: &opinion.approvals,
            recused: &recused,
        };
        tic_docs::opinion::panel_opinion_pdf(&doc).map_err(|e| CommandError { code: ErrorCode::Invalid, message: e.to_string() })
    })?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}
