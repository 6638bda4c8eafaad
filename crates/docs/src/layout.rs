//! Page layout that knows nothing of PDF: Chinese line breaking, paragraphs and tables that flow
//! across A4 pages with repeated header rows, and page furniture ("第 P 页 共 N 页"). The output
//! is a list of positioned items per page in points, origin at the bottom left, as PDF has it.

/// How wide a character is at a given size, in points.
pub trait Metrics {
    fn advance(&self, c: char, size: f32) -> f32;
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text { x: f32, y: f32, size: f32, text: String },
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32 },
    /// One of the document's images (by index), drawn into the box with its lower left at (x, y).
    Image { x: f32, y: f32, w: f32, h: f32, image: usize },
    /// A filled black box (QR code modules).
    Rect { x: f32, y: f32, w: f32, h: f32 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;

/// An image the layout places: which one, and its width over its height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageRef {
    pub id: usize,
    pub aspect: f32,
}

/// A table cell: text, or an image (a handwritten signature) fitted into `height` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub image: Option<(ImageRef, f32)>,
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell { text, image: None }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell { text: text.to_owned(), image: None }
    }
}

impl Cell {
    pub fn image(image: ImageRef, height: f32) -> Self {
        Cell { text: String::new(), image: Some((image, height)) }
    }
}

/// Turns rows of strings into rows of text cells.
pub fn text_rows(rows: Vec<Vec<String>>) -> Vec<Vec<Cell>> {
    rows.into_iter().map(|r| r.into_iter().map(Cell::from).collect()).collect()
}
/// Millimetres to PDF points.
const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// The blank paper around the text, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub top: f32,
    pub bottom: f32,
    pub left: f32,
    pub right: f32,
}

impl Margins {
    /// The forms (score sheets, sign-in, records): about an inch all round.
    pub const FORMS: Margins = Margins { top: 72.0, bottom: 72.0, left: 70.0, right: 70.0 };
    /// GB/T 9704-2012 §5.2.2 (党政机关公文格式): top 37 mm, left 28 mm, which with a 156 × 225 mm
    /// type area leaves 26 mm on the right and 35 mm at the bottom of an A4 page.
    pub const GB_9704: Margins = Margins { top: mm(37.0), bottom: mm(35.0), left: mm(28.0), right: mm(26.0) };
}
/// Line height as a multiple of the font size, roomy as official documents are.
const LEADING: f32 = 1.6;
const CELL_PAD: f32 = 4.0;

/// Characters a Chinese line must not start with (closing punctuation), and must not end with
/// (opening punctuation): GB/T 15834 practice.
const NO_START: &str = "，。、；：？！）》」』】〕〉”’%‰·…—,.;:?!)]}";
const NO_END: &str = "（《「『【〔〈“‘([{";

fn is_cjk_break_point(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '/' || c == '.')
}

/// Breaks `text` into lines no wider than `width`. Chinese may break between any two characters,
/// Latin words and numbers stay whole unless a single one is wider than the line, closing
/// punctuation never starts a line and opening punctuation never ends one; explicit newlines
/// start new lines.
pub fn break_lines(metrics: &dyn Metrics, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let chars: Vec<char> = paragraph.chars().collect();
        if chars.is_empty() {
            out.push(String::new());
            continue;
        }
        let mut line: Vec<char> = Vec::new();
        let mut line_width = 0.0;
        let mut i = 0;
        while i < chars.len() {
            // The next unbreakable unit: one CJK character, or a run of Latin/digits.
            let mut j = i + 1;
            if !is_cjk_break_point(chars[i]) {
                while j < chars.len() && !is_cjk_break_point(chars[j]) {
                    j += 1;
                }
            }
            let unit: Vec<char> = chars[i..j].to_vec();
            let unit_width: f32 = unit.iter().map(|c| metrics.advance(*c, size)).sum();
            if line_width + unit_width > width + 0.01 && !line.is_empty() {
                // Keep closing punctuation with the character before it, and opening
                // punctuation with the character after it, by carrying characters over.
                let mut carry: Vec<char> = Vec::new();
                if NO_START.contains(unit[0]) && line.len() > 1 {
                    carry.push(line.pop().unwrap_or_default());
                }
                while line.len() > 1 && line.last().is_some_and(|c| NO_END.contains(*c)) {
                    carry.insert(0, line.pop().unwrap_or_default());
                }
                out.push(line.iter().collect::<String>().trim_end().to_owned());
                line = carry;
                line_width = line.iter().map(|c| metrics.advance(*c, size)).sum();
                if unit.iter().all(|c| *c == ' ') {
                    i = j;
                    continue;
                }
            }
            if unit_width > width && line.is_empty() {
                // A single word wider than the line is cut where it must be.
                for c in unit {
                    let w = metrics.advance(c, size);
                    if line_width + w > width && !line.is_empty() {
                        out.push(line.iter().collect());
                        line.clear();
                        line_width = 0.0;
                    }
                    line.push(c);
                    line_width += w;
                }
            } else {
                line.extend(unit);
                line_width += unit_width;
            }
            i = j;
        }
        out.push(line.iter().collect::<String>().trim_end().to_owned());
    }
    out
}

