//! From the store to files: each document with the data it prints, who may export it, the Excel
//! workbook, and the PAdES signature. The app and `tic-review` both go through here, so a file
//! exported in the window and one exported on the command line are made the same way.

use tic_docs::builder::Rendered;
use tic_domain::sheet::ConflictDecision;
use tic_domain::{ExpertId, PanelRole, ReviewId};
use tic_domain::signing::IdentitySource;
use tic_store::Store;

pub mod audit;
pub mod batch;
pub mod bulk;
pub mod due;
pub mod overview;
pub mod trust;
pub mod exchange;
pub mod panel_exchange;
pub mod files;
pub mod workbook;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Store(#[from] tic_store::StoreError),
    #[error("{0}")]
    Document(#[from] tic_docs::DocError),
    #[error("{0}")]
    Sign(#[from] tic_sign::SignError),
    #[error("{0}")]
    Package(#[from] tic_package::PackageError),
    /// A file could not be read or written; the message names it.
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    NotAllowed(String),
}

/// The documents a review produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    PanelOpinion,
    ScoreSummary,
    /// One expert's 个人评分表.
    ScoreSheet(ExpertId),
    SignIn,
    SiteVisit,
    /// 专家抽取记录, for a panel drawn from the pool.
    DrawRecord,
}

impl DocumentKind {
    pub fn chinese_name(self) -> &'static str {
        match self {
            DocumentKind::PanelOpinion => "专家组意见",
            DocumentKind::ScoreSummary => "专家评分汇总表",
            DocumentKind::ScoreSheet(_) => "专家个人评分表",
            DocumentKind::SignIn => "专家签到表",
            DocumentKind::SiteVisit => "实地考察记录",
            DocumentKind::DrawRecord => "专家抽取记录",
        }
    }
}

fn recused(store: &Store, review: ReviewId) -> Result<Vec<ExpertId>, ExportError> {
    Ok(store
        .panel_progress(review)?
        .into_iter()
        .filter(|m| m.declaration == Some(ConflictDecision::Recused))
        .map(|m| m.member.expert_id)
        .collect())
}

fn require_chair(store: &Store, review: ReviewId, viewer: ExpertId, what: &str) -> Result<(), ExportError> {
    let detail = store.review(review)?;
    if detail.panel.iter().any(|m| m.expert_id == viewer && m.role == PanelRole::Chair) {
        Ok(())
    } else {
        Err(ExportError::NotAllowed(format!("只有专家组组长可以导出{what}")))
    }
}

/// Renders one document as `viewer` may see it. Panel documents are the chair's; an expert may
/// export their own 个人评分表 (and the chair anyone's once the blind first round allows).
pub fn render(store: &Store, review: ReviewId, viewer: ExpertId, kind: DocumentKind) -> Result<Rendered, ExportError> {
    let detail = store.review(review)?;
    let signatures = store.panel_hand_signatures(review)?;
    let recused = recused(store, review)?;
    match kind {
        DocumentKind::PanelOpinion => {
            require_chair(store, review, viewer, kind.chinese_name())?;
            let consolidation = store.consolidation_seen_by(review, viewer)?;
            tic_docs::require_complete(&consolidation)?;
            let opinion = store.panel_opinion(review, viewer)?;
            if opinion.version == 0 {
                return Err(ExportError::NotAllowed("请先保存专家组意见，并请全体专家确认后再导出".into()));
            }
            // Frozen once the review is finished; until then, as they stand (and as they will be frozen).
            let checks = store.compliance_checks(review)?;
            let doc = tic_docs::opinion::OpinionDocument {
                review: &detail,
                opinion: &opinion.opinion,
                total: Some(&consolidation.total),
                grade: consolidation.grade.as_deref(),
                approvals: &opinion.approvals,
                recused: &recused,
                signatures: &signatures,
                checks: &checks,
            };
            Ok(tic_docs::opinion::panel_opinion_pdf(&doc)?)
        }
        DocumentKind::ScoreSummary => {
            require_chair(store, review, viewer, kind.chinese_name())?;
            let consolidation = store.consolidation_seen_by(review, viewer)?;
            // The conclusion the panel wrote into its saved opinion, in the template's words.
            let opinion = store.panel_opinion(review, viewer)?;
            let conclusion = (opinion.version > 0)
                .then_some(opinion.opinion.conclusion)
                .flatten()
                .and_then(|i| detail.template.conclusions.options.get(i as usize))
                .map(String::as_str);
            let doc = tic_docs::forms::SummaryDocument { review: &detail, consolidation: &consolidation, recused: &recused, signatures: &signatures, conclusion };
            Ok(tic_docs::forms::score_summary_pdf(&doc)?)
        }
        DocumentKind::ScoreSheet(expert) => {
            let member = detail
                .panel
                .iter()
                .find(|m| m.expert_id == expert)
                .ok_or_else(|| ExportError::NotAllowed("该专家不在本评审的专家组中".into()))?;
            if viewer != expert {
                require_chair(store, review, viewer, "其他专家的个人评分表")?;
            }
            let sheet = store.sheet_seen_by(review, viewer, expert)?;
            let signature = signatures.iter().find(|(e, _)| *e == expert).map(|(_, png)| png.as_slice());
            let doc = tic_docs::forms::SheetDocument { review: &detail, expert: member, sheet: &sheet, signature };
            Ok(tic_docs::forms::score_sheet_pdf(&doc)?)
        }
        DocumentKind::SignIn => {
            require_chair(store, review, viewer, kind.chinese_name())?;
            Ok(tic_docs::forms::sign_in_pdf(&tic_docs::forms::SignInDocument { review: &detail, recused: &recused, signatures: &signatures })?)
        }
        DocumentKind::DrawRecord => {
            require_chair(store, review, viewer, kind.chinese_name())?;
            let record = store.panel_draw(review)?.ok_or_else(|| ExportError::NotAllowed("本评审的专家组不是从专家库抽取产生的，没有专家抽取记录".into()))?;
            Ok(tic_docs::draw::draw_record_pdf(&detail, &record)?)
        }
        DocumentKind::SiteVisit => {
            require_chair(store, review, viewer, kind.chinese_name())?;
            let mut notes = Vec::new();
            let mut photos = Vec::new();
            for m in &detail.panel {
                notes.push(store.site_notes(review, m.expert_id)?);
                photos.push(store.photos(review, m.expert_id)?);
            }
            let mut members = Vec::new();
            for (i, m) in detail.panel.iter().enumerate() {
                let mut with_bytes = Vec::new();
                for p in &photos[i] {
                    with_bytes.push((p, store.photo_bytes(review, m.expert_id, p.id)?));
                }
                members.push(tic_docs::visit::MemberVisit { expert_id: m.expert_id, notes: &notes[i], photos: with_bytes });
            }
            let doc = tic_docs::visit::VisitDocument { review: &detail, members, recused: &recused, signatures: &signatures };
            Ok(tic_docs::visit::site_visit_pdf(&doc)?)
        }
    }
}

/// Signs a rendered document with an opened identity; `signer` is the person's name.
pub fn sign(
    rendered: &Rendered,
    identity: &tic_sign::Identity,
    signer: &str,
    when: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Vec<u8>, ExportError> {
    let request = tic_sign::SignRequest { name: signer, reason: &rendered.title, fingerprint: &rendered.fingerprint, when };
    Ok(tic_sign::sign_pdf(&rendered.bytes, identity, &request)?)
}

/// A document rendered as `viewer` may see it and signed by them. The document is rendered
/// first, so what it still waits for (a missing sheet, a member's approval) is said before the
/// signing certificate or its passphrase is asked about. Returns the signed bytes and the
/// content fingerprint printed on every page.
pub fn export_signed(
    store: &Store,
    review: ReviewId,
    viewer: ExpertId,
    kind: DocumentKind,
    passphrase: &str,
    when: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(Vec<u8>, String), ExportError> {
    let rendered = render(store, review, viewer, kind)?;
    let identity = open_identity(store, viewer, passphrase)?;
    let signer = store
        .review(review)?
        .panel
        .into_iter()
        .find(|m| m.expert_id == viewer)
        .map(|m| m.name)
        .ok_or_else(|| ExportError::NotAllowed("您不在本评审的专家组中".into()))?;
    let signed = sign(&rendered, &identity, &signer, when)?;
    Ok((signed, rendered.fingerprint))
}

/// Everything an export would check before it writes, in the order a person can fix them: what
/// the document still waits for (a sheet, an approval, a signature), then the signing identity,
/// then the passphrase (an empty one is asked for, a wrong one named). Called before the save
/// dialog, so nobody picks a place for a file that cannot be made yet.
pub fn check_export(store: &Store, review: ReviewId, viewer: ExpertId, kind: DocumentKind, passphrase: &str) -> Result<(), ExportError> {
    render(store, review, viewer, kind)?;
    if store.signing_identity(viewer)?.is_some() && passphrase.is_empty() {
        return Err(ExportError::NotAllowed("请输入签名口令".into()));
    }
    open_identity(store, viewer, passphrase).map(|_| ())
}

/// The workbook's file name: center, stage and 评审结果.
pub fn workbook_file_name(store: &Store, review: ReviewId) -> Result<String, ExportError> {
    let detail = store.review(review)?;
    Ok(clean_file_name(&format!("{}-{}-评审结果.xlsx", detail.center.facts.name, detail.template.stage_name)))
}

/// Characters no file system takes in a name become `_`.
pub(crate) fn clean_file_name(name: &str) -> String {
    name.chars().map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c }).collect()
}

/// What a verification concluded, from best to worst; the command line's exit code follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictStatus {
    /// Intact, and the chain ends at a root this installation trusts.
    Trusted,
    /// Intact, but no trusted root vouches for the signer (self-issued or unknown issuer).
    Untrusted,
    /// Intact, but the certificate is on its issuer's revocation list.
    Revoked,
    /// Intact, but the certificate was not valid at the signing time.
    OutsideValidity,
    /// Changed after signing, or no valid signature at all.
    Invalid,
}

