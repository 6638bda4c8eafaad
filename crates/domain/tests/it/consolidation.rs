//! Consolidation with expected values computed by hand (worked in the comments).

use tic_domain::consolidation::{consolidate, format_exact, review_statistics, ColumnStatus, ExpertSheetInput};
use tic_domain::sheet::Answer;
use tic_domain::{CriterionId, ExpertId, Template};

/// Three criteria of 10 points (A1, A2 in group A; B1 in group B) and one veto item V1.
/// Trimmed mean from 5 experts; deviation warning at 25% of the maximum; veto by more than half.
fn template(aggregation: &str) -> Template {
    let src = |q: &str| serde_json::json!([{ "seed": "004_ffc5f580f039e4a8.txt", "line": 37, "quote": q }]);
    let json = serde_json::json!({
        "format": 1, "id": "test.three", "version": "1", "name": "测试模板", "region": "nm", "stage": "consultation",
        "stage_name": "咨询论证", "mode": "scored", "basis": [],
        "rules": {
            "aggregation": { "method": aggregation, "min_experts": 5 },
            "deduction_comment_percent": 20, "deviation_warning_percent": 25, "veto_rule": "more_than_half",
            "grade_bands": [{ "grade": "优秀", "min": 27 }, { "grade": "良好", "min": 24 }, { "grade": "合格", "min": 18 }, { "grade": "不合格", "min": 0 }]
        },
        "conclusions": { "options": ["通过", "修改后再议", "不通过"], "veto_option": 2,
            "suggest": [{ "min_total": 24, "option": 0 }, { "min_total": 18, "option": 1 }, { "min_total": 0, "option": 2 }] },
        "groups": [
            { "id": "A", "name": "甲", "criteria": [
                { "id": "A1", "name": "指标一", "guidance": "", "max": 10, "sources": src("咨询论证") },
                { "id": "A2", "name": "指标二", "guidance": "", "max": 10, "sources": src("咨询论证") } ] },
            { "id": "B", "name": "乙", "pass_min": 6, "criteria": [
                { "id": "B1", "name": "指标三", "guidance": "", "max": 10, "sources": src("咨询论证") } ] },
            { "id": "V", "name": "否决项", "criteria": [
                { "id": "V1", "name": "材料真实性", "guidance": "", "max": 0, "veto": true, "sources": src("咨询论证") } ] }
        ]
    });
    Template::parse("test.json", json.to_string().as_bytes()).unwrap()
}

/// A submitted sheet: scores for A1, A2, B1 and the veto answer.
fn sheet(id: i64, name: &str, scores: [&str; 3], veto: bool) -> ExpertSheetInput {
    let mut answers: Vec<Answer> = ["A1", "A2", "B1"]
        .iter()
        .zip(scores)
        .map(|(c, p)| Answer { criterion: CriterionId((*c).into()), points: Some(p.parse().unwrap()), yes_no: None, comment: String::new() })
        .collect();
    answers.push(Answer { criterion: CriterionId("V1".into()), points: None, yes_no: Some(veto), comment: String::new() });
    ExpertSheetInput { expert_id: ExpertId(id), name: name.into(), recused: false, submitted: true, answers, first_round: Vec::new() }
}

fn row<'a>(c: &'a tic_domain::consolidation::Consolidation, id: &str) -> &'a tic_domain::consolidation::CriterionRow {
    c.rows.iter().find(|r| r.criterion.0 == id).unwrap()
}

