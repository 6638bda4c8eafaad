//! An expert's score sheet (专家个人评分表): answers, opinion, and the rules that decide
//! whether it may be submitted and which conclusion the app suggests.

use serde::{Deserialize, Serialize};

use crate::center::CenterDraft;
use crate::ids::{CriterionId, ExpertId, ReviewId};
use crate::input::InputError;
use crate::points::Points;
use crate::review::PanelMember;
use crate::template::{Criterion, Template, TemplateMode};

/// The longest comment or opinion section accepted (a few pages of text).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// One expert's answer to one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Answer {
    pub criterion: CriterionId,
    /// For a scored criterion.
    pub points: Option<Points>,
    /// For a veto item (yes = the veto applies) or a checklist item (yes = present).
    pub yes_no: Option<bool>,
    /// 扣分理由 or the reason for a veto.
    pub comment: String,
}

/// What a criterion asks the expert for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    Points,
    YesNo,
}

pub fn answer_kind(template: &Template, criterion: &Criterion) -> AnswerKind {
    if criterion.veto || template.mode == TemplateMode::Checklist {
        AnswerKind::YesNo
    } else {
        AnswerKind::Points
    }
}

/// The expert's written opinion (专家意见).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Opinion {
    /// 主要优点
    pub strengths: String,
    /// 存在问题
    pub problems: String,
    /// 修改建议
    pub suggestions: String,
    /// 其他意见
    pub remarks: String,
    /// Index into the template's conclusion options.
    pub recommended_conclusion: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetStatus {
    /// 填写中
    Draft,
    /// 已提交 (locked)
    Submitted,
}

impl SheetStatus {
    pub const ALL: [SheetStatus; 2] = [SheetStatus::Draft, SheetStatus::Submitted];

    /// The code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            SheetStatus::Draft => "draft",
            SheetStatus::Submitted => "submitted",
        }
    }

    /// None for an unknown code: a corrupt status must not read as a draft (it would reopen a
    /// submitted sheet) nor as submitted (it would unblind the first round).
    pub fn from_code(code: &str) -> Option<SheetStatus> {
        SheetStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Something that keeps a sheet from being submitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SheetIssue {
    pub kind: SheetIssueKind,
    /// The criterion at fault, if the issue belongs to one.
    pub criterion: Option<CriterionId>,
    pub message: String,
}

/// What kind of thing blocks submission, for screens that treat them differently (the score form
/// does not repeat "not yet scored" beside every empty field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetIssueKind {
    Unanswered,
    DeductionReasonMissing,
    VetoReasonMissing,
    OpinionMissing,
    ConclusionMissing,
}

/// A sheet as its expert sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ScoreSheet {
    pub review_id: ReviewId,
    pub expert_id: ExpertId,
    pub status: SheetStatus,
    pub answers: Vec<Answer>,
    pub opinion: Opinion,
    /// Sum of the points given so far.
    pub total: Points,
    pub answered: u32,
    pub criteria_count: u32,
    pub issues: Vec<SheetIssue>,
    /// The conclusion the app suggests from the score and vetoes, once every criterion is answered.
    pub suggested_conclusion: Option<u32>,
    /// How many times the sheet has been submitted.
    pub revision: u32,
    pub updated_at: Option<String>,
}

/// Refuses an answer that does not fit its criterion. Rules that only block submission
/// (a missing comment) are not checked here, so nothing the expert typed is refused for them.
pub fn check_answer(template: &Template, answer: &Answer) -> Result<(), InputError> {
    let criterion = template
        .criterion(&answer.criterion)
        .ok_or_else(|| InputError::new("评审指标", format!("“{}”不在本评审的模板中", answer.criterion)))?;
    if answer.comment.chars().count() > MAX_TEXT_CHARS {
        return Err(InputError::new(&criterion.name, format!("说明过长：最多 {MAX_TEXT_CHARS} 字")));
    }
    match answer_kind(template, criterion) {
        AnswerKind::Points => {
            if answer.yes_no.is_some() {
                return Err(InputError::new(&criterion.name, "这是计分指标，请填写分数"));
            }
            if let Some(points) = answer.points {
                if points > criterion.max {
                    return Err(InputError::new(&criterion.name, format!("得分 {points} 超过了满分 {}", criterion.max)));
                }
            }
        }
        AnswerKind::YesNo => {
            if answer.points.is_some() {
                return Err(InputError::new(&criterion.name, "这是是/否判断项，不计分"));
            }
        }
    }
    Ok(())
}

