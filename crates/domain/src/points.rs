//! Exact score arithmetic: points are stored as whole tenths of a point.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A score or a maximum score, held exactly as tenths of a point (7.5 分 is `Points(75)`).
///
/// Experts score to one decimal place; anything finer is refused rather than rounded, so a
/// stored score is always exactly what the expert typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Points(u32);

impl ts_rs::TS for Points {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_owned()
    }
}

/// Why a text could not be read as points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("分值不能为空")]
    Empty,
    #[error("“{0}”不是有效的分值：只能是不小于 0 的数字，最多一位小数")]
    Malformed(String),
    #[error("“{0}”的小数超过一位：分值最多精确到 0.1 分")]
    TooPrecise(String),
    #[error("“{0}”太大")]
    TooLarge(String),
}

impl Points {
    pub const ZERO: Points = Points(0);

    /// Points from whole tenths (75 → 7.5 分).
    pub const fn from_tenths(tenths: u32) -> Self {
        Points(tenths)
    }

    /// Points from whole points (8 → 8.0 分).
    pub const fn from_whole(points: u32) -> Self {
        Points(points * 10)
    }

    pub const fn tenths(self) -> u32 {
        self.0
    }

    pub fn checked_add(self, other: Points) -> Option<Points> {
        self.0.checked_add(other.0).map(Points)
    }
}

impl FromStr for Points {
    type Err = PointsError;

    /// Parses "8", "7.5", "7.", " 7.5 ", the full-width digits and point an IME may produce
    /// ("６．５", "7。5"), and a score written with its unit ("5分", "6.5 分").
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        let trimmed = raw.trim();
        let without_unit = trimmed.strip_suffix('分').map_or(trimmed, str::trim_end);
        let normalized: String = without_unit
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '．' | '。' => '.',
                other => other,
            })
            .collect();
        if normalized.is_empty() {
            return Err(PointsError::Empty);
        }
        let (whole, fraction) = match normalized.split_once('.') {
            Some((w, f)) => (w, f),
            None => (normalized.as_str(), ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
            return Err(PointsError::Malformed(raw.trim().to_owned()));
        }
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > 1 {
            return Err(PointsError::TooPrecise(raw.trim().to_owned()));
        }
        let whole_value: u32 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| PointsError::TooLarge(raw.trim().to_owned()))?
        };
        let tenth: u32 = fraction.parse().unwrap_or(0);
        whole_value
            .checked_mul(10)
            .and_then(|t| t.checked_add(tenth))
            .filter(|t| *t <= 100_000)
            .map(Points)
            .ok_or_else(|| PointsError::TooLarge(raw.trim().to_owned()))
    }
}

impl fmt::Display for Points {
    /// "8" for whole points, "7.5" otherwise: how a Chinese score sheet writes them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 % 10 == 0 {
            write!(f, "{}", self.0 / 10)
        } else {
            write!(f, "{}.{}", self.0 / 10, self.0 % 10)
        }
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Points {
    /// Accepts a JSON number or string; the number is read from its decimal text, never via f64.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let text = match &value {
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::String(s) => s.clone(),
            _ => return Err(serde::de::Error::custom("分值应为数字，例如 8 或 7.5")),
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_tenths() {
        let cases = [
            ("8", 80),
            ("7.5", 75),
            ("0", 0),
            (" 10.0 ", 100),
            ("７．５", 75),
            ("８", 80),
            ("７。５", 75),
            ("5分", 50),
            ("6.5 分", 65),
            ("６．５分", 65),
            (".5", 5),
            ("7.", 70),
            ("3.50", 35),
        ];
        for (input, tenths) in cases {
            assert_eq!(input.parse::<Points>(), Ok(Points::from_tenths(tenths)), "{input}");
        }
    }

    #[test]
    fn refuses_malformed_and_too_precise() {
        assert_eq!("".parse::<Points>(), Err(PointsError::Empty));
        assert!(matches!("-1".parse::<Points>(), Err(PointsError::Malformed(_))));
        assert!(matches!("abc".parse::<Points>(), Err(PointsError::Malformed(_))));
        assert!(matches!("1e3".parse::<Points>(), Err(PointsError::Malformed(_))));
        assert!(matches!(".".parse::<Points>(), Err(PointsError::Malformed(_))));
        // The unit alone, twice, or before the number is still not a score.
        assert_eq!("分".parse::<Points>(), Err(PointsError::Empty));
        assert!(matches!("5分分".parse::<Points>(), Err(PointsError::Malformed(_))));
        assert!(matches!("分5".parse::<Points>(), Err(PointsError::Malformed(_))));
        assert!(matches!("五分".parse::<Points>(), Err(PointsError::Malformed(_))));
        assert!(matches!("7.25".parse::<Points>(), Err(PointsError::TooPrecise(_))));
        assert!(matches!("99999999999".parse::<Points>(), Err(PointsError::TooLarge(_))));
    }

    #[test]
    fn displays_like_a_score_sheet() {
        assert_eq!(Points::from_tenths(75).to_string(), "7.5");
        assert_eq!(Points::from_whole(8).to_string(), "8");
        let json = serde_json::to_string(&Points::from_tenths(75)).unwrap();
        assert_eq!(json, "\"7.5\"");
        let back: Points = serde_json::from_str("7.5").unwrap();
        assert_eq!(back, Points::from_tenths(75));
    }
}
