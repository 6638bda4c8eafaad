//! `tic-review export-demo` and `tic-review verify`: every document type and the workbook of the
//! finished demo review, checked with poppler (pdftotext, pdfinfo, pdfsig) and read back with an
//! xlsx reader.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tic-review"));
    command.env("TIC_REVIEW_KEY", crate::TEST_KEY_HEX);
    command
}

fn export(dir: &Path) -> Vec<PathBuf> {
    let out = bin().args(["export-demo", "--out"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn named<'a>(files: &'a [PathBuf], part: &str) -> &'a Path {
    files.iter().find(|f| f.to_string_lossy().contains(part)).unwrap_or_else(|| panic!("no file named like {part}: {files:?}"))
}

#[test]
fn every_document_is_exported_signed_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let files = export(dir.path());
    // 专家组意见, 汇总表, 签到表, 考察记录, five 个人评分表, the workbook, the signed 日志存证 and
    // the demo department's root certificate.
    assert_eq!(files.len(), 12, "{files:?}");
    let root = named(&files, "根证书.cer");
    let pdfs: Vec<&PathBuf> = files.iter().filter(|f| f.extension().is_some_and(|e| e == "pdf")).collect();
    assert_eq!(pdfs.len(), 9);
    for pdf in &pdfs {
        let p = pdf.to_str().unwrap();
        let (_, sig) = tool("pdfsig", &[p]);
        assert!(sig.contains("Signature is Valid") && sig.contains("Total document signed"), "{p}: {sig}");
        let out = bin().arg("verify").arg("--trust").arg(root).arg(pdf).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{p}: {text}");
        assert!(text.starts_with("可信（由「内蒙古自治区科学技术厅（演示）评审签名根证书」签发）"), "{text}");
        assert!(text.contains("签名人：孟庆华"), "{text}");
        // The fingerprint printed on the pages is the one the signed file records.
        let fingerprint = text.lines().find_map(|l| l.strip_prefix("文档指纹：")).unwrap().replace(' ', "");
        let (_, pages) = tool("pdftotext", &[p, "-"]);
        let flat: String = pages.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(&format!("文档指纹（SHA-256）：{fingerprint}")), "{p}");
        let size = std::fs::metadata(pdf).unwrap().len();
        let photos = p.contains("实地考察记录");
        assert!(size < if photos { 1_500_000 } else { 300_000 }, "{p}: {size} bytes");
        let (_, info) = tool("pdfinfo", &[p]);
        let count: usize = info.lines().find(|l| l.starts_with("Pages:")).unwrap()[6..].trim().parse().unwrap();
        assert!((1..=3).contains(&count), "{p}: {count} pages");
    }
    let summary = named(&files, "专家评分汇总表");
    let (_, layout) = tool("pdftotext", &["-layout", summary.to_str().unwrap(), "-"]);
    let total = layout.lines().find(|l| l.contains("合计")).unwrap();
    let numbers: Vec<&str> = total.split_whitespace().skip(1).collect();
    // Per expert: 100 less 5.0, 5.0, 7.5, 5.5 and 7.0 points of deductions (see the workbook
    // test for the arithmetic); the trimmed-mean total is 94.67.
    assert_eq!(numbers, ["100", "95", "95", "92.5", "94.5", "93", "94.67"], "{total}");
    let visit = named(&files, "实地考察记录");
    let (_, text) = tool("pdftotext", &[visit.to_str().unwrap(), "-"]);
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for needle in ["种质资源库运行规范", "图1种质资源库（高丽娟", "图2种子加工检验车间"] {
        assert!(flat.contains(needle), "{needle}");
    }
}