impl VerdictStatus {
    /// 0 trusted; 1 changed or invalid; 3 intact but not trusted, revoked or outside validity
    /// (2 is left for a command used wrongly).
    pub fn exit_code(self) -> i32 {
        match self {
            VerdictStatus::Trusted => 0,
            VerdictStatus::Invalid => 1,
            VerdictStatus::Untrusted | VerdictStatus::Revoked | VerdictStatus::OutsideValidity => 3,
        }
    }

    /// The short word for a table column.
    pub fn label(self) -> &'static str {
        match self {
            VerdictStatus::Trusted => "可信",
            VerdictStatus::Untrusted => "证书不受信任",
            VerdictStatus::Revoked => "证书已吊销",
            VerdictStatus::OutsideValidity => "证书不在有效期",
            VerdictStatus::Invalid => "文件被改动或签名无效",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            VerdictStatus::Trusted => "trusted",
            VerdictStatus::Untrusted => "untrusted",
            VerdictStatus::Revoked => "revoked",
            VerdictStatus::OutsideValidity => "outside_validity",
            VerdictStatus::Invalid => "invalid",
        }
    }
}

/// What checking a signed PDF found, worded for the person who asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: VerdictStatus,
    /// The signature is intact (whatever the trust in its signer).
    pub valid: bool,
    /// One sentence: what was found and what it means, in words a clerk or an expert uses.
    pub message: String,
    /// The verifier's technical finding, for whoever looks into it (shown as 详情 under the message).
    pub detail: Option<String>,
    pub signature: Option<tic_sign::Verification>,
}

