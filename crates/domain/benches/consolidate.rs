//! Consolidation time for one 7-expert × 40-criterion review, and for the statistics of an
//! archive of 10,000 such reviews (goals: ≤ 1 ms and ≤ 200 ms).
//!
//! `cargo bench -p tic-domain --bench consolidate`

use criterion::{criterion_group, criterion_main, Criterion};
use tic_domain::consolidation::{consolidate, review_statistics, ExpertSheetInput};
use tic_domain::sheet::Answer;
use tic_domain::{CriterionId, ExpertId, Points, Template};

const CRITERIA: u32 = 40;
const EXPERTS: i64 = 7;

fn forty_criterion_template() -> Template {
    let (_, text) = tic_domain::builtin::BUILTIN_TEMPLATES.iter().find(|(f, _)| *f == "nm.performance.json").expect("template");
    let mut t: serde_json::Value = serde_json::from_str(text).expect("json");
    let source = t["groups"][0]["criteria"][0]["sources"].clone();
    let group = |g: u32| {
        let criteria: Vec<serde_json::Value> = (0..10)
            .map(|i| serde_json::json!({ "id": format!("c{}", g * 10 + i), "name": "指标", "guidance": "", "max": 2.5, "sources": source }))
            .collect();
        serde_json::json!({ "id": format!("G{g}"), "name": "组", "criteria": criteria })
    };
    t["groups"] = (0..CRITERIA / 10).map(group).collect();
    Template::parse("bench.json", t.to_string().as_bytes()).expect("valid")
}

fn sheets(seed: u64) -> Vec<ExpertSheetInput> {
    (0..EXPERTS)
        .map(|e| ExpertSheetInput {
            expert_id: ExpertId(e),
            name: format!("专家{e}"),
            recused: false,
            submitted: true,
            first_round: Vec::new(),
            answers: (0..CRITERIA)
                .map(|c| Answer {
                    criterion: CriterionId(format!("c{c}")),
                    points: Some(Points::from_tenths(((seed + e as u64 * 7 + c as u64 * 3) % 26) as u32)),
                    yes_no: None,
                    comment: String::new(),
                })
                .collect(),
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let template = forty_criterion_template();
    let one = sheets(1);
    c.bench_function("consolidate_7x40", |b| b.iter(|| consolidate(&template, &one)));
    let archive: Vec<Vec<ExpertSheetInput>> = (0..10_000).map(sheets).collect();
    let mut group = c.benchmark_group("archive");
    group.sample_size(10);
    // The archive report needs numbers, not the display matrix: totals, vetoes and W per review.
    group.bench_function("statistics_10000_reviews", |b| {
        b.iter(|| archive.iter().map(|s| review_statistics(&template, s).total_hundredths).sum::<i64>())
    });
    group.bench_function("full_matrix_10000_reviews", |b| {
        b.iter(|| archive.iter().map(|s| consolidate(&template, s).total.len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
