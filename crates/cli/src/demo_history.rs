//! A center with years of history for the demo: recognised after 创建申请 and 公示 (NM:38, NM:40),
//! a failing first performance evaluation, a rectification ordered and accepted after a second
//! evaluation, annual reports on file and one overdue.

use chrono::NaiveDate;
use tic_domain::followup::FollowUpDraft;
use tic_domain::lifecycle::{DecisionDraft, DecisionKind, RectificationConfirmation};
use tic_domain::panel_opinion::Rectification;
use tic_domain::records::{AnnualReport, CenterRecords};
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion};
use tic_domain::{
    CenterDraft, CenterId, CommitteeKind, CommitteeMember, CommitteeRole, ExpertType, PanelMemberDraft, PanelRole, Points, Region, ReviewDraft, ReviewId,
    TemplateId,
};
use tic_store::{Store, StoreResult};

/// Named as NM:40 requires: “内蒙古自治区×××技术创新中心”.
pub const HISTORY_CENTER: &str = "内蒙古自治区现代煤化工技术创新中心";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

const PANEL: [(&str, &str, &str, PanelRole); 3] = [
    ("苏建国", "教授", "内蒙古工业大学", PanelRole::Chair),
    ("白玉梅", "研究员", "中国科学院山西煤炭化学研究所", PanelRole::Member),
    ("赵文海", "正高级工程师", "国家能源集团宁夏煤业有限责任公司", PanelRole::Member),
];

fn decide(store: &Store, center: CenterId, kind: DecisionKind, on: NaiveDate, number: &str, review: Option<ReviewId>, due: Option<NaiveDate>) -> StoreResult<()> {
    let draft = DecisionDraft {
        kind,
        decided_on: on,
        document_number: number.into(),
        review_id: review,
        due_on: due,
        note: String::new(),
        recorded_by: "张敏".into(),
    };
    store.record_decision(center, &draft).map(|_| ())
}

fn tgc(name: &str, affiliation: &str, is_chair: bool, role: CommitteeRole) -> CommitteeMember {
    CommitteeMember { committee: CommitteeKind::TechnicalGuidance, name: name.into(), affiliation: affiliation.into(), is_chair, role: Some(role) }
}

/// A finished 绩效评价 in which every expert gives each criterion `percent` of its maximum; a
/// follow-up (整改复评) of `follows` when given.
fn evaluation(
    store: &Store,
    center: CenterId,
    on: NaiveDate,
    follows: Option<ReviewId>,
    percent: [u32; 3],
    rectifications: &[(&str, NaiveDate)],
) -> StoreResult<ReviewId> {
    let place = "鄂尔多斯市 内蒙古自治区现代煤化工技术创新中心";
    let organizer = "内蒙古自治区科学技术厅";
    let review = match follows {
        Some(from) => {
            store.create_follow_up_review(from, &FollowUpDraft { review_date: on, place: place.into(), organizer: organizer.into() })?.id
        }
        None => {
            store
                .create_review(&ReviewDraft {
                    center_id: center,
                    template_id: TemplateId("nm.performance".into()),
                    review_date: on,
                    place: place.into(),
                    organizer: organizer.into(),
                })?
                .id
        }
    };
    let template = store.review_template(review)?;
    let mut experts = Vec::new();
    for (k, (name, title, unit, role)) in PANEL.iter().enumerate() {
        let id = store
            .add_panel_member(review, &PanelMemberDraft { name: (*name).into(), title: (*title).into(), affiliation: (*unit).into(), expert_type: ExpertType::Technical, role: *role })?
            .expert_id;
        experts.push(id);
        store.declare(review, id, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true })?;
        for (_, c) in template.criteria() {
            let answer = if c.veto {
                Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
            } else {
                let tenths = c.max.tenths() * percent[k] / 100;
                Answer { criterion: c.id.clone(), points: Some(Points::from_tenths(tenths)), yes_no: None, comment: "对照年度报告和现场核查情况评分。".into() }
            };
            store.save_answer(review, id, &answer)?;
        }
        let opinion = Opinion {
            strengths: "中心围绕煤制油、煤制烯烃开展了关键技术攻关。".into(),
            problems: if percent[k] < 60 { "研发投入未达方案承诺，成果转化收益偏低。".into() } else { "成果转化收益仍有提升空间。".into() },
            suggestions: "完善研发投入保障和成果转化收益分配机制。".into(),
            remarks: String::new(),
            // 不合格 below 60 %, else 良好 (nm.performance's options).
            recommended_conclusion: Some(if percent[k] < 60 { 3 } else { 1 }),
        };
        store.save_opinion(review, id, &opinion)?;
        store.submit_sheet(review, id)?;
    }
    let chair = experts[0];
    let mut opinion = store.panel_opinion(review, chair)?.opinion;
    opinion.overall = "专家组按绩效评价指标体系逐项评分并形成意见。".into();
    opinion.rectifications = rectifications.iter().map(|(item, deadline)| Rectification { item: (*item).into(), deadline: Some(*deadline) }).collect();
    let saved = store.save_panel_opinion(review, chair, &opinion)?;
    for id in &experts {
        store.approve_panel_opinion(review, *id, saved.version)?;
    }
    store.conclude_review(review, chair)?;
    Ok(review)
}

