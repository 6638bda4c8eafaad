//! Signing and verifying real files, checked against poppler's `pdfsig` as well as our verifier.

use std::process::Command;

use tic_sign::{sign_pdf, verify_pdf, Identity, SignError, SignRequest};

/// A one-page PDF written by hand, with a correct cross-reference table.
pub(crate) fn minimal_pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        "<< /Length 35 >>\nstream\nBT /F1 12 Tf 72 712 Td (Hi) Tj ET\nendstream",
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

pub(crate) fn request() -> SignRequest<'static> {
    SignRequest {
        name: "张建国",
        reason: "专家组意见定稿",
        fingerprint: "1A2B 3C4D",
        when: chrono::DateTime::parse_from_rfc3339("2026-11-23T10:30:00+08:00").expect("date"),
    }
}

pub(crate) fn pdfsig(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).expect("write");
    let out = Command::new("pdfsig").arg(&path).output().expect("pdfsig (poppler-utils) is installed");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn a_signed_file_verifies_here_and_in_pdfsig() {
    let identity = Identity::generate("张建国", "内蒙古自治区科学技术厅").expect("identity");
    let signed = sign_pdf(&minimal_pdf(), &identity, &request()).expect("sign");
    let v = verify_pdf(&signed).expect("valid");
    assert_eq!(v.signer.holder, "张建国");
    assert!(v.signer.subject.contains("内蒙古自治区科学技术厅"));
    assert_eq!(v.fingerprint, "1A2B 3C4D");
    assert_eq!(v.signed_at, "D:20261123103000+08'00'");
    let report = pdfsig(&signed);
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("ETSI.CAdES.detached"), "{report}");
    assert!(report.contains("Total document signed"), "{report}");

    // The document information carries the signing time, the title and this program.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, &signed).expect("write");
    let out = Command::new("pdfinfo").arg("-isodates").arg(&path).output().expect("pdfinfo (poppler-utils)");
    // "Key:   value" lines, the padding made one space.
    let info: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    for line in [
        "CreationDate: 2026-11-23T10:30:00+08".to_owned(),
        "ModDate: 2026-11-23T10:30:00+08".to_owned(),
        "Title: 专家组意见定稿".to_owned(),
        format!("Producer: TIC Review {}", env!("CARGO_PKG_VERSION")),
        "Subject: 技术创新中心专家评审 · 文档指纹 1A2B 3C4D".to_owned(),
    ] {
        assert!(info.contains(&line), "{line} in {info:?}");
    }
}

#[test]
fn one_flipped_byte_breaks_the_signature() {
    let identity = Identity::generate("张建国", "").expect("identity");
    let signed = sign_pdf(&minimal_pdf(), &identity, &request()).expect("sign");
    // A byte of the original page content ("Hi" → "Hj").
    let mut tampered = signed.clone();
    let at = tampered.windows(4).position(|w| w == b"(Hi)").expect("content") + 2;
    tampered[at] = b'j';
    let err = verify_pdf(&tampered).expect_err("tampered");
    assert!(matches!(err, SignError::Invalid(ref m) if m.contains("摘要不符")), "{err}");
    let report = pdfsig(&tampered);
    assert!(!report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("Digest Mismatch"), "{report}");
    // A byte of the certificate carried in the signature: the ESS binding catches it (pdfsig
    // checks only the key, so this one is ours alone).
    let key = signed.windows(9).rposition(|w| w == b"/Contents").expect("contents");
    let hex_at = key + signed[key..].iter().position(|b| *b == b'<').expect("hex") + 1;
    let mut forged = signed.clone();
    forged[hex_at + 200] = if forged[hex_at + 200] == b'a' { b'b' } else { b'a' };
    assert!(verify_pdf(&forged).is_err());
    // A byte of the ECDSA signature value, the last bytes of the CMS structure before the padding.
    let hex_end = hex_at + signed[hex_at..].windows(8).position(|w| w == b"00000000").expect("padding");
    let mut forged = signed.clone();
    forged[hex_end - 10] = if forged[hex_end - 10] == b'a' { b'b' } else { b'a' };
    assert!(verify_pdf(&forged).is_err());
    let report = pdfsig(&forged);
    assert!(!report.contains("Signature is Valid"), "{report}");
}

