//! Compliance checks computed from the center's own data, each with the guideline line it rests on.

use crate::region::seeds::{cite, GX, GXP, NB, SC, NM};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::center::{CenterDraft, CommitteeKind};
use crate::due::add_years;
use crate::records::{parse_quantity, CenterRecords, RevocationTrigger, Settings};
use crate::region::{Region, Stage};
use crate::review::{ExpertType, PanelMember};
use crate::sheet::units_match;
use crate::template::SeedCitation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Fail,
    /// Not met, where the guideline only says what is usual (一般, e.g. SC:34, NM:46, NB:28): a
    /// reminder for the panel, not a breach.
    Warn,
    /// The center's data does not yet say enough to decide.
    NeedsData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ComplianceCheck {
    pub id: String,
    pub title: String,
    pub status: CheckStatus,
    /// What was found, with the numbers.
    pub detail: String,
    pub source: SeedCitation,
}



/// What the checks read: the review, its center and the center's other reviews.
#[derive(Debug, Clone)]
pub struct ComplianceContext<'a> {
    pub center: &'a CenterDraft,
    pub records: &'a CenterRecords,
    pub stage: Stage,
    pub review_date: NaiveDate,
    pub panel: &'a [PanelMember],
    /// The stage and date of every other review of the same center, and whether its conclusion
    /// passed (None while it has none).
    pub other_reviews: &'a [(Stage, NaiveDate, Option<bool>)],
    pub settings: &'a Settings,
    /// NM:47 grounds the panel confirmed as veto items of this review (内蒙古 绩效评价), so they
    /// need not be entered again in the operating records.
    pub confirmed_vetoes: &'a [RevocationTrigger],
}

/// The NM:47 grounds among the vetoes that stand in a consolidation: a veto item counts when one
/// of its sources quotes the ground's words.
pub fn vetoed_triggers(template: &crate::template::Template, consolidation: &crate::consolidation::Consolidation) -> Vec<RevocationTrigger> {
    let mut found = Vec::new();
    for row in consolidation.rows.iter().filter(|r| r.veto_result.as_ref().is_some_and(|v| v.stands)) {
        let Some(criterion) = template.criterion(&row.criterion) else { continue };
        for trigger in RevocationTrigger::ALL {
            if criterion.sources.iter().any(|s| s.seed == NM && s.line == 47 && s.quote == trigger.label()) && !found.contains(&trigger) {
                found.push(trigger);
            }
        }
    }
    found
}

