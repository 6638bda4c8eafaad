//! One laptop per expert, end to end across separate data directories: the chair's laptop sends
//! the review package to five experts' laptops; each scores and sends back a signed score-sheet
//! package; the chair imports them out of order, twice, with an older revision, a conflicting
//! pair and forged or foreign packages, and the result equals scoring on one shared laptop.

use crate::test_key;
use std::io::{Cursor, Read, Write};

use chrono::NaiveDate;
use tic_domain::exchange::SheetImportOutcome;
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion};
use tic_domain::visit::{SiteNoteDraft, SiteNoteKind};
use tic_domain::{CenterDraft, CriterionId, ExpertId, ExpertType, PanelMemberDraft, PanelRole, Points, Region, ReviewDraft, ReviewId, TemplateId};
use tic_export::exchange::{export_review_package, export_sheet_package, import_sheet_packages, open_review_package};
use tic_store::{IdentitySource, Store};

pub(crate) const PASSPHRASE: &str = "exchange-2026";

/// The chair and five experts. The last number is each one's score for 创新能力 (nm.c.C1, max 10)
/// in tenths; every other criterion gets full marks.
pub(crate) const PANEL: [(&str, &str, PanelRole, u32); 6] = [
    ("孟庆华", "中国农业大学", PanelRole::Chair, 100),
    ("高丽娟", "中国农业科学院草原研究所", PanelRole::Member, 90),
    ("赵志军", "内蒙古自治区农牧业科学院", PanelRole::Member, 80),
    ("乌兰图雅", "内蒙古自治区科学技术信息研究所", PanelRole::Member, 90),
    ("钱学文", "内蒙古财经大学", PanelRole::Member, 70),
    ("李建国", "内蒙古工业大学", PanelRole::Member, 60),
];

pub(crate) struct Laptop {
    _dir: tempfile::TempDir,
    pub(crate) store: Store,
}

pub(crate) fn laptop() -> Laptop {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("tic-review.db"), &test_key()).unwrap();
    Laptop { _dir: dir, store }
}

pub(crate) fn give_identity(store: &Store, review: ReviewId, expert: ExpertId, name: &str, unit: &str) {
    let sealed = tic_sign::Identity::generate(name, unit).unwrap().seal(PASSPHRASE).unwrap();
    store.save_signing_identity(review, expert, &sealed.certificate_der, &sealed.encrypted_key_der, IdentitySource::Generated).unwrap();
}

/// Creates the review with its panel; returns the review and the experts in panel order.
pub(crate) fn create_review(store: &Store) -> (ReviewId, Vec<ExpertId>) {
    let center = store
        .create_center(&CenterDraft {
            name: "内蒙古自治区草种业技术创新中心".into(),
            region: Region::InnerMongolia,
            center_type: "专业技术类".into(),
            industry_field: "草种业".into(),
            lead_unit: "内蒙古农业大学".into(),
            cobuild_units: vec!["蒙草生态环境（集团）股份有限公司".into()],
            organization_mode: "高校院所牵头".into(),
            approval_date: None,
            build_period_years: None,
            director: "高树仁".into(),
            committee_members: vec![],
        })
        .unwrap();
    let review = store
        .create_review(&ReviewDraft {
            center_id: center.id,
            template_id: TemplateId("nm.consultation".into()),
            review_date: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            place: "呼和浩特市".into(),
            organizer: "内蒙古自治区科学技术厅".into(),
        })
        .unwrap()
        .id;
    let experts = PANEL
        .iter()
        .map(|(name, unit, role, _)| {
            store
                .add_panel_member(
                    review,
                    &PanelMemberDraft { name: (*name).into(), title: "研究员".into(), affiliation: (*unit).into(), expert_type: ExpertType::Technical, role: *role },
                )
                .unwrap()
                .expert_id
        })
        .collect();
    (review, experts)
}

pub(crate) fn expert_named(store: &Store, review: ReviewId, name: &str) -> ExpertId {
    store.panel(review).unwrap().into_iter().find(|m| m.name == name).unwrap().expert_id
}

/// Declares, scores (C1 = `c1` tenths, everything else full) and submits.
pub(crate) fn score(store: &Store, review: ReviewId, expert: ExpertId, c1: u32) {
    store.declare(review, expert, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }).unwrap();
    write_scores(store, review, expert, c1);
    store.submit_sheet(review, expert).unwrap();
}

