//! A review is finished once: locked, its compliance checks frozen, reopened only for a reason.

use tic_domain::compliance::CheckStatus;
use tic_domain::panel_opinion::PanelOpinion;
use tic_domain::sheet::Answer;
use tic_domain::{CommitteeKind, CommitteeMember, CriterionId, PanelRole, ReviewStatus};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, member, review_draft, test_key};

fn tgc_ratio(store: &Store, review: tic_domain::ReviewId) -> CheckStatus {
    store.compliance_checks(review).unwrap().into_iter().find(|c| c.id == "nm.tgc_internal_ratio").unwrap().status
}

// NM:29: at most a third of the technical guidance committee from the lead or co-building units.
#[test]
fn a_finished_review_is_locked_and_keeps_its_checks_until_reopened_for_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土新材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = store.add_panel_member(review, &member("王振华", PanelRole::Chair)).unwrap().expert_id;
    let other = store.add_panel_member(review, &member("李晓梅", PanelRole::Member)).unwrap().expert_id;
    let opinion = PanelOpinion { overall: "方案基本可行。".into(), conclusion: Some(0), ..PanelOpinion::default() };
    let version = store.save_panel_opinion(review, chair, &opinion).unwrap().version;
    store.approve_panel_opinion(review, chair, version).unwrap();

    // Not while a member has not approved the text; and only the chair.
    let e = store.conclude_review(review, chair).unwrap_err();
    assert_eq!(e.to_string(), "「评审」以下专家尚未确认专家组意见：李晓梅");
    store.approve_panel_opinion(review, other, version).unwrap();
    assert!(store.conclude_review(review, other).is_err());

    // One external member, the chair: 0 of 1 from the units — passes.
    assert_eq!(tgc_ratio(&store, review), CheckStatus::Pass);
    let record = store.conclude_review(review, chair).unwrap();
    assert_eq!((record.concluded_by.as_str(), record.opinion_version), ("王振华", 1));
    assert_eq!(store.review_summary(review).unwrap().status, ReviewStatus::Concluded);
    // Finishing again changes nothing.
    assert_eq!(store.conclude_review(review, chair).unwrap(), record);

    // The center's committee changes afterwards: two of three from the lead unit would fail now,
    // but the finished review keeps what it found.
    let mut facts = store.center(center.id).unwrap().facts;
    for name in ["张一", "张二"] {
        facts.committee_members.push(CommitteeMember {
            committee: CommitteeKind::TechnicalGuidance,
            name: name.into(),
            affiliation: "包头稀土研究院".into(),
            is_chair: false,
            role: None,
        });
    }
    store.update_center(center.id, &facts).unwrap();
    let mut settings = store.settings().unwrap();
    settings.indicator_pass_percent = 70;
    store.save_settings(&settings).unwrap();
    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    assert_eq!(tgc_ratio(&store, review), CheckStatus::Pass);
    assert_eq!(store.conclusion_record(review).unwrap().unwrap().settings.indicator_pass_percent, 80);

    // Locked: scores, the panel opinion and the panel.
    let criterion = store.review_template(review).unwrap().criteria().next().unwrap().1.id.clone();
    let answer = Answer { criterion: CriterionId(criterion.0.clone()), points: None, yes_no: None, comment: String::new() };
    let e = store.save_answer(review, other, &answer).unwrap_err();
    assert!(e.to_string().contains("本次评审已于 2026-11-23 完成，评分、意见和结论已锁定"), "{e}");
    assert!(store.save_panel_opinion(review, chair, &opinion).is_err());
    assert!(store.add_panel_member(review, &member("赵国强", PanelRole::Member)).is_err());

    // Reopening needs a reason, which the log keeps; the checks are live again.
    assert_eq!(store.reopen_review(review, chair, "  ").unwrap_err().to_string(), "「重新开启的理由」请写明理由（至少 4 个字）");
    store.reopen_review(review, chair, "中心补交了委员会名单，需复核").unwrap();
    assert_eq!(store.review_summary(review).unwrap().status, ReviewStatus::Consolidating);
    assert_eq!(tgc_ratio(&store, review), CheckStatus::Fail);
    let last = store.audit_log().unwrap().pop().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str(), last.detail.as_str()), ("王振华", "重新开启评审", "理由：中心补交了委员会名单，需复核"));
    store.save_panel_opinion(review, chair, &opinion).unwrap();
}