#[test]
fn three_experts_mean_statistics_and_kendall_w() {
    // E1 8 6 4, E2 7 7 5, E3 9 5 6 (fewer than 5 experts: plain mean).
    let t = template("trimmed_mean");
    let sheets = [sheet(1, "甲", ["8", "6", "4"], false), sheet(2, "乙", ["7", "7", "5"], false), sheet(3, "丙", ["9", "5", "6"], false)];
    let c = consolidate(&t, &sheets);
    // Means: A1 24/3 = 8, A2 18/3 = 6, B1 15/3 = 5; total 19.
    for (id, agg) in [("A1", "8.00"), ("A2", "6.00"), ("B1", "5.00")] {
        let r = row(&c, id);
        assert_eq!((r.aggregate.as_deref(), r.trimmed), (Some(agg), false), "{id}");
        assert_eq!(r.range.as_deref(), Some("2.00"), "{id}");
        // Each criterion's values are mean ± 1 and the mean: variance 2/3, σ = 0.8165 → 0.82.
        assert_eq!(r.std_dev.as_deref(), Some("0.82"), "{id}");
    }
    assert_eq!(row(&c, "A1").median.as_deref(), Some("8.00"));
    assert_eq!(c.total, "19.00");
    assert_eq!(c.groups.iter().map(|g| g.total.as_str()).collect::<Vec<_>>(), ["14.00", "5.00"]);
    // Group B must reach 6: 5 < 6, so it fails, and the suggestion (19 → option 1) stays at 1.
    assert_eq!(c.groups[1].passed, Some(false));
    assert_eq!(c.grade.as_deref(), Some("合格"));
    assert_eq!(c.suggested_conclusion, Some(1));
    // Kendall's W: ranks (ascending share) E1 A1 3, A2 2, B1 1; E2 A1 2.5, A2 2.5, B1 1 (one tie
    // of two, T = 2³ − 2 = 6); E3 A1 3, A2 1, B1 2. Rank sums 8.5, 5.5, 4; mean m(n+1)/2 = 6;
    // S = 2.5² + 0.5² + 2² = 10.5; W = 12·10.5 / (3²·(27 − 3) − 3·6) = 126 / 198 = 0.63636… → 0.6364.
    assert_eq!(c.kendall_w.as_deref(), Some("0.6364"));
    assert!(c.complete && c.blocking.is_empty());
}

#[test]
fn trimmed_mean_with_exactly_n_experts_and_plain_mean_below() {
    let t = template("trimmed_mean");
    let five = [
        sheet(1, "甲", ["6", "7", "7"], false),
        sheet(2, "乙", ["7", "7", "7"], false),
        sheet(3, "丙", ["7.5", "7", "9"], false),
        sheet(4, "丁", ["8", "9", "9"], false),
        sheet(5, "戊", ["10", "9", "7"], false),
    ];
    let c = consolidate(&t, &five);
    let a1 = row(&c, "A1");
    // A1: drop 6 and 10 → (7 + 7.5 + 8) / 3 = 7.5. Mean of all 38.5 / 5 = 7.7; variance
    // (1.7² + 0.7² + 0.2² + 0.3² + 2.3²) / 5 = 8.8 / 5 = 1.76; σ = 1.3266 → 1.33. Median 7.5, range 4.
    assert_eq!((a1.aggregate.as_deref(), a1.trimmed), (Some("7.50"), true));
    assert_eq!((a1.median.as_deref(), a1.range.as_deref(), a1.std_dev.as_deref()), (Some("7.50"), Some("4.00"), Some("1.33")));
    // |10 − 7.5| = 2.5 equals the 25% threshold (2.5): no warning.
    assert!(a1.warnings.is_empty());
    // A2 ties: 7 7 7 9 9 → drop one 7 and one 9 → (7 + 7 + 9) / 3 = 7.666… → 7.67.
    assert_eq!(row(&c, "A2").aggregate.as_deref(), Some("7.67"));
    // B1: 7 7 9 9 7 → sorted 7 7 7 9 9 → same 7.67. Total exact 7.5 + 23/3 + 23/3 = 22.8333… → 22.83.
    assert_eq!(c.total, "22.83");

    let c4 = consolidate(&t, &five[..4]);
    // Four experts (< 5): A1 plain mean (6 + 7 + 7.5 + 8) / 4 = 28.5 / 4 = 7.125 → half up 7.13.
    assert_eq!((row(&c4, "A1").aggregate.as_deref(), row(&c4, "A1").trimmed), (Some("7.13"), false));
}

