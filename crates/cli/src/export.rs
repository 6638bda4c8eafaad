//! `export-demo`: a finished demo review (every sheet in, the panel opinion approved, signatures
//! drawn, site notes and photos, the chair's signing identity) exported as every document type and the workbook, signed with a
//! demo identity. `verify`: checks a signed PDF as the app does.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion};
use tic_domain::visit::{SiteNoteDraft, SiteNoteKind};
use tic_domain::{CenterDraft, CriterionId, ExpertType, PanelMemberDraft, PanelRole, Points, Region, ReviewDraft, ReviewId, TemplateId};
use tic_export::DocumentKind;
use tic_store::Store;

/// The finished review's panel and each member's PIN (other people than the main demo's panel,
/// so their drawn signatures do not appear there).
pub const PANEL: [(&str, &str, &str, PanelRole, &str); 5] = [
    ("孟庆华", "教授", "中国农业大学", PanelRole::Chair, "1111"),
    ("高丽娟", "研究员", "中国农业科学院草原研究所", PanelRole::Member, "2222"),
    ("赵志军", "正高级农艺师", "内蒙古自治区农牧业科学院", PanelRole::Member, "3333"),
    ("乌兰图雅", "研究员", "内蒙古自治区科学技术信息研究所", PanelRole::Member, "4444"),
    ("钱学文", "正高级会计师", "内蒙古财经大学", PanelRole::Member, "5555"),
];

/// The passphrase of the finished demo review chair's signing identity.
pub const DEMO_PASSPHRASE: &str = "demo-2026";

/// The finished demo review's center; the app's demo database has it too.
pub const FINISHED_CENTER: &str = "内蒙古自治区草种业技术创新中心";

/// Deductions per expert in tenths of a point, cycling over the criteria.
const DEDUCTIONS: [[u32; 4]; 5] = [[0, 5, 0, 10], [5, 0, 5, 5], [10, 5, 0, 5], [0, 10, 5, 0], [5, 5, 10, 0]];

/// A handwriting-like stroke: the pad's PNG for expert `k`.
pub fn drawn_signature(k: u32) -> Vec<u8> {
    let mut img = image::RgbaImage::new(480, 160);
    let mut last: Option<(i32, i32)> = None;
    for step in 0..600 {
        let t = step as f32 / 600.0;
        let x = 30.0 + 420.0 * t;
        let y = 80.0 + 35.0 * (t * (9.0 + k as f32) * 3.1).sin() * (1.0 - t * 0.5);
        let (x, y) = (x as i32, y as i32);
        if let Some((px, py)) = last {
            let n = (x - px).abs().max((y - py).abs()).max(1);
            for i in 0..=n {
                let (qx, qy) = (px + (x - px) * i / n, py + (y - py) * i / n);
                for dx in 0..3 {
                    for dy in 0..3 {
                        let (ux, uy) = ((qx + dx).clamp(0, 479) as u32, (qy + dy).clamp(0, 159) as u32);
                        img.put_pixel(ux, uy, image::Rgba([15, 20, 70, 255]));
                    }
                }
            }
        }
        last = Some((x, y));
    }
    let mut out = Vec::new();
    let _ = img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png);
    out
}

fn photo(seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(1600, 1200, |x, y| {
        let v = ((x / 40 + y / 40) % 2) as u8 * 60;
        image::Rgb([120u8.wrapping_add(v).wrapping_add(seed), 140u8.wrapping_add(v / 2), 160u8.wrapping_sub(v / 3)])
    });
    let mut out = Vec::new();
    let _ = img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg);
    out
}

/// The department whose demo root issues the demo chair's certificate.
pub const DEMO_DEPARTMENT: &str = "内蒙古自治区科学技术厅（演示）";