#[test]
fn a_tampered_or_extended_file_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let files = export(dir.path());
    let original = std::fs::read(named(&files, "专家组意见")).unwrap();
    let check = |bytes: &[u8]| {
        let path = dir.path().join("checked.pdf");
        std::fs::write(&path, bytes).unwrap();
        let out = bin().arg("verify").arg(&path).output().unwrap();
        let (_, sig) = tool("pdfsig", &[path.to_str().unwrap()]);
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), sig)
    };
    let (code, text, sig) = check(&original);
    assert_eq!(code, Some(3), "intact, but without --trust nobody vouches for the signer: {text}");
    assert!(text.starts_with("签名完好但证书不受信任（签发者未知）"), "{text}");
    assert!(sig.contains("Signature is Valid"));

    let mut flipped = original.clone();
    flipped[original.len() / 3] ^= 0x01;
    let (code, text, sig) = check(&flipped);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("签名无效"), "{text}");
    assert!(!sig.contains("Signature is Valid"), "{sig}");

    let mut appended = original.clone();
    appended.extend_from_slice(b"\n%%EOF\n");
    let (code, text, sig) = check(&appended);
    assert_eq!(code, Some(1));
    assert!(text.contains("没有覆盖整个文件"), "{text}");
    assert!(sig.contains("Not total document signed"), "{sig}");

    let (code, text, _) = check(b"%PDF-1.7\nnot signed\n%%EOF\n");
    assert_eq!(code, Some(1));
    assert!(text.contains("没有数字签名"), "{text}");
}

