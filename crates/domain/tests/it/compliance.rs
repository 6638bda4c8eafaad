//! Compliance checks against the seed rules, with the counts worked out by hand.

use chrono::NaiveDate;
use tic_domain::compliance::{CheckStatus, ComplianceCheck, ComplianceContext};
use tic_domain::records::{AnnualReport, CenterRecords, DirectorYear, RevocationTrigger, Settings, TriggerFinding};
use tic_domain::{CenterDraft, CommitteeKind, CommitteeMember, ExpertId, ExpertType, PanelMember, PanelRole, Region, Stage};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn center(region: Region, members: &[(&str, &str, bool)]) -> CenterDraft {
    CenterDraft {
        name: "中心".into(),
        region,
        center_type: String::new(),
        industry_field: String::new(),
        lead_unit: "包头稀土研究院".into(),
        cobuild_units: vec!["内蒙古大学".into()],
        organization_mode: String::new(),
        approval_date: Some(date("2023-07-15")),
        build_period_years: Some(4),
        director: String::new(),
        committee_members: members
            .iter()
            .map(|(n, a, chair)| CommitteeMember { committee: CommitteeKind::TechnicalGuidance, name: (*n).into(), affiliation: (*a).into(), is_chair: *chair, role: None })
            .collect(),
    }
}

/// The checks for a center with no operating records, no other reviews and default settings.
fn compliance_checks(center: &CenterDraft, stage: Stage, review_date: NaiveDate, panel: &[PanelMember]) -> Vec<ComplianceCheck> {
    let settings = Settings::default();
    tic_domain::compliance::compliance_checks(&ComplianceContext {
        center,
        records: &CenterRecords::default(),
        stage,
        review_date,
        panel,
        other_reviews: &[],
        settings: &settings,
        confirmed_vetoes: &[],
    })
}

fn status(checks: &[tic_domain::compliance::ComplianceCheck], id: &str) -> (CheckStatus, String) {
    let c = checks.iter().find(|c| c.id == id).unwrap();
    (c.status, c.detail.clone())
}

#[test]
fn inner_mongolia_committee_third_and_outside_chair() {
    // 6 members, 2 insiders (研究院, 内蒙古大学化学学院): 2·3 = 6 ≤ 6 → pass.
    let six = [("甲", "清华大学", true), ("乙", "包头稀土研究院", false), ("丙", "内蒙古大学化学学院", false), ("丁", "北京科技大学", false), ("戊", "东北大学", false), ("己", "中南大学", false)];
    let checks = compliance_checks(&center(Region::InnerMongolia, &six), Stage::Consultation, date("2026-11-20"), &[]);
    assert_eq!(status(&checks, "nm.tgc_internal_ratio"), (CheckStatus::Pass, "共 6 人，其中依托、共建单位 2 人".into()));
    assert_eq!(status(&checks, "nm.tgc_chair_external").0, CheckStatus::Pass);
    // Drop one outsider: 5 members, 2 insiders: 6 > 5 → fail. Chair from the lead unit → fail.
    let five = [("甲", "包头稀土研究院", true), ("乙", "包头稀土研究院", false), ("丙", "内蒙古大学化学学院", false), ("丁", "北京科技大学", false), ("戊", "东北大学", false)];
    let checks = compliance_checks(&center(Region::InnerMongolia, &five), Stage::Consultation, date("2026-11-20"), &[]);
    // Insiders are 甲, 乙, 丙 = 3: 9 > 5 → fail.
    assert_eq!(status(&checks, "nm.tgc_internal_ratio"), (CheckStatus::Fail, "共 5 人，其中依托、共建单位 3 人".into()));
    assert_eq!(status(&checks, "nm.tgc_chair_external").0, CheckStatus::Fail);
    let none = compliance_checks(&center(Region::InnerMongolia, &[]), Stage::Consultation, date("2026-11-20"), &[]);
    assert_eq!(status(&none, "nm.tgc_internal_ratio").0, CheckStatus::NeedsData);
}

