//! Rubric templates (评分模板): data files, one per region × stage, validated on load.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::ids::{CriterionId, TemplateId};
use crate::points::Points;
use crate::region::{Region, Stage};

/// The template file format this build reads; a newer one is refused, never guessed at.
pub const TEMPLATE_FORMAT: u32 = 1;

/// The largest template file accepted; real templates are a few tens of kilobytes.
pub const MAX_TEMPLATE_BYTES: usize = 1024 * 1024;

/// Where in a guideline document a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct SeedCitation {
    /// File name of the guideline document, e.g. `004_ffc5f580f039e4a8.txt`.
    pub seed: String,
    /// 1-based line number in that file.
    pub line: u32,
    /// The words on that line the rule rests on.
    pub quote: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateMode {
    /// Criteria carry points and add up to a total.
    Scored,
    /// Criteria are checked present / missing; nothing is added up (annual reports).
    Checklist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AggregationMethod {
    /// Arithmetic mean of every scoring expert.
    Mean,
    /// Drop one highest and one lowest score when at least `min_experts` scored, then average.
    TrimmedMean,
}

/// How the panel's scores for a criterion are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct AggregationRule {
    pub method: AggregationMethod,
    /// For a trimmed mean: how many scoring experts are needed before trimming applies.
    pub min_experts: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum VetoRule {
    /// A veto stands when more than half of the scoring experts answer yes.
    MoreThanHalf,
    /// A veto stands when at least two thirds answer yes.
    TwoThirds,
    /// A veto stands when any expert answers yes.
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    pub grade: String,
    /// The lowest total that earns this grade.
    pub min: Points,
}

/// Rules of the whole template; the seeds leave these open, so they are data with defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct TemplateRules {
    pub aggregation: AggregationRule,
    /// A comment is required when an expert deducts more than this percentage of a criterion's maximum.
    pub deduction_comment_percent: u32,
    /// An expert's score this percentage of the maximum away from the panel median raises a warning.
    pub deviation_warning_percent: u32,
    pub veto_rule: VetoRule,
    /// Highest band first; the last band starts at 0. Empty for checklists.
    pub grade_bands: Vec<GradeBand>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ConclusionThreshold {
    pub min_total: Points,
    /// Index into `options`.
    pub option: usize,
}

/// The conclusions a panel may reach and how the app suggests one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct ConclusionRules {
    pub options: Vec<String>,
    /// The option a confirmed veto forces.
    pub veto_option: usize,
    /// Highest threshold first; the last starts at 0.
    pub suggest: Vec<ConclusionThreshold>,
    /// What each option proposes to the department, in the order of `options`; empty in template
    /// files written before proposals existed, which then propose nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<crate::lifecycle::Proposal>,
}