/// Every check that applies to this center and review stage.
pub fn compliance_checks(cx: &ComplianceContext<'_>) -> Vec<ComplianceCheck> {
    let (center, stage, review_date, panel) = (cx.center, cx.stage, cx.review_date, cx.panel);
    let mut checks = Vec::new();
    checks.extend(procedure_order(cx));
    let internal = |affiliation: &str| {
        units_match(affiliation, &center.lead_unit) || center.cobuild_units.iter().any(|u| units_match(affiliation, u))
    };
    match center.region {
        Region::InnerMongolia => {
            let tgc: Vec<_> = center.committee_members.iter().filter(|m| m.committee == CommitteeKind::TechnicalGuidance).collect();
            let insiders = tgc.iter().filter(|m| internal(&m.affiliation)).count();
            let total = tgc.len();
            checks.push(ComplianceCheck {
                id: "nm.tgc_internal_ratio".into(),
                title: "技术指导委员会中依托、共建单位人员不超过三分之一".into(),
                // 3 × insiders ≤ total, in integers.
                status: if total == 0 { CheckStatus::NeedsData } else if insiders * 3 <= total { CheckStatus::Pass } else { CheckStatus::Fail },
                detail: if total == 0 { "尚未登记技术指导委员会成员".into() } else { format!("共 {total} 人，其中依托、共建单位 {insiders} 人") },
                source: cite(NM, 29, "其中依托单位和共建单位的人员不超过总人数三分之一"),
            });
            let chairs: Vec<_> = tgc.iter().filter(|m| m.is_chair).collect();
            checks.push(ComplianceCheck {
                id: "nm.tgc_chair_external".into(),
                title: "技术指导委员会主任由非依托、共建单位专家担任".into(),
                status: match chairs.as_slice() {
                    [] => CheckStatus::NeedsData,
                    [chair] if !internal(&chair.affiliation) => CheckStatus::Pass,
                    _ => CheckStatus::Fail,
                },
                detail: match chairs.as_slice() {
                    [] => "尚未登记委员会主任".into(),
                    [chair] => format!("主任{}（{}）{}", chair.name, chair.affiliation, if internal(&chair.affiliation) { "来自依托或共建单位" } else { "为外单位专家；“有影响”须由专家组确认" }),
                    many => format!("登记了 {} 位主任，应只有一位", many.len()),
                },
                source: cite(NM, 29, "技术指导委员会主任应由非依托单位、共建单位的有影响的专家担任"),
            });
            checks.push(nm_tgc_composition(&tgc));
            checks.push(nm_name(center));
            if stage == Stage::Performance {
                checks.push(match center.approval_date {
                    None => ComplianceCheck {
                        id: "nm.performance_eligibility".into(),
                        title: "认定运行满两年后开展绩效评价".into(),
                        status: CheckStatus::NeedsData,
                        detail: "尚未登记批复（认定）日期".into(),
                        source: cite(NM, 46, "一般为认定运行满两年后开展绩效评价"),
                    },
                    Some(approved) => {
                        let due = add_years(approved, 2);
                        ComplianceCheck {
                            id: "nm.performance_eligibility".into(),
                            title: "认定运行满两年后开展绩效评价".into(),
                            // “一般为”: usually, so earlier is a reminder, not a failure.
                            status: if review_date >= due { CheckStatus::Pass } else { CheckStatus::Warn },
                            detail: format!("{approved} 认定，满两年为 {due}，本次评价日期 {review_date}"),
                            source: cite(NM, 46, "一般为认定运行满两年后开展绩效评价"),
                        }
                    }
                });
            }
            if matches!(stage, Stage::AnnualReport | Stage::Performance) {
                checks.push(director_months(cx.records));
                let (report_check, unsubmitted) = annual_reports(cx);
                checks.push(report_check);
                checks.push(revocation(cx.records, &unsubmitted, cx.confirmed_vetoes));
            }
        }
        Region::Sichuan => {
            if stage == Stage::Consultation {
                checks.push(sc_panel_composition(panel));
            }
            checks.push(ComplianceCheck {
                id: "sc.build_period".into(),
                title: "建设周期一般为三至五年".into(),
                // “一般以三至五年为建设周期”: usually, so another length is a reminder.
                status: match center.build_period_years {
                    None => CheckStatus::NeedsData,
                    Some(y) if (3..=5).contains(&y) => CheckStatus::Pass,
                    Some(_) => CheckStatus::Warn,
                },
                detail: center.build_period_years.map(|y| format!("建设期 {y} 年")).unwrap_or_else(|| "尚未登记建设期".into()),
                source: cite(SC, 34, "一般以三至五年为建设周期"),
            });
            if stage == Stage::FinalEvaluation {
                checks.push(sc_before_period_ends(center, review_date));
            }
        }
        Region::Ningbo => {
            checks.push(ComplianceCheck {
                id: "nb.build_period".into(),
                title: "建设期一般为 5 年".into(),
                status: match center.build_period_years {
                    None => CheckStatus::NeedsData,
                    Some(5) => CheckStatus::Pass,
                    Some(_) => CheckStatus::Warn,
                },
                detail: center.build_period_years.map(|y| format!("建设期 {y} 年")).unwrap_or_else(|| "尚未登记建设期".into()),
                source: cite(NB, 28, "建设期一般为5年"),
            });
        }
        Region::Guangxi => {
            checks.push(gx_center_type(center));
            if stage == Stage::Acceptance {
                checks.push(indicator_completion(cx));
                checks.push(gx_acceptance_due(center, review_date));
            }
        }
    }
    checks
}