#[test]
fn inner_mongolia_performance_only_after_two_years() {
    let c = center(Region::InnerMongolia, &[]);
    // Approved 2023-07-15: two years are up on 2025-07-15.
    // NM:46 “一般为认定运行满两年后”: usually, so a day early is a reminder, not a failure.
    let early = compliance_checks(&c, Stage::Performance, date("2025-07-14"), &[]);
    assert_eq!(status(&early, "nm.performance_eligibility").0, CheckStatus::Warn);
    let on_time = compliance_checks(&c, Stage::Performance, date("2025-07-15"), &[]);
    assert_eq!(status(&on_time, "nm.performance_eligibility"), (CheckStatus::Pass, "2023-07-15 认定，满两年为 2025-07-15，本次评价日期 2025-07-15".into()));
}

#[test]
fn sichuan_panel_needs_three_kinds_of_expert_and_a_three_to_five_year_period() {
    let member = |t: ExpertType| PanelMember { expert_id: ExpertId(1), name: "某".into(), title: String::new(), affiliation: "某".into(), expert_type: t, role: PanelRole::Member };
    let c = center(Region::Sichuan, &[]);
    let checks = compliance_checks(&c, Stage::Consultation, date("2026-11-20"), &[member(ExpertType::Technical), member(ExpertType::Finance)]);
    assert_eq!(status(&checks, "sc.panel_composition"), (CheckStatus::Fail, "缺少管理专家、科技政策专家".into()));
    assert_eq!(status(&checks, "sc.build_period").0, CheckStatus::Pass);
    let full = [member(ExpertType::Technical), member(ExpertType::Management), member(ExpertType::Policy)];
    let mut six_years = c.clone();
    six_years.build_period_years = Some(6);
    let checks = compliance_checks(&six_years, Stage::Consultation, date("2026-11-20"), &full);
    assert_eq!(status(&checks, "sc.panel_composition").0, CheckStatus::Pass);
    // SC:34 “一般以三至五年为建设周期”: six years is a reminder, not a failure.
    assert_eq!(status(&checks, "sc.build_period").0, CheckStatus::Warn);
    // SC:92 is about the panel of the 方案咨询论证 only.
    let later = compliance_checks(&c, Stage::FinalEvaluation, date("2026-11-20"), &[member(ExpertType::Technical)]);
    assert!(later.iter().all(|c| c.id != "sc.panel_composition"));
}

// SC:100 “建设期满前…总结评估”: approved 2023-07-15 for four years, the period ends 2027-07-15.
#[test]
fn sichuan_evaluates_before_the_build_period_ends() {
    let c = center(Region::Sichuan, &[]);
    let before = compliance_checks(&c, Stage::FinalEvaluation, date("2027-07-14"), &[]);
    assert_eq!(status(&before, "sc.final_evaluation_due"), (CheckStatus::Pass, "2023-07-15 启动建设，建设期 4 年，2027-07-15 期满；本次评估日期 2027-07-14".into()));
    let after = compliance_checks(&c, Stage::FinalEvaluation, date("2027-07-15"), &[]);
    assert_eq!(status(&after, "sc.final_evaluation_due").0, CheckStatus::Fail);
}