fn write_scores(store: &Store, review: ReviewId, expert: ExpertId, c1: u32) {
    let template = store.review_template(review).unwrap();
    for (_, c) in template.criteria() {
        let answer = if c.veto {
            Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
        } else if c.id.0 == "nm.c.C1" {
            let comment = if c1 < 100 { "研发投入的论证不够充分。".to_owned() } else { String::new() };
            Answer { criterion: c.id.clone(), points: Some(Points::from_tenths(c1)), yes_no: None, comment }
        } else {
            Answer { criterion: c.id.clone(), points: Some(c.max), yes_no: None, comment: String::new() }
        };
        store.save_answer(review, expert, &answer).unwrap();
    }
    store
        .save_opinion(
            review,
            expert,
            &Opinion {
                strengths: "基础扎实。".into(),
                problems: "转化机制论证不足。".into(),
                suggestions: "明确考核指标。".into(),
                remarks: String::new(),
                recommended_conclusion: Some(0),
            },
        )
        .unwrap();
}

fn photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 90]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

pub(crate) fn signature_png() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(120, 40, |x, y| if (x + y) % 7 == 0 { image::Rgba([0, 0, 0, 255]) } else { image::Rgba([0, 0, 0, 0]) });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// An expert's laptop: opens the review package, scores, and returns the laptop with its review
/// and expert ids.
fn expert_laptop(package: &[u8], k: usize, c1: u32) -> (Laptop, ReviewId, ExpertId) {
    let laptop = laptop();
    let opened = open_review_package(&laptop.store, package).unwrap();
    assert!(!opened.already_imported);
    assert_eq!(opened.chair_name, "孟庆华");
    let review = opened.review_id;
    let (name, unit, _, _) = PANEL[k];
    let expert = expert_named(&laptop.store, review, name);
    give_identity(&laptop.store, review, expert, name, unit);
    score(&laptop.store, review, expert, c1);
    (laptop, review, expert)
}

