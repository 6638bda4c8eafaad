//! One laptop per expert, from file to store and back: the review package the chair sends out,
//! opening it on an expert's laptop, the expert's score-sheet package, and the chair importing
//! any number of those. The app and the tests both go through here.

use std::path::PathBuf;

use tic_domain::exchange::{ReviewImport, SheetImportOutcome, SheetImportReport};
use tic_domain::{ExpertId, ReviewId};
use tic_package::{PackageError, ReviewPackage, SheetPackage};
use tic_store::{IncomingSheet, SenderKey, Store};

use crate::files::{display_name, read_limited};
use crate::clean_file_name;
use crate::{open_identity, ExportError};


/// The file extensions, so a clerk can tell the two kinds apart in a folder.
pub const REVIEW_PACKAGE_EXTENSION: &str = "ticreview";
pub const SHEET_PACKAGE_EXTENSION: &str = "ticsheet";

/// The review package's file name: center and stage.
pub fn review_package_name(store: &Store, review: ReviewId) -> Result<String, ExportError> {
    let detail = store.review(review)?;
    Ok(clean_file_name(&format!("{}-{}-评审包.{REVIEW_PACKAGE_EXTENSION}", detail.center.facts.name, detail.template.stage_name)))
}

/// The score-sheet package's file name: center, stage, expert and revision.
pub fn sheet_package_name(store: &Store, review: ReviewId, expert: ExpertId) -> Result<String, ExportError> {
    let detail = store.review(review)?;
    let name = detail.panel.iter().find(|m| m.expert_id == expert).map(|m| m.name.clone()).unwrap_or_default();
    let recused = store.declaration(review, expert)?.is_some_and(|d| d.conflict == tic_domain::sheet::ConflictDecision::Recused);
    let which = if recused { "回避".to_owned() } else { format!("第{}版", store.own_sheet(review, expert)?.revision) };
    Ok(clean_file_name(&format!("{}-{}-评分包-{name}-{which}.{SHEET_PACKAGE_EXTENSION}", detail.center.facts.name, detail.template.stage_name)))
}

/// The chair's review package, signed with the chair's identity, and a file name for it.
pub fn export_review_package(store: &Store, review: ReviewId, chair: ExpertId, passphrase: &str) -> Result<(Vec<u8>, String), ExportError> {
    let identity = open_identity(store, chair, passphrase)?;
    let package = store.review_package(review, chair, tic_package::new_uid)?;
    Ok((package.write(&identity)?, review_package_name(store, review)?))
}

/// Opens a review package on an expert's laptop.
pub fn open_review_package(store: &Store, bytes: &[u8]) -> Result<ReviewImport, ExportError> {
    let (package, signer) = ReviewPackage::read(bytes)?;
    let trust = crate::trust::trust_store(store)?;
    if let Some(refusal) = crate::trust::package_refusal(&trust, &signer, store.now_utc(), package.review.require_trusted) {
        let hint = if package.review.require_trusted { "请先在“证书与核验”中导入科技厅根证书，或请组长使用科技厅签发的证书重新导出评审包。" } else { "请组长使用有效的证书重新导出评审包。" };
        return Err(ExportError::NotAllowed(format!("评审包未打开：{refusal}。{hint}")));
    }
    let key = SenderKey { holder: &signer.summary.holder, fingerprint: &signer.summary.fingerprint, certificate: &signer.certificate_der };
    Ok(store.import_review_package(&package, key)?)
}

/// The expert's score-sheet package, signed with their identity, and a file name for it.
pub fn export_sheet_package(store: &Store, review: ReviewId, expert: ExpertId, passphrase: &str) -> Result<(Vec<u8>, String), ExportError> {
    let package = store.sheet_package(review, expert)?;
    let identity = open_identity(store, expert, passphrase)?;
    Ok((package.write(&identity)?, sheet_package_name(store, review, expert)?))
}

