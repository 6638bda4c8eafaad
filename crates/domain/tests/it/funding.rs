//! 宁波 funding caps, worked by hand.

use tic_domain::funding::{funding_caps, Fen, FundingRule};

fn yuan(s: &str) -> Fen {
    Fen::parse_yuan("投入", s).unwrap()
}

#[test]
fn the_worked_example_from_the_research() {
    // Investments ¥20 M, ¥15 M, ¥10 M. Year 1: min(30% = 6 M, first-year 5 M) = 5 M.
    // Year 2: min(4.5 M, 10 M − 5 M = 5 M) = 4.5 M. Year 3: min(3 M, 10 M − 9.5 M = 0.5 M) = 0.5 M.
    let caps = funding_caps(&FundingRule::default(), &[yuan("20000000"), yuan("15000000"), yuan("10000000")]);
    let got: Vec<(String, String)> = caps.years.iter().map(|y| (y.cap.yuan(), y.limited_by.clone())).collect();
    assert_eq!(
        got,
        [
            ("5,000,000.00".to_owned(), "首年上限 5,000,000.00 元".to_owned()),
            ("4,500,000.00".to_owned(), "当年投入的 30%".to_owned()),
            ("500,000.00".to_owned(), "合计上限 10,000,000.00 元的余额".to_owned()),
        ]
    );
    assert_eq!(caps.total, yuan("10000000"));
}

#[test]
fn caps_round_down_to_the_fen_and_bad_amounts_are_refused() {
    // 30% of ¥1,234.57 = ¥370.371 → ¥370.37 (never above the rule).
    let caps = funding_caps(&FundingRule::default(), &[yuan("1,234.57")]);
    assert_eq!(caps.years[0].cap, Fen(37037));
    assert_eq!(Fen::parse_yuan("第一年投入", "12.345").unwrap_err().to_string(), "「第一年投入」“12.345”不是有效金额：请填写以元为单位、最多两位小数的数字");
    assert!(Fen::parse_yuan("第一年投入", "-5").is_err());
    assert!(Fen::parse_yuan("第一年投入", "五百万").is_err());
    assert_eq!(yuan("0.5"), Fen(50));
}

#[test]
fn the_first_year_outside_the_total_and_the_cumulative_base() {
    use tic_domain::funding::FundingBase;
    let investments = [yuan("20000000"), yuan("15000000"), yuan("10000000")];
    // NB:28 read with the first-year grant outside the 合计 cap: year 1 min(6 M, 5 M) = 5 M;
    // year 2 min(4.5 M, 10 M) = 4.5 M; year 3 min(3 M, 10 M − 4.5 M = 5.5 M) = 3 M; total 12.5 M.
    let outside = FundingRule { first_year_in_total: false, ..FundingRule::default() };
    let caps = funding_caps(&outside, &investments);
    assert_eq!(caps.years.iter().map(|y| y.cap.yuan()).collect::<Vec<_>>(), ["5,000,000.00", "4,500,000.00", "3,000,000.00"]);
    assert_eq!(caps.total, yuan("12500000"));

    // 30% of the investment accumulated so far, minus what was granted: year 1 min(6 M, 5 M) = 5 M;
    // year 2 min(30% × 35 M − 5 M = 5.5 M, 10 M − 5 M = 5 M) = 5 M (the 合计 balance);
    // year 3 min(30% × 45 M − 10 M = 3.5 M, 10 M − 10 M = 0) = 0.
    let cumulative = FundingRule { base: FundingBase::CumulativeInvestment, ..FundingRule::default() };
    let caps = funding_caps(&cumulative, &investments);
    let got: Vec<(String, String)> = caps.years.iter().map(|y| (y.cap.yuan(), y.limited_by.clone())).collect();
    assert_eq!(
        got,
        [
            ("5,000,000.00".to_owned(), "首年上限 5,000,000.00 元".to_owned()),
            ("5,000,000.00".to_owned(), "合计上限 10,000,000.00 元的余额".to_owned()),
            ("0.00".to_owned(), "合计上限 10,000,000.00 元的余额".to_owned()),
        ]
    );
    // Both open readings together: year 2 min(5.5 M, 10 M) = 5.5 M; year 3 min(30% × 45 M − 10.5 M
    // = 3 M, 10 M − 5.5 M = 4.5 M) = 3 M; total 13.5 M.
    let both = FundingRule { base: FundingBase::CumulativeInvestment, first_year_in_total: false, ..FundingRule::default() };
    let caps = funding_caps(&both, &investments);
    assert_eq!(caps.years.iter().map(|y| y.cap.yuan()).collect::<Vec<_>>(), ["5,000,000.00", "5,500,000.00", "3,000,000.00"]);
    assert_eq!(caps.total, yuan("13500000"));
}

#[test]
fn settings_saved_before_the_open_readings_existed_still_load() {
    let old = r#"{"share_percent":30,"first_year_cap":500000000,"total_cap":1000000000}"#;
    assert_eq!(serde_json::from_str::<FundingRule>(old).unwrap(), FundingRule::default());
}

#[test]
fn caps_from_the_investments_stored_with_the_center() {
    use tic_domain::funding::funding_caps_for_center;
    use tic_domain::records::YearInvestment;
    let inv = |year: i32, y: &str| YearInvestment { year, amount: yuan(y) };
    // Stored out of order, with a fourth year that NB:28's “前三年” leaves out: the worked example again.
    let caps = funding_caps_for_center(&FundingRule::default(), &[inv(2025, "15000000"), inv(2024, "20000000"), inv(2027, "1"), inv(2026, "10000000")]).unwrap();
    assert_eq!(caps.years.iter().map(|y| (y.calendar_year, y.cap.yuan())).collect::<Vec<_>>(), [
        (Some(2024), "5,000,000.00".to_owned()),
        (Some(2025), "4,500,000.00".to_owned()),
        (Some(2026), "500,000.00".to_owned()),
    ]);
    let gap = funding_caps_for_center(&FundingRule::default(), &[inv(2024, "1"), inv(2026, "1")]).unwrap_err();
    assert_eq!(gap.to_string(), "「创新能力建设投入」缺少 2025 年的投入：创建期前三年应逐年登记");
    assert!(funding_caps_for_center(&FundingRule::default(), &[]).is_err());
}

#[test]
fn stored_investments_are_sorted_and_a_year_twice_is_refused() {
    use tic_domain::records::{CenterRecords, YearInvestment};
    let records = CenterRecords {
        capability_investments: vec![YearInvestment { year: 2026, amount: yuan("1") }, YearInvestment { year: 2025, amount: yuan("2") }],
        ..CenterRecords::default()
    };
    assert_eq!(records.validated().unwrap().capability_investments.iter().map(|i| i.year).collect::<Vec<_>>(), [2025, 2026]);
    let twice = CenterRecords {
        capability_investments: vec![YearInvestment { year: 2025, amount: yuan("1") }, YearInvestment { year: 2025, amount: yuan("2") }],
        ..CenterRecords::default()
    };
    assert_eq!(twice.validated().unwrap_err().to_string(), "「创新能力建设投入年份」2025 年登记了两次");
    let negative = CenterRecords { capability_investments: vec![YearInvestment { year: 2025, amount: Fen(-1) }], ..CenterRecords::default() };
    assert_eq!(negative.validated().unwrap_err().to_string(), "「创新能力建设投入」2025 年的投入不能为负数");
}
