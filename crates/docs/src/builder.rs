//! What every document shares: its images, the fingerprint of its laid-out content with a QR code
//! of it on the last page, the page furniture, and rendering.

use std::io::Cursor;

use sha2::{Digest, Sha256};

use crate::font::font;
use crate::layout::{text_width, Flow, ImageRef, Item};
use crate::render::{render, PreparedImage};
use crate::{DocError, CONFIDENTIAL};

/// A finished, unsigned document.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// SHA-256 of the laid-out content in groups of four hex digits, as printed on every page.
    pub fingerprint: String,
    pub title: String,
    pub pages: usize,
}

pub struct DocBuilder {
    pub flow: Flow<'static>,
    images: Vec<(PreparedImage, String)>,
    /// Set once a photo is added: the file then stores its images as JPEG.
    pub photographic: bool,
}

/// Points a QR module takes; the code stays readable from a printed page at this size.
const QR_MODULE: f32 = 1.6;
const QR_BLOCK: f32 = 84.0;

impl DocBuilder {
    pub fn portrait() -> Self {
        DocBuilder { flow: Flow::new(font()), images: Vec::new(), photographic: false }
    }

    /// A4 portrait in the 公文 geometry of GB/T 9704 (the 专家组意见).
    pub fn official() -> Self {
        DocBuilder { flow: Flow::official(font()), images: Vec::new(), photographic: false }
    }

    pub fn landscape() -> Self {
        DocBuilder { flow: Flow::landscape(font()), images: Vec::new(), photographic: false }
    }

    /// Decodes a PNG or JPEG (a drawn signature or a site photo), scales it to at most `max_side`
    /// pixels and flattens transparency onto white paper. `label` names it in errors.
    pub fn add_image(&mut self, bytes: &[u8], max_side: u32, label: &str) -> Result<ImageRef, DocError> {
        let mut reader = image::ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| DocError::BadImage(format!("{label}无法读取：{e}")))?;
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(12_000);
        limits.max_image_height = Some(12_000);
        reader.limits(limits);
        let decoded = reader.decode().map_err(|e| DocError::BadImage(format!("{label}无法解码：{e}")))?;
        let decoded = if decoded.width().max(decoded.height()) > max_side { decoded.thumbnail(max_side, max_side) } else { decoded };
        // Greyscale without transparency (how the store keeps drawn signatures) stays one channel:
        // a third of the pixels to compress. Anything else is flattened onto white paper.
        let (w, h) = (decoded.width(), decoded.height());
        if w == 0 || h == 0 {
            return Err(DocError::BadImage(format!("{label}是空图像")));
        }
        let flat = match decoded {
            image::DynamicImage::ImageLuma8(g) => image::DynamicImage::ImageLuma8(g),
            other => {
                let rgba = other.to_rgba8();
                let mut rgb = image::RgbImage::new(w, h);
                for (src, dst) in rgba.pixels().zip(rgb.pixels_mut()) {
                    let a = u16::from(src[3]);
                    let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
                    *dst = image::Rgb([blend(src[0]), blend(src[1]), blend(src[2])]);
                }
                image::DynamicImage::ImageRgb8(rgb)
            }
        };
        let raw = printpdf::RawImage::from_dynamic_image(flat).map_err(|e| DocError::BadImage(format!("{label}：{e}")))?;
        let digest = format!("{:x}", Sha256::digest(bytes));
        self.images.push((PreparedImage { raw, width_px: w, height_px: h }, digest));
        Ok(ImageRef { id: self.images.len() - 1, aspect: w as f32 / h as f32 })
    }

    /// Fingerprints the content, adds the QR block, the page furniture and renders.
    pub fn finish(mut self, title: &str) -> Rendered {
        let flow = &mut self.flow;
        flow.space(8.0);
        flow.keep(QR_BLOCK);
        let top = flow.y();
        flow.space(QR_BLOCK);
        let digests: Vec<String> = self.images.iter().map(|(_, d)| d.clone()).collect();
        let canonical = flow.canonical(&|i| digests[i].clone());
        let hash = Sha256::digest(canonical.as_bytes());
        let hex: String = hash.iter().map(|b| format!("{b:02X}")).collect();
        let fingerprint = hex.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ");

        let mut items = qr_items(&format!("TICR-FP:{hex}"), top, flow.page_width() - flow.margins().right);
        let right = items.iter().filter_map(|i| if let Item::Rect { x, .. } = i { Some(*x) } else { None }).fold(f32::MAX, f32::min);
        let groups: Vec<&str> = fingerprint.split(' ').collect();
        let lines = [
            "文档指纹（SHA-256）".to_owned(),
            groups[..8].join(" "),
            groups[8..].join(" "),
            "核验：在 TIC Review 中打开本文件，或运行 tic-review verify 文件名.pdf".to_owned(),
        ];
        let widest = lines.iter().map(|l| text_width(font(), l, 8.0)).fold(0.0, f32::max);
        for (k, line) in lines.into_iter().enumerate() {
            items.push(Item::Text { x: right - 10.0 - widest, y: top - 16.0 - k as f32 * 13.0, size: 8.0, text: line });
        }
        flow.place(items);

        let pages = self.flow.finish(CONFIDENTIAL, Some(&fingerprint));
        let count = pages.len();
        let images: Vec<PreparedImage> = self.images.into_iter().map(|(i, _)| i).collect();
        Rendered { bytes: render(title, &pages, &images, self.photographic), fingerprint, title: title.to_owned(), pages: count }
    }
}

/// The QR code of `text` as black boxes, its top right corner at (`right`, `top`);
/// horizontal runs of dark modules are merged into one box each.
fn qr_items(text: &str, top: f32, right: f32) -> Vec<Item> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).expect("a 73-byte text fits a QR code");
    let n = code.width();
    let colors = code.to_colors();
    let size = n as f32 * QR_MODULE;
    let left = right - size;
    let mut items = Vec::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] == qrcode::Color::Dark {
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                items.push(Item::Rect {
                    x: left + start as f32 * QR_MODULE,
                    y: top - (row + 1) as f32 * QR_MODULE,
                    w: (col - start) as f32 * QR_MODULE,
                    h: QR_MODULE,
                });
            } else {
                col += 1;
            }
        }
    }
    items
}
