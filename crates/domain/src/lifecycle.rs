//! A center's life over the years: the decisions a department records and the status they give.
//!
//! A panel only proposes (each conclusion option of a template names its [`Proposal`]); the
//! department decides. The status is never stored: it is read from the dated decisions, in order,
//! so the history and the status cannot disagree.

use crate::region::seeds::{cite, GX, GXP, NB, SC, NM};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{CenterId, ReviewId};
use crate::input::{optional_line, required_line, InputError};
use crate::region::Region;
use crate::template::SeedCitation;



/// Where a center stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CenterStatus {
    /// 意向: proposed, nothing decided yet.
    Intent,
    /// 论证中: the application was taken in and is being examined.
    Consulting,
    /// 建设中 / 创建中: approved to build (广西, 四川, 宁波).
    Building,
    /// 已认定: recognised (内蒙古 批复认定; 广西 after acceptance).
    Recognized,
    /// 整改中: ordered to rectify by a date.
    Rectifying,
    /// 已撤销 / 已摘牌撤销.
    Revoked,
}

impl CenterStatus {
    /// The status in the region's own words.
    pub fn label(self, region: Region) -> &'static str {
        match (self, region) {
            (CenterStatus::Intent, _) => "意向",
            (CenterStatus::Consulting, _) => "论证中",
            // 宁波 centers are 创建制 (NB:28).
            (CenterStatus::Building, Region::Ningbo) => "创建中",
            (CenterStatus::Building, _) => "建设中",
            (CenterStatus::Recognized, Region::Guangxi) => "已认定（授牌）",
            (CenterStatus::Recognized, _) => "已认定",
            (CenterStatus::Rectifying, _) => "整改中",
            (CenterStatus::Revoked, Region::InnerMongolia) => "已摘牌撤销",
            (CenterStatus::Revoked, _) => "已撤销",
        }
    }
}

