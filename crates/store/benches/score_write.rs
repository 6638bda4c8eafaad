//! Latency of one durable score write (`Store::save_answer`: validation, one synced transaction,
//! and the recomputed sheet, in the encrypted database), with p50 / p99 next to baselines measured
//! in the same run: a bare one-row INSERT committed with the same `synchronous=FULL` WAL settings,
//! once in a plain file and once in a SQLCipher file with a raw key. The first ratio is the cost
//! of encryption on a durable write; the second how much the app adds on top of the encrypted
//! fsync it cannot avoid. Goal: p99 ≤ 2 ms.
//!
//! `cargo bench -p tic-store --bench score_write`

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput};
use tic_domain::{CenterDraft, ExpertType, PanelMemberDraft, PanelRole, Points, Region, ReviewDraft, TemplateId};
use tic_store::Store;

const WRITES: usize = 3_000;

fn clock() -> DateTime<Utc> {
    Utc::now()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let (p50, p99) = (percentile(&samples, 0.50), percentile(&samples, 0.99));
    println!("{name:<28} p50 {:>8.3} ms   p99 {:>8.3} ms", p50.as_secs_f64() * 1e3, p99.as_secs_f64() * 1e3);
    (p50, p99)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");

    // Baselines: the cheapest durable write SQLite offers with the same settings, plain and encrypted.
    let bare_writes = |name: &str, key: Option<&str>| {
        let raw = rusqlite::Connection::open(dir.path().join(name)).expect("raw");
        if let Some(hex) = key {
            raw.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";")).expect("key");
        }
        let _: String = raw.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).expect("wal");
        raw.execute_batch("PRAGMA synchronous = FULL; CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER);").expect("schema");
        let mut samples = Vec::with_capacity(WRITES);
        for i in 0..WRITES {
            let start = Instant::now();
            raw.execute("INSERT OR REPLACE INTO t (k, v) VALUES (?1, ?2)", [i as i64 % 40, i as i64]).expect("insert");
            samples.push(start.elapsed());
        }
        samples
    };
    let plain = bare_writes("plain.db", None);
    let encrypted = bare_writes("encrypted.db", Some(TEST_KEY_HEX));

    let store = Store::open_with_clock(&dir.path().join("review.db"), &test_key(), clock).expect("store");
    let center = store
        .create_center(&CenterDraft {
            name: "基准测试中心".into(),
            region: Region::InnerMongolia,
            center_type: String::new(),
            industry_field: String::new(),
            lead_unit: "某单位".into(),
            cobuild_units: vec![],
            organization_mode: String::new(),
            approval_date: None,
            build_period_years: None,
            director: String::new(),
            committee_members: vec![],
        })
        .expect("center");
    let review = store
        .create_review(&ReviewDraft {
            center_id: center.id,
            template_id: TemplateId("nm.performance".into()),
            review_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            place: "某地".into(),
            organizer: String::new(),
        })
        .expect("review")
        .id;
    let expert = store
        .add_panel_member(
            review,
            &PanelMemberDraft { name: "专家".into(), title: String::new(), affiliation: "某大学".into(), expert_type: ExpertType::Technical, role: PanelRole::Chair },
        )
        .expect("member")
        .expert_id;
    store
        .declare(review, expert, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true })
        .expect("declare");
    let template = store.review_template(review).expect("template");
    let scored: Vec<_> = template.criteria().filter(|(_, c)| !c.veto).map(|(_, c)| c.clone()).collect();
    let mut samples = Vec::with_capacity(WRITES);
    for i in 0..WRITES {
        let c = &scored[i % scored.len()];
        let answer = Answer {
            criterion: c.id.clone(),
            points: Some(Points::from_tenths(i as u32 % (c.max.tenths() + 1))),
            yes_no: None,
            comment: "现场核实".into(),
        };
        let start = Instant::now();
        store.save_answer(review, expert, &answer).expect("save");
        samples.push(start.elapsed());
    }

    println!("durable score write, {WRITES} writes each");
    let (p50, p99) = report("bare synced INSERT, plain", plain);
    let (e50, e99) = report("bare synced INSERT, SQLCipher", encrypted);
    let (s50, s99) = report("save_answer (encrypted)", samples);
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!("ratio encrypted / plain bare write: p50 {:.2}×, p99 {:.2}×", ratio(e50, p50), ratio(e99, p99));
    println!(
        "ratio save_answer / encrypted bare write: p50 {:.2}×, p99 {:.2}×; goal p99 ≤ 2 ms: {}",
        ratio(s50, e50),
        ratio(s99, e99),
        if s99 <= Duration::from_millis(2) { "met" } else { "NOT met" }
    );
}

/// The fixed key every test database is encrypted with (the bytes of "TIC-REVIEW-TEST-KEY-fixed-key-32");
/// tests never reach the operating system's secret store.
const TEST_KEY_HEX: &str = "5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332";

fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex(TEST_KEY_HEX).expect("the test key is 64 hex digits")
}
