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