/// What a department decides about a center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// The application is taken in: 内蒙古 创建申请 (NM:38), 广西 意向对接 (GX:18), …
    Intake,
    /// 公示无异议 (内蒙古 NM:40), the step before 批复认定.
    Publicity,
    /// The approval that starts the center: 内蒙古 批复认定 (NM:40), 广西 批复建设 (GX:18),
    /// 四川 启动建设 (SC:96), 宁波 批复创建 (NB:28).
    Approve,
    /// 广西: acceptance passed, 批复认定并授牌匾 (GX:18).
    Recognize,
    /// 限期整改, with a deadline.
    OrderRectification,
    /// The rectification was checked and accepted; the center returns to where it stood.
    RectificationAccepted,
    /// 后续支持 / 加大支持力度 (SC:100, GX:19): recorded, the status does not change.
    ContinueSupport,
    /// 撤销 / 摘牌撤销.
    Revoke,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 8] = [
        DecisionKind::Intake,
        DecisionKind::Publicity,
        DecisionKind::Approve,
        DecisionKind::Recognize,
        DecisionKind::OrderRectification,
        DecisionKind::RectificationAccepted,
        DecisionKind::ContinueSupport,
        DecisionKind::Revoke,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::Intake => "intake",
            DecisionKind::Publicity => "publicity",
            DecisionKind::Approve => "approve",
            DecisionKind::Recognize => "recognize",
            DecisionKind::OrderRectification => "order_rectification",
            DecisionKind::RectificationAccepted => "rectification_accepted",
            DecisionKind::ContinueSupport => "continue_support",
            DecisionKind::Revoke => "revoke",
        }
    }

    pub fn from_code(code: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The decisions a region's guideline knows, each with its words and the line it rests on.
    pub fn offered(region: Region) -> Vec<DecisionOption> {
        DecisionKind::ALL
            .into_iter()
            .filter_map(|kind| kind.wording(region).map(|(label, source)| DecisionOption { kind, label: label.into(), source }))
            .collect()
    }

    /// The decision in the region's words, or None where the region's guideline has no such step.
    pub fn wording(self, region: Region) -> Option<(&'static str, SeedCitation)> {
        use DecisionKind as K;
        use Region as R;
        Some(match (self, region) {
            (K::Intake, R::InnerMongolia) => ("受理创建申请", cite(NM, 38, "由盟市政府、自治区有关部门正式提出创建申请")),
            (K::Intake, R::Guangxi) => ("意向对接", cite(GX, 18, "意向对接、评审论证、启动建设、评估验收")),
            (K::Intake, R::Sichuan) => ("受理建设申请", cite(SC, 96, "对于通过咨询论证、各方面条件成熟的，科技厅支持启动省级技术创新中心建设")),
            (K::Intake, R::Ningbo) => ("受理推荐", cite(NB, 28, "市政府主动布局和区（县、市）政府（管委会）、相关部门推荐相结合")),
            (K::Publicity, R::InnerMongolia) => ("公示无异议", cite(NM, 40, "经公示无异议，由科技厅发文批复认定")),
            (K::Publicity, _) => return None,
            (K::Approve, R::InnerMongolia) => ("批复认定", cite(NM, 40, "经公示无异议，由科技厅发文批复认定")),
            (K::Approve, R::Guangxi) => ("批复建设", cite(GX, 18, "获批复建设后须对照组建方案，开展三年建设期的各项建设工作和科研任务")),
            (K::Approve, R::Sichuan) => ("支持启动建设", cite(SC, 96, "科技厅支持启动省级技术创新中心建设")),
            (K::Approve, R::Ningbo) => ("批复创建", cite(NB, 28, "“成熟一个、批复一个”")),
            (K::Recognize, R::Guangxi) => ("批复认定并授牌", cite(GX, 18, "完成建设任务的批复认定并授牌匾")),
            (K::Recognize, _) => return None,
            (K::OrderRectification, R::InnerMongolia) => ("限期整改", cite(NM, 47, "对绩效评价不合格，限期整改仍不合格的")),
            (K::OrderRectification, R::Guangxi) => ("限期整改", cite(GX, 19, "根据评估结果加大支持力度或整改撤销")),
            (K::OrderRectification, R::Sichuan) => ("限期整改", cite(SC, 100, "根据评估结果决定整改、撤销或后续支持等重大事项")),
            // 宁波's note names no rectification; a department still orders one after a poor evaluation.
            (K::OrderRectification, R::Ningbo) => ("限期整改", cite(NB, 30, "根据评价指标体系开展创新中心年度绩效评价")),
            (K::RectificationAccepted, R::InnerMongolia) => ("整改验收通过", cite(NM, 47, "限期整改仍不合格的")),
            (K::RectificationAccepted, R::Guangxi) => ("整改验收通过", cite(GX, 19, "整改撤销")),
            (K::RectificationAccepted, R::Sichuan) => ("整改验收通过", cite(SC, 100, "决定整改、撤销或后续支持")),
            (K::RectificationAccepted, R::Ningbo) => ("整改验收通过", cite(NB, 30, "根据评价指标体系开展创新中心年度绩效评价")),
            (K::ContinueSupport, R::Guangxi) => ("加大支持力度", cite(GX, 19, "根据评估结果加大支持力度或整改撤销")),
            (K::ContinueSupport, R::Sichuan) => ("后续支持", cite(SC, 100, "决定整改、撤销或后续支持等重大事项")),
            (K::ContinueSupport, _) => ("继续支持", cite(GX, 19, "根据评估结果加大支持力度")),
            (K::Revoke, R::InnerMongolia) => ("摘牌撤销", cite(NM, 47, "经审定情况属实的予以摘牌并撤销")),
            (K::Revoke, R::Guangxi) => ("撤销", cite(GXP, 145, "对考核不合格的平台执行“一票否决”,予以撤销")),
            (K::Revoke, R::Sichuan) => ("撤销", cite(SC, 100, "决定整改、撤销或后续支持等重大事项")),
            (K::Revoke, R::Ningbo) => ("撤销", cite(NB, 28, "创新中心实行创建制")),
        })
    }

    /// Decisions a department issues as a document (发文): a 文号 is required.
    pub fn needs_document_number(self) -> bool {
        matches!(self, DecisionKind::Approve | DecisionKind::Recognize | DecisionKind::Revoke)
    }
}

/// One decision a region offers, for the clerk's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DecisionOption {
    pub kind: DecisionKind,
    pub label: String,
    pub source: SeedCitation,
}

