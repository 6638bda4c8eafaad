//! The TypeScript declarations the UI imports, generated from these Rust types.
//!
//! `ui/src/lib/bindings.ts` is committed; the test below fails when it no longer matches, and
//! `UPDATE_BINDINGS=1 cargo test -p tic-domain bindings` rewrites it.

use serde::{Deserialize, Serialize};
use ts_rs::{Config, TS};

use crate::center::{Center, CenterDraft, CommitteeKind, CommitteeMember};
use crate::ids::{CenterId, CriterionId, ExpertId, ReviewId, ScoreSheetId, TemplateId};
use crate::region::{Region, Stage};
use crate::review::{
    ExpertType, PanelMember, PanelMemberDraft, PanelRole, PoolExpert, ReviewDetail, ReviewDraft, ReviewFilter, ReviewStatus,
    ReviewSummary,
};
use crate::panel_opinion::{OpinionApproval, OpinionItem, PanelOpinion, PanelOpinionState, Rectification};
use crate::funding::{Fen, FundingCaps, FundingRule, FundingYear};
use crate::compliance::{CheckStatus, ComplianceCheck};
use crate::records::{AnnualReport, CenterRecords, CoreIndicator, DirectorYear, RevocationTrigger, Settings, TriggerFinding};
use crate::consolidation::{
    ColumnStatus, Consolidation, CriterionRow, DeviationWarning, ExpertColumn, ExpertSheetInput, GroupRow, VetoResult,
};
use crate::sheet::{
    Answer, ConflictDecision, Declaration, DiscussionRound, Justification, RoundAnswer, DeclarationInput, MemberProgress, Opinion, Revision, ScoreSheet, SheetChange,
    SheetIssue, SheetStatus,
};
use crate::exchange::{
    ExchangeOrigin, ExchangeState, ImportedPackage, MemberKey, ReviewImport, SheetImportOutcome, SheetImportReport,
};
use crate::visit::{Photo, SiteNote, SiteNoteDraft, SiteNoteKind};
use crate::template::{
    AggregationMethod, AggregationRule, ConclusionRules, ConclusionThreshold, Criterion, CriterionGroup, GradeBand,
    SeedCitation, Template, TemplateMode, TemplateRules, TemplateSummary, VetoRule,
};

/// The error every command returns: the UI branches on `code`, and shows `message` to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
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

/// What the window shows about the running installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub database_path: String,
    /// Why the database could not be opened, if it could not.
    pub open_error: Option<String>,
    pub version: String,
}

/// The expert at the keyboard of a shared laptop, signed in with their PIN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExpertSession {
    pub review_id: crate::ids::ReviewId,
    pub expert_id: crate::ids::ExpertId,
    pub name: String,
    pub role: PanelRole,
}

/// All declarations, in a stable order, as one TypeScript module.
pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        CenterId::decl(&cfg),
        ReviewId::decl(&cfg),
        ExpertId::decl(&cfg),
        ScoreSheetId::decl(&cfg),
        TemplateId::decl(&cfg),
        CriterionId::decl(&cfg),
        Region::decl(&cfg),
        Stage::decl(&cfg),
        CommitteeKind::decl(&cfg),
        CommitteeMember::decl(&cfg),
        CenterDraft::decl(&cfg),
        Center::decl(&cfg),
        ReviewStatus::decl(&cfg),
        ReviewDraft::decl(&cfg),
        ReviewSummary::decl(&cfg),
        ReviewFilter::decl(&cfg),
        ExpertType::decl(&cfg),
        PanelRole::decl(&cfg),
        PanelMemberDraft::decl(&cfg),
        PanelMember::decl(&cfg),
        PoolExpert::decl(&cfg),
        ReviewDetail::decl(&cfg),
        SeedCitation::decl(&cfg),
        TemplateMode::decl(&cfg),
        AggregationMethod::decl(&cfg),
        AggregationRule::decl(&cfg),
        VetoRule::decl(&cfg),
        GradeBand::decl(&cfg),
        TemplateRules::decl(&cfg),
        ConclusionThreshold::decl(&cfg),
        ConclusionRules::decl(&cfg),
        Criterion::decl(&cfg),
        CriterionGroup::decl(&cfg),
        Template::decl(&cfg),
        TemplateSummary::decl(&cfg),
        Answer::decl(&cfg),
        Opinion::decl(&cfg),
        SheetStatus::decl(&cfg),
        SheetIssue::decl(&cfg),
        ScoreSheet::decl(&cfg),
        SheetChange::decl(&cfg),
        Revision::decl(&cfg),
        ConflictDecision::decl(&cfg),
        DeclarationInput::decl(&cfg),
        Declaration::decl(&cfg),
        MemberProgress::decl(&cfg),
        SiteNoteKind::decl(&cfg),
        SiteNoteDraft::decl(&cfg),
        SiteNote::decl(&cfg),
        Photo::decl(&cfg),
        DiscussionRound::decl(&cfg),
        RoundAnswer::decl(&cfg),
        ExpertSheetInput::decl(&cfg),
        ColumnStatus::decl(&cfg),
        ExpertColumn::decl(&cfg),
        DeviationWarning::decl(&cfg),
        VetoResult::decl(&cfg),
        CriterionRow::decl(&cfg),
        GroupRow::decl(&cfg),
        Consolidation::decl(&cfg),
        OpinionItem::decl(&cfg),
        Rectification::decl(&cfg),
        PanelOpinion::decl(&cfg),
        OpinionApproval::decl(&cfg),
        ExchangeOrigin::decl(&cfg),
        ReviewImport::decl(&cfg),
        SheetImportOutcome::decl(&cfg),
        SheetImportReport::decl(&cfg),
        ImportedPackage::decl(&cfg),
        MemberKey::decl(&cfg),
        ExchangeState::decl(&cfg),
        PanelOpinionState::decl(&cfg),
        Fen::decl(&cfg),
        FundingRule::decl(&cfg),
        FundingYear::decl(&cfg),
        FundingCaps::decl(&cfg),
        CheckStatus::decl(&cfg),
        ComplianceCheck::decl(&cfg),
        DirectorYear::decl(&cfg),
        AnnualReport::decl(&cfg),
        RevocationTrigger::decl(&cfg),
        TriggerFinding::decl(&cfg),
        CoreIndicator::decl(&cfg),
        CenterRecords::decl(&cfg),
        Settings::decl(&cfg),
        Justification::decl(&cfg),
        ErrorCode::decl(&cfg),
        CommandError::decl(&cfg),
        AppInfo::decl(&cfg),
        ExpertSession::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in crates/domain by `UPDATE_BINDINGS=1 cargo test -p tic-domain bindings`.\n\
         // Do not edit by hand: a test fails when this file and the Rust types disagree.\n\
         // Points are exact decimal strings such as \"7.5\"; dates are \"YYYY-MM-DD\".\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_fresh() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings.ts");
        let expected = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &expected).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p tic-domain bindings`"
        );
    }
}
