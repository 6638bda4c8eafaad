//! 待办: every date the guidelines set for a center, computed from what is stored — its decisions,
//! operating records and reviews — and what is still outstanding on a given day.

use crate::region::seeds::{cite, GX, NB, SC, NM};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::center::Center;
use crate::ids::CenterId;
use crate::lifecycle::{approval_date, CenterStatus, Decision, DecisionKind, RectificationItem, RectificationStatus};
use crate::records::{CenterRecords, Settings};
use crate::region::{Region, Stage};
use crate::template::SeedCitation;



/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    AnnualReport,
    PerformanceEvaluation,
    Acceptance,
    FinalEvaluation,
    Rectification,
}

impl DueKind {
    pub fn label(self) -> &'static str {
        match self {
            DueKind::AnnualReport => "年度报告",
            DueKind::PerformanceEvaluation => "绩效评价",
            DueKind::Acceptance => "评估验收",
            DueKind::FinalEvaluation => "期满前总结评估",
            DueKind::Rectification => "整改期限",
        }
    }
}

/// One thing a center owes the department, and by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DueItem {
    pub center_id: CenterId,
    pub center_name: String,
    pub region: Region,
    pub kind: DueKind,
    /// What is due, e.g. 2025 年度报告.
    pub what: String,
    pub due_on: NaiveDate,
    /// Days from the day asked about to the due date; negative when overdue.
    pub days_left: i64,
    /// The guideline says 一般 (“usually”): a reminder, not a breach, when missed.
    pub advisory: bool,
    /// How the date was worked out.
    pub basis: String,
    pub source: SeedCitation,
}

/// What the due dates of one center are computed from.
pub struct DueInput<'a> {
    pub center: &'a Center,
    pub status: CenterStatus,
    /// Oldest first.
    pub decisions: &'a [Decision],
    pub records: &'a CenterRecords,
    /// The stage and date of each of the center's reviews.
    pub reviews: &'a [(Stage, NaiveDate)],
    /// 整改事项 of its finished reviews.
    pub rectifications: &'a [RectificationItem],
}

/// The date `years` after `date`; 29 February falls back to 28 February in a common year.
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    date.with_year(date.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() + years, date.month(), 28))
        .unwrap_or(date)
}

fn march_31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 3, 31).unwrap_or(NaiveDate::MIN)
}

