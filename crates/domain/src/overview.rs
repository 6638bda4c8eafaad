//! The department's year at a glance (年度评价总览): for one region and one year, every center's
//! latest evaluation with its change since the year before, vetoes, 整改 and next due date, the
//! grade distribution, and the share of 优秀 against a cap some departments set.
//!
//! An evaluation is a scored review at a grading stage (绩效评价, 评估验收, 总结评估) whose
//! sheets are all in; it belongs to the calendar year of its review date.

use serde::{Deserialize, Serialize};

use crate::due::DueItem;
use crate::lifecycle::{CenterHistory, RectificationStatus, ReviewOutcome};
use crate::records::{PostSubsidyRule, Settings};
use crate::{CenterId, Region, ReviewId, Stage};

/// The grades of the shipped templates, best first; any other grade follows them.
const GRADE_ORDER: [&str; 4] = ["优秀", "良好", "合格", "不合格"];

/// The grade whose share departments cap.
pub const TOP_GRADE: &str = "优秀";

/// Whether a review at this stage grades the center.
pub fn is_evaluation(stage: Stage) -> bool {
    matches!(stage, Stage::Performance | Stage::Acceptance | Stage::FinalEvaluation)
}

/// One center's line of the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OverviewRow {
    pub center_id: CenterId,
    pub center_name: String,
    pub status_label: String,
    /// The latest evaluation of the year; `None` when the center was not evaluated that year.
    pub review_id: Option<ReviewId>,
    pub review_date: Option<chrono::NaiveDate>,
    pub stage_name: Option<String>,
    pub total: Option<String>,
    pub max_total: Option<String>,
    pub grade: Option<String>,
    /// The latest evaluation of the year before, for comparison.
    pub previous_total: Option<String>,
    pub previous_grade: Option<String>,
    /// This year's total minus last year's, signed ("+27.13", "-3.50", "0.00"); only when both
    /// were scored out of the same maximum.
    pub change: Option<String>,
    /// The one-vote veto items the panel confirmed in this year's evaluation.
    pub vetoes: Vec<String>,
    pub open_rectifications: u32,
    pub overdue_rectifications: u32,
    /// 无 / 2 项待整改 / 2 项待整改（1 项逾期）/ 已全部整改
    pub rectification_label: String,
    /// The center's soonest outstanding due date (the most overdue first).
    pub next_due: Option<DueItem>,
    /// 内蒙古 绩效评价: whether the grade receives the post-subsidy under the rule in force.
    pub post_subsidy: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct GradeCount {
    pub grade: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct YearOverview {
    pub region: Region,
    pub region_name: String,
    pub year: i32,
    pub rows: Vec<OverviewRow>,
    /// Evaluated centers per grade, best grade first; grades nobody received are listed with 0.
    pub distribution: Vec<GradeCount>,
    pub evaluated: u32,
    pub not_evaluated: u32,
    pub top_grade_count: u32,
    /// The 优秀 share in percent with two decimals, e.g. "33.33"; `None` when nobody was evaluated.
    pub top_grade_percent: Option<String>,
    pub top_grade_cap_percent: Option<u32>,
    /// Set when the share of 优秀 exceeds the cap.
    pub cap_warning: Option<String>,
    /// 内蒙古: which grades receive the post-subsidy and the seed line in force (NM:46 or NM:56).
    pub post_subsidy_rule: Option<String>,
    pub post_subsidy_source: Option<crate::template::SeedCitation>,
}

/// Hundredths of a printed total such as "81.93" or "90".
fn hundredths(text: &str) -> Option<i64> {
    let (whole, frac) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(whole.parse::<i64>().ok()? * 100 + format!("{frac:0<2}").parse::<i64>().ok()?)
}

fn plain_hundredths(v: i64) -> String {
    format!("{}.{:02}", v.abs() / 100, v.abs() % 100)
}

fn signed_hundredths(v: i64) -> String {
    let sign = match v.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    format!("{sign}{}", plain_hundredths(v))
}

/// The latest evaluation with a result in `year`.
fn latest_in(reviews: &[ReviewOutcome], year: i32) -> Option<&ReviewOutcome> {
    use chrono::Datelike;
    reviews
        .iter()
        .filter(|r| is_evaluation(r.stage) && r.review_date.year() == year && r.total.is_some())
        .max_by_key(|r| (r.review_date, r.review_id.0))
}

fn row(history: &CenterHistory, year: i32, due: &[DueItem], subsidy: PostSubsidyRule) -> OverviewRow {
    let current = latest_in(&history.reviews, year);
    let previous = latest_in(&history.reviews, year - 1);
    let change = match (current, previous) {
        (Some(c), Some(p)) if c.max_total == p.max_total => {
            match (c.total.as_deref().and_then(hundredths), p.total.as_deref().and_then(hundredths)) {
                (Some(a), Some(b)) => Some(signed_hundredths(a - b)),
                _ => None,
            }
        }
        _ => None,
    };
    let open = history.rectifications.iter().filter(|r| r.status != RectificationStatus::Done).count() as u32;
    let overdue = history.rectifications.iter().filter(|r| r.status == RectificationStatus::Overdue).count() as u32;
    let rectification_label = match (history.rectifications.len(), open, overdue) {
        (0, _, _) => "无".to_owned(),
        (_, 0, _) => "已全部整改".to_owned(),
        (_, n, 0) => format!("{n} 项待整改"),
        (_, n, m) => format!("{n} 项待整改（{m} 项逾期）"),
    };
    OverviewRow {
        center_id: history.center.id,
        center_name: history.center.facts.name.clone(),
        status_label: history.status_label.clone(),
        review_id: current.map(|r| r.review_id),
        review_date: current.map(|r| r.review_date),
        stage_name: current.map(|r| r.stage_name.clone()),
        total: current.and_then(|r| r.total.clone()),
        max_total: current.and_then(|r| r.max_total.clone()),
        grade: current.and_then(|r| r.grade.clone()),
        previous_total: previous.and_then(|r| r.total.clone()),
        previous_grade: previous.and_then(|r| r.grade.clone()),
        change,
        vetoes: current.map(|r| r.vetoes.clone()).unwrap_or_default(),
        open_rectifications: open,
        overdue_rectifications: overdue,
        rectification_label,
        next_due: due.iter().filter(|d| d.center_id == history.center.id).min_by_key(|d| d.due_on).cloned(),
        post_subsidy: current
            .filter(|r| history.center.facts.region == Region::InnerMongolia && r.stage == Stage::Performance)
            .and_then(|r| r.grade.as_deref())
            .map(|g| subsidy.eligible(g)),
    }
}

/// The overview of `region` in `year`, from the histories of the region's centers and today's
/// due list. Centers evaluated that year come first, best total first; the others follow by name.
pub fn year_overview(region: Region, year: i32, histories: &[CenterHistory], due: &[DueItem], settings: &Settings) -> YearOverview {
    let cap_percent = settings.top_grade_cap_percent;
    let subsidy = settings.nm_post_subsidy;
    let mut rows: Vec<OverviewRow> =
        histories.iter().filter(|h| h.center.facts.region == region).map(|h| row(h, year, due, subsidy)).collect();
    rows.sort_by(|a, b| {
        let key = |r: &OverviewRow| r.total.as_deref().and_then(hundredths).map(|t| -t);
        match (key(a), key(b)) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.center_name.cmp(&b.center_name))
    });
    let mut distribution: Vec<GradeCount> = GRADE_ORDER.iter().map(|g| GradeCount { grade: (*g).to_owned(), count: 0 }).collect();
    for grade in rows.iter().filter_map(|r| r.grade.as_ref()) {
        match distribution.iter_mut().find(|d| &d.grade == grade) {
            Some(d) => d.count += 1,
            None => distribution.push(GradeCount { grade: grade.clone(), count: 1 }),
        }
    }
    let evaluated = rows.iter().filter(|r| r.grade.is_some()).count() as u32;
    let top = distribution.iter().find(|d| d.grade == TOP_GRADE).map_or(0, |d| d.count);
    // Hundredths of a percent, rounded half up: 1 of 3 is 33.33, 2 of 3 is 66.67.
    let top_percent = (evaluated > 0).then(|| (top as i64 * 20_000 + evaluated as i64) / (2 * evaluated as i64));
    let cap_warning = match (cap_percent, top_percent) {
        (Some(cap), Some(_)) if top as u64 * 100 > cap as u64 * evaluated as u64 => Some(format!(
            "{TOP_GRADE}占比 {}%（{top}/{evaluated}），超过设定上限 {cap}%",
            plain_hundredths(top_percent.unwrap_or(0))
        )),
        _ => None,
    };
    YearOverview {
        region,
        region_name: region.chinese_name().to_owned(),
        year,
        not_evaluated: rows.len() as u32 - evaluated,
        rows,
        distribution,
        evaluated,
        top_grade_count: top,
        top_grade_percent: top_percent.map(plain_hundredths),
        top_grade_cap_percent: cap_percent,
        cap_warning,
        // NM:46 and NM:56 disagree; the overview says which one it applies.
        post_subsidy_rule: (region == Region::InnerMongolia).then(|| format!("后补助：评价结果{}", subsidy.label())),
        post_subsidy_source: (region == Region::InnerMongolia).then(|| subsidy.source()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::center::Center;
    use crate::due::DueKind;
    use crate::lifecycle::{CenterStatus, RectificationItem};
    use crate::review::ReviewStatus;
    use crate::template::SeedCitation;
    use chrono::NaiveDate;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn outcome(id: i64, stage: Stage, on: &str, total: Option<&str>, grade: Option<&str>, vetoes: &[&str]) -> ReviewOutcome {
        ReviewOutcome {
            review_id: ReviewId(id),
            stage,
            stage_name: stage.chinese_name().into(),
            review_date: date(on),
            status: ReviewStatus::Concluded,
            conclusion: None,
            proposal: None,
            proposal_label: None,
            proposed_decision: None,
            decided: false,
            total: total.map(Into::into),
            max_total: total.map(|_| "100".into()),
            grade: grade.map(Into::into),
            groups: vec![],
            vetoes: vetoes.iter().map(|v| (*v).to_owned()).collect(),
            follows: None,
            follow_up: None,
            may_follow_up: false,
            escalation: None,
        }
    }

    fn history(id: i64, name: &str, region: Region, reviews: Vec<ReviewOutcome>, rectifications: Vec<RectificationStatus>) -> CenterHistory {
        CenterHistory {
            center: Center::sample(id, name, region),
            status: CenterStatus::Recognized,
            status_label: "已认定".into(),
            decisions: vec![],
            reviews,
            offered: vec![],
            rectifications: rectifications
                .into_iter()
                .enumerate()
                .map(|(i, status)| RectificationItem {
                    id: i as i64,
                    review_id: ReviewId(1),
                    review_label: String::new(),
                    item: format!("事项{i}"),
                    deadline: None,
                    status,
                    status_label: status.label().into(),
                    evidence: String::new(),
                    done_on: None,
                    confirmed_by: None,
                    confirmed_at: None,
                    files: vec![],
                })
                .collect(),
        }
    }

    fn due_item(center: i64, on: &str) -> DueItem {
        DueItem {
            center_id: CenterId(center),
            center_name: String::new(),
            region: Region::InnerMongolia,
            kind: DueKind::AnnualReport,
            what: format!("到期 {on}"),
            due_on: date(on),
            days_left: 0,
            advisory: false,
            basis: String::new(),
            source: SeedCitation { seed: String::new(), line: 45, quote: String::new() },
        }
    }

    fn cap(percent: u32) -> Settings {
        Settings { top_grade_cap_percent: Some(percent), ..Settings::default() }
    }

    fn sample() -> Vec<CenterHistory> {
        use RectificationStatus::*;
        vec![
            // 2025 良好 72.40, then 2026 优秀 90.10 and a later 2026 review 91.50: the latest counts,
            // change 91.50 − 72.40 = +19.10.
            history(
                1,
                "甲中心",
                Region::InnerMongolia,
                vec![
                    outcome(1, Stage::Performance, "2025-06-01", Some("72.40"), Some("良好"), &[]),
                    outcome(2, Stage::Performance, "2026-03-01", Some("90.10"), Some("优秀"), &[]),
                    outcome(3, Stage::Performance, "2026-11-20", Some("91.50"), Some("优秀"), &[]),
                ],
                vec![Done, Done],
            ),
            // 2025 合格 65.00, 2026 vetoed 不合格 at 80.00: change +15.00, one veto, 2 open (1 overdue).
            history(
                2,
                "乙中心",
                Region::InnerMongolia,
                vec![
                    outcome(4, Stage::Performance, "2025-05-01", Some("65.00"), Some("合格"), &[]),
                    outcome(5, Stage::Performance, "2026-05-01", Some("80.00"), Some("不合格"), &["严重弄虚作假"]),
                ],
                vec![Open, Overdue, Done],
            ),
            // 2026 优秀 95.00 with no evaluation in 2025; a 咨询论证 that year does not count.
            history(
                3,
                "丙中心",
                Region::InnerMongolia,
                vec![
                    outcome(6, Stage::Consultation, "2025-04-01", Some("88.00"), Some("良好"), &[]),
                    outcome(7, Stage::Performance, "2026-07-01", Some("95.00"), Some("优秀"), &[]),
                ],
                vec![],
            ),
            // Only a 2025 evaluation: not evaluated in 2026.
            history(4, "丁中心", Region::InnerMongolia, vec![outcome(8, Stage::Performance, "2025-07-01", Some("70.00"), Some("合格"), &[])], vec![Open]),
            // Another region is left out.
            history(5, "外区中心", Region::Sichuan, vec![outcome(9, Stage::FinalEvaluation, "2026-07-01", Some("99.00"), Some("优秀"), &[])], vec![]),
        ]
    }

    #[test]
    fn latest_evaluation_of_the_year_with_change_vetoes_and_rectifications() {
        let due = vec![due_item(2, "2027-03-31"), due_item(2, "2026-10-01"), due_item(5, "2026-01-01")];
        let o = year_overview(Region::InnerMongolia, 2026, &sample(), &due, &Settings::default());
        let names: Vec<&str> = o.rows.iter().map(|r| r.center_name.as_str()).collect();
        // Best total first (95.00, 91.50, 80.00), then the center without a 2026 evaluation.
        assert_eq!(names, ["丙中心", "甲中心", "乙中心", "丁中心"]);
        let [c, a, b, d] = [&o.rows[0], &o.rows[1], &o.rows[2], &o.rows[3]];
        assert_eq!((a.total.as_deref(), a.grade.as_deref(), a.change.as_deref()), (Some("91.50"), Some("优秀"), Some("+19.10")));
        assert_eq!(a.review_id, Some(ReviewId(3)));
        assert_eq!((a.previous_total.as_deref(), a.rectification_label.as_str()), (Some("72.40"), "已全部整改"));
        assert_eq!((b.change.as_deref(), b.vetoes.clone()), (Some("+15.00"), vec!["严重弄虚作假".to_owned()]));
        assert_eq!((b.open_rectifications, b.overdue_rectifications, b.rectification_label.as_str()), (2, 1, "2 项待整改（1 项逾期）"));
        // The soonest of the center's due dates.
        assert_eq!(b.next_due.as_ref().map(|d| d.due_on), Some(date("2026-10-01")));
        assert_eq!((c.change.as_deref(), c.previous_total.as_deref(), c.rectification_label.as_str()), (None, None, "无"));
        assert_eq!((d.total.as_deref(), d.grade.as_deref(), d.previous_total.as_deref(), d.rectification_label.as_str()), (None, None, Some("70.00"), "1 项待整改"));
        assert!(d.next_due.is_none());
    }

    #[test]
    fn grade_distribution_and_the_top_grade_cap() {
        let o = year_overview(Region::InnerMongolia, 2026, &sample(), &[], &cap(50));
        let counts: Vec<(&str, u32)> = o.distribution.iter().map(|g| (g.grade.as_str(), g.count)).collect();
        assert_eq!(counts, [("优秀", 2), ("良好", 0), ("合格", 0), ("不合格", 1)]);
        assert_eq!((o.evaluated, o.not_evaluated, o.top_grade_count), (3, 1, 2));
        // 2 of 3 = 66.666…% → 66.67 (half up).
        assert_eq!(o.top_grade_percent.as_deref(), Some("66.67"));
        assert_eq!(o.cap_warning.as_deref(), Some("优秀占比 66.67%（2/3），超过设定上限 50%"));
        // 2 of 3 is not above a 67% cap: no warning.
        assert!(year_overview(Region::InnerMongolia, 2026, &sample(), &[], &cap(67)).cap_warning.is_none());
        assert!(year_overview(Region::InnerMongolia, 2026, &sample(), &[], &Settings::default()).cap_warning.is_none());
        // In 2025: 72.40 良好, 65.00 合格, 70.00 合格 → no 优秀, 0.00%; 丙's 咨询论证 is not an evaluation.
        let o = year_overview(Region::InnerMongolia, 2025, &sample(), &[], &cap(20));
        assert_eq!((o.evaluated, o.top_grade_percent.as_deref(), o.cap_warning.clone()), (3, Some("0.00"), None));
        assert_eq!(o.rows.iter().map(|r| r.total.as_deref()).collect::<Vec<_>>(), [Some("72.40"), Some("70.00"), Some("65.00"), None]);
        // A year nobody was evaluated.
        let o = year_overview(Region::InnerMongolia, 2020, &sample(), &[], &cap(20));
        assert_eq!((o.evaluated, o.not_evaluated, o.top_grade_percent), (0, 4, None));
    }

    // NM:46 gives the post-subsidy to 良好以上, NM:56 to 优秀、良好、合格: 2025's 合格 centers
    // receive it only under the NM:56 reading; the 良好 center under both.
    #[test]
    fn post_subsidy_follows_the_seed_line_in_force() {
        let subsidy = |rule: PostSubsidyRule| {
            let o = year_overview(Region::InnerMongolia, 2025, &sample(), &[], &Settings { nm_post_subsidy: rule, ..Settings::default() });
            (o.rows.iter().map(|r| (r.grade.clone(), r.post_subsidy)).collect::<Vec<_>>(), o.post_subsidy_source.map(|s| s.line))
        };
        let good = |g: &str| Some(g.to_owned());
        assert_eq!(
            subsidy(PostSubsidyRule::GoodOrBetter),
            (vec![(good("良好"), Some(true)), (good("合格"), Some(false)), (good("合格"), Some(false)), (None, None)], Some(46))
        );
        assert_eq!(
            subsidy(PostSubsidyRule::PassOrBetter),
            (vec![(good("良好"), Some(true)), (good("合格"), Some(true)), (good("合格"), Some(true)), (None, None)], Some(56))
        );
        // Other regions have no such rule.
        let o = year_overview(Region::Sichuan, 2026, &sample(), &[], &Settings::default());
        assert_eq!((o.rows[0].post_subsidy, o.post_subsidy_rule), (None, None));
    }

    #[test]
    fn change_needs_the_same_maximum() {
        let mut h = sample();
        h[0].reviews[0].max_total = Some("120".into());
        let o = year_overview(Region::InnerMongolia, 2026, &h, &[], &Settings::default());
        assert_eq!(o.rows.iter().find(|r| r.center_name == "甲中心").unwrap().change, None);
        assert_eq!(signed_hundredths(-350), "-3.50");
        assert_eq!(signed_hundredths(0), "0.00");
        assert_eq!(hundredths("90"), Some(9000));
        assert_eq!(hundredths("8.5"), Some(850));
        assert_eq!(hundredths("x"), None);
    }
}
