//! An expert's sheet in the store: declaration first, blind reading, submission, reopening, history.

use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion, SheetStatus};
use tic_domain::{CriterionId, ExpertId, PanelRole, ReviewId, ReviewStatus};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, member, review_draft, test_key};

pub struct Panel {
    pub store: Store,
    pub review: ReviewId,
    pub chair: ExpertId,
    pub member: ExpertId,
    pub _dir: tempfile::TempDir,
}

/// A file-backed 内蒙古 咨询论证 review with a chair and one member.
pub fn panel() -> Panel {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_with_clock(&dir.path().join("review.db"), &test_key(), fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = store.add_panel_member(review, &member("王振华", PanelRole::Chair)).unwrap().expert_id;
    let member = store.add_panel_member(review, &member("李晓梅", PanelRole::Member)).unwrap().expert_id;
    Panel { store, review, chair, member, _dir: dir }
}

pub fn no_conflict() -> DeclarationInput {
    DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }
}

fn points(id: &str, p: &str, comment: &str) -> Answer {
    Answer { criterion: CriterionId(id.into()), points: Some(p.parse().unwrap()), yes_no: None, comment: comment.into() }
}

/// Answers every criterion of nm.consultation at full marks, with no veto, and writes an opinion.
pub fn complete(p: &Panel, expert: ExpertId) {
    let template = p.store.review_template(p.review).unwrap();
    for (_, c) in template.criteria() {
        let answer = if c.veto {
            Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
        } else {
            Answer { criterion: c.id.clone(), points: Some(c.max), yes_no: None, comment: String::new() }
        };
        p.store.save_answer(p.review, expert, &answer).unwrap();
    }
    let opinion = Opinion { strengths: "基础扎实".into(), recommended_conclusion: Some(0), ..Default::default() };
    p.store.save_opinion(p.review, expert, &opinion).unwrap();
}

#[test]
fn scoring_waits_for_the_declaration_and_a_recused_expert_never_scores() {
    let p = panel();
    let err = p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "8", "")).unwrap_err();
    assert_eq!(err.to_string(), "「回避声明」请先完成回避声明和保密承诺，再开始评分");

    let unsigned = DeclarationInput { pledge_accepted: false, ..no_conflict() };
    assert!(p.store.declare(p.review, p.chair, &unsigned).unwrap_err().to_string().contains("保密承诺"));
    let silent_recusal = DeclarationInput { conflict: ConflictDecision::Recused, reason: " ".into(), pledge_accepted: true };
    assert!(p.store.declare(p.review, p.member, &silent_recusal).unwrap_err().to_string().contains("写明理由"));

    let recusal = DeclarationInput { reason: "本人曾参与该中心建设方案编制".into(), ..silent_recusal };
    p.store.declare(p.review, p.member, &recusal).unwrap();
    let err = p.store.save_answer(p.review, p.member, &points("nm.c.A1", "8", "")).unwrap_err();
    assert_eq!(err.to_string(), "「回避声明」您已声明回避，不参加本次评分");

    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    let sheet = p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "7.5", "")).unwrap();
    assert_eq!((sheet.total.to_string(), sheet.answered, sheet.criteria_count), ("7.5".into(), 1, 15));
    assert_eq!(p.store.review_summary(p.review).unwrap().status, ReviewStatus::Scoring);

    let progress = p.store.panel_progress(p.review).unwrap();
    assert_eq!(progress[0].declaration, Some(ConflictDecision::None));
    assert_eq!(progress[0].answered, 1);
    assert_eq!(progress[1].declaration, Some(ConflictDecision::Recused));
}

#[test]
fn an_out_of_range_score_changes_nothing() {
    let p = panel();
    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "6", "")).unwrap();
    let err = p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "8.5", "")).unwrap_err();
    assert_eq!(err.to_string(), "「产业聚焦」得分 8.5 超过了满分 8");
    assert_eq!(p.store.own_sheet(p.review, p.chair).unwrap().total.to_string(), "6");
}