/// Imports score-sheet packages (file name, bytes) on the chair's laptop, as `chair`. Every file gets a line
/// in the report; a refused file changes nothing, the others still go in.
pub fn import_sheet_packages(store: &Store, review: ReviewId, chair: ExpertId, files: &[(String, Vec<u8>)]) -> Result<Vec<SheetImportReport>, ExportError> {
    let read: Vec<Result<(SheetPackage, tic_sign::Signer, String), PackageError>> =
        files.iter().map(|(_, bytes)| SheetPackage::read(bytes)).collect();
    // The review's own rule, besides the key first seen for each member: a certificate that no
    // trusted root vouches for is refused before anything is written.
    let required = store.requires_trusted_certificates(review)?;
    let trust = crate::trust::trust_store(store)?;
    let distrust: Vec<Option<String>> = read
        .iter()
        .map(|r| {
            let (_, signer, _) = r.as_ref().ok()?;
            crate::trust::package_refusal(&trust, signer, store.now_utc(), required).map(|why| format!("未导入：{why}"))
        })
        .collect();
    let incoming: Vec<IncomingSheet<'_>> = read
        .iter()
        .zip(&distrust)
        .filter(|(_, refused)| refused.is_none())
        .filter_map(|(r, _)| r.as_ref().ok())
        .map(|(package, signer, sha)| IncomingSheet {
            package,
            key: SenderKey { holder: &signer.summary.holder, fingerprint: &signer.summary.fingerprint, certificate: &signer.certificate_der },
            manifest_sha256: sha,
        })
        .collect();
    let mut merged = store.import_sheet_packages(review, chair, &incoming)?.into_iter();
    let mut reports = Vec::with_capacity(files.len());
    for (((file, _), read), distrusted) in files.iter().zip(&read).zip(distrust) {
        let report = match read {
            Err(e) => refused(file, e.to_string()),
            Ok((package, _, _)) if distrusted.is_some() => {
                SheetImportReport { expert_name: Some(package.sheet.seat.name.clone()), ..refused(file, distrusted.unwrap_or_default()) }
            }
            Ok((package, _, _)) => match merged.next() {
                Some(Ok(m)) => SheetImportReport {
                    file: file.clone(),
                    message: describe(m.outcome, &m.expert_name, m.revision) + &rounds_note(package),
                    outcome: m.outcome,
                    expert_name: Some(m.expert_name),
                    revision: Some(m.revision),
                },
                Some(Err(e)) => SheetImportReport { expert_name: Some(package.sheet.seat.name.clone()), ..refused(file, e.to_string()) },
                None => refused(file, "未处理".into()),
            },
        };
        reports.push(report);
    }
    Ok(reports)
}

/// Reads score-sheet package files in order, telling `progress` which one is next (its index) and
/// stopping when it returns false. Returns the files read, and a report for each file that could
/// not be read or was not reached, so that every file chosen gets a line.
pub fn read_sheet_package_files(
    paths: &[PathBuf],
    mut progress: impl FnMut(usize, &str) -> bool,
) -> (Vec<(String, Vec<u8>)>, Vec<SheetImportReport>) {
    let mut files = Vec::with_capacity(paths.len());
    let mut skipped = Vec::new();
    let mut cancelled = false;
    for (index, path) in paths.iter().enumerate() {
        let name = display_name(path);
        cancelled = cancelled || !progress(index, &name);
        if cancelled {
            skipped.push(refused(&name, "已取消，未导入".into()));
            continue;
        }
        match read_limited(path, tic_package::MAX_PACKAGE_BYTES, "交换包") {
            Ok(bytes) => files.push((name, bytes)),
            Err(message) => skipped.push(refused(&name, message)),
        }
    }
    (files, skipped)
}

pub(crate) fn refused(file: &str, message: String) -> SheetImportReport {
    SheetImportReport { file: file.into(), outcome: SheetImportOutcome::Refused, expert_name: None, revision: None, message }
}

/// Says which discussion rounds' re-scores a package carries, so the chair sees they came.
fn rounds_note(package: &SheetPackage) -> String {
    let rounds: Vec<String> = package.sheet.rounds.iter().map(|r| format!("第 {} 轮", r.number)).collect();
    if rounds.is_empty() {
        String::new()
    } else {
        format!("（含{}讨论的重新评分）", rounds.join("、"))
    }
}

fn describe(outcome: SheetImportOutcome, name: &str, revision: u32) -> String {
    let which = if revision == 0 { "回避声明".to_owned() } else { format!("第 {revision} 版评分表") };
    match outcome {
        SheetImportOutcome::Applied => format!("已导入{name}的{which}"),
        SheetImportOutcome::Unchanged => format!("{name}的{which}此前已导入，未做更改"),
        SheetImportOutcome::History => format!("{name}的{which}早于已导入的版本，已存入历史，评分不变"),
        SheetImportOutcome::Conflict => format!("{name}的{which}与已导入的同一版本内容不同：两份都已保留并标记为冲突，请组长核对后选定"),
        SheetImportOutcome::Refused => format!("{name}的{which}未导入"),
    }
}
