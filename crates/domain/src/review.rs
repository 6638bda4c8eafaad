//! A review (一次评审) of one center at one stage, and the panel that carries it out.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{CenterId, ExpertId, ReviewId, TemplateId};
use crate::input::{optional_line, required_line, InputError};
use crate::region::{Region, Stage};

/// Where a review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// 筹备中: the panel is being assembled.
    Preparing,
    /// 评分中: experts are scoring.
    Scoring,
    /// 汇总中: the chair consolidates.
    Consolidating,
    /// 已完成: the conclusion is signed.
    Concluded,
}

impl ReviewStatus {
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Preparing => "preparing",
            ReviewStatus::Scoring => "scoring",
            ReviewStatus::Consolidating => "consolidating",
            ReviewStatus::Concluded => "concluded",
        }
    }

    pub fn from_code(code: &str) -> Option<ReviewStatus> {
        [ReviewStatus::Preparing, ReviewStatus::Scoring, ReviewStatus::Consolidating, ReviewStatus::Concluded]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What a person enters to open a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewDraft {
    pub center_id: CenterId,
    pub template_id: TemplateId,
    pub review_date: NaiveDate,
    /// 评审地点.
    pub place: String,
    /// 组织单位, e.g. 内蒙古自治区科学技术厅.
    pub organizer: String,
}

impl ReviewDraft {
    pub fn validated(&self) -> Result<ReviewDraft, InputError> {
        Ok(ReviewDraft {
            center_id: self.center_id,
            template_id: self.template_id.clone(),
            review_date: self.review_date,
            place: required_line("评审地点", &self.place)?,
            organizer: optional_line("组织单位", &self.organizer)?,
        })
    }
}

/// One line of the review list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewSummary {
    pub id: ReviewId,
    pub center_id: CenterId,
    pub center_name: String,
    pub region: Region,
    pub stage: Stage,
    pub stage_name: String,
    pub template_name: String,
    pub review_date: NaiveDate,
    pub place: String,
    pub status: ReviewStatus,
    pub panel_size: u32,
    pub sheets_submitted: u32,
    /// For a follow-up review (整改复评), the review whose conclusion ordered the rectification.
    pub follows: Option<ReviewId>,
}

/// What the review list can be narrowed to; every field left empty matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewFilter {
    pub region: Option<Region>,
    pub status: Option<ReviewStatus>,
    /// Part of the center's name.
    pub text: String,
}

/// An expert's kind of expertise; 四川 requires technical, management and policy experts on a panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ExpertType {
    /// 技术专家
    Technical,
    /// 管理专家
    Management,
    /// 科技政策专家
    Policy,
    /// 财务专家
    Finance,
}

impl ExpertType {
    pub fn code(self) -> &'static str {
        match self {
            ExpertType::Technical => "technical",
            ExpertType::Management => "management",
            ExpertType::Policy => "policy",
            ExpertType::Finance => "finance",
        }
    }

    pub fn from_code(code: &str) -> Option<ExpertType> {
        [ExpertType::Technical, ExpertType::Management, ExpertType::Policy, ExpertType::Finance]
            .into_iter()
            .find(|t| t.code() == code)
    }
}

/// A member's role on the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PanelRole {
    /// 组长
    Chair,
    /// 成员
    Member,
}

impl PanelRole {
    pub fn code(self) -> &'static str {
        match self {
            PanelRole::Chair => "chair",
            PanelRole::Member => "member",
        }
    }

    pub fn from_code(code: &str) -> Option<PanelRole> {
        [PanelRole::Chair, PanelRole::Member].into_iter().find(|r| r.code() == code)
    }
}

/// What a person enters to put an expert on a panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PanelMemberDraft {
    pub name: String,
    /// 职称, e.g. 研究员 / 教授级高工.
    pub title: String,
    pub affiliation: String,
    pub expert_type: ExpertType,
    pub role: PanelRole,
}

impl PanelMemberDraft {
    pub fn validated(&self) -> Result<PanelMemberDraft, InputError> {
        Ok(PanelMemberDraft {
            name: required_line("专家姓名", &self.name)?,
            title: optional_line("职称", &self.title)?,
            affiliation: required_line("工作单位", &self.affiliation)?,
            expert_type: self.expert_type,
            role: self.role,
        })
    }
}

/// An expert seated on a review's panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PanelMember {
    pub expert_id: ExpertId,
    pub name: String,
    pub title: String,
    pub affiliation: String,
    pub expert_type: ExpertType,
    pub role: PanelRole,
}

/// A review with everything its screens show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewDetail {
    pub summary: ReviewSummary,
    pub organizer: String,
    pub center: crate::center::Center,
    /// The copy of the template frozen when the review was created.
    pub template: crate::template::Template,
    pub panel: Vec<PanelMember>,
}

/// An expert in the pool (专家库), with how many panels they sit on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PoolExpert {
    pub id: ExpertId,
    pub name: String,
    pub title: String,
    pub affiliation: String,
    pub expert_type: ExpertType,
    pub panels: u32,
    /// 专业领域, used by 专家抽取.
    pub fields: Vec<String>,
}
