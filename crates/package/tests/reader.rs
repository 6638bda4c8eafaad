//! The package reader against hostile input. The property tests are the fuzz target: they run
//! 256 cases each in `cargo test`; for a longer run, `PROPTEST_CASES=100000 cargo test --release
//! -p tic-package --test reader` (see docs/package-format.md).

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::sync::OnceLock;

use proptest::prelude::*;
use tic_package::{
    read_package, AnswerPart, DeclarationPart, OpinionPart, PackageError, PackageKind, SeatPart, SheetPackage, SheetPart,
    SiteVisitPart,
};
use tic_sign::Identity;

fn identity() -> &'static Identity {
    static IDENTITY: OnceLock<Identity> = OnceLock::new();
    IDENTITY.get_or_init(|| Identity::generate("高丽娟", "中国农业科学院草原研究所").unwrap())
}

fn sheet() -> SheetPackage {
    SheetPackage {
        review_uid: "0123456789abcdef0123456789abcdef".into(),
        created_at: "2026-11-20T10:00:00+08:00".into(),
        sheet: SheetPart {
            seat: SeatPart { seat: 1, name: "高丽娟".into(), affiliation: "中国农业科学院草原研究所".into() },
            status: "submitted".into(),
            revision: 1,
            declaration: DeclarationPart {
                conflict: "none".into(),
                reason: String::new(),
                pledge_signed_at: "2026-11-20T09:00:00Z".into(),
                declared_at: "2026-11-20T09:00:00Z".into(),
            },
            answers: vec![AnswerPart { criterion: "nm.c.A1".into(), points: Some("7.5".into()), yes_no: None, comment: "佐证不足".into() }],
            opinion: OpinionPart::default(),
            revisions: vec![tic_package::RevisionPart {
                number: 1,
                reason: "首次提交".into(),
                submitted_at: "2026-11-20T10:00:00Z".into(),
                answers: vec![],
                opinion: OpinionPart::default(),
            }],
            reopenings: vec![],
            rounds: vec![],
        },
        site_visit: SiteVisitPart::default(),
        photos: BTreeMap::new(),
        hand_signature: None,
    }
}

fn valid() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| sheet().write(identity()).unwrap())
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (f.name().to_owned(), data)
        })
        .collect()
}

#[test]
fn a_package_reads_back_as_written_with_its_signer() {
    let (package, signer, sha) = SheetPackage::read(valid()).unwrap();
    assert_eq!(package, sheet());
    assert_eq!(signer.summary.holder, "高丽娟");
    assert_eq!(sha.len(), 64);
    assert_eq!(SheetPackage::read(valid()).unwrap().2, sha, "the same file has the same manifest digest");
}

#[test]
fn a_newer_major_version_is_refused_by_name() {
    let files = entries(valid());
    let current = format!("\"format_version\": \"{}\"", tic_package::FORMAT_VERSION);
    assert!(String::from_utf8(files[0].1.clone()).unwrap().contains(&current));
    let manifest = String::from_utf8(files[0].1.clone()).unwrap().replace(&current, "\"format_version\": \"2.0\"");
    let mut files: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    files[0].1 = manifest.as_bytes();
    let err = read_package(&zip_of(&files), PackageKind::ScoreSheet).unwrap_err();
    assert_eq!(err, PackageError::NewerVersion { found: "2.0".into(), supported: 1 });
    assert!(err.to_string().contains("更新版本的 TIC Review 生成（格式版本 2.0）"), "{err}");
}

#[test]
fn a_newer_minor_version_is_read() {
    // A 1.9 manifest may carry fields this build does not know; signed by the sender, it is read.
    let files = entries(valid());
    let current = format!("\"format_version\": \"{}\"", tic_package::FORMAT_VERSION);
    let manifest = String::from_utf8(files[0].1.clone()).unwrap().replace(&current, "\"format_version\": \"1.9\", \"device\": \"专家笔记本\"");
    assert!(manifest.contains("1.9"), "the manifest was rewritten");
    let signature = tic_sign::sign_detached(manifest.as_bytes(), identity()).unwrap();
    let mut files: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    files[0].1 = manifest.as_bytes();
    files[1].1 = &signature;
    let (package, _, _) = SheetPackage::read(&zip_of(&files)).unwrap();
    assert_eq!(package.sheet, sheet().sheet);
}

