//! 证书与核验: the department's root, issuing and revoking (科技厅 mode), the expert's request and
//! the issued certificate taken back, the roots and revocation lists this installation trusts,
//! and batch verification. Files are read here; every rule is in `tic_export::trust`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use tauri::State;
use tic_export::files::{read_limited, write_atomically};

use crate::dto::{CertificateView, CommandError, CrlView, DepartmentRootView, IdentityView, IssuedView, RequestView, TrustedRootView, VerifyRowView};
use crate::error::CommandResult;
use crate::state::AppState;

/// Certificates, requests and revocation lists are small; a file larger than this is not one.
const MAX_TRUST_FILE: u64 = 16 * 1024 * 1024;

fn read(path: &Path, what: &str) -> CommandResult<Vec<u8>> {
    read_limited(path, MAX_TRUST_FILE, what).map_err(|e| CommandError::bad_file(format!("「{}」{e}", path.display())))
}

/// The name the department's actions are logged under.
fn department_actor(state: &AppState) -> String {
    state.with_store(|s| s.department_root().map(|r| r.map(|r| r.department))).ok().flatten().unwrap_or_else(|| "本机".into())
}

fn day(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_owned()
}

#[tauri::command(async)]
pub fn department_root(state: State<'_, AppState>) -> CommandResult<Option<DepartmentRootView>> {
    state.with_store(|s| {
        let Some(root) = s.department_root()? else { return Ok(None) };
        let summary = tic_sign::CertificateSummary::from_der(&root.certificate)?;
        Ok::<_, CommandError>(Some(DepartmentRootView { department: root.department, certificate: summary.into(), created_at: day(&root.created_at) }))
    })
}

#[derive(Deserialize)]
pub struct CreateRootParams {
    department: String,
    passphrase: String,
    repeated: String,
}

/// 科技厅 mode: the department's root, its key sealed under a passphrase typed twice.
#[tauri::command(async)]
pub fn create_department_root(state: State<'_, AppState>, params: CreateRootParams) -> CommandResult<Option<DepartmentRootView>> {
    if params.passphrase != params.repeated {
        return Err(CommandError::invalid("两次输入的根证书口令不一致"));
    }
    state.with_store(|s| tic_export::trust::create_department_root(s, &params.department, &params.passphrase))?;
    department_root(state)
}

#[derive(Deserialize)]
pub struct PassphraseParams {
    passphrase: String,
}

/// Checks the root passphrase before the window asks where to save what it will sign.
#[tauri::command(async)]
pub fn check_root_passphrase(state: State<'_, AppState>, params: PassphraseParams) -> CommandResult<()> {
    state.with_store(|s| tic_export::trust::check_root_passphrase(s, &params.passphrase))
}

/// Checks the signed-in expert's signing passphrase before the window asks where to save.
#[tauri::command(async)]
pub fn check_signing_passphrase(state: State<'_, AppState>, params: PassphraseParams) -> CommandResult<()> {
    state.as_expert(|s, me| tic_export::open_identity(s, me.expert_id, &params.passphrase).map(|_| ()))
}

#[derive(Deserialize)]
pub struct ExportRootParams {
    path: PathBuf,
    pem: bool,
}

/// The root certificate as a .cer file (DER) or as PEM text, for publication.
#[tauri::command(async)]
pub fn export_department_root(state: State<'_, AppState>, params: ExportRootParams) -> CommandResult<String> {
    let bytes = state.with_store(|s| tic_export::trust::department_root_file(s, params.pem))?;
    write_atomically(&params.path, &bytes)?;
    Ok(params.path.display().to_string())
}

#[derive(Deserialize)]
pub struct FileParams {
    path: PathBuf,
}

/// What a request file asks for, before issuing.
#[tauri::command(async)]
pub fn read_certificate_request(params: FileParams) -> CommandResult<RequestView> {
    let bytes = read(&params.path, "证书申请文件")?;
    let r = tic_export::trust::read_request(&bytes)?;
    Ok(RequestView { holder: r.holder, organization: r.organization, pool_id: r.pool_id, key: r.key, key_fingerprint: r.key_fingerprint })
}

#[derive(Deserialize)]
pub struct IssueParams {
    request: PathBuf,
    days: u32,
    passphrase: String,
    out: PathBuf,
}

/// Issues a certificate for a request and writes the response file the expert imports.
#[tauri::command(async)]
pub fn issue_certificate(state: State<'_, AppState>, params: IssueParams) -> CommandResult<CertificateView> {
    let bytes = read(&params.request, "证书申请文件")?;
    let (response, summary) = state.with_store(|s| tic_export::trust::issue_certificate(s, &bytes, params.days, &params.passphrase))?;
    write_atomically(&params.out, response.as_bytes())?;
    Ok(summary.into())
}

#[tauri::command(async)]
pub fn issued_certificates(state: State<'_, AppState>) -> CommandResult<Vec<IssuedView>> {
    let rows = state.with_store(|s| s.issued_certificates())?;
    Ok(rows
        .into_iter()
        .map(|r| IssuedView {
            serial: r.serial,
            holder: r.holder,
            organization: r.organization,
            pool_id: r.pool_id,
            not_before: r.not_before,
            not_after: r.not_after,
            issued_on: day(&r.issued_at),
            revoked_on: r.revoked_at.as_deref().map(day),
            revocation_reason: r.revocation_reason,
        })
        .collect())
}

#[derive(Deserialize)]
pub struct RevokeParams {
    serial: String,
    reason: String,
}

