//! Verifying what a department receives, many files at a time: one row per file (signer, issuer,
//! verdict, fingerprints, signing time), the worst verdict deciding the command line's exit code,
//! and the table as an Excel workbook for the clerk's records.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use serde::Serialize;

use crate::workbook::xlsx_err;
use crate::{display_signing_time, verify, ExportError, VerdictStatus};

/// The largest file read for verification; a signed review document is a few MB at most.
pub const MAX_VERIFY_BYTES: u64 = 512 * 1024 * 1024;

/// One verified file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchRow {
    /// The file name (the folder is the same for every row of a folder).
    pub file: String,
    pub path: String,
    /// `trusted`, `untrusted`, `revoked`, `outside_validity` or `invalid`.
    pub status: String,
    /// The short word: 可信, 证书不受信任…
    pub verdict: String,
    pub message: String,
    pub signer: String,
    pub issuer: String,
    pub certificate_fingerprint: String,
    pub signed_at: String,
    pub document_fingerprint: String,
    #[serde(skip)]
    pub verdict_status: Option<VerdictStatus>,
}

/// The files to check: each file as given, and each folder's PDF files (not its subfolders), by
/// name. A path that does not exist is an error naming it.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ExportError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| ExportError::Io(format!("找不到「{}」：{e}", path.display())))?;
        if meta.is_dir() {
            let mut pdfs: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| ExportError::Io(format!("无法读取文件夹「{}」：{e}", path.display())))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
                .collect();
            pdfs.sort();
            files.extend(pdfs);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Verifies one file against `trust`. A file that cannot be read is a row saying so (status
/// invalid), so one bad file does not hide the verdicts on the others.
pub fn verify_file(path: &Path, trust: &tic_sign::TrustStore) -> BatchRow {
    let file = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let unreadable = |message: String| BatchRow {
        file: file.clone(),
        path: path.display().to_string(),
        status: VerdictStatus::Invalid.code().into(),
        verdict: "无法读取".into(),
        message,
        signer: String::new(),
        issuer: String::new(),
        certificate_fingerprint: String::new(),
        signed_at: String::new(),
        document_fingerprint: String::new(),
        verdict_status: Some(VerdictStatus::Invalid),
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_VERIFY_BYTES => return unreadable(format!("文件过大（{} MB）", m.len() / 1024 / 1024)),
        Err(e) => return unreadable(format!("无法读取：{e}")),
        Ok(_) => {}
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return unreadable(format!("无法读取：{e}")),
    };
    let verdict = verify(&bytes, trust);
    let v = verdict.signature.as_ref();
    let earlier = v.map_or(0, |v| v.earlier.len());
    let mut message = if earlier > 0 { format!("{}文件另有 {earlier} 个此前的签名，均完好。", verdict.message) } else { verdict.message.clone() };
    if let Some(detail) = &verdict.detail {
        message.push_str(&format!("（详情：{detail}）"));
    }
    BatchRow {
        file,
        path: path.display().to_string(),
        status: verdict.status.code().into(),
        verdict: verdict.status.label().into(),
        message,
        signer: v.map(|v| v.signer.holder.clone()).unwrap_or_default(),
        issuer: v.map(|v| format!("{}{}", v.signer.issuer_holder, if v.signer.self_issued { "（自签发）" } else { "" })).unwrap_or_default(),
        certificate_fingerprint: v.map(|v| v.signer.fingerprint.clone()).unwrap_or_default(),
        signed_at: v.map(display_signing_time).unwrap_or_default(),
        document_fingerprint: v.map(|v| v.fingerprint.clone()).unwrap_or_default(),
        verdict_status: Some(verdict.status),
    }
}

/// The worst verdict of a batch decides: any file changed or unreadable → 1; otherwise any not
/// trusted, revoked or outside validity → 3; all trusted → 0.
pub fn exit_code(rows: &[BatchRow]) -> i32 {
    let codes = rows.iter().map(|r| r.verdict_status.map_or(1, VerdictStatus::exit_code));
    if codes.clone().any(|c| c == 1) {
        1
    } else {
        codes.max().unwrap_or(0)
    }
}

/// The batch as a workbook: one sheet 验证结果 with a row per file.
pub fn batch_workbook(rows: &[BatchRow], checked_at: &str) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let ws = book.add_worksheet();
    ws.set_name("验证结果").map_err(xlsx_err)?;
    ws.write_string(0, 0, format!("签名文件验证结果（验证时间 {checked_at}，共 {} 个文件）", rows.len())).map_err(xlsx_err)?;
    let header = ["文件", "结论", "签名人", "证书颁发者", "签名时间", "证书指纹", "文档指纹", "说明"];
    for (k, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, k as u16, *h, &head).map_err(xlsx_err)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        for (c, value) in [&row.file, &row.verdict, &row.signer, &row.issuer, &row.signed_at, &row.certificate_fingerprint, &row.document_fingerprint, &row.message]
            .into_iter()
            .enumerate()
        {
            ws.write_string_with_format(r, c as u16, value, &cell).map_err(xlsx_err)?;
        }
    }
    ws.autofilter(2, 0, 2 + rows.len() as u32, (header.len() - 1) as u16).map_err(xlsx_err)?;
    for (col, width) in [(0, 36), (1, 16), (2, 12), (3, 30), (4, 26), (5, 42), (6, 24), (7, 60)] {
        ws.set_column_width(col, width).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}
