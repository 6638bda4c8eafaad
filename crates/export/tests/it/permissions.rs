//! The refusing side of "only the chair exports and imports" and of "documents wait until every
//! sheet is in": a member asks for each thing only the chair may do and is refused, with nothing
//! changed; the chair's 专家组意见 and 汇总表 are refused while one sheet is missing, naming whose.

use tic_domain::sheet::{ConflictDecision, DeclarationInput};
use tic_domain::{ExpertId, ReviewId};
use tic_export::exchange::{export_review_package, export_sheet_package, import_sheet_packages, open_review_package};
use tic_export::{export_signed, DocumentKind};
use tic_store::Store;

use crate::exchange::{create_review, give_identity, laptop, score, signature_png, PANEL, PASSPHRASE};

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    "2026-11-20T16:00:00+08:00".parse().unwrap()
}

/// On one shared laptop: everyone but 李建国 (the last member) has submitted; all six have drawn
/// their signature and approved the chair's saved 专家组意见; the chair and 高丽娟 can sign.
fn all_but_one_sheet_in(store: &Store) -> (ReviewId, Vec<ExpertId>) {
    let (review, experts) = create_review(store);
    for (k, expert) in experts.iter().enumerate().take(5) {
        score(store, review, *expert, PANEL[k].3);
    }
    let last = experts[5];
    store.declare(review, last, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }).unwrap();
    let chair = experts[0];
    let draft = store.panel_opinion(review, chair).unwrap();
    let saved = store.save_panel_opinion(review, chair, &draft.opinion).unwrap();
    for expert in &experts {
        store.approve_panel_opinion(review, *expert, saved.version).unwrap();
        store.save_hand_signature(review, *expert, &signature_png()).unwrap();
    }
    give_identity(store, review, chair, PANEL[0].0, PANEL[0].1);
    give_identity(store, review, experts[1], PANEL[1].0, PANEL[1].1);
    (review, experts)
}

#[test]
fn the_panel_opinion_and_the_summary_wait_for_every_sheet_and_name_the_missing_member() {
    let l = laptop();
    let (review, experts) = all_but_one_sheet_in(&l.store);
    let chair = experts[0];
    assert!(l.store.panel_opinion(review, chair).unwrap().all_approved, "only the sheet is missing");
    for kind in [DocumentKind::PanelOpinion, DocumentKind::ScoreSummary] {
        let err = export_signed(&l.store, review, chair, kind, PASSPHRASE, now()).err().expect("refused while a sheet is missing");
        assert_eq!(err.to_string(), "评分尚未汇总完成：李建国尚未提交评分表", "{kind:?}");
    }

    // Once 李建国's sheet is in, both are exported and signed.
    score(&l.store, review, experts[5], PANEL[5].3);
    for kind in [DocumentKind::PanelOpinion, DocumentKind::ScoreSummary] {
        let (bytes, _) = export_signed(&l.store, review, chair, kind, PASSPHRASE, now()).unwrap();
        assert!(tic_export::verify(&bytes, &tic_sign::TrustStore::new()).valid, "{kind:?}");
    }
}

