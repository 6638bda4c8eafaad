//! Validation of what a person typed, with messages that name the field at fault.

/// A field a person filled in wrongly; `field` is the label the form shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("「{field}」{message}")]
pub struct InputError {
    pub field: String,
    pub message: String,
}

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
