//! The panel's discussion and approval by file (package format 1.2): the chair's round and
//! opinion packages, opened on each member's laptop, and the members' approval packages, which
//! the chair imports together with their score-sheet packages.

use tic_domain::exchange::{SheetImportOutcome, SheetImportReport};
use tic_domain::{ExpertId, ReviewId};
use tic_package::{package_kind, ApprovalPackage, OpinionPackage, PackageError, PackageKind, RoundPackage};
use tic_store::{ApprovalMerge, IncomingApproval, SenderKey, Store};

use crate::exchange::{import_sheet_packages, refused};
use crate::{clean_file_name, open_identity, ExportError};

pub const ROUND_PACKAGE_EXTENSION: &str = "ticround";
pub const OPINION_PACKAGE_EXTENSION: &str = "ticopinion";
pub const APPROVAL_PACKAGE_EXTENSION: &str = "ticapproval";

fn file_name(store: &Store, review: ReviewId, what: &str, extension: &str) -> Result<String, ExportError> {
    let detail = store.review(review)?;
    Ok(clean_file_name(&format!("{}-{}-{what}.{extension}", detail.center.facts.name, detail.template.stage_name)))
}

/// The current round's package file name, if a round is open.
pub fn round_package_name(store: &Store, review: ReviewId) -> Result<Option<String>, ExportError> {
    let Some(round) = store.current_round(review)? else { return Ok(None) };
    Ok(Some(file_name(store, review, &format!("讨论包-第{}轮", round.number), ROUND_PACKAGE_EXTENSION)?))
}

/// The opinion package file name for the saved version, if there is one.
pub fn opinion_package_name(store: &Store, review: ReviewId) -> Result<Option<String>, ExportError> {
    let Some(version) = store.panel_opinion_version(review)? else { return Ok(None) };
    Ok(Some(file_name(store, review, &format!("意见包-第{version}版"), OPINION_PACKAGE_EXTENSION)?))
}

/// The approval package file name for the member's latest answer, if they gave one.
pub fn approval_package_name(store: &Store, review: ReviewId, expert: ExpertId) -> Result<Option<String>, ExportError> {
    let Some(version) = store.panel_opinion_answer_version(review, expert)? else { return Ok(None) };
    let name = store.review(review)?.panel.into_iter().find(|m| m.expert_id == expert).map(|m| m.name).unwrap_or_default();
    Ok(Some(file_name(store, review, &format!("确认包-{name}-第{version}版"), APPROVAL_PACKAGE_EXTENSION)?))
}

/// The current round's package, signed by the chair, and a file name for it.
pub fn export_round_package(store: &Store, review: ReviewId, chair: ExpertId, passphrase: &str) -> Result<(Vec<u8>, String), ExportError> {
    let package = store.round_package(review, chair)?;
    let identity = open_identity(store, chair, passphrase)?;
    let name = file_name(store, review, &format!("讨论包-第{}轮", package.round.number), ROUND_PACKAGE_EXTENSION)?;
    Ok((package.write(&identity)?, name))
}

/// The saved version of the panel opinion as a package, signed by the chair, and a file name.
pub fn export_opinion_package(store: &Store, review: ReviewId, chair: ExpertId, passphrase: &str) -> Result<(Vec<u8>, String), ExportError> {
    // The passphrase is checked first: a wrong one records nothing.
    let identity = open_identity(store, chair, passphrase)?;
    let package = store.opinion_package(review, chair)?;
    let name = file_name(store, review, &format!("意见包-第{}版", package.body.version), OPINION_PACKAGE_EXTENSION)?;
    Ok((package.write(&identity)?, name))
}

/// The member's answer to the panel opinion as an approval package, signed by them.
pub fn export_approval_package(store: &Store, review: ReviewId, expert: ExpertId, passphrase: &str) -> Result<(Vec<u8>, String), ExportError> {
    let package = store.approval_package(review, expert)?;
    let identity = open_identity(store, expert, passphrase)?;
    let a = &package.approval;
    let name = file_name(store, review, &format!("确认包-{}-第{}版", a.seat.name, a.version), APPROVAL_PACKAGE_EXTENSION)?;
    Ok((package.write(&identity)?, name))
}

/// What opening a chair's package did, in the words the member reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChairPackageReport {
    pub review_id: ReviewId,
    pub kind: PackageKind,
    pub outcome: SheetImportOutcome,
    pub message: String,
}