#[test]
fn a_score_far_from_the_median_asks_for_a_justification() {
    let t = template("mean");
    let sheets = [
        sheet(1, "甲", ["8", "8", "8"], false),
        sheet(2, "乙", ["8", "8", "8"], false),
        sheet(3, "丙", ["7.5", "8", "8"], false),
        sheet(4, "丁", ["8.5", "8", "8"], false),
        sheet(5, "戊", ["3", "8", "8"], false),
    ];
    let c = consolidate(&t, &sheets);
    let a1 = row(&c, "A1");
    // Median 8; |3 − 8| = 5 > 2.5 (25% of 10). Mean (8 + 8 + 7.5 + 8.5 + 3) / 5 = 35 / 5 = 7.
    assert_eq!(a1.aggregate.as_deref(), Some("7.00"));
    assert_eq!(a1.warnings.len(), 1);
    assert_eq!(a1.warnings[0].expert_id, ExpertId(5));
    assert_eq!(a1.warnings[0].message, "戊的评分 3 与专家组中位数 8 相差 5 分，超过满分的 25%（2.5 分），请说明理由");
}

#[test]
fn a_veto_stands_by_majority_and_not_by_minority() {
    let t = template("mean");
    let scores = ["9", "9", "9"];
    let majority: Vec<_> = (1..=5).map(|i| sheet(i, &format!("专家{i}"), scores, i <= 3)).collect();
    let c = consolidate(&t, &majority);
    // 3 of 5 say yes: 3·2 = 6 > 5 → the veto stands; total 27 (优秀) but the veto option is forced.
    let v = row(&c, "V1").veto_result.clone().unwrap();
    assert_eq!((v.yes, v.no, v.stands), (3, 2, true));
    assert_eq!((c.vetoed, c.suggested_conclusion, c.total.as_str()), (true, Some(2), "27.00"));
    // GXP:145 一票否决: the grade is the failing one, not the 优秀 that 27 points would give.
    assert_eq!(c.grade.as_deref(), Some("不合格"));

    let minority: Vec<_> = (1..=5).map(|i| sheet(i, &format!("专家{i}"), scores, i <= 2)).collect();
    let c = consolidate(&t, &minority);
    // 2 of 5: 4 > 5 is false → no veto; 27 ≥ 24 → option 0, grade 优秀.
    assert_eq!((c.vetoed, c.suggested_conclusion, c.grade.as_deref()), (false, Some(0), Some("优秀")));
}

#[test]
fn recused_experts_are_excluded_and_missing_sheets_block() {
    let t = template("mean");
    let mut recused = sheet(4, "丁", ["0", "0", "0"], true);
    recused.recused = true;
    let mut missing = sheet(5, "戊", ["10", "10", "10"], false);
    missing.submitted = false;
    let sheets = [sheet(1, "甲", ["8", "6", "7"], false), sheet(2, "乙", ["9", "7", "7"], false), sheet(3, "丙", ["7", "8", "7"], false), recused, missing];
    let c = consolidate(&t, &sheets);
    assert_eq!(c.columns.iter().map(|col| col.status).collect::<Vec<_>>(), [
        ColumnStatus::Scoring, ColumnStatus::Scoring, ColumnStatus::Scoring, ColumnStatus::Recused, ColumnStatus::Missing
    ]);
    // Only the three scoring experts count: A1 24/3 = 8, A2 21/3 = 7, B1 21/3 = 7 → total 22.
    assert_eq!(c.total, "22.00");
    assert_eq!(row(&c, "A1").scores[3], None, "a recused expert's scores are never shown or used");
    assert_eq!(c.scoring_experts, 3);
    assert_eq!((c.complete, c.blocking.clone()), (false, vec!["戊尚未提交评分表".to_owned()]));
    assert!(!c.vetoed, "the recused expert's veto does not count");
}

#[test]
fn rounding_is_half_up_at_two_decimals() {
    use num_rational::Ratio;
    let cases = [((7125, 1000), "7.13"), ((7124, 1000), "7.12"), ((1, 3), "0.33"), ((2, 3), "0.67"), ((85125, 1000), "85.13"), ((0, 1), "0.00")];
    for ((n, d), expected) in cases {
        assert_eq!(format_exact(Ratio::new(n as i64, d as i64), 2), expected, "{n}/{d}");
    }
}