// NM:40 names; GXP:93 types; NB:28 “建设期一般为5年”.
#[test]
fn names_types_and_build_periods_follow_the_seeds() {
    let mut c = center(Region::InnerMongolia, &[]);
    c.name = "内蒙古稀土功能材料技术创新中心".into();
    assert_eq!(status(&compliance_checks(&c, Stage::Consultation, date("2026-11-20"), &[]), "nm.naming").0, CheckStatus::Fail);
    c.name = "内蒙古自治区稀土功能材料技术创新中心".into();
    assert_eq!(status(&compliance_checks(&c, Stage::Consultation, date("2026-11-20"), &[]), "nm.naming").0, CheckStatus::Pass);
    c.name = "内蒙古自治区技术创新中心".into();
    assert_eq!(status(&compliance_checks(&c, Stage::Consultation, date("2026-11-20"), &[]), "nm.naming").0, CheckStatus::Fail);

    let mut g = center(Region::Guangxi, &[]);
    assert_eq!(status(&compliance_checks(&g, Stage::Consultation, date("2026-11-20"), &[]), "gx.center_type").0, CheckStatus::NeedsData);
    g.center_type = "专业技术类".into();
    assert_eq!(status(&compliance_checks(&g, Stage::Consultation, date("2026-11-20"), &[]), "gx.center_type"), (CheckStatus::Fail, "中心类型：专业技术类".into()));
    g.center_type = "综合领域类".into();
    assert_eq!(status(&compliance_checks(&g, Stage::Consultation, date("2026-11-20"), &[]), "gx.center_type").0, CheckStatus::Pass);

    let mut n = center(Region::Ningbo, &[]);
    assert_eq!(status(&compliance_checks(&n, Stage::Performance, date("2026-11-20"), &[]), "nb.build_period").0, CheckStatus::Warn);
    n.build_period_years = Some(5);
    assert_eq!(status(&compliance_checks(&n, Stage::Performance, date("2026-11-20"), &[]), "nb.build_period").0, CheckStatus::Pass);
}

#[test]
fn guangxi_acceptance_after_three_years() {
    let c = center(Region::Guangxi, &[]);
    let checks = compliance_checks(&c, Stage::Acceptance, date("2026-07-14"), &[]);
    assert_eq!(status(&checks, "gx.acceptance_due"), (CheckStatus::Fail, "2023-07-15 批复，三年期满为 2026-07-15，本次验收日期 2026-07-14".into()));
    // 广西 performance has the procedure and center-type checks: approved 2023-07-15, before the review.
    let performance = compliance_checks(&c, Stage::Performance, date("2026-07-14"), &[]);
    assert_eq!(performance.len(), 2);
    assert_eq!(status(&performance, "all.procedure_order"), (CheckStatus::Pass, "2023-07-15 批复，之后开展绩效评价".into()));
}

#[test]
fn every_check_quotes_its_seed_line_exactly() {
    let c = center(Region::InnerMongolia, &[]);
    let mut all = compliance_checks(&c, Stage::Performance, date("2026-01-01"), &[]);
    all.extend(compliance_checks(&center(Region::Sichuan, &[]), Stage::Consultation, date("2026-01-01"), &[]));
    all.extend(compliance_checks(&center(Region::Guangxi, &[]), Stage::Acceptance, date("2026-01-01"), &[]));
    all.extend(compliance_checks(&center(Region::InnerMongolia, &[]), Stage::Recognition, date("2026-01-01"), &[]));
    all.extend(compliance_checks(&center(Region::Sichuan, &[]), Stage::FinalEvaluation, date("2026-01-01"), &[]));
    all.extend(compliance_checks(&center(Region::Ningbo, &[]), Stage::Performance, date("2026-01-01"), &[]));
    // NM performance: procedure, committee ×3, naming, two-year rule, director, reports, revocation
    // = 9; SC consultation: procedure, panel, period = 3; GX acceptance: procedure, type,
    // indicators, three years = 4; NM recognition: procedure, committee ×3, naming = 5; SC final
    // evaluation: procedure, period, before the end = 3; NB performance: period = 1.
    assert_eq!(all.len(), 25);
    for check in all {
        let text = std::fs::read_to_string(format!("{}/../../assets/seeds/{}", env!("CARGO_MANIFEST_DIR"), check.source.seed)).unwrap();
        let line = text.lines().nth(check.source.line as usize - 1).unwrap();
        assert!(line.contains(&check.source.quote), "{}", check.id);
    }
}

