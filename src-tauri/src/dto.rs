//! The types that exist only because there is a window: what commands return besides the core's
//! own types, and the one error every command fails with. TypeScript declarations for all of them
//! (and for the domain types) are generated into `ui/src/lib/bindings.ts` by `bindings.rs`.

use serde::{Deserialize, Serialize};
use tic_domain::{ExpertId, PanelRole, ReviewId};
use ts_rs::TS;

/// The error every command returns: the UI branches on `code`, and shows `message` to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    /// What the person typed or chose is not acceptable; `message` names the field.
    pub fn invalid(message: impl Into<String>) -> CommandError {
        CommandError { code: ErrorCode::Invalid, message: message.into() }
    }

    /// A file the person chose could not be used; `message` names the file.
    pub fn bad_file(message: impl Into<String>) -> CommandError {
        CommandError { code: ErrorCode::BadFile, message: message.into() }
    }
}

/// The kinds of failure the UI treats differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// What the person typed or chose is not acceptable; the message names the field.
    Invalid,
    /// A file the person chose could not be used.
    BadFile,
    /// The thing asked for no longer exists.
    NotFound,
    /// The database could not be read or written; nothing was changed.
    Storage,
    /// The command acts as the expert at the keyboard, and nobody has signed in with a PIN.
    NotSignedIn,
}

/// What the window shows instead of its pages while the database is not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseState {
    Open,
    AskPassphrase,
    ChoosePassphrase,
    Failed,
    /// The database does not open but a snapshot does: `AppInfo::snapshot` is offered.
    Damaged,
}

/// What the window shows about the running installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub database_path: String,
    pub database_state: DatabaseState,
    /// Why the database could not be opened, if it could not.
    pub open_error: Option<String>,
    /// The newest sound snapshot, offered when the database is damaged.
    pub snapshot: Option<SnapshotView>,
    pub version: String,
}

/// A finished review: when, by whom, which version of the 专家组意见.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConclusionView {
    pub concluded_at: String,
    pub concluded_by: String,
    pub opinion_version: u32,
}

/// The expert at the keyboard of a shared laptop, signed in with their PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExpertSession {
    pub review_id: ReviewId,
    pub expert_id: ExpertId,
    pub name: String,
    pub role: PanelRole,
}

/// The documents a review produces, as the window asks for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKindCode {
    PanelOpinion,
    ScoreSummary,
    /// One expert's 个人评分表 (the expert is given beside it).
    ScoreSheet,
    SignIn,
    SiteVisit,
    DrawRecord,
}

/// A signed document written where the person chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportedDocument {
    pub path: String,
    pub fingerprint: String,
}

/// A signing certificate as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IdentityView {
    pub holder: String,
    pub subject: String,
    pub issuer: String,
    pub self_issued: bool,
    pub not_before: String,
    pub not_after: String,
    pub fingerprint: String,
    pub imported: bool,
    pub created_at: String,
    /// `generated` (self-issued), `pkcs12` or `issued` (by the department, from a request).
    pub source: String,
    /// The issuer's name (CN), e.g. "内蒙古自治区科学技术厅评审签名根证书".
    pub issuer_holder: String,
}

/// A certificate as the trust pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CertificateView {
    pub holder: String,
    pub issuer_holder: String,
    pub not_before: String,
    pub not_after: String,
    pub fingerprint: String,
    pub serial: String,
}

impl From<tic_sign::CertificateSummary> for CertificateView {
    fn from(c: tic_sign::CertificateSummary) -> Self {
        CertificateView {
            holder: c.holder,
            issuer_holder: c.issuer_holder,
            not_before: c.not_before,
            not_after: c.not_after,
            fingerprint: c.fingerprint,
            serial: c.serial,
        }
    }
}

/// This installation's department root (科技厅 mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DepartmentRootView {
    pub department: String,
    pub certificate: CertificateView,
    pub created_at: String,
}

/// What a certificate request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequestView {
    pub holder: String,
    pub organization: String,
    pub pool_id: Option<String>,
    pub key: String,
    pub key_fingerprint: String,
}

/// One row of the department's register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IssuedView {
    pub serial: String,
    pub holder: String,
    pub organization: String,
    pub pool_id: Option<String>,
    pub not_before: String,
    pub not_after: String,
    /// "2026-12-03"
    pub issued_on: String,
    pub revoked_on: Option<String>,
    pub revocation_reason: Option<String>,
}

