//! Fills the tables the demo leaves empty, so the schema fixtures (scripts/make-schema-fixtures.py)
//! hold rows in every table: the chair imports the exchange demo's score-sheet packages (kept
//! packages, members' keys), a discussion round with a re-score, a justification asked and
//! answered, a reopened sheet, a mistyped PIN, site notes and photos linked to criteria, saved
//! settings, an imported template, a finished review and a department's decision.
//!
//!     TIC_REVIEW_KEY=<the test key below> tic-review seed-demo --db DEMO.db
//!     TIC_REVIEW_KEY=… tic-review exchange-demo --db DEMO.db --out PACKAGES_DIR
//!     cargo run -p tic-export --example schema_fixture_source -- DEMO.db PACKAGES_DIR
//!     python3 scripts/make-schema-fixtures.py DEMO.db.plain

use std::path::Path;

use tic_domain::consolidation::Consolidation;
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion, RoundAnswer};
use tic_domain::visit::{SiteNoteDraft, SiteNoteKind};
use tic_domain::{CriterionId, ExpertId, ReviewFilter, ReviewId};
use tic_store::Store;

/// The signing passphrase of every identity the demo makes (`tic-review export-demo`).
const DEMO_PASSPHRASE: &str = "demo-2026";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn review_of(store: &Store, center: &str) -> Result<ReviewId> {
    let found = store.list_reviews(&ReviewFilter::default())?.into_iter().find(|r| r.center_name.contains(center));
    Ok(found.ok_or_else(|| format!("no review of {center}"))?.id)
}