#[test]
fn hostile_archives_are_refused_with_the_reason() {
    let files = entries(valid());
    let listed: Vec<(&str, &[u8])> = files.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    let check = |bytes: Vec<u8>, needle: &str| {
        let err = read_package(&bytes, PackageKind::ScoreSheet).unwrap_err().to_string();
        assert!(err.contains(needle), "expected 「{needle}」 in 「{err}」");
    };
    // Path traversal and absolute names.
    for name in ["../../etc/passwd", "/tmp/x.json", "photos/../../x.jpg", "..\\sheet.json"] {
        let mut with = listed.clone();
        with.push((name, b"x"));
        check(zip_of(&with), "不允许的文件名");
    }
    // A file the signed manifest does not list.
    let photo = format!("photos/{}.jpg", "ab".repeat(32));
    let mut extra = listed.clone();
    extra.push((photo.as_str(), b"\xFF\xD8\xFF"));
    check(zip_of(&extra), "不在签名的清单中");
    // No signature, or no manifest.
    check(zip_of(&listed.iter().filter(|(n, _)| *n != "signature.p7s").cloned().collect::<Vec<_>>()), "缺少签名文件");
    check(zip_of(&listed.iter().filter(|(n, _)| *n != "manifest.json").cloned().collect::<Vec<_>>()), "缺少清单文件");
    // A listed file missing.
    check(zip_of(&listed.iter().filter(|(n, _)| *n != "site-visit.json").cloned().collect::<Vec<_>>()), "不在包内");
    // The manifest itself changed after signing.
    let mut changed = listed.clone();
    let manifest = String::from_utf8(files[0].1.clone()).unwrap().replace("TIC Review", "TIC Reviex");
    changed[0].1 = manifest.as_bytes();
    check(zip_of(&changed), "签名无效");
    // Truncated, empty, and not a ZIP.
    check(valid()[..valid().len() - 40].to_vec(), "ZIP");
    check(Vec::new(), "ZIP");
    check(b"%PDF-1.7".to_vec(), "ZIP");
    // The wrong kind.
    let err = read_package(valid(), PackageKind::Review).unwrap_err();
    assert_eq!(err, PackageError::WrongKind { wanted: "评审包", found: "评分包" });
}

#[test]
fn oversized_entries_are_refused_before_they_are_read() {
    // 17 MB of zeros compresses to a few KB: the declared size is what counts.
    let big = vec![0u8; 17 * 1024 * 1024];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("sheet.json", zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).unwrap();
    zip.write_all(&big).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024);
    let err = read_package(&bytes, PackageKind::ScoreSheet).unwrap_err();
    assert!(matches!(err, PackageError::TooLarge(_)), "{err}");
    assert!(err.to_string().contains("「sheet.json」展开后 17.0 MB"), "{err}");
}

#[test]
fn a_file_over_the_package_size_limit_is_refused_for_its_size_before_it_is_read() {
    let limit = tic_package::MAX_PACKAGE_BYTES as usize;
    // A valid package padded with zeros after its end: at the limit it is read as it was
    // signed; one byte or one megabyte more is refused for its size.
    let padded = |len: usize| {
        let mut bytes = valid().to_vec();
        bytes.resize(len, 0);
        read_package(&bytes, PackageKind::ScoreSheet)
    };
    assert_eq!(padded(limit).expect("read at the limit").manifest.review_uid, "0123456789abcdef0123456789abcdef");
    let err = padded(limit + 1).unwrap_err();
    assert!(matches!(err, PackageError::TooLarge(_)), "{err}");
    assert_eq!(padded(limit + 1024 * 1024).unwrap_err().to_string(), "交换包过大：文件大小 257.0 MB，超过 256.0 MB 的上限");
}