fn nm_checks(records: &CenterRecords, approval: &str, review_date: &str, settings: &Settings) -> Vec<ComplianceCheck> {
    let mut c = center(Region::InnerMongolia, &[]);
    c.approval_date = Some(date(approval));
    tic_domain::compliance::compliance_checks(&ComplianceContext {
        center: &c,
        records,
        stage: Stage::Performance,
        review_date: date(review_date),
        panel: &[],
        other_reviews: &[],
        settings,
        confirmed_vetoes: &[],
    })
}

#[test]
fn inner_mongolia_director_needs_nine_months_every_year() {
    let settings = Settings::default();
    let none = nm_checks(&CenterRecords::default(), "2023-07-15", "2026-05-01", &settings);
    assert_eq!(status(&none, "nm.director_months").0, CheckStatus::NeedsData);
    let mut records = CenterRecords { director_years: vec![DirectorYear { year: 2024, months: 9 }, DirectorYear { year: 2025, months: 12 }], ..Default::default() };
    let ok = nm_checks(&records, "2023-07-15", "2026-05-01", &settings);
    assert_eq!(status(&ok, "nm.director_months"), (CheckStatus::Pass, "2024 年 9 个月、2025 年 12 个月".into()));
    records.director_years[0].months = 8;
    let short = nm_checks(&records, "2023-07-15", "2026-05-01", &settings);
    assert_eq!(status(&short, "nm.director_months"), (CheckStatus::Fail, "不足 9 个月：2024 年 8 个月".into()));
}

#[test]
fn inner_mongolia_annual_reports_due_31_march_first_year_exempt_after_june() {
    let settings = Settings::default();
    // Approved 2023-07-15 (after June): 2023 exempt; 2024 due 2025-03-31; 2025 due 2026-03-31.
    let records = CenterRecords {
        annual_reports: vec![AnnualReport { year: 2024, submitted_on: Some(date("2025-03-31")) }, AnnualReport { year: 2025, submitted_on: None }],
        ..Default::default()
    };
    let before_due = nm_checks(&records, "2023-07-15", "2026-03-31", &settings);
    assert_eq!(
        status(&before_due, "nm.annual_report_deadline"),
        (CheckStatus::Pass, "2023 年度：7 月批复，免报；2024 年度：2025-03-31 提交；2025 年度：未到截止日 2026-03-31".into())
    );
    let after_due = nm_checks(&records, "2023-07-15", "2026-04-01", &settings);
    assert_eq!(status(&after_due, "nm.annual_report_deadline").0, CheckStatus::Fail);
    // The missing 2025 report raises the revocation trigger by itself.
    assert_eq!(
        status(&after_due, "nm.revocation_triggers"),
        (CheckStatus::Fail, "提请摘牌审定：到期不提交年度报告的（据年度报告记录：2025 年度未提交）".into())
    );
    // Approved in June: not exempt by default ("6月后" read as July on), exempt when June is included.
    let june = CenterRecords { annual_reports: vec![AnnualReport { year: 2023, submitted_on: Some(date("2024-04-01")) }], ..Default::default() };
    let strict = nm_checks(&june, "2023-06-20", "2024-05-01", &settings);
    assert_eq!(status(&strict, "nm.annual_report_deadline"), (CheckStatus::Fail, "2023 年度：2024-04-01 提交，逾期（截止 2024-03-31）".into()));
    let inclusive = Settings { report_exempt_includes_month: true, ..Settings::default() };
    let lenient = nm_checks(&june, "2023-06-20", "2024-05-01", &inclusive);
    assert_eq!(status(&lenient, "nm.annual_report_deadline"), (CheckStatus::Pass, "2023 年度：6 月批复，免报".into()));
}

