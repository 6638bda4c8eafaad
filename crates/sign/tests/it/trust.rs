//! The department's chain: root, request, issue, adopt, sign, and what a trust store makes of it
//! — here and in the tools a department's IT staff use (openssl, poppler's pdfsig with an NSS
//! database filled by certutil).

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use tic_sign::authority::{self, Revocation};
use tic_sign::{sign_pdf, verify_pdf, Identity, SignError, SignRequest, Trust, TrustStore, Verification};
use x509_cert::Certificate;

use crate::pades::{minimal_pdf, pdfsig, request};

fn utc(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).single().expect("date")
}

/// An expert's identity with a certificate issued by `root`, valid from `from` for `days`.
fn issued_identity(root: &Identity, holder: &str, from: DateTime<Utc>, days: u32) -> Identity {
    let mut expert = Identity::generate(holder, "内蒙古大学").expect("identity");
    let pem = expert.certificate_request(holder, "内蒙古大学", Some("NM-0042")).expect("request");
    let (req, _) = authority::read_request(pem.as_bytes()).expect("read request");
    let issued = authority::issue(root, &req, from, days).expect("issue");
    expert.adopt_issued(issued.response_pem.as_bytes()).expect("adopt");
    expert
}

fn der(certificate: &Certificate) -> Vec<u8> {
    authority::certificate_der(certificate).expect("der")
}

fn trust_of(v: &Verification, store: &TrustStore) -> Trust {
    use der::Decode;
    let signer = Certificate::from_der(&v.certificate_der).expect("signer");
    let carried: Vec<Certificate> = v.carried_der.iter().map(|d| Certificate::from_der(d).expect("carried")).collect();
    let at = v.signing_time().expect("time").with_timezone(&Utc);
    store.evaluate(&signer, &carried, at)
}

