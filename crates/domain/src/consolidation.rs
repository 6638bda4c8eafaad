//! The chair's consolidation (专家评分汇总): exact aggregates, statistics, vetoes, grade and
//! suggested conclusion from every submitted sheet.
//!
//! Arithmetic is exact (`Ratio<i128>` of points) until the very end, where each printed value is
//! rounded half up to two decimals (Kendall's W to four). The total is the exact sum of the
//! criteria's exact aggregates, rounded once; so printed criterion values may differ from the
//! printed total by a rounding unit. Grades and the suggested conclusion use the printed total,
//! so the paper never shows 90.00 next to 良好.

use num_integer::Roots;
use num_rational::Ratio;
use num_traits::{Signed, Zero};
use serde::{Deserialize, Serialize};

use crate::ids::{CriterionId, ExpertId};
use crate::points::Points;
use crate::sheet::{answer_kind, Answer, AnswerKind};
use crate::template::{AggregationMethod, Template, VetoRule};

type Exact = Ratio<i128>;

fn exact(p: Points) -> Exact {
    Ratio::new(p.tenths() as i128, 10)
}

/// Rounds a non-negative exact value half up to `places` decimals and prints it ("85.13").
pub fn format_exact(value: Exact, places: u32) -> String {
    let scale = 10i128.pow(places);
    let negative = value.is_negative();
    let v = value.abs();
    let scaled = (v.numer() * scale * 2 + v.denom()) / (v.denom() * 2);
    let (whole, frac) = (scaled / scale, scaled % scale);
    let sign = if negative && scaled != 0 { "-" } else { "" };
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = places as usize)
    }
}

