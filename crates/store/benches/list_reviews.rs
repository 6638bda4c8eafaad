//! Opening an archive of 10,000 reviews (7 experts × 40 criteria each) and listing / filtering it.
//!
//! Run with `cargo bench -p tic-store --bench list_reviews`. The archive is written once per run
//! with raw SQL in one transaction (the store's own API syncs every write, which is right for an
//! expert's edits and far too slow for fabricating 2.8 million score rows).

use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::params;
use tic_domain::{Region, ReviewFilter, ReviewStatus};
use tic_store::Store;

const CENTERS: i64 = 1_000;
const REVIEWS_PER_CENTER: i64 = 10;
const EXPERTS_PER_PANEL: i64 = 7;
const CRITERIA: i64 = 40;

fn forty_criterion_template() -> String {
    let mut t: serde_json::Value =
        serde_json::from_str(include_str!("../../../assets/templates/nm.performance.json")).expect("template");
    t["id"] = "bench.forty".into();
    let source = t["groups"][0]["criteria"][0]["sources"].clone();
    let criteria: Vec<serde_json::Value> = (1..=CRITERIA)
        .map(|i| {
            serde_json::json!({
                "id": format!("b.{i}"), "name": format!("指标{i}"), "guidance": "", "max": 2.5, "sources": source
            })
        })
        .collect();
    t["groups"] = serde_json::json!([{ "id": "A", "name": "全部指标", "criteria": criteria }]);
    t.to_string()
}

