//! Scoring rules, with expected values worked out by hand against the shipped templates.

use tic_domain::sheet::{
    check_answer, conflict_hints, diff_snapshots, sheet_issues, sheet_total, suggest_conclusion, Answer, Opinion,
    SheetSnapshot,
};
use tic_domain::{
    CenterDraft, CommitteeKind, CommitteeMember, CriterionId, ExpertId, ExpertType, PanelMember, PanelRole, Points, Region,
    Template,
};

fn template(id: &str) -> Template {
    let (file, text) = tic_domain::builtin::BUILTIN_TEMPLATES.iter().find(|(f, _)| *f == format!("{id}.json")).unwrap();
    Template::parse(file, text.as_bytes()).unwrap()
}

fn pts(id: &str, text: &str) -> Answer {
    Answer { criterion: CriterionId(id.into()), points: Some(text.parse().unwrap()), yes_no: None, comment: String::new() }
}

fn yes_no(id: &str, value: bool, comment: &str) -> Answer {
    Answer { criterion: CriterionId(id.into()), points: None, yes_no: Some(value), comment: comment.into() }
}

/// nm.consultation at full marks except where noted; maxima A1 8, A2 7, B1 8, B2 7, C1 10, C2 10,
/// D1 5, D2 5, D3 8, D4 4, D5 3, E1 8, E2 7, F1 10 (sum 100), V1 veto.
fn full_marks() -> Vec<Answer> {
    [
        ("nm.c.A1", "8"), ("nm.c.A2", "7"), ("nm.c.B1", "8"), ("nm.c.B2", "7"), ("nm.c.C1", "10"), ("nm.c.C2", "10"),
        ("nm.c.D1", "5"), ("nm.c.D2", "5"), ("nm.c.D3", "8"), ("nm.c.D4", "4"), ("nm.c.D5", "3"), ("nm.c.E1", "8"),
        ("nm.c.E2", "7"), ("nm.c.F1", "10"),
    ]
    .into_iter()
    .map(|(id, p)| pts(id, p))
    .chain([yes_no("nm.c.V1", false, "")])
    .collect()
}

fn set(answers: &mut [Answer], id: &str, points: &str, comment: &str) {
    let a = answers.iter_mut().find(|a| a.criterion.0 == id).unwrap();
    a.points = Some(points.parse().unwrap());
    a.comment = comment.into();
}

fn opinion() -> Opinion {
    Opinion { strengths: "定位清晰".into(), recommended_conclusion: Some(0), ..Default::default() }
}

#[test]
fn answers_outside_the_criterion_are_refused() {
    let t = template("nm.consultation");
    assert_eq!(check_answer(&t, &pts("nm.c.A1", "8.1")).unwrap_err().to_string(), "「产业聚焦」得分 8.1 超过了满分 8");
    assert!(check_answer(&t, &pts("nm.c.A1", "8")).is_ok());
    assert!(check_answer(&t, &pts("nm.c.A1", "0")).is_ok());
    assert!(check_answer(&t, &pts("nm.c.V1", "0")).unwrap_err().to_string().contains("不计分"));
    assert!(check_answer(&t, &yes_no("nm.c.A1", true, "")).unwrap_err().to_string().contains("请填写分数"));
    assert!(check_answer(&t, &pts("xx", "1")).unwrap_err().to_string().contains("不在本评审的模板中"));
}

#[test]
fn a_deduction_beyond_the_threshold_needs_a_reason() {
    let t = template("nm.consultation");
    // Threshold 20%: on A1 (max 8) deducting 1.6 is allowed without a reason, 1.7 is not.
    let mut answers = full_marks();
    set(&mut answers, "nm.c.A1", "6.4", "");
    assert!(sheet_issues(&t, &answers, &opinion()).is_empty());
    set(&mut answers, "nm.c.A1", "6.3", "");
    let issues = sheet_issues(&t, &answers, &opinion());
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].message, "「产业聚焦」扣分超过满分的 20%，请填写扣分理由");
    set(&mut answers, "nm.c.A1", "6.3", "产业链延伸论证不足");
    assert!(sheet_issues(&t, &answers, &opinion()).is_empty());
}

#[test]
fn a_veto_needs_its_reasons_and_forces_the_failing_conclusion() {
    let t = template("nm.consultation");
    let mut answers = full_marks();
    answers.retain(|a| a.criterion.0 != "nm.c.V1");
    answers.push(yes_no("nm.c.V1", true, ""));
    let issues = sheet_issues(&t, &answers, &opinion());
    assert_eq!(issues.len(), 1);
    assert!(issues[0].message.contains("认定否决，请写明事实和理由"));
    // Total 100 would suggest option 0, but the veto forces option 2 (暂不具备创建条件).
    assert_eq!(suggest_conclusion(&t, &answers), Some(2));
}