fn member(store: &Store, review: ReviewId, k: usize) -> Result<ExpertId> {
    Ok(store.panel(review)?.get(k).ok_or("panel too small")?.expert_id)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [db, packages] = args.as_slice() else { return Err("usage: schema_fixture_source DEMO.db PACKAGES_DIR".into()) };
    let store = Store::open(Path::new(db), &test_key())?;

    // 马铃薯: the chair declares and imports every member's package.
    let exchange = review_of(&store, "马铃薯")?;
    let chair = member(&store, exchange, 0)?;
    store.declare(exchange, chair, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true })?;
    let mut files = Vec::new();
    for name in ["gao", "zhao", "wulan", "qian"] {
        files.push((format!("{name}.ticsheet"), std::fs::read(Path::new(packages).join(format!("{name}.ticsheet")))?));
    }
    for report in tic_export::exchange::import_sheet_packages(&store, exchange, chair, &files)? {
        println!("{}: {}", report.file, report.message);
    }

    // The chair gives full marks and submits: every sheet is in. A justification of a warned
    // score, asked and answered; a discussion round where that member keeps the same points.
    let template = store.review_template(exchange)?;
    for (_, c) in template.criteria() {
        let (points, yes_no) = if c.veto { (None, Some(false)) } else { (Some(c.max), None) };
        store.save_answer(exchange, chair, &Answer { criterion: c.id.clone(), points, yes_no, comment: String::new() })?;
    }
    let opinion = Opinion {
        strengths: "牵头企业育繁推一体化基础较好。".into(),
        problems: "共建单位分工不够具体。".into(),
        suggestions: "明确各共建单位的任务与考核。".into(),
        remarks: String::new(),
        recommended_conclusion: Some(0),
    };
    store.save_opinion(exchange, chair, &opinion)?;
    store.submit_sheet(exchange, chair)?;
    let consolidation: Consolidation = store.consolidation_seen_by(exchange, chair)?;
    let row = consolidation.rows.iter().find(|r| !r.warnings.is_empty()).ok_or("no warned score")?;
    let criterion: CriterionId = row.criterion.clone();
    let warned = row.warnings[0].expert_id;
    store.request_justification(exchange, chair, warned, &criterion, "请说明该项评分的依据。")?;
    store.answer_justification(exchange, warned, &criterion, "现场查看的中试基地尚未投入运行，故扣分。")?;
    let round = store.open_round(exchange, chair, std::slice::from_ref(&criterion), "请各位专家结合现场考察情况复议该项评分。")?;
    let sheet = store.own_sheet(exchange, warned)?;
    let points = sheet.answers.iter().find(|a| a.criterion == criterion).and_then(|a| a.points);
    store.save_round_answer(exchange, warned, &RoundAnswer { criterion: criterion.clone(), points, yes_no: None, reason: "讨论后维持原评分。".into() })?;
    println!("round {} on {}", round.number, criterion.0);

    // Schema 13: the panel opinion goes out as an opinion package (its brief kept); 钱学文 (whom the
    // exchange demo left to answer) opens it on his laptop and his approval package comes back;
    // 赵志军 objects on the chair's laptop.
    store.save_panel_opinion(exchange, chair, &tic_domain::panel_opinion::PanelOpinion { overall: "方案总体可行。".into(), conclusion: Some(0), ..Default::default() })?;
    let (opinion_package, _) = tic_export::panel_exchange::export_opinion_package(&store, exchange, chair, DEMO_PASSPHRASE)?;
    let qian_store = Store::open(&Path::new(packages).join("laptops/qian/tic-review.db"), &test_key())?;
    let qian_review = tic_export::panel_exchange::open_chair_package(&qian_store, &opinion_package)?.review_id;
    let qian = qian_store.panel(qian_review)?.into_iter().find(|m| m.name == "钱学文").ok_or("no 钱学文")?.expert_id;
    qian_store.approve_panel_opinion(qian_review, qian, 1)?;
    let (approval, _) = tic_export::panel_exchange::export_approval_package(&qian_store, qian_review, qian, DEMO_PASSPHRASE)?;
    for report in tic_export::panel_exchange::import_member_packages(&store, exchange, chair, &[("qian.ticapproval".into(), approval)])? {
        println!("{}: {}", report.file, report.message);
    }
    store.object_panel_opinion(exchange, member(&store, exchange, 2)?, 1, "研发投入的评价应更具体。")?;

    let finished = review_of(&store, "草种业")?;
    // Site notes and photos linked to criteria.
    let second = member(&store, finished, 1)?;
    store.add_site_note(finished, second, &SiteNoteDraft { kind: SiteNoteKind::Document, text: "查阅了三年建设任务书。".into(), criteria: vec![criterion.clone()] })?;
    for taker in store.panel(finished)? {
        for photo in store.photos(finished, taker.expert_id)? {
            store.describe_photo(finished, taker.expert_id, photo.id, &photo.caption, std::slice::from_ref(&criterion))?;
        }
    }

    // 专家抽取: fields for the pool, a new review of 草种业's center drawn from the pool and seated;
    // 孟庆华 rates a member of the finished review.
    for e in store.list_experts()? {
        store.set_expert_fields(e.id, &["草业".into(), "生态".into()])?;
    }
    let center = store.review_summary(finished)?.center_id;
    let next = store.create_review(&tic_domain::ReviewDraft {
        center_id: center,
        template_id: tic_domain::TemplateId("nm.consultation".into()),
        review_date: chrono::NaiveDate::from_ymd_opt(2027, 3, 15).ok_or("date")?,
        place: "呼和浩特市".into(),
        organizer: "内蒙古自治区科学技术厅".into(),
    })?;
    let make_up = tic_domain::draw::MakeUp {
        quotas: vec![tic_domain::draw::TypeQuota { expert_type: tic_domain::ExpertType::Technical, count: 2 }],
        fields: vec![],
        chair_type: tic_domain::ExpertType::Technical,
        reserves: 0,
    };
    store.draw_panel(next.id, "张敏", &make_up, Some(2027))?;
    store.seat_drawn_panel(next.id)?;
    store.rate_member(finished, member(&store, finished, 0)?, member(&store, finished, 1)?, 4, "意见中肯。")?;

    // 草种业 is finished (its checks frozen); 乳业 was ordered to rectify after its evaluation.
    store.conclude_review(finished, member(&store, finished, 0)?)?;
    let dairy = store.list_centers()?.into_iter().find(|c| c.facts.name.contains("乳业")).ok_or("no 乳业 center")?;
    let dairy_review = review_of(&store, "乳业")?;
    store.record_decision(
        dairy.id,
        &tic_domain::DecisionDraft {
            kind: tic_domain::DecisionKind::OrderRectification,
            decided_on: chrono::NaiveDate::from_ymd_opt(2026, 12, 20).ok_or("date")?,
            document_number: "内科发〔2026〕31号".into(),
            review_id: Some(dairy_review),
            due_on: chrono::NaiveDate::from_ymd_opt(2027, 6, 20),
            note: "按绩效评价专家组意见整改".into(),
            recorded_by: "张敏".into(),
        },
    )?;

    // 稀土 (the main demo review): 王振华 reopens his submitted sheet with a reason.
    let main = review_of(&store, "稀土")?;
    let wang = member(&store, main, 0)?;
    store.reopen_sheet(main, wang, "复核现场材料后修改")?;
    store.submit_sheet(main, wang)?;
    // 李晓梅 mistypes her PIN once.
    let li = member(&store, main, 1)?;
    assert!(store.verify_pin(main, li, "0000").is_err(), "the demo PIN of 李晓梅 is not 0000");

    // The settings, saved once, and a department's own template.
    let mut settings = store.settings()?;
    settings.indicator_pass_percent = 85;
    store.save_settings(&settings)?;
    let template = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/templates/sc.consultation.json"))?
        .replace("\"id\": \"sc.consultation\"", "\"id\": \"sc.consultation.custom\"");
    store.import_template("sc.consultation.custom.json", template.as_bytes())?;

    // 科技厅 mode (schema 12): a root, a certificate issued to 王振华 and revoked, a published list.
    tic_export::trust::create_department_root(&store, "内蒙古自治区科学技术厅", "fixture-root-2026")?;
    let expert = tic_sign::Identity::generate("王振华", "内蒙古大学")?;
    let request = expert.certificate_request("王振华", "内蒙古大学", Some("NM-0001"))?;
    let (_, issued) = tic_export::trust::issue_certificate(&store, request.as_bytes(), 365, "fixture-root-2026")?;
    tic_export::trust::revoke_certificate(&store, &issued.serial, "密钥遗失")?;
    tic_export::trust::publish_crl(&store, "fixture-root-2026")?;
    store.set_requires_trusted_certificates(main, "王振华", true)?;
    drop(store);

    // The fixture script reads the source with Python's sqlite3, which has no SQLCipher: an
    // unencrypted copy beside it, with the schema version (sqlcipher_export does not copy it).
    let plain = format!("{db}.plain");
    let _ = std::fs::remove_file(&plain);
    let conn = rusqlite::Connection::open(db)?;
    conn.execute_batch(&format!("PRAGMA key = \"x'{TEST_KEY_HEX}'\";"))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    conn.execute("ATTACH DATABASE ?1 AS plain KEY ''", [&plain])?;
    conn.execute_batch(&format!("SELECT sqlcipher_export('plain'); PRAGMA plain.user_version = {version}; DETACH DATABASE plain;"))?;
    println!("filled {db}; unencrypted copy for scripts/make-schema-fixtures.py: {plain}");
    Ok(())
}

/// The fixed key every test database is encrypted with (the bytes of "TIC-REVIEW-TEST-KEY-fixed-key-32");
/// tests never reach the operating system's secret store.
const TEST_KEY_HEX: &str = "5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332";

fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex(TEST_KEY_HEX).expect("the test key is 64 hex digits")
}