/// The clerk's batch: a folder of documents, one tampered, judged against the demo root; JSON
/// and Excel rows; the worst verdict decides the exit code; bad usage is exit 2.
#[test]
fn a_folder_is_verified_in_one_run_with_one_row_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = export(dir.path());
    let root = named(&files, "根证书.cer").to_owned();
    let run = |args: &[&std::ffi::OsStr]| {
        let out = bin().arg("verify").args(args).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, json, _) = run(&["--json".as_ref(), "--trust".as_ref(), root.as_os_str(), dir.path().as_os_str()]);
    assert_eq!(code, Some(0), "{json}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.len(), 9, "only the PDFs of the folder");
    assert!(rows.iter().all(|r| r["status"] == "trusted" && r["signer"] == "孟庆华" && r["issuer"] == "内蒙古自治区科学技术厅（演示）评审签名根证书"), "{json}");
    assert!(rows.iter().all(|r| r["signed_at"].as_str().is_some_and(|t| t.len() == "2026-12-01 21:51:05 +08:00".len())), "{json}");

    let (code, text, _) = run(&[dir.path().as_os_str()]);
    assert_eq!(code, Some(3), "no trusted root: {text}");
    assert_eq!(text.matches("】证书不受信任").count(), 9, "{text}");

    let mut changed = std::fs::read(named(&files, "专家组意见")).unwrap();
    let at = changed.len() / 3;
    changed[at] ^= 0x01;
    std::fs::write(dir.path().join("changed.pdf"), changed).unwrap();
    let book = dir.path().join("report.xlsx");
    let (code, _, _) = run(&["--trust".as_ref(), root.as_os_str(), "--xlsx".as_ref(), book.as_os_str(), dir.path().as_os_str()]);
    assert_eq!(code, Some(1), "one changed file makes the batch fail");
    let mut workbook: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let sheet = workbook.worksheet_range("验证结果").unwrap();
    let verdicts: Vec<String> = (3..13).map(|r| sheet.get((r, 1)).map(|c| c.to_string()).unwrap_or_default()).collect();
    assert_eq!(verdicts.iter().filter(|v| *v == "可信").count(), 9, "{verdicts:?}");
    assert_eq!(sheet.get((3, 0)).map(|c| c.to_string()).as_deref(), Some("changed.pdf"));
    assert_eq!(verdicts[0], "文件被改动或签名无效");

    let (code, _, err) = run(&["--trust".as_ref(), dir.path().join("missing.cer").as_os_str(), dir.path().as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("missing.cer"), "{err}");
    let (code, _, _) = run(&[]);
    assert_eq!(code, Some(2), "no file given");
    // A person's certificate offered as a root is refused by name.
    let (code, _, err) = run(&["--trust".as_ref(), named(&files, "专家组意见").as_os_str(), dir.path().as_os_str()]);
    assert_eq!(code, Some(2), "{err}");
}

#[test]
fn the_workbook_holds_the_matrix_statistics_and_conclusion() {
    let dir = tempfile::tempdir().unwrap();
    let files = export(dir.path());
    let mut book: Xlsx<_> = calamine::open_workbook(named(&files, ".xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["评分汇总", "统计", "结论", "合规检查"]);
    let matrix = book.worksheet_range("评分汇总").unwrap();
    let cell = |r: u32, c: u32| matrix.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(2, 3), Data::String("孟庆华".into()));
    // Criterion 1 (max 8): deductions 0, 0.5, 1.0, 0, 0.5 → 8, 7.5, 7, 8, 7.5; trimmed mean of
    // 7.5, 7.5, 8 = 7.67 (exactly 23/3, written to the hundredth).
    assert_eq!(cell(3, 1), Data::String("产业聚焦".into()));
    let row1: Vec<Data> = (2..=8).map(|c| cell(3, c)).collect();
    assert_eq!(row1, [8.0, 8.0, 7.5, 7.0, 8.0, 7.5, 7.67].map(Data::Float));
    // Totals: each expert deducts cyclically (tenths) 孟 [0,5,0,10], 高 [5,0,5,5], 赵 [10,5,0,5],
    // 乌 [0,10,5,0], 钱 [5,5,10,0] over 14 scored criteria (positions 0–3 occur 4, 4, 3, 3 times):
    // 孟 4·5 + 3·10 = 50, 高 4·5 + 3·5 + 3·5 = 50, 赵 4·10 + 4·5 + 3·5 = 75, 乌 4·10 + 3·5 = 55,
    // 钱 4·5 + 4·5 + 3·10 = 70 tenths. Trimmed deductions per position: 10/3, 5, 10/3, 10/3
    // tenths, so the total is 100 − (4·10/3 + 4·5 + 3·10/3 + 3·10/3)/10 = 100 − 5.333… = 94.67.
    let total_row = (0..40).find(|r| cell(*r, 1) == Data::String("合计".into())).unwrap();
    let totals: Vec<Data> = (2..=8).map(|c| cell(total_row, c)).collect();
    assert_eq!(totals, [100.0, 95.0, 95.0, 92.5, 94.5, 93.0, 94.67].map(Data::Float));
    let conclusion = book.worksheet_range("结论").unwrap();
    let find = |label: &str| {
        (0..30).find(|r| conclusion.get_value((*r, 0)) == Some(&Data::String(label.into()))).and_then(|r| conclusion.get_value((r, 1)).cloned())
    };
    assert_eq!(find("汇总得分"), Some(Data::Float(94.67)));
    assert_eq!(find("否决项成立"), Some(Data::String("否".into())));
    assert_eq!(find("评分专家人数"), Some(Data::String("5".into())));
    let stats = book.worksheet_range("统计").unwrap();
    assert_eq!(stats.get_value((0, 3)), Some(&Data::String("中位数".into())));
    // Criterion 1's median of 7, 7.5, 7.5, 8, 8 is 7.5.
    assert_eq!(stats.get_value((1, 3)), Some(&Data::Float(7.5)));
}

#[test]
fn the_demo_exports_a_signed_audit_log_that_audit_verify_accepts_and_a_forged_copy_fails() {
    let dir = tempfile::tempdir().unwrap();
    let files = export(dir.path());
    let log = files.iter().find(|f| f.extension().is_some_and(|e| e == "ticlog")).expect("a .ticlog among the exports");
    let out = bin().arg("audit-verify").arg(log).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("签名有效：孟庆华") && text.contains("日志完整：共 "), "{text}");

    let forged = dir.path().join("forged.ticlog");
    std::fs::write(&forged, std::fs::read_to_string(log).unwrap().replacen("孟庆华", "孟庆中", 1)).unwrap();
    let out = bin().arg("audit-verify").arg(&forged).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("核验未通过：日志存证文件无法核验：签名无效"), "{}", String::from_utf8_lossy(&out.stdout));
}
