//! A center's decisions and status across restarts; a review's proposal in the center's history.

use chrono::NaiveDate;
use tic_domain::lifecycle::{DecisionDraft, DecisionKind, Proposal};
use tic_domain::panel_opinion::PanelOpinion;
use tic_domain::{CenterStatus, PanelRole, Region, ReviewDraft};
use tic_store::{Store, StoreError};

use crate::fixtures::{center_draft, fixed_clock, member, review_draft, test_key};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn decision(kind: DecisionKind, on: &str, number: &str) -> DecisionDraft {
    DecisionDraft {
        kind,
        decided_on: date(on),
        document_number: number.into(),
        review_id: None,
        due_on: None,
        note: String::new(),
        recorded_by: "张敏".into(),
    }
}

// NM:38 创建申请, NM:40 公示无异议 → 批复认定; the approval date is the decision's, and the
// center form can no longer change it.
#[test]
fn a_clerk_s_decisions_set_the_status_and_the_approval_date_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土新材料技术创新中心")).unwrap();
    assert_eq!(store.center_status(center.id).unwrap(), CenterStatus::Intent);

    store.record_decision(center.id, &decision(DecisionKind::Intake, "2023-03-01", "")).unwrap();
    // NM:40: 批复认定 only after 公示无异议.
    let e = store.record_decision(center.id, &decision(DecisionKind::Approve, "2023-09-15", "内科发〔2023〕88号")).unwrap_err();
    assert_eq!(e.to_string(), "「决定」批复认定前应先登记“公示无异议”（内蒙古指引第 40 行）");
    store.record_decision(center.id, &decision(DecisionKind::Publicity, "2023-08-20", "")).unwrap();
    let approved = store.record_decision(center.id, &decision(DecisionKind::Approve, "2023-09-15", "内科发〔2023〕88号")).unwrap();
    assert_eq!(approved.label, "批复认定");
    assert_eq!(store.center_status(center.id).unwrap(), CenterStatus::Recognized);
    assert_eq!(store.center(center.id).unwrap().facts.approval_date, Some(date("2023-09-15")));

    // A date typed into the center form is not read.
    let mut facts = store.center(center.id).unwrap().facts;
    facts.approval_date = Some(date("2020-01-01"));
    facts.director = "王强".into();
    let updated = store.update_center(center.id, &facts).unwrap();
    assert_eq!((updated.facts.approval_date, updated.facts.director.as_str()), (Some(date("2023-09-15")), "王强"));

    let mut order = decision(DecisionKind::OrderRectification, "2025-12-01", "内科发〔2025〕5号");
    order.due_on = Some(date("2026-06-01"));
    store.record_decision(center.id, &order).unwrap();
    let log = store.audit_log().unwrap();
    let last = log.last().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str()), ("张敏", "登记决定"));
    assert_eq!(last.detail, "内蒙古自治区稀土新材料技术创新中心：2025-12-01 限期整改（内科发〔2025〕5号），中心状态为「整改中」");
    drop(store);

    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let history = store.center_history(center.id).unwrap();
    assert_eq!((history.status, history.status_label.as_str()), (CenterStatus::Rectifying, "整改中"));
    let kinds: Vec<_> = history.decisions.iter().map(|d| (d.draft.kind, d.draft.decided_on.to_string())).collect();
    assert_eq!(
        kinds,
        vec![
            (DecisionKind::Intake, "2023-03-01".into()),
            (DecisionKind::Publicity, "2023-08-20".into()),
            (DecisionKind::Approve, "2023-09-15".into()),
            (DecisionKind::OrderRectification, "2025-12-01".into()),
        ]
    );
    assert_eq!(history.decisions[3].draft.due_on, Some(date("2026-06-01")));
    assert_eq!(store.center_statuses().unwrap()[0].label, "整改中");
}