#[test]
fn unanswered_items_and_a_missing_opinion_block_submission() {
    let t = template("nm.consultation");
    let answers = vec![pts("nm.c.A1", "8")];
    let issues = sheet_issues(&t, &answers, &Opinion::default());
    // 13 unscored criteria + the veto item + no opinion text + no recommended conclusion.
    assert_eq!(issues.len(), 16);
    assert_eq!(issues[0].message, "「类型定位准确」尚未评分");
    assert_eq!(issues[13].message, "「材料真实性（否决项）」尚未判断");
    assert_eq!(suggest_conclusion(&t, &answers), None);
}

#[test]
fn totals_and_suggestions_follow_the_thresholds() {
    let t = template("nm.consultation");
    let mut answers = full_marks();
    assert_eq!(sheet_total(&answers), Points::from_whole(100));
    // 100 − (8 − 6.5) − (10 − 3.5) − (10 − 0) = 100 − 1.5 − 6.5 − 10 = 82 → option 0 (≥ 80).
    set(&mut answers, "nm.c.A1", "6.5", "");
    set(&mut answers, "nm.c.C1", "3.5", "理由");
    set(&mut answers, "nm.c.F1", "0", "理由");
    assert_eq!(sheet_total(&answers).to_string(), "82");
    assert_eq!(suggest_conclusion(&t, &answers), Some(0));
    // − 2.1 more on C2 → 79.9 → option 1 (60 ≤ total < 80).
    set(&mut answers, "nm.c.C2", "7.9", "理由");
    assert_eq!(sheet_total(&answers).to_string(), "79.9");
    assert_eq!(suggest_conclusion(&t, &answers), Some(1));
}

#[test]
fn a_part_below_its_pass_mark_lowers_the_suggestion() {
    let t = template("nm.recognition");
    // 方案评审 (max 60, pass 36) full; 实地评估 (max 40, pass 24): 12 + 10 + 1 + 0 = 23 < 24.
    let mut answers: Vec<Answer> = [("nm.r.P1", "10"), ("nm.r.P2", "10"), ("nm.r.P3", "12"), ("nm.r.P4", "12"), ("nm.r.P5", "8"), ("nm.r.P6", "8")]
        .into_iter()
        .chain([("nm.r.S1", "12"), ("nm.r.S2", "10"), ("nm.r.S3", "1"), ("nm.r.S4", "0")])
        .map(|(id, p)| pts(id, p))
        .collect();
    answers.push(yes_no("nm.r.V1", false, ""));
    answers.push(yes_no("nm.r.V2", false, ""));
    // Total 60 + 23 = 83 would suggest 建议认定, but the failed part lowers it to 整改后复评.
    assert_eq!(sheet_total(&answers).to_string(), "83");
    assert_eq!(suggest_conclusion(&t, &answers), Some(1));
    set(&mut answers, "nm.r.S4", "1", "");
    assert_eq!(suggest_conclusion(&t, &answers), Some(0));
}

#[test]
fn conflicts_are_detected_from_units_and_committees() {
    let center = CenterDraft {
        name: "内蒙古自治区稀土功能材料技术创新中心".into(),
        region: Region::InnerMongolia,
        center_type: String::new(),
        industry_field: String::new(),
        lead_unit: "包头稀土研究院".into(),
        cobuild_units: vec!["内蒙古大学".into()],
        organization_mode: String::new(),
        approval_date: None,
        build_period_years: None,
        director: String::new(),
        committee_members: vec![CommitteeMember {
            committee: CommitteeKind::TechnicalGuidance,
            name: "陈立新".into(),
            affiliation: "中国科学院长春应用化学研究所".into(),
            is_chair: true,
            role: None,
        }],
    };
    let member = |name: &str, affiliation: &str| PanelMember {
        expert_id: ExpertId(1),
        name: name.into(),
        title: String::new(),
        affiliation: affiliation.into(),
        expert_type: ExpertType::Technical,
        role: PanelRole::Member,
    };
    assert_eq!(conflict_hints(&center, &member("甲", "包头稀土研究院")).len(), 1);
    assert!(conflict_hints(&center, &member("乙", "内蒙古大学化学化工学院"))[0].contains("共建单位“内蒙古大学”"));
    assert!(conflict_hints(&center, &member("陈立新", "中国科学院长春应用化学研究所"))[0].contains("委员会成员"));
    assert!(conflict_hints(&center, &member("丙", "内蒙古科技大学")).is_empty(), "a different university");
    assert!(conflict_hints(&center, &member("丁", "东北大学")).is_empty());
}

#[test]
fn revisions_list_what_changed() {
    let t = template("nm.consultation");
    let before = SheetSnapshot { answers: full_marks(), opinion: opinion() };
    let mut after = before.clone();
    set(&mut after.answers, "nm.c.A1", "6", "依托单位产业化经验不足");
    after.opinion.recommended_conclusion = Some(1);
    let changes = diff_snapshots(&t, &before, &after);
    let lines: Vec<String> = changes.iter().map(|c| format!("{}：{} → {}", c.item, c.before, c.after)).collect();
    assert_eq!(
        lines,
        [
            "「产业聚焦」得分：8 分 → 6 分",
            "「产业聚焦」说明： → 依托单位产业化经验不足",
            "建议结论：建议按专家意见完善方案后提出创建申请 → 修改完善后再次咨询论证",
        ]
    );
}