#[test]
fn no_one_sees_another_sheet_before_submitting_their_own() {
    let p = panel();
    for e in [p.chair, p.member] {
        p.store.declare(p.review, e, &no_conflict()).unwrap();
    }
    complete(&p, p.chair);
    p.store.save_answer(p.review, p.member, &points("nm.c.A1", "5", "依托单位产业化不足")).unwrap();

    let err = p.store.sheet_seen_by(p.review, p.member, p.chair).unwrap_err();
    assert_eq!(err.to_string(), "「评分表」提交自己的评分表之前，不能查看其他专家的评分和意见");
    assert!(p.store.sheet_seen_by(p.review, p.chair, p.member).is_err(), "the chair has not submitted either");

    p.store.submit_sheet(p.review, p.chair).unwrap();
    let seen = p.store.sheet_seen_by(p.review, p.chair, p.member).unwrap();
    assert_eq!(seen.total.to_string(), "5");
    assert!(p.store.sheet_seen_by(p.review, p.member, p.chair).is_err(), "the member still has not submitted");
}

#[test]
fn submission_is_blocked_until_complete_then_locks_and_reopening_keeps_history() {
    let p = panel();
    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "8", "")).unwrap();
    let err = p.store.submit_sheet(p.review, p.chair).unwrap_err();
    assert_eq!(err.to_string(), "「评分表」还不能提交：「类型定位准确」尚未评分（另有 15 处待完善）");

    complete(&p, p.chair);
    let sheet = p.store.submit_sheet(p.review, p.chair).unwrap();
    assert_eq!((sheet.status, sheet.revision, sheet.total.to_string()), (SheetStatus::Submitted, 1, "100".into()));
    assert_eq!(p.store.review_summary(p.review).unwrap().sheets_submitted, 1);
    let err = p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "6", "理由")).unwrap_err();
    assert!(err.to_string().contains("已提交，不能再修改"), "{err}");

    assert!(p.store.reopen_sheet(p.review, p.chair, " ").unwrap_err().to_string().contains("写明为什么"));
    p.store.reopen_sheet(p.review, p.chair, "复核现场材料后调整产业聚焦得分").unwrap();
    p.store.save_answer(p.review, p.chair, &points("nm.c.A1", "6", "产业链延伸论证不足")).unwrap();
    let sheet = p.store.submit_sheet(p.review, p.chair).unwrap();
    assert_eq!((sheet.revision, sheet.total.to_string()), (2, "98".into()));

    let history = p.store.revisions(p.review, p.chair).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!((history[0].number, history[0].reason.as_str()), (1, "首次提交"));
    assert!(history[0].changes.is_empty());
    assert_eq!(history[1].reason, "复核现场材料后调整产业聚焦得分");
    let lines: Vec<String> = history[1].changes.iter().map(|c| format!("{}：{} → {}", c.item, c.before, c.after)).collect();
    assert_eq!(lines, ["「产业聚焦」得分：8 分 → 6 分", "「产业聚焦」说明： → 产业链延伸论证不足"]);
}

#[test]
fn a_pin_is_set_once_and_checked() {
    let p = panel();
    assert!(!p.store.has_pin(p.review, p.chair).unwrap());
    assert!(p.store.set_pin(p.review, p.chair, "12a4").unwrap_err().to_string().contains("4 到 8 位数字"));
    p.store.set_pin(p.review, p.chair, "2468").unwrap();
    assert!(p.store.has_pin(p.review, p.chair).unwrap());
    p.store.verify_pin(p.review, p.chair, "2468").unwrap();
    assert_eq!(p.store.verify_pin(p.review, p.chair, "1357").unwrap_err().to_string(), "PIN 不正确，请重新输入");
    assert!(p.store.verify_pin(p.review, p.member, "2468").is_err(), "no PIN set for the member");
    assert!(p.store.set_pin(p.review, p.chair, "1111").unwrap_err().to_string().contains("已经设置过"));
}

#[test]
fn the_chair_sees_the_consolidation_after_submitting() {
    let p = panel();
    for e in [p.chair, p.member] {
        p.store.declare(p.review, e, &no_conflict()).unwrap();
    }
    complete(&p, p.member);
    p.store.submit_sheet(p.review, p.member).unwrap();
    let err = p.store.consolidation_seen_by(p.review, p.member).unwrap_err();
    assert_eq!(err.to_string(), "「评分汇总」只有专家组组长可以查看评分汇总");
    let err = p.store.consolidation_seen_by(p.review, p.chair).unwrap_err();
    assert!(err.to_string().contains("请先提交您自己的评分表"), "{err}");

    complete(&p, p.chair);
    p.store.reopen_sheet(p.review, p.member, "复核").ok();
    p.store.submit_sheet(p.review, p.chair).unwrap();
    let c = p.store.consolidation_seen_by(p.review, p.chair).unwrap();
    // The member reopened their sheet, so only the chair's full marks count: total 100, and the
    // member's sheet is missing, which blocks finalising.
    assert_eq!(c.total, "100.00");
    assert_eq!((c.scoring_experts, c.complete), (1, false));
    assert_eq!(c.blocking, ["李晓梅尚未提交评分表"]);
}

