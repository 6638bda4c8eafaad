//! Exports the review documents to files the person picked in the save dialog.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::ipc::Response;
use tauri::State;
use tic_domain::bindings::{CommandError, ErrorCode};
use tic_domain::ExpertId;
use tic_export::DocumentKind;
use tic_store::IdentitySource;

use crate::error::{from_store, CommandResult};
use crate::state::AppState;

/// Writes the bytes beside the target, syncs them, then renames: the target is either the old
/// file or the whole new one, never half a PDF.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
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

pub(crate) fn invalid(message: String) -> CommandError {
    CommandError { code: ErrorCode::Invalid, message }
}

pub(crate) fn from_export(e: tic_export::ExportError) -> CommandError {
    match e {
        tic_export::ExportError::Store(e) => from_store(e),
        other => invalid(other.to_string()),
    }
}

/// Which document: "panel_opinion", "score_summary", "score_sheet" (with `expert`), "sign_in",
/// "site_visit".
fn kind(code: &str, expert: Option<ExpertId>, me: ExpertId) -> Result<DocumentKind, CommandError> {
    Ok(match code {
        "panel_opinion" => DocumentKind::PanelOpinion,
        "score_summary" => DocumentKind::ScoreSummary,
        "score_sheet" => DocumentKind::ScoreSheet(expert.unwrap_or(me)),
        "sign_in" => DocumentKind::SignIn,
        "site_visit" => DocumentKind::SiteVisit,
        other => return Err(invalid(format!("未知的文书类型：{other}"))),
    })
}

#[derive(Deserialize)]
pub struct ExportDocumentParams {
    kind: String,
    expert: Option<ExpertId>,
    path: PathBuf,
    passphrase: String,
}

/// Renders the document, signs it with the exporting expert's identity (opened with the
/// passphrase they just typed) and writes it atomically. Nothing is written when any step fails.
#[tauri::command]
pub fn export_document(state: State<'_, AppState>, params: ExportDocumentParams) -> CommandResult<ExportedView> {
    let (bytes, fingerprint) = state.as_expert(|s, me| {
        let kind = kind(&params.kind, params.expert, me.expert_id)?;
        let rendered = tic_export::render(s, me.review_id, me.expert_id, kind).map_err(from_export)?;
        let identity = tic_export::open_identity(s, me.expert_id, &params.passphrase).map_err(from_export)?;
        let signed = tic_export::sign(&rendered, &identity, &me.name, chrono::Local::now().fixed_offset()).map_err(from_export)?;
        Ok((signed, rendered.fingerprint))
    })?;
    write_atomically(&params.path, &bytes)?;
    Ok(ExportedView { path: params.path.display().to_string(), fingerprint })
}

#[derive(Serialize)]
pub struct ExportedView {
    path: String,
    fingerprint: String,
}

#[derive(Deserialize)]
pub struct DefaultNameParams {
    kind: String,
    expert: Option<ExpertId>,
}

#[tauri::command]
pub fn document_file_name(state: State<'_, AppState>, params: DefaultNameParams) -> CommandResult<String> {
    state.as_expert(|s, me| {
        let kind = kind(&params.kind, params.expert, me.expert_id)?;
        tic_export::file_name(s, me.review_id, kind).map_err(from_export)
    })
}

#[derive(Deserialize)]
pub struct PathParams {
    path: PathBuf,
}

