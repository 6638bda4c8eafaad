//! The chair's consolidation (专家评分汇总): exact aggregates, statistics, vetoes, grade and
//! suggested conclusion from every submitted sheet.
//!
//! Arithmetic is exact (`Ratio<i64>` of points) until the very end, where each printed value is
//! rounded half up to two decimals (Kendall's W to four). The total is the exact sum of the
//! criteria's exact aggregates, rounded once; so printed criterion values may differ from the
//! printed total by a rounding unit. Grades, pass marks and the suggested conclusion compare the
//! rounded value (in hundredths, as an integer) with the threshold, so the paper never shows
//! 90.00 next to 良好. [`tally`] computes every number once; [`consolidate`] prints them and
//! [`review_statistics`] hands them to the archive reports.

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

/// Rounds an exact value half up (away from zero) to whole units of 1/`scale`: the one rounding
/// rule of every printed value and every threshold comparison.
pub fn round_half_up(value: Exact, scale: i64) -> i64 {
    let v = value.abs();
    let scaled = (v.numer() * scale * 2 + v.denom()) / (v.denom() * 2);
    if value.is_negative() {
        -scaled
    } else {
        scaled
    }
}

/// Rounds an exact value half up to `places` decimals and prints it ("85.13").
pub fn format_exact(value: Exact, places: u32) -> String {
    format_scaled(round_half_up(value, 10i64.pow(places)), places)
}

/// Prints a value already rounded to `places` decimals.
fn format_scaled(scaled: i64, places: u32) -> String {
    let scale = 10i64.pow(places);
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, frac) = (scaled.abs() / scale, scaled.abs() % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = places as usize)
    }
}

/// A threshold in points, in the hundredths a total is rounded to.
fn hundredths_of(p: Points) -> i64 {
    p.tenths() as i64 * 10
}

/// The population standard deviation, rounded half up to two decimals, computed with integer
/// square roots so it is reproducible to the last digit: round(√y) = ⌊(⌊√⌊4y⌋⌋ + 1) / 2⌋.
fn std_dev_2(variance: Exact) -> String {
    let four_y = (variance.numer() * 40_000) / variance.denom();
    let hundredths = (four_y.sqrt() + 1) / 2;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Whether a veto item is confirmed, given how many of the scoring experts answered 是.
pub fn veto_stands(rule: VetoRule, yes: u32, scoring_experts: u32) -> bool {
    let (yes, n) = (yes as u64, scoring_experts as u64);
    match rule {
        VetoRule::MoreThanHalf => yes * 2 > n,
        VetoRule::TwoThirds => n > 0 && yes * 3 >= n * 2,
        VetoRule::Any => yes >= 1,
    }
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

/// The exact numbers of one review, before anything is printed: what the matrix, the documents
/// and the archive statistics all derive from.
struct Tally<'a> {
    statuses: Vec<ColumnStatus>,
    /// Indices of the scoring sheets.
    scoring: Vec<usize>,
    lookup: Vec<Vec<Option<&'a Answer>>>,
    /// One per criterion, in the template's order.
    criteria: Vec<CriterionTally>,
    /// The exact sum of the criteria's exact aggregates.
    total: Exact,
    vetoed: bool,
}

struct CriterionTally {
    veto: Option<VetoResult>,
    /// For a points criterion that at least one scoring expert answered.
    numbers: Option<CriterionNumbers>,
}

fn status_of(sheet: &ExpertSheetInput) -> ColumnStatus {
    if sheet.recused {
        ColumnStatus::Recused
    } else if sheet.submitted {
        ColumnStatus::Scoring
    } else {
        ColumnStatus::Missing
    }
}

fn tally<'a>(template: &Template, sheets: &'a [ExpertSheetInput]) -> Tally<'a> {
    let statuses: Vec<ColumnStatus> = sheets.iter().map(status_of).collect();
    let scoring: Vec<usize> = (0..sheets.len()).filter(|&i| statuses[i] == ColumnStatus::Scoring).collect();
    let lookup = answer_lookup(template, sheets);
    let mut criteria = Vec::new();
    for (k, (_, criterion)) in template.criteria().enumerate() {
        let veto = criterion.veto.then(|| {
            let answers = || scoring.iter().map(|&i| lookup[i][k].and_then(|a| a.yes_no));
            let yes = answers().filter(|v| *v == Some(true)).count() as u32;
            let no = answers().filter(|v| *v == Some(false)).count() as u32;
            VetoResult { yes, no, stands: veto_stands(template.rules.veto_rule, yes, scoring.len() as u32) }
        });
        // Whole tenths until a value is printed: sums, squares and comparisons stay integers.
        let mut values: Vec<(usize, i64)> =
            scoring.iter().filter_map(|&i| lookup[i][k].and_then(|a| a.points).map(|p| (i, p.tenths() as i64))).collect();
        let numbers = (answer_kind(template, criterion) == AnswerKind::Points && !values.is_empty())
            .then(|| criterion_numbers(&mut values, criterion.aggregation.unwrap_or(template.rules.aggregation)));
        criteria.push(CriterionTally { veto, numbers });
    }
    let total = criteria.iter().filter_map(|c| c.numbers.as_ref().map(|n| n.mean_kept)).sum();
    let vetoed = criteria.iter().any(|c| c.veto.as_ref().is_some_and(|v| v.stands));
    Tally { statuses, scoring, lookup, criteria, total, vetoed }
}