/// The population standard deviation, rounded half up to two decimals, computed with integer
/// square roots so it is reproducible to the last digit: round(√y) = ⌊(⌊√⌊4y⌋⌋ + 1) / 2⌋.
fn std_dev_2(variance: Exact) -> String {
    let four_y = (variance.numer() * 40_000) / variance.denom();
    let hundredths = (four_y.sqrt() + 1) / 2;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// One expert's submitted (or missing) sheet, as the consolidation sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExpertSheetInput {
    pub expert_id: ExpertId,
    pub name: String,
    pub recused: bool,
    pub submitted: bool,
    pub answers: Vec<Answer>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ColumnStatus {
    /// Submitted; counted.
    Scoring,
    /// 回避; never counted.
    Recused,
    /// Not submitted yet; blocks finalising.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ExpertColumn {
    pub expert_id: ExpertId,
    pub name: String,
    pub status: ColumnStatus,
}

/// An expert whose score is far from the panel median; they are asked for a justification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DeviationWarning {
    pub expert_id: ExpertId,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct VetoResult {
    pub yes: u32,
    pub no: u32,
    /// Confirmed by the template's veto rule.
    pub stands: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CriterionRow {
    pub criterion: CriterionId,
    pub name: String,
    pub group_id: String,
    pub max: Points,
    pub veto: bool,
    /// One cell per column; only scoring experts' cells are filled.
    pub scores: Vec<Option<Points>>,
    pub yes_no: Vec<Option<bool>>,
    /// Whether one highest and one lowest score were dropped.
    pub trimmed: bool,
    pub aggregate: Option<String>,
    pub median: Option<String>,
    pub range: Option<String>,
    pub std_dev: Option<String>,
    pub warnings: Vec<DeviationWarning>,
    pub veto_result: Option<VetoResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub max: Points,
    pub total: String,
    pub pass_min: Option<Points>,
    pub passed: Option<bool>,
}

/// The whole consolidated result of a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Consolidation {
    pub columns: Vec<ExpertColumn>,
    pub rows: Vec<CriterionRow>,
    pub groups: Vec<GroupRow>,
    pub total: String,
    pub max_total: Points,
    pub grade: Option<String>,
    pub vetoed: bool,
    pub suggested_conclusion: Option<u32>,
    pub suggested_conclusion_text: Option<String>,
    /// Kendall's coefficient of concordance over the scored criteria (0 = no agreement, 1 = full).
    pub kendall_w: Option<String>,
    pub scoring_experts: u32,
    /// Every sheet is in; nothing blocks finalising.
    pub complete: bool,
    pub blocking: Vec<String>,
}

fn median(sorted: &[Exact]) -> Exact {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}

/// Consolidates the sheets of one review against its frozen template.
pub fn consolidate(template: &Template, sheets: &[ExpertSheetInput]) -> Consolidation {
    let columns: Vec<ExpertColumn> = sheets
        .iter()
        .map(|s| ExpertColumn {
            expert_id: s.expert_id,
            name: s.name.clone(),
            status: if s.recused {
                ColumnStatus::Recused
            } else if s.submitted {
                ColumnStatus::Scoring
            } else {
                ColumnStatus::Missing
            },
        })
        .collect();
    let scoring: Vec<usize> = (0..sheets.len()).filter(|&i| columns[i].status == ColumnStatus::Scoring).collect();
    let n_scoring = scoring.len() as i128;
    let answer = |i: usize, c: &CriterionId| sheets[i].answers.iter().find(|a| &a.criterion == c);

    let mut rows = Vec::new();
    let mut exact_by_criterion: Vec<(CriterionId, Option<Exact>)> = Vec::new();
    for (group, criterion) in template.criteria() {
        let cells: Vec<Option<Points>> = (0..sheets.len())
            .map(|i| if scoring.contains(&i) { answer(i, &criterion.id).and_then(|a| a.points) } else { None })
            .collect();
        let yes_no: Vec<Option<bool>> = (0..sheets.len())
            .map(|i| if scoring.contains(&i) { answer(i, &criterion.id).and_then(|a| a.yes_no) } else { None })
            .collect();
        let mut row = CriterionRow {
            criterion: criterion.id.clone(),
            name: criterion.name.clone(),
            group_id: group.id.clone(),
            max: criterion.max,
            veto: criterion.veto,
            scores: cells.clone(),
            yes_no: yes_no.clone(),
            trimmed: false,
            aggregate: None,
            median: None,
            range: None,
            std_dev: None,
            warnings: Vec::new(),
            veto_result: None,
        };
        if criterion.veto {
            let yes = yes_no.iter().filter(|v| **v == Some(true)).count() as i128;
            let no = yes_no.iter().filter(|v| **v == Some(false)).count() as i128;
            let stands = match template.rules.veto_rule {
                VetoRule::MoreThanHalf => yes * 2 > n_scoring,
                VetoRule::TwoThirds => n_scoring > 0 && yes * 3 >= n_scoring * 2,
                VetoRule::Any => yes >= 1,
            };
            row.veto_result = Some(VetoResult { yes: yes as u32, no: no as u32, stands });
        }
        let mut values: Vec<(usize, Exact)> =
            cells.iter().enumerate().filter_map(|(i, p)| p.map(|p| (i, exact(p)))).collect();
        let mut aggregate = None;
        if answer_kind(template, criterion) == AnswerKind::Points && !values.is_empty() {
            values.sort_by(|a, b| a.1.cmp(&b.1));
            let sorted: Vec<Exact> = values.iter().map(|v| v.1).collect();
            let rule = criterion.aggregation.unwrap_or(template.rules.aggregation);
            let n = sorted.len();
            let trimmed = rule.method == AggregationMethod::TrimmedMean && n as u32 >= rule.min_experts && n >= 3;
            let kept = if trimmed { &sorted[1..n - 1] } else { &sorted[..] };
            let mean_kept = kept.iter().copied().sum::<Exact>() / kept.len() as i128;
            let mean_all = sorted.iter().copied().sum::<Exact>() / n as i128;
            let variance = sorted.iter().map(|x| (x - mean_all) * (x - mean_all)).sum::<Exact>() / n as i128;
            let med = median(&sorted);
            row.trimmed = trimmed;
            row.aggregate = Some(format_exact(mean_kept, 2));
            row.median = Some(format_exact(med, 2));
            row.range = Some(format_exact(sorted[n - 1] - sorted[0], 2));
            row.std_dev = Some(std_dev_2(variance));
            let percent = template.rules.deviation_warning_percent as i128;
            if percent > 0 {
                let threshold = exact(criterion.max) * percent / 100;
                for (i, x) in &values {
                    let gap = (x - med).abs();
                    if gap > threshold {
                        row.warnings.push(DeviationWarning {
                            expert_id: sheets[*i].expert_id,
                            message: format!(
                                "{}的评分 {} 与专家组中位数 {} 相差 {} 分，超过满分的 {}%（{} 分），请说明理由",
                                sheets[*i].name,
                                format_trimmed(*x),
                                format_trimmed(med),
                                format_trimmed(gap),
                                percent,
                                format_trimmed(threshold)
                            ),
                        });
                    }
                }
            }
            aggregate = Some(mean_kept);
        }
        exact_by_criterion.push((criterion.id.clone(), aggregate));
        rows.push(row);
    }

    let aggregate_of = |id: &CriterionId| exact_by_criterion.iter().find(|(c, _)| c == id).and_then(|(_, a)| *a);
    let groups: Vec<GroupRow> = template
        .groups
        .iter()
        .filter(|g| g.criteria.iter().any(|c| !c.veto))
        .map(|g| {
            let total: Exact = g.criteria.iter().filter_map(|c| aggregate_of(&c.id)).sum();
            let printed = format_exact(total, 2);
            GroupRow {
                id: g.id.clone(),
                name: g.name.clone(),
                max: Points::from_tenths(g.criteria.iter().map(|c| c.max.tenths()).sum()),
                passed: g.pass_min.map(|min| printed_at_least(&printed, min)),
                total: printed,
                pass_min: g.pass_min,
            }
        })
        .collect();
    let total_exact: Exact = exact_by_criterion.iter().filter_map(|(_, a)| *a).sum();
    let total = format_exact(total_exact, 2);
    let vetoed = rows.iter().any(|r| r.veto_result.as_ref().is_some_and(|v| v.stands));

    let mut blocking: Vec<String> = columns
        .iter()
        .filter(|c| c.status == ColumnStatus::Missing)
        .map(|c| format!("{}尚未提交评分表", c.name))
        .collect();
    if scoring.is_empty() {
        blocking.push("还没有专家提交评分表".into());
    }
    let complete = blocking.is_empty();

    let grade = if scoring.is_empty() {
        None
    } else {
        template.rules.grade_bands.iter().find(|b| printed_at_least(&total, b.min)).map(|b| b.grade.clone())
    };
    let suggested_conclusion = if scoring.is_empty() {
        None
    } else if vetoed {
        Some(template.conclusions.veto_option as u32)
    } else {
        template.conclusions.suggest.iter().find(|s| printed_at_least(&total, s.min_total)).map(|s| {
            let part_failed = groups.iter().any(|g| g.passed == Some(false));
            let last = template.conclusions.options.len() - 1;
            (if part_failed { s.option.max(1).min(last) } else { s.option }) as u32
        })
    };
    Consolidation {
        kendall_w: kendall_w(template, sheets, &scoring),
        suggested_conclusion_text: suggested_conclusion.and_then(|i| template.conclusions.options.get(i as usize).cloned()),
        suggested_conclusion,
        columns,
        rows,
        groups,
        total,
        max_total: template.total_max(),
        grade,
        vetoed,
        scoring_experts: scoring.len() as u32,
        complete,
        blocking,
    }
}

/// Whether a printed two-decimal total reaches a threshold in points.
fn printed_at_least(printed: &str, min: Points) -> bool {
    let (whole, frac) = printed.split_once('.').unwrap_or((printed, "0"));
    let hundredths = whole.parse::<i128>().unwrap_or(0) * 100 + format!("{frac:0<2}")[..2].parse::<i128>().unwrap_or(0);
    hundredths >= min.tenths() as i128 * 10
}

/// A value for a sentence: as few decimals as it needs, at most two.
fn format_trimmed(value: Exact) -> String {
    let s = format_exact(value, 2);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Kendall's W over the scored criteria, each expert ranking the criteria by the share of the
/// maximum they gave (ties get their average rank), with the usual tie correction:
/// W = 12·S / (m²(n³ − n) − m·ΣT), T = Σ(t³ − t) over each expert's tie groups.
fn kendall_w(template: &Template, sheets: &[ExpertSheetInput], scoring: &[usize]) -> Option<String> {
    let criteria: Vec<_> = template.criteria().map(|(_, c)| c).filter(|c| answer_kind(template, c) == AnswerKind::Points).collect();
    let raters: Vec<Vec<Exact>> = scoring
        .iter()
        .filter_map(|&i| {
            criteria
                .iter()
                .map(|c| {
                    sheets[i]
                        .answers
                        .iter()
                        .find(|a| a.criterion == c.id)
                        .and_then(|a| a.points)
                        .map(|p| Ratio::new(p.tenths() as i128, c.max.tenths() as i128))
                })
                .collect::<Option<Vec<Exact>>>()
        })
        .collect();
    let (m, n) = (raters.len() as i128, criteria.len() as i128);
    if m < 2 || n < 2 {
        return None;
    }
    let mut rank_sums = vec![Exact::zero(); n as usize];
    let mut ties = 0i128;
    for shares in &raters {
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|a, b| shares[*a].cmp(&shares[*b]));
        let mut start = 0;
        while start < order.len() {
            let mut end = start;
            while end + 1 < order.len() && shares[order[end + 1]] == shares[order[start]] {
                end += 1;
            }
            let t = (end - start + 1) as i128;
            // Positions start..=end share the average of ranks start+1 ..= end+1.
            let rank = Ratio::new((start + 1 + end + 1) as i128, 2);
            for &k in &order[start..=end] {
                rank_sums[k] += rank;
            }
            ties += t * t * t - t;
            start = end + 1;
        }
    }
    let mean = Ratio::new(m * (n + 1), 2);
    let s: Exact = rank_sums.iter().map(|r| (r - mean) * (r - mean)).sum();
    let denominator = m * m * (n * n * n - n) - m * ties;
    if denominator == 0 {
        return None;
    }
    Some(format_exact(s * 12 / denominator, 4))
}
