//! The signed 日志存证 file (`.ticlog`): the whole hash-chained audit log as JSON, signed by the
//! chair (detached CMS over the exact bytes of the body), exported with the review's documents.
//! Anyone can verify it without the database: the signature, and the chain row by row.

use serde::{Deserialize, Serialize};
use tic_domain::{ExpertId, ReviewId};
use tic_store::{verify_chain, AuditEntry, AuditVerification, Store};

use crate::{open_identity, require_chair, ExportError};

const FORMAT: &str = "tic-review-audit";
/// Larger than any log a laptop writes; a file beyond it is not one of ours.
pub const MAX_AUDIT_FILE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct AuditBody {
    format: String,
    version: u32,
    exported_at: String,
    review_id: i64,
    center_name: String,
    exported_by: String,
    head: String,
    entries: Vec<AuditEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AuditFile {
    body: AuditBody,
    /// Hex of the DER CMS SignedData over `serde_json::to_vec(&body)`.
    signature: String,
}

/// What verifying a `.ticlog` file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFileVerdict {
    pub signer: String,
    pub fingerprint: String,
    pub center_name: String,
    pub exported_at: String,
    pub chain: AuditVerification,
}

impl AuditFileVerdict {
    /// Signed, and the chain whole up to the head the signer vouched for.
    pub fn whole(&self) -> bool {
        self.chain.broken.is_none()
    }
}

/// The chair's signed export of the whole log (the chain is one for the laptop, so it is
/// exported whole; `review` names the review it goes with).
pub fn export_audit_log(store: &Store, review: ReviewId, chair: ExpertId, passphrase: &str, exported_at: &str) -> Result<Vec<u8>, ExportError> {
    require_chair(store, review, chair, "日志存证")?;
    let identity = open_identity(store, chair, passphrase)?;
    let detail = store.review(review)?;
    let chair_name = detail.panel.iter().find(|m| m.expert_id == chair).map(|m| m.name.clone()).unwrap_or_default();
    store.record_event(&chair_name, "导出日志存证", Some(review), "签名的日志存证文件")?;
    let entries = store.audit_log()?;
    let head = verify_chain(&entries).head;
    let body = AuditBody {
        format: FORMAT.into(),
        version: 1,
        exported_at: exported_at.into(),
        review_id: review.0,
        center_name: detail.center.facts.name,
        exported_by: chair_name,
        head,
        entries,
    };
    let signed = serde_json::to_vec(&body).map_err(|e| ExportError::Io(e.to_string()))?;
    let signature = tic_sign::sign_detached(&signed, &identity)?;
    let file = AuditFile { body, signature: hex::encode(signature) };
    serde_json::to_vec_pretty(&file).map_err(|e| ExportError::Io(e.to_string()))
}

/// Checks a `.ticlog` file: the signature over the body, then the chain and its head.
pub fn verify_audit_file(bytes: &[u8]) -> Result<AuditFileVerdict, ExportError> {
    let bad = |detail: String| ExportError::Io(format!("日志存证文件无法核验：{detail}"));
    if bytes.len() > MAX_AUDIT_FILE_BYTES {
        return Err(bad("文件过大".into()));
    }
    let file: AuditFile = serde_json::from_slice(bytes).map_err(|e| bad(format!("不是本程序导出的日志存证文件（{e}）")))?;
    if file.body.format != FORMAT || file.body.version != 1 {
        return Err(bad(format!("格式“{}”版本 {} 无法识别", file.body.format, file.body.version)));
    }
    let signature = hex::decode(&file.signature).map_err(|_| bad("签名不是十六进制".into()))?;
    let signed = serde_json::to_vec(&file.body).map_err(|e| bad(e.to_string()))?;
    let signer = tic_sign::verify_detached(&signed, &signature).map_err(|e| bad(format!("签名无效：{e}")))?;
    let mut chain = verify_chain(&file.body.entries);
    if chain.broken.is_none() && chain.head != file.body.head {
        chain.broken = Some("末条哈希与签名时不同：末尾的记录被删除".into());
    }
    Ok(AuditFileVerdict {
        signer: signer.summary.holder,
        fingerprint: signer.summary.fingerprint,
        center_name: file.body.center_name,
        exported_at: file.body.exported_at,
        chain,
    })
}
