//! The TypeScript declarations of the domain types the UI sees, generated from the Rust types.
//!
//! The shell adds its own IPC types and writes the whole of `ui/src/lib/bindings.ts`; its test
//! fails when the committed file no longer matches (`UPDATE_BINDINGS=1 cargo test -p
//! tic-review-app bindings` rewrites it).

use ts_rs::{Config, TS};

use crate::center::{Center, CenterDraft, CommitteeKind, CommitteeMember, CommitteeRole};
use crate::ids::{CenterId, CriterionId, ExpertId, PhotoId, ReviewId, SheetPackageId, SiteNoteId, TemplateId};
use crate::region::{Region, Stage};
use crate::review::{
    ExpertType, PanelMember, PanelMemberDraft, PanelRole, PoolExpert, ReviewDetail, ReviewDraft, ReviewFilter, ReviewStatus,
    ReviewSummary,
};
use crate::panel_opinion::{BriefRow, OpinionApproval, OpinionBrief, OpinionItem, PanelOpinion, PanelOpinionState, Rectification};
use crate::funding::{Fen, FundingBase, FundingCaps, FundingRule, FundingYear};
use crate::compliance::{CheckStatus, ComplianceCheck};
use crate::due::{DueItem, DueKind};
use crate::draw::{Avoidance, Candidate, Decline, DrawRecord, DrawnExpert, Exclusion, MakeUp, MemberRating, PanelDraw, ReviewRecordRow, TypeQuota};
use crate::followup::{Escalation, FollowUpDraft};
use crate::overview::{GradeCount, OverviewRow, YearOverview};
use crate::lifecycle::{EvidenceFile, RectificationConfirmation, RectificationItem, RectificationStatus, GroupScore, CenterHistory, CenterStatusLine, CenterStatus, Decision, DecisionDraft, DecisionKind, DecisionOption, Proposal, ReviewOutcome};
use crate::records::{AnnualReport, CenterRecords, CoreIndicator, DirectorYear, PostSubsidyRule, RevocationTrigger, Settings, TriggerFinding, YearInvestment};
use crate::consolidation::{
    ColumnStatus, Consolidation, CriterionRow, DeviationWarning, ExpertColumn, ExpertSheetInput, GroupRow, VetoResult,
};
use crate::sheet::{
    Answer, ConflictDecision, Declaration, DiscussionRound, Justification, MemberScores, RoundAnswer, RoundScore, DeclarationInput, MemberProgress, Opinion, Revision, ScoreSheet, SheetChange,
    SheetIssue, SheetIssueKind, SheetStatus,
};
use crate::exchange::{
    ExchangeOrigin, ExchangeState, ImportedPackage, MemberKey, ReviewImport, SheetImportOutcome, SheetImportReport,
};
use crate::visit::{Photo, SiteNote, SiteNoteDraft, SiteNoteKind};
use crate::template::{
    AggregationMethod, AggregationRule, ConclusionRules, ConclusionThreshold, Criterion, CriterionGroup, GradeBand,
    SeedCitation, Template, TemplateMode, TemplateRules, TemplateSummary, VetoRule,
};

/// The ts-rs settings every generated declaration uses (ids and counts are plain numbers).
pub fn config() -> Config {
    Config::new().with_large_int("number")
}

/// The domain's declarations, in a stable order, each a TypeScript `type` statement.
pub fn declarations() -> Vec<String> {
    let cfg = config();
    let decls = [
        CenterId::decl(&cfg),
        ReviewId::decl(&cfg),
        ExpertId::decl(&cfg),
        SiteNoteId::decl(&cfg),
        PhotoId::decl(&cfg),
        SheetPackageId::decl(&cfg),
        TemplateId::decl(&cfg),
        CriterionId::decl(&cfg),
        Region::decl(&cfg),
        Stage::decl(&cfg),
        CommitteeKind::decl(&cfg),
        CommitteeRole::decl(&cfg),
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
        SheetIssueKind::decl(&cfg),
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
        RoundScore::decl(&cfg),
        MemberScores::decl(&cfg),
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
        Candidate::decl(&cfg),
        TypeQuota::decl(&cfg),
        MakeUp::decl(&cfg),
        Avoidance::decl(&cfg),
        DrawnExpert::decl(&cfg),
        Exclusion::decl(&cfg),
        Decline::decl(&cfg),
        PanelDraw::decl(&cfg),
        DrawRecord::decl(&cfg),
        ReviewRecordRow::decl(&cfg),
        MemberRating::decl(&cfg),
        BriefRow::decl(&cfg),
        OpinionBrief::decl(&cfg),
        ExchangeOrigin::decl(&cfg),
        ReviewImport::decl(&cfg),
        SheetImportOutcome::decl(&cfg),
        SheetImportReport::decl(&cfg),
        ImportedPackage::decl(&cfg),
        MemberKey::decl(&cfg),
        ExchangeState::decl(&cfg),
        PanelOpinionState::decl(&cfg),
        Fen::decl(&cfg),
        FundingBase::decl(&cfg),
        FundingRule::decl(&cfg),
        YearInvestment::decl(&cfg),
        PostSubsidyRule::decl(&cfg),
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
        CenterStatus::decl(&cfg),
        DecisionKind::decl(&cfg),
        DecisionOption::decl(&cfg),
        Proposal::decl(&cfg),
        DecisionDraft::decl(&cfg),
        Decision::decl(&cfg),
        Escalation::decl(&cfg),
        FollowUpDraft::decl(&cfg),
        GroupScore::decl(&cfg),
        ReviewOutcome::decl(&cfg),
        RectificationStatus::decl(&cfg),
        EvidenceFile::decl(&cfg),
        RectificationItem::decl(&cfg),
        RectificationConfirmation::decl(&cfg),
        CenterHistory::decl(&cfg),
        CenterStatusLine::decl(&cfg),
        DueKind::decl(&cfg),
        DueItem::decl(&cfg),
        OverviewRow::decl(&cfg),
        GradeCount::decl(&cfg),
        YearOverview::decl(&cfg),
        Settings::decl(&cfg),
        Justification::decl(&cfg),
    ];
    decls.into_iter().collect()
}