#[tauri::command(async)]
pub fn revoke_certificate(state: State<'_, AppState>, params: RevokeParams) -> CommandResult<()> {
    state.with_store(|s| tic_export::trust::revoke_certificate(s, &params.serial, &params.reason))
}

#[derive(Deserialize)]
pub struct PublishCrlParams {
    passphrase: String,
    path: PathBuf,
}

/// A new revocation list of everything revoked so far, written where the clerk chose.
#[tauri::command(async)]
pub fn publish_crl(state: State<'_, AppState>, params: PublishCrlParams) -> CommandResult<CrlView> {
    let (crl, summary) = state.with_store(|s| tic_export::trust::publish_crl(s, &params.passphrase))?;
    write_atomically(&params.path, &crl)?;
    Ok(summary.into())
}

#[tauri::command(async)]
pub fn trusted_roots(state: State<'_, AppState>) -> CommandResult<Vec<TrustedRootView>> {
    state.with_store(|s| {
        let own = s.department_root()?.map(|r| r.certificate);
        let mut rows = Vec::new();
        for root in s.trusted_roots()? {
            let summary = tic_sign::CertificateSummary::from_der(&root.certificate)?;
            rows.push(TrustedRootView {
                own: own.as_deref() == Some(root.certificate.as_slice()),
                fingerprint: root.fingerprint,
                holder: root.holder,
                not_after: summary.not_after,
                added_on: day(&root.added_at),
                crl_number: root.crl.as_ref().and_then(|c| c.number),
                crl_imported_on: root.crl.as_ref().map(|c| day(&c.imported_at)),
            });
        }
        Ok::<_, CommandError>(rows)
    })
}

/// Trusts a root certificate file (.cer, DER or PEM); returns it and whether it was new.
#[tauri::command(async)]
pub fn trust_root_file(state: State<'_, AppState>, params: FileParams) -> CommandResult<(CertificateView, bool)> {
    let bytes = read(&params.path, "根证书文件")?;
    let actor = department_actor(&state);
    let (summary, added) = state.with_store(|s| tic_export::trust::trust_root(s, &bytes, &actor))?;
    Ok((summary.into(), added))
}

#[derive(Deserialize)]
pub struct FingerprintParams {
    fingerprint: String,
}

#[tauri::command(async)]
pub fn remove_trusted_root(state: State<'_, AppState>, params: FingerprintParams) -> CommandResult<()> {
    let actor = department_actor(&state);
    state.with_store(|s| s.remove_trusted_root(&params.fingerprint, &actor))
}

#[tauri::command(async)]
pub fn import_crl_file(state: State<'_, AppState>, params: FileParams) -> CommandResult<CrlView> {
    let bytes = read(&params.path, "吊销列表文件")?;
    let actor = department_actor(&state);
    Ok(state.with_store(|s| tic_export::trust::import_crl(s, &bytes, &actor))?.into())
}

#[derive(Deserialize)]
pub struct VerifyManyParams {
    paths: Vec<PathBuf>,
}

/// Verifies each file chosen (and every PDF in each folder chosen) against this installation's
/// trust store, one row per file.
#[tauri::command(async)]
pub fn verify_documents(state: State<'_, AppState>, params: VerifyManyParams) -> CommandResult<Vec<VerifyRowView>> {
    let trust = state.with_store(tic_export::trust::trust_store)?;
    let files = tic_export::batch::expand(&params.paths)?;
    if files.is_empty() {
        return Err(CommandError::invalid("所选位置没有 PDF 文件"));
    }
    Ok(files.iter().map(|f| tic_export::batch::verify_file(f, &trust).into()).collect())
}

#[derive(Deserialize)]
pub struct ExportVerificationParams {
    paths: Vec<PathBuf>,
    out: PathBuf,
}

/// The batch verdicts as an Excel workbook.
#[tauri::command(async)]
pub fn export_verification(state: State<'_, AppState>, params: ExportVerificationParams) -> CommandResult<String> {
    let trust = state.with_store(tic_export::trust::trust_store)?;
    let files = tic_export::batch::expand(&params.paths)?;
    let rows: Vec<_> = files.iter().map(|f| tic_export::batch::verify_file(f, &trust)).collect();
    let now = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
    write_atomically(&params.out, &tic_export::batch::batch_workbook(&rows, &now)?)?;
    Ok(params.out.display().to_string())
}

#[derive(Deserialize)]
pub struct RequestParams {
    passphrase: String,
    pool_id: String,
    path: PathBuf,
}

/// The signed-in expert's certificate request (PKCS#10), written where they chose, to hand to
/// the department.
#[tauri::command(async)]
pub fn create_certificate_request(state: State<'_, AppState>, params: RequestParams) -> CommandResult<String> {
    let pool_id = Some(params.pool_id.trim()).filter(|p| !p.is_empty());
    let pem = state.as_expert(|s, me| tic_export::trust::certificate_request(s, me.expert_id, &params.passphrase, pool_id))?;
    write_atomically(&params.path, pem.as_bytes())?;
    Ok(params.path.display().to_string())
}

/// The department's response: the expert's identity signs with the issued certificate from now on.
#[tauri::command(async)]
pub fn import_issued_certificate(state: State<'_, AppState>, params: FileParams) -> CommandResult<Option<IdentityView>> {
    let bytes = read(&params.path, "签发结果文件")?;
    state.as_expert(|s, me| tic_export::trust::adopt_issued_certificate(s, me.review_id, me.expert_id, &bytes))?;
    crate::commands::documents::my_signing_identity(state)
}