/// The demo chair's certificate as a department would issue it: a new demo root (as a separate
/// 科技厅 installation would make), a request from the chair's key, the certificate issued and
/// taken back. Returns the root certificate (DER); each call makes a new root.
fn issue_demo_certificate(store: &Store, review: ReviewId, expert: tic_domain::ExpertId) -> Result<Vec<u8>, String> {
    use tic_sign::authority;
    let s = |x: tic_sign::SignError| x.to_string();
    // A day back, so documents signed at once are inside the validity on any clock.
    let from = store.now_utc() - chrono::Duration::days(1);
    let root = authority::create_root(DEMO_DEPARTMENT, from).map_err(s)?;
    let request = tic_export::trust::certificate_request(store, expert, DEMO_PASSPHRASE, Some("NM-EXP-0001")).map_err(|e| e.to_string())?;
    let (req, _) = authority::read_request(request.as_bytes()).map_err(s)?;
    let issued = authority::issue(&root, &req, from, authority::DEFAULT_ISSUED_DAYS).map_err(s)?;
    tic_export::trust::adopt_issued_certificate(store, review, expert, issued.response_pem.as_bytes()).map_err(|e| e.to_string())?;
    authority::certificate_der(root.certificate()).map_err(s)
}

/// Writes the finished demo review into `store` (a file database: photos are kept beside it).
/// Returns it and the demo department's root certificate (DER) that issued the chair's.
pub fn seed_completed(store: &Store) -> Result<(ReviewId, Vec<u8>), String> {
    let e = |x: tic_store::StoreError| x.to_string();
    let center = store
        .create_center(&CenterDraft {
            name: FINISHED_CENTER.into(),
            region: Region::InnerMongolia,
            center_type: "专业技术类".into(),
            industry_field: "草种业".into(),
            lead_unit: "内蒙古农业大学".into(),
            cobuild_units: vec!["中国农业科学院草原研究所".into(), "蒙草生态环境（集团）股份有限公司".into()],
            organization_mode: "高校院所牵头".into(),
            approval_date: None,
            build_period_years: None,
            director: "高树仁".into(),
            committee_members: vec![],
        })
        .map_err(e)?;
    let review = store
        .create_review(&ReviewDraft {
            center_id: center.id,
            template_id: TemplateId("nm.consultation".into()),
            review_date: NaiveDate::from_ymd_opt(2026, 11, 18).unwrap_or_default(),
            place: "呼和浩特市 内蒙古农业大学 东区科技楼会议室".into(),
            organizer: "内蒙古自治区科学技术厅".into(),
        })
        .map_err(e)?
        .id;
    let template = store.review_template(review).map_err(e)?;
    let mut experts = Vec::new();
    for (k, (name, title, unit, role, pin)) in PANEL.iter().enumerate() {
        let member = store
            .add_panel_member(
                review,
                &PanelMemberDraft { name: (*name).into(), title: (*title).into(), affiliation: (*unit).into(), expert_type: ExpertType::Technical, role: *role },
            )
            .map_err(e)?;
        let id = member.expert_id;
        experts.push(id);
        store.set_pin(review, id, pin).map_err(e)?;
        store.declare(review, id, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }).map_err(e)?;
        for (i, (_, c)) in template.criteria().enumerate() {
            let answer = if c.veto {
                Answer { criterion: c.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
            } else {
                let deducted = DEDUCTIONS[k][i % 4].min(c.max.tenths());
                let comment = if deducted > 0 { "佐证材料不够充分，酌情扣分。".to_owned() } else { String::new() };
                Answer { criterion: c.id.clone(), points: Some(Points::from_tenths(c.max.tenths() - deducted)), yes_no: None, comment }
            };
            store.save_answer(review, id, &answer).map_err(e)?;
        }
        store
            .save_opinion(
                review,
                id,
                &Opinion {
                    strengths: "依托单位在牧草育种和草种繁育方面基础扎实，已建成国家级草品种区域试验站。".into(),
                    problems: "成果转化机制和企业出资比例论证不够充分。".into(),
                    suggestions: "明确三年可考核指标，完善种质资源共享和收益分配办法。".into(),
                    remarks: String::new(),
                    recommended_conclusion: Some(0),
                },
            )
            .map_err(e)?;
        store.submit_sheet(review, id).map_err(e)?;
        store.save_hand_signature(review, id, &drawn_signature(k as u32)).map_err(e)?;
    }
    let chair = experts[0];
    let (name, _, unit, _, _) = PANEL[0];
    let sealed = tic_sign::Identity::generate(name, unit).and_then(|i| i.seal(DEMO_PASSPHRASE)).map_err(|x| x.to_string())?;
    store
        .save_signing_identity(review, chair, &sealed.certificate_der, &sealed.encrypted_key_der, tic_store::IdentitySource::Generated)
        .map_err(e)?;
    let root = issue_demo_certificate(store, review, chair)?;
    let notes = [
        (SiteNoteKind::People, "座谈了中心主任、技术骨干和合作企业代表共 8 人。", "A1"),
        (SiteNoteKind::Facility, "查看了草种质资源库、种子加工检验车间和试验田。", "B1"),
        (SiteNoteKind::Document, "查阅了共建协议、章程草案和近三年科研项目清单。", "A3"),
        (SiteNoteKind::Observation, "种质资源库运行规范，试验田与方案所述规模一致。", "B1"),
    ];
    for (kind, text, criterion) in notes {
        let criteria = if template.criterion(&CriterionId(criterion.into())).is_some() { vec![CriterionId(criterion.into())] } else { vec![] };
        store.add_site_note(review, chair, &SiteNoteDraft { kind, text: text.into(), criteria }).map_err(e)?;
    }
    let dir = std::env::temp_dir().join(format!("tic-review-demo-photos-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|x| x.to_string())?;
    for (i, caption) in ["种质资源库", "种子加工检验车间"].iter().enumerate() {
        let path = dir.join(format!("IMG_20261118_{:02}.jpg", i + 1));
        std::fs::write(&path, photo(i as u8 * 40)).map_err(|x| x.to_string())?;
        store.add_photo(review, experts[1], &path, caption, &[]).map_err(e)?;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let state = store.panel_opinion(review, chair).map_err(e)?;
    let mut opinion = state.opinion;
    opinion.process = "2026年11月18日，内蒙古自治区科学技术厅组织专家组对内蒙古自治区草种业技术创新中心建设与运行实施方案进行了咨询论证。专家组听取了汇报，实地考察了种质资源库和试验田，审阅了相关材料，经质询和讨论，形成如下意见。".into();
    opinion.overall = "该中心定位清晰，建设方案基本可行。".into();
    let saved = store.save_panel_opinion(review, chair, &opinion).map_err(e)?;
    for id in &experts {
        store.approve_panel_opinion(review, *id, saved.version).map_err(e)?;
    }
    Ok((review, root))
}

/// Every document of the finished demo review, its workbook and its signed 日志存证, written into `out`.
pub fn export_demo(out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("无法创建「{}」：{e}", out.display()))?;
    let work = std::env::temp_dir().join(format!("tic-review-export-demo-{}", std::process::id()));
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let result = (|| {
        // A throwaway database: its own random key, nothing to remember.
        let store = Store::open(&work.join("demo.db"), &tic_store::DataKey::random()).map_err(|e| e.to_string())?;
        let (review, root) = seed_completed(&store)?;
        let name = format!("{DEMO_DEPARTMENT}根证书.cer");
        std::fs::write(out.join(&name), &root).map_err(|e| format!("无法写入「{name}」：{e}"))?;
        println!("{name}\t用它核验：tic-review verify --trust \"{name}\" *.pdf");
        let detail = store.review(review).map_err(|e| e.to_string())?;
        let chair = detail.panel.iter().find(|m| m.role == PanelRole::Chair).ok_or("演示评审没有组长")?;
        let identity = tic_export::open_identity(&store, chair.expert_id, DEMO_PASSPHRASE).map_err(|e| e.to_string())?;
        let when = chrono::Local::now().fixed_offset();
        let mut kinds = vec![DocumentKind::PanelOpinion, DocumentKind::ScoreSummary, DocumentKind::SignIn, DocumentKind::SiteVisit];
        kinds.extend(detail.panel.iter().map(|m| DocumentKind::ScoreSheet(m.expert_id)));
        for kind in kinds {
            let rendered = tic_export::render(&store, review, chair.expert_id, kind).map_err(|e| e.to_string())?;
            let signed = tic_export::sign(&rendered, &identity, &chair.name, when).map_err(|e| e.to_string())?;
            let name = tic_export::file_name(&store, review, kind).map_err(|e| e.to_string())?;
            std::fs::write(out.join(&name), &signed).map_err(|e| format!("无法写入「{name}」：{e}"))?;
            println!("{name}\t{} 页\t{} KB\t指纹 {}", rendered.pages, signed.len() / 1024, rendered.fingerprint);
        }
        let book = tic_export::workbook::workbook(&store, review, chair.expert_id).map_err(|e| e.to_string())?;
        let name = tic_export::workbook_file_name(&store, review).map_err(|e| e.to_string())?;
        std::fs::write(out.join(&name), book).map_err(|e| format!("无法写入「{name}」：{e}"))?;
        println!("{name}");
        let log = tic_export::audit::export_audit_log(&store, review, chair.expert_id, DEMO_PASSPHRASE, &when.to_rfc3339())
            .map_err(|e| e.to_string())?;
        let name = format!("{}-日志存证.ticlog", detail.center.facts.name);
        std::fs::write(out.join(&name), log).map_err(|e| format!("无法写入「{name}」：{e}"))?;
        println!("{name}");
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&work);
    result
}

/// Prints the verdict; Ok(true) when the file's signature is valid.
/// Verifies every file (folders: their PDFs) against the roots and CRLs given and, with `db`,
/// that installation's trust store. Returns the exit code; an error is bad usage (a trust file
/// or database that cannot be read), exit 2.
pub fn verify(files: &[PathBuf], trust: &[PathBuf], crls: &[PathBuf], db: Option<&Path>, json: bool, xlsx: Option<&Path>) -> Result<u8, String> {
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("无法读取「{}」：{e}", p.display()));
    let mut store = match db {
        Some(db) => tic_export::trust::trust_store(&crate::keys::open_store(db)?).map_err(|e| e.to_string())?,
        None => tic_sign::TrustStore::new(),
    };
    for root in trust {
        store.add_root(&read(root)?).map_err(|e| format!("「{}」：{e}", root.display()))?;
    }
    for list in crls {
        store.add_crl(&read(list)?).map_err(|e| format!("「{}」：{e}", list.display()))?;
    }
    let paths = tic_export::batch::expand(files).map_err(|e| e.to_string())?;
    if paths.is_empty() {
        return Err("没有找到要核验的 PDF 文件".into());
    }
    let rows: Vec<_> = paths.iter().map(|p| tic_export::batch::verify_file(p, &store)).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?);
    } else {
        for (i, row) in rows.iter().enumerate() {
            if paths.len() > 1 {
                if i > 0 {
                    println!();
                }
                println!("【{}】{}", row.file, row.verdict);
            }
            println!("{}", row.message);
            if !row.signer.is_empty() {
                println!("签名人：{}", row.signer);
                println!("证书颁发者：{}", row.issuer);
                println!("证书指纹：{}", row.certificate_fingerprint);
                println!("签名时间：{}", row.signed_at);
                if !row.document_fingerprint.is_empty() {
                    println!("文档指纹：{}", row.document_fingerprint);
                }
            }
        }
    }
    if let Some(out) = xlsx {
        let now = chrono::Local::now().format("%Y-%m-%d %H:%M").to_string();
        let book = tic_export::batch::batch_workbook(&rows, &now).map_err(|e| e.to_string())?;
        std::fs::write(out, book).map_err(|e| format!("无法写入「{}」：{e}", out.display()))?;
    }
    Ok(u8::try_from(tic_export::batch::exit_code(&rows)).unwrap_or(1))
}