/// Opens a round or opinion package on a member's laptop.
pub fn open_chair_package(store: &Store, bytes: &[u8]) -> Result<ChairPackageReport, ExportError> {
    let kind = package_kind(bytes);
    let (opened, signer) = match kind {
        Some(PackageKind::Round) => {
            let (package, signer) = RoundPackage::read(bytes)?;
            (store.import_round_package(&package, key_of(&signer))?, signer)
        }
        Some(PackageKind::Opinion) => {
            let (package, signer) = OpinionPackage::read(bytes)?;
            (store.import_opinion_package(&package, key_of(&signer))?, signer)
        }
        Some(other) => {
            return Err(PackageError::WrongKind { wanted: "讨论包或意见包", found: other.chinese() }.into());
        }
        None => return Err(RoundPackage::read(bytes).err().unwrap_or_else(|| PackageError::NotAPackage("无法识别".into())).into()),
    };
    let kind = kind.unwrap_or(PackageKind::Round);
    let number = opened.number;
    let message = match (kind, opened.outcome) {
        (PackageKind::Round, SheetImportOutcome::Applied) => {
            format!("已打开第 {number} 轮讨论（组长{}签发）。请在“第 {number} 轮讨论”页重新评分并写明理由，然后在“交换包”页导出评分包交给组长。", signer.summary.holder)
        }
        (PackageKind::Round, _) => format!("第 {number} 轮讨论此前已打开，未做更改。"),
        (_, SheetImportOutcome::Applied) => {
            format!("已打开第 {number} 版专家组意见。请在“专家组意见”页阅读后确认同意或提出异议，然后在“交换包”页导出确认包交给组长。")
        }
        (_, SheetImportOutcome::History) => format!("这是第 {number} 版专家组意见，本机已有更新的版本，未做更改。"),
        _ => format!("第 {number} 版专家组意见此前已打开，未做更改。"),
    };
    Ok(ChairPackageReport { review_id: opened.review_id, kind, outcome: opened.outcome, message })
}

fn key_of(signer: &tic_sign::Signer) -> SenderKey<'_> {
    SenderKey { holder: &signer.summary.holder, fingerprint: &signer.summary.fingerprint, certificate: &signer.certificate_der }
}

/// Imports whatever the members sent, on the chair's laptop: score-sheet packages and approval
/// packages, in any mix and order. Every file gets a line in the report, in the order given.
pub fn import_member_packages(store: &Store, review: ReviewId, chair: ExpertId, files: &[(String, Vec<u8>)]) -> Result<Vec<SheetImportReport>, ExportError> {
    let is_approval: Vec<bool> = files.iter().map(|(_, bytes)| package_kind(bytes) == Some(PackageKind::Approval)).collect();
    let sheets: Vec<(String, Vec<u8>)> = files.iter().zip(&is_approval).filter(|(_, a)| !**a).map(|(f, _)| f.clone()).collect();
    let approvals: Vec<&(String, Vec<u8>)> = files.iter().zip(&is_approval).filter(|(_, a)| **a).map(|(f, _)| f).collect();
    let mut sheet_reports = if sheets.is_empty() { Vec::new() } else { import_sheet_packages(store, review, chair, &sheets)? }.into_iter();
    let mut approval_reports = import_approval_packages(store, review, chair, &approvals)?.into_iter();
    let mut reports = Vec::with_capacity(files.len());
    for ((file, _), approval) in files.iter().zip(&is_approval) {
        let next = if *approval { approval_reports.next() } else { sheet_reports.next() };
        reports.push(next.unwrap_or_else(|| refused(file, "未处理".into())));
    }
    Ok(reports)
}

fn import_approval_packages(store: &Store, review: ReviewId, chair: ExpertId, files: &[&(String, Vec<u8>)]) -> Result<Vec<SheetImportReport>, ExportError> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let required = store.requires_trusted_certificates(review)?;
    let trust = crate::trust::trust_store(store)?;
    let read: Vec<Result<(ApprovalPackage, tic_sign::Signer, String), String>> = files
        .iter()
        .map(|(_, bytes)| {
            let (package, signer, sha) = ApprovalPackage::read(bytes).map_err(|e| e.to_string())?;
            match crate::trust::package_refusal(&trust, &signer, store.now_utc(), required) {
                Some(why) => Err(format!("未导入：{why}")),
                None => Ok((package, signer, sha)),
            }
        })
        .collect();
    let incoming: Vec<IncomingApproval<'_>> = read
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|(package, signer, sha)| IncomingApproval { package, key: key_of(signer), manifest_sha256: sha })
        .collect();
    let mut merged = store.import_approval_packages(review, chair, &incoming)?.into_iter();
    let mut reports = Vec::with_capacity(files.len());
    for ((file, _), read) in files.iter().zip(&read) {
        let report = match read {
            Err(message) => refused(file, message.clone()),
            Ok((package, _, _)) => {
                let name = package.approval.seat.name.clone();
                match merged.next() {
                    Some(Ok(m)) => SheetImportReport {
                        file: file.clone(),
                        outcome: m.outcome,
                        expert_name: Some(name),
                        revision: Some(m.version),
                        message: describe(&m),
                    },
                    Some(Err(e)) => SheetImportReport { expert_name: Some(name), ..refused(file, e.to_string()) },
                    None => refused(file, "未处理".into()),
                }
            }
        };
        reports.push(report);
    }
    Ok(reports)
}

fn describe(m: &ApprovalMerge) -> String {
    let (name, v, current) = (&m.expert_name, m.version, m.current_version);
    match (m.outcome, &m.objection) {
        (SheetImportOutcome::Applied, None) => format!("已导入{name}对第 {v} 版专家组意见的确认"),
        (SheetImportOutcome::Applied, Some(reason)) => format!("{name}对第 {v} 版专家组意见提出异议：{reason}"),
        (SheetImportOutcome::Unchanged, _) => format!("{name}的这份确认包此前已导入，未做更改"),
        _ if v < current => format!("{name}答复的是第 {v} 版，当前为第 {current} 版：已存档，不计入本版确认；请把第 {current} 版意见包发给{name}"),
        _ => format!("{name}对第 {v} 版的这份答复早于已计入的答复：已存档，结果不变"),
    }
}
