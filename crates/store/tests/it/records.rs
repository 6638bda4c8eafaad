//! Operating records, settings and justification requests in the store.

use chrono::NaiveDate;
use tic_domain::compliance::CheckStatus;
use tic_domain::records::{AnnualReport, CenterRecords, DirectorYear, Settings};
use tic_domain::sheet::Answer;
use tic_domain::{CriterionId, ReviewDraft, TemplateId};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, review_draft, test_key};
use crate::sheets::{complete, no_conflict, panel};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn records_and_settings_survive_reopening_and_drive_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let (center, performance) = {
        let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
        let mut draft = center_draft("内蒙古自治区稀土功能材料技术创新中心");
        draft.approval_date = Some(date("2024-06-18"));
        let center = store.create_center(&draft).unwrap();
        let performance = store
            .create_review(&ReviewDraft { template_id: TemplateId("nm.performance".into()), ..review_draft(center.id, "nm.performance") })
            .unwrap()
            .id;
        let records = CenterRecords {
            director_years: vec![DirectorYear { year: 2025, months: 10 }],
            annual_reports: vec![AnnualReport { year: 2025, submitted_on: Some(date("2026-03-20")) }],
            ..Default::default()
        };
        store.save_center_records(center.id, &records).unwrap();
        // A bad row is refused and the saved records stay as they were.
        let bad = CenterRecords { director_years: vec![DirectorYear { year: 2025, months: 14 }], ..Default::default() };
        assert!(store.save_center_records(center.id, &bad).unwrap_err().to_string().contains("最多 12 个月"));
        (center.id, performance)
    };
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.center_records(center).unwrap().director_years, vec![DirectorYear { year: 2025, months: 10 }]);
    let check = |store: &Store, id: &str| store.compliance_checks(performance).unwrap().into_iter().find(|c| c.id == id).unwrap();
    assert_eq!(check(&store, "nm.director_months").status, CheckStatus::Pass);
    // Approved 18 June 2024: by default June is not "after June", so the 2024 report was due
    // 2025-03-31 and is missing → fail.
    assert_eq!(check(&store, "nm.annual_report_deadline").status, CheckStatus::Fail);
    // With June counted, 2024 is exempt and 2025 was on time.
    let settings = Settings { report_exempt_includes_month: true, ..Settings::default() };
    store.save_settings(&settings).unwrap();
    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.settings().unwrap(), settings);
    let reports = check(&store, "nm.annual_report_deadline");
    assert_eq!((reports.status, reports.detail.as_str()), (CheckStatus::Pass, "2024 年度：6 月批复，免报；2025 年度：2026-03-20 提交"));
    // The procedure check reads the approval date.
    assert_eq!(check(&store, "all.procedure_order").status, CheckStatus::Pass);
    let mut bad = settings.clone();
    bad.funding.share_percent = 0;
    assert!(store.save_settings(&bad).is_err());
    assert_eq!(store.settings().unwrap(), settings);
}

#[test]
fn the_procedure_check_sees_the_centers_other_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(&dir.path().join("review.db"), &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let recognition = store.create_review(&review_draft(center.id, "nm.recognition")).unwrap().id;
    let order = |store: &Store| store.compliance_checks(recognition).unwrap().into_iter().find(|c| c.id == "all.procedure_order").unwrap();
    assert_eq!(order(&store).status, CheckStatus::Fail);
    let consultation = store.create_review(&ReviewDraft { review_date: date("2026-09-01"), ..review_draft(center.id, "nm.consultation") }).unwrap().id;
    // NM:38: the consultation counts once it concluded with a passing outcome (nm.consultation's
    // option 0 proposes to go on to 创建申请; option 1 to consult again).
    assert_eq!(order(&store).detail, "评审认定之前应先通过咨询论证；咨询论证（2026-09-01）尚未形成通过的结论");
    let chair = store.add_panel_member(consultation, &crate::fixtures::member("王振华", tic_domain::PanelRole::Chair)).unwrap().expert_id;
    let opinion = |conclusion| tic_domain::panel_opinion::PanelOpinion { conclusion: Some(conclusion), ..Default::default() };
    store.save_panel_opinion(consultation, chair, &opinion(1)).unwrap();
    assert_eq!(order(&store).status, CheckStatus::Fail);
    store.save_panel_opinion(consultation, chair, &opinion(0)).unwrap();
    assert_eq!((order(&store).status, order(&store).detail), (CheckStatus::Pass, "已通过咨询论证（2026-09-01）".into()));
}