/// Refuses an opinion that does not fit the template: over-long text, or a conclusion the
/// template does not offer. Empty sections are allowed while drafting; submission asks for them.
pub fn check_opinion(template: &Template, opinion: &Opinion) -> Result<(), InputError> {
    for (label, text) in [
        ("主要优点", &opinion.strengths),
        ("存在问题", &opinion.problems),
        ("修改建议", &opinion.suggestions),
        ("其他意见", &opinion.remarks),
    ] {
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(InputError::new(label, format!("过长：最多 {MAX_TEXT_CHARS} 字")));
        }
    }
    if opinion.recommended_conclusion.is_some_and(|i| i as usize >= template.conclusions.options.len()) {
        return Err(InputError::new("建议结论", "不在本模板的结论选项中"));
    }
    Ok(())
}

fn is_answered(template: &Template, criterion: &Criterion, answer: Option<&Answer>) -> bool {
    match (answer_kind(template, criterion), answer) {
        (AnswerKind::Points, Some(a)) => a.points.is_some(),
        (AnswerKind::YesNo, Some(a)) => a.yes_no.is_some(),
        (_, None) => false,
    }
}

/// Whether the deduction on this criterion is large enough that a reason is required.
pub fn deduction_needs_comment(template: &Template, criterion: &Criterion, points: Points) -> bool {
    let deducted = criterion.max.tenths().saturating_sub(points.tenths()) as u64;
    // deducted / max > percent / 100, in integers.
    deducted > 0 && deducted * 100 > criterion.max.tenths() as u64 * template.rules.deduction_comment_percent as u64
}

/// Everything that blocks submission, in the template's order.
pub fn sheet_issues(template: &Template, answers: &[Answer], opinion: &Opinion) -> Vec<SheetIssue> {
    let mut issues = Vec::new();
    for (_, criterion) in template.criteria() {
        let answer = answers.iter().find(|a| a.criterion == criterion.id);
        let issue = |kind, message: String| SheetIssue { kind, criterion: Some(criterion.id.clone()), message };
        if !is_answered(template, criterion, answer) {
            issues.push(issue(SheetIssueKind::Unanswered, format!("「{}」尚未{}", criterion.name, if answer_kind(template, criterion) == AnswerKind::Points { "评分" } else { "判断" })));
            continue;
        }
        let Some(answer) = answer else { continue };
        let no_comment = answer.comment.trim().is_empty();
        if let Some(points) = answer.points {
            if no_comment && deduction_needs_comment(template, criterion, points) {
                issues.push(issue(SheetIssueKind::DeductionReasonMissing, format!(
                    "「{}」扣分超过满分的 {}%，请填写扣分理由",
                    criterion.name, template.rules.deduction_comment_percent
                )));
            }
        }
        if criterion.veto && answer.yes_no == Some(true) && no_comment {
            issues.push(issue(SheetIssueKind::VetoReasonMissing, format!("「{}」认定否决，请写明事实和理由", criterion.name)));
        }
    }
    let opinion_texts = [&opinion.strengths, &opinion.problems, &opinion.suggestions, &opinion.remarks];
    if opinion_texts.iter().all(|t| t.trim().is_empty()) {
        issues.push(SheetIssue { kind: SheetIssueKind::OpinionMissing, criterion: None, message: "专家意见尚未填写：请至少填写主要优点、存在问题或修改建议之一".into() });
    }
    match opinion.recommended_conclusion {
        None => issues.push(SheetIssue { kind: SheetIssueKind::ConclusionMissing, criterion: None, message: "请选择建议结论".into() }),
        Some(i) if i as usize >= template.conclusions.options.len() => {
            issues.push(SheetIssue { kind: SheetIssueKind::ConclusionMissing, criterion: None, message: "建议结论不在本模板的选项中".into() })
        }
        Some(_) => {}
    }
    issues
}

/// The sum of the points given.
pub fn sheet_total(answers: &[Answer]) -> Points {
    Points::from_tenths(answers.iter().filter_map(|a| a.points).map(Points::tenths).sum())
}