/// The chair's Excel workbook of the matrix, statistics and conclusion.
#[tauri::command]
pub fn export_workbook(state: State<'_, AppState>, params: PathParams) -> CommandResult<String> {
    let bytes = state.as_expert(|s, me| tic_export::workbook::workbook(s, me.review_id, me.expert_id).map_err(from_export))?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

#[derive(Deserialize)]
pub struct SignatureParams {
    png: Vec<u8>,
}

#[tauri::command]
pub fn save_hand_signature(state: State<'_, AppState>, params: SignatureParams) -> CommandResult<()> {
    state.as_expert(|s, me| s.save_hand_signature(me.review_id, me.expert_id, &params.png).map_err(from_store))
}

/// The signed-in expert's drawn signature as PNG bytes (empty when none yet).
#[tauri::command]
pub fn my_hand_signature(state: State<'_, AppState>) -> CommandResult<Response> {
    let png = state.as_expert(|s, me| s.hand_signature(me.expert_id).map_err(from_store))?;
    Ok(Response::new(png.unwrap_or_default()))
}

/// Who on the panel has drawn a signature, by expert id.
#[tauri::command]
pub fn panel_signature_status(state: State<'_, AppState>) -> CommandResult<Vec<ExpertId>> {
    state.as_expert(|s, me| Ok(s.panel_hand_signatures(me.review_id).map_err(from_store)?.into_iter().map(|(e, _)| e).collect()))
}

#[derive(Serialize)]
pub struct IdentityView {
    holder: String,
    subject: String,
    issuer: String,
    self_issued: bool,
    not_before: String,
    not_after: String,
    fingerprint: String,
    imported: bool,
    created_at: String,
}

#[tauri::command]
pub fn my_signing_identity(state: State<'_, AppState>) -> CommandResult<Option<IdentityView>> {
    state.as_expert(|s, me| {
        let Some(stored) = s.signing_identity(me.expert_id).map_err(from_store)? else { return Ok(None) };
        let c = tic_sign::CertificateSummary::from_der(&stored.certificate).map_err(|e| invalid(e.to_string()))?;
        Ok(Some(IdentityView {
            holder: c.holder,
            subject: c.subject,
            issuer: c.issuer,
            self_issued: c.self_issued,
            not_before: c.not_before,
            not_after: c.not_after,
            fingerprint: c.fingerprint,
            imported: stored.source == IdentitySource::Pkcs12,
            created_at: stored.created_at,
        }))
    })
}

#[derive(Deserialize)]
pub struct CreateIdentityParams {
    passphrase: String,
}

/// A new key and self-issued certificate in the expert's name, the key sealed under the passphrase.
#[tauri::command]
pub fn create_signing_identity(state: State<'_, AppState>, params: CreateIdentityParams) -> CommandResult<Option<IdentityView>> {
    state.as_expert(|s, me| {
        let detail = s.review(me.review_id).map_err(from_store)?;
        let affiliation = detail.panel.iter().find(|m| m.expert_id == me.expert_id).map(|m| m.affiliation.clone()).unwrap_or_default();
        let identity = tic_sign::Identity::generate(&me.name, &affiliation).map_err(|e| invalid(e.to_string()))?;
        let sealed = identity.seal(&params.passphrase).map_err(|e| invalid(e.to_string()))?;
        s.save_signing_identity(me.review_id, me.expert_id, &sealed.certificate_der, &sealed.encrypted_key_der, IdentitySource::Generated)
            .map_err(from_store)
    })?;
    my_signing_identity(state)
}

#[derive(Deserialize)]
pub struct ImportIdentityParams {
    path: PathBuf,
    password: String,
    passphrase: String,
}

/// A department-issued PKCS#12 file: read with its password, kept sealed under the expert's passphrase.
#[tauri::command]
pub fn import_signing_identity(state: State<'_, AppState>, params: ImportIdentityParams) -> CommandResult<Option<IdentityView>> {
    let bytes = std::fs::read(&params.path)
        .map_err(|e| invalid(format!("无法读取「{}」：{e}", params.path.display())))?;
    let identity = tic_sign::Identity::from_pkcs12(&bytes, &params.password).map_err(|e| invalid(e.to_string()))?;
    let sealed = identity.seal(&params.passphrase).map_err(|e| invalid(e.to_string()))?;
    state.as_expert(|s, me| {
        s.save_signing_identity(me.review_id, me.expert_id, &sealed.certificate_der, &sealed.encrypted_key_der, IdentitySource::Pkcs12)
            .map_err(from_store)
    })?;
    my_signing_identity(state)
}

#[derive(Serialize)]
pub struct VerificationView {
    valid: bool,
    message: String,
    signer: String,
    subject: String,
    issuer: String,
    self_issued: bool,
    certificate_fingerprint: String,
    signed_at: String,
    fingerprint: String,
}

/// Checks a PDF someone hands the clerk: valid only when the last signature covers the whole file.
#[tauri::command]
pub fn verify_document(params: PathParams) -> CommandResult<VerificationView> {
    let bytes = std::fs::read(&params.path).map_err(|e| invalid(format!("无法读取「{}」：{e}", params.path.display())))?;
    Ok(match tic_sign::verify_pdf(&bytes) {
        Ok(v) => VerificationView {
            valid: true,
            message: "签名有效：文件自签名后未被改动，签名覆盖整个文件。".into(),
            signer: v.signer.holder,
            subject: v.signer.subject,
            issuer: v.signer.issuer,
            self_issued: v.signer.self_issued,
            certificate_fingerprint: v.signer.fingerprint,
            signed_at: v.signed_at,
            fingerprint: v.fingerprint,
        },
        Err(e) => VerificationView {
            valid: false,
            message: e.to_string(),
            signer: String::new(),
            subject: String::new(),
            issuer: String::new(),
            self_issued: false,
            certificate_fingerprint: String::new(),
            signed_at: String::new(),
            fingerprint: String::new(),
        },
    })
}
