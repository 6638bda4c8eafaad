//! The one typeface of every document: Noto Serif CJK SC (SIL OFL 1.1, licence beside it in
//! `assets/fonts/`), a Song-style face as official documents use. It is parsed once per process
//! and subsetted into each PDF.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::layout::Metrics;

static FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSerifCJKsc-Regular.otf");

pub struct DocFont {
    pub parsed: ParsedFont,
    units_per_em: f32,
}

pub fn font() -> &'static DocFont {
    static FONT: OnceLock<DocFont> = OnceLock::new();
    FONT.get_or_init(|| {
        let parsed = ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()).expect("the shipped font parses");
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        DocFont { parsed, units_per_em }
    })
}

impl DocFont {
    /// Whether the face has a glyph for `c`; text is checked before rendering so a document never
    /// shows an empty box where a rare character should be.
    pub fn covers(&self, c: char) -> bool {
        c.is_control() || self.parsed.lookup_glyph_index(c as u32).is_some_and(|g| g != 0)
    }
}

impl Metrics for DocFont {
    fn advance(&self, c: char, size: f32) -> f32 {
        match self.parsed.lookup_glyph_index(c as u32) {
            Some(g) => f32::from(self.parsed.get_horizontal_advance(g)) / self.units_per_em * size,
            // A missing glyph is refused before rendering; measure it as a full em meanwhile.
            None => size,
        }
    }
}