pub fn text_width(metrics: &dyn Metrics, text: &str, size: f32) -> f32 {
    text.chars().map(|c| metrics.advance(c, size)).sum()
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
}

/// A table column: its share of the text width and how its cells are aligned.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub width: f32,
    pub align: Align,
}

/// Writes content top to bottom, starting new pages as it fills them.
pub struct Flow<'m> {
    metrics: &'m dyn Metrics,
    pub pages: Vec<Page>,
    y: f32,
    width: f32,
    height: f32,
    margins: Margins,
}

impl<'m> Flow<'m> {
    /// A4 portrait.
    pub fn new(metrics: &'m dyn Metrics) -> Self {
        Self::sized(metrics, PAGE_WIDTH, PAGE_HEIGHT)
    }

    /// A4 landscape, for wide tables.
    pub fn landscape(metrics: &'m dyn Metrics) -> Self {
        Self::sized(metrics, PAGE_HEIGHT, PAGE_WIDTH)
    }

    /// A4 portrait with the 公文 geometry of GB/T 9704, for the documents filed as the panel's word.
    pub fn official(metrics: &'m dyn Metrics) -> Self {
        let mut flow = Self::sized(metrics, PAGE_WIDTH, PAGE_HEIGHT);
        flow.margins = Margins::GB_9704;
        flow.y = PAGE_HEIGHT - flow.margins.top;
        flow
    }

    fn sized(metrics: &'m dyn Metrics, width: f32, height: f32) -> Self {
        let margins = Margins::FORMS;
        Flow { metrics, pages: vec![Page { width, height, items: Vec::new() }], y: height - margins.top, width, height, margins }
    }

    pub fn margins(&self) -> Margins {
        self.margins
    }