fn openssl(args: &[&str]) -> String {
    let out = Command::new("openssl").args(args).output().expect("openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn a_request_names_its_holder_and_proves_the_key() {
    let expert = Identity::generate("王振华", "内蒙古大学").expect("identity");
    let pem = expert.certificate_request("王振华", "内蒙古大学", Some("NM-0042")).expect("request");
    assert!(pem.starts_with("-----BEGIN CERTIFICATE REQUEST-----"), "{pem}");
    let (_, summary) = authority::read_request(pem.as_bytes()).expect("read");
    assert_eq!(summary.holder, "王振华");
    assert_eq!(summary.organization, "内蒙古大学");
    assert_eq!(summary.pool_id.as_deref(), Some("NM-0042"));
    assert_eq!(summary.key, "ECDSA P-256");
    assert_eq!(summary.key_fingerprint.split(' ').count(), 16);

    // openssl reads it and checks its self-signature too.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("req.csr");
    std::fs::write(&file, &pem).expect("write");
    assert!(openssl(&["req", "-in", path(&file), "-noout", "-verify"]).contains("OK"));

    // A request whose name was changed after signing is refused.
    use der::{Decode, Encode};
    let (mut req, _) = authority::read_request(pem.as_bytes()).expect("read");
    let other = Identity::generate("孟庆华", "内蒙古大学").expect("identity");
    req.info.subject = other.certificate().tbs_certificate.subject.clone();
    let forged = req.to_der().expect("der");
    let refused = authority::read_request(&forged).expect_err("forged request");
    assert!(refused.to_string().contains("证书申请的签名无效"), "{refused}");
    assert!(authority::read_request(b"not a request").is_err());
    let _ = x509_cert::request::CertReq::from_der(&forged).expect("still well-formed DER");
}

#[test]
fn an_issued_certificate_is_trusted_where_the_root_is_and_only_there() {
    let root = authority::create_root("内蒙古自治区科学技术厅", utc(2024, 1, 1)).expect("root");
    assert!(authority::is_ca(root.certificate()));
    let expert = issued_identity(&root, "孟庆华", utc(2026, 1, 1), 3 * 365);
    let summary = expert.summary();
    assert_eq!(summary.holder, "孟庆华");
    assert_eq!(summary.issuer_holder, "内蒙古自治区科学技术厅评审签名根证书");
    assert!(!summary.self_issued);
    assert_eq!(expert.chain().len(), 1);

    let signed = sign_pdf(&minimal_pdf(), &expert, &request()).expect("sign");
    let v = verify_pdf(&signed).expect("intact");
    assert_eq!(v.carried_der, vec![der(root.certificate())], "the root travels in the signature");

    let mut store = TrustStore::new();
    assert_eq!(trust_of(&v, &store), Trust::Untrusted { self_issued: false });
    let pem = authority::certificate_pem(root.certificate()).expect("pem");
    store.add_root(pem.as_bytes()).expect("trust the root (PEM)");
    assert_eq!(trust_of(&v, &store), Trust::Trusted { root: "内蒙古自治区科学技术厅评审签名根证书".into() });

    // Sealed and opened again, the identity still carries its chain.
    let sealed = expert.seal("passphrase-1").expect("seal");
    let reopened = Identity::unseal(&sealed, "passphrase-1").expect("unseal");
    assert_eq!(reopened.chain().len(), 1);
    let again = verify_pdf(&sign_pdf(&minimal_pdf(), &reopened, &request()).expect("sign")).expect("intact");
    assert_eq!(trust_of(&again, &store), Trust::Trusted { root: "内蒙古自治区科学技术厅评审签名根证书".into() });

    // A person's certificate is not a root.
    let refused = store.add_root(&der(expert.certificate())).expect_err("leaf as root");
    assert!(refused.to_string().contains("不是根证书"), "{refused}");
}

#[test]
fn a_self_made_key_in_a_real_chairs_name_is_not_trusted() {
    let root = authority::create_root("内蒙古自治区科学技术厅", utc(2024, 1, 1)).expect("root");
    let genuine = issued_identity(&root, "孟庆华", utc(2026, 1, 1), 365);
    // The forger copies the chair's name and unit exactly.
    let forger = Identity::generate("孟庆华", "内蒙古大学").expect("identity");
    assert_eq!((forger.summary().holder, forger.summary().subject.contains("O=内蒙古大学")), (genuine.summary().holder, true));
    let mut store = TrustStore::new();
    store.add_root(&der(root.certificate())).expect("trust");
    let v = verify_pdf(&sign_pdf(&minimal_pdf(), &forger, &request()).expect("sign")).expect("intact");
    assert_eq!(v.signer.holder, "孟庆华");
    assert_eq!(trust_of(&v, &store), Trust::Untrusted { self_issued: true });

    // Nor is a certificate from another root that uses the department's name.
    let other_root = authority::create_root("内蒙古自治区科学技术厅", utc(2024, 1, 1)).expect("root");
    let from_other = issued_identity(&other_root, "孟庆华", utc(2026, 1, 1), 365);
    let v = verify_pdf(&sign_pdf(&minimal_pdf(), &from_other, &request()).expect("sign")).expect("intact");
    assert_eq!(trust_of(&v, &store), Trust::Untrusted { self_issued: false });

    // A response from another root, or one missing its issuer, is refused on import.
    let mut expert = Identity::generate("李晓梅", "内蒙古大学").expect("identity");
    let wrong = authority::certificate_pem(from_other.certificate()).expect("pem");
    let refused = expert.adopt_issued(wrong.as_bytes()).expect_err("another key");
    assert!(refused.to_string().contains("没有与本人密钥对应的证书"), "{refused}");
    let pem = expert.certificate_request("李晓梅", "内蒙古大学", None).expect("request");
    let (req, summary) = authority::read_request(pem.as_bytes()).expect("read");
    assert_eq!(summary.pool_id, None);
    let issued = authority::issue(&root, &req, utc(2026, 1, 1), 365).expect("issue");
    let leaf_only = authority::certificate_pem(&issued.certificate).expect("pem");
    let refused = expert.adopt_issued(leaf_only.as_bytes()).expect_err("no issuer");
    assert!(refused.to_string().contains("缺少签发者"), "{refused}");
    assert!(matches!(authority::issue(&genuine, &req, utc(2026, 1, 1), 365), Err(SignError::Identity(m)) if m.contains("不是科技厅根证书")));
}

#[test]
fn a_revoked_certificate_is_reported_with_the_revocation_time() {
    let root = authority::create_root("广西壮族自治区科学技术厅", utc(2024, 1, 1)).expect("root");
    let expert = issued_identity(&root, "韦志强", utc(2026, 1, 1), 365);
    let mut store = TrustStore::new();
    store.add_root(&der(root.certificate())).expect("trust");
    let signed = |when: &str| {
        let when = chrono::DateTime::parse_from_rfc3339(when).expect("date");
        verify_pdf(&sign_pdf(&minimal_pdf(), &expert, &SignRequest { when, ..request() }).expect("sign")).expect("intact")
    };
    let before = signed("2026-05-01T09:00:00+08:00");
    let after = signed("2026-07-01T09:00:00+08:00");
    let revoked = Revocation { serial: expert.summary().serial, revoked_at: Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).single().expect("date") };
    let crl = authority::build_crl(&root, &[revoked], utc(2026, 6, 1), utc(2026, 7, 1), 1).expect("crl");

    // openssl accepts the list as the root's.
    let dir = tempfile::tempdir().expect("tempdir");
    let (crl_file, root_file) = (dir.path().join("list.crl"), dir.path().join("root.pem"));
    std::fs::write(&crl_file, &crl).expect("write");
    std::fs::write(&root_file, authority::certificate_pem(root.certificate()).expect("pem")).expect("write");
    let text = openssl(&["crl", "-inform", "DER", "-in", path(&crl_file), "-CAfile", path(&root_file), "-noout", "-text"]);
    assert!(text.contains("verify OK"), "{text}");
    assert!(text.contains(&expert.summary().serial), "{text}");

    let summary = store.add_crl(&crl).expect("import crl");
    assert_eq!(summary.number, Some(1));
    assert_eq!(summary.revoked.len(), 1);
    // Times are shown on the local clock; 02:00 UTC is the instant revoked.
    let local = Utc.with_ymd_and_hms(2026, 6, 1, 2, 0, 0).single().expect("date").with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
    assert_eq!(trust_of(&after, &store), Trust::Revoked { revoked_at: local.clone(), claimed_before: false });
    assert_eq!(trust_of(&before, &store), Trust::Revoked { revoked_at: local, claimed_before: true });

    // An older list does not replace a newer one; a list from an untrusted root is refused.
    let older = authority::build_crl(&root, &[], utc(2026, 5, 1), utc(2026, 6, 1), 0).expect("crl");
    assert!(store.add_crl(&older).expect_err("older").to_string().contains("更新的吊销列表"));
    let stranger = authority::create_root("广西壮族自治区科学技术厅", utc(2024, 1, 1)).expect("root");
    let foreign = authority::build_crl(&stranger, &[], utc(2026, 5, 1), utc(2026, 6, 1), 5).expect("crl");
    assert!(store.add_crl(&foreign).expect_err("foreign").to_string().contains("不是由信任的根证书签发"));
    let mut tampered = crl.clone();
    let last = tampered.len() - 2;
    tampered[last] ^= 0x01;
    assert!(store.add_crl(&tampered).is_err());
}

