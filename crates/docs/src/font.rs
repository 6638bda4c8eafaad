//! The one typeface of every document: Noto Serif CJK SC (SIL OFL 1.1), a Song-style face as
//! official documents use. It is not built into the program: the package depends on the system's
//! copy (Debian, Ubuntu, Kylin and UOS ship it as `fonts-noto-cjk`, Fedora as
//! `google-noto-serif-cjk-*`), which keeps the installer small (the face alone is 24 MB) and lets
//! the system's font updates reach the documents. It is found once per process, parsed and
//! subsetted into each PDF; without it no document is written and the message names the package.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::tables::{FontTableProvider, NameTable};
use allsorts::tag;
use printpdf::ParsedFont;

use crate::layout::Metrics;
use crate::DocError;

/// The family every document is set in; in a collection (`.ttc`) the face with this name is used.
pub const FAMILY: &str = "Noto Serif CJK SC";

/// Overrides the search: a font file holding the face (for a system that keeps it elsewhere).
pub const FONT_ENV: &str = "TIC_REVIEW_FONT";

/// Where distributions install the face, most common first.
const SYSTEM_PATHS: &[&str] = &[
    // Debian, Ubuntu, Kylin, UOS: fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    // Fedora, openEuler: google-noto-serif-cjk-fonts / google-noto-serif-cjk-ttc-fonts
    "/usr/share/fonts/google-noto-serif-cjk-fonts/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-serif-cjk-ttc/NotoSerifCJK-Regular.ttc",
    // Arch: noto-fonts-cjk
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    // The single-language face, where a system installs that instead.
    "/usr/share/fonts/opentype/noto/NotoSerifCJKsc-Regular.otf",
];

pub struct DocFont {
    pub parsed: ParsedFont,
    /// The file the face was read from, for the document's diagnostics and the help page.
    pub path: PathBuf,
    units_per_em: f32,
}

/// The message when no usable face is found: what to install, and where it was looked for.
fn missing_message(tried: &[String]) -> String {
    format!(
        "未找到文书字体“{FAMILY}”，无法生成文书。请安装字体软件包（Debian/Ubuntu/麒麟/统信：fonts-noto-cjk；\
         Fedora：google-noto-serif-cjk-fonts），或用环境变量 {FONT_ENV} 指定字体文件。已查找：{}",
        tried.join("；")
    )
}

/// The face, loaded on first use; the error names what is missing.
pub fn try_font() -> Result<&'static DocFont, DocError> {
    static FONT: OnceLock<Result<DocFont, String>> = OnceLock::new();
    FONT.get_or_init(load).as_ref().map_err(|message| DocError::FontMissing(message.clone()))
}

/// The face, for layout code that runs only after `check_glyphs` (and so `try_font`) succeeded.
pub fn font() -> &'static DocFont {
    try_font().expect("documents check the font before laying out")
}

fn candidates() -> Vec<PathBuf> {
    match std::env::var_os(FONT_ENV) {
        Some(path) if !path.is_empty() => vec![PathBuf::from(path)],
        _ => {
            let mut paths: Vec<PathBuf> = SYSTEM_PATHS.iter().map(PathBuf::from).collect();
            paths.extend(fontconfig_file().filter(|p| !paths.contains(p)));
            paths
        }
    }
}

/// Where fontconfig (present wherever GTK is) keeps the face, for a distribution whose path is not
/// in the list. It may answer with a substitute; the face is then not found in it by name and the
/// file is listed among those tried.
pub fn fontconfig_file() -> Option<PathBuf> {
    let out = std::process::Command::new("fc-match").args(["--format=%{file}", &format!("{FAMILY}:style=Regular")]).output().ok()?;
    let path = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !path.trim().is_empty()).then(|| PathBuf::from(path.trim()))
}

fn load() -> Result<DocFont, String> {
    let mut tried = Vec::new();
    for path in candidates() {
        match load_from(&path) {
            Ok(font) => return Ok(font),
            Err(why) => tried.push(format!("{}（{why}）", path.display())),
        }
    }
    Err(missing_message(&tried))
}

/// Reads the face named `FAMILY` from a font file or collection.
pub fn load_from(path: &Path) -> Result<DocFont, String> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "不存在".to_owned(),
        _ => format!("无法读取：{e}"),
    })?;
    let index = face_index(&bytes, FAMILY).ok_or_else(|| format!("其中没有“{FAMILY}”字形"))?;
    let parsed = ParsedFont::from_bytes(&bytes, index, &mut Vec::new()).ok_or_else(|| "字体文件已损坏".to_owned())?;
    let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
    Ok(DocFont { parsed, path: path.to_owned(), units_per_em })
}

/// The index of the face whose family is `family` (a `.ttc` holds the Japanese, Korean, Simplified
/// and Traditional faces; their order differs between builds, so it is read, not assumed).
pub fn face_index(bytes: &[u8], family: &str) -> Option<usize> {
    let file = ReadScope::new(bytes).read::<FontData<'_>>().ok()?;
    let count = match &file {
        FontData::OpenType(otf) => match &otf.data {
            allsorts::tables::OpenTypeData::Collection(ttc) => ttc.offset_tables.len(),
            allsorts::tables::OpenTypeData::Single(_) => 1,
        },
        _ => 1,
    };
    (0..count).find(|&index| {
        let Ok(provider) = file.table_provider(index) else { return false };
        let Ok(data) = provider.read_table_data(tag::NAME) else { return false };
        let Ok(name) = ReadScope::new(&data).read::<NameTable<'_>>() else { return false };
        [NameTable::TYPOGRAPHIC_FAMILY_NAME, NameTable::FONT_FAMILY_NAME]
            .iter()
            .any(|&id| name.string_for_id(id).as_deref() == Some(family))
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
