//! The review documents, laid out in `layout` (which knows nothing of PDF) and written with
//! printpdf in `render`, in the one CJK typeface shipped in `assets/fonts/`.

pub mod font;
pub mod layout;
pub mod opinion;
pub mod render;

/// Printed at the top of every page.
pub const CONFIDENTIAL: &str = "内部资料　注意保密";

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("{0}")]
    NotReady(String),
    #[error("「{field}」中的字符“{ch}”（U+{code:04X}）无法用文书字体显示，请改用常用字或同音字说明后再导出")]
    MissingGlyph { field: String, ch: char, code: u32 },
}

/// Refuses text the font cannot show, naming the field and the character.
pub fn check_glyphs(texts: &[(&str, &str)]) -> Result<(), DocError> {
    let f = font::font();
    for (field, text) in texts {
        if let Some(ch) = text.chars().find(|c| !f.covers(*c)) {
            return Err(DocError::MissingGlyph { field: (*field).to_owned(), ch, code: ch as u32 });
        }
    }
    Ok(())
}
