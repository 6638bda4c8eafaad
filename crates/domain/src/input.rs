//! Validation of what a person typed, with messages that name the field at fault.

/// A field a person filled in wrongly; `field` is the label the form shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub field: String,
    pub message: String,
}

/// “「字段」说明”, but a message that already begins with the field's name is said once: “PIN 不正确”,
/// not “「PIN」PIN 不正确”.
impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.starts_with(&self.field) {
            f.write_str(&self.message)
        } else {
            write!(f, "「{}」{}", self.field, self.message)
        }
    }
}

impl std::error::Error for InputError {}

impl InputError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        InputError { field: field.to_owned(), message: message.into() }
    }
}

/// The longest text accepted in a one-line field; longer input is almost always a paste mistake.
pub const MAX_LINE_CHARS: usize = 200;

/// Trims and checks a required one-line field.
pub fn required_line(field: &str, value: &str) -> Result<String, InputError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(InputError::new(field, "不能为空"));
    }
    optional_line(field, trimmed)
}

/// Trims and checks an optional one-line field.
pub fn optional_line(field: &str, value: &str) -> Result<String, InputError> {
    let trimmed = value.trim();
    if trimmed.chars().count() > MAX_LINE_CHARS {
        return Err(InputError::new(field, format!("过长：最多 {MAX_LINE_CHARS} 个字")));
    }
    if trimmed.chars().any(|c| c.is_control()) {
        return Err(InputError::new(field, "含有换行或控制字符"));
    }
    Ok(trimmed.to_owned())
}

/// A date as people write it: 2026-12-01, 2026/12/1, 2026.12.1 or 2026年12月1日, in half- or
/// full-width digits (an input method gives ２０２６).
pub fn parse_date(field: &str, text: &str) -> Result<chrono::NaiveDate, InputError> {
    let half: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let parts: Vec<&str> = half.split(['-', '/', '.', '年', '月', '日', '－', '／', '．']).filter(|p| !p.is_empty()).collect();
    let number = |p: &str| p.trim().parse::<u32>().ok();
    let date = match parts.as_slice() {
        [y, m, d] => match (number(y), number(m), number(d)) {
            (Some(y), Some(m), Some(d)) if (1900..=2200).contains(&y) => chrono::NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        },
        _ => None,
    };
    date.ok_or_else(|| InputError::new(field, format!("“{}”不是有效的日期，请写成 2026-12-01", text.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_people_write_them() {
        let want = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for text in ["2026-12-01", "2026/12/1", "2026.12.1", "2026年12月1日", "２０２６年１２月１日", " 2026-12-01 "] {
            assert_eq!(parse_date("日期", text), Ok(want), "{text}");
        }
        assert_eq!(parse_date("日期", "2026-02-30").unwrap_err().to_string(), "「日期」“2026-02-30”不是有效的日期，请写成 2026-12-01");
        assert!(parse_date("日期", "明天").is_err());
        assert!(parse_date("日期", "12-01").is_err());
    }
}

#[cfg(test)]
mod display_tests {
    use super::InputError;

    #[test]
    fn a_message_that_names_its_field_says_it_once() {
        assert_eq!(InputError::new("PIN", "PIN 不正确，请重新输入").to_string(), "PIN 不正确，请重新输入");
        assert_eq!(InputError::new("组长 PIN", "PIN 不正确，请重新输入").to_string(), "「组长 PIN」PIN 不正确，请重新输入");
        assert_eq!(InputError::new("整改期限", "限期整改须写明整改期限").to_string(), "「整改期限」限期整改须写明整改期限");
    }
}