#[test]
fn a_discussion_round_rescores_chosen_criteria_and_keeps_the_first_round() {
    use tic_domain::sheet::RoundAnswer;
    let p = panel();
    for e in [p.chair, p.member] {
        p.store.declare(p.review, e, &no_conflict()).unwrap();
    }
    complete(&p, p.chair);
    p.store.submit_sheet(p.review, p.chair).unwrap();
    let a1 = vec![CriterionId("nm.c.A1".into())];
    let err = p.store.open_round(p.review, p.chair, &a1, "").unwrap_err();
    assert!(err.to_string().contains("全部评分表提交后才能发起：李晓梅尚未提交评分表"), "{err}");
    complete(&p, p.member);
    p.store.submit_sheet(p.review, p.member).unwrap();
    assert!(p.store.open_round(p.review, p.member, &a1, "").unwrap_err().to_string().contains("只有专家组组长"));
    let round = p.store.open_round(p.review, p.chair, &a1, "").unwrap();
    assert_eq!((round.number, round.criteria.clone()), (2, a1.clone()));

    let rescore = |id: &str, points: &str, reason: &str| RoundAnswer {
        criterion: CriterionId(id.into()),
        points: Some(points.parse().unwrap()),
        yes_no: None,
        reason: reason.into(),
    };
    let err = p.store.save_round_answer(p.review, p.member, &rescore("nm.c.A2", "5", "理由")).unwrap_err();
    assert!(err.to_string().contains("不在本轮讨论范围内"), "{err}");
    let err = p.store.save_round_answer(p.review, p.member, &rescore("nm.c.A1", "6", " ")).unwrap_err();
    assert_eq!(err.to_string(), "「产业聚焦」重新评分须写明理由");
    let err = p.store.save_round_answer(p.review, p.member, &rescore("nm.c.A1", "9", "理由")).unwrap_err();
    assert!(err.to_string().contains("超过了满分 8"), "{err}");
    p.store.save_round_answer(p.review, p.member, &rescore("nm.c.A1", "6", "听取讨论后认为产业链延伸不足")).unwrap();

    let c = p.store.consolidation_seen_by(p.review, p.chair).unwrap();
    let row = c.rows.iter().find(|r| r.criterion.0 == "nm.c.A1").unwrap();
    // Round 2: chair 8 (kept), member 6 → mean 7; the first round (8, 8) is still shown.
    assert_eq!(row.aggregate.as_deref(), Some("7.00"));
    assert_eq!(row.scores, vec![Some("8".parse().unwrap()), Some("6".parse().unwrap())]);
    assert_eq!(row.first_round_scores, Some(vec![Some("8".parse().unwrap()), Some("8".parse().unwrap())]));
    assert!(c.rows.iter().filter(|r| r.criterion.0 != "nm.c.A1").all(|r| r.first_round_scores.is_none()));
    // Both sheets had full marks (100); only A1 moved, by −2 for one of two experts: 100 − 1 = 99.
    assert_eq!(c.total, "99.00");
    // The member's own first-round sheet is untouched.
    let own = p.store.own_sheet(p.review, p.member).unwrap();
    assert_eq!(own.total.to_string(), "100");
}