    pub fn text_width(&self) -> f32 {
        self.width - self.margins.left - self.margins.right
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow always has a page")
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page { width: self.width, height: self.height, items: Vec::new() });
        self.y = self.height - self.margins.top;
    }

    pub fn page_width(&self) -> f32 {
        self.width
    }

    /// How far down the current page the flow has come (points from the bottom edge).
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Draws an image centred in the text width, at most `max_w` × `max_h` points.
    pub fn image(&mut self, image: ImageRef, max_w: f32, max_h: f32) {
        let max_w = max_w.min(self.text_width());
        let (w, h) = if max_w / max_h > image.aspect { (max_h * image.aspect, max_h) } else { (max_w, max_w / image.aspect) };
        self.ensure(h + 4.0);
        let x = (self.width - w) / 2.0;
        let y = self.y - h;
        self.page().items.push(Item::Image { x, y, w, h, image: image.id });
        self.y -= h + 4.0;
    }

    /// Places items at absolute positions on the current page (the QR code block).
    pub fn place(&mut self, items: Vec<Item>) {
        self.page().items.extend(items);
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < self.margins.bottom {
            self.new_page();
        }
    }

    /// Keeps what follows (a heading and the first lines under it) on one page.
    pub fn keep(&mut self, height: f32) {
        self.ensure(height);
    }

    pub fn space(&mut self, points: f32) {
        self.y -= points;
    }

    pub fn centered(&mut self, text: &str, size: f32) {
        for line in break_lines(self.metrics, text, size, self.text_width()) {
            self.ensure(size * LEADING);
            let w = text_width(self.metrics, &line, size);
            let y = self.y - size * 1.1;
            let x = self.margins.left + (self.text_width() - w) / 2.0;
            self.page().items.push(Item::Text { x, y, size, text: line });
            self.y -= size * LEADING;
        }
    }

    /// A paragraph; `indent` in characters on its first line (正文 indents two).
    pub fn paragraph(&mut self, text: &str, size: f32, indent: usize) {
        let pad = "\u{3000}".repeat(indent);
        let text: String = text.split('\n').map(|p| format!("{pad}{p}")).collect::<Vec<_>>().join("\n");
        for line in break_lines(self.metrics, &text, size, self.text_width()) {
            self.ensure(size * LEADING);
            let y = self.y - size * 1.1;
            let x = self.margins.left;
            self.page().items.push(Item::Text { x, y, size, text: line });
            self.y -= size * LEADING;
        }
    }

    /// A ruled table. `header` rows are repeated at the top of every page the table reaches. A
    /// row is never split: one that does not fit starts a new page (so a row taller than a whole
    /// page would run past the bottom margin; no document has cells that long).
    pub fn table(&mut self, columns: &[Column], header: &[Vec<String>], rows: &[Vec<Cell>], size: f32) {
        self.table_keeping(columns, header, rows, size, 0);
    }

    /// A table whose last `tail` rows stay on one page (totals and signatures with the rows they
    /// sum, so no page holds a signature under nothing): the page breaks before the tail when the
    /// tail does not fit, unless it would not fit on a fresh page either.
    pub fn table_keeping(&mut self, columns: &[Column], header: &[Vec<String>], rows: &[Vec<Cell>], size: f32, tail: usize) {
        let left = self.margins.left;
        let bottom = self.margins.bottom;
        let total: f32 = columns.iter().map(|c| c.width).sum();
        let text_w = self.text_width();
        let scale = text_w / total;
        let widths: Vec<f32> = columns.iter().map(|c| c.width * scale).collect();
        let line_h = size * 1.45;
        let header: Vec<Vec<Cell>> = text_rows(header.to_vec());
        let wrap = |flow: &Self, row: &[Cell]| -> (Vec<(Vec<String>, Option<(ImageRef, f32)>)>, f32) {
            let cells: Vec<_> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| (break_lines(flow.metrics, &c.text, size, w - 2.0 * CELL_PAD), c.image))
                .collect();
            let lines = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(1).max(1);
            let image_h = cells.iter().filter_map(|(_, i)| i.map(|(_, h)| h)).fold(0.0, f32::max);
            (cells, (lines as f32 * line_h).max(image_h) + 2.0 * CELL_PAD)
        };
        let header_rows: Vec<_> = header.iter().map(|r| wrap(self, r)).collect();
        let header_h: f32 = header_rows.iter().map(|(_, h)| h).sum();
        let draw_row = |flow: &mut Self, cells: &[(Vec<String>, Option<(ImageRef, f32)>)], h: f32| {
            let top = flow.y;
            let mut x = left;
            let mut items = Vec::new();
            items.push(Item::Line { x1: left, y1: top, x2: left + text_w, y2: top, width: 0.6 });
            items.push(Item::Line { x1: left, y1: top - h, x2: left + text_w, y2: top - h, width: 0.6 });
            for (i, (cell, image)) in cells.iter().enumerate() {
                items.push(Item::Line { x1: x, y1: top, x2: x, y2: top - h, width: 0.6 });
                if let Some((image, max_h)) = image {
                    let max_w = widths[i] - 2.0 * CELL_PAD;
                    let (w, ih) = if max_w / max_h > image.aspect { (max_h * image.aspect, *max_h) } else { (max_w, max_w / image.aspect) };
                    items.push(Item::Image { x: x + (widths[i] - w) / 2.0, y: top - (h + ih) / 2.0, w, h: ih, image: image.id });
                }
                for (k, line) in cell.iter().enumerate() {
                    let lx = match columns[i].align {
                        Align::Left => x + CELL_PAD,
                        Align::Center => x + (widths[i] - text_width(flow.metrics, line, size)) / 2.0,
                    };
                    let ly = top - CELL_PAD - (k as f32) * line_h - size * 1.05;
                    items.push(Item::Text { x: lx, y: ly, size, text: line.clone() });
                }
                x += widths[i];
            }
            items.push(Item::Line { x1: x, y1: top, x2: x, y2: top - h, width: 0.6 });
            flow.page().items.extend(items);
            flow.y -= h;
        };
        self.ensure(header_h + rows.first().map_or(0.0, |r| wrap(self, r).1));
        for (cells, h) in &header_rows {
            draw_row(self, cells, *h);
        }
        let tail_start = rows.len().saturating_sub(tail);
        let tail_h: f32 = if tail == 0 { 0.0 } else { rows[tail_start..].iter().map(|r| wrap(self, r).1).sum() };
        let fresh_page = self.height - self.margins.top - bottom - header_h;
        for (i, row) in rows.iter().enumerate() {
            let (cells, h) = wrap(self, row);
            let needed = if i == tail_start && tail > 0 && tail_h <= fresh_page { tail_h } else { h };
            if self.y - needed < bottom {
                self.new_page();
                for (cells, hh) in &header_rows {
                    draw_row(self, cells, *hh);
                }
            }
            draw_row(self, &cells, h);
        }
    }

    /// Adds the header mark and "第 P 页 共 N 页" to every page and returns them.
    /// `fingerprint`, when given, is printed small under the page number.
    pub fn finish(mut self, mark: &str, fingerprint: Option<&str>) -> Vec<Page> {
        let n = self.pages.len();
        let metrics = self.metrics;
        let margins = self.margins;
        for (i, page) in self.pages.iter_mut().enumerate() {
            let footer = format!("第 {} 页 共 {} 页", i + 1, n);
            let w = text_width(metrics, &footer, 9.0);
            page.items.push(Item::Text { x: (page.width - w) / 2.0, y: margins.bottom / 2.0, size: 9.0, text: footer });
            if let Some(fp) = fingerprint {
                let line = format!("文档指纹（SHA-256）：{fp}");
                let w = text_width(metrics, &line, 6.5);
                page.items.push(Item::Text { x: (page.width - w) / 2.0, y: margins.bottom / 2.0 - 12.0, size: 6.5, text: line });
            }
            if !mark.is_empty() {
                let w = text_width(metrics, mark, 9.0);
                page.items.push(Item::Text { x: page.width - margins.right - w, y: page.height - margins.top / 2.0, size: 9.0, text: mark.to_owned() });
            }
        }
        self.pages
    }

    /// A canonical text of everything laid out so far (positions to 0.01 pt; images by the
    /// digest the caller gives), from which the document fingerprint is computed.
    pub fn canonical(&self, image_digest: &dyn Fn(usize) -> String) -> String {
        let mut out = String::new();
        for (i, page) in self.pages.iter().enumerate() {
            out.push_str(&format!("P {i} {:.2} {:.2}\n", page.width, page.height));
            for item in &page.items {
                let line = match item {
                    Item::Text { x, y, size, text } => format!("T {x:.2} {y:.2} {size:.2} {text}"),
                    Item::Line { x1, y1, x2, y2, width } => format!("L {x1:.2} {y1:.2} {x2:.2} {y2:.2} {width:.2}"),
                    Item::Image { x, y, w, h, image } => format!("I {x:.2} {y:.2} {w:.2} {h:.2} {}", image_digest(*image)),
                    Item::Rect { x, y, w, h } => format!("R {x:.2} {y:.2} {w:.2} {h:.2}"),
                };
                out.push_str(&line);
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CJK one em, everything else half an em: the shape of a real CJK font.
    struct Fixed;
    impl Metrics for Fixed {
        fn advance(&self, c: char, size: f32) -> f32 {
            if c.is_ascii() { size / 2.0 } else { size }
        }
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Five characters fit; the sixth is "，", so "论" moves down with it.
        let lines = break_lines(&Fixed, "建设方案论，证充分", 10.0, 50.0);
        assert_eq!(lines, ["建设方案", "论，证充分"]);
        assert!(lines.iter().all(|l| !l.starts_with(|c| NO_START.contains(c))));
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        // Three characters a line: "《" would end the first line, so it moves down; "》" would
        // start the third, so "引" comes with it.
        let lines = break_lines(&Fixed, "依据《指引》执行", 10.0, 30.0);
        assert_eq!(lines, ["依据", "《指", "引》执", "行"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let lines = break_lines(&Fixed, "投入2026万元", 10.0, 40.0);
        assert_eq!(lines, ["投入2026", "万元"]);
        let long = break_lines(&Fixed, "ABCDEFGHIJ", 10.0, 20.0);
        assert_eq!(long, ["ABCD", "EFGH", "IJ"]);
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page() {
        let mut flow = Flow::new(&Fixed);
        let cols = [Column { width: 1.0, align: Align::Center }, Column { width: 4.0, align: Align::Left }];
        let header = vec![vec!["序号".to_owned(), "事项".to_owned()]];
        let rows: Vec<Vec<String>> = (1..=80).map(|i| vec![i.to_string(), format!("第{i}项整改")]).collect();
        flow.table(&cols, &header, &text_rows(rows), 10.5);
        let pages = flow.finish("内部资料", Some("ABCD"));
        assert!(pages.len() >= 2);
        for (i, page) in pages.iter().enumerate() {
            let texts: Vec<&str> = page.items.iter().filter_map(|it| if let Item::Text { text, .. } = it { Some(text.as_str()) } else { None }).collect();
            assert!(texts.contains(&"序号"), "page {i} lacks the header");
            assert!(texts.contains(&format!("第 {} 页 共 {} 页", i + 1, pages.len()).as_str()));
            // Nothing is drawn into the bottom margin except the footer.
            for it in &page.items {
                if let Item::Text { y, size, .. } = it {
                    let bottom = Margins::FORMS.bottom;
                    assert!(*y >= bottom / 2.0 - 12.01 && (*size < 10.0 || *y >= bottom - 1.0), "{it:?}");
                }
            }
        }
    }
}