#[test]
fn a_member_is_refused_every_panel_document_and_other_members_sheets() {
    let l = laptop();
    let (review, experts) = all_but_one_sheet_in(&l.store);
    score(&l.store, review, experts[5], PANEL[5].3);
    let (chair, gao) = (experts[0], experts[1]);
    let refused = |kind: DocumentKind| export_signed(&l.store, review, gao, kind, PASSPHRASE, now()).err().expect("refused").to_string();
    assert_eq!(refused(DocumentKind::PanelOpinion), "只有专家组组长可以导出专家组意见");
    assert_eq!(refused(DocumentKind::ScoreSummary), "只有专家组组长可以导出专家评分汇总表");
    assert_eq!(refused(DocumentKind::SignIn), "只有专家组组长可以导出专家签到表");
    assert_eq!(refused(DocumentKind::SiteVisit), "只有专家组组长可以导出实地考察记录");
    for other in [chair, experts[2], experts[5]] {
        assert_eq!(refused(DocumentKind::ScoreSheet(other)), "只有专家组组长可以导出其他专家的个人评分表");
    }
    let err = tic_export::workbook::workbook(&l.store, review, gao).err().expect("refused");
    assert_eq!(err.to_string(), "「评分汇总」只有专家组组长可以查看评分汇总");

    // The same person may export their own sheet, and the chair anyone's: the refusals above
    // are about who asks, not about the documents.
    assert!(export_signed(&l.store, review, gao, DocumentKind::ScoreSheet(gao), PASSPHRASE, now()).is_ok());
    for kind in [DocumentKind::PanelOpinion, DocumentKind::SignIn, DocumentKind::ScoreSheet(gao)] {
        assert!(export_signed(&l.store, review, chair, kind, PASSPHRASE, now()).is_ok(), "{kind:?}");
    }
}

#[test]
fn a_member_can_neither_export_the_review_package_nor_import_or_adopt_score_sheet_packages() {
    const ONLY_THE_CHAIR: &str = "「交换包」只有专家组组长可以导出评审包、导入或选定评分包";
    let chair_laptop = laptop();
    let store = &chair_laptop.store;
    let (review, experts) = create_review(store);
    let (chair, gao) = (experts[0], experts[1]);
    give_identity(store, review, chair, PANEL[0].0, PANEL[0].1);
    give_identity(store, review, gao, PANEL[1].0, PANEL[1].1);
    score(store, review, chair, PANEL[0].3);
    score(store, review, gao, PANEL[1].3);

    assert_eq!(export_review_package(store, review, gao, PASSPHRASE).err().expect("refused").to_string(), ONLY_THE_CHAIR);
    let (package, _) = export_review_package(store, review, chair, PASSPHRASE).unwrap();

    // 李建国 scores on his own laptop and sends his package back.
    let li_laptop = laptop();
    let opened = open_review_package(&li_laptop.store, &package).unwrap();
    let li = li_laptop.store.panel(opened.review_id).unwrap().into_iter().find(|m| m.name == PANEL[5].0).unwrap().expert_id;
    give_identity(&li_laptop.store, opened.review_id, li, PANEL[5].0, PANEL[5].1);
    score(&li_laptop.store, opened.review_id, li, PANEL[5].3);
    let (sheet, _) = export_sheet_package(&li_laptop.store, opened.review_id, li, PASSPHRASE).unwrap();
    let files = vec![("li.ticsheet".to_owned(), sheet)];

    let before = store.exchange_state(review).unwrap();
    assert_eq!(import_sheet_packages(store, review, gao, &files).unwrap_err().to_string(), ONLY_THE_CHAIR);
    assert_eq!(store.exchange_state(review).unwrap(), before, "the refused import changed nothing");
    assert!(store.exchange_state(review).unwrap().packages.is_empty());

    let report = import_sheet_packages(store, review, chair, &files).unwrap();
    assert_eq!(report[0].outcome, tic_domain::exchange::SheetImportOutcome::Applied, "{report:?}");
    let kept = store.exchange_state(review).unwrap();
    let id = kept.packages[0].id;
    assert_eq!(store.adopt_sheet_package(review, gao, id).unwrap_err().to_string(), ONLY_THE_CHAIR);
    assert_eq!(store.exchange_state(review).unwrap(), kept);
    assert!(store.adopt_sheet_package(review, chair, id).is_ok());
}