#[test]
fn the_chair_asks_for_a_justification_and_the_score_stays() {
    let p = panel();
    for e in [p.chair, p.member] {
        p.store.declare(p.review, e, &no_conflict()).unwrap();
    }
    complete(&p, p.chair);
    complete(&p, p.member);
    // The member gives A1 (max 8) a 2 where the chair gave 8: median 5, both 3 away, 37.5% > 25%.
    let a1 = CriterionId("nm.c.A1".into());
    let low = Answer { criterion: a1.clone(), points: Some("2".parse().unwrap()), yes_no: None, comment: "产业链延伸不足".into() };
    p.store.save_answer(p.review, p.member, &low).unwrap();
    p.store.submit_sheet(p.review, p.chair).unwrap();
    p.store.submit_sheet(p.review, p.member).unwrap();

    let a2 = CriterionId("nm.c.A2".into());
    let err = p.store.request_justification(p.review, p.chair, p.member, &a2, "").unwrap_err();
    assert!(err.to_string().contains("没有偏离提示"), "{err}");
    assert!(p.store.request_justification(p.review, p.member, p.chair, &a1, "").is_err());
    let asked = p.store.request_justification(p.review, p.chair, p.member, &a1, "请结合现场考察说明").unwrap();
    assert_eq!(asked.len(), 1);
    assert_eq!((asked[0].criterion_name.as_str(), asked[0].expert_name.as_str()), ("产业聚焦", "李晓梅"));
    assert!(asked[0].warning.contains("李晓梅的评分 2 与专家组中位数 5 相差 3 分"), "{}", asked[0].warning);

    // Only the member sees it, and only theirs; answering is durable and visible to the chair.
    assert!(p.store.my_justifications(p.review, p.chair).unwrap().is_empty());
    let mine = p.store.answer_justification(p.review, p.member, &a1, "  下游应用企业尚未落地  ").unwrap();
    assert_eq!(mine[0].response, "下游应用企业尚未落地");
    assert!(p.store.answer_justification(p.review, p.chair, &a1, "无").is_err());
    assert!(p.store.justifications(p.review, p.member).is_err());
    let seen = p.store.justifications(p.review, p.chair).unwrap();
    assert_eq!(seen[0].response, "下游应用企业尚未落地");
    assert!(seen[0].responded_at.is_some());
    // The score itself did not move: (8 + 2) / 2 = 5.00.
    let c = p.store.consolidation_seen_by(p.review, p.chair).unwrap();
    assert_eq!(c.rows.iter().find(|r| r.criterion == a1).unwrap().aggregate.as_deref(), Some("5.00"));
}

// NM:47: the panel of a 内蒙古 绩效评价 confirms the veto item “牵头单位停产、破产…”; the revocation
// check reports it without anyone entering it again in the operating records.
#[test]
fn a_confirmed_veto_of_a_performance_review_feeds_the_revocation_check() {
    use crate::sheets::{complete, no_conflict, Panel};
    use tic_domain::sheet::Answer;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(&dir.path().join("review.db"), &test_key(), fixed_clock).unwrap();
    let mut draft = center_draft("内蒙古自治区稀土功能材料技术创新中心");
    draft.approval_date = Some(date("2023-07-15"));
    let center = store.create_center(&draft).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.performance")).unwrap().id;
    let chair = store.add_panel_member(review, &crate::fixtures::member("王振华", tic_domain::PanelRole::Chair)).unwrap().expert_id;
    let member = store.add_panel_member(review, &crate::fixtures::member("李晓梅", tic_domain::PanelRole::Member)).unwrap().expert_id;
    let p = Panel { store, review, chair, member, _dir: dir };
    let revocation = |p: &Panel| p.store.compliance_checks(p.review).unwrap().into_iter().find(|c| c.id == "nm.revocation_triggers").unwrap();
    for expert in [chair, member] {
        p.store.declare(review, expert, &no_conflict()).unwrap();
        complete(&p, expert);
    }
    // No report on file for 2024 or 2025 (NM:45) is already a ground; the veto is not yet one.
    assert!(!revocation(&p).detail.contains("牵头单位停产"), "{}", revocation(&p).detail);
    for expert in [chair, member] {
        let yes = Answer { criterion: tic_domain::CriterionId("nm.p.V2".into()), points: None, yes_no: Some(true), comment: "牵头单位已于 2026 年 8 月停产".into() };
        p.store.save_answer(review, expert, &yes).unwrap();
        p.store.submit_sheet(review, expert).unwrap();
    }
    let check = revocation(&p);
    assert_eq!(check.status, CheckStatus::Fail);
    assert!(
        check.detail.starts_with("提请摘牌审定：牵头单位停产、破产，不能保障技术创新中心正常运行的（专家组在本次评价中确认的否决项）；到期不提交年度报告的"),
        "{}",
        check.detail
    );
}

// NM:29: a committee member's role is kept with the member, through edits and restarts.
#[test]
fn committee_roles_survive_edits_and_a_restart() {
    use tic_domain::CommitteeRole;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let mut draft = center_draft("内蒙古自治区稀土功能材料技术创新中心");
    draft.committee_members[0].role = Some(CommitteeRole::Technical);
    let mut second = draft.committee_members[0].clone();
    second.name = "钱明".into();
    second.is_chair = false;
    second.role = None;
    draft.committee_members.push(second);
    let id = store.create_center(&draft).unwrap().id;
    let roles = |s: &Store| s.center(id).unwrap().facts.committee_members.iter().map(|m| (m.name.clone(), m.role)).collect::<Vec<_>>();
    assert_eq!(roles(&store), [("赵华".to_owned(), Some(CommitteeRole::Technical)), ("钱明".to_owned(), None)]);
    // The second member gets a role, the first loses it; the order is the member's.
    draft.committee_members[0].role = None;
    draft.committee_members[1].role = Some(CommitteeRole::Economic);
    store.update_center(id, &draft).unwrap();
    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    assert_eq!(roles(&store), [("赵华".to_owned(), None), ("钱明".to_owned(), Some(CommitteeRole::Economic))]);
}