/// A root this installation trusts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TrustedRootView {
    pub fingerprint: String,
    pub holder: String,
    pub not_after: String,
    pub added_on: String,
    /// This installation's own department root (cannot be removed).
    pub own: bool,
    pub crl_number: Option<i64>,
    pub crl_imported_on: Option<String>,
}

/// A revocation list just read or published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CrlView {
    pub issuer: String,
    pub number: Option<i64>,
    pub this_update: String,
    pub next_update: String,
    pub revoked: u32,
}

impl From<tic_sign::trust::CrlSummary> for CrlView {
    fn from(c: tic_sign::trust::CrlSummary) -> Self {
        CrlView {
            issuer: c.issuer,
            number: c.number.and_then(|n| i64::try_from(n).ok()),
            this_update: c.this_update,
            next_update: c.next_update,
            revoked: u32::try_from(c.revoked.len()).unwrap_or(u32::MAX),
        }
    }
}

/// One file of a batch verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VerifyRowView {
    pub file: String,
    pub path: String,
    /// `trusted`, `untrusted`, `revoked`, `outside_validity` or `invalid`.
    pub status: String,
    pub verdict: String,
    pub message: String,
    pub signer: String,
    pub issuer: String,
    pub certificate_fingerprint: String,
    pub signed_at: String,
    pub document_fingerprint: String,
}

impl From<tic_export::batch::BatchRow> for VerifyRowView {
    fn from(r: tic_export::batch::BatchRow) -> Self {
        VerifyRowView {
            file: r.file,
            path: r.path,
            status: r.status,
            verdict: r.verdict,
            message: r.message,
            signer: r.signer,
            issuer: r.issuer,
            certificate_fingerprint: r.certificate_fingerprint,
            signed_at: r.signed_at,
            document_fingerprint: r.document_fingerprint,
        }
    }
}

/// The verdict on a PDF someone hands the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct VerificationView {
    /// `trusted`, `untrusted`, `revoked`, `outside_validity` or `invalid`.
    pub status: String,
    pub valid: bool,
    pub message: String,
    /// The technical finding behind an invalid verdict, empty otherwise.
    pub detail: String,
    pub signer: String,
    pub subject: String,
    pub issuer: String,
    pub self_issued: bool,
    pub certificate_fingerprint: String,
    pub signed_at: String,
    pub fingerprint: String,
}

/// One row an Excel import would store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportRow {
    pub row: u32,
    pub name: String,
    /// What identifies the row besides the name, e.g. "宁波市，宁波大学".
    pub detail: String,
}

/// One problem of an Excel import, at its row and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProblem {
    pub row: u32,
    pub column: String,
    pub message: String,
}

/// What an Excel file would import, and every faulty row and column; nothing stored yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub valid: Vec<ImportRow>,
    pub errors: Vec<ImportProblem>,
}

/// Default file names for the signed-in expert's packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PackageNames {
    pub review: Option<String>,
    pub sheet: Option<String>,
    /// The chair's round package for the current round, opinion package for the saved version,
    /// and the member's approval package for their latest answer; None when there is none.
    pub round: Option<String>,
    pub opinion: Option<String>,
    pub approval: Option<String>,
}

/// How far an import of score-sheet packages has got, sent while it runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    /// Files read so far.
    pub done: u32,
    pub total: u32,
    /// The file being read now, or empty while the packages are checked and merged.
    pub file: String,
}

/// What a backup holds, as the 备份与恢复 page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupView {
    pub path: String,
    pub created_at: String,
    pub schema_version: i64,
    pub centers: i64,
    pub reviews: i64,
    pub photos: u64,
    pub sha256: String,
}

impl BackupView {
    pub fn of(path: &std::path::Path, m: &tic_store::BackupManifest) -> BackupView {
        BackupView {
            path: path.display().to_string(),
            created_at: m.created_at.clone(),
            schema_version: m.schema_version,
            centers: m.centers,
            reviews: m.reviews,
            photos: m.photos,
            sha256: m.content_sha256.clone(),
        }
    }
}

/// An automatic snapshot as the window offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotView {
    /// "YYYY-MM-DD HH:MM:SS", UTC.
    pub taken_at: String,
    pub reason: String,
}

/// One row of the audit log as the window lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditRow {
    #[ts(type = "number")]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// The rows asked for and the verdict on the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuditView {
    pub rows: Vec<AuditRow>,
    /// Rows in the whole log.
    pub entries: u32,
    /// The last row's hash.
    pub head: String,
    /// The first break found, in Chinese; none when the chain is whole.
    pub broken: Option<String>,
}