impl ConclusionRules {
    /// What the option at `index` proposes, if the template says.
    pub fn proposal(&self, index: usize) -> Option<crate::lifecycle::Proposal> {
        self.proposals.get(index).copied()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: CriterionId,
    pub name: String,
    /// What the expert looks for (评分要点).
    pub guidance: String,
    pub max: Points,
    /// A yes/no item that, when confirmed, forces the failing conclusion (否决项).
    #[serde(default)]
    pub veto: bool,
    /// For checklists: the item must be present.
    #[serde(default)]
    pub required: bool,
    /// 定量 / 定性 / 现场: how the evidence is gathered.
    #[serde(default)]
    pub evidence: Option<String>,
    /// Overrides the template's aggregation for this criterion.
    #[serde(default)]
    pub aggregation: Option<AggregationRule>,
    pub sources: Vec<SeedCitation>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct CriterionGroup {
    pub id: String,
    pub name: String,
    /// A part that must reach this many points on its own (内蒙古 评审认定: 方案评审 and 实地评估).
    #[serde(default)]
    pub pass_min: Option<Points>,
    pub criteria: Vec<Criterion>,
}

/// A rubric template as written in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub format: u32,
    pub id: TemplateId,
    pub version: String,
    pub name: String,
    pub region: Region,
    pub stage: Stage,
    /// The stage as the region's guideline names it, e.g. 咨询论证（含实地考察）.
    pub stage_name: String,
    pub mode: TemplateMode,
    #[serde(default)]
    pub center_types: Vec<String>,
    /// Where the guideline calls for this review.
    pub basis: Vec<SeedCitation>,
    pub rules: TemplateRules,
    pub conclusions: ConclusionRules,
    pub groups: Vec<CriterionGroup>,
}

/// A template that could not be accepted: which file, which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("模板文件「{file}」{}：{message}", if field.is_empty() { String::new() } else { format!("的字段「{field}」") })]
pub struct TemplateError {
    pub file: String,
    /// Path of the faulty field, e.g. `groups[2].criteria[0].max`; empty when the whole file is at fault.
    pub field: String,
    pub message: String,
}

impl Template {
    /// Reads and validates a template file's bytes; `file` names the file in error messages.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Template, TemplateError> {
        let whole_file = |message: String| TemplateError { file: file.to_owned(), field: String::new(), message };
        if bytes.len() > MAX_TEMPLATE_BYTES {
            return Err(whole_file(format!(
                "文件过大（{} KB），模板文件不应超过 {} KB",
                bytes.len() / 1024,
                MAX_TEMPLATE_BYTES / 1024
            )));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| whole_file("不是 UTF-8 编码的文本文件".to_owned()))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let template: Template = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let field = e.path().to_string();
            let inner = e.into_inner();
            TemplateError {
                file: file.to_owned(),
                field: if field == "." { String::new() } else { field },
                message: translate_serde_message(&inner),
            }
        })?;
        template.validate(file)?;
        Ok(template)
    }

    /// Every criterion in order, with its group.
    pub fn criteria(&self) -> impl Iterator<Item = (&CriterionGroup, &Criterion)> {
        self.groups.iter().flat_map(|g| g.criteria.iter().map(move |c| (g, c)))
    }

    /// The sum of every criterion's maximum.
    pub fn total_max(&self) -> Points {
        Points::from_tenths(self.criteria().map(|(_, c)| c.max.tenths()).sum())
    }

    pub fn criterion(&self, id: &CriterionId) -> Option<&Criterion> {
        self.criteria().map(|(_, c)| c).find(|c| &c.id == id)
    }

    fn validate(&self, file: &str) -> Result<(), TemplateError> {
        let fail = |field: String, message: String| Err(TemplateError { file: file.to_owned(), field, message });
        if self.format > TEMPLATE_FORMAT {
            return fail("format".into(), format!("格式版本 {} 比本程序支持的 {} 新，请升级本程序后再导入", self.format, TEMPLATE_FORMAT));
        }
        if self.format == 0 {
            return fail("format".into(), "格式版本应为 1".into());
        }
        let id_ok = !self.id.0.is_empty()
            && self.id.0.len() <= 64
            && self.id.0.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        if !id_ok {
            return fail("id".into(), "模板编号只能由小写字母、数字和 . _ - 组成，且不超过 64 个字符".into());
        }
        for (field, value) in [("name", &self.name), ("stage_name", &self.stage_name), ("version", &self.version)] {
            if value.trim().is_empty() {
                return fail(field.into(), "不能为空".into());
            }
        }
        for (i, c) in self.basis.iter().enumerate() {
            check_citation(c).or_else(|m| fail(format!("basis[{i}]"), m))?;
        }
        if self.groups.is_empty() {
            return fail("groups".into(), "至少要有一个评审项目组".into());
        }
        let mut group_ids = HashSet::new();
        let mut criterion_ids = HashSet::new();
        for (gi, group) in self.groups.iter().enumerate() {
            let gpath = format!("groups[{gi}]");
            if group.id.trim().is_empty() || !group_ids.insert(group.id.as_str()) {
                return fail(format!("{gpath}.id"), format!("组编号“{}”为空或重复", group.id));
            }
            if group.name.trim().is_empty() {
                return fail(format!("{gpath}.name"), "不能为空".into());
            }
            if group.criteria.is_empty() {
                return fail(format!("{gpath}.criteria"), "组内至少要有一个评审指标".into());
            }
            let group_max: u32 = group.criteria.iter().map(|c| c.max.tenths()).sum();
            if let Some(pass_min) = group.pass_min {
                if pass_min.tenths() > group_max {
                    return fail(format!("{gpath}.pass_min"), format!("及格线 {pass_min} 超过了本组满分 {}", Points::from_tenths(group_max)));
                }
            }
            for (ci, criterion) in group.criteria.iter().enumerate() {
                let cpath = format!("{gpath}.criteria[{ci}]");
                if criterion.id.0.trim().is_empty() || !criterion_ids.insert(criterion.id.0.as_str()) {
                    return fail(format!("{cpath}.id"), format!("指标编号“{}”为空或在模板中重复", criterion.id));
                }
                if criterion.name.trim().is_empty() {
                    return fail(format!("{cpath}.name"), "不能为空".into());
                }
                match (self.mode, criterion.veto) {
                    (TemplateMode::Scored, false) if criterion.max == Points::ZERO => {
                        return fail(format!("{cpath}.max"), "计分指标的满分必须大于 0".into());
                    }
                    (TemplateMode::Scored, true) | (TemplateMode::Checklist, _) if criterion.max != Points::ZERO => {
                        return fail(format!("{cpath}.max"), "否决项和核对项不计分，满分应为 0".into());
                    }
                    _ => {}
                }
                if let Some(rule) = criterion.aggregation {
                    check_aggregation(rule).or_else(|m| fail(format!("{cpath}.aggregation"), m))?;
                }
                if criterion.sources.is_empty() {
                    return fail(format!("{cpath}.sources"), "每个指标都必须注明依据的指引文件和行号".into());
                }
                for (si, c) in criterion.sources.iter().enumerate() {
                    check_citation(c).or_else(|m| fail(format!("{cpath}.sources[{si}]"), m))?;
                }
            }
        }
        check_aggregation(self.rules.aggregation).or_else(|m| fail("rules.aggregation".into(), m))?;
        for (field, value) in [
            ("rules.deduction_comment_percent", self.rules.deduction_comment_percent),
            ("rules.deviation_warning_percent", self.rules.deviation_warning_percent),
        ] {
            if value > 100 {
                return fail(field.into(), "百分比不能超过 100".into());
            }
        }
        let total = self.total_max();
        if self.mode == TemplateMode::Scored {
            if self.rules.grade_bands.is_empty() {
                return fail("rules.grade_bands".into(), "计分模板必须给出等级划分".into());
            }
            check_descending_to_zero(self.rules.grade_bands.iter().map(|b| b.min), total)
                .or_else(|m| fail("rules.grade_bands".into(), m))?;
        }
        let conclusions = &self.conclusions;
        if conclusions.options.is_empty() || conclusions.options.iter().any(|o| o.trim().is_empty()) {
            return fail("conclusions.options".into(), "至少要有一个结论选项，且选项不能为空".into());
        }
        if conclusions.veto_option >= conclusions.options.len() {
            return fail("conclusions.veto_option".into(), format!("应在 0 到 {} 之间", conclusions.options.len() - 1));
        }
        if !conclusions.proposals.is_empty() && conclusions.proposals.len() != conclusions.options.len() {
            return fail(
                "conclusions.proposals".into(),
                format!("应为每个结论选项各写一项（共 {} 项），现有 {} 项", conclusions.options.len(), conclusions.proposals.len()),
            );
        }
        if conclusions.suggest.is_empty() {
            return fail("conclusions.suggest".into(), "至少要有一条结论建议规则".into());
        }
        for (i, rule) in conclusions.suggest.iter().enumerate() {
            if rule.option >= conclusions.options.len() {
                return fail(format!("conclusions.suggest[{i}].option"), format!("应在 0 到 {} 之间", conclusions.options.len() - 1));
            }
        }
        let cap = if self.mode == TemplateMode::Scored { total } else { Points::ZERO };
        check_descending_to_zero(conclusions.suggest.iter().map(|s| s.min_total), cap)
            .or_else(|m| fail("conclusions.suggest".into(), m))?;
        Ok(())
    }
}