/// Consolidates the sheets of one review against its frozen template.
pub fn consolidate(template: &Template, sheets: &[ExpertSheetInput]) -> Consolidation {
    let t = tally(template, sheets);
    let columns: Vec<ExpertColumn> = sheets
        .iter()
        .zip(&t.statuses)
        .map(|(s, status)| ExpertColumn { expert_id: s.expert_id, name: s.name.clone(), status: *status })
        .collect();
    let rows: Vec<CriterionRow> = template
        .criteria()
        .zip(&t.criteria)
        .enumerate()
        .map(|(k, ((group, criterion), numbers))| criterion_row(template, sheets, &t, k, group, criterion, numbers))
        .collect();
    let groups = group_rows(template, &t);
    let total_hundredths = round_half_up(t.total, 100);

    let mut blocking: Vec<String> = columns
        .iter()
        .filter(|c| c.status == ColumnStatus::Missing)
        .map(|c| format!("{}尚未提交评分表", c.name))
        .collect();
    if t.scoring.is_empty() {
        blocking.push("还没有专家提交评分表".into());
    }
    let (grade, suggested_conclusion) = if t.scoring.is_empty() {
        (None, None)
    } else {
        // A confirmed veto is a one-vote veto (GXP:145 “一票否决”; NM:47): the failing grade
        // (the template's lowest band) whatever the total.
        let grade = if t.vetoed {
            template.rules.grade_bands.last().map(|b| b.grade.clone())
        } else {
            template.rules.grade_bands.iter().find(|b| total_hundredths >= hundredths_of(b.min)).map(|b| b.grade.clone())
        };
        let part_failed = groups.iter().any(|g| g.passed == Some(false));
        (grade, suggest_conclusion(template, total_hundredths, t.vetoed, part_failed))
    };
    Consolidation {
        kendall_w: kendall_w(template, &t.lookup, &t.scoring).map(|w| format_exact(w, 4)),
        suggested_conclusion_text: suggested_conclusion.and_then(|i| template.conclusions.options.get(i as usize).cloned()),
        suggested_conclusion,
        columns,
        rows,
        groups,
        total: format_scaled(total_hundredths, 2),
        max_total: template.total_max(),
        grade,
        vetoed: t.vetoed,
        scoring_experts: t.scoring.len() as u32,
        complete: blocking.is_empty(),
        blocking,
    }
}

/// The template's suggested conclusion: the veto option when a veto stands, else the first band
/// the rounded total reaches, moved off the best option when a group missed its pass mark.
fn suggest_conclusion(template: &Template, total_hundredths: i64, vetoed: bool, part_failed: bool) -> Option<u32> {
    if vetoed {
        return Some(template.conclusions.veto_option as u32);
    }
    template.conclusions.suggest.iter().find(|s| total_hundredths >= hundredths_of(s.min_total)).map(|s| {
        let last = template.conclusions.options.len() - 1;
        (if part_failed { s.option.max(1).min(last) } else { s.option }) as u32
    })
}