#[test]
fn an_archive_with_more_entries_than_the_limit_is_refused_for_its_count() {
    let names: Vec<String> = (0..=tic_package::MAX_ENTRIES).map(|i| format!("photos/{i:064x}.jpg")).collect();
    let archive = |count: usize| {
        let files: Vec<(&str, &[u8])> = names[..count].iter().map(|n| (n.as_str(), b"x".as_slice())).collect();
        read_package(&zip_of(&files), PackageKind::ScoreSheet).unwrap_err()
    };
    // At the limit the entries are read, and the archive is refused for what it lacks.
    assert_eq!(archive(tic_package::MAX_ENTRIES).to_string(), "不是 TIC Review 交换包：缺少清单文件 manifest.json");
    assert_eq!(archive(tic_package::MAX_ENTRIES + 1).to_string(), "交换包过大：包内有 1001 个文件，超过 1000 个的上限");
}

proptest! {
    /// Any change of any byte leaves the reader either refusing with a message or (where the byte
    /// was in a part ZIP ignores, such as a comment or timestamp) returning exactly the content
    /// that was signed. It never panics and never returns something else.
    #[test]
    fn a_changed_byte_is_refused_or_harmless(at in 0usize..4096, xor in 1u8..=255) {
        let mut bytes = valid().to_vec();
        let at = at % bytes.len();
        bytes[at] ^= xor;
        if let Ok((package, signer, _)) = SheetPackage::read(&bytes) {
            prop_assert_eq!(package, sheet());
            prop_assert_eq!(signer.summary.holder, "高丽娟");
        }
    }

    #[test]
    fn a_truncated_package_is_refused(keep in 0usize..4096) {
        let keep = keep % valid().len();
        prop_assert!(SheetPackage::read(&valid()[..keep]).is_err());
    }

    #[test]
    fn arbitrary_bytes_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        prop_assert!(read_package(&bytes, PackageKind::ScoreSheet).is_err());
    }

    /// Archives built from arbitrary names and contents: refused unless they are a signed package.
    #[test]
    fn arbitrary_archives_are_refused(
        names in proptest::collection::vec("[a-z./\\\\]{1,24}", 1..6),
        data in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 6),
    ) {
        let files: Vec<(&str, &[u8])> = names.iter().zip(&data).map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut seen = std::collections::HashSet::new();
        for (name, d) in files {
            if seen.insert(name) && zip.start_file(name, zip::write::SimpleFileOptions::default()).is_ok() {
                zip.write_all(d).unwrap();
            }
        }
        let bytes = zip.finish().unwrap().into_inner();
        prop_assert!(read_package(&bytes, PackageKind::ScoreSheet).is_err());
    }
}

#[test]
fn openssl_verifies_the_manifest_signature_as_the_format_document_says() {
    let dir = tempfile::tempdir().unwrap();
    let files = entries(valid());
    let manifest = dir.path().join("manifest.json");
    let signature = dir.path().join("signature.p7s");
    std::fs::write(&manifest, &files[0].1).unwrap();
    std::fs::write(&signature, &files[1].1).unwrap();
    let verify = |content: &std::path::Path| {
        std::process::Command::new("openssl")
            .args(["cms", "-verify", "-binary", "-inform", "DER", "-noverify", "-out", "/dev/null", "-in"])
            .arg(&signature)
            .arg("-content")
            .arg(content)
            .output()
            .expect("openssl is installed (scripts/install-deps.sh)")
    };
    let ok = verify(&manifest);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    let changed = dir.path().join("changed.json");
    std::fs::write(&changed, String::from_utf8(files[0].1.clone()).unwrap().replace("score-sheet", "review")).unwrap();
    assert!(!verify(&changed).status.success());
}