fn build_archive(path: &std::path::Path) {
    let store = Store::open(path, &test_key()).expect("open");
    store.import_template("bench.json", forty_criterion_template().as_bytes()).expect("template");
    let body: String = serde_json::to_string(&store.template(&tic_domain::TemplateId("bench.forty".into())).expect("t"))
        .expect("json");
    drop(store);

    let mut conn = rusqlite::Connection::open(path).expect("raw open");
    conn.execute_batch(&format!("PRAGMA key = \"x'{TEST_KEY_HEX}'\"; PRAGMA synchronous = OFF;")).expect("pragma");
    let tx = conn.transaction().expect("tx");
    let regions = ["gx", "nb", "sc", "nm"];
    let statuses = ["preparing", "scoring", "consolidating", "concluded"];
    for e in 0..200 {
        tx.execute(
            "INSERT INTO experts (id, name, title, affiliation, expert_type) VALUES (?1, ?2, '研究员', ?3, 'technical')",
            params![e + 1, format!("专家{e}"), format!("单位{e}")],
        )
        .expect("expert");
    }
    let mut sheet_id = 0;
    for c in 0..CENTERS {
        tx.execute(
            "INSERT INTO centers (id, name, region, center_type, industry_field, lead_unit, organization_mode, director, created_at)
             VALUES (?1, ?2, ?3, '', '', '牵头单位', '', '', '2026-01-01T00:00:00Z')",
            params![c + 1, format!("第{c}号技术创新中心"), regions[(c % 4) as usize]],
        )
        .expect("center");
        for r in 0..REVIEWS_PER_CENTER {
            let review_id = c * REVIEWS_PER_CENTER + r + 1;
            tx.execute(
                "INSERT INTO reviews (id, center_id, template_id, template_name, stage, stage_name, review_date,
                                      place, organizer, status, created_at)
                 VALUES (?1, ?2, 'bench.forty', '基准模板', 'performance', '绩效评价', ?3, '某地', '', ?4, '2026-01-01T00:00:00Z')",
                params![
                    review_id,
                    c + 1,
                    format!("20{:02}-{:02}-{:02}", 16 + r, 1 + c % 12, 1 + c % 28),
                    statuses[(review_id % 4) as usize]
                ],
            )
            .expect("review");
            tx.execute("INSERT INTO review_templates (review_id, body) VALUES (?1, ?2)", params![review_id, body])
                .expect("frozen template");
            for p in 0..EXPERTS_PER_PANEL {
                let expert = (review_id * 7 + p) % 200 + 1;
                tx.execute(
                    "INSERT INTO panel_members (review_id, expert_id, role, position) VALUES (?1, ?2, ?3, ?4)",
                    params![review_id, expert, if p == 0 { "chair" } else { "member" }, p],
                )
                .expect("panel");
                sheet_id += 1;
                tx.execute(
                    "INSERT INTO score_sheets (id, review_id, expert_id, status, updated_at) VALUES (?1, ?2, ?3, 'submitted', '')",
                    params![sheet_id, review_id, expert],
                )
                .expect("sheet");
                let mut insert = tx
                    .prepare_cached(
                        "INSERT INTO scores (sheet_id, criterion_id, points_tenths, yes_no, comment, updated_at)
                         VALUES (?1, ?2, ?3, NULL, '', '')",
                    )
                    .expect("prepare");
                for k in 1..=CRITERIA {
                    insert.execute(params![sheet_id, format!("b.{k}"), (sheet_id + k) % 26]).expect("score");
                }
            }
        }
    }
    tx.commit().expect("commit");
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("archive.db");
    let started = std::time::Instant::now();
    build_archive(&path);
    eprintln!("archive of {} reviews written in {:.1?}", CENTERS * REVIEWS_PER_CENTER, started.elapsed());

    // The same archive unencrypted, for the cost of encryption on reading it.
    let plain = dir.path().join("archive-plain.db");
    let keyed = raw_open(&path, true);
    keyed
        .execute_batch(&format!("ATTACH DATABASE '{}' AS plain KEY ''; SELECT sqlcipher_export('plain'); DETACH DATABASE plain;", plain.display()))
        .expect("plain copy");
    drop(keyed);

    let mut group = c.benchmark_group("archive_10k_reviews");
    group.sample_size(20);
    group.bench_function("open", |b| b.iter(|| Store::open(&path, &test_key()).expect("open")));
    // Open and read every score row: page decryption is the only difference between the two.
    let read_all = |conn: &rusqlite::Connection| -> i64 {
        conn.query_row("SELECT count(*) + sum(points_tenths) FROM scores", [], |r| r.get(0)).expect("scan")
    };
    group.bench_function("open_and_scan_scores_plain", |b| b.iter(|| read_all(&raw_open(&plain, false))));
    group.bench_function("open_and_scan_scores_encrypted", |b| b.iter(|| read_all(&raw_open(&path, true))));
    let store = Store::open(&path, &test_key()).expect("open");
    assert_eq!(store.list_reviews(&ReviewFilter::default()).expect("list").len(), 10_000);
    group.bench_function("list_all", |b| b.iter(|| store.list_reviews(&ReviewFilter::default()).expect("list")));
    let by_region = ReviewFilter { region: Some(Region::Sichuan), ..Default::default() };
    group.bench_function("filter_region", |b| b.iter(|| store.list_reviews(&by_region).expect("list")));
    let by_status = ReviewFilter { status: Some(ReviewStatus::Concluded), region: Some(Region::InnerMongolia), ..Default::default() };
    group.bench_function("filter_region_and_status", |b| b.iter(|| store.list_reviews(&by_status).expect("list")));
    let by_text = ReviewFilter { text: "第42".into(), ..Default::default() };
    group.bench_function("filter_name", |b| b.iter(|| store.list_reviews(&by_text).expect("list")));
    group.bench_function("open_one_review", |b| b.iter(|| store.review(tic_domain::ReviewId(4242)).expect("review")));
    group.finish();
}

fn raw_open(path: &std::path::Path, encrypted: bool) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("raw open");
    if encrypted {
        conn.execute_batch(&format!("PRAGMA key = \"x'{TEST_KEY_HEX}'\";")).expect("key");
    }
    conn
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// The fixed key every test database is encrypted with (the bytes of "TIC-REVIEW-TEST-KEY-fixed-key-32");
/// tests never reach the operating system's secret store.
const TEST_KEY_HEX: &str = "5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332";

fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex(TEST_KEY_HEX).expect("the test key is 64 hex digits")
}