/// What a panel's conclusion proposes to the department; declared per conclusion option in the
/// template file (`conclusions.proposals`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Proposal {
    /// 建议批复 / 同意启动建设 / 建议认定 (the approval that starts the center).
    Approve,
    /// 通过验收，建议批复认定 (广西).
    Recognize,
    /// 限期整改 / 整改后复评.
    Rectify,
    /// 建议撤销.
    Revoke,
    /// 继续支持 / 后续支持.
    ContinueSupport,
    /// Passed; the next step is the center's (内蒙古 咨询论证 → 创建申请, NM:38).
    Proceed,
    /// 完善方案后再论证: nothing to decide yet.
    Revise,
    /// 不予通过 / 暂不具备条件: nothing to decide, the center stays where it is.
    Reject,
    /// A report taken in; nothing to decide.
    None,
}

impl Proposal {
    pub fn label(self) -> &'static str {
        match self {
            Proposal::Approve => "建议批复",
            Proposal::Recognize => "建议批复认定",
            Proposal::Rectify => "建议限期整改",
            Proposal::Revoke => "建议撤销",
            Proposal::ContinueSupport => "建议继续支持",
            Proposal::Proceed => "通过，进入下一程序",
            Proposal::Revise => "完善后再论证",
            Proposal::Reject => "不予通过",
            Proposal::None => "无须决定",
        }
    }

    /// Whether the stage counts as passed for the procedure that follows it (SC:96 “通过咨询论证”).
    pub fn passes(self) -> bool {
        matches!(self, Proposal::Approve | Proposal::Recognize | Proposal::Proceed | Proposal::ContinueSupport)
    }

    /// The decision a clerk would record to follow the proposal, if any.
    pub fn decision(self) -> Option<DecisionKind> {
        match self {
            Proposal::Approve => Some(DecisionKind::Approve),
            Proposal::Recognize => Some(DecisionKind::Recognize),
            Proposal::Rectify => Some(DecisionKind::OrderRectification),
            Proposal::Revoke => Some(DecisionKind::Revoke),
            Proposal::ContinueSupport => Some(DecisionKind::ContinueSupport),
            Proposal::Proceed | Proposal::Revise | Proposal::Reject | Proposal::None => None,
        }
    }
}

/// What a clerk enters to record a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DecisionDraft {
    pub kind: DecisionKind,
    pub decided_on: NaiveDate,
    /// 文号, e.g. 内科发〔2026〕12号.
    pub document_number: String,
    /// The review whose conclusion the decision follows, if any.
    pub review_id: Option<ReviewId>,
    /// 整改期限, for 限期整改 only.
    pub due_on: Option<NaiveDate>,
    pub note: String,
    /// 经办人.
    pub recorded_by: String,
}

/// A recorded decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Decision {
    pub id: i64,
    pub center_id: CenterId,
    #[serde(flatten)]
    pub draft: DecisionDraft,
    /// The decision in the region's words.
    pub label: String,
    pub recorded_at: String,
}

impl DecisionDraft {
    /// Trims the texts and refuses what a department would not accept on its own terms; whether
    /// the decision fits the center's history is [`status_after`]'s question.
    pub fn validated(&self, region: Region) -> Result<DecisionDraft, InputError> {
        let Some((label, _)) = self.kind.wording(region) else {
            return Err(InputError::new("决定", format!("{}的指引没有这一步", region.chinese_name())));
        };
        let document_number = if self.kind.needs_document_number() {
            required_line("文号", &self.document_number)?
        } else {
            optional_line("文号", &self.document_number)?
        };
        let due_on = match (self.kind, self.due_on) {
            (DecisionKind::OrderRectification, None) => return Err(InputError::new("整改期限", format!("{label}须写明整改期限"))),
            (DecisionKind::OrderRectification, Some(due)) if due <= self.decided_on => {
                return Err(InputError::new("整改期限", "应晚于决定日期"));
            }
            (DecisionKind::OrderRectification, due) => due,
            (_, _) => None,
        };
        Ok(DecisionDraft {
            kind: self.kind,
            decided_on: self.decided_on,
            document_number,
            review_id: self.review_id,
            due_on,
            note: self.note.trim().to_owned(),
            recorded_by: required_line("经办人", &self.recorded_by)?,
        })
    }
}

