//! What the screens show of the exchange between laptops (one laptop per expert).

use serde::{Deserialize, Serialize};

use crate::ids::{ExpertId, ReviewId};

/// Where a review on this laptop came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeOrigin {
    /// Created here (the chair's laptop); its review package has been exported.
    Local,
    /// Opened from a review package (an expert's laptop).
    Imported,
}

impl ExchangeOrigin {
    pub const ALL: [ExchangeOrigin; 2] = [ExchangeOrigin::Local, ExchangeOrigin::Imported];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ExchangeOrigin::Local => "local",
            ExchangeOrigin::Imported => "imported",
        }
    }

    /// None for an unknown code: a corrupt origin must not turn an expert's copy into the chair's.
    pub fn from_code(code: &str) -> Option<ExchangeOrigin> {
        ExchangeOrigin::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// A review package opened on an expert's laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewImport {
    pub review_id: ReviewId,
    pub center_name: String,
    pub chair_name: String,
    /// The chair's certificate fingerprint, to compare with the chair's screen.
    pub chair_fingerprint: String,
    /// The package had been opened before; nothing changed.
    pub already_imported: bool,
}

/// What importing one score-sheet package did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetImportOutcome {
    /// The package is now the member's sheet (first, or a newer revision).
    Applied,
    /// The same file was imported before; nothing changed.
    Unchanged,
    /// An older revision than the one in use: kept in the history only.
    History,
    /// Same revision as one already imported, different content: both kept, flagged for the chair.
    Conflict,
    /// Refused; `message` says why and nothing changed.
    Refused,
}

/// A score-sheet package already kept for a member, as far as the merge rules look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptPackage<'a> {
    pub revision: u32,
    /// When its latest discussion-round re-score was saved ("" for none): packages of one sheet
    /// revision are ordered by it, so re-scores sent later win.
    pub round_stamp: &'a str,
    /// SHA-256 of the package's signed manifest: the same file has the same digest.
    pub manifest_sha256: &'a str,
    /// This package is the member's sheet now.
    pub applied: bool,
}

/// What an incoming score-sheet package does, given the member's packages already kept. The
/// rules of `docs/package-format.md`: the same file again changes nothing; a revision already
/// kept with other content is a conflict for the chair (neither silently wins); a revision newer
/// than the applied one (or the first package) is applied; an older one becomes history. A
/// package's place in that order is its sheet revision, then its re-scores' stamp.
pub fn merge_outcome(revision: u32, round_stamp: &str, manifest_sha256: &str, kept: &[KeptPackage<'_>]) -> SheetImportOutcome {
    if kept.iter().any(|k| k.manifest_sha256 == manifest_sha256) {
        return SheetImportOutcome::Unchanged;
    }
    let place = (revision, round_stamp);
    if kept.iter().any(|k| (k.revision, k.round_stamp) == place) {
        return SheetImportOutcome::Conflict;
    }
    match kept.iter().find(|k| k.applied) {
        Some(applied) if place < (applied.revision, applied.round_stamp) => SheetImportOutcome::History,
        _ => SheetImportOutcome::Applied,
    }
}

/// One file's result in a batch import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SheetImportReport {
    pub file: String,
    pub outcome: SheetImportOutcome,
    pub expert_name: Option<String>,
    pub revision: Option<u32>,
    pub message: String,
}

/// A score-sheet package kept on the chair's laptop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportedPackage {
    pub id: crate::ids::SheetPackageId,
    pub expert_id: ExpertId,
    pub expert_name: String,
    pub revision: u32,
    /// submitted | recused
    pub status: String,
    pub exported_at: String,
    pub imported_at: String,
    pub applied: bool,
    pub conflict: bool,
    pub fingerprint: String,
}

/// The certificate first seen for a member, which every later package must match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberKey {
    pub expert_id: ExpertId,
    pub expert_name: String,
    pub holder: String,
    pub fingerprint: String,
    pub first_seen_at: String,
}

/// Everything the exchange screen shows for one review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExchangeState {
    pub review_id: ReviewId,
    pub uid: Option<String>,
    pub origin: Option<ExchangeOrigin>,
    pub chair_fingerprint: Option<String>,
    pub packages: Vec<ImportedPackage>,
    pub keys: Vec<MemberKey>,
}