/// One group's subtotal and pass mark, for groups with at least one scored criterion.
fn group_rows(template: &Template, t: &Tally) -> Vec<GroupRow> {
    let by_id: HashMap<&str, Exact> = template
        .criteria()
        .zip(&t.criteria)
        .filter_map(|((_, c), n)| n.numbers.as_ref().map(|n| (c.id.0.as_str(), n.mean_kept)))
        .collect();
    template
        .groups
        .iter()
        .filter(|g| g.criteria.iter().any(|c| !c.veto))
        .map(|g| {
            let total: Exact = g.criteria.iter().filter_map(|c| by_id.get(c.id.0.as_str()).copied()).sum();
            let hundredths = round_half_up(total, 100);
            GroupRow {
                id: g.id.clone(),
                name: g.name.clone(),
                max: Points::from_tenths(g.criteria.iter().map(|c| c.max.tenths()).sum()),
                passed: g.pass_min.map(|min| hundredths >= hundredths_of(min)),
                total: format_scaled(hundredths, 2),
                pass_min: g.pass_min,
            }
        })
        .collect()
}

/// One criterion's row of the matrix: every column's cells, the printed statistics and the
/// deviation warnings.
fn criterion_row(
    template: &Template,
    sheets: &[ExpertSheetInput],
    t: &Tally,
    k: usize,
    group: &crate::template::CriterionGroup,
    criterion: &crate::template::Criterion,
    numbers: &CriterionTally,
) -> CriterionRow {
    let is_scoring = |i: usize| t.statuses[i] == ColumnStatus::Scoring;
    let cells: Vec<Option<Points>> =
        (0..sheets.len()).map(|i| if is_scoring(i) { t.lookup[i][k].and_then(|a| a.points) } else { None }).collect();
    let yes_no: Vec<Option<bool>> =
        (0..sheets.len()).map(|i| if is_scoring(i) { t.lookup[i][k].and_then(|a| a.yes_no) } else { None }).collect();
    let first_round_scores = sheets.iter().any(|s| s.first_round.iter().any(|a| a.criterion == criterion.id)).then(|| {
        (0..sheets.len())
            .map(|i| {
                if !is_scoring(i) {
                    return None;
                }
                let first = sheets[i].first_round.iter().find(|a| a.criterion == criterion.id);
                first.map(|a| a.points).unwrap_or_else(|| cells[i])
            })
            .collect()
    });
    let mut row = CriterionRow {
        criterion: criterion.id.clone(),
        name: criterion.name.clone(),
        group_id: group.id.clone(),
        max: criterion.max,
        veto: criterion.veto,
        scores: cells,
        yes_no,
        first_round_scores,
        trimmed: false,
        aggregate: None,
        median: None,
        range: None,
        std_dev: None,
        warnings: Vec::new(),
        veto_result: numbers.veto.clone(),
    };
    if let Some(n) = &numbers.numbers {
        let med = Ratio::new(n.median_20, 20);
        row.trimmed = n.trimmed;
        row.aggregate = Some(format_exact(n.mean_kept, 2));
        row.median = Some(format_exact(med, 2));
        row.range = Some(format_exact(Ratio::new(n.range_tenths, 10), 2));
        row.std_dev = Some(std_dev_2(n.variance));
        let percent = template.rules.deviation_warning_percent as i64;
        if percent > 0 {
            let max_tenths = criterion.max.tenths() as i64;
            for (i, x) in &n.sorted {
                let gap_20 = (2 * x - n.median_20).abs();
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
    }
    row
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
    /// The (sheet, tenths) scores, lowest first.
    sorted: Vec<(usize, i64)>,
    mean_kept: Exact,
    trimmed: bool,
    /// The median in twentieths of a point, so an even count needs no fraction.
    median_20: i64,
    variance: Exact,
    range_tenths: i64,
}

/// The exact numbers of one criterion from its scores in tenths (sorted in place).
fn criterion_numbers(values: &mut Vec<(usize, i64)>, rule: crate::template::AggregationRule) -> CriterionNumbers {
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
        sorted: std::mem::take(values),
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
    let t = tally(template, sheets);
    ReviewStatistics {
        total_hundredths: round_half_up(t.total, 100),
        vetoed: t.vetoed,
        kendall_w_ten_thousandths: kendall_w(template, &t.lookup, &t.scoring).map(|w| round_half_up(w, 10_000)),
        scoring_experts: t.scoring.len() as u32,
    }
}
