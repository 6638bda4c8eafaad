//! A follow-up review (整改复评) is created from the finished review that ordered a rectification;
//! failing it again is a ground for revocation in 内蒙古 (NM:47).

use chrono::NaiveDate;
use tic_domain::followup::FollowUpDraft;
use tic_domain::lifecycle::{DecisionKind, Proposal};
use tic_domain::panel_opinion::{PanelOpinion, Rectification};
use tic_domain::sheet::{Answer, Opinion};
use tic_domain::{ExpertId, PanelRole, ReviewDraft, ReviewId};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, member, review_draft, test_key};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Every criterion at 0 (不合格), the chair concludes 不合格 (proposal 限期整改) and finishes.
fn fail_and_finish(store: &Store, review: ReviewId) {
    let mut experts: Vec<(ExpertId, PanelRole)> = Vec::new();
    for (name, role) in [("王振华", PanelRole::Chair), ("李晓梅", PanelRole::Member)] {
        experts.push((store.add_panel_member(review, &member(name, role)).unwrap().expert_id, role));
    }
    for (expert, _) in &experts {
        store.declare(review, *expert, &crate::sheets::no_conflict()).unwrap();
        for (_, c) in store.review_template(review).unwrap().criteria() {
            let answer = if c.veto {
                Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
            } else {
                Answer { criterion: c.id.clone(), points: Some("0".parse().unwrap()), yes_no: None, comment: "未达到".into() }
            };
            store.save_answer(review, *expert, &answer).unwrap();
        }
        store.save_opinion(review, *expert, &Opinion { problems: "指标未完成".into(), recommended_conclusion: Some(3), ..Default::default() }).unwrap();
        store.submit_sheet(review, *expert).unwrap();
    }
    let chair = experts[0].0;
    // nm.performance: option 3 is 不合格, which proposes 限期整改.
    let opinion = PanelOpinion {
        overall: "运行绩效不合格。".into(),
        conclusion: Some(3),
        rectifications: vec![Rectification { item: "研发投入达到方案承诺水平".into(), deadline: Some(date("2026-06-30")) }],
        ..PanelOpinion::default()
    };
    let version = store.save_panel_opinion(review, chair, &opinion).unwrap().version;
    for (expert, _) in &experts {
        store.approve_panel_opinion(review, *expert, version).unwrap();
    }
    store.conclude_review(review, chair).unwrap();
}

fn draft(on: &str) -> FollowUpDraft {
    FollowUpDraft { review_date: date(on), place: "呼和浩特市".into(), organizer: "内蒙古自治区科学技术厅".into() }
}

#[test]
fn a_follow_up_comes_from_the_review_that_ordered_it_and_failing_it_again_is_a_revocation_ground() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap().id;
    let first = store.create_review(&ReviewDraft { review_date: date("2025-06-10"), ..review_draft(center, "nm.performance") }).unwrap().id;

    // Not before the review is finished.
    let e = store.create_follow_up_review(first, &draft("2025-12-01")).unwrap_err();
    assert_eq!(e.to_string(), "「整改复评」不能创建复评：该评审尚未完成");
    fail_and_finish(&store, first);
    let outcome = store.center_history(center).unwrap().reviews.remove(0);
    // The first failure leads to 限期整改, as the panel proposed (NM:47 needs a failed 整改).
    assert_eq!((outcome.proposal, outcome.escalation.clone(), outcome.may_follow_up), (Some(Proposal::Rectify), None, true));
    assert_eq!(outcome.proposed_decision, Some(DecisionKind::OrderRectification));

    let e = store.create_follow_up_review(first, &draft("2025-06-10")).unwrap_err();
    assert_eq!(e.to_string(), "「评审日期」复评日期应晚于原评审日期 2025-06-10");
    let follow_up = store.create_follow_up_review(first, &draft("2025-12-01")).unwrap();
    assert_eq!((follow_up.follows, follow_up.stage_name.as_str(), follow_up.review_date), (Some(first), "运行绩效评价", date("2025-12-01")));
    let e = store.create_follow_up_review(first, &draft("2026-01-01")).unwrap_err();
    assert_eq!(e.to_string(), format!("「整改复评」已为该评审创建过复评（评审编号 {}）", follow_up.id));

    fail_and_finish(&store, follow_up.id);
    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let history = store.center_history(center).unwrap();
    assert_eq!((history.reviews[0].follow_up, history.reviews[0].may_follow_up), (Some(follow_up.id), false));
    let again = &history.reviews[1];
    let escalation = again.escalation.as_ref().expect("NM:47 applies");
    assert_eq!((escalation.proposal, escalation.source.line), (Proposal::Revoke, 47));
    assert_eq!((again.follows, again.proposed_decision), (Some(first), Some(DecisionKind::Revoke)));
    // The revocation check of the follow-up (frozen when it was finished) names the ground.
    let check = store.compliance_checks(follow_up.id).unwrap().into_iter().find(|c| c.id == "nm.revocation_triggers").unwrap();
    assert!(check.detail.contains("对绩效评价不合格，限期整改仍不合格的（整改复评仍不合格）"), "{}", check.detail);
    // The software proposes, the department decides: it may still order another 整改 instead.
    assert!(again.may_follow_up);
}

#[test]
fn evidence_files_are_kept_with_the_item_and_bad_ones_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap().id;
    let review = store.create_review(&ReviewDraft { review_date: date("2025-06-10"), ..review_draft(center, "nm.performance") }).unwrap().id;
    fail_and_finish(&store, review);
    let item = store.rectifications(center).unwrap().remove(0);
    assert!(item.files.is_empty());

    let report = "2025 年研发投入审计报告".as_bytes();
    let kept = store.add_evidence_file(item.id, "/media/usb/审计报告.pdf", report, "张敏").unwrap();
    // Only the file name is kept; the digest is of the bytes.
    assert_eq!((kept.name.as_str(), kept.size, kept.added_by.as_str()), ("审计报告.pdf", report.len() as u64, "张敏"));
    assert_eq!(kept.sha256, format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(report)));

    let refused = [
        (store.add_evidence_file(item.id, "空.pdf", b"", "张敏").unwrap_err().to_string(), "「佐证材料」“空.pdf”是空文件"),
        (
            store.add_evidence_file(item.id, "扫描件.tif", &vec![1u8; 21 * 1024 * 1024], "张敏").unwrap_err().to_string(),
            "「佐证材料」“扫描件.tif”有 21.0 MB，超过 20.0 MB 的上限",
        ),
        (store.add_evidence_file(item.id, "副本.pdf", report, "张敏").unwrap_err().to_string(), "「佐证材料」同一文件已作为“审计报告.pdf”添加过"),
        (store.add_evidence_file(item.id, "说明.txt", b"x", " ").unwrap_err().to_string(), "「添加人」不能为空"),
        (store.add_evidence_file(9999, "说明.txt", b"x", "张敏").unwrap_err().to_string(), "找不到编号为 9999 的整改事项"),
    ];
    for (got, want) in refused {
        assert!(got.contains(want), "{got} ≠ {want}");
    }
    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let item = store.rectifications(center).unwrap().remove(0);
    assert_eq!(item.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["审计报告.pdf"]);
    assert_eq!(store.evidence_file_bytes(kept.id).unwrap(), ("审计报告.pdf".to_owned(), report.to_vec()));
}