/// NM:40 — “技术创新中心统一命名为‘内蒙古自治区×××技术创新中心’”.
fn nm_name(center: &CenterDraft) -> ComplianceCheck {
    let name = center.name.trim();
    let middle = name.strip_prefix("内蒙古自治区").and_then(|rest| rest.strip_suffix("技术创新中心"));
    ComplianceCheck {
        id: "nm.naming".into(),
        title: "统一命名为“内蒙古自治区×××技术创新中心”".into(),
        status: if middle.is_some_and(|m| !m.is_empty()) { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: format!("中心名称：{name}"),
        source: cite(NM, 40, "技术创新中心统一命名为“内蒙古自治区×××技术创新中心”"),
    }
}

/// SC:92 — the panel of a 方案咨询论证 has technical, management and science-policy experts.
fn sc_panel_composition(panel: &[PanelMember]) -> ComplianceCheck {
    let has = |t: ExpertType| panel.iter().any(|m| m.expert_type == t);
    let missing: Vec<&str> = [(ExpertType::Technical, "技术专家"), (ExpertType::Management, "管理专家"), (ExpertType::Policy, "科技政策专家")]
        .into_iter()
        .filter(|(t, _)| !has(*t))
        .map(|(_, n)| n)
        .collect();
    ComplianceCheck {
        id: "sc.panel_composition".into(),
        title: "专家组由技术、管理、科技政策专家组成".into(),
        status: if panel.is_empty() { CheckStatus::NeedsData } else if missing.is_empty() { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: if panel.is_empty() { "专家组尚无成员".into() } else if missing.is_empty() { "三类专家齐全".into() } else { format!("缺少{}", missing.join("、")) },
        source: cite(SC, 92, "科技厅组建由技术专家、管理专家、科技政策专家等组成的专家组"),
    }
}

/// SC:100 — the summary evaluation falls before the build period ends.
fn sc_before_period_ends(center: &CenterDraft, review_date: NaiveDate) -> ComplianceCheck {
    let (id, title, source) = ("sc.final_evaluation_due", "建设期满前开展总结评估".to_owned(), cite(SC, 100, "建设期满前，科技厅组织开展建设情况总结评估"));
    let (status, detail) = match (center.approval_date, center.build_period_years) {
        (Some(approved), Some(years)) => {
            let end = add_years(approved, years as i32);
            let status = if review_date < end { CheckStatus::Pass } else { CheckStatus::Fail };
            (status, format!("{approved} 启动建设，建设期 {years} 年，{end} 期满；本次评估日期 {review_date}"))
        }
        (None, _) => (CheckStatus::NeedsData, "尚未登记启动建设的批复".into()),
        (_, None) => (CheckStatus::NeedsData, "尚未登记建设期".into()),
    };
    ComplianceCheck { id: id.into(), title, status, detail, source }
}

/// GXP:93 — 广西 centers are built as 综合领域类, 独立法人类 or 内设机构类.
fn gx_center_type(center: &CenterDraft) -> ComplianceCheck {
    const TYPES: [&str; 3] = ["综合领域类", "独立法人类", "内设机构类"];
    let t = center.center_type.trim();
    ComplianceCheck {
        id: "gx.center_type".into(),
        title: "按综合领域类、独立法人类、内设机构类分类建设".into(),
        status: if t.is_empty() { CheckStatus::NeedsData } else if TYPES.contains(&t) { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: if t.is_empty() { "尚未登记中心类型".into() } else { format!("中心类型：{t}") },
        source: cite(GXP, 93, "将按综合领域类、独立法人类、内设机构类进行分类建设"),
    }
}

/// GX:18 — acceptance after the three-year build.
fn gx_acceptance_due(center: &CenterDraft, review_date: NaiveDate) -> ComplianceCheck {
    let source = cite(GX, 18, "开展三年建设期的各项建设工作和科研任务");
    let title = "三年建设期满后评估验收".to_owned();
    match center.approval_date {
        None => ComplianceCheck { id: "gx.acceptance_due".into(), title, status: CheckStatus::NeedsData, detail: "尚未登记批复日期".into(), source },
        Some(approved) => {
            let due = add_years(approved, 3);
            ComplianceCheck {
                id: "gx.acceptance_due".into(),
                title,
                status: if review_date >= due { CheckStatus::Pass } else { CheckStatus::Fail },
                detail: format!("{approved} 批复，三年期满为 {due}，本次验收日期 {review_date}"),
                source,
            }
        }
    }
}

fn director_months(records: &CenterRecords) -> ComplianceCheck {
    let years = &records.director_years;
    let short: Vec<String> = years.iter().filter(|d| d.months < 9).map(|d| format!("{} 年 {} 个月", d.year, d.months)).collect();
    ComplianceCheck {
        id: "nm.director_months".into(),
        title: "中心主任每年在中心工作不少于 9 个月".into(),
        status: if years.is_empty() { CheckStatus::NeedsData } else if short.is_empty() { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: if years.is_empty() {
            "尚未登记主任在岗月数（在“运行记录”中填写）".into()
        } else if short.is_empty() {
            years.iter().map(|d| format!("{} 年 {} 个月", d.year, d.months)).collect::<Vec<_>>().join("、")
        } else {
            format!("不足 9 个月：{}", short.join("、"))
        },
        source: cite(NM, 30, "每年在技术创新中心工作时间不少于9个月"),
    }
}

/// The annual-report check, and the years whose report was due by the review date and never came.
fn annual_reports(cx: &ComplianceContext<'_>) -> (ComplianceCheck, Vec<i32>) {
    let source = cite(NM, 45, "次年3月底前提交上年度报告");
    let title = "年度报告于次年 3 月底前提交".to_owned();
    let Some(approved) = cx.center.approval_date else {
        let check = ComplianceCheck { id: "nm.annual_report_deadline".into(), title, status: CheckStatus::NeedsData, detail: "尚未登记批复（认定）日期".into(), source };
        return (check, Vec::new());
    };
    let mut lines = Vec::new();
    let (mut late, mut missing) = (Vec::new(), Vec::new());
    for year in approved.year()..cx.review_date.year() {
        let Some(due) = NaiveDate::from_ymd_opt(year + 1, 3, 31) else { continue };
        if year == approved.year() && cx.settings.first_report_exempt(approved) {
            lines.push(format!("{year} 年度：{} 月批复，免报", approved.month()));
            continue;
        }
        let submitted = cx.records.annual_reports.iter().find(|r| r.year == year).and_then(|r| r.submitted_on);
        match submitted {
            Some(on) if on <= due => lines.push(format!("{year} 年度：{on} 提交")),
            Some(on) => {
                late.push(year);
                lines.push(format!("{year} 年度：{on} 提交，逾期（截止 {due}）"));
            }
            None if cx.review_date > due => {
                missing.push(year);
                lines.push(format!("{year} 年度：未提交（截止 {due}）"));
            }
            None => lines.push(format!("{year} 年度：未到截止日 {due}")),
        }
    }
    let check = ComplianceCheck {
        id: "nm.annual_report_deadline".into(),
        title,
        status: if late.is_empty() && missing.is_empty() { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: if lines.is_empty() { format!("{approved} 批复，尚无到期的年度报告") } else { lines.join("；") },
        source,
    };
    (check, missing)
}

/// NM:29: the technical guidance committee is made up of the center's director and technical,
/// management and economic experts (“等”: others may join, none of the four may be missing).
fn nm_tgc_composition(tgc: &[&crate::CommitteeMember]) -> ComplianceCheck {
    use crate::CommitteeRole::*;
    let source = cite(NM, 29, "技术指导委员会由中心主任、技术专家、管理专家、经济专家等人员组成");
    let title = "技术指导委员会由中心主任及技术、管理、经济专家组成".to_owned();
    let unknown: Vec<&str> = tgc.iter().filter(|m| m.role.is_none()).map(|m| m.name.as_str()).collect();
    let missing: Vec<&str> =
        [CenterDirector, Technical, Management, Economic].into_iter().filter(|r| !tgc.iter().any(|m| m.role == Some(*r))).map(|r| r.label()).collect();
    let (status, detail) = if tgc.is_empty() {
        (CheckStatus::NeedsData, "尚未登记技术指导委员会成员".to_owned())
    } else if missing.is_empty() {
        (CheckStatus::Pass, format!("共 {} 人，中心主任、技术专家、管理专家、经济专家均已具备", tgc.len()))
    } else if !unknown.is_empty() {
        (CheckStatus::NeedsData, format!("尚缺{}；{}的角色未登记", missing.join("、"), unknown.join("、")))
    } else {
        (CheckStatus::Fail, format!("缺少{}", missing.join("、")))
    };
    ComplianceCheck { id: "nm.tgc_composition".into(), title, status, detail, source }
}

fn revocation(records: &CenterRecords, unsubmitted_reports: &[i32], confirmed_vetoes: &[RevocationTrigger]) -> ComplianceCheck {
    let mut found: Vec<String> = records
        .revocation_findings
        .iter()
        .map(|f| if f.note.is_empty() { f.trigger.label().to_owned() } else { format!("{}（{}）", f.trigger.label(), f.note) })
        .collect();
    for trigger in confirmed_vetoes.iter().filter(|t| !records.revocation_findings.iter().any(|f| f.trigger == **t)) {
        // 限期整改仍不合格 comes from a finished follow-up review; the others from veto items.
        let why = if *trigger == RevocationTrigger::FailedAfterRectification { "整改复评仍不合格" } else { "专家组在本次评价中确认的否决项" };
        found.push(format!("{}（{why}）", trigger.label()));
    }
    let recorded_overdue = records.revocation_findings.iter().any(|f| f.trigger == RevocationTrigger::AnnualReportOverdue);
    if !unsubmitted_reports.is_empty() && !recorded_overdue {
        let years: Vec<String> = unsubmitted_reports.iter().map(|y| format!("{y} 年度")).collect();
        found.push(format!("{}（据年度报告记录：{}未提交）", RevocationTrigger::AnnualReportOverdue.label(), years.join("、")));
    }
    let (status, detail) = match (found.is_empty(), records.revocation_reviewed_on) {
        (false, _) => (CheckStatus::Fail, format!("提请摘牌审定：{}", found.join("；"))),
        (true, Some(on)) => (CheckStatus::Pass, format!("{on} 核查，六种情形均未发现")),
        (true, None) => (CheckStatus::NeedsData, "尚未逐项核查六种撤销情形（在“运行记录”中填写）".into()),
    };
    ComplianceCheck {
        id: "nm.revocation_triggers".into(),
        // The software only flags; the department decides (经审定).
        title: "摘牌撤销情形核查".into(),
        status,
        detail,
        source: cite(NM, 47, "经审定情况属实的予以摘牌并撤销"),
    }
}

/// The stages a region's procedure puts before approval (批复/启动建设), in order. 宁波's note gives
/// no order, so it has none.
fn pre_approval_stages(region: Region) -> &'static [Stage] {
    match region {
        Region::InnerMongolia => &[Stage::Consultation, Stage::Recognition],
        Region::Sichuan | Region::Guangxi => &[Stage::Consultation],
        Region::Ningbo => &[],
    }
}

fn procedure_source(region: Region) -> Option<SeedCitation> {
    match region {
        Region::InnerMongolia => Some(cite(NM, 35, "一般应符合以下程序")),
        Region::Sichuan => Some(cite(SC, 96, "对于通过咨询论证、各方面条件成熟的，科技厅支持启动省级技术创新中心建设")),
        Region::Guangxi => Some(cite(GX, 18, "意向对接、评审论证、启动建设、评估验收")),
        Region::Ningbo => None,
    }
}

/// A stage is recorded only after the stages the region's procedure puts before it.
fn procedure_order(cx: &ComplianceContext<'_>) -> Option<ComplianceCheck> {
    let source = procedure_source(cx.center.region)?;
    let pre = pre_approval_stages(cx.center.region);
    // An earlier stage counts only once it was concluded with a passing outcome (SC:96 “通过咨询
    // 论证”; NM:38 “按照咨询论证整改完善…后”).
    let earlier = |s: Stage| cx.other_reviews.iter().filter(move |(st, d, _)| *st == s && *d <= cx.review_date);
    let passed = |s: Stage| earlier(s).filter(|(_, _, p)| *p == Some(true)).map(|(_, d, _)| *d).min();
    let title = format!("按{}规定的程序开展", cx.center.region.chinese_name());
    let (status, detail) = if let Some(index) = pre.iter().position(|s| *s == cx.stage) {
        let missing: Vec<&Stage> = pre[..index].iter().filter(|s| passed(**s).is_none()).collect();
        if missing.is_empty() {
            let done: Vec<String> = pre[..index].iter().filter_map(|s| passed(*s).map(|d| format!("{}（{d}）", s.chinese_name()))).collect();
            (CheckStatus::Pass, if done.is_empty() { format!("{}为程序的第一步", cx.stage.chinese_name()) } else { format!("已通过{}", done.join("、")) })
        } else {
            let why: Vec<String> = missing
                .iter()
                .map(|s| match earlier(**s).map(|(_, d, _)| *d).max() {
                    Some(d) => format!("{}（{d}）尚未形成通过的结论", s.chinese_name()),
                    None => format!("尚无{}的评审记录", s.chinese_name()),
                })
                .collect();
            let names: Vec<&str> = missing.iter().map(|s| s.chinese_name()).collect();
            (CheckStatus::Fail, format!("{}之前应先通过{}；{}", cx.stage.chinese_name(), names.join("、"), why.join("；")))
        }
    } else {
        match cx.center.approval_date {
            Some(approved) if approved <= cx.review_date => (CheckStatus::Pass, format!("{approved} 批复，之后开展{}", cx.stage.chinese_name())),
            Some(approved) => (CheckStatus::Fail, format!("批复日期 {approved} 晚于本次评审日期 {}", cx.review_date)),
            None => (CheckStatus::NeedsData, format!("{}在批复之后开展，尚未登记批复日期", cx.stage.chinese_name())),
        }
    };
    Some(ComplianceCheck { id: "all.procedure_order".into(), title, status, detail, source })
}

/// Each core indicator counts min(actual / target, 1), so one overshoot cannot hide a miss; the
/// overall rate is their plain mean, compared exactly with the setting. Big rationals, because the
/// common denominator of a dozen large targets does not fit in 64 or 128 bits.
fn indicator_completion(cx: &ComplianceContext<'_>) -> ComplianceCheck {
    use num_rational::BigRational as Ratio;
    let int = |v: i64| Ratio::from_integer(v.into());
    let source = cite(GX, 18, "考查建设方案考核指标完成情况");
    let title = format!("建设方案考核指标完成率不低于 {}%", cx.settings.indicator_pass_percent);
    let mut rates = Vec::new();
    let mut lines = Vec::new();
    for k in &cx.records.core_indicators {
        let (Ok(target), Ok(actual)) = (parse_quantity("目标值", &k.target), parse_quantity("完成值", &k.actual)) else { continue };
        if target == 0 {
            continue;
        }
        let rate = Ratio::new(actual.into(), target.into()).min(int(1));
        lines.push(format!("{} {}/{}{}（{}）", k.name, k.actual, k.target, k.unit, percent(&rate)));
        rates.push(rate);
    }
    if rates.is_empty() {
        return ComplianceCheck { id: "gx.indicator_completion".into(), title, status: CheckStatus::NeedsData, detail: "尚未登记考核指标（在“运行记录”中填写）".into(), source };
    }
    let n = int(rates.len() as i64);
    let overall = rates.iter().fold(int(0), |a, r| a + r) / n;
    let pass = &overall * int(100) >= int(i64::from(cx.settings.indicator_pass_percent));
    ComplianceCheck {
        id: "gx.indicator_completion".into(),
        title,
        status: if pass { CheckStatus::Pass } else { CheckStatus::Fail },
        detail: format!("平均完成率 {}：{}", percent(&overall), lines.join("；")),
        source,
    }
}

/// A rate between 0 and 1 as a percentage with one decimal, rounded half up ("87.5%").
fn percent(rate: &num_rational::BigRational) -> String {
    use num_rational::BigRational;
    let int = |v: i64| BigRational::from_integer(v.into());
    let tenths = ((rate * int(2000) + int(1)) / int(2)).floor().to_integer();
    let tenths: i64 = tenths.try_into().unwrap_or(i64::MAX);
    format!("{}.{}%", tenths / 10, tenths % 10)
}
