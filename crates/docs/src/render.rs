//! Laid-out pages to PDF bytes with printpdf, the font subsetted to the glyphs used.

use printpdf::{
    Color, ImageCompression, ImageOptimizationOptions, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon,
    PolygonRing, Pt, RawImage, TextItem, WindingOrder, XObjectTransform,
};

use crate::font::font;
use crate::layout::{Item, Page};

/// An image ready to place: decoded pixels and their size.
pub struct PreparedImage {
    pub raw: RawImage,
    pub width_px: u32,
    pub height_px: u32,
}

fn pt_point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
}

/// `photographic` documents store their images as JPEG (a photo is a tenth of its lossless
/// size); line art such as drawn signatures stays lossless otherwise.
pub fn render(title: &str, pages: &[Page], images: &[PreparedImage], photographic: bool) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let font_id = doc.add_font(&font().parsed);
    let image_ids: Vec<_> = images.iter().map(|i| doc.add_image(&i.raw)).collect();
    let pdf_pages = pages
        .iter()
        .map(|page| {
            let mut ops = Vec::with_capacity(page.items.len() * 4);
            let mut filling = false;
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
                            line: Line { points: vec![pt_point(*x1, *y1), pt_point(*x2, *y2)], is_closed: false },
                        });
                    }
                    Item::Image { x, y, w, h, image } => {
                        let img = &images[*image];
                        // At 72 dpi one pixel is one point; scale from there to the box.
                        ops.push(Op::UseXobject {
                            id: image_ids[*image].clone(),
                            transform: XObjectTransform {
                                translate_x: Some(Pt(*x)),
                                translate_y: Some(Pt(*y)),
                                scale_x: Some(*w / img.width_px as f32),
                                scale_y: Some(*h / img.height_px as f32),
                                dpi: Some(72.0),
                                ..Default::default()
                            },
                        });
                    }
                    Item::Rect { x, y, w, h } => {
                        if !filling {
                            ops.push(Op::SetFillColor { col: Color::Greyscale(Greyscale { percent: 0.0, icc_profile: None }) });
                            filling = true;
                        }
                        ops.push(Op::DrawPolygon {
                            polygon: Polygon {
                                rings: vec![PolygonRing {
                                    points: vec![pt_point(*x, *y), pt_point(x + w, *y), pt_point(x + w, y + h), pt_point(*x, y + h)],
                                }],
                                mode: PaintMode::Fill,
                                winding_order: WindingOrder::NonZero,
                            },
                        });
                    }
                }
            }
            PdfPage::new(Mm(page.width * 25.4 / 72.0), Mm(page.height * 25.4 / 72.0), ops)
        })
        .collect();
    let mut options = PdfSaveOptions::default();
    if photographic {
        options.image_optimization = Some(ImageOptimizationOptions {
            quality: Some(0.8),
            format: Some(ImageCompression::Jpeg),
            ..Default::default()
        });
    }
    doc.with_pages(pdf_pages).save(&options, &mut Vec::new())
}