/// A refusal in words for the person at the desk; the technical finding, when it names formats
/// or algorithms (ByteRange, SignedData, ECDSA…), moves to the details line.
fn invalid_words(error: &tic_sign::SignError) -> (String, Option<String>) {
    let technical = |text: &str| text.chars().any(|c| c.is_ascii_alphabetic());
    match error {
        tic_sign::SignError::Invalid(text) if !technical(text) => (format!("签名无效：{text}。"), None),
        tic_sign::SignError::Invalid(text) => (
            "签名无效：文件在签名后被改动，或签名本身已损坏。这份文件不能作为有效文书使用，请向交来文件的人索取原件。".into(),
            Some(text.clone()),
        ),
        tic_sign::SignError::Pdf(text) => ("无法核验：这个文件不是完整的 PDF 文件，或已损坏。".into(), Some(text.clone())),
        other => (other.to_string(), None),
    }
}

/// A signing time as people read it: "2026-12-01 21:51:05 +08:00".
pub fn display_signing_time(v: &tic_sign::Verification) -> String {
    v.signing_time().map_or_else(|| v.signed_at.clone(), |t| t.format("%Y-%m-%d %H:%M:%S %:z").to_string())
}

impl Verdict {
    /// The lines the command line prints and the window shows, in the same words.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![self.message.clone()];
        if let Some(detail) = &self.detail {
            lines.push(format!("详情：{detail}"));
        }
        if let Some(v) = &self.signature {
            lines.push(format!("签名人：{}", v.signer.holder));
            lines.push(format!("证书主题：{}", v.signer.subject));
            lines.push(format!("证书颁发者：{}{}", v.signer.issuer_holder, if v.signer.self_issued { "（自签发）" } else { "" }));
            lines.push(format!("证书指纹：{}", v.signer.fingerprint));
            lines.push(format!("签名时间：{}", display_signing_time(v)));
            if !v.fingerprint.is_empty() {
                lines.push(format!("文档指纹：{}", v.fingerprint));
            }
            for (n, e) in v.earlier.iter().enumerate() {
                lines.push(format!(
                    "此前的签名 {}：{}（{}），覆盖文件的前 {} 字节，完好；此后的修改由之后的签名覆盖",
                    n + 1,
                    e.signer.holder,
                    tic_sign::parse_pdf_date(&e.signed_at).map_or_else(|| e.signed_at.clone(), |t| t.format("%Y-%m-%d %H:%M:%S %:z").to_string()),
                    e.covers
                ));
            }
        }
        lines
    }
}