// The 整改事项 of a finished review become the center's items: due by their deadline (overdue the
// day after), confirmed once with evidence, and logged.
#[test]
fn rectification_items_are_followed_up_until_confirmed_with_evidence() {
    use tic_domain::lifecycle::{RectificationConfirmation, RectificationStatus};
    use tic_domain::panel_opinion::Rectification;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    // The fixed clock says 2026-11-23.
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土新材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = store.add_panel_member(review, &member("王振华", PanelRole::Chair)).unwrap().expert_id;
    let deadline = |s: &str| Some(s.parse::<chrono::NaiveDate>().unwrap());
    let opinion = PanelOpinion {
        conclusion: Some(1),
        rectifications: vec![
            Rectification { item: "补充共建单位出资承诺".into(), deadline: deadline("2026-11-22") },
            Rectification { item: "完善知识产权归属约定".into(), deadline: deadline("2026-12-31") },
        ],
        ..PanelOpinion::default()
    };
    let version = store.save_panel_opinion(review, chair, &opinion).unwrap().version;
    store.approve_panel_opinion(review, chair, version).unwrap();
    assert!(store.rectifications(center.id).unwrap().is_empty(), "items appear once the review is finished");
    store.conclude_review(review, chair).unwrap();

    let items = store.rectifications(center.id).unwrap();
    let states: Vec<_> = items.iter().map(|r| (r.item.as_str(), r.status)).collect();
    assert_eq!(states, vec![("补充共建单位出资承诺", RectificationStatus::Overdue), ("完善知识产权归属约定", RectificationStatus::Open)]);
    assert_eq!(items[0].review_label, "2026-11-20 咨询论证（含实地考察）");
    let due: Vec<_> = store.due_items("2026-11-23".parse().unwrap()).unwrap().into_iter().map(|d| (d.what, d.days_left)).collect();
    assert_eq!(due, vec![("整改：补充共建单位出资承诺".to_owned(), -1), ("整改：完善知识产权归属约定".to_owned(), 38)]);

    let confirm = |evidence: &str| RectificationConfirmation { done_on: "2026-11-23".parse().unwrap(), evidence: evidence.into(), confirmed_by: "张敏".into() };
    let e = store.confirm_rectification(items[0].id, &confirm("  ")).unwrap_err();
    assert_eq!(e.to_string(), "「整改佐证」请写明整改的佐证（收到的材料、核查的情况）");
    let done = store.confirm_rectification(items[0].id, &confirm("收到三家共建单位盖章的出资承诺书")).unwrap();
    assert_eq!((done.status, done.confirmed_by.as_deref()), (RectificationStatus::Done, Some("张敏")));
    let e = store.confirm_rectification(items[0].id, &confirm("再次确认")).unwrap_err();
    assert_eq!(e.to_string(), "「整改事项」该事项已于 2026-11-23 确认整改完成");
    let last = store.audit_log().unwrap().pop().unwrap();
    assert_eq!((last.actor.as_str(), last.action.as_str()), ("张敏", "确认整改完成"));
    drop(store);

    // After a restart, and after the review is reopened and finished again: the confirmed item
    // keeps its confirmation, the open one follows the final text.
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    store.reopen_review(review, chair, "整改期限需调整").unwrap();
    let mut changed = opinion.clone();
    changed.rectifications[1].deadline = deadline("2027-01-31");
    let version = store.save_panel_opinion(review, chair, &changed).unwrap().version;
    store.approve_panel_opinion(review, chair, version).unwrap();
    store.conclude_review(review, chair).unwrap();
    let items = store.rectifications(center.id).unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!((items[0].status, items[0].evidence.as_str()), (RectificationStatus::Done, "收到三家共建单位盖章的出资承诺书"));
    assert_eq!(items[1].deadline, deadline("2027-01-31"));
}