fn check_citation(citation: &SeedCitation) -> Result<(), String> {
    if citation.seed.trim().is_empty() {
        return Err("没有写明依据的指引文件".into());
    }
    if citation.line == 0 {
        return Err("行号应从 1 开始".into());
    }
    if citation.quote.trim().is_empty() {
        return Err("没有摘录指引原文".into());
    }
    Ok(())
}

fn check_aggregation(rule: AggregationRule) -> Result<(), String> {
    if rule.method == AggregationMethod::TrimmedMean && rule.min_experts < 3 {
        return Err("去掉最高分和最低分至少需要 3 位专家（min_experts ≥ 3）".into());
    }
    Ok(())
}

fn check_descending_to_zero(mins: impl Iterator<Item = Points>, cap: Points) -> Result<(), String> {
    let mins: Vec<Points> = mins.collect();
    if mins.windows(2).any(|w| w[0] <= w[1]) {
        return Err("分数线应从高到低排列且互不相同".into());
    }
    if mins.last() != Some(&Points::ZERO) {
        return Err("最后一档应从 0 分起".into());
    }
    if mins.first().is_some_and(|m| *m > cap) {
        return Err(format!("最高分数线超过了模板总分 {cap}"));
    }
    Ok(())
}

/// Says serde's English errors in Chinese; the original stays in brackets for the rare odd case.
fn translate_serde_message(error: &serde_json::Error) -> String {
    let raw = error.to_string();
    let detail = raw.split(" at line ").next().unwrap_or(&raw).to_owned();
    let location = format!("（第 {} 行第 {} 列）", error.line(), error.column());
    let between_backticks = |s: &str| s.split('`').nth(1).unwrap_or("").to_owned();
    let message = if detail.starts_with("missing field") {
        format!("缺少必填字段「{}」", between_backticks(&detail))
    } else if detail.starts_with("unknown field") {
        format!("有不认识的字段「{}」", between_backticks(&detail))
    } else if detail.starts_with("unknown variant") {
        format!("取值「{}」不在允许的范围内（{}）", between_backticks(&detail), detail.split("expected").nth(1).unwrap_or("").trim())
    } else if detail.starts_with("invalid type") {
        format!("类型不对（{detail}）")
    } else if error.is_syntax() || error.is_eof() {
        format!("不是有效的 JSON：{detail}")
    } else {
        detail
    };
    format!("{message}{location}")
}

/// One line of the template list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TemplateSummary {
    pub id: TemplateId,
    pub version: String,
    pub name: String,
    pub region: Region,
    pub stage: Stage,
    pub stage_name: String,
    pub mode: TemplateMode,
    pub criteria_count: u32,
    pub total_max: Points,
    /// Shipped with the app (cannot be replaced by an import) rather than imported by a department.
    pub builtin: bool,
}

impl TemplateSummary {
    pub fn of(template: &Template, builtin: bool) -> TemplateSummary {
        TemplateSummary {
            id: template.id.clone(),
            version: template.version.clone(),
            name: template.name.clone(),
            region: template.region,
            stage: template.stage,
            stage_name: template.stage_name.clone(),
            mode: template.mode,
            criteria_count: template.criteria().count() as u32,
            total_max: template.total_max(),
            builtin,
        }
    }
}
