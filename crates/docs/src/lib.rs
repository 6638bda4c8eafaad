//! The review documents, laid out in `layout` (which knows nothing of PDF) and written with
//! printpdf in `render`, in the one CJK typeface the system provides (`font`).

pub mod builder;
pub mod font;
pub mod layout;
pub mod forms;
pub mod opinion;
pub mod visit;
pub mod draw;
pub mod render;

/// Printed at the top of every page.
pub const CONFIDENTIAL: &str = "内部资料　注意保密";

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("{0}")]
    NotReady(String),
    #[error("{0}")]
    BadImage(String),
    #[error("「{field}」中的字符“{ch}”（U+{code:04X}）无法用文书字体显示，请改用常用字或同音字说明后再导出")]
    MissingGlyph { field: String, ch: char, code: u32 },
    #[error("{0}")]
    FontMissing(String),
}

/// Refuses text the font cannot show, naming the field and the character.
pub fn check_glyphs(texts: &[(&str, &str)]) -> Result<(), DocError> {
    let f = font::try_font()?;
    for (field, text) in texts {
        if let Some(ch) = text.chars().find(|c| !f.covers(*c)) {
            return Err(DocError::MissingGlyph { field: (*field).to_owned(), ch, code: ch as u32 });
        }
    }
    Ok(())
}

/// Handwritten signatures as drawn in the app (PNG), by expert.
pub type HandSignatures<'a> = &'a [(tic_domain::ExpertId, Vec<u8>)];

pub fn signature_of<'a>(signatures: HandSignatures<'a>, expert: tic_domain::ExpertId) -> Option<&'a [u8]> {
    signatures.iter().find(|(id, _)| *id == expert).map(|(_, png)| png.as_slice())
}

/// Refuses a document that prints the panel's result while a sheet is missing, naming whose:
/// a signed total must be the whole panel's.
pub fn require_complete(consolidation: &tic_domain::consolidation::Consolidation) -> Result<(), DocError> {
    if consolidation.complete {
        Ok(())
    } else {
        Err(DocError::NotReady(format!("评分尚未汇总完成：{}", consolidation.blocking.join("；"))))
    }
}

/// Refuses a document while a member who must sign has not drawn a signature, naming them.
pub fn require_signatures(
    members: &[&tic_domain::PanelMember],
    recused: &[tic_domain::ExpertId],
    signatures: HandSignatures<'_>,
) -> Result<(), DocError> {
    let missing: Vec<&str> = members
        .iter()
        .filter(|m| !recused.contains(&m.expert_id) && signature_of(signatures, m.expert_id).is_none())
        .map(|m| m.name.as_str())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(DocError::NotReady(format!("以下专家尚未留存手写签名：{}（请本人在“签名”页签名）", missing.join("、"))))
    }
}

/// Signature images are drawn this tall in signature cells (points).
pub const SIGNATURE_HEIGHT: f32 = 28.0;
/// Pixels kept of a drawn signature: sharp in print, small in the file.
pub const SIGNATURE_MAX_SIDE: u32 = 480;

pub fn chinese_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}