#[test]
fn bytes_appended_after_signing_are_refused() {
    let identity = Identity::generate("张建国", "").expect("identity");
    let mut signed = sign_pdf(&minimal_pdf(), &identity, &request()).expect("sign");
    signed.extend_from_slice(b"\n% appended\n");
    let err = verify_pdf(&signed).expect_err("appended");
    assert!(err.to_string().contains("没有覆盖整个文件"), "{err}");
    // pdfsig only warns about it; our verifier is the stricter of the two.
    assert!(pdfsig(&signed).contains("Not total document signed"));
}

#[test]
fn an_unsigned_file_is_reported_as_such() {
    let err = verify_pdf(&minimal_pdf()).expect_err("unsigned");
    assert!(err.to_string().contains("没有数字签名"), "{err}");
    assert!(verify_pdf(b"not a pdf at all").is_err());
}

#[test]
fn a_sealed_identity_needs_its_passphrase() {
    let identity = Identity::generate("李梅", "广西大学").expect("identity");
    assert!(matches!(identity.seal("short"), Err(SignError::Identity(m)) if m.contains("至少 8 个字符")));
    let sealed = identity.seal("正确的口令2026").expect("seal");
    assert!(matches!(Identity::unseal(&sealed, "错误的口令2026"), Err(SignError::WrongPassphrase)));
    let opened = Identity::unseal(&sealed, "正确的口令2026").expect("unseal");
    assert_eq!(opened.summary(), identity.summary());
    // Signing with the reopened key verifies against the stored certificate.
    let signed = sign_pdf(&minimal_pdf(), &opened, &request()).expect("sign");
    assert_eq!(verify_pdf(&signed).expect("valid").signer.holder, "李梅");
}

#[test]
fn a_department_pkcs12_is_imported_and_signs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key = dir.path().join("key.pem");
    let cert = dir.path().join("cert.pem");
    let p12 = dir.path().join("id.p12");
    let run = |args: &[&str]| {
        let out = Command::new("openssl").args(args).output().expect("openssl");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let (k, c, p) = (key.to_str().expect("path"), cert.to_str().expect("path"), p12.to_str().expect("path"));
    run(&["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", k]);
    run(&["req", "-new", "-x509", "-key", k, "-out", c, "-days", "30", "-subj", "/CN=Dept Reviewer/O=Science Department"]);
    run(&["pkcs12", "-export", "-inkey", k, "-in", c, "-out", p, "-passout", "pass:dept-pass"]);
    let bytes = std::fs::read(&p12).expect("p12");
    assert!(matches!(Identity::from_pkcs12(&bytes, "wrong"), Err(SignError::Identity(m)) if m.contains("证书文件的密码不正确")));
    let identity = Identity::from_pkcs12(&bytes, "dept-pass").expect("import");
    assert_eq!(identity.summary().holder, "Dept Reviewer");
    let signed = sign_pdf(&minimal_pdf(), &identity, &request()).expect("sign");
    assert_eq!(verify_pdf(&signed).expect("valid").signer.holder, "Dept Reviewer");
    assert!(pdfsig(&signed).contains("Signature is Valid"));

    // An RSA identity is refused with a message that says why.
    run(&["req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", k, "-out", c, "-days", "30", "-subj", "/CN=RSA"]);
    run(&["pkcs12", "-export", "-inkey", k, "-in", c, "-out", p, "-passout", "pass:dept-pass"]);
    let rsa = std::fs::read(&p12).expect("p12");
    assert!(matches!(Identity::from_pkcs12(&rsa, "dept-pass"), Err(SignError::Identity(m)) if m.contains("P-256")));
}