/// The status a history leads to, or why one of its decisions cannot stand where it is. The
/// decisions are taken by date, then in the order they were recorded.
pub fn status_after(region: Region, decisions: &[&DecisionDraft]) -> Result<CenterStatus, InputError> {
    use CenterStatus as S;
    use DecisionKind as K;
    let mut ordered: Vec<&DecisionDraft> = decisions.to_vec();
    ordered.sort_by_key(|d| d.decided_on);
    let mut status = S::Intent;
    // Where the center stood before it was ordered to rectify, to return there.
    let mut before_rectification = S::Intent;
    for d in ordered {
        let label = d.kind.wording(region).map(|(l, _)| l).unwrap_or("该决定");
        let refuse = |why: String| Err(InputError::new("决定", format!("{} {label}：{why}", d.decided_on)));
        if status == S::Revoked {
            return refuse("中心此前已撤销，不能再登记决定".into());
        }
        status = match d.kind {
            K::Intake if status == S::Intent => S::Consulting,
            K::Intake => return refuse(format!("中心已是「{}」，不能再受理申请", status.label(region))),
            K::Publicity if matches!(status, S::Intent | S::Consulting) => status,
            K::Publicity => return refuse("公示应在批复认定之前".into()),
            K::Approve if matches!(status, S::Intent | S::Consulting) => {
                if region == Region::InnerMongolia {
                    S::Recognized
                } else {
                    S::Building
                }
            }
            K::Approve => return refuse("中心已经批复过".into()),
            K::Recognize if status == S::Building => S::Recognized,
            K::Recognize => return refuse(format!("只有建设中的中心才能批复认定，中心当时为「{}」", status.label(region))),
            K::OrderRectification if matches!(status, S::Building | S::Recognized) => {
                before_rectification = status;
                S::Rectifying
            }
            K::OrderRectification if status == S::Rectifying => return refuse("中心已在整改中".into()),
            K::OrderRectification => return refuse("中心尚未批复，无从整改".into()),
            K::RectificationAccepted if status == S::Rectifying => before_rectification,
            K::RectificationAccepted => return refuse("中心当时不在整改中".into()),
            K::ContinueSupport if matches!(status, S::Building | S::Recognized) => status,
            K::ContinueSupport => return refuse(format!("中心当时为「{}」，无从继续支持", status.label(region))),
            K::Revoke => S::Revoked,
        };
    }
    Ok(status)
}

/// The date the center was approved (批复), which the guidelines count their periods from.
pub fn approval_date(decisions: &[&DecisionDraft]) -> Option<NaiveDate> {
    decisions.iter().filter(|d| d.kind == DecisionKind::Approve).map(|d| d.decided_on).min()
}

/// What one review of the center concluded and proposed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewOutcome {
    pub review_id: ReviewId,
    pub stage: crate::region::Stage,
    pub stage_name: String,
    pub review_date: chrono::NaiveDate,
    pub status: crate::review::ReviewStatus,
    /// The panel opinion's conclusion, once the chair has saved one.
    pub conclusion: Option<String>,
    pub proposal: Option<Proposal>,
    /// The proposal in words, e.g. 建议限期整改.
    pub proposal_label: Option<String>,
    /// The decision a clerk would record to follow it, if any.
    pub proposed_decision: Option<DecisionKind>,
    /// Whether a decision already cites this review.
    pub decided: bool,
    /// The consolidated total and grade once every sheet is in (scored templates only).
    pub total: Option<String>,
    pub max_total: Option<String>,
    pub grade: Option<String>,
    /// Each group's subtotal and maximum, for the chart of the center's years.
    pub groups: Vec<GroupScore>,
    /// The one-vote veto items the panel confirmed (scored templates, every sheet in).
    pub vetoes: Vec<String>,
    /// For a follow-up review (整改复评), the review that ordered the rectification.
    pub follows: Option<ReviewId>,
    /// The follow-up review created from this one, if any.
    pub follow_up: Option<ReviewId>,
    /// Whether a follow-up review can be created from this one now.
    pub may_follow_up: bool,
    /// What the guideline makes of a failing result beyond the panel's proposal (NM:47, GXP:145, SC:100).
    pub escalation: Option<crate::followup::Escalation>,
}

/// A group's subtotal in one review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GroupScore {
    pub name: String,
    pub total: String,
    pub max: String,
}

/// A center as its department sees it over the years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CenterHistory {
    pub center: crate::center::Center,
    pub status: CenterStatus,
    /// The status in the region's words.
    pub status_label: String,
    /// Oldest first.
    pub decisions: Vec<Decision>,
    /// Oldest first.
    pub reviews: Vec<ReviewOutcome>,
    /// The decisions the region's guideline knows, for the clerk's form.
    pub offered: Vec<DecisionOption>,
    /// 整改事项 of the center's finished reviews, oldest first.
    pub rectifications: Vec<RectificationItem>,
}

