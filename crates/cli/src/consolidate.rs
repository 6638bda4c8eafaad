//! `tic-review consolidate SCENARIO.json`: the chair's consolidation without a window.
//! The scenario format is documented in docs/consolidation-scenario.md.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use tic_domain::builtin::BUILTIN_TEMPLATES;
use tic_domain::consolidation::{consolidate, ExpertSheetInput};
use tic_domain::sheet::{check_answer, Answer};
use tic_domain::{CriterionId, ExpertId, ExpertType, Points, Template};

#[derive(Deserialize)]
#[serde(untagged)]
enum TemplateRef {
    Id(String),
    Inline(serde_json::Value),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Score {
    Points(serde_json::Number),
    Text(String),
    YesNo(bool),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioExpert {
    name: String,
    /// Accepted and checked now so scenarios stay valid when panel-composition checks use it.
    #[serde(rename = "type", default = "technical")]
    #[allow(dead_code)]
    expert_type: ExpertType,
    #[serde(default)]
    recused: bool,
    #[serde(default = "yes")]
    submitted: bool,
    #[serde(default)]
    scores: BTreeMap<String, Score>,
    #[serde(default)]
    comments: BTreeMap<String, String>,
}

fn technical() -> ExpertType {
    ExpertType::Technical
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    template: TemplateRef,
    experts: Vec<ScenarioExpert>,
    #[serde(default = "first_round")]
    round: u32,
}

fn first_round() -> u32 {
    1
}

/// Reads, checks and consolidates a scenario; the error is a Chinese message for stderr.
pub fn consolidate_file(path: &Path) -> Result<String, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取场景文件「{name}」：{e}"))?;
    let mut de = serde_json::Deserializer::from_slice(&bytes);
    let scenario: Scenario = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| format!("场景文件「{name}」的「{}」有误：{}", e.path(), e.inner()))?;
    let template = match scenario.template {
        TemplateRef::Id(id) => {
            let (file, text) = BUILTIN_TEMPLATES
                .iter()
                .find(|(f, _)| *f == format!("{id}.json"))
                .ok_or_else(|| format!("场景文件「{name}」：没有编号为“{id}”的内置模板"))?;
            Template::parse(file, text.as_bytes()).map_err(|e| e.to_string())?
        }
        TemplateRef::Inline(value) => Template::parse(&format!("{name} 中的 template"), value.to_string().as_bytes()).map_err(|e| e.to_string())?,
    };
    if scenario.round != 1 {
        return Err(format!("场景文件「{name}」：round 只能为 1（第二轮评分尚未在命令行中提供）"));
    }
    if scenario.experts.is_empty() {
        return Err(format!("场景文件「{name}」：experts 不能为空"));
    }
    let mut seen = HashSet::new();
    let mut sheets = Vec::new();
    for (i, expert) in scenario.experts.iter().enumerate() {
        let at = format!("场景文件「{name}」第 {} 位专家（{}）", i + 1, expert.name);
        if expert.name.trim().is_empty() || !seen.insert(expert.name.trim()) {
            return Err(format!("{at}：姓名为空或重复"));
        }
        let mut answers = Vec::new();
        for (criterion, score) in &expert.scores {
            let (points, yes_no) = match score {
                Score::YesNo(v) => (None, Some(*v)),
                Score::Points(n) => (Some(n.to_string().parse::<Points>().map_err(|e| format!("{at}，指标 {criterion}：{e}"))?), None),
                Score::Text(t) => (Some(t.parse::<Points>().map_err(|e| format!("{at}，指标 {criterion}：{e}"))?), None),
            };
            let answer = Answer {
                criterion: CriterionId(criterion.clone()),
                points,
                yes_no,
                comment: expert.comments.get(criterion).cloned().unwrap_or_default(),
            };
            check_answer(&template, &answer).map_err(|e| format!("{at}：{e}"))?;
            answers.push(answer);
        }
        if expert.submitted && !expert.recused {
            if let Some((_, c)) = template.criteria().find(|(_, c)| !answers.iter().any(|a| a.criterion == c.id)) {
                return Err(format!("{at}：已提交的评分表缺少指标 {}（{}）", c.id, c.name));
            }
        }
        sheets.push(ExpertSheetInput {
            expert_id: ExpertId(i as i64 + 1),
            name: expert.name.trim().to_owned(),
            recused: expert.recused,
            submitted: expert.submitted,
            answers,
            first_round: Vec::new(),
        });
    }
    let result = consolidate(&template, &sheets);
    serde_json::to_string_pretty(&result).map_err(|e| e.to_string())
}