/// The compliance checks (NM:29) as the workbook's 合规检查 sheet: live while the review is open,
/// as frozen once it is finished, whatever the center's committee says afterwards.
#[test]
fn the_workbook_lists_the_checks_frozen_when_the_review_was_finished() {
    use calamine::{Reader, Xlsx};
    let l = laptop();
    let (review, experts) = all_but_one_sheet_in(&l.store);
    score(&l.store, review, experts[5], PANEL[5].3);
    let chair = experts[0];
    let sheet = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range("合规检查").unwrap();
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    };
    let ratio_row = |rows: &[Vec<String>]| rows.iter().find(|r| r.get(1).is_some_and(|t| t.contains("不超过三分之一"))).cloned().unwrap();

    l.store.conclude_review(review, chair).unwrap();
    let center = l.store.review(review).unwrap().center;
    let before = sheet(tic_export::workbook::workbook(&l.store, review, chair).unwrap());
    assert!(before[0][0].starts_with("评审完成时（"), "{:?}", before[0]);
    let frozen = ratio_row(&before);
    assert_eq!(frozen[4], "内蒙古自治区技术创新中心建设工作指引（暂行）（征求意见稿）");
    assert_eq!(frozen[5], "29");

    let mut facts = center.facts.clone();
    for name in ["张一", "张二", "张三"] {
        facts.committee_members.push(tic_domain::CommitteeMember {
            committee: tic_domain::CommitteeKind::TechnicalGuidance,
            name: name.into(),
            affiliation: facts.lead_unit.clone(),
            is_chair: false,
            role: None,
        });
    }
    l.store.update_center(center.id, &facts).unwrap();
    let after = sheet(tic_export::workbook::workbook(&l.store, review, chair).unwrap());
    assert_eq!(ratio_row(&after), frozen);
    // Reopened, the sheet shows the checks as they now stand: three of the members from the lead unit.
    l.store.reopen_review(review, chair, "委员会名单有变，复核").unwrap();
    let live = sheet(tic_export::workbook::workbook(&l.store, review, chair).unwrap());
    assert_eq!(live[0][0], "评审尚未完成，以下为导出时的核查结果");
    assert_eq!(ratio_row(&live)[2], "不符合");
    assert_ne!(frozen[2], "不符合");
}

/// GXP:145 一票否决: every member confirms the NM:47 veto item of a high-scoring review; the
/// 专家组意见 and the workbook print the failing grade, not the 优秀 its total would give.
#[test]
fn a_vetoed_review_prints_the_failing_grade_in_the_pdf_and_the_workbook() {
    use calamine::{Reader, Xlsx};
    use tic_domain::sheet::Answer;
    let l = laptop();
    let (review, experts) = all_but_one_sheet_in(&l.store);
    score(&l.store, review, experts[5], PANEL[5].3);
    let chair = experts[0];
    // Each member reopens their sheet, confirms the veto and submits again.
    for expert in &experts {
        l.store.reopen_sheet(review, *expert, "复核佐证材料").unwrap();
        let yes = Answer { criterion: tic_domain::CriterionId("nm.c.V1".into()), points: None, yes_no: Some(true), comment: "佐证材料与现场不符".into() };
        l.store.save_answer(review, *expert, &yes).unwrap();
        l.store.submit_sheet(review, *expert).unwrap();
    }
    let mut opinion = l.store.panel_opinion(review, chair).unwrap().opinion;
    opinion.conclusion = Some(2);
    let saved = l.store.save_panel_opinion(review, chair, &opinion).unwrap();
    for expert in &experts {
        l.store.approve_panel_opinion(review, *expert, saved.version).unwrap();
    }
    let (bytes, _) = export_signed(&l.store, review, chair, DocumentKind::PanelOpinion, PASSPHRASE, now()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("opinion.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    // 98.25 points (the C1 deductions of the panel) would be 优秀 (≥ 90) without the veto.
    assert!(text.contains("汇总得分98.25分（不合格）"), "{text}");
    assert!(text.contains("专家组评审结论：暂不具备创建条件。"), "{text}");

    let book = tic_export::workbook::workbook(&l.store, review, chair).unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(book)).unwrap();
    let range = book.worksheet_range("结论").unwrap();
    let row = range.rows().find(|r| r[0].to_string() == "评定等级").unwrap();
    assert_eq!(row[1].to_string(), "不合格");
}
