//! The whole panel by file, across six data directories (the chair's and five experts'): the
//! score-sheet packages come in, the chair opens a discussion round and sends its round package,
//! members re-score on their own laptops and send new score-sheet packages, the chair sends the
//! panel opinion as opinion packages and the members answer with approval packages — duplicates,
//! out-of-order and stale versions included. Nobody signs in on the chair's laptop but the chair,
//! and the result equals a review scored and approved on one shared laptop.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use tic_domain::exchange::SheetImportOutcome;
use tic_domain::panel_opinion::PanelOpinion;
use tic_domain::sheet::RoundAnswer;
use tic_domain::{CriterionId, ExpertId, Points, ReviewId};
use tic_export::exchange::{export_review_package, export_sheet_package, open_review_package};
use tic_export::panel_exchange::{export_approval_package, export_opinion_package, export_round_package, import_member_packages, open_chair_package};
use tic_export::DocumentKind;
use tic_store::Store;

use crate::exchange::{create_review, expert_named, give_identity, score, signature_png, PANEL, PASSPHRASE};
use crate::test_key;

/// Every laptop reads one clock that moves a second per reading, so every save has its own time
/// and the order of answers is the order they were given.
static TICKS: AtomicI64 = AtomicI64::new(0);

fn ticking() -> DateTime<Utc> {
    let base: DateTime<Utc> = "2026-11-18T01:00:00Z".parse().expect("a time");
    base + chrono::Duration::seconds(TICKS.fetch_add(1, Ordering::SeqCst))
}

struct Laptop {
    _dir: tempfile::TempDir,
    store: Store,
}

fn laptop() -> Laptop {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(&dir.path().join("tic-review.db"), &test_key(), ticking).unwrap();
    Laptop { _dir: dir, store }
}

const C1: &str = "nm.c.C1";
const QUESTION: &str = "研发投入的评分差距较大，请结合现场查看的中试基地复议。";

fn re_score(store: &Store, review: ReviewId, expert: ExpertId, tenths: u32, reason: &str) {
    let answer = RoundAnswer { criterion: CriterionId(C1.into()), points: Some(Points::from_tenths(tenths)), yes_no: None, reason: reason.into() };
    store.save_round_answer(review, expert, &answer).unwrap();
}

fn opinion_text(conclusion: u32, overall: &str) -> PanelOpinion {
    PanelOpinion { process: "专家组听取了汇报，经质询和讨论，形成意见如下。".into(), overall: overall.into(), conclusion: Some(conclusion), ..Default::default() }
}

fn outcomes(report: &[tic_domain::exchange::SheetImportReport]) -> Vec<SheetImportOutcome> {
    report.iter().map(|r| r.outcome).collect()
}