/// Checks a signed PDF: intact only when the last signature covers the whole file; trusted only
/// when, besides, its certificate chains to a root in `trust`, was valid at the signing time and
/// is not revoked.
pub fn verify(bytes: &[u8], trust: &tic_sign::TrustStore) -> Verdict {
    let v = match tic_sign::verify_pdf(bytes) {
        Ok(v) => v,
        Err(e) => {
            let (message, detail) = invalid_words(&e);
            return Verdict { status: VerdictStatus::Invalid, valid: false, message, detail, signature: None };
        }
    };
    // A signature without a readable time is judged at this moment.
    let at = v.signing_time().map_or_else(chrono::Utc::now, |t| t.with_timezone(&chrono::Utc));
    let (status, message) = match trust::judge(trust, &v.certificate_der, &v.carried_der, at) {
        tic_sign::Trust::Trusted { root } => {
            (VerdictStatus::Trusted, format!("可信（由「{root}」签发）：签名有效，文件自签名后未被改动。"))
        }
        tic_sign::Trust::Untrusted { self_issued } => (
            VerdictStatus::Untrusted,
            format!(
                "签名完好但证书不受信任（{}）：文件自签名后未被改动，但没有本机信任的根证书为签名人的身份作证。",
                if self_issued { "自签发" } else { "签发者未知" }
            ),
        ),
        tic_sign::Trust::Revoked { revoked_at, claimed_before } => (
            VerdictStatus::Revoked,
            format!(
                "证书已吊销（吊销时间 {revoked_at}）：{}",
                if claimed_before { "签名所记的时间早于吊销时间，但该时间由签名人自己记录，无法证实。" } else { "签名时证书已被吊销。" }
            ),
        ),
        tic_sign::Trust::OutsideValidity { holder, not_before, not_after } => (
            VerdictStatus::OutsideValidity,
            format!("签名时证书已过期或尚未生效：「{holder}」的证书有效期为 {not_before} 至 {not_after}。"),
        ),
    };
    Verdict { status, valid: true, message, detail: None, signature: Some(v) }
}

/// A new key with a self-issued certificate in the member's name and affiliation, kept sealed
/// under `passphrase`.
pub fn create_identity(store: &Store, review: ReviewId, expert: ExpertId, passphrase: &str) -> Result<(), ExportError> {
    let member = store
        .review(review)?
        .panel
        .into_iter()
        .find(|m| m.expert_id == expert)
        .ok_or_else(|| ExportError::NotAllowed("您不在本评审的专家组中".into()))?;
    let sealed = tic_sign::Identity::generate(&member.name, &member.affiliation)?.seal(passphrase)?;
    store.save_signing_identity(review, expert, &sealed.certificate_der, &sealed.encrypted_key_der, IdentitySource::Generated)?;
    Ok(())
}

/// A department-issued PKCS#12 file, opened with its `password` and kept sealed under `passphrase`.
pub fn import_identity(store: &Store, review: ReviewId, expert: ExpertId, pkcs12: &[u8], password: &str, passphrase: &str) -> Result<(), ExportError> {
    let sealed = tic_sign::Identity::from_pkcs12(pkcs12, password)?.seal(passphrase)?;
    store.save_signing_identity_with_chain(review, expert, &sealed.certificate_der, &sealed.encrypted_key_der, &sealed.chain_der, IdentitySource::Pkcs12)?;
    Ok(())
}

/// The identity stored for `expert`, opened with `passphrase`.
pub fn open_identity(store: &Store, expert: ExpertId, passphrase: &str) -> Result<tic_sign::Identity, ExportError> {
    let stored = store
        .signing_identity(expert)?
        .ok_or_else(|| ExportError::NotAllowed("尚未设置签名身份：请先在“签名与导出”页的“签名证书”中生成或导入证书".into()))?;
    let sealed = tic_sign::SealedIdentity { certificate_der: stored.certificate, encrypted_key_der: stored.encrypted_key, chain_der: stored.chain };
    Ok(tic_sign::Identity::unseal(&sealed, passphrase)?)
}

/// A file name for the document: center, stage, document, and the expert for personal sheets.
pub fn file_name(store: &Store, review: ReviewId, kind: DocumentKind) -> Result<String, ExportError> {
    let detail = store.review(review)?;
    let mut name = format!("{}-{}-{}", detail.center.facts.name, detail.template.stage_name, kind.chinese_name());
    if let DocumentKind::ScoreSheet(e) = kind {
        if let Some(m) = detail.panel.iter().find(|m| m.expert_id == e) {
            name.push('-');
            name.push_str(&m.name);
        }
    }
    Ok(format!("{}.pdf", clean_file_name(&name)))
}