#[test]
fn the_panel_opinion_is_drafted_from_members_and_approved_per_version() {
    let p = panel();
    for e in [p.chair, p.member] {
        p.store.declare(p.review, e, &no_conflict()).unwrap();
    }
    complete(&p, p.chair);
    complete(&p, p.member);
    let mut member_opinion = p.store.own_sheet(p.review, p.member).unwrap().opinion;
    member_opinion.problems = "1、技术服务收入来源不明确；2、中试平台建设进度滞后".into();
    p.store.save_opinion(p.review, p.member, &member_opinion).unwrap();
    for e in [p.chair, p.member] {
        p.store.submit_sheet(p.review, e).unwrap();
    }

    let err = p.store.panel_opinion(p.review, p.member).unwrap_err();
    assert!(err.to_string().contains("组长尚未起草"), "{err}");
    let draft = p.store.panel_opinion(p.review, p.chair).unwrap();
    assert_eq!(draft.version, 0);
    assert_eq!(
        draft.opinion.process,
        "2026年11月20日，内蒙古自治区科学技术厅在包头市组织专家组对内蒙古自治区稀土功能材料技术创新中心进行咨询论证（含实地考察）。专家组听取了汇报，审阅了相关材料，进行了实地考察，经质询和讨论，形成意见如下。"
    );
    // Both wrote “基础扎实”: one point with two sources. The member's problems split into two points.
    assert_eq!(draft.opinion.strengths.len(), 1);
    assert_eq!(draft.opinion.strengths[0].sources, vec![p.chair, p.member]);
    let problems: Vec<&str> = draft.opinion.problems.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(problems, ["技术服务收入来源不明确", "中试平台建设进度滞后"]);
    // Full marks from both → 100 → the first option.
    assert_eq!(draft.opinion.conclusion, Some(0));
    assert!(!draft.all_approved);

    assert!(p.store.save_panel_opinion(p.review, p.member, &draft.opinion).unwrap_err().to_string().contains("只有专家组组长"));
    let v1 = p.store.save_panel_opinion(p.review, p.chair, &draft.opinion).unwrap();
    assert_eq!(v1.version, 1);
    p.store.approve_panel_opinion(p.review, p.member, 1).unwrap();
    let mut edited = v1.opinion.clone();
    edited.overall = "该中心定位清晰，建设方案基本可行。".into();
    let v2 = p.store.save_panel_opinion(p.review, p.chair, &edited).unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.approvals.iter().map(|a| a.current).collect::<Vec<_>>(), [false, false], "the edit voids the earlier approval");
    let err = p.store.approve_panel_opinion(p.review, p.member, 1).unwrap_err();
    assert!(err.to_string().contains("请重新阅读后再确认"), "{err}");
    p.store.approve_panel_opinion(p.review, p.member, 2).unwrap();
    let done = p.store.approve_panel_opinion(p.review, p.chair, 2).unwrap();
    assert!(done.all_approved);
    assert_eq!(p.store.panel_opinion(p.review, p.member).unwrap().opinion.overall, "该中心定位清晰，建设方案基本可行。");
}

// NM:47 (严重弄虚作假) as the veto item of nm.consultation, confirmed by both experts (2 of 2 is
// more than half): the panel opinion may only take the veto option (GXP:145 “一票否决”).
#[test]
fn a_confirmed_veto_forces_the_panel_s_conclusion() {
    let p = panel();
    for expert in [p.chair, p.member] {
        p.store.declare(p.review, expert, &no_conflict()).unwrap();
        complete(&p, expert);
        let yes = Answer { criterion: CriterionId("nm.c.V1".into()), points: None, yes_no: Some(true), comment: "佐证材料与现场不符".into() };
        p.store.save_answer(p.review, expert, &yes).unwrap();
        p.store.submit_sheet(p.review, expert).unwrap();
    }
    let c = p.store.consolidation_seen_by(p.review, p.chair).unwrap();
    // Full marks (100) would be 优秀 were it not for the veto.
    assert_eq!((c.vetoed, c.total.as_str(), c.grade.as_deref()), (true, "100.00", Some("不合格")));
    let mut opinion = p.store.panel_opinion(p.review, p.chair).unwrap().opinion;
    assert_eq!(opinion.conclusion, Some(2), "the draft takes the veto option");
    opinion.conclusion = Some(0);
    let e = p.store.save_panel_opinion(p.review, p.chair, &opinion).unwrap_err();
    assert_eq!(e.to_string(), "「评审结论」否决项经专家组确认成立，结论只能为「暂不具备创建条件」");
    assert!(p.store.panel_opinion(p.review, p.chair).unwrap().version == 0, "nothing was saved");
    opinion.conclusion = Some(2);
    assert_eq!(p.store.save_panel_opinion(p.review, p.chair, &opinion).unwrap().version, 1);
}