#[test]
fn a_signature_outside_the_certificates_validity_is_reported() {
    let root = authority::create_root("四川省科学技术厅", utc(2024, 1, 1)).expect("root");
    let expert = issued_identity(&root, "杨明", utc(2025, 1, 1), 30);
    let mut store = TrustStore::new();
    store.add_root(&der(root.certificate())).expect("trust");
    let v = verify_pdf(&sign_pdf(&minimal_pdf(), &expert, &request()).expect("sign")).expect("intact");
    let Trust::OutsideValidity { holder, not_after, .. } = trust_of(&v, &store) else { panic!("expected outside validity") };
    assert_eq!(holder, "杨明");
    assert!(not_after.starts_with("2025-01-31"), "{not_after}");
    // Longer than the root lives, or zero days, is refused at issue time.
    let pem = expert.certificate_request("杨明", "", None).expect("request");
    let (req, _) = authority::read_request(pem.as_bytes()).expect("read");
    assert!(authority::issue(&root, &req, utc(2026, 1, 1), 0).is_err());
    assert!(authority::issue(&root, &req, utc(2042, 1, 1), 3650).expect_err("beyond root").to_string().contains("根证书的有效期"));
    assert!(authority::issue(&root, &req, utc(2023, 1, 1), 30).expect_err("before root").to_string().contains("早于根证书"));
}

/// pdfsig checks the chain against an NSS database: with the department root imported by
/// certutil the issued certificate is trusted, a self-made one is not.
#[test]
fn pdfsig_trusts_the_department_certificate_once_certutil_imported_the_root() {
    let root = authority::create_root("内蒙古自治区科学技术厅", utc(2024, 1, 1)).expect("root");
    let expert = issued_identity(&root, "孟庆华", utc(2026, 1, 1), 3 * 365);
    let dir = tempfile::tempdir().expect("tempdir");
    let nss = dir.path().join("nss");
    std::fs::create_dir(&nss).expect("nss dir");
    let root_file = dir.path().join("root.cer");
    std::fs::write(&root_file, der(root.certificate())).expect("write");
    let certutil = |args: &[&str]| {
        let out = Command::new("certutil").args(args).output().expect("certutil (libnss3-tools) is installed");
        assert!(out.status.success(), "certutil {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    let db = format!("sql:{}", path(&nss));
    certutil(&["-N", "-d", &db, "--empty-password"]);
    certutil(&["-A", "-d", &db, "-n", "department-root", "-t", "CT,C,C", "-i", path(&root_file)]);

    let now = chrono::Local::now().fixed_offset();
    let signed = sign_pdf(&minimal_pdf(), &expert, &SignRequest { when: now, ..request() }).expect("sign");
    let pdfsig_with = |bytes: &[u8]| {
        let file = dir.path().join("doc.pdf");
        std::fs::write(&file, bytes).expect("write");
        let out = Command::new("pdfsig").arg("-nssdir").arg(&db).arg(&file).output().expect("pdfsig");
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
    };
    let report = pdfsig_with(&signed);
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(report.contains("Certificate is Trusted"), "{report}");

    let forger = Identity::generate("孟庆华", "内蒙古大学").expect("identity");
    let forged = sign_pdf(&minimal_pdf(), &forger, &SignRequest { when: now, ..request() }).expect("sign");
    let report = pdfsig_with(&forged);
    assert!(report.contains("Signature is Valid"), "{report}");
    assert!(!report.contains("Certificate is Trusted"), "{report}");
    // Without the NSS database pdfsig knows no root at all.
    assert!(!pdfsig(&signed).contains("Certificate is Trusted"));
}