#[test]
fn inner_mongolia_revocation_checklist() {
    let settings = Settings::default();
    let unchecked = nm_checks(&CenterRecords::default(), "2023-07-15", "2024-01-10", &settings);
    assert_eq!(status(&unchecked, "nm.revocation_triggers").0, CheckStatus::NeedsData);
    let clean = CenterRecords { revocation_reviewed_on: Some(date("2024-01-09")), ..Default::default() };
    let checks = nm_checks(&clean, "2023-07-15", "2024-01-10", &settings);
    assert_eq!(status(&checks, "nm.revocation_triggers"), (CheckStatus::Pass, "2024-01-09 核查，六种情形均未发现".into()));
    let found = CenterRecords {
        revocation_findings: vec![TriggerFinding { trigger: RevocationTrigger::LeadUnitDefunct, note: "2023 年 12 月停产".into() }],
        revocation_reviewed_on: Some(date("2024-01-09")),
        ..Default::default()
    };
    let checks = nm_checks(&found, "2023-07-15", "2024-01-10", &settings);
    assert_eq!(
        status(&checks, "nm.revocation_triggers"),
        (CheckStatus::Fail, "提请摘牌审定：牵头单位停产、破产，不能保障技术创新中心正常运行的（2023 年 12 月停产）".into())
    );
}

#[test]
fn records_and_settings_refuse_bad_rows() {
    let twice = CenterRecords { director_years: vec![DirectorYear { year: 2024, months: 9 }, DirectorYear { year: 2024, months: 10 }], ..Default::default() };
    assert_eq!(twice.validated().unwrap_err().to_string(), "「主任在岗年份」2024 年登记了两次");
    let thirteen = CenterRecords { director_years: vec![DirectorYear { year: 2024, months: 13 }], ..Default::default() };
    assert_eq!(thirteen.validated().unwrap_err().to_string(), "「主任在岗月数」2024 年填了 13 个月，一年最多 12 个月");
    let early = CenterRecords { annual_reports: vec![AnnualReport { year: 2024, submitted_on: Some(date("2023-12-31")) }], ..Default::default() };
    assert!(early.validated().unwrap_err().to_string().contains("早于该年度"));
    let undated = CenterRecords { revocation_findings: vec![TriggerFinding { trigger: RevocationTrigger::Fraud, note: String::new() }], ..Default::default() };
    assert!(undated.validated().is_err());
    let mut settings = Settings::default();
    settings.report_exempt_after_month = 13;
    assert_eq!(settings.validated().unwrap_err().to_string(), "「年度报告豁免月份」应在 1 到 12 月之间");
}

#[test]
fn procedure_order_per_region() {
    let settings = Settings::default();
    let records = CenterRecords::default();
    let mut c = center(Region::InnerMongolia, &[]);
    c.approval_date = None;
    let run = |c: &CenterDraft, stage: Stage, on: &str, others: &[(Stage, NaiveDate, Option<bool>)]| {
        tic_domain::compliance::compliance_checks(&ComplianceContext {
            center: c,
            records: &records,
            stage,
            review_date: date(on),
            panel: &[],
            other_reviews: others,
            settings: &settings,
            confirmed_vetoes: &[],
        })
    };
    // NM:38 评审认定 before any 咨询论证 → fail; after one on an earlier date that passed → pass.
    let first = run(&c, Stage::Recognition, "2024-05-01", &[]);
    assert_eq!(status(&first, "all.procedure_order"), (CheckStatus::Fail, "评审认定之前应先通过咨询论证；尚无咨询论证的评审记录".into()));
    // A consultation dated after this recognition does not count.
    let later = run(&c, Stage::Recognition, "2024-05-01", &[(Stage::Consultation, date("2024-06-01"), Some(true))]);
    assert_eq!(status(&later, "all.procedure_order").0, CheckStatus::Fail);
    // Nor one without a conclusion yet, nor one that did not pass (SC:96 “通过咨询论证”).
    for unpassed in [None, Some(false)] {
        let held = run(&c, Stage::Recognition, "2024-05-01", &[(Stage::Consultation, date("2024-03-01"), unpassed)]);
        assert_eq!(status(&held, "all.procedure_order"), (CheckStatus::Fail, "评审认定之前应先通过咨询论证；咨询论证（2024-03-01）尚未形成通过的结论".into()));
    }
    let ok = run(&c, Stage::Recognition, "2024-05-01", &[(Stage::Consultation, date("2024-02-01"), Some(false)), (Stage::Consultation, date("2024-03-01"), Some(true))]);
    assert_eq!(status(&ok, "all.procedure_order"), (CheckStatus::Pass, "已通过咨询论证（2024-03-01）".into()));
    // Performance needs the approval date; before it is recorded the check asks for it.
    let unapproved = run(&c, Stage::Performance, "2026-05-01", &[]);
    assert_eq!(status(&unapproved, "all.procedure_order").0, CheckStatus::NeedsData);
    // 宁波 states no order.
    let nb = center(Region::Ningbo, &[]);
    assert!(run(&nb, Stage::Performance, "2026-05-01", &[]).iter().all(|check| check.id != "all.procedure_order"));
}

