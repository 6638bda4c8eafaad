//! `exchange-demo`: one laptop per expert, played out on this machine. The given database is the
//! chair's laptop: a new review is created there and its review package exported; each member
//! then scores on a laptop of their own (a database in a folder of `out`) and exports a signed
//! score-sheet package. The chair imports those in the app (交换包).

use std::io::{Cursor, Read, Write};
use std::path::Path;

use chrono::NaiveDate;
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion};
use tic_domain::{CenterDraft, ExpertType, PanelMemberDraft, Points, Region, ReviewDraft, TemplateId};
use tic_export::exchange::{export_review_package, export_sheet_package, open_review_package};
use tic_store::IdentitySource;

use crate::export::{drawn_signature, DEMO_PASSPHRASE, PANEL};

/// The review's center, distinct from the other demo reviews.
pub const EXCHANGE_CENTER: &str = "内蒙古自治区马铃薯种业技术创新中心";

/// ASCII file names for the members' packages (in panel order after the chair).
const FILES: [&str; 4] = ["gao", "zhao", "wulan", "qian"];

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

pub fn exchange_demo(db: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(e)?;
    let chair_store = crate::keys::open_store(db)?;
    if chair_store.list_centers().map_err(e)?.iter().any(|c| c.facts.name == EXCHANGE_CENTER) {
        println!("「{}」中已有{EXCHANGE_CENTER}的评审，未重复生成。", db.display());
        return Ok(());
    }
    let center = chair_store
        .create_center(&CenterDraft {
            name: EXCHANGE_CENTER.into(),
            region: Region::InnerMongolia,
            center_type: "专业技术类".into(),
            industry_field: "马铃薯种业".into(),
            lead_unit: "内蒙古民丰种业有限公司".into(),
            cobuild_units: vec!["内蒙古农业大学".into()],
            organization_mode: "龙头企业牵头".into(),
            approval_date: None,
            build_period_years: None,
            director: "李志强".into(),
            committee_members: vec![],
        })
        .map_err(e)?;
    let review = chair_store
        .create_review(&ReviewDraft {
            center_id: center.id,
            template_id: TemplateId("nm.consultation".into()),
            review_date: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(),
            place: "呼和浩特市 金川开发区".into(),
            organizer: "内蒙古自治区科学技术厅".into(),
        })
        .map_err(e)?
        .id;
    let mut chair = None;
    for (name, title, unit, role, pin) in PANEL {
        let member = chair_store
            .add_panel_member(review, &PanelMemberDraft { name: name.into(), title: title.into(), affiliation: unit.into(), expert_type: ExpertType::Technical, role })
            .map_err(e)?;
        chair_store.set_pin(review, member.expert_id, pin).map_err(e)?;
        chair.get_or_insert(member.expert_id);
    }
    let chair = chair.ok_or("专家组为空")?;
    if chair_store.signing_identity(chair).map_err(e)?.is_none() {
        let sealed = tic_sign::Identity::generate(PANEL[0].0, PANEL[0].2).and_then(|i| i.seal(DEMO_PASSPHRASE)).map_err(e)?;
        chair_store
            .save_signing_identity(review, chair, &sealed.certificate_der, &sealed.encrypted_key_der, IdentitySource::Generated)
            .map_err(e)?;
    }
    let (package, _) = export_review_package(&chair_store, review, chair, DEMO_PASSPHRASE).map_err(e)?;
    std::fs::write(out.join("review.ticreview"), &package).map_err(e)?;
    // The chair's laptop as it is now, before any import: the panel is played out on this copy,
    // so that `db` keeps every package to try and the copy shows the review carried through.
    drop(chair_store);
    let chair_dir = out.join("laptops").join("chair");
    std::fs::create_dir_all(&chair_dir).map_err(e)?;
    let chair_copy = chair_dir.join("tic-review.db");
    let _ = std::fs::remove_file(&chair_copy);
    std::fs::copy(db, &chair_copy).map_err(e)?;
    let mut laptops = Vec::new();

    for (k, file) in FILES.iter().enumerate() {
        let (name, _, unit, _, _) = PANEL[k + 1];
        let dir = out.join("laptops").join(file);
        std::fs::create_dir_all(&dir).map_err(e)?;
        let store = crate::keys::open_store(&dir.join("tic-review.db"))?;
        let review = open_review_package(&store, &package).map_err(e)?.review_id;
        let expert = store.panel(review).map_err(e)?.into_iter().find(|m| m.name == name).ok_or("名单中没有该专家")?.expert_id;
        let sealed = tic_sign::Identity::generate(name, unit).and_then(|i| i.seal(DEMO_PASSPHRASE)).map_err(e)?;
        store.save_signing_identity(review, expert, &sealed.certificate_der, &sealed.encrypted_key_der, IdentitySource::Generated).map_err(e)?;
        // The same PIN as on the chair's laptop, so the demo's member can sign in on their own.
        store.set_pin(review, expert, PANEL[k + 1].4).map_err(e)?;
        store.declare(review, expert, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }).map_err(e)?;
        let template = store.review_template(review).map_err(e)?;
        for (i, (_, c)) in template.criteria().enumerate() {
            let answer = if c.veto {
                Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
            } else {
                let deducted = if (i + k) % 5 == 0 { 10.min(c.max.tenths()) } else { 0 };
                let comment = if deducted > 0 { "支撑材料不够充分。".to_owned() } else { String::new() };
                Answer { criterion: c.id.clone(), points: Some(Points::from_tenths(c.max.tenths() - deducted)), yes_no: None, comment }
            };
            store.save_answer(review, expert, &answer).map_err(e)?;
        }
        store
            .save_opinion(
                review,
                expert,
                &Opinion {
                    strengths: "龙头企业牵头，脱毒种薯繁育体系较完整。".into(),
                    problems: "共性技术研发投入比例论证不足。".into(),
                    suggestions: "细化三年建设目标和考核指标。".into(),
                    remarks: String::new(),
                    recommended_conclusion: Some(0),
                },
            )
            .map_err(e)?;
        store.submit_sheet(review, expert).map_err(e)?;
        store.save_hand_signature(review, expert, &drawn_signature(k as u32 + 1)).map_err(e)?;
        let (bytes, _) = export_sheet_package(&store, review, expert, DEMO_PASSPHRASE).map_err(e)?;
        std::fs::write(out.join(format!("{file}.ticsheet")), &bytes).map_err(e)?;
        if k == 0 {
            std::fs::write(out.join("forged.ticsheet"), forged(&bytes)?).map_err(e)?;
        }
        laptops.push(Laptop { store, review, expert, file: *file });
    }
    let chair_store = crate::keys::open_store(&chair_copy)?;
    crate::exchange_panel::play_panel(&chair_store, chair, review, &laptops, out)?;
    println!("已在「{}」中创建评审：{EXCHANGE_CENTER}（组长{}，PIN {}，签名口令 {DEMO_PASSPHRASE}）", db.display(), PANEL[0].0, PANEL[0].4);
    println!("评审包、评分包、讨论包、意见包和确认包已写入「{}」", out.display());
    println!("组长电脑上走完讨论和确认的副本：「{}」；钱学文的电脑（PIN {}）留待打开讨论包和意见包", chair_copy.display(), PANEL[4].4);
    Ok(())
}

/// A member's laptop of the demo: its store, the review opened there, the member, a file stem.
pub struct Laptop {
    pub store: tic_store::Store,
    pub review: tic_domain::ReviewId,
    pub expert: tic_domain::ExpertId,
    pub file: &'static str,
}

/// The package with its sheet edited after signing: what a tampered copy looks like.
fn forged(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(e)?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(e)?;
        let mut data = Vec::new();
        entry.read_to_end(&mut data).map_err(e)?;
        if entry.name() == "sheet.json" {
            data = String::from_utf8(data).map_err(e)?.replace("共性技术研发投入比例论证不足", "没有问题").into_bytes();
        }
        writer.start_file(entry.name(), zip::write::SimpleFileOptions::default()).map_err(e)?;
        writer.write_all(&data).map_err(e)?;
    }
    Ok(writer.finish().map_err(e)?.into_inner())
}
