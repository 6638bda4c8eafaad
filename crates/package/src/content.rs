//! What the two kinds of package hold, field by field (docs/package-format.md describes each).
//! Scores are decimal strings ("9.5"), never binary floats; dates are ISO 8601 text; enumerations
//! are the lowercase codes listed in the format document.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tic_sign::{Identity, Signer};

use crate::container::{read_package, write_package, OpenedPackage, PackageKind};
use crate::PackageError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteePart {
    /// `CommitteeKind::code`: technical_guidance | expert | management
    pub committee: String,
    pub name: String,
    pub affiliation: String,
    pub is_chair: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CenterPart {
    pub name: String,
    /// Region code: nm, gx, nb or sc.
    pub region: String,
    pub center_type: String,
    pub industry_field: String,
    pub lead_unit: String,
    pub cobuild_units: Vec<String>,
    pub organization_mode: String,
    pub approval_date: Option<String>,
    pub build_period_years: Option<u32>,
    pub director: String,
    pub committee_members: Vec<CommitteePart>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPart {
    pub review_date: String,
    pub place: String,
    pub organizer: String,
    /// Format 1.1: the chair requires every package of this review to be signed with a
    /// certificate chaining to a root the reader trusts. Absent in 1.0 packages (not required).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub require_trusted: bool,
}

/// A seat on the panel. `seat` is the same number on every laptop; the name and affiliation are
/// checked against it so a package never lands on the wrong person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub seat: u32,
    pub name: String,
    pub title: String,
    pub affiliation: String,
    /// technical | management | policy | finance
    pub expert_type: String,
    /// chair | member
    pub role: String,
}

/// `review.json` plus `template.json` of a review package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewPackage {
    pub uid: String,
    pub created_at: String,
    pub center: CenterPart,
    pub review: ReviewPart,
    pub roster: Vec<RosterEntry>,
    /// The frozen template, in the template file format (validated again on import).
    pub template: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct ReviewFile {
    center: CenterPart,
    review: ReviewPart,
    roster: Vec<RosterEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatPart {
    pub seat: u32,
    pub name: String,
    pub affiliation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclarationPart {
    /// none | recused
    pub conflict: String,
    pub reason: String,
    pub pledge_signed_at: String,
    pub declared_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerPart {
    pub criterion: String,
    /// Decimal points with at most one decimal ("9.5"), or null.
    pub points: Option<String>,
    pub yes_no: Option<bool>,
    pub comment: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionPart {
    pub strengths: String,
    pub problems: String,
    pub suggestions: String,
    pub remarks: String,
    pub recommended_conclusion: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionPart {
    pub number: u32,
    pub reason: String,
    pub submitted_at: String,
    pub answers: Vec<AnswerPart>,
    pub opinion: OpinionPart,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReopeningPart {
    pub reason: String,
    pub reopened_at: String,
}

/// `sheet.json`: the expert's sheet as it stands and every submission of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPart {
    pub seat: SeatPart,
    /// submitted | recused
    pub status: String,
    /// How many times the sheet was submitted; 0 for a recused expert.
    pub revision: u32,
    pub declaration: DeclarationPart,
    pub answers: Vec<AnswerPart>,
    pub opinion: OpinionPart,
    pub revisions: Vec<RevisionPart>,
    pub reopenings: Vec<ReopeningPart>,
    /// Format 1.2: the expert's re-scores in the discussion rounds the chair's round packages
    /// opened. Absent when there were none (and in 1.0/1.1 packages).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<RoundAnswersPart>,
}

/// One re-score in a discussion round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundAnswerPart {
    pub criterion: String,
    /// Decimal points ("8.5"), or null for a yes/no criterion.
    pub points: Option<String>,
    pub yes_no: Option<bool>,
    pub reason: String,
    /// When the expert last saved it, their laptop's clock (RFC 3339).
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundAnswersPart {
    /// The round's number (2 for the first discussion round).
    pub number: u32,
    pub answers: Vec<RoundAnswerPart>,
}

impl SheetPart {
    /// Orders packages of one revision by their re-scores: the latest time any re-score was
    /// saved ("" when there are none). A later package of the same sheet revision carries newer
    /// re-scores.
    pub fn round_stamp(&self) -> String {
        self.rounds.iter().flat_map(|r| r.answers.iter().map(|a| a.updated_at.clone())).max().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotePart {
    /// people | facility | document | observation
    pub kind: String,
    pub text: String,
    pub criteria: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoPart {
    /// photos/<sha256>.jpg or .png, a file of the same package.
    pub file: String,
    pub original_name: String,
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<String>,
    pub caption: String,
    pub criteria: Vec<String>,
    pub added_at: String,
}

/// `site-visit.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteVisitPart {
    pub notes: Vec<NotePart>,
    pub photos: Vec<PhotoPart>,
}

/// A score-sheet package: one expert's work, as sent to the chair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPackage {
    pub review_uid: String,
    pub created_at: String,
    pub sheet: SheetPart,
    pub site_visit: SiteVisitPart,
    /// photos/<sha256>.<ext> → bytes.
    pub photos: BTreeMap<String, Vec<u8>>,
    pub hand_signature: Option<Vec<u8>>,
}

pub(crate) fn json<T: DeserializeOwned>(files: &BTreeMap<String, Vec<u8>>, path: &str) -> Result<T, PackageError> {
    let bytes = files.get(path).ok_or_else(|| PackageError::Content(format!("缺少「{path}」")))?;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| PackageError::Content(format!("「{path}」中的「{}」有误：{}", e.path(), e.inner())))
}

pub(crate) fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, PackageError> {
    serde_json::to_vec_pretty(value).map_err(|e| PackageError::Write(e.to_string()))
}

pub(crate) fn generator() -> String {
    format!("TIC Review {}", env!("CARGO_PKG_VERSION"))
}

impl ReviewPackage {
    pub fn write(&self, identity: &Identity) -> Result<Vec<u8>, PackageError> {
        let body = ReviewFile { center: self.center.clone(), review: self.review.clone(), roster: self.roster.clone() };
        let files = vec![("review.json".to_owned(), to_json(&body)?), ("template.json".to_owned(), self.template.clone())];
        write_package(PackageKind::Review, &self.uid, &self.created_at, &generator(), &files, identity)
    }

    /// Reads and checks a review package; returns it with its signer.
    pub fn read(bytes: &[u8]) -> Result<(ReviewPackage, Signer), PackageError> {
        let OpenedPackage { manifest, signer, files, .. } = read_package(bytes, PackageKind::Review)?;
        let body: ReviewFile = json(&files, "review.json")?;
        let template = files.get("template.json").cloned().ok_or_else(|| PackageError::Content("缺少「template.json」".into()))?;
        if body.roster.is_empty() {
            return Err(PackageError::Content("专家组名单为空".into()));
        }
        let mut seats: Vec<u32> = body.roster.iter().map(|m| m.seat).collect();
        seats.sort_unstable();
        seats.dedup();
        if seats.len() != body.roster.len() {
            return Err(PackageError::Content("专家组名单中有重复的席位号".into()));
        }
        if body.roster.iter().filter(|m| m.role == "chair").count() != 1 {
            return Err(PackageError::Content("专家组名单中必须有且只有一位组长".into()));
        }
        Ok((
            ReviewPackage {
                uid: manifest.review_uid,
                created_at: manifest.created_at,
                center: body.center,
                review: body.review,
                roster: body.roster,
                template,
            },
            signer,
        ))
    }
}

impl SheetPackage {
    pub fn write(&self, identity: &Identity) -> Result<Vec<u8>, PackageError> {
        let mut files = vec![("sheet.json".to_owned(), to_json(&self.sheet)?), ("site-visit.json".to_owned(), to_json(&self.site_visit)?)];
        files.extend(self.photos.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
        if let Some(png) = &self.hand_signature {
            files.push(("hand-signature.png".into(), png.clone()));
        }
        write_package(PackageKind::ScoreSheet, &self.review_uid, &self.created_at, &generator(), &files, identity)
    }

    /// Reads and checks a score-sheet package; returns it with its signer and the SHA-256 of its
    /// signed manifest (the same file always gives the same value).
    pub fn read(bytes: &[u8]) -> Result<(SheetPackage, Signer, String), PackageError> {
        let OpenedPackage { manifest, signer, files, manifest_sha256 } = read_package(bytes, PackageKind::ScoreSheet)?;
        let sheet: SheetPart = json(&files, "sheet.json")?;
        let site_visit: SiteVisitPart = json(&files, "site-visit.json")?;
        match sheet.status.as_str() {
            "submitted" if sheet.revision >= 1 => {}
            "recused" if sheet.declaration.conflict == "recused" => {}
            other => return Err(PackageError::Content(format!("评分表状态「{other}」与修订号 {} 不符", sheet.revision))),
        }
        let numbers: Vec<u32> = sheet.revisions.iter().map(|r| r.number).collect();
        if numbers != (1..=sheet.revision).collect::<Vec<_>>() {
            return Err(PackageError::Content(format!("修订历史 {numbers:?} 与修订号 {} 不符", sheet.revision)));
        }
        let mut photos = BTreeMap::new();
        for (path, bytes) in &files {
            if let Some(name) = path.strip_prefix("photos/") {
                let digest: String = Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect();
                if !name.starts_with(&digest) {
                    return Err(PackageError::Content(format!("照片「{path}」的文件名与内容不符")));
                }
                photos.insert(path.clone(), bytes.clone());
            }
        }
        for photo in &site_visit.photos {
            if !photos.contains_key(&photo.file) {
                return Err(PackageError::Content(format!("照片「{}」不在包内", photo.file)));
            }
        }
        Ok((
            SheetPackage {
                review_uid: manifest.review_uid,
                created_at: manifest.created_at,
                sheet,
                site_visit,
                photos,
                hand_signature: files.get("hand-signature.png").cloned(),
            },
            signer,
            manifest_sha256,
        ))
    }
}