/// Where a rectification item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RectificationStatus {
    /// 待整改.
    Open,
    /// 已整改: confirmed with evidence.
    Done,
    /// 逾期: still open after its deadline.
    Overdue,
}

impl RectificationStatus {
    pub fn label(self) -> &'static str {
        match self {
            RectificationStatus::Open => "待整改",
            RectificationStatus::Done => "已整改",
            RectificationStatus::Overdue => "逾期",
        }
    }

    /// Open items are overdue the day after their deadline.
    pub fn of(done: bool, deadline: Option<NaiveDate>, today: NaiveDate) -> RectificationStatus {
        match (done, deadline) {
            (true, _) => RectificationStatus::Done,
            (false, Some(d)) if today > d => RectificationStatus::Overdue,
            (false, _) => RectificationStatus::Open,
        }
    }
}

/// A rectification item of a finished review, followed up as an item of the center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RectificationItem {
    pub id: i64,
    pub review_id: ReviewId,
    /// The review it came from, e.g. 2024-10-10 运行绩效评价.
    pub review_label: String,
    pub item: String,
    pub deadline: Option<NaiveDate>,
    pub status: RectificationStatus,
    pub status_label: String,
    pub evidence: String,
    pub done_on: Option<NaiveDate>,
    pub confirmed_by: Option<String>,
    pub confirmed_at: Option<String>,
    /// Files kept as evidence (整改佐证材料), oldest first.
    pub files: Vec<EvidenceFile>,
}

/// A file kept with a rectification item; its bytes stay in the encrypted database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct EvidenceFile {
    pub id: i64,
    pub rectification_id: i64,
    pub name: String,
    pub size: u64,
    pub sha256: String,
    pub added_by: String,
    pub added_at: String,
}

/// The largest evidence file kept: scanned documents and photos fit, whole archives do not.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

/// What a clerk enters to confirm an item done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RectificationConfirmation {
    pub done_on: NaiveDate,
    /// What shows it was done (documents received, what was seen).
    pub evidence: String,
    pub confirmed_by: String,
}