#[test]
fn a_discussion_round_and_the_approvals_travel_by_file_and_reach_the_shared_laptop_result() {
    use SheetImportOutcome::*;
    let chair_laptop = laptop();
    let chair_store = &chair_laptop.store;
    let (review, experts) = create_review(chair_store);
    let chair = experts[0];
    give_identity(chair_store, review, chair, PANEL[0].0, PANEL[0].1);
    score(chair_store, review, chair, PANEL[0].3);
    chair_store.save_hand_signature(review, chair, &signature_png()).unwrap();
    let review_package = export_review_package(chair_store, review, chair, PASSPHRASE).unwrap().0;

    // Five laptops score (C1: 9, 8, 9, 7, 6) and send their sheets.
    let mut members = Vec::new();
    let mut first = Vec::new();
    for k in 1..=5 {
        let l = laptop();
        let r = open_review_package(&l.store, &review_package).unwrap().review_id;
        let e = expert_named(&l.store, r, PANEL[k].0);
        give_identity(&l.store, r, e, PANEL[k].0, PANEL[k].1);
        score(&l.store, r, e, PANEL[k].3);
        first.push((format!("sheet-{k}.ticsheet"), export_sheet_package(&l.store, r, e, PASSPHRASE).unwrap().0));
        members.push((l, r, e));
    }
    assert!(outcomes(&import_member_packages(chair_store, review, chair, &first).unwrap()).iter().all(|o| *o == Applied));

    // A member cannot open a round or write the panel opinion on their own laptop.
    let (gao, gr, ge) = &members[0];
    assert!(gao.store.open_round(*gr, *ge, &[CriterionId(C1.into())], "").is_err());
    let err = gao.store.save_panel_opinion(*gr, *ge, &opinion_text(0, "x")).unwrap_err().to_string();
    assert!(err.contains("专家组意见由组长在组长的电脑上起草") || err.contains("只有专家组组长"), "{err}");

    // The chair opens round 2 on C1 with a question and sends it.
    assert!(export_round_package(chair_store, review, chair, PASSPHRASE).is_err(), "no round yet");
    chair_store.open_round(review, chair, &[CriterionId(C1.into())], QUESTION).unwrap();
    let (round_package, round_name) = export_round_package(chair_store, review, chair, PASSPHRASE).unwrap();
    assert!(round_name.ends_with("讨论包-第2轮.ticround"), "{round_name}");
    for (l, r, _) in &members {
        let opened = open_chair_package(&l.store, &round_package).unwrap();
        assert_eq!((opened.outcome, opened.review_id), (Applied, *r));
        let round = l.store.current_round(*r).unwrap().unwrap();
        assert_eq!((round.number, round.question.as_str()), (2, QUESTION));
        // The scores before the round: the chair's 10 and the members' 9, 8, 9, 7, 6.
        let c1: Vec<(String, Option<String>)> =
            round.scores.iter().map(|m| (m.name.clone(), m.scores[0].points.map(|p| p.to_string()))).collect();
        let expected: Vec<(String, Option<String>)> = PANEL.iter().map(|p| (p.0.to_owned(), Some(Points::from_tenths(p.3).to_string()))).collect();
        assert_eq!(c1, expected);
    }
    let again = open_chair_package(&members[0].0.store, &round_package).unwrap();
    assert_eq!(again.outcome, Unchanged, "{}", again.message);
    // The round package of a review the laptop never opened is refused, naming why.
    let stranger = laptop();
    assert!(open_chair_package(&stranger.store, &round_package).unwrap_err().to_string().contains("请先打开组长的评审包"));

    // 钱学文 re-scores 7 → 8; 李建国 6 → 7, then 7 → 7.5; each sends a sheet package after each change.
    let (qian, qr, qe) = &members[3];
    re_score(&qian.store, *qr, *qe, 80, "现场查看后认为中试基地已具备条件。");
    let qian_round = export_sheet_package(&qian.store, *qr, *qe, PASSPHRASE).unwrap().0;
    let (li, lr, le) = &members[4];
    re_score(&li.store, *lr, *le, 70, "听取讨论后上调。");
    let li_a = export_sheet_package(&li.store, *lr, *le, PASSPHRASE).unwrap().0;
    re_score(&li.store, *lr, *le, 75, "复核研发投入台账后再上调。");
    let li_b = export_sheet_package(&li.store, *lr, *le, PASSPHRASE).unwrap().0;
    // Imported out of order, one twice, with a first-round package arriving again.
    let files = vec![
        ("li-b.ticsheet".to_owned(), li_b.clone()),
        ("qian-round.ticsheet".to_owned(), qian_round.clone()),
        ("li-a.ticsheet".to_owned(), li_a.clone()),
        ("qian-round-copy.ticsheet".to_owned(), qian_round.clone()),
        ("qian-first.ticsheet".to_owned(), first[3].1.clone()),
    ];
    let report = import_member_packages(chair_store, review, chair, &files).unwrap();
    assert_eq!(outcomes(&report), vec![Applied, Applied, History, Unchanged, Unchanged], "{report:#?}");
    let li_id = experts[5];
    let li_answers = chair_store.round_answers(review, li_id, 2).unwrap();
    assert_eq!((li_answers[0].points, li_answers[0].reason.as_str()), (Some(Points::from_tenths(75)), "复核研发投入台账后再上调。"));

    // C1 is now 10, 9, 8, 9, 8, 7.5: the trimmed mean drops 10 and 7.5, (9 + 8 + 9 + 8) / 4 = 8.5;
    // every other criterion is full, 90 points: total 98.50.
    let distributed = chair_store.consolidation_seen_by(review, chair).unwrap();
    assert_eq!(distributed.total, "98.50");
    let c1_row = distributed.rows.iter().find(|r| r.criterion.0 == C1).unwrap();
    assert_eq!(c1_row.aggregate.as_deref(), Some("8.50"));
    assert!(distributed.complete, "{:?}", distributed.blocking);

    // Version 1 of the panel opinion goes out; 高丽娟 approves it at once.
    assert!(export_opinion_package(chair_store, review, chair, PASSPHRASE).is_err(), "nothing saved yet");
    chair_store.save_panel_opinion(review, chair, &opinion_text(0, "建设方案总体可行。")).unwrap();
    let (v1, v1_name) = export_opinion_package(chair_store, review, chair, PASSPHRASE).unwrap();
    assert!(v1_name.ends_with("意见包-第1版.ticopinion"), "{v1_name}");
    let (gao, gr, ge) = &members[0];
    assert_eq!(open_chair_package(&gao.store, &v1).unwrap().outcome, Applied);
    let brief = gao.store.opinion_brief(*gr).unwrap().unwrap();
    assert_eq!((brief.version, brief.total.as_str(), brief.members.len()), (1, "98.50", 6));
    assert_eq!(brief.conclusion_text.as_deref(), Some("建议按专家意见完善方案后提出创建申请"));
    gao.store.save_hand_signature(*gr, *ge, &signature_png()).unwrap();
    gao.store.approve_panel_opinion(*gr, *ge, 1).unwrap();
    let gao_v1 = export_approval_package(&gao.store, *gr, *ge, PASSPHRASE).unwrap().0;

    // The chair revises: version 2, and sends it to everyone.
    let final_text = opinion_text(0, "建设方案总体可行，研发投入论证需进一步细化。");
    chair_store.save_panel_opinion(review, chair, &final_text).unwrap();
    let (v2, _) = export_opinion_package(chair_store, review, chair, PASSPHRASE).unwrap();
    let mut answers: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, (l, r, e)) in members.iter().enumerate() {
        assert_eq!(open_chair_package(&l.store, &v2).unwrap().outcome, Applied);
        // The older version arriving late changes nothing.
        if k == 0 {
            assert_eq!(open_chair_package(&l.store, &v1).unwrap().outcome, History);
            // A member answering the version they no longer have is refused.
            assert!(l.store.approve_panel_opinion(*r, *e, 1).is_err());
        }
        l.store.save_hand_signature(*r, *e, &signature_png()).unwrap();
        if k == 2 {
            // 乌兰图雅 objects first, then approves after talking with the chair.
            assert!(l.store.object_panel_opinion(*r, *e, 2, "  ").unwrap_err().to_string().contains("须写明理由"));
            l.store.object_panel_opinion(*r, *e, 2, "研发投入的评价应更具体。").unwrap();
            answers.push(("wulan-object.ticapproval".into(), export_approval_package(&l.store, *r, *e, PASSPHRASE).unwrap().0));
        }
        l.store.approve_panel_opinion(*r, *e, 2).unwrap();
        answers.push((format!("approve-{k}.ticapproval"), export_approval_package(&l.store, *r, *e, PASSPHRASE).unwrap().0));
    }

    // Before all answers: 乌兰图雅's objection alone comes in and is shown as hers.
    let report = import_member_packages(chair_store, review, chair, &answers[2..3]).unwrap();
    assert_eq!(outcomes(&report), vec![Applied]);
    assert!(report[0].message.contains("提出异议：研发投入的评价应更具体"), "{}", report[0].message);
    let state = chair_store.panel_opinion(review, chair).unwrap();
    let wulan = state.approvals.iter().find(|a| a.name == "乌兰图雅").unwrap();
    assert_eq!((wulan.objected_version, wulan.objection.as_deref(), wulan.current), (Some(2), Some("研发投入的评价应更具体。"), false));

    // Everything, out of order: 高丽娟's stale v1 approval after her v2 one, 乌兰图雅's objection
    // again after her approval, and a duplicate.
    let mut batch = vec![answers[0].clone(), ("gao-v1.ticapproval".into(), gao_v1.clone())];
    batch.extend(answers[3..].iter().cloned());
    batch.push(answers[2].clone());
    batch.push(answers[1].clone());
    batch.push(answers[0].clone());
    let report = import_member_packages(chair_store, review, chair, &batch).unwrap();
    let names: Vec<&str> = batch.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(outcomes(&report), vec![Applied, History, Applied, Applied, Applied, Unchanged, Applied, Unchanged], "{names:?} {report:#?}");
    assert!(report[1].message.contains("答复的是第 1 版，当前为第 2 版"), "{}", report[1].message);
    chair_store.approve_panel_opinion(review, chair, 2).unwrap();
    let state = chair_store.panel_opinion(review, chair).unwrap();
    assert!(state.all_approved, "{:?}", state.approvals);
    assert!(state.approvals.iter().all(|a| a.objection.is_none()));

    // A later objection arriving after an earlier approval would count; an earlier one does not.
    let again = import_member_packages(chair_store, review, chair, &answers[2..3]).unwrap();
    assert_eq!(outcomes(&again), vec![Unchanged]);

    // Forged: 赵志军's approval signed by someone else's key is refused and changes nothing.
    let (zhao, zr, ze) = &members[1];
    let mut package = zhao.store.approval_package(*zr, *ze).unwrap();
    package.approval.decision = "object".into();
    package.approval.reason = "并非本人意见".into();
    let forged = package.write(&tic_sign::Identity::generate("赵志军", "内蒙古自治区农牧业科学院").unwrap()).unwrap();
    let report = import_member_packages(chair_store, review, chair, &[("forged.ticapproval".into(), forged)]).unwrap();
    assert_eq!(report[0].outcome, Refused);
    assert!(report[0].message.contains("与首次导入时不同"), "{}", report[0].message);
    assert!(chair_store.panel_opinion(review, chair).unwrap().all_approved);

    // The chair signs the 专家组意见 alone: every member's signature came with their packages.
    let when = chrono::DateTime::parse_from_rfc3339("2026-11-18T17:00:00+08:00").unwrap();
    let (pdf, _) = tic_export::export_signed(chair_store, review, chair, DocumentKind::PanelOpinion, PASSPHRASE, when).unwrap();
    assert!(pdf.starts_with(b"%PDF"));

    // The same inputs on one shared laptop give the same consolidation and approved opinion.
    let shared = laptop();
    let (s_review, s_experts) = create_review(&shared.store);
    for (k, e) in s_experts.iter().enumerate() {
        score(&shared.store, s_review, *e, PANEL[k].3);
    }
    shared.store.open_round(s_review, s_experts[0], &[CriterionId(C1.into())], QUESTION).unwrap();
    re_score(&shared.store, s_review, s_experts[4], 80, "现场查看后认为中试基地已具备条件。");
    re_score(&shared.store, s_review, s_experts[5], 75, "复核研发投入台账后再上调。");
    assert_eq!(shared.store.consolidation_seen_by(s_review, s_experts[0]).unwrap(), distributed);
    shared.store.save_panel_opinion(s_review, s_experts[0], &opinion_text(0, "建设方案总体可行。")).unwrap();
    shared.store.save_panel_opinion(s_review, s_experts[0], &final_text).unwrap();
    for e in &s_experts {
        shared.store.approve_panel_opinion(s_review, *e, 2).unwrap();
    }
    let one = shared.store.panel_opinion(s_review, s_experts[0]).unwrap();
    let many = chair_store.panel_opinion(review, chair).unwrap();
    assert_eq!((&one.opinion, one.version, one.all_approved), (&many.opinion, many.version, many.all_approved));

    // Everything survives closing and reopening the chair's database.
    let path = chair_store.path().unwrap().to_owned();
    drop(chair_laptop.store);
    let reopened = Store::open(&path, &test_key()).unwrap();
    assert_eq!(reopened.consolidation_seen_by(review, chair).unwrap(), distributed);
    assert!(reopened.panel_opinion(review, chair).unwrap().all_approved);
}
