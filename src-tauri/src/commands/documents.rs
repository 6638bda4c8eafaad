//! Exports the review documents to files the person picked in the save dialog.

use std::path::PathBuf;

use serde::Deserialize;
use tauri::ipc::Response;
use tauri::State;
use tic_domain::signing::IdentitySource;
use tic_domain::ExpertId;
use tic_export::files::{display_name, write_atomically};
use tic_export::DocumentKind;

use crate::dto::{CommandError, ConclusionView, DocumentKindCode, ExportedDocument, IdentityView, VerificationView};
use crate::error::CommandResult;
use crate::state::AppState;

fn kind(code: DocumentKindCode, expert: Option<ExpertId>, me: ExpertId) -> DocumentKind {
    match code {
        DocumentKindCode::PanelOpinion => DocumentKind::PanelOpinion,
        DocumentKindCode::ScoreSummary => DocumentKind::ScoreSummary,
        DocumentKindCode::ScoreSheet => DocumentKind::ScoreSheet(expert.unwrap_or(me)),
        DocumentKindCode::SignIn => DocumentKind::SignIn,
        DocumentKindCode::SiteVisit => DocumentKind::SiteVisit,
        DocumentKindCode::DrawRecord => DocumentKind::DrawRecord,
    }
}

#[derive(Deserialize)]
pub struct ExportDocumentParams {
    kind: DocumentKindCode,
    expert: Option<ExpertId>,
    path: PathBuf,
    passphrase: String,
}

/// Renders the document, signs it with the exporting expert's identity (opened with the
/// passphrase they just typed) and writes it atomically. Nothing is written when any step fails.
#[tauri::command(async)]
pub fn export_document(state: State<'_, AppState>, params: ExportDocumentParams) -> CommandResult<ExportedDocument> {
    let (bytes, fingerprint) = state.as_expert(|s, me| {
        let kind = kind(params.kind, params.expert, me.expert_id);
        tic_export::export_signed(s, me.review_id, me.expert_id, kind, &params.passphrase, chrono::Local::now().fixed_offset())
    })?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出文书", &format!("{}，SHA-256 {fingerprint}", display_name(&params.path)))?;
    // The signed 专家组意见 on file finishes the review (its checks were printed as they are frozen).
    if params.kind == DocumentKindCode::PanelOpinion {
        state.as_expert(|s, me| s.conclude_review(me.review_id, me.expert_id))?;
    }
    Ok(ExportedDocument { path: params.path.display().to_string(), fingerprint })
}

#[derive(Deserialize)]
pub struct CheckExportParams {
    kind: DocumentKindCode,
    expert: Option<ExpertId>,
    passphrase: String,
}

/// What an export would refuse, said before the save dialog opens (nothing is written).
#[tauri::command(async)]
pub fn check_export(state: State<'_, AppState>, params: CheckExportParams) -> CommandResult<()> {
    state.as_expert(|s, me| tic_export::check_export(s, me.review_id, me.expert_id, kind(params.kind, params.expert, me.expert_id), &params.passphrase))
}

#[derive(Deserialize)]
pub struct DefaultNameParams {
    kind: DocumentKindCode,
    expert: Option<ExpertId>,
}

#[tauri::command(async)]
pub fn document_file_name(state: State<'_, AppState>, params: DefaultNameParams) -> CommandResult<String> {
    state.as_expert(|s, me| tic_export::file_name(s, me.review_id, kind(params.kind, params.expert, me.expert_id)))
}

#[tauri::command(async)]
pub fn workbook_file_name(state: State<'_, AppState>) -> CommandResult<String> {
    state.as_expert(|s, me| tic_export::workbook_file_name(s, me.review_id))
}

#[derive(Deserialize)]
pub struct PathParams {
    path: PathBuf,
}

/// The chair's Excel workbook of the matrix, statistics and conclusion.
#[tauri::command(async)]
pub fn export_workbook(state: State<'_, AppState>, params: PathParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| tic_export::workbook::workbook(s, me.review_id, me.expert_id))?;
    write_atomically(&params.path, &bytes)?;
    state.log_as_expert("导出工作簿", &display_name(&params.path))?;
    Ok(params.path.display().to_string())
}

#[derive(Deserialize)]
pub struct ExportAuditParams {
    path: PathBuf,
    passphrase: String,
}