#[test]
fn a_decision_that_does_not_fit_the_history_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(&dir.path().join("review.db"), &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区乳业技术创新中心")).unwrap();
    let before = store.audit_log().unwrap().len();

    let e = store.record_decision(center.id, &decision(DecisionKind::RectificationAccepted, "2026-01-05", "")).unwrap_err();
    assert_eq!(e.to_string(), "「决定」2026-01-05 整改验收通过：中心当时不在整改中");
    let e = store.record_decision(center.id, &decision(DecisionKind::Approve, "2026-01-05", " ")).unwrap_err();
    assert_eq!(e.to_string(), "「文号」不能为空");
    // 广西's 批复认定并授牌 is not a step of 内蒙古's procedure.
    let e = store.record_decision(center.id, &decision(DecisionKind::Recognize, "2026-01-05", "桂科〔2026〕1号")).unwrap_err();
    assert!(matches!(e, StoreError::Invalid(_)), "{e:?}");
    assert_eq!(e.to_string(), "「决定」内蒙古自治区的指引没有这一步");
    // A review of another center cannot be cited.
    let other = store.create_center(&center_draft("内蒙古自治区草种业技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(other.id, "nm.consultation")).unwrap();
    let mut cites = decision(DecisionKind::Intake, "2026-01-05", "");
    cites.review_id = Some(review.id);
    let e = store.record_decision(center.id, &cites).unwrap_err();
    assert_eq!(e.to_string(), "「依据的评审」该评审属于「内蒙古自治区草种业技术创新中心」，不是本中心的评审");

    assert!(store.decisions(center.id).unwrap().is_empty());
    assert_eq!(store.center_status(center.id).unwrap(), CenterStatus::Intent);
    assert_eq!(store.audit_log().unwrap().len(), before, "a refused decision is not logged");
}

// The panel proposes (nm.recognition: 整改后复评 → rectify); the clerk's decision cites the review.
#[test]
fn a_review_s_conclusion_shows_its_proposal_until_a_decision_cites_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(&dir.path().join("review.db"), &test_key(), fixed_clock).unwrap();
    let mut draft = center_draft("内蒙古自治区稀土新材料技术创新中心");
    draft.approval_date = Some(date("2024-09-15"));
    let center = store.create_center(&draft).unwrap();
    // A center registered already approved brings its approval as its first decision.
    assert_eq!(store.center_status(center.id).unwrap(), CenterStatus::Recognized);
    let review = store.create_review(&review_draft(center.id, "nm.performance")).unwrap();
    let chair = store.add_panel_member(review.id, &member("王振华", PanelRole::Chair)).unwrap();
    let opinion = PanelOpinion { overall: "绩效不合格。".into(), conclusion: Some(3), ..PanelOpinion::default() };
    store.save_panel_opinion(review.id, chair.expert_id, &opinion).unwrap();

    let history = store.center_history(center.id).unwrap();
    let outcome = &history.reviews[0];
    assert_eq!(outcome.conclusion.as_deref(), Some("不合格"));
    assert_eq!((outcome.proposal, outcome.proposed_decision), (Some(Proposal::Rectify), Some(DecisionKind::OrderRectification)));
    assert!(!outcome.decided);
    assert_eq!(history.offered.iter().find(|o| o.kind == DecisionKind::Revoke).unwrap().label, "摘牌撤销");

    let mut order = decision(DecisionKind::OrderRectification, "2026-12-01", "");
    order.review_id = Some(review.id);
    order.due_on = Some(date("2027-06-01"));
    store.record_decision(center.id, &order).unwrap();
    let history = store.center_history(center.id).unwrap();
    assert!(history.reviews[0].decided);
    assert_eq!(history.center.facts.region, Region::InnerMongolia);
}

// The center's history shows a review's result only once every sheet is in.
#[test]
fn a_review_s_total_and_group_scores_appear_in_the_history_once_every_sheet_is_in() {
    use crate::sheets::{complete, no_conflict, panel};
    let p = panel();
    let center = p.store.review(p.review).unwrap().center.id;
    for expert in [p.chair, p.member] {
        p.store.declare(p.review, expert, &no_conflict()).unwrap();
        complete(&p, expert);
    }
    p.store.submit_sheet(p.review, p.chair).unwrap();
    let outcome = p.store.center_history(center).unwrap().reviews.remove(0);
    assert_eq!((outcome.total, outcome.grade, outcome.groups.len()), (None, None, 0), "one sheet is still open");

    p.store.submit_sheet(p.review, p.member).unwrap();
    let outcome = p.store.center_history(center).unwrap().reviews.remove(0);
    // Full marks from both: 100 of 100, 优秀 (≥ 90); each group at its maximum.
    assert_eq!((outcome.total.as_deref(), outcome.max_total.as_deref(), outcome.grade.as_deref()), (Some("100.00"), Some("100"), Some("优秀")));
    assert!(!outcome.groups.is_empty());
    for g in &outcome.groups {
        assert_eq!(g.total.parse::<f64>().unwrap(), g.max.parse::<f64>().unwrap(), "{g:?}");
    }
}

/// Every criterion of `review` answered by `expert` at its maximum (`full`) or at 0, no veto.
fn score_all(store: &Store, review: tic_domain::ReviewId, expert: tic_domain::ExpertId, full: bool) {
    use tic_domain::sheet::Answer;
    store.declare(review, expert, &crate::sheets::no_conflict()).unwrap();
    for (_, c) in store.review_template(review).unwrap().criteria() {
        let answer = if c.veto {
            Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
        } else {
            let points = if full { c.max } else { "0".parse().unwrap() };
            Answer { criterion: c.id.clone(), points: Some(points), yes_no: None, comment: "已核查".into() }
        };
        store.save_answer(review, expert, &answer).unwrap();
    }
    store.save_opinion(review, expert, &tic_domain::sheet::Opinion { strengths: "材料齐全".into(), recommended_conclusion: Some(0), ..Default::default() }).unwrap();
    store.submit_sheet(review, expert).unwrap();
}

#[test]
fn the_year_overview_compares_each_center_s_latest_evaluation_with_the_year_before() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let evaluated = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap().id;
    let idle = store.create_center(&center_draft("内蒙古自治区乳业技术创新中心")).unwrap().id;
    for (on, full) in [("2025-11-20", false), ("2026-11-20", true)] {
        let review = store.create_review(&ReviewDraft { review_date: date(on), ..review_draft(evaluated, "nm.performance") }).unwrap().id;
        for (name, role) in [("王振华", PanelRole::Chair), ("李晓梅", PanelRole::Member)] {
            let expert = store.add_panel_member(review, &member(name, role)).unwrap().expert_id;
            score_all(&store, review, expert, full);
        }
    }
    let mut settings = store.settings().unwrap();
    settings.top_grade_cap_percent = Some(20);
    store.save_settings(&settings).unwrap();
    drop(store);

    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let o = store.year_overview(Region::InnerMongolia, 2026, date("2026-12-02")).unwrap();
    assert_eq!(o.rows.iter().map(|r| r.center_id).collect::<Vec<_>>(), [evaluated, idle]);
    let row = &o.rows[0];
    // 2025: every criterion 0 → 0.00 不合格; 2026: every criterion at its maximum → 100.00 优秀.
    assert_eq!(
        (row.total.as_deref(), row.grade.as_deref(), row.previous_total.as_deref(), row.previous_grade.as_deref(), row.change.as_deref()),
        (Some("100.00"), Some("优秀"), Some("0.00"), Some("不合格"), Some("+100.00"))
    );
    assert_eq!((o.rows[1].total.as_deref(), o.evaluated, o.not_evaluated), (None, 1, 1));
    // 1 of 1 evaluated is 优秀: 100% is above the saved 20% cap.
    assert_eq!(o.cap_warning.as_deref(), Some("优秀占比 100.00%（1/1），超过设定上限 20%"));
    let o = store.year_overview(Region::InnerMongolia, 2025, date("2026-12-02")).unwrap();
    assert_eq!((o.rows[0].total.as_deref(), o.rows[0].change.as_deref(), o.cap_warning.as_deref()), (Some("0.00"), None, None));
    assert!(store.year_overview(Region::Sichuan, 2026, date("2026-12-02")).unwrap().rows.is_empty());
}