/// The conclusion the template suggests for a fully answered sheet: a veto forces the veto option;
/// otherwise the total's threshold, lowered by one option when a part misses its pass mark.
pub fn suggest_conclusion(template: &Template, answers: &[Answer]) -> Option<u32> {
    let all_answered = template.criteria().all(|(_, c)| is_answered(template, c, answers.iter().find(|a| a.criterion == c.id)));
    if !all_answered {
        return None;
    }
    let vetoed = template
        .criteria()
        .any(|(_, c)| c.veto && answers.iter().any(|a| a.criterion == c.id && a.yes_no == Some(true)));
    if vetoed {
        return Some(template.conclusions.veto_option as u32);
    }
    let total = sheet_total(answers);
    let by_total = template.conclusions.suggest.iter().find(|s| total >= s.min_total).map(|s| s.option)?;
    let part_failed = template.groups.iter().any(|g| {
        g.pass_min.is_some_and(|min| {
            let got: u32 = g
                .criteria
                .iter()
                .filter_map(|c| answers.iter().find(|a| a.criterion == c.id).and_then(|a| a.points))
                .map(Points::tenths)
                .sum();
            got < min.tenths()
        })
    });
    let last = template.conclusions.options.len() - 1;
    Some(if part_failed { (by_total.max(1)).min(last) } else { by_total } as u32)
}

/// Reasons to think an expert may have a conflict of interest with the center (回避提示).
pub fn conflict_hints(center: &CenterDraft, member: &PanelMember) -> Vec<String> {
    let mut hints = Vec::new();
    let same_unit = |unit: &str| units_match(unit, &member.affiliation);
    if same_unit(&center.lead_unit) {
        hints.push(format!("工作单位“{}”与本中心的牵头（依托）单位“{}”相同", member.affiliation, center.lead_unit));
    }
    for unit in center.cobuild_units.iter().filter(|u| same_unit(u)) {
        hints.push(format!("工作单位“{}”与本中心的共建单位“{unit}”相同", member.affiliation));
    }
    for m in &center.committee_members {
        if m.name.trim() == member.name.trim() && (units_match(&m.affiliation, &member.affiliation) || m.affiliation.trim().is_empty()) {
            hints.push(format!("本人是本中心委员会成员（{}，{}）", m.name, m.affiliation));
        }
    }
    hints
}

/// Two unit names denote the same unit, allowing for a department suffix
/// ("内蒙古大学" and "内蒙古大学化学化工学院"); whitespace is ignored.
pub(crate) fn units_match(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() { (&a, &b) } else { (&b, &a) };
    long == short || (short.chars().count() >= 4 && long.starts_with(short.as_str()))
}

/// A sheet's content at one submission, kept for the revision history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SheetSnapshot {
    pub answers: Vec<Answer>,
    pub opinion: Opinion,
}

/// One difference between two submissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SheetChange {
    /// What changed, e.g. 「产业聚焦」得分.
    pub item: String,
    pub before: String,
    pub after: String,
}

/// What changed from one submission to the next, in the template's order.
pub fn diff_snapshots(template: &Template, before: &SheetSnapshot, after: &SheetSnapshot) -> Vec<SheetChange> {
    let mut changes = Vec::new();
    let mut push = |item: String, b: String, a: String| {
        if b != a {
            changes.push(SheetChange { item, before: b, after: a });
        }
    };
    let show_points = |p: Option<Points>| p.map(|p| format!("{p} 分")).unwrap_or_else(|| "未填".into());
    let show_yes_no = |v: Option<bool>, c: &Criterion| match (v, c.veto) {
        (None, _) => "未填".to_owned(),
        (Some(true), true) => "否决".to_owned(),
        (Some(false), true) => "不否决".to_owned(),
        (Some(true), false) => "齐全".to_owned(),
        (Some(false), false) => "缺失".to_owned(),
    };
    for (_, c) in template.criteria() {
        let find = |s: &SheetSnapshot| s.answers.iter().find(|a| a.criterion == c.id).cloned();
        let (b, a) = (find(before), find(after));
        match answer_kind(template, c) {
            AnswerKind::Points => push(
                format!("「{}」得分", c.name),
                show_points(b.as_ref().and_then(|x| x.points)),
                show_points(a.as_ref().and_then(|x| x.points)),
            ),
            AnswerKind::YesNo => push(
                format!("「{}」判断", c.name),
                show_yes_no(b.as_ref().and_then(|x| x.yes_no), c),
                show_yes_no(a.as_ref().and_then(|x| x.yes_no), c),
            ),
        }
        push(
            format!("「{}」说明", c.name),
            b.map(|x| x.comment).unwrap_or_default(),
            a.map(|x| x.comment).unwrap_or_default(),
        );
    }
    let conclusion = |o: &Opinion| {
        o.recommended_conclusion
            .and_then(|i| template.conclusions.options.get(i as usize).cloned())
            .unwrap_or_else(|| "未选".into())
    };
    push("主要优点".into(), before.opinion.strengths.clone(), after.opinion.strengths.clone());
    push("存在问题".into(), before.opinion.problems.clone(), after.opinion.problems.clone());
    push("修改建议".into(), before.opinion.suggestions.clone(), after.opinion.suggestions.clone());
    push("其他意见".into(), before.opinion.remarks.clone(), after.opinion.remarks.clone());
    push("建议结论".into(), conclusion(&before.opinion), conclusion(&after.opinion));
    changes
}