/// Every file of a ZIP, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn five_laptops_run_a_review_by_exchanging_files_and_reach_the_single_laptop_result() {
    // The chair's laptop.
    let chair_laptop = laptop();
    let chair_store = &chair_laptop.store;
    let (review, experts) = create_review(chair_store);
    let chair = experts[0];
    give_identity(chair_store, review, chair, PANEL[0].0, PANEL[0].1);
    score(chair_store, review, chair, PANEL[0].3);
    let (review_package, name) = export_review_package(chair_store, review, chair, PASSPHRASE).unwrap();
    assert!(name.ends_with("评审包.ticreview"), "{name}");
    assert!(export_review_package(chair_store, review, chair, "wrong-passphrase").is_err());

    // Five experts' laptops; 高丽娟 also records her visit, and 赵志军 revises his sheet once.
    let mut packages: Vec<Vec<u8>> = Vec::new();
    let mut laptops = Vec::new();
    for k in 1..=5 {
        // 赵志军 first gives 8.5.
        let c1 = if k == 2 { 85 } else { PANEL[k].3 };
        let (laptop, r, e) = expert_laptop(&review_package, k, c1);
        if k == 1 {
            laptop.store.add_site_note(r, e, &SiteNoteDraft { kind: SiteNoteKind::Facility, text: "查看了种质资源库。".into(), criteria: vec![CriterionId("nm.c.B1".into())] }).unwrap();
            let path = laptop.store.path().unwrap().with_file_name("IMG_0001.jpg");
            std::fs::write(&path, photo()).unwrap();
            laptop.store.add_photo(r, e, &path, "种质资源库", &[]).unwrap();
            laptop.store.save_hand_signature(r, e, &signature_png()).unwrap();
        }
        packages.push(export_sheet_package(&laptop.store, r, e, PASSPHRASE).unwrap().0);
        laptops.push((laptop, r, e));
    }
    // 赵志军's first version gave 8.5; he reopens, gives 8.0 and resubmits: revision 2.
    let (zhao, zr, ze) = &laptops[1];
    let zhao_first = packages[1].clone();
    zhao.store.reopen_sheet(*zr, *ze, "复核研发投入材料后调整").unwrap();
    write_scores(&zhao.store, *zr, *ze, 80);
    zhao.store.submit_sheet(*zr, *ze).unwrap();
    let (zhao_second, zhao_name) = export_sheet_package(&zhao.store, *zr, *ze, PASSPHRASE).unwrap();
    assert!(zhao_name.contains("赵志军-第2版"), "{zhao_name}");

    // The chair imports out of order, one file twice and the older revision last.
    let files: Vec<(String, Vec<u8>)> = vec![
        ("wulan.ticsheet".into(), packages[2].clone()),
        ("zhao-2.ticsheet".into(), zhao_second.clone()),
        ("gao.ticsheet".into(), packages[0].clone()),
        ("gao-copy.ticsheet".into(), packages[0].clone()),
        ("zhao-1.ticsheet".into(), zhao_first.clone()),
        ("qian.ticsheet".into(), packages[3].clone()),
        ("li.ticsheet".into(), packages[4].clone()),
    ];
    let report = import_sheet_packages(chair_store, review, chair, &files).unwrap();
    let outcomes: Vec<SheetImportOutcome> = report.iter().map(|r| r.outcome).collect();
    use SheetImportOutcome::*;
    assert_eq!(outcomes, vec![Applied, Applied, Applied, Unchanged, History, Applied, Applied], "{report:#?}");
    assert!(report[4].message.contains("已存入历史"), "{}", report[4].message);

    // Importing everything again changes nothing.
    let before = chair_store.exchange_state(review).unwrap();
    let again = import_sheet_packages(chair_store, review, chair, &files).unwrap();
    assert!(again.iter().all(|r| r.outcome == Unchanged), "{again:#?}");
    assert_eq!(chair_store.exchange_state(review).unwrap(), before);

    // What came over: 赵志军's two revisions with the reopening reason, 高丽娟's visit and signature.
    let zhao_id = experts[2];
    let revisions = chair_store.revisions(review, zhao_id).unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[1].reason, "复核研发投入材料后调整");
    assert_eq!(revisions[1].changes.len(), 1, "{:?}", revisions[1].changes);
    let gao = experts[1];
    assert_eq!(chair_store.site_notes(review, gao).unwrap()[0].text, "查看了种质资源库。");
    let photos = chair_store.photos(review, gao).unwrap();
    assert_eq!((photos.len(), photos[0].caption.as_str(), photos[0].width), (1, "种质资源库", 64));
    assert_eq!(chair_store.photo_bytes(review, gao, photos[0].id).unwrap(), photo());
    assert!(chair_store.hand_signature(gao).unwrap().is_some());
    let state = chair_store.exchange_state(review).unwrap();
    assert_eq!(state.keys.len(), 5);
    assert_eq!(state.packages.len(), 6);
    let zhao_packages: Vec<_> = state.packages.iter().filter(|p| p.expert_id == zhao_id).collect();
    assert_eq!(zhao_packages.iter().map(|p| (p.revision, p.applied)).collect::<Vec<_>>(), vec![(2, true), (1, false)]);

    // The consolidated result. C1 scores 10, 9, 8, 9, 7, 6: the trimmed mean drops 10 and 6,
    // (9 + 8 + 9 + 7) / 4 = 8.25; the other criteria are full, 90 points: total 98.25.
    let distributed = chair_store.consolidation_seen_by(review, chair).unwrap();
    assert_eq!(distributed.total, "98.25");
    assert_eq!(distributed.grade.as_deref(), Some("优秀"));
    assert!(distributed.complete, "{:?}", distributed.blocking);

    // The same scores on one shared laptop give the same consolidation.
    let shared = laptop();
    let (shared_review, shared_experts) = create_review(&shared.store);
    for (k, e) in shared_experts.iter().enumerate() {
        score(&shared.store, shared_review, *e, PANEL[k].3);
    }
    assert_eq!(shared.store.consolidation_seen_by(shared_review, shared_experts[0]).unwrap(), distributed);

    // A conflicting pair: 乌兰图雅 scores again on a second laptop with her same key (revision 1 again).
    let (wulan, _, we) = &laptops[2];
    let other = laptop();
    let other_review = open_review_package(&other.store, &review_package).unwrap().review_id;
    let other_expert = expert_named(&other.store, other_review, "乌兰图雅");
    let stored = wulan.store.signing_identity(*we).unwrap().unwrap();
    other.store.save_signing_identity(other_review, other_expert, &stored.certificate, &stored.encrypted_key, IdentitySource::Generated).unwrap();
    score(&other.store, other_review, other_expert, 50);
    let conflicting = export_sheet_package(&other.store, other_review, other_expert, PASSPHRASE).unwrap().0;
    let report = import_sheet_packages(chair_store, review, chair, &[("wulan-b.ticsheet".into(), conflicting)]).unwrap();
    assert_eq!(report[0].outcome, Conflict, "{report:?}");
    let state = chair_store.exchange_state(review).unwrap();
    let wulan_id = experts[3];
    let wulan_packages: Vec<_> = state.packages.iter().filter(|p| p.expert_id == wulan_id).collect();
    assert_eq!(wulan_packages.len(), 2);
    assert!(wulan_packages.iter().all(|p| p.conflict));
    // The first stays in use until the chair decides: the result is unchanged.
    assert_eq!(chair_store.consolidation_seen_by(review, chair).unwrap(), distributed);
    // The chair adopts the second (C1 = 5): the scores are 10, 9, 8, 5, 7, 6;
    // dropping 10 and 5 leaves (9 + 8 + 7 + 6) / 4 = 7.5: total 97.5. Then goes back to the first.
    let second = wulan_packages.iter().find(|p| !p.applied).unwrap().id;
    let first = wulan_packages.iter().find(|p| p.applied).unwrap().id;
    let state = chair_store.adopt_sheet_package(review, chair, second).unwrap();
    assert!(state.packages.iter().filter(|p| p.expert_id == wulan_id).all(|p| !p.conflict));
    assert_eq!(chair_store.consolidation_seen_by(review, chair).unwrap().total, "97.50");
    chair_store.adopt_sheet_package(review, chair, first).unwrap();
    assert_eq!(chair_store.consolidation_seen_by(review, chair).unwrap(), distributed);

    // Refused, each with its reason, and nothing changes.
    let before = (chair_store.exchange_state(review).unwrap(), chair_store.consolidation_inputs(review).unwrap());
    let mut refused: Vec<(String, Vec<u8>)> = Vec::new();
    // Forged: 钱学文's sheet edited after signing.
    let mut files = unzip(&packages[3]);
    for (name, data) in files.iter_mut() {
        if name == "sheet.json" {
            *data = String::from_utf8(data.clone()).unwrap().replace("转化机制论证不足", "没有问题").into_bytes();
        }
    }
    refused.push(("forged.ticsheet".into(), rezip(&files)));
    // A new key for 李建国 (not the one first seen).
    let (li, lr, le) = &laptops[4];
    give_identity(&li.store, *lr, *le, "李建国", "内蒙古工业大学");
    refused.push(("new-key.ticsheet".into(), export_sheet_package(&li.store, *lr, *le, PASSPHRASE).unwrap().0));
    // Someone not on the roster, signing as themselves.
    let (gao_laptop, gr, ge) = &laptops[0];
    let mut stranger = gao_laptop.store.sheet_package(*gr, *ge).unwrap();
    stranger.sheet.seat.name = "张三".into();
    let stranger_identity = tic_sign::Identity::generate("张三", "某公司").unwrap();
    refused.push(("stranger.ticsheet".into(), stranger.write(&stranger_identity).unwrap()));
    // A package of another review.
    let elsewhere = laptop();
    let (other_review, other_experts) = create_review(&elsewhere.store);
    give_identity(&elsewhere.store, other_review, other_experts[0], "孟庆华", "中国农业大学");
    let other_package = export_review_package(&elsewhere.store, other_review, other_experts[0], PASSPHRASE).unwrap().0;
    let (far, fr, fe) = expert_laptop(&other_package, 1, 90);
    refused.push(("other-review.ticsheet".into(), export_sheet_package(&far.store, fr, fe, PASSPHRASE).unwrap().0));
    // Truncated in copying, and not a package at all.
    refused.push(("truncated.ticsheet".into(), packages[4][..packages[4].len() / 2].to_vec()));
    refused.push(("notes.txt".into(), "不是评分包".as_bytes().to_vec()));
    // The review package is not a score-sheet package.
    refused.push(("review.ticreview".into(), review_package.clone()));

    let report = import_sheet_packages(chair_store, review, chair, &refused).unwrap();
    let messages: Vec<&str> = report.iter().map(|r| r.message.as_str()).collect();
    assert!(report.iter().all(|r| r.outcome == Refused), "{report:#?}");
    assert!(messages[0].contains("已被改动"), "{}", messages[0]);
    assert!(messages[1].contains("与首次导入时不同"), "{}", messages[1]);
    assert!(messages[2].contains("张三") && messages[2].contains("不在本评审的专家组名单中"), "{}", messages[2]);
    assert!(messages[3].contains("另一项评审"), "{}", messages[3]);
    assert!(messages[4].contains("截断") || messages[4].contains("ZIP"), "{}", messages[4]);
    assert!(messages[5].contains("不是 TIC Review 交换包"), "{}", messages[5]);
    assert!(messages[6].contains("需要评分包，这是评审包"), "{}", messages[6]);
    assert_eq!((chair_store.exchange_state(review).unwrap(), chair_store.consolidation_inputs(review).unwrap()), before);

    // Everything survives closing and reopening the chair's database.
    let path = chair_store.path().unwrap().to_owned();
    drop(chair_laptop.store);
    let reopened = Store::open(&path, &test_key()).unwrap();
    assert_eq!(reopened.consolidation_seen_by(review, chair).unwrap(), distributed);
    assert_eq!(reopened.exchange_state(review).unwrap().packages.len(), 7);

    // Opening the review package again on an expert's laptop changes nothing.
    let again = open_review_package(&laptops[0].0.store, &review_package).unwrap();
    assert!(again.already_imported);
    assert_eq!(again.review_id, laptops[0].1);
}