/// A center's status for the center list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CenterStatusLine {
    pub center_id: CenterId,
    pub status: CenterStatus,
    pub label: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(kind: DecisionKind, on: &str) -> DecisionDraft {
        DecisionDraft {
            kind,
            decided_on: on.parse().unwrap(),
            document_number: "内科发〔2024〕1号".into(),
            review_id: None,
            due_on: None,
            note: String::new(),
            recorded_by: "张敏".into(),
        }
    }

    fn status(region: Region, history: &[DecisionDraft]) -> Result<CenterStatus, InputError> {
        status_after(region, &history.iter().collect::<Vec<_>>())
    }

    // NM:38 创建申请 → NM:40 公示无异议 → 批复认定; NM:47 限期整改, then 摘牌撤销.
    #[test]
    fn inner_mongolia_is_recognised_by_its_approval_and_can_be_revoked() {
        use DecisionKind as K;
        let mut h = vec![d(K::Intake, "2023-03-01")];
        assert_eq!(status(Region::InnerMongolia, &h).unwrap(), CenterStatus::Consulting);
        h.push(d(K::Publicity, "2023-08-01"));
        h.push(d(K::Approve, "2023-09-15"));
        assert_eq!(status(Region::InnerMongolia, &h).unwrap(), CenterStatus::Recognized);
        h.push(d(K::OrderRectification, "2025-11-20"));
        assert_eq!(status(Region::InnerMongolia, &h).unwrap(), CenterStatus::Rectifying);
        h.push(d(K::RectificationAccepted, "2026-05-20"));
        assert_eq!(status(Region::InnerMongolia, &h).unwrap(), CenterStatus::Recognized);
        h.push(d(K::Revoke, "2026-10-01"));
        assert_eq!(status(Region::InnerMongolia, &h).unwrap(), CenterStatus::Revoked);
        assert_eq!(CenterStatus::Revoked.label(Region::InnerMongolia), "已摘牌撤销");
        h.push(d(K::ContinueSupport, "2026-11-01"));
        let e = status(Region::InnerMongolia, &h).unwrap_err();
        assert_eq!(e.to_string(), "「决定」2026-11-01 继续支持：中心此前已撤销，不能再登记决定");
    }

    // GX:18: 批复建设 starts the three-year build; acceptance ends in 批复认定并授牌匾.
    #[test]
    fn guangxi_builds_first_and_is_recognised_after_acceptance() {
        use DecisionKind as K;
        let h = vec![d(K::Approve, "2023-06-30")];
        assert_eq!(status(Region::Guangxi, &h).unwrap(), CenterStatus::Building);
        let h = vec![d(K::Approve, "2023-06-30"), d(K::Recognize, "2026-09-01")];
        assert_eq!(status(Region::Guangxi, &h).unwrap(), CenterStatus::Recognized);
        // Out of order in the list, in order by date: the same history.
        let h = vec![d(K::Recognize, "2026-09-01"), d(K::Approve, "2023-06-30")];
        assert_eq!(status(Region::Guangxi, &h).unwrap(), CenterStatus::Recognized);
        let e = status(Region::Guangxi, &[d(K::Recognize, "2026-09-01")]).unwrap_err();
        assert!(e.message.contains("只有建设中的中心才能批复认定"), "{e}");
        assert!(K::Recognize.wording(Region::Sichuan).is_none());
        assert!(K::Publicity.wording(Region::Guangxi).is_none());
    }

    #[test]
    fn rectification_needs_an_approved_center_and_returns_it_where_it_stood() {
        use DecisionKind as K;
        let h = vec![d(K::Approve, "2022-01-10"), d(K::OrderRectification, "2025-12-01"), d(K::RectificationAccepted, "2026-06-01")];
        assert_eq!(status(Region::Sichuan, &h).unwrap(), CenterStatus::Building);
        assert!(status(Region::Sichuan, &[d(K::OrderRectification, "2025-12-01")]).unwrap_err().message.contains("尚未批复"));
        assert!(status(Region::Sichuan, &[d(K::Approve, "2022-01-10"), d(K::RectificationAccepted, "2026-06-01")])
            .unwrap_err()
            .message
            .contains("不在整改中"));
        assert!(status(Region::Ningbo, &[d(K::Approve, "2022-01-10"), d(K::Approve, "2023-01-10")]).unwrap_err().message.contains("已经批复过"));
    }

    #[test]
    fn a_draft_names_what_is_missing() {
        let mut r = d(DecisionKind::OrderRectification, "2025-12-01");
        assert_eq!(r.validated(Region::Sichuan).unwrap_err().to_string(), "「整改期限」限期整改须写明整改期限");
        r.due_on = Some("2025-12-01".parse().unwrap());
        assert_eq!(r.validated(Region::Sichuan).unwrap_err().to_string(), "「整改期限」应晚于决定日期");
        r.due_on = Some("2026-06-01".parse().unwrap());
        r.document_number = " ".into();
        assert_eq!(r.validated(Region::Sichuan).unwrap().document_number, "");
        let mut a = d(DecisionKind::Approve, "2023-09-15");
        a.document_number = "  ".into();
        assert_eq!(a.validated(Region::InnerMongolia).unwrap_err().to_string(), "「文号」不能为空");
        let mut a = d(DecisionKind::Approve, "2023-09-15");
        a.recorded_by = "".into();
        assert_eq!(a.validated(Region::InnerMongolia).unwrap_err().field, "经办人");
        assert_eq!(d(DecisionKind::Publicity, "2023-08-01").validated(Region::Sichuan).unwrap_err().to_string(), "「决定」四川省的指引没有这一步");
    }

    #[test]
    fn the_approval_date_is_the_first_approval() {
        use DecisionKind as K;
        let h = [d(K::Intake, "2023-03-01"), d(K::Approve, "2023-09-15")];
        assert_eq!(approval_date(&h.iter().collect::<Vec<_>>()), Some("2023-09-15".parse().unwrap()));
        assert_eq!(approval_date(&[]), None);
    }

    #[test]
    fn every_region_offers_approval_rectification_and_revocation() {
        for region in [Region::Guangxi, Region::Ningbo, Region::Sichuan, Region::InnerMongolia] {
            let kinds: Vec<_> = DecisionKind::offered(region).into_iter().map(|o| o.kind).collect();
            for k in [DecisionKind::Approve, DecisionKind::OrderRectification, DecisionKind::Revoke] {
                assert!(kinds.contains(&k), "{region:?} {k:?}");
            }
        }
        assert_eq!(DecisionKind::offered(Region::InnerMongolia).iter().find(|o| o.kind == DecisionKind::Approve).unwrap().source.line, 40);
    }
}
