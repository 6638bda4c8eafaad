//! Format 1.2: the panel's discussion and approval by file. The chair's laptop sends a **round
//! package** when it opens a discussion round and an **opinion package** for each version of the
//! panel opinion; a member's laptop sends back an **approval package** (approve or object, with
//! the reason). A member's re-scores travel in their next score-sheet package (`SheetPart::rounds`).

use serde::{Deserialize, Serialize};
use tic_sign::{Identity, Signer};

use crate::container::{read_package, write_package, OpenedPackage, PackageKind};
use crate::content::{generator, json, to_json, SeatPart};
use crate::PackageError;

/// A member's score on one criterion as it stood before the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScorePart {
    pub criterion: String,
    pub points: Option<String>,
    pub yes_no: Option<bool>,
}

/// One member's scores on the round's criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberScoresPart {
    pub seat: u32,
    pub name: String,
    pub scores: Vec<ScorePart>,
}

/// `round.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPart {
    /// 2 for the first discussion round.
    pub number: u32,
    pub criteria: Vec<String>,
    /// The chair's question to the panel.
    pub question: String,
    pub opened_at: String,
    /// Every member's scores before the round on its criteria. Every sheet was in when the round
    /// opened, so showing them keeps first-round scoring blind.
    pub scores: Vec<MemberScoresPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundPackage {
    pub review_uid: String,
    pub created_at: String,
    pub round: RoundPart,
}

/// A point of the opinion; `sources` are the seats of the members it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionItemPart {
    pub text: String,
    pub sources: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RectificationPart {
    pub item: String,
    pub deadline: Option<String>,
}

/// The panel opinion's text, as the chair saved it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelOpinionPart {
    pub process: String,
    pub overall: String,
    pub strengths: Vec<OpinionItemPart>,
    pub problems: Vec<OpinionItemPart>,
    pub suggestions: Vec<OpinionItemPart>,
    /// Index into the template's conclusion options.
    pub conclusion: Option<u32>,
    pub rectifications: Vec<RectificationPart>,
    pub dissent: String,
}

/// One criterion of the consolidated matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRowPart {
    pub criterion: String,
    pub name: String,
    pub max: String,
    /// Each member's score in `MatrixPart::members` order ("是"/"否" for a yes/no criterion).
    pub scores: Vec<Option<String>>,
    /// The panel's value for the criterion, as consolidated.
    pub aggregate: Option<String>,
}

/// The consolidated scores the opinion rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixPart {
    pub members: Vec<String>,
    pub rows: Vec<MatrixRowPart>,
    pub total: String,
    pub grade: Option<String>,
}

/// `opinion.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionPackagePart {
    /// Raised on every save of the chair; an approval counts only for the version it names.
    pub version: u32,
    pub updated_at: String,
    pub opinion: PanelOpinionPart,
    /// The conclusion in words, as the template offers it.
    pub conclusion_text: Option<String>,
    pub matrix: MatrixPart,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionPackage {
    pub review_uid: String,
    pub created_at: String,
    pub body: OpinionPackagePart,
}

/// `approval.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalPart {
    pub seat: SeatPart,
    /// The version of the panel opinion read.
    pub version: u32,
    /// approve | object
    pub decision: String,
    /// Required when objecting: the dissent as the member states it.
    pub reason: String,
    pub responded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalPackage {
    pub review_uid: String,
    pub created_at: String,
    pub approval: ApprovalPart,
    pub hand_signature: Option<Vec<u8>>,
}

impl RoundPackage {
    pub fn write(&self, identity: &Identity) -> Result<Vec<u8>, PackageError> {
        let files = vec![("round.json".to_owned(), to_json(&self.round)?)];
        write_package(PackageKind::Round, &self.review_uid, &self.created_at, &generator(), &files, identity)
    }

    pub fn read(bytes: &[u8]) -> Result<(RoundPackage, Signer), PackageError> {
        let OpenedPackage { manifest, signer, files, .. } = read_package(bytes, PackageKind::Round)?;
        let round: RoundPart = json(&files, "round.json")?;
        if round.number < 2 {
            return Err(PackageError::Content(format!("讨论轮次「{}」无效：讨论从第 2 轮开始", round.number)));
        }
        if round.criteria.is_empty() {
            return Err(PackageError::Content("讨论包没有列出要讨论的指标".into()));
        }
        Ok((RoundPackage { review_uid: manifest.review_uid, created_at: manifest.created_at, round }, signer))
    }
}

impl OpinionPackage {
    pub fn write(&self, identity: &Identity) -> Result<Vec<u8>, PackageError> {
        let files = vec![("opinion.json".to_owned(), to_json(&self.body)?)];
        write_package(PackageKind::Opinion, &self.review_uid, &self.created_at, &generator(), &files, identity)
    }

    pub fn read(bytes: &[u8]) -> Result<(OpinionPackage, Signer), PackageError> {
        let OpenedPackage { manifest, signer, files, .. } = read_package(bytes, PackageKind::Opinion)?;
        let body: OpinionPackagePart = json(&files, "opinion.json")?;
        if body.version < 1 {
            return Err(PackageError::Content("专家组意见的版本号无效".into()));
        }
        Ok((OpinionPackage { review_uid: manifest.review_uid, created_at: manifest.created_at, body }, signer))
    }
}

impl ApprovalPackage {
    pub fn write(&self, identity: &Identity) -> Result<Vec<u8>, PackageError> {
        let mut files = vec![("approval.json".to_owned(), to_json(&self.approval)?)];
        if let Some(png) = &self.hand_signature {
            files.push(("hand-signature.png".into(), png.clone()));
        }
        write_package(PackageKind::Approval, &self.review_uid, &self.created_at, &generator(), &files, identity)
    }

    /// Reads and checks an approval package; returns it with its signer and the SHA-256 of its
    /// signed manifest.
    pub fn read(bytes: &[u8]) -> Result<(ApprovalPackage, Signer, String), PackageError> {
        let OpenedPackage { manifest, signer, files, manifest_sha256 } = read_package(bytes, PackageKind::Approval)?;
        let approval: ApprovalPart = json(&files, "approval.json")?;
        match approval.decision.as_str() {
            "approve" => {}
            "object" if !approval.reason.trim().is_empty() => {}
            "object" => return Err(PackageError::Content("提出异议须写明理由".into())),
            other => return Err(PackageError::Content(format!("确认结果「{other}」无法识别"))),
        }
        if approval.version < 1 {
            return Err(PackageError::Content("专家组意见的版本号无效".into()));
        }
        Ok((
            ApprovalPackage {
                review_uid: manifest.review_uid,
                created_at: manifest.created_at,
                approval,
                hand_signature: files.get("hand-signature.png").cloned(),
            },
            signer,
            manifest_sha256,
        ))
    }
}