#[test]
fn guangxi_core_indicator_completion_rate() {
    use tic_domain::records::CoreIndicator;
    let settings = Settings::default();
    let c = center(Region::Guangxi, &[]);
    let k = |name: &str, target: &str, actual: &str| CoreIndicator { name: name.into(), unit: "项".into(), target: target.into(), actual: actual.into() };
    let run = |records: &CenterRecords, settings: &Settings| {
        tic_domain::compliance::compliance_checks(&ComplianceContext {
            center: &c,
            records,
            stage: Stage::Acceptance,
            review_date: date("2026-08-01"),
            panel: &[],
            other_reviews: &[],
            settings,
            confirmed_vetoes: &[],
        })
    };
    assert_eq!(status(&run(&CenterRecords::default(), &settings), "gx.indicator_completion").0, CheckStatus::NeedsData);
    // 专利 30/20 counts 1 (capped), 标准 3/4 = 0.75, 企业服务 45/80 = 0.5625:
    // mean (1 + 0.75 + 0.5625) / 3 = 2.3125 / 3 = 0.770833… → 77.1%, below 80 → fail.
    let records = CenterRecords { core_indicators: vec![k("发明专利", "20", "30"), k("行业标准", "4", "3"), k("服务企业", "80", "45")], ..Default::default() };
    assert_eq!(
        status(&run(&records, &settings), "gx.indicator_completion"),
        (CheckStatus::Fail, "平均完成率 77.1%：发明专利 30/20项（100.0%）；行业标准 3/4项（75.0%）；服务企业 45/80项（56.3%）".into())
    );
    // The bar is a setting: at 75% the same indicators pass.
    let lenient = Settings { indicator_pass_percent: 75, ..Settings::default() };
    assert_eq!(status(&run(&records, &lenient), "gx.indicator_completion").0, CheckStatus::Pass);
    // Exactly on the bar passes: 4/5 = 0.8 → 80.0%.
    let exact = CenterRecords { core_indicators: vec![k("平台", "5", "4")], ..Default::default() };
    assert_eq!(status(&run(&exact, &settings), "gx.indicator_completion").0, CheckStatus::Pass);
    // Large, coprime targets do not overflow.
    let huge = CenterRecords {
        core_indicators: (0..12).map(|i| k("投入", &format!("{}.0001", 999_999_999_989u64 - i * 2), "1.5")).collect(),
        ..Default::default()
    };
    assert_eq!(status(&run(&huge, &settings), "gx.indicator_completion").0, CheckStatus::Fail);
    let bad = CenterRecords { core_indicators: vec![k("专利", "0", "1")], ..Default::default() };
    assert_eq!(bad.validated().unwrap_err().to_string(), "「考核指标第 1 行目标值」应大于 0");
    let bad = CenterRecords { core_indicators: vec![k("专利", "5", "-1")], ..Default::default() };
    assert!(bad.validated().unwrap_err().to_string().contains("不是有效数值"));
}