#[test]
fn archive_statistics_agree_with_the_hand_worked_cases() {
    let t = template("trimmed_mean");
    // The three-expert case: total 19.00, W 0.6364.
    let three = [sheet(1, "甲", ["8", "6", "4"], false), sheet(2, "乙", ["7", "7", "5"], false), sheet(3, "丙", ["9", "5", "6"], false)];
    let s = review_statistics(&t, &three);
    assert_eq!((s.total_hundredths, s.kendall_w_ten_thousandths, s.vetoed, s.scoring_experts), (1900, Some(6364), false, 3));
    // The trimmed case: 7.5 + 23/3 + 23/3 = 22.8333… → 2283.
    let five = [
        sheet(1, "甲", ["6", "7", "7"], false),
        sheet(2, "乙", ["7", "7", "7"], false),
        sheet(3, "丙", ["7.5", "7", "9"], false),
        sheet(4, "丁", ["8", "9", "9"], false),
        sheet(5, "戊", ["10", "9", "7"], true),
    ];
    assert_eq!(review_statistics(&t, &five).total_hundredths, 2283);
    // Answers out of template order are found all the same.
    let mut shuffled = five.clone();
    shuffled.iter_mut().for_each(|s| s.answers.reverse());
    assert_eq!(review_statistics(&t, &shuffled), review_statistics(&t, &five));
    assert_eq!(consolidate(&t, &shuffled).total, "22.83");
    // Majority veto (3 of 5).
    let majority: Vec<_> = (1..=5).map(|i| sheet(i, &format!("专家{i}"), ["9", "9", "9"], i <= 3)).collect();
    assert!(review_statistics(&t, &majority).vetoed);
}

#[test]
fn each_veto_rule_counts_the_scoring_experts() {
    use tic_domain::consolidation::veto_stands;
    use tic_domain::template::VetoRule::{Any, MoreThanHalf, TwoThirds};
    // (rule, yes, scoring experts, stands): more than half is strict (2 of 4 is not), two thirds
    // is inclusive (2 of 3 and 4 of 6 are, 3 of 5 is not: 9 < 10), any needs one yes; nobody
    // scoring confirms nothing.
    let cases = [
        (MoreThanHalf, 3, 5, true),
        (MoreThanHalf, 2, 5, false),
        (MoreThanHalf, 2, 4, false),
        (MoreThanHalf, 3, 4, true),
        (MoreThanHalf, 0, 0, false),
        (TwoThirds, 2, 3, true),
        (TwoThirds, 4, 6, true),
        (TwoThirds, 3, 5, false),
        (TwoThirds, 0, 0, false),
        (Any, 1, 7, true),
        (Any, 0, 7, false),
    ];
    for (rule, yes, n, stands) in cases {
        assert_eq!(veto_stands(rule, yes, n), stands, "{rule:?} {yes}/{n}");
    }
}

#[test]
fn thresholds_compare_the_rounded_value_not_the_exact_one() {
    let t = template("mean");
    // 21 experts: A1 = A2 = 9 from everyone; B1 = 6 from twenty and 5.9 from one.
    // B1 = 125.9 / 21 = 5.99523… → 6.00, which meets group B's pass mark 6 as printed;
    // total = 18 + 5.99523… = 23.99523… → 24.00, which reaches 良好 (24) and option 0 (≥ 24).
    let panel: Vec<_> = (1..=21).map(|i| sheet(i, &format!("专家{i}"), ["9", "9", if i == 21 { "5.9" } else { "6" }], false)).collect();
    let c = consolidate(&t, &panel);
    let b = c.groups.iter().find(|g| g.id == "B").unwrap();
    assert_eq!((b.total.as_str(), b.passed), ("6.00", Some(true)));
    assert_eq!((c.total.as_str(), c.grade.as_deref(), c.suggested_conclusion), ("24.00", Some("良好"), Some(0)));
    assert_eq!(review_statistics(&t, &panel).total_hundredths, 2400);
    // One more tenth off (5.8): 125.8 / 21 = 5.99047… → 5.99 misses the pass mark, and the
    // total 23.99047… → 23.99 falls to 合格 with the second option.
    let panel: Vec<_> = (1..=21).map(|i| sheet(i, &format!("专家{i}"), ["9", "9", if i == 21 { "5.8" } else { "6" }], false)).collect();
    let c = consolidate(&t, &panel);
    let b = c.groups.iter().find(|g| g.id == "B").unwrap();
    assert_eq!((b.total.as_str(), b.passed), ("5.99", Some(false)));
    assert_eq!((c.total.as_str(), c.grade.as_deref(), c.suggested_conclusion), ("23.99", Some("合格"), Some(1)));
}
