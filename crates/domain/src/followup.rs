//! What a failing result leads to where the guideline says so, and which reviews a follow-up
//! review (整改复评) may be created from.
//!
//! - 内蒙古 NM:47: “对绩效评价不合格，限期整改仍不合格的……予以摘牌并撤销”: a follow-up of a
//!   绩效评价 that fails again is a ground for revocation.
//! - 广西 GXP:145: “对考核不合格的平台执行‘一票否决’，予以撤销”: any failed 绩效评价.
//! - 四川 SC:100: after the 总结评估 the department decides “整改、撤销或后续支持”; a 总结评估
//!   that fails again after a 整改 leaves 撤销.

use serde::{Deserialize, Serialize};

use crate::lifecycle::Proposal;
use crate::region::seeds::{cite, GXP, NM, SC};
use crate::template::SeedCitation;
use crate::{Region, Stage};

/// The guideline's consequence of a failing result, beyond what the panel proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Escalation {
    pub proposal: Proposal,
    /// e.g. 绩效评价不合格，限期整改仍不合格：经审定属实的予以摘牌并撤销
    pub reason: String,
    pub source: SeedCitation,
}

/// Whether a result fails: the panel proposed 整改, 撤销 or 不予通过, or the grade is 不合格.
pub fn fails(proposal: Option<Proposal>, grade: Option<&str>) -> bool {
    proposal.is_some_and(|p| matches!(p, Proposal::Rectify | Proposal::Revoke | Proposal::Reject)) || grade == Some("不合格")
}

/// The consequence of a result, when the guideline ties one to it and the panel did not already
/// propose it. `follow_up` is true for a review created from one that ordered a rectification.
pub fn escalation(region: Region, stage: Stage, follow_up: bool, proposal: Option<Proposal>, grade: Option<&str>) -> Option<Escalation> {
    if !fails(proposal, grade) || proposal == Some(Proposal::Revoke) {
        return None;
    }
    let (reason, source) = match (region, stage, follow_up) {
        (Region::InnerMongolia, Stage::Performance, true) => (
            "绩效评价不合格，限期整改仍不合格：经审定属实的予以摘牌并撤销",
            cite(NM, 47, "对绩效评价不合格，限期整改仍不合格的"),
        ),
        (Region::Guangxi, Stage::Performance, _) => (
            "考核不合格的平台执行“一票否决”，予以撤销",
            cite(GXP, 145, "对考核不合格的平台执行“一票否决”,予以撤销"),
        ),
        (Region::Sichuan, Stage::FinalEvaluation, true) => (
            "整改后总结评估仍未通过：由科技厅根据评估结果决定撤销",
            cite(SC, 100, "根据评估结果决定整改、撤销或后续支持等重大事项"),
        ),
        _ => return None,
    };
    Some(Escalation { proposal: Proposal::Revoke, reason: reason.to_owned(), source })
}

/// A follow-up review can be created from a finished review whose panel proposed 限期整改, or
/// that a 限期整改 decision cites.
pub fn may_follow_up(proposal: Option<Proposal>, rectification_ordered: bool) -> bool {
    proposal == Some(Proposal::Rectify) || rectification_ordered
}

/// What the clerk enters to create a follow-up review; the center and the template are those of
/// the review it follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FollowUpDraft {
    pub review_date: chrono::NaiveDate,
    pub place: String,
    pub organizer: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    // NM:47: only a follow-up that fails again is a ground for revocation; the first failure leads
    // to 限期整改 as the panel proposed.
    #[test]
    fn inner_mongolia_revokes_after_a_failed_follow_up() {
        let first = escalation(Region::InnerMongolia, Stage::Performance, false, Some(Proposal::Rectify), Some("不合格"));
        assert_eq!(first, None);
        let again = escalation(Region::InnerMongolia, Stage::Performance, true, Some(Proposal::Rectify), Some("不合格")).unwrap();
        assert_eq!((again.proposal, again.source.line, again.source.seed.as_str()), (Proposal::Revoke, 47, NM));
        // Passing the follow-up leads nowhere further.
        assert_eq!(escalation(Region::InnerMongolia, Stage::Performance, true, Some(Proposal::ContinueSupport), Some("合格")), None);
        // A panel that already proposed 撤销 needs no escalation.
        assert_eq!(escalation(Region::InnerMongolia, Stage::Performance, true, Some(Proposal::Revoke), Some("不合格")), None);
    }

    // GXP:145: 一票否决 on any failed 考核, follow-up or not; SC:100 after a failed 整改 only.
    #[test]
    fn guangxi_vetoes_any_failed_evaluation_and_sichuan_revokes_after_rectification() {
        let gx = escalation(Region::Guangxi, Stage::Performance, false, Some(Proposal::Rectify), None).unwrap();
        assert_eq!((gx.proposal, gx.source.line), (Proposal::Revoke, 145));
        assert_eq!(escalation(Region::Guangxi, Stage::Performance, false, Some(Proposal::ContinueSupport), Some("良好")), None);
        assert_eq!(escalation(Region::Sichuan, Stage::FinalEvaluation, false, Some(Proposal::Rectify), Some("不合格")), None);
        assert_eq!(escalation(Region::Sichuan, Stage::FinalEvaluation, true, Some(Proposal::Rectify), None).map(|e| e.source.line), Some(100));
        // A consultation that fails is sent back, never revoked.
        assert_eq!(escalation(Region::InnerMongolia, Stage::Consultation, true, Some(Proposal::Reject), Some("不合格")), None);
    }

    #[test]
    fn follow_ups_come_from_rectification_orders() {
        assert!(may_follow_up(Some(Proposal::Rectify), false));
        assert!(may_follow_up(Some(Proposal::ContinueSupport), true));
        assert!(!may_follow_up(Some(Proposal::ContinueSupport), false));
        assert!(!may_follow_up(None, false));
    }
}
