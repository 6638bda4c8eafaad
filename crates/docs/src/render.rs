//! Laid-out pages to PDF bytes with printpdf, the font subsetted to the glyphs used.

use printpdf::{Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem};

use crate::font::font;
use crate::layout::{Item, Page, PAGE_HEIGHT, PAGE_WIDTH};

pub fn render(title: &str, pages: &[Page]) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let font_id = doc.add_font(&font().parsed);
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.items.len() * 4);
            for item in &page.items {
                match item {
                    Item::Text { x, y, size, text } => {
                        ops.push(Op::StartTextSection);
                        ops.push(Op::SetFont { font: PdfFontHandle::External(font_id.clone()), size: Pt(*size) });
                        ops.push(Op::SetTextCursor { pos: Point { x: Pt(*x), y: Pt(*y) } });
                        ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                        ops.push(Op::EndTextSection);
                    }
                    Item::Line { x1, y1, x2, y2, width } => {
                        ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![
                                    LinePoint { p: Point { x: Pt(*x1), y: Pt(*y1) }, bezier: false },
                                    LinePoint { p: Point { x: Pt(*x2), y: Pt(*y2) }, bezier: false },
                                ],
                                is_closed: false,
                            },
                        });
                    }
                }
            }
            PdfPage::new(Mm(PAGE_WIDTH * 25.4 / 72.0), Mm(PAGE_HEIGHT * 25.4 / 72.0), ops)
        })
        .collect();
    doc.with_pages(pdf_pages).save(&PdfSaveOptions::default(), &mut Vec::new())
}