/// An expert's answer to the conflict-of-interest question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ConflictDecision {
    /// 无利益冲突，参加评审
    None,
    /// 申请回避
    Recused,
}

impl ConflictDecision {
    pub const ALL: [ConflictDecision; 2] = [ConflictDecision::None, ConflictDecision::Recused];

    /// The code stored in the database and written in packages.
    pub fn code(self) -> &'static str {
        match self {
            ConflictDecision::None => "none",
            ConflictDecision::Recused => "recused",
        }
    }

    /// None for an unknown code: a corrupt value must not read as "no conflict" and let a recused
    /// expert's scores count.
    pub fn from_code(code: &str) -> Option<ConflictDecision> {
        ConflictDecision::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// What an expert fills in before scoring: 回避声明 and 保密承诺.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DeclarationInput {
    pub conflict: ConflictDecision,
    /// Why the expert recuses (required then), or remarks on a detected relation they judge harmless.
    pub reason: String,
    /// The expert has read and accepts the confidentiality pledge.
    pub pledge_accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Declaration {
    pub conflict: ConflictDecision,
    pub reason: String,
    pub pledge_signed_at: String,
    pub declared_at: String,
}

/// Where a panel member stands, as anyone at the shared laptop may see it (no scores).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberProgress {
    pub member: PanelMember,
    pub declaration: Option<ConflictDecision>,
    pub has_pin: bool,
    /// Too many wrong PINs: only the chair can let this member in again.
    pub pin_locked: bool,
    pub sheet_status: Option<SheetStatus>,
    pub answered: u32,
    pub criteria_count: u32,
    /// Relations to the center the app noticed (回避提示).
    pub conflict_hints: Vec<String>,
}

/// One submission of a sheet and what changed since the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Revision {
    pub number: u32,
    /// 首次提交, or the reason given when the sheet was reopened.
    pub reason: String,
    pub submitted_at: String,
    pub changes: Vec<SheetChange>,
}

/// A discussion round the chair opened on chosen criteria after every sheet was in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DiscussionRound {
    /// 2 for the first discussion round.
    pub number: u32,
    pub criteria: Vec<CriterionId>,
    pub opened_at: String,
    /// The chair's question to the panel ("" when none was written).
    pub question: String,
    /// On a member's laptop: every member's scores before the round on its criteria, as the
    /// chair's round package carried them. Empty on the chair's laptop, which has the matrix.
    pub scores: Vec<MemberScores>,
}

/// A member's scores on a round's criteria before the round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberScores {
    pub name: String,
    pub scores: Vec<RoundScore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RoundScore {
    pub criterion: CriterionId,
    pub points: Option<Points>,
    pub yes_no: Option<bool>,
}

/// An expert's re-score in a discussion round; the reason is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct RoundAnswer {
    pub criterion: CriterionId,
    pub points: Option<Points>,
    pub yes_no: Option<bool>,
    pub reason: String,
}

/// The chair's request that an expert explain a score the panel statistics flagged. It is shown
/// to the chair with the answer; it never forces the score to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Justification {
    pub expert_id: ExpertId,
    pub expert_name: String,
    pub criterion: CriterionId,
    pub criterion_name: String,
    /// The deviation warning as it read when the chair asked.
    pub warning: String,
    pub request: String,
    pub requested_at: String,
    pub response: String,
    pub responded_at: Option<String>,
}
