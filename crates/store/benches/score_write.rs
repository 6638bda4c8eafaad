//! Latency of one durable score write (`Store::save_answer`: validation, one synced transaction,
//! and the recomputed sheet), with p50 / p99 next to a baseline measured in the same run: a bare
//! one-row INSERT committed with the same `synchronous=FULL` WAL settings. The ratio says how much
//! the app adds on top of the fsync it cannot avoid. Goal: p99 ≤ 2 ms.
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

    // Baseline: the cheapest durable write SQLite offers with the same settings.
    let raw = rusqlite::Connection::open(dir.path().join("raw.db")).expect("raw");
    let _: String = raw.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).expect("wal");
    raw.execute_batch("PRAGMA synchronous = FULL; CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER);").expect("schema");
    let mut baseline = Vec::with_capacity(WRITES);
    for i in 0..WRITES {
        let start = Instant::now();
        raw.execute("INSERT OR REPLACE INTO t (k, v) VALUES (?1, ?2)", [i as i64 % 40, i as i64]).expect("insert");
        baseline.push(start.elapsed());
    }

    let store = Store::open_with_clock(&dir.path().join("review.db"), clock).expect("store");
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
    let (b50, b99) = report("baseline: bare synced INSERT", baseline);
    let (s50, s99) = report("save_answer", samples);
    println!(
        "ratio save_answer / baseline: p50 {:.2}×, p99 {:.2}×; goal p99 ≤ 2 ms: {}",
        s50.as_secs_f64() / b50.as_secs_f64(),
        s99.as_secs_f64() / b99.as_secs_f64(),
        if s99 <= Duration::from_millis(2) { "met" } else { "NOT met" }
    );
}
