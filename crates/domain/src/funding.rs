//! 宁波 funding caps (NB:28): each of the first three years at most 30% of that year's capability
//! investment, the first year at most ¥5 million, all years together at most ¥10 million.
//! Money is whole fen (分); caps are rounded down to the fen so no cap exceeds the rule.

use serde::{Deserialize, Serialize};

use crate::input::InputError;
use crate::template::SeedCitation;

/// An amount of money in whole fen, shown and entered in yuan ("12345.67").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(transparent)]
pub struct Fen(pub i64);

impl Fen {
    /// Reads yuan with at most two decimals; refuses anything else, naming the field.
    pub fn parse_yuan(field: &str, text: &str) -> Result<Fen, InputError> {
        let t: String = text.trim().chars().filter(|c| *c != ',' && *c != '，').collect();
        let bad = || InputError::new(field, format!("“{}”不是有效金额：请填写以元为单位、最多两位小数的数字", text.trim()));
        let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
        if whole.is_empty() || frac.len() > 2 || !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) || whole.len() > 13 {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        Ok(Fen(whole * 100 + frac))
    }

    /// "5,000,000.00"
    pub fn yuan(self) -> String {
        let digits = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{grouped}.{:02}", self.0 % 100)
    }
}

/// What the 30% of NB:28 “每年按照不超过创新能力建设投入总额30%” is taken of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FundingBase {
    /// Each year's own investment (the most literal reading of “每年”).
    #[default]
    YearInvestment,
    /// The investment accumulated so far: all grants to date stay within the share of all
    /// investment to date.
    CumulativeInvestment,
}

fn counted_in_total() -> bool {
    true
}

/// The bases of the rule; the seed leaves some open (is the first-year grant inside the total?
/// is the share of the year's or of the accumulated investment?), so they are settings with the
/// seed's figures and most literal reading as defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FundingRule {
    pub share_percent: u32,
    pub first_year_cap: Fen,
    pub total_cap: Fen,
    /// Whether the first-year grant (获批后给予首年创建经费) counts inside the 合计 cap; when not,
    /// the 合计 cap bounds the later years only.
    #[serde(default = "counted_in_total")]
    pub first_year_in_total: bool,
    #[serde(default)]
    pub base: FundingBase,
}

impl Default for FundingRule {
    fn default() -> Self {
        FundingRule {
            share_percent: 30,
            first_year_cap: Fen(5_000_000_00),
            total_cap: Fen(10_000_000_00),
            first_year_in_total: true,
            base: FundingBase::YearInvestment,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FundingYear {
    pub year: u32,
    /// The calendar year, when the caps were computed from the center's stored investments.
    #[serde(default)]
    pub calendar_year: Option<i32>,
    pub investment: Fen,
    pub cap: Fen,
    /// Which limit decided the cap.
    pub limited_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FundingCaps {
    pub years: Vec<FundingYear>,
    pub total: Fen,
    pub source: SeedCitation,
}

/// The caps for the yearly investments as a person typed them in yuan ("1,200,000.50"), each
/// named by its year in an error.
pub fn funding_caps_for_typed(rule: &FundingRule, investments: &[String]) -> Result<FundingCaps, InputError> {
    let investments = investments
        .iter()
        .enumerate()
        .map(|(i, t)| Fen::parse_yuan(&format!("第 {} 年创新能力建设投入", i + 1), t))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(funding_caps(rule, &investments))
}

/// The caps from the investments stored with the center: its first three years, which must
/// follow one another (a missing year is named rather than skipped).
pub fn funding_caps_for_center(rule: &FundingRule, stored: &[crate::records::YearInvestment]) -> Result<FundingCaps, InputError> {
    let mut sorted = stored.to_vec();
    sorted.sort_by_key(|i| i.year);
    let first = sorted.iter().take(3).collect::<Vec<_>>();
    if first.is_empty() {
        return Err(InputError::new("创新能力建设投入", "该中心还没有登记任何年度的创新能力建设投入"));
    }
    for pair in first.windows(2) {
        if pair[1].year != pair[0].year + 1 {
            return Err(InputError::new("创新能力建设投入", format!("缺少 {} 年的投入：创建期前三年应逐年登记", pair[0].year + 1)));
        }
    }
    let mut caps = funding_caps(rule, &first.iter().map(|i| i.amount).collect::<Vec<_>>());
    for (y, inv) in caps.years.iter_mut().zip(&first) {
        y.calendar_year = Some(inv.year);
    }
    Ok(caps)
}

/// The caps for the first three years, assuming each year's cap is granted in full.
pub fn funding_caps(rule: &FundingRule, investments: &[Fen]) -> FundingCaps {
    let mut granted = 0i64;
    // What counts against the 合计 cap: everything granted, or all but the first year's grant.
    let mut counted = 0i64;
    let mut invested = 0i64;
    let mut years = Vec::new();
    for (i, inv) in investments.iter().take(3).enumerate() {
        invested += inv.0;
        let share = match rule.base {
            FundingBase::YearInvestment => (inv.0 * rule.share_percent as i64 / 100, format!("当年投入的 {}%", rule.share_percent)),
            FundingBase::CumulativeInvestment => (
                (invested * rule.share_percent as i64 / 100 - granted).max(0),
                format!("累计投入的 {}% 减去已支持金额", rule.share_percent),
            ),
        };
        let mut limits = vec![share];
        if i == 0 {
            limits.push((rule.first_year_cap.0, format!("首年上限 {} 元", rule.first_year_cap.yuan())));
        }
        if i > 0 || rule.first_year_in_total {
            limits.push(((rule.total_cap.0 - counted).max(0), format!("合计上限 {} 元的余额", rule.total_cap.yuan())));
        }
        let (cap, why) = limits.into_iter().min_by_key(|l| l.0).unwrap_or((0, String::new()));
        granted += cap;
        if i > 0 || rule.first_year_in_total {
            counted += cap;
        }
        years.push(FundingYear { year: i as u32 + 1, calendar_year: None, investment: *inv, cap: Fen(cap), limited_by: why });
    }
    FundingCaps {
        years,
        total: Fen(granted),
        source: SeedCitation {
            seed: "002_828e465d8c4dc59d.txt".into(),
            line: 28,
            quote: "前三年创建期内每年按照不超过创新能力建设投入总额30%给子支持".into(),
        },
    }
}
