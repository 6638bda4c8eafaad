//! The panel's opinion (专家组意见): drafted by the chair from the members' opinions, keeping
//! who said what, and approved by every member before it can be signed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::ExpertId;
use crate::input::InputError;
use crate::sheet::MAX_TEXT_CHARS;

/// One point of the opinion and the members whose opinions it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OpinionItem {
    pub text: String,
    pub sources: Vec<ExpertId>,
}

/// 整改事项 with its deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Rectification {
    pub item: String,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PanelOpinion {
    /// 过程段: who reviewed what, when, where and how.
    pub process: String,
    /// 总体评价
    pub overall: String,
    pub strengths: Vec<OpinionItem>,
    pub problems: Vec<OpinionItem>,
    pub suggestions: Vec<OpinionItem>,
    /// Index into the template's conclusion options.
    pub conclusion: Option<u32>,
    pub rectifications: Vec<Rectification>,
    /// 不同意见 recorded as the member stated it.
    pub dissent: String,
}

impl PanelOpinion {
    /// Trims every text, drops empty items, and refuses over-long text or a conclusion not offered.
    pub fn validated(&self, conclusion_options: usize) -> Result<PanelOpinion, InputError> {
        let text = |label: &str, t: &str| -> Result<String, InputError> {
            let t = t.trim();
            if t.chars().count() > MAX_TEXT_CHARS {
                return Err(InputError::new(label, format!("过长：最多 {MAX_TEXT_CHARS} 字")));
            }
            Ok(t.to_owned())
        };
        let items = |label: &str, list: &[OpinionItem]| -> Result<Vec<OpinionItem>, InputError> {
            list.iter()
                .map(|i| Ok(OpinionItem { text: text(label, &i.text)?, sources: i.sources.clone() }))
                .filter(|i| !matches!(i, Ok(OpinionItem { text, .. }) if text.is_empty()))
                .collect()
        };
        if let Some(c) = self.conclusion {
            if c as usize >= conclusion_options {
                return Err(InputError::new("结论", "不在本模板的结论选项中"));
            }
        }
        Ok(PanelOpinion {
            process: text("过程", &self.process)?,
            overall: text("总体评价", &self.overall)?,
            strengths: items("主要优点", &self.strengths)?,
            problems: items("存在问题", &self.problems)?,
            suggestions: items("修改建议", &self.suggestions)?,
            conclusion: self.conclusion,
            rectifications: self
                .rectifications
                .iter()
                .map(|r| Ok(Rectification { item: text("整改事项", &r.item)?, deadline: r.deadline }))
                .filter(|r| !matches!(r, Ok(Rectification { item, .. }) if item.is_empty()))
                .collect::<Result<_, InputError>>()?,
            dissent: text("不同意见", &self.dissent)?,
        })
    }
}

/// A member's approval, and whether it was given to the current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OpinionApproval {
    pub expert_id: ExpertId,
    pub name: String,
    /// The version approved, if any.
    pub approved_version: Option<u32>,
    pub approved_at: Option<String>,
    pub current: bool,
    /// The version the member objected to, with the reason (their dissent), if their latest
    /// answer was an objection.
    pub objected_version: Option<u32>,
    pub objection: Option<String>,
}

/// What a member's laptop received with the panel opinion (opinion package): the conclusion in
/// words and the consolidated scores it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OpinionBrief {
    pub version: u32,
    pub conclusion_text: Option<String>,
    pub members: Vec<String>,
    pub rows: Vec<BriefRow>,
    pub total: String,
    pub grade: Option<String>,
    pub received_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct BriefRow {
    pub name: String,
    pub max: String,
    pub scores: Vec<Option<String>>,
    pub aggregate: Option<String>,
}

/// A member's objection to a version of the panel opinion: the reason is their dissent, kept
/// as written.
pub fn checked_objection(reason: &str) -> Result<String, InputError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(InputError::new("异议理由", "提出异议须写明理由"));
    }
    if reason.chars().count() > MAX_TEXT_CHARS {
        return Err(InputError::new("异议理由", format!("过长：最多 {MAX_TEXT_CHARS} 字")));
    }
    Ok(reason.to_owned())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PanelOpinionState {
    pub opinion: PanelOpinion,
    /// 0 for a draft never saved.
    pub version: u32,
    pub updated_at: Option<String>,
    pub approvals: Vec<OpinionApproval>,
    /// Every member who did not recuse approved the current version.
    pub all_approved: bool,
}

/// Splits an expert's opinion text into points: one per line or numbered sentence.
pub fn split_points(text: &str) -> Vec<String> {
    text.split(['\n', '；', ';'])
        .map(|s| s.trim().trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '、' | '）' | ')' | '（' | '(')).trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
