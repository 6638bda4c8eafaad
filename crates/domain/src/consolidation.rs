//! The chair's consolidation (专家评分汇总): exact aggregates, statistics, vetoes, grade and
//! suggested conclusion from every submitted sheet.
//!
//! Arithmetic is exact (`Ratio<i128>` of points) until the very end, where each printed value is
//! rounded half up to two decimals (Kendall's W to four). The total is the exact sum of the
//! criteria's exact aggregates, rounded once; so printed criterion values may differ from the
//! printed total by a rounding unit. Grades and the suggested conclusion use the printed total,
//! so the paper never shows 90.00 next to 良好.

use std::collections::HashMap;

use num_integer::Roots;
use num_rational::Ratio;
use num_traits::Signed;
use serde::{Deserialize, Serialize};

use crate::ids::{CriterionId, ExpertId};
use crate::points::Points;
use crate::sheet::{answer_kind, Answer, AnswerKind};
use crate::template::{AggregationMethod, Template, VetoRule};

/// Point values are small (tenths below 10⁵, at most a few dozen experts), so i64 is ample and
/// keeps the gcd inside every rational operation cheap.
type Exact = Ratio<i64>;

fn exact(p: Points) -> Exact {
    Ratio::new(p.tenths() as i64, 10)
}

/// Rounds a non-negative exact value half up to `places` decimals and prints it ("85.13").
pub fn format_exact(value: Exact, places: u32) -> String {
    let scale = 10i64.pow(places);
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
    /// The answers that count: the first round's, with later rounds' re-scores applied.
    pub answers: Vec<Answer>,
    /// The first round's answers to criteria re-scored in a discussion round (empty otherwise),
    /// so both rounds can be shown.
    #[serde(default)]
    pub first_round: Vec<Answer>,
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
    /// First-round scores, per column, when this criterion was re-scored in a discussion round.
    pub first_round_scores: Option<Vec<Option<Points>>>,
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
    let is_scoring: Vec<bool> = columns.iter().map(|c| c.status == ColumnStatus::Scoring).collect();
    let n_scoring = scoring.len() as i128;
    let lookup = answer_lookup(template, sheets);
    let answer = |i: usize, k: usize| lookup[i][k];

    let mut rows = Vec::new();
    let mut exact_by_criterion: Vec<(CriterionId, Option<Exact>)> = Vec::new();
    for (k, (group, criterion)) in template.criteria().enumerate() {
        let cells: Vec<Option<Points>> = (0..sheets.len())
            .map(|i| if is_scoring[i] { answer(i, k).and_then(|a| a.points) } else { None })
            .collect();
        let yes_no: Vec<Option<bool>> = (0..sheets.len())
            .map(|i| if is_scoring[i] { answer(i, k).and_then(|a| a.yes_no) } else { None })
            .collect();
        let mut row = CriterionRow {
            criterion: criterion.id.clone(),
            name: criterion.name.clone(),
            group_id: group.id.clone(),
            max: criterion.max,
            veto: criterion.veto,
            scores: cells.clone(),
            yes_no: yes_no.clone(),
            first_round_scores: sheets
                .iter()
                .any(|s| s.first_round.iter().any(|a| a.criterion == criterion.id))
                .then(|| {
                    (0..sheets.len())
                        .map(|i| {
                            if !is_scoring[i] {
                                return None;
                            }
                            let first = sheets[i].first_round.iter().find(|a| a.criterion == criterion.id);
                            first.map(|a| a.points).unwrap_or_else(|| cells[i])
                        })
                        .collect()
                }),
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
        // Whole tenths until a value is printed: sums, squares and comparisons stay integers.
        let mut values: Vec<(usize, i64)> =
            cells.iter().enumerate().filter_map(|(i, p)| p.map(|p| (i, p.tenths() as i64))).collect();
        let mut aggregate = None;
        if answer_kind(template, criterion) == AnswerKind::Points && !values.is_empty() {
            let rule = criterion.aggregation.unwrap_or(template.rules.aggregation);
            let CriterionNumbers { mean_kept, trimmed, median_20, variance, range_tenths } = criterion_numbers(&mut values, rule);
            let med = Ratio::new(median_20, 20);
            row.trimmed = trimmed;
            row.aggregate = Some(format_exact(mean_kept, 2));
            row.median = Some(format_exact(med, 2));
            row.range = Some(format_exact(Ratio::new(range_tenths, 10), 2));
            row.std_dev = Some(std_dev_2(variance));
            let percent = template.rules.deviation_warning_percent as i64;
            if percent > 0 {
                let max_tenths = criterion.max.tenths() as i64;
                for (i, x) in &values {
                    let gap_20 = (2 * x - median_20).abs();
                    // gap > max·percent/100  ⇔  gap_20/20 > max_tenths·percent/1000  ⇔  50·gap_20 > max_tenths·percent.
                    if gap_20 * 50 > max_tenths * percent {
                        let threshold = exact(criterion.max) * percent / 100;
                        row.warnings.push(DeviationWarning {
                            expert_id: sheets[*i].expert_id,
                            message: format!(
                                "{}的评分 {} 与专家组中位数 {} 相差 {} 分，超过满分的 {}%（{} 分），请说明理由",
                                sheets[*i].name,
                                format_trimmed(Ratio::new(*x, 10)),
                                format_trimmed(med),
                                format_trimmed(Ratio::new(gap_20, 20)),
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
        kendall_w: kendall_w(template, &lookup, &scoring).map(|w| format_exact(w, 4)),
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
    let hundredths = whole.parse::<i64>().unwrap_or(0) * 100 + format!("{frac:0<2}")[..2].parse::<i64>().unwrap_or(0);
    hundredths >= min.tenths() as i64 * 10
}

/// A value for a sentence: as few decimals as it needs, at most two.
fn format_trimmed(value: Exact) -> String {
    let s = format_exact(value, 2);
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Kendall's W over the scored criteria, each expert ranking the criteria by the share of the
/// maximum they gave (ties get their average rank), with the usual tie correction:
/// W = 12·S / (m²(n³ − n) − m·ΣT), T = Σ(t³ − t) over each expert's tie groups.
fn kendall_w(template: &Template, lookup: &[Vec<Option<&Answer>>], scoring: &[usize]) -> Option<Exact> {
    let criteria: Vec<(usize, &crate::template::Criterion)> =
        template.criteria().map(|(_, c)| c).enumerate().filter(|(_, c)| answer_kind(template, c) == AnswerKind::Points).collect();
    // Each rater's shares as (points, max) in tenths, compared by cross-multiplication; the
    // products stay below 10¹⁰, and rank sums below m·n, so i64 is ample.
    let raters: Vec<Vec<(i64, i64)>> = scoring
        .iter()
        .filter_map(|&i| {
            criteria
                .iter()
                .map(|(k, c)| lookup[i][*k].and_then(|a| a.points).map(|p| (p.tenths() as i64, c.max.tenths() as i64)))
                .collect::<Option<Vec<_>>>()
        })
        .collect();
    let (m, n) = (raters.len() as i64, criteria.len() as i64);
    if m < 2 || n < 2 {
        return None;
    }
    let share_cmp = |a: (i64, i64), b: (i64, i64)| (a.0 * b.1).cmp(&(b.0 * a.1));
    // Ranks are doubled so that an average of tied ranks stays a whole number.
    let mut rank_sums_2 = vec![0i64; n as usize];
    let mut ties = 0i64;
    for shares in &raters {
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|a, b| share_cmp(shares[*a], shares[*b]));
        let mut start = 0;
        while start < order.len() {
            let mut end = start;
            while end + 1 < order.len() && share_cmp(shares[order[end + 1]], shares[order[start]]).is_eq() {
                end += 1;
            }
            let t = (end - start + 1) as i64;
            // Positions start..=end share the average of ranks start+1 ..= end+1, doubled.
            let rank_2 = (start + end + 2) as i64;
            for &k in &order[start..=end] {
                rank_sums_2[k] += rank_2;
            }
            ties += t * t * t - t;
            start = end + 1;
        }
    }
    let mean_2 = m * (n + 1);
    let s_4: i64 = rank_sums_2.iter().map(|r| (r - mean_2) * (r - mean_2)).sum();
    let denominator = m * m * (n * n * n - n) - m * ties;
    if denominator == 0 {
        return None;
    }
    // W = 12·S / D with S = S₄ / 4.
    Some(Ratio::new(3 * s_4, denominator))
}

/// Each sheet's answer to each criterion, in the template's order. Sheets from the store are
/// already in that order, so the common case is a positional match with no hashing.
fn answer_lookup<'a>(template: &Template, sheets: &'a [ExpertSheetInput]) -> Vec<Vec<Option<&'a Answer>>> {
    sheets
        .iter()
        .map(|s| {
            let mut by_id: Option<HashMap<&str, &Answer>> = None;
            template
                .criteria()
                .enumerate()
                .map(|(k, (_, c))| match s.answers.get(k) {
                    Some(a) if a.criterion == c.id => Some(a),
                    _ => by_id
                        .get_or_insert_with(|| s.answers.iter().map(|a| (a.criterion.0.as_str(), a)).collect())
                        .get(c.id.0.as_str())
                        .copied(),
                })
                .collect()
        })
        .collect()
}

struct CriterionNumbers {
    mean_kept: Exact,
    trimmed: bool,
    /// The median in twentieths of a point, so an even count needs no fraction.
    median_20: i64,
    variance: Exact,
    range_tenths: i64,
}

/// The exact numbers of one criterion from its scores in tenths (sorted in place).
fn criterion_numbers(values: &mut [(usize, i64)], rule: crate::template::AggregationRule) -> CriterionNumbers {
    values.sort_by_key(|v| v.1);
    let n = values.len();
    let trimmed = rule.method == AggregationMethod::TrimmedMean && n as u32 >= rule.min_experts && n >= 3;
    let kept = if trimmed { &values[1..n - 1] } else { &values[..] };
    let mean_kept = Ratio::new(kept.iter().map(|v| v.1).sum::<i64>(), 10 * kept.len() as i64);
    let (sum, sum_sq) = values.iter().fold((0i64, 0i64), |(s, q), v| (s + v.1, q + v.1 * v.1));
    let n_i = n as i64;
    CriterionNumbers {
        mean_kept,
        trimmed,
        median_20: if n % 2 == 1 { 2 * values[n / 2].1 } else { values[n / 2 - 1].1 + values[n / 2].1 },
        // Population variance in points²: (n·Σx² − (Σx)²) / (n² · 100), x in tenths.
        variance: Ratio::new(n_i * sum_sq - sum * sum, n_i * n_i * 100),
        range_tenths: values[n - 1].1 - values[0].1,
    }
}

/// The numbers an archive report needs from one review, with no display text: total in
/// hundredths (rounded half up, as printed), whether a veto stands, and Kendall's W in
/// ten-thousandths. Agrees with [`consolidate`] to the last digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewStatistics {
    pub total_hundredths: i64,
    pub vetoed: bool,
    pub kendall_w_ten_thousandths: Option<i64>,
    pub scoring_experts: u32,
}

pub fn review_statistics(template: &Template, sheets: &[ExpertSheetInput]) -> ReviewStatistics {
    let scoring: Vec<usize> = (0..sheets.len()).filter(|&i| !sheets[i].recused && sheets[i].submitted).collect();
    let lookup = answer_lookup(template, sheets);
    let n_scoring = scoring.len() as i128;
    let mut total = Exact::from_integer(0);
    let mut vetoed = false;
    let mut values: Vec<(usize, i64)> = Vec::with_capacity(scoring.len());
    for (k, (_, criterion)) in template.criteria().enumerate() {
        if criterion.veto {
            let yes = scoring.iter().filter(|&&i| lookup[i][k].and_then(|a| a.yes_no) == Some(true)).count() as i128;
            vetoed |= match template.rules.veto_rule {
                VetoRule::MoreThanHalf => yes * 2 > n_scoring,
                VetoRule::TwoThirds => n_scoring > 0 && yes * 3 >= n_scoring * 2,
                VetoRule::Any => yes >= 1,
            };
            continue;
        }
        values.clear();
        values.extend(scoring.iter().filter_map(|&i| lookup[i][k].and_then(|a| a.points).map(|p| (i, p.tenths() as i64))));
        if answer_kind(template, criterion) == AnswerKind::Points && !values.is_empty() {
            total += criterion_numbers(&mut values, criterion.aggregation.unwrap_or(template.rules.aggregation)).mean_kept;
        }
    }
    let round = |v: Exact, scale: i64| (v.numer() * scale * 2 + v.denom()) / (v.denom() * 2);
    ReviewStatistics {
        total_hundredths: round(total, 100),
        vetoed,
        kendall_w_ten_thousandths: kendall_w(template, &lookup, &scoring).map(|w| round(w, 10_000)),
        scoring_experts: scoring.len() as u32,
    }
}
