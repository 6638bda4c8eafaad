//! Importing 100 score-sheet packages on the chair's laptop (20 reviews × 5 experts, 15 criteria
//! each, every package signature-verified), next to a baseline measured in the same run: only
//! reading and verifying the same 100 files, with no database work. The goal is ≤ 500 ms for the
//! whole import.
//!
//! `cargo bench -p tic-export --bench import_packages` prints both and their ratio. Under
//! `cargo test` it imports one review's packages as a smoke test.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tic_domain::{CenterDraft, ExpertId, ExpertType, PanelMemberDraft, PanelRole, Region, ReviewDraft, ReviewId, TemplateId};
use tic_package::{AnswerPart, DeclarationPart, OpinionPart, RevisionPart, SeatPart, SheetPackage, SheetPart, SiteVisitPart};
use tic_store::Store;

const MEMBERS: [(&str, &str); 5] = [
    ("孟庆华", "中国农业大学"),
    ("高丽娟", "中国农业科学院草原研究所"),
    ("赵志军", "内蒙古自治区农牧业科学院"),
    ("乌兰图雅", "内蒙古自治区科学技术信息研究所"),
    ("钱学文", "内蒙古财经大学"),
];

/// A chair's database with `reviews` reviews, each with its uid, and each member's signed package.
fn setup(dir: &std::path::Path, reviews: usize) -> (Store, Vec<(ReviewId, ExpertId, Vec<(String, Vec<u8>)>)>) {
    let store = Store::open(&dir.join("chair.db"), &test_key()).expect("open");
    let identities: Vec<tic_sign::Identity> =
        MEMBERS.iter().map(|(name, unit)| tic_sign::Identity::generate(name, unit).expect("identity")).collect();
    let mut out = Vec::new();
    for r in 0..reviews {
        let center = store
            .create_center(&CenterDraft {
                name: format!("测试技术创新中心{r:02}"),
                region: Region::InnerMongolia,
                center_type: "专业技术类".into(),
                industry_field: "新材料".into(),
                lead_unit: "内蒙古大学".into(),
                cobuild_units: vec![],
                organization_mode: "高校院所牵头".into(),
                approval_date: None,
                build_period_years: None,
                director: "王伟".into(),
                committee_members: vec![],
            })
            .expect("center");
        let review = store
            .create_review(&ReviewDraft {
                center_id: center.id,
                template_id: TemplateId("nm.consultation".into()),
                review_date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
                place: "呼和浩特市".into(),
                organizer: "内蒙古自治区科学技术厅".into(),
            })
            .expect("review")
            .id;
        let mut chair = None;
        for (k, (name, unit)) in MEMBERS.iter().enumerate() {
            let role = if k == 0 { PanelRole::Chair } else { PanelRole::Member };
            let m = store
                .add_panel_member(review, &PanelMemberDraft { name: (*name).into(), title: "研究员".into(), affiliation: (*unit).into(), expert_type: ExpertType::Technical, role })
                .expect("member");
            chair.get_or_insert(m.expert_id);
        }
        let chair = chair.expect("chair");
        let uid = format!("{r:032x}");
        let package = store.review_package(review, chair, || uid.clone()).expect("review package");
        let template = store.review_template(review).expect("template");
        let answers: Vec<AnswerPart> = template
            .criteria()
            .map(|(_, c)| {
                if c.veto {
                    AnswerPart { criterion: c.id.0.clone(), points: None, yes_no: Some(false), comment: String::new() }
                } else {
                    AnswerPart { criterion: c.id.0.clone(), points: Some(c.max.to_string()), yes_no: None, comment: String::new() }
                }
            })
            .collect();
        let opinion = OpinionPart {
            strengths: "基础扎实。".into(),
            problems: "论证不足。".into(),
            suggestions: "明确考核指标。".into(),
            remarks: String::new(),
            recommended_conclusion: Some(0),
        };
        let files = package
            .roster
            .iter()
            .zip(&identities)
            .map(|(seat, identity)| {
                let sheet = SheetPackage {
                    review_uid: package.uid.clone(),
                    created_at: "2026-11-20T10:00:00+08:00".into(),
                    sheet: SheetPart {
                        seat: SeatPart { seat: seat.seat, name: seat.name.clone(), affiliation: seat.affiliation.clone() },
                        status: "submitted".into(),
                        revision: 1,
                        declaration: DeclarationPart {
                            conflict: "none".into(),
                            reason: String::new(),
                            pledge_signed_at: "2026-11-20T01:00:00Z".into(),
                            declared_at: "2026-11-20T01:00:00Z".into(),
                        },
                        answers: answers.clone(),
                        opinion: opinion.clone(),
                        revisions: vec![RevisionPart {
                            number: 1,
                            reason: "首次提交".into(),
                            submitted_at: "2026-11-20T02:00:00Z".into(),
                            answers: answers.clone(),
                            opinion: opinion.clone(),
                        }],
                        reopenings: vec![],
                        rounds: vec![],
                    },
                    site_visit: SiteVisitPart::default(),
                    photos: Default::default(),
                    hand_signature: None,
                };
                (format!("{}.ticsheet", seat.name), sheet.write(identity).expect("write"))
            })
            .collect();
        out.push((review, chair, files));
    }
    (store, out)
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let reviews = if benching { 20 } else { 1 };
    let runs = if benching { 5 } else { 1 };
    let mut import = Duration::MAX;
    let mut verify = Duration::MAX;
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let (store, batches) = setup(dir.path(), reviews);

        let started = Instant::now();
        for (_, _, files) in &batches {
            for (_, bytes) in files {
                SheetPackage::read(bytes).expect("valid package");
            }
        }
        verify = verify.min(started.elapsed());

        let started = Instant::now();
        for (review, chair, files) in &batches {
            let report = tic_export::exchange::import_sheet_packages(&store, *review, *chair, files).expect("import");
            assert!(report.iter().all(|r| r.outcome == tic_domain::exchange::SheetImportOutcome::Applied), "{report:?}");
        }
        import = import.min(started.elapsed());
        let consolidated = store.consolidation_inputs(batches[0].0).expect("inputs");
        assert!(consolidated.iter().all(|s| s.submitted));
    }
    let packages = reviews * MEMBERS.len();
    println!("导入 {packages} 个评分包（含签名校验与合并，{} 次取最快）：{:.1} ms", runs, import.as_secs_f64() * 1000.0);
    println!("基线：仅读取并校验这 {packages} 个包：{:.1} ms", verify.as_secs_f64() * 1000.0);
    println!("比值（导入 / 仅校验）：{:.2}", import.as_secs_f64() / verify.as_secs_f64().max(1e-9));
    if benching {
        println!("目标：100 个评分包 ≤ 500 ms —— {}", if import <= Duration::from_millis(500) { "达到" } else { "未达到" });
    }
}

/// The fixed key every test database is encrypted with (the bytes of "TIC-REVIEW-TEST-KEY-fixed-key-32");
/// tests never reach the operating system's secret store.
const TEST_KEY_HEX: &str = "5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332";

fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex(TEST_KEY_HEX).expect("the test key is 64 hex digits")
}