/// Everything outstanding for one center on `on`: overdue items and those still to come.
pub fn due_items(input: &DueInput<'_>, settings: &Settings, on: NaiveDate) -> Vec<DueItem> {
    let c = input.center;
    let mut items = Vec::new();
    let mut push = |kind: DueKind, what: String, due_on: NaiveDate, advisory: bool, basis: String, source: SeedCitation| {
        items.push(DueItem {
            center_id: c.id,
            center_name: c.facts.name.clone(),
            region: c.facts.region,
            kind,
            what,
            due_on,
            days_left: (due_on - on).num_days(),
            advisory,
            basis,
            source,
        });
    };
    if input.status == CenterStatus::Revoked {
        return items;
    }
    // Rectification deadlines, in every region: open until the rectification is accepted.
    let mut open_order: Option<&Decision> = None;
    for d in input.decisions {
        match d.draft.kind {
            DecisionKind::OrderRectification => open_order = Some(d),
            DecisionKind::RectificationAccepted => open_order = None,
            _ => {}
        }
    }
    if let (Some(order), Some(due)) = (open_order, open_order.and_then(|o| o.draft.due_on)) {
        let source = DecisionKind::OrderRectification.wording(c.facts.region).map(|(_, s)| s).unwrap_or_else(|| cite(NM, 47, "限期整改"));
        let number = if order.draft.document_number.is_empty() { String::new() } else { format!("（{}）", order.draft.document_number) };
        push(DueKind::Rectification, "整改完成并验收".into(), due, false, format!("{} 决定限期整改{number}", order.draft.decided_on), source);
    }
    // Each 整改事项 of a finished review with a deadline, until it is confirmed done.
    for r in input.rectifications.iter().filter(|r| r.status != RectificationStatus::Done) {
        if let Some(deadline) = r.deadline {
            let source = DecisionKind::OrderRectification.wording(c.facts.region).map(|(_, s)| s).unwrap_or_else(|| cite(NM, 47, "限期整改"));
            push(DueKind::Rectification, format!("整改：{}", r.item), deadline, false, format!("{} 专家组意见的整改事项", r.review_label), source);
        }
    }
    let decided: Vec<_> = input.decisions.iter().map(|d| &d.draft).collect();
    let Some(approved) = approval_date(&decided) else {
        return items;
    };
    // A review counts once its date has come; one only scheduled leaves the item due.
    let held_since = |stage: Stage, from: NaiveDate| input.reviews.iter().any(|(s, d)| *s == stage && *d >= from && *d <= on);
    let submitted = |year: i32| input.records.annual_reports.iter().any(|r| r.year == year && r.submitted_on.is_some());
    match c.facts.region {
        Region::InnerMongolia => {
            // NM:45 — the report on year Y by 31 March of Y+1; a center approved after June owes
            // none for its approval year (the month and whether it counts are settings).
            for year in approved.year()..=on.year() {
                if year == approved.year() && settings.first_report_exempt(approved) {
                    continue;
                }
                if !submitted(year) {
                    push(
                        DueKind::AnnualReport,
                        format!("{year} 年度报告"),
                        march_31(year + 1),
                        false,
                        format!("{approved} 批复认定；次年 3 月底前提交上年度报告"),
                        cite(NM, 45, "次年3月底前提交上年度报告"),
                    );
                }
            }
            // NM:46 — “一般为认定运行满两年后开展绩效评价”: usually, so a reminder.
            let due = add_years(approved, 2);
            if !held_since(Stage::Performance, approved) {
                push(
                    DueKind::PerformanceEvaluation,
                    "首次绩效评价".into(),
                    due,
                    true,
                    format!("{approved} 认定，运行满两年为 {due}"),
                    cite(NM, 46, "一般为认定运行满两年后开展绩效评价"),
                );
            }
        }
        Region::Guangxi => {
            let recognized = input.decisions.iter().any(|d| d.draft.kind == DecisionKind::Recognize);
            if !recognized {
                // GX:18 — three build years, a report on each, then acceptance by the department.
                for k in 0..3 {
                    let year = approved.year() + k;
                    if year <= on.year() && !submitted(year) {
                        push(
                            DueKind::AnnualReport,
                            format!("{year} 年度工作情况及下年度工作计划"),
                            march_31(year + 1),
                            false,
                            format!("{approved} 批复建设；每年上报上年度工作情况（指引未定日期，按次年 3 月底提示）"),
                            cite(GX, 18, "每年上报上年度工作情况及本年度工作计划"),
                        );
                    }
                }
                let due = add_years(approved, 3);
                if !held_since(Stage::Acceptance, approved) {
                    push(
                        DueKind::Acceptance,
                        "建设期满评估验收".into(),
                        due,
                        false,
                        format!("{approved} 批复建设，三年建设期满为 {due}"),
                        cite(GX, 18, "建设期满由自治区科技厅组织专家进行评估验收"),
                    );
                }
            }
        }
        Region::Sichuan => {
            // SC:100 — written yearly reports, and the summary evaluation before the build period ends.
            let years = c.facts.build_period_years.map(|y| y as i32);
            let last_year = years.map_or(on.year(), |y| (approved.year() + y - 1).min(on.year()));
            for year in approved.year()..=last_year {
                if !submitted(year) {
                    push(
                        DueKind::AnnualReport,
                        format!("{year} 年度建设情况书面报告"),
                        march_31(year + 1),
                        false,
                        format!("{approved} 启动建设；年度建设情况书面报科技厅（指引未定日期，按次年 3 月底提示）"),
                        cite(SC, 100, "有关单位和地方政府将省级技术创新中心年度建设情况书面报科技厅"),
                    );
                }
            }
            if let Some(y) = years {
                let end = add_years(approved, y);
                if !held_since(Stage::FinalEvaluation, approved) {
                    push(
                        DueKind::FinalEvaluation,
                        "建设期满前总结评估".into(),
                        end,
                        false,
                        format!("{approved} 启动建设，建设期 {y} 年，{end} 期满，须在期满前完成"),
                        cite(SC, 100, "建设期满前，科技厅组织开展建设情况总结评估"),
                    );
                }
            }
        }
        Region::Ningbo => {
            // NB:30 — a performance evaluation every year, from the year after approval.
            for year in approved.year() + 1..=on.year() {
                let held = input.reviews.iter().any(|(s, d)| *s == Stage::Performance && d.year() == year && *d <= on);
                if !held {
                    push(
                        DueKind::PerformanceEvaluation,
                        format!("{year} 年度绩效评价"),
                        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
                        false,
                        format!("{approved} 批复创建；每年开展年度绩效评价"),
                        cite(NB, 30, "根据评价指标体系开展创新中心年度绩效评价"),
                    );
                }
            }
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::DecisionDraft;
    use crate::records::AnnualReport;

    fn center(region: Region, years: Option<u32>) -> Center {
        let mut c = Center::sample(1, "测试中心", region);
        c.facts.build_period_years = years;
        c
    }

    fn decision(kind: DecisionKind, on: &str, due: Option<&str>) -> Decision {
        Decision {
            id: 1,
            center_id: CenterId(1),
            draft: DecisionDraft {
                kind,
                decided_on: on.parse().unwrap(),
                document_number: String::new(),
                review_id: None,
                due_on: due.map(|d| d.parse().unwrap()),
                note: String::new(),
                recorded_by: "张敏".into(),
            },
            label: String::new(),
            recorded_at: String::new(),
        }
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn due(c: &Center, status: CenterStatus, decisions: &[Decision], records: &CenterRecords, reviews: &[(Stage, NaiveDate)], on: &str) -> Vec<(String, String, i64)> {
        let input = DueInput { center: c, status, decisions, records, reviews, rectifications: &[] };
        due_items(&input, &Settings::default(), date(on)).into_iter().map(|i| (i.what, i.due_on.to_string(), i.days_left)).collect()
    }

    // NM:45: 31 March of the next year; approved in July (after June) → no report for that year.
    // Approved 2023-07-15, asked on 2026-12-02: reports 2024 (due 2025-03-31, 611 days late:
    // 2025-03-31 → 2026-03-31 is 365, → 2026-12-02 is 246 more), 2025 (2026-03-31, 246 late) and
    // 2026 (2027-03-31, 119 ahead: 29 + 31 + 28 + 31). NM:46: the first performance evaluation,
    // usually two years after recognition: 2025-07-15, 505 days late (365 + 140).
    #[test]
    fn inner_mongolia_reports_by_march_with_the_july_exemption_and_an_evaluation_after_two_years() {
        let c = center(Region::InnerMongolia, None);
        let approved = [decision(DecisionKind::Approve, "2023-07-15", None)];
        let items = due(&c, CenterStatus::Recognized, &approved, &CenterRecords::default(), &[], "2026-12-02");
        assert_eq!(
            items,
            vec![
                ("2024 年度报告".into(), "2025-03-31".into(), -611),
                ("2025 年度报告".into(), "2026-03-31".into(), -246),
                ("2026 年度报告".into(), "2027-03-31".into(), 119),
                ("首次绩效评价".into(), "2025-07-15".into(), -505),
            ]
        );
        // Approved in June itself: “6月后” does not include June by default, so 2023 is owed.
        let june = [decision(DecisionKind::Approve, "2023-06-30", None)];
        let mut records = CenterRecords::default();
        records.annual_reports = vec![AnnualReport { year: 2024, submitted_on: Some(date("2025-03-20")) }];
        let items = due(&c, CenterStatus::Recognized, &june, &records, &[(Stage::Performance, date("2025-07-01"))], "2025-12-31");
        assert_eq!(items, vec![("2023 年度报告".into(), "2024-03-31".into(), -640), ("2025 年度报告".into(), "2026-03-31".into(), 90)]);
        let input = DueInput { center: &c, status: CenterStatus::Recognized, decisions: &june, records: &records, reviews: &[], rectifications: &[] };
        let evaluation = due_items(&input, &Settings::default(), date("2025-12-31")).pop().unwrap();
        assert!(evaluation.advisory, "NM:46 says 一般");
        assert_eq!(evaluation.source.line, 46);
    }

    // Recognised on 29 February 2024: two years later is 28 February 2026 (no 29th in 2026).
    #[test]
    fn a_leap_day_approval_falls_due_on_the_28th() {
        let c = center(Region::InnerMongolia, None);
        let leap = [decision(DecisionKind::Approve, "2024-02-29", None)];
        let items = due(&c, CenterStatus::Recognized, &leap, &CenterRecords::default(), &[], "2026-02-27");
        assert!(items.contains(&("首次绩效评价".into(), "2026-02-28".into(), 1)), "{items:?}");
        assert_eq!(add_years(date("2024-02-29"), 4), date("2028-02-29"));
    }

    // GX:18: three build years with a report each, acceptance when they end; nothing after 批复认定.
    #[test]
    fn guangxi_owes_three_reports_and_acceptance_three_years_after_approval() {
        let c = center(Region::Guangxi, Some(3));
        let d = [decision(DecisionKind::Approve, "2023-06-30", None)];
        let mut records = CenterRecords::default();
        records.annual_reports = vec![AnnualReport { year: 2023, submitted_on: Some(date("2024-03-01")) }];
        let items = due(&c, CenterStatus::Building, &d, &records, &[], "2026-06-30");
        assert_eq!(
            items,
            vec![
                ("2024 年度工作情况及下年度工作计划".into(), "2025-03-31".into(), -456),
                ("2025 年度工作情况及下年度工作计划".into(), "2026-03-31".into(), -91),
                ("建设期满评估验收".into(), "2026-06-30".into(), 0),
            ]
        );
        let done = [d[0].clone(), decision(DecisionKind::Recognize, "2026-09-01", None)];
        assert!(due(&c, CenterStatus::Recognized, &done, &records, &[], "2026-12-02").is_empty());
    }

    // SC:100: yearly written reports within the build period and the summary evaluation before it
    // ends; a held final evaluation clears it.
    #[test]
    fn sichuan_evaluates_before_the_build_period_ends() {
        let c = center(Region::Sichuan, Some(4));
        let d = [decision(DecisionKind::Approve, "2022-09-15", None)];
        let mut records = CenterRecords::default();
        records.annual_reports = (2022..=2025).map(|year| AnnualReport { year, submitted_on: Some(date("2026-01-10")) }).collect();
        let items = due(&c, CenterStatus::Building, &d, &records, &[], "2026-09-01");
        assert_eq!(items, vec![("建设期满前总结评估".into(), "2026-09-15".into(), 14)]);
        assert!(due(&c, CenterStatus::Building, &d, &records, &[(Stage::FinalEvaluation, date("2026-08-20"))], "2026-09-01").is_empty());
        // Only scheduled (dated after the day asked about): still due.
        assert_eq!(due(&c, CenterStatus::Building, &d, &records, &[(Stage::FinalEvaluation, date("2026-09-10"))], "2026-09-01").len(), 1);
    }

    // NB:30: one performance evaluation each year from the year after approval.
    #[test]
    fn ningbo_evaluates_every_year() {
        let c = center(Region::Ningbo, Some(5));
        let d = [decision(DecisionKind::Approve, "2024-05-10", None)];
        let items = due(&c, CenterStatus::Building, &d, &CenterRecords::default(), &[(Stage::Performance, date("2025-11-02"))], "2026-12-02");
        assert_eq!(items, vec![("2026 年度绩效评价".into(), "2026-12-31".into(), 29)]);
    }

    // A 整改事项 with a deadline is due until confirmed done.
    #[test]
    fn an_open_rectification_item_is_due_by_its_deadline() {
        let c = center(Region::Guangxi, Some(3));
        let item = |done: bool| RectificationItem {
            id: 1,
            review_id: crate::ids::ReviewId(4),
            review_label: "2026-10-28 评估验收".into(),
            item: "补齐授权发明专利证书".into(),
            deadline: Some(date("2027-01-31")),
            status: RectificationStatus::of(done, Some(date("2027-01-31")), date("2026-12-02")),
            status_label: String::new(),
            evidence: String::new(),
            done_on: None,
            confirmed_by: None,
            confirmed_at: None,
            files: vec![],
        };
        let d = [decision(DecisionKind::Approve, "2023-06-30", None), decision(DecisionKind::Recognize, "2026-11-20", None)];
        let open = [item(false)];
        let input = DueInput { center: &c, status: CenterStatus::Recognized, decisions: &d, records: &CenterRecords::default(), reviews: &[], rectifications: &open };
        let items = due_items(&input, &Settings::default(), date("2026-12-02"));
        // 2026-12-02 → 2026-12-31 is 29 days, → 2027-01-31 31 more.
        assert_eq!(items.iter().map(|i| (i.what.as_str(), i.days_left)).collect::<Vec<_>>(), vec![("整改：补齐授权发明专利证书", 60)]);
        let done = [item(true)];
        let input = DueInput { rectifications: &done, ..input };
        assert!(due_items(&input, &Settings::default(), date("2026-12-02")).is_empty());
    }

    // A rectification deadline stands until the rectification is accepted; a revoked center owes nothing.
    #[test]
    fn a_rectification_deadline_is_due_until_accepted() {
        let c = center(Region::Ningbo, Some(5));
        let mut d = vec![decision(DecisionKind::Approve, "2024-05-10", None), decision(DecisionKind::OrderRectification, "2026-06-01", Some("2026-12-01"))];
        let reviews = [(Stage::Performance, date("2025-11-02")), (Stage::Performance, date("2026-05-20"))];
        let items = due(&c, CenterStatus::Rectifying, &d, &CenterRecords::default(), &reviews, "2026-12-02");
        assert_eq!(items, vec![("整改完成并验收".into(), "2026-12-01".into(), -1)]);
        d.push(decision(DecisionKind::RectificationAccepted, "2026-11-28", None));
        assert!(due(&c, CenterStatus::Building, &d, &CenterRecords::default(), &reviews, "2026-12-02").is_empty());
        assert!(due(&c, CenterStatus::Revoked, &d, &CenterRecords::default(), &[], "2026-12-02").is_empty());
    }
}