/// The chair's signed 日志存证 file (`.ticlog`), exported with the review's documents.
#[tauri::command(async)]
pub fn export_audit_log(state: State<'_, AppState>, params: ExportAuditParams) -> CommandResult<String> {
    let at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let bytes = state.as_expert(|s, me| tic_export::audit::export_audit_log(s, me.review_id, me.expert_id, &params.passphrase, &at))?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

/// The drawn signature arrives as raw PNG bytes in the request body, not as a JSON array.
#[tauri::command(async)]
pub fn save_hand_signature(state: State<'_, AppState>, request: tauri::ipc::Request<'_>) -> CommandResult<()> {
    let tauri::ipc::InvokeBody::Raw(png) = request.body() else {
        return Err(CommandError::invalid("签名图像应以 PNG 字节发送"));
    };
    state.as_expert(|s, me| s.save_hand_signature(me.review_id, me.expert_id, png))
}

/// The signed-in expert's drawn signature as PNG bytes (empty when none yet).
#[tauri::command(async)]
pub fn my_hand_signature(state: State<'_, AppState>) -> CommandResult<Response> {
    let png = state.as_expert(|s, me| s.hand_signature(me.expert_id))?;
    Ok(Response::new(png.unwrap_or_default()))
}

/// Who on the panel still has to draw a signature before the panel documents can be signed.
#[tauri::command(async)]
pub fn missing_hand_signatures(state: State<'_, AppState>) -> CommandResult<Vec<String>> {
    state.as_expert(|s, me| s.members_without_hand_signature(me.review_id))
}

#[tauri::command(async)]
pub fn my_signing_identity(state: State<'_, AppState>) -> CommandResult<Option<IdentityView>> {
    state.as_expert(|s, me| {
        let Some(stored) = s.signing_identity(me.expert_id)? else { return Ok(None) };
        let c = tic_sign::CertificateSummary::from_der(&stored.certificate)?;
        Ok::<_, CommandError>(Some(IdentityView {
            holder: c.holder,
            subject: c.subject,
            issuer: c.issuer,
            self_issued: c.self_issued,
            not_before: c.not_before,
            not_after: c.not_after,
            fingerprint: c.fingerprint,
            imported: stored.source == IdentitySource::Pkcs12,
            created_at: stored.created_at,
            source: stored.source.code().into(),
            issuer_holder: c.issuer_holder,
        }))
    })
}

#[derive(Deserialize)]
pub struct CreateIdentityParams {
    passphrase: String,
}

/// A new key and self-issued certificate in the expert's name, the key sealed under the passphrase.
#[tauri::command(async)]
pub fn create_signing_identity(state: State<'_, AppState>, params: CreateIdentityParams) -> CommandResult<Option<IdentityView>> {
    state.as_expert(|s, me| tic_export::create_identity(s, me.review_id, me.expert_id, &params.passphrase))?;
    my_signing_identity(state)
}

#[derive(Deserialize)]
pub struct ImportIdentityParams {
    path: PathBuf,
    password: String,
    passphrase: String,
}

/// A department-issued PKCS#12 file: read with its password, kept sealed under the expert's passphrase.
#[tauri::command(async)]
pub fn import_signing_identity(state: State<'_, AppState>, params: ImportIdentityParams) -> CommandResult<Option<IdentityView>> {
    let bytes = std::fs::read(&params.path).map_err(|e| CommandError::bad_file(format!("无法读取「{}」：{e}", params.path.display())))?;
    state.as_expert(|s, me| tic_export::import_identity(s, me.review_id, me.expert_id, &bytes, &params.password, &params.passphrase))?;
    my_signing_identity(state)
}

/// Shows a file the app just wrote in the system's file manager: its folder opened with the file
/// selected (D-Bus FileManager1, or the folder through xdg-open where no file manager answers).
#[tauri::command(async)]
pub fn reveal_file(params: PathParams) -> CommandResult<()> {
    tauri_plugin_opener::reveal_item_in_dir(&params.path)
        .map_err(|e| CommandError::bad_file(format!("无法打开「{}」所在的文件夹（详情：{e}）", params.path.display())))
}

/// Checks a PDF someone hands the clerk: intact only when the last signature covers the whole
/// file; trusted only when its certificate chains to a root this installation trusts.
#[tauri::command(async)]
pub fn verify_document(state: State<'_, AppState>, params: PathParams) -> CommandResult<VerificationView> {
    let bytes = std::fs::read(&params.path).map_err(|e| CommandError::bad_file(format!("无法读取「{}」：{e}", params.path.display())))?;
    let trust = state.with_store(tic_export::trust::trust_store)?;
    let verdict = tic_export::verify(&bytes, &trust);
    let signed_at = verdict.signature.as_ref().map(tic_export::display_signing_time).unwrap_or_default();
    let v = verdict.signature;
    Ok(VerificationView {
        status: verdict.status.code().into(),
        valid: verdict.valid,
        message: verdict.message,
        detail: verdict.detail.unwrap_or_default(),
        signer: v.as_ref().map(|v| v.signer.holder.clone()).unwrap_or_default(),
        subject: v.as_ref().map(|v| v.signer.subject.clone()).unwrap_or_default(),
        issuer: v.as_ref().map(|v| v.signer.issuer_holder.clone()).unwrap_or_default(),
        self_issued: v.as_ref().is_some_and(|v| v.signer.self_issued),
        certificate_fingerprint: v.as_ref().map(|v| v.signer.fingerprint.clone()).unwrap_or_default(),
        signed_at,
        fingerprint: v.map(|v| v.fingerprint).unwrap_or_default(),
    })
}

/// The chair finishes the review without exporting (the 专家组意见 was signed on paper).
#[tauri::command(async)]
pub fn conclude_review(state: State<'_, AppState>) -> CommandResult<()> {
    state.as_expert(|s, me| s.conclude_review(me.review_id, me.expert_id).map(|_| ()))
}

#[derive(Deserialize)]
pub struct ReopenReviewParams {
    reason: String,
}

/// The chair reopens a finished review, for a stated reason that the log keeps.
#[tauri::command(async)]
pub fn reopen_review(state: State<'_, AppState>, params: ReopenReviewParams) -> CommandResult<()> {
    state.as_expert(|s, me| s.reopen_review(me.review_id, me.expert_id, &params.reason))
}

/// Whether the review is finished, for the window.
#[tauri::command(async)]
pub fn review_conclusion(state: State<'_, AppState>) -> CommandResult<Option<ConclusionView>> {
    state.as_expert(|s, me| {
        s.conclusion_record(me.review_id).map(|r| {
            r.map(|r| ConclusionView { concluded_at: r.concluded_at, concluded_by: r.concluded_by, opinion_version: r.opinion_version })
        })
    })
}