#[test]
fn every_decision_quotes_its_seed_line_exactly() {
    use tic_domain::lifecycle::DecisionKind;
    for region in [Region::Guangxi, Region::Ningbo, Region::Sichuan, Region::InnerMongolia] {
        for option in DecisionKind::offered(region) {
            let text = std::fs::read_to_string(format!("{}/../../assets/seeds/{}", env!("CARGO_MANIFEST_DIR"), option.source.seed)).unwrap();
            let line = text.lines().nth(option.source.line as usize - 1).unwrap();
            assert!(line.contains(&option.source.quote), "{region:?} {}", option.label);
        }
    }
}

/// The escalations (NM:47, GXP:145, SC:100) and the post-subsidy readings (NM:46, NM:56) quote
/// their seed lines word for word.
#[test]
fn escalations_and_post_subsidy_quote_their_seed_lines_exactly() {
    use tic_domain::followup::escalation;
    use tic_domain::lifecycle::Proposal;
    use tic_domain::records::PostSubsidyRule;
    let sources = [
        escalation(Region::InnerMongolia, Stage::Performance, true, Some(Proposal::Rectify), None).unwrap().source,
        escalation(Region::Guangxi, Stage::Performance, false, Some(Proposal::Rectify), None).unwrap().source,
        escalation(Region::Sichuan, Stage::FinalEvaluation, true, Some(Proposal::Rectify), None).unwrap().source,
        PostSubsidyRule::GoodOrBetter.source(),
        PostSubsidyRule::PassOrBetter.source(),
    ];
    let lines: Vec<u32> = sources.iter().map(|s| s.line).collect();
    assert_eq!(lines, [47, 145, 100, 46, 56]);
    for source in sources {
        let text = std::fs::read_to_string(format!("{}/../../assets/seeds/{}", env!("CARGO_MANIFEST_DIR"), source.seed)).unwrap();
        let line = text.lines().nth(source.line as usize - 1).unwrap();
        assert!(line.contains(&source.quote), "{}:{} {}", source.seed, source.line, source.quote);
    }
}

// NM:29 “技术指导委员会由中心主任、技术专家、管理专家、经济专家等人员组成”.
#[test]
fn the_technical_guidance_committee_has_the_director_and_technical_management_and_economic_experts() {
    use tic_domain::CommitteeRole;
    let mut c = center(Region::InnerMongolia, &[("甲", "清华大学", true), ("乙", "北京大学", false), ("丙", "包头稀土研究院", false)]);
    let check = |c: &CenterDraft| status(&compliance_checks(c, Stage::Consultation, date("2026-11-20"), &[]), "nm.tgc_composition");
    // Roles not yet recorded: what is missing cannot be told apart from what was not entered.
    assert_eq!(check(&c), (CheckStatus::NeedsData, "尚缺中心主任、技术专家、管理专家、经济专家；甲、乙、丙的角色未登记".into()));
    c.committee_members[0].role = Some(CommitteeRole::Technical);
    c.committee_members[1].role = Some(CommitteeRole::Management);
    c.committee_members[2].role = Some(CommitteeRole::CenterDirector);
    assert_eq!(check(&c), (CheckStatus::Fail, "缺少经济专家".into()));
    c.committee_members.push(CommitteeMember {
        committee: CommitteeKind::TechnicalGuidance,
        name: "丁".into(),
        affiliation: "中国国际工程咨询有限公司".into(),
        is_chair: false,
        role: Some(CommitteeRole::Economic),
    });
    assert_eq!(check(&c), (CheckStatus::Pass, "共 4 人，中心主任、技术专家、管理专家、经济专家均已具备".into()));
    // Members of other committees do not count.
    c.committee_members[3].committee = CommitteeKind::Expert;
    assert_eq!(check(&c).0, CheckStatus::Fail);
    // 其他 roles may join (“等”).
    c.committee_members[3].committee = CommitteeKind::TechnicalGuidance;
    c.committee_members.push(CommitteeMember { role: Some(CommitteeRole::Other), ..c.committee_members[0].clone() });
    assert_eq!(check(&c).0, CheckStatus::Pass);
}
