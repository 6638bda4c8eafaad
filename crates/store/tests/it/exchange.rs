//! The store's side of one laptop per expert, without files or signatures: what goes into the
//! packages, and a recusal travelling from an expert's laptop to the chair's.

use tic_domain::exchange::SheetImportOutcome;
use tic_domain::sheet::{ConflictDecision, DeclarationInput};
use tic_domain::PanelRole;
use tic_store::{IncomingSheet, SenderKey, Store};

use crate::fixtures::{center_draft, fixed_clock, member, review_draft};

fn key(holder: &str) -> SenderKey<'_> {
    SenderKey { holder, fingerprint: "AAAA BBBB", certificate: b"certificate" }
}

#[test]
fn a_recusal_travels_to_the_chair_and_the_review_package_holds_the_roster() {
    let chair_db = Store::open_in_memory(fixed_clock).unwrap();
    let center = chair_db.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let review = chair_db.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = chair_db.add_panel_member(review, &member("王振华", PanelRole::Chair)).unwrap().expert_id;
    let li = chair_db.add_panel_member(review, &member("李晓梅", PanelRole::Member)).unwrap().expert_id;

    // Only the chair exports, and the uid is made once.
    assert!(chair_db.review_package(review, li, || "x".into()).unwrap_err().to_string().contains("只有专家组组长"));
    let package = chair_db.review_package(review, chair, || "0123456789abcdef0123456789abcdef".into()).unwrap();
    let again = chair_db.review_package(review, chair, || unreachable!("the uid is made on the first export only")).unwrap();
    assert_eq!(again.uid, package.uid);
    let roster: Vec<(u32, &str, &str)> = package.roster.iter().map(|m| (m.seat, m.name.as_str(), m.role.as_str())).collect();
    assert_eq!(roster, vec![(0, "王振华", "chair"), (1, "李晓梅", "member")]);
    assert_eq!(package.center.region, "nm");
    assert_eq!(package.center.committee_members[0].committee, "technical_guidance");

    // The expert's laptop: signed by someone else than the chair → refused; by the chair → opened.
    let laptop = Store::open_in_memory(fixed_clock).unwrap();
    assert!(laptop.import_review_package(&package, key("李晓梅")).unwrap_err().to_string().contains("不是名单中的组长"));
    let opened = laptop.import_review_package(&package, key("王振华")).unwrap();
    let their_li = laptop.panel(opened.review_id).unwrap()[1].expert_id;
    assert_eq!(laptop.review(opened.review_id).unwrap().center.facts, center.facts);
    // A review package cannot go back to the chair's laptop, and a sheet cannot leave it.
    assert!(chair_db.import_review_package(&package, key("王振华")).unwrap_err().to_string().contains("在本机创建"));
    assert!(chair_db.sheet_package(review, li).unwrap_err().to_string().contains("组长电脑"));

    // 李晓梅 recuses on her laptop and sends that.
    assert!(laptop.sheet_package(opened.review_id, their_li).unwrap_err().to_string().contains("回避声明"));
    laptop
        .declare(opened.review_id, their_li, &DeclarationInput { conflict: ConflictDecision::Recused, reason: "曾在包头稀土研究院兼职".into(), pledge_accepted: true })
        .unwrap();
    let sheet = laptop.sheet_package(opened.review_id, their_li).unwrap();
    assert_eq!((sheet.sheet.status.as_str(), sheet.sheet.revision), ("recused", 0));
    let incoming = IncomingSheet { package: &sheet, key: key("李晓梅"), manifest_sha256: "1111" };
    let merged = chair_db.import_sheet_packages(review, chair, &[incoming]).unwrap();
    assert_eq!(merged[0].as_ref().unwrap().outcome, SheetImportOutcome::Applied);
    let recused = chair_db.declaration(review, li).unwrap().unwrap();
    assert_eq!((recused.conflict, recused.reason.as_str()), (ConflictDecision::Recused, "曾在包头稀土研究院兼职"));
    let inputs = chair_db.consolidation_inputs(review).unwrap();
    assert!(inputs.iter().find(|s| s.expert_id == li).unwrap().recused);
    let keys = chair_db.exchange_state(review).unwrap().keys;
    assert_eq!((keys[0].expert_name.as_str(), keys[0].fingerprint.as_str()), ("李晓梅", "AAAA BBBB"));
}