pub fn seed_history(store: &Store) -> StoreResult<()> {
    let center = store.create_center(&CenterDraft {
        name: HISTORY_CENTER.into(),
        region: Region::InnerMongolia,
        center_type: "专业技术类".into(),
        industry_field: "现代煤化工".into(),
        lead_unit: "内蒙古伊泰煤制油有限责任公司".into(),
        cobuild_units: vec!["内蒙古工业大学".into()],
        organization_mode: "龙头企业牵头".into(),
        approval_date: None,
        build_period_years: None,
        director: "刘振宇".into(),
        committee_members: vec![
            // NM:29: the director with technical, management and economic experts; two of six
            // (the director and 李永旺) from the lead and co-building units.
            tgc("谢克昌", "太原理工大学", true, CommitteeRole::Technical),
            tgc("刘振宇", "内蒙古伊泰煤制油有限责任公司", false, CommitteeRole::CenterDirector),
            tgc("李永旺", "内蒙古工业大学", false, CommitteeRole::Technical),
            tgc("韩布兴", "中国科学院化学研究所", false, CommitteeRole::Technical),
            tgc("王建国", "清华大学", false, CommitteeRole::Management),
            tgc("高鹏", "中国国际工程咨询有限公司", false, CommitteeRole::Economic),
        ],
    })?;
    let id = center.id;
    decide(store, id, DecisionKind::Intake, date(2022, 3, 1), "", None, None)?;
    decide(store, id, DecisionKind::Publicity, date(2022, 8, 20), "", None, None)?;
    decide(store, id, DecisionKind::Approve, date(2022, 9, 15), "内科发〔2022〕120号", None, None)?;
    // Recognised in September: no report for 2022 (NM:45); 2023 and 2024 on file, 2025 overdue.
    store.save_center_records(
        id,
        &CenterRecords {
            annual_reports: vec![
                AnnualReport { year: 2023, submitted_on: Some(date(2024, 3, 20)) },
                AnnualReport { year: 2024, submitted_on: Some(date(2025, 3, 28)) },
            ],
            ..Default::default()
        },
    )?;
    // The first evaluation two years after recognition (NM:46) fails: 55 % from each expert.
    let first = evaluation(
        store,
        id,
        date(2024, 10, 10),
        None,
        [55, 55, 55],
        &[("研发投入达到建设方案承诺水平", date(2025, 6, 30)), ("建立成果转化收益分配制度", date(2025, 6, 30))],
    )?;
    decide(store, id, DecisionKind::OrderRectification, date(2024, 12, 1), "内科发〔2024〕88号", Some(first), Some(date(2025, 6, 30)))?;
    for (item, evidence) in store.rectifications(id)?.iter().zip(["2025 年研发投入 1.26 亿元，审计报告已报送", "《成果转化收益分配办法》已经理事会审议印发"]) {
        let confirmation = RectificationConfirmation { done_on: date(2025, 6, 25), evidence: evidence.into(), confirmed_by: "张敏".into() };
        store.confirm_rectification(item.id, &confirmation)?;
    }
    // The audit summary the center sent for the first item, kept as its evidence.
    let first_item = store.rectifications(id)?.into_iter().next().map(|i| i.id);
    if let Some(item) = first_item {
        let summary = "内蒙古自治区现代煤化工技术创新中心 2025 年研发投入专项审计报告（摘要）\n研发投入合计 1.26 亿元，达到建设方案承诺水平。\n";
        store.add_evidence_file(item, "audit-summary-2025.txt", summary.as_bytes(), "张敏")?;
    }
    // The follow-up evaluation (复评) passes: 82 %, 80 % and 84 % from the three, about 82 points
    // (良好); one item is left to show in the 2025 annual report, which is overdue.
    let second = evaluation(store, id, date(2025, 7, 10), Some(first), [82, 80, 84], &[("在 2025 年度报告中报告收益分配办法的执行情况", date(2026, 3, 31))])?;
    decide(store, id, DecisionKind::RectificationAccepted, date(2025, 8, 1), "内科发〔2025〕61号", Some(second), None)?;
    Ok(())
}
