//! An issuing round across separate data directories: the department's laptop (科技厅 mode)
//! issues the chair's certificate from her request; the chair signs with it; whoever trusts the
//! department root reads the signature as 可信, a self-made key in her name as not trusted, and
//! after the department revokes the certificate and publishes a list, as revoked.

use tic_export::trust::{adopt_issued_certificate, certificate_request, create_department_root, department_root_file, import_crl, issue_certificate, publish_crl, read_request, revoke_certificate, trust_root, trust_store};
use tic_export::{verify, VerdictStatus};
use tic_store::{IdentitySource, Store};

use crate::exchange::{create_review, give_identity, laptop, PASSPHRASE};
use crate::test_key;

const ROOT_PASSPHRASE: &str = "root-pass-2026";

/// A blank page with a correct cross-reference table: what is signed does not matter here.
fn one_page_pdf() -> Vec<u8> {
    let objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
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

/// A one-page PDF signed by the review's chair with whatever identity her laptop holds.
fn signed_sign_in(store: &Store) -> Vec<u8> {
    let review = store.list_reviews(&tic_domain::ReviewFilter::default()).unwrap()[0].id;
    let chair = store.review(review).unwrap().panel[0].expert_id;
    let identity = tic_export::open_identity(store, chair, PASSPHRASE).unwrap();
    let pdf = one_page_pdf();
    let request = tic_sign::SignRequest { name: "孟庆华", reason: "专家签到表", fingerprint: "TEST", when: chrono::Local::now().fixed_offset() };
    tic_sign::sign_pdf(&pdf, &identity, &request).unwrap()
}

#[test]
fn a_certificate_issued_by_the_department_is_trusted_where_its_root_is() {
    let department = laptop();
    let root = create_department_root(&department.store, "内蒙古自治区科学技术厅", ROOT_PASSPHRASE).unwrap();
    assert_eq!(root.holder, "内蒙古自治区科学技术厅评审签名根证书");
    assert!(create_department_root(&department.store, "内蒙古自治区科学技术厅", ROOT_PASSPHRASE).is_err(), "one root per installation");
    let root_der = department_root_file(&department.store, false).unwrap();
    let root_pem = department_root_file(&department.store, true).unwrap();
    assert!(String::from_utf8(root_pem.clone()).unwrap().starts_with("-----BEGIN CERTIFICATE-----"));
    // The department trusts its own root from the start.
    assert_eq!(department.store.trusted_roots().unwrap().len(), 1);

    let chair_laptop = laptop();
    let (review, experts) = create_review(&chair_laptop.store);
    let chair = experts[0];
    give_identity(&chair_laptop.store, review, chair, "孟庆华", "中国农业大学");
    let request = certificate_request(&chair_laptop.store, chair, PASSPHRASE, Some("NM-0001")).unwrap();
    assert!(certificate_request(&chair_laptop.store, chair, "wrong-passphrase", None).is_err());

    let asked = read_request(request.as_bytes()).unwrap();
    assert_eq!((asked.holder.as_str(), asked.organization.as_str(), asked.pool_id.as_deref()), ("孟庆华", "中国农业大学", Some("NM-0001")));
    let refused = issue_certificate(&department.store, request.as_bytes(), 365, "not-the-passphrase").unwrap_err();
    assert_eq!(refused.to_string(), "根证书口令不正确");
    assert!(department.store.issued_certificates().unwrap().is_empty(), "a refused issue registers nothing");
    let (response, issued) = issue_certificate(&department.store, request.as_bytes(), 365, ROOT_PASSPHRASE).unwrap();
    let register = department.store.issued_certificates().unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!((register[0].holder.as_str(), register[0].pool_id.as_deref(), register[0].serial.as_str()), ("孟庆华", Some("NM-0001"), issued.serial.as_str()));

    // Before taking the response the chair signs with her self-issued certificate.
    let trusting = laptop();
    trust_root(&trusting.store, &root_pem, "科技厅").unwrap();
    let before = verify(&signed_sign_in(&chair_laptop.store), &trust_store(&trusting.store).unwrap());
    assert_eq!(before.status, VerdictStatus::Untrusted);
    assert!(before.message.contains("自签发"), "{}", before.message);

    let adopted = adopt_issued_certificate(&chair_laptop.store, review, chair, response.as_bytes()).unwrap();
    assert_eq!(adopted.issuer_holder, "内蒙古自治区科学技术厅评审签名根证书");
    let stored = chair_laptop.store.signing_identity(chair).unwrap().unwrap();
    assert_eq!((stored.source, stored.chain.len()), (IdentitySource::Issued, 1));
    let document = signed_sign_in(&chair_laptop.store);

    let trusted = verify(&document, &trust_store(&trusting.store).unwrap());
    assert_eq!(trusted.status, VerdictStatus::Trusted, "{}", trusted.message);
    assert_eq!(trusted.message, "可信（由「内蒙古自治区科学技术厅评审签名根证书」签发）：签名有效，文件自签名后未被改动。");
    let stranger = verify(&document, &tic_sign::TrustStore::new());
    assert_eq!((stranger.status, stranger.valid), (VerdictStatus::Untrusted, true));
    assert!(stranger.message.contains("签发者未知"), "{}", stranger.message);

    // A self-made key in the chair's name and unit is not trusted.
    let forger = laptop();
    let (f_review, f_experts) = create_review(&forger.store);
    give_identity(&forger.store, f_review, f_experts[0], "孟庆华", "中国农业大学");
    let forged = verify(&signed_sign_in(&forger.store), &trust_store(&trusting.store).unwrap());
    assert_eq!(forged.status, VerdictStatus::Untrusted);
    assert_eq!(forged.signature.unwrap().signer.holder, "孟庆华");

    // Revoked and published: whoever imports the list sees the revocation.
    revoke_certificate(&department.store, &issued.serial, "密钥遗失").unwrap();
    assert!(revoke_certificate(&department.store, &issued.serial, "密钥遗失").unwrap_err().to_string().contains("已于"));
    assert!(revoke_certificate(&department.store, "00FF", "无").is_err());
    let (crl, summary) = publish_crl(&department.store, ROOT_PASSPHRASE).unwrap();
    assert_eq!((summary.number, summary.revoked.len()), (Some(1), 1));
    assert_eq!(department.store.next_crl_number().unwrap(), 2);
    let untrusting = laptop();
    assert!(import_crl(&untrusting.store, &crl, "科技厅").unwrap_err().to_string().contains("信任的根证书"));
    import_crl(&trusting.store, &crl, "科技厅").unwrap();
    let revoked = verify(&document, &trust_store(&trusting.store).unwrap());
    assert_eq!(revoked.status, VerdictStatus::Revoked, "{}", revoked.message);
    assert!(revoked.message.starts_with("证书已吊销"), "{}", revoked.message);
    assert_eq!(verify(&document, &trust_store(&department.store).unwrap()).status, VerdictStatus::Revoked);

    // The trust store survives a restart; a tampered document is invalid whatever the trust.
    let path = trusting.store.path().unwrap().to_owned();
    drop(trusting.store);
    let reopened = Store::open(&path, &test_key()).unwrap();
    assert_eq!(reopened.trusted_roots().unwrap()[0].crl.as_ref().and_then(|c| c.number), Some(1));
    let mut tampered = document.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x20;
    assert_eq!(verify(&tampered, &trust_store(&reopened).unwrap()).status, VerdictStatus::Invalid);
    // The department's own root cannot be dropped; another can.
    let own = department.store.trusted_roots().unwrap()[0].fingerprint.clone();
    assert!(department.store.remove_trusted_root(&own, "科技厅").is_err());
    let fingerprint = reopened.trusted_roots().unwrap()[0].fingerprint.clone();
    reopened.remove_trusted_root(&fingerprint, "科技厅").unwrap();
    assert!(reopened.trusted_roots().unwrap().is_empty());
    assert_eq!(root_der, tic_sign::authority::certificate_der(&tic_sign::authority::read_certificates(&root_pem).unwrap()[0]).unwrap());
}

/// Issues `expert` on `laptop` a department certificate from `department`'s root.
fn issue_to(department: &Store, laptop: &Store, review: tic_domain::ReviewId, expert: tic_domain::ExpertId) {
    let request = certificate_request(laptop, expert, PASSPHRASE, None).unwrap();
    let (response, _) = issue_certificate(department, request.as_bytes(), 365, ROOT_PASSPHRASE).unwrap();
    adopt_issued_certificate(laptop, review, expert, response.as_bytes()).unwrap();
}

#[test]
fn a_review_that_requires_trusted_certificates_refuses_packages_no_trusted_root_vouches_for() {
    use tic_domain::exchange::SheetImportOutcome;
    use tic_export::exchange::{export_review_package, export_sheet_package, import_sheet_packages, open_review_package};

    use crate::exchange::{expert_named, score, PANEL};

    let department = laptop();
    create_department_root(&department.store, "内蒙古自治区科学技术厅", ROOT_PASSPHRASE).unwrap();
    let root = department_root_file(&department.store, false).unwrap();

    let chair = laptop();
    let (review, experts) = create_review(&chair.store);
    give_identity(&chair.store, review, experts[0], "孟庆华", "中国农业大学");
    issue_to(&department.store, &chair.store, review, experts[0]);
    trust_root(&chair.store, &root, "孟庆华").unwrap();
    assert!(!chair.store.requires_trusted_certificates(review).unwrap());
    chair.store.set_requires_trusted_certificates(review, "孟庆华", true).unwrap();
    let (package, _) = export_review_package(&chair.store, review, experts[0], PASSPHRASE).unwrap();

    // A member's laptop that does not trust the department root refuses the review package.
    let member = laptop();
    let refused = open_review_package(&member.store, &package).unwrap_err().to_string();
    assert!(refused.starts_with("评审包未打开：本评审要求使用可信证书，孟庆华的签名证书的签发者不在本机信任的根证书中（规则："), "{refused}");
    assert!(member.store.list_reviews(&tic_domain::ReviewFilter::default()).unwrap().is_empty(), "nothing was written");
    trust_root(&member.store, &root, "高丽娟").unwrap();
    let opened = open_review_package(&member.store, &package).unwrap();
    assert!(member.store.requires_trusted_certificates(opened.review_id).unwrap(), "the rule travels with the review");

    // The member's self-issued key: the chair's import refuses it by this rule, writing nothing.
    let (name, unit, _, _) = PANEL[1];
    let gao = expert_named(&member.store, opened.review_id, name);
    give_identity(&member.store, opened.review_id, gao, name, unit);
    score(&member.store, opened.review_id, gao, 90);
    let (sheet, _) = export_sheet_package(&member.store, opened.review_id, gao, PASSPHRASE).unwrap();
    let report = import_sheet_packages(&chair.store, review, experts[0], &[("gao.ticsheet".into(), sheet)]).unwrap();
    assert_eq!(report[0].outcome, SheetImportOutcome::Refused);
    assert_eq!(
        report[0].message,
        "未导入：本评审要求使用可信证书，高丽娟的签名证书是自签发的，没有本机信任的根证书为其作证（规则：须由本机信任的根证书签发且未吊销）"
    );
    assert!(chair.store.exchange_state(review).unwrap().packages.is_empty());

    // With a department-issued certificate (same key) the same sheet goes in.
    issue_to(&department.store, &member.store, opened.review_id, gao);
    let (sheet, _) = export_sheet_package(&member.store, opened.review_id, gao, PASSPHRASE).unwrap();
    let report = import_sheet_packages(&chair.store, review, experts[0], &[("gao.ticsheet".into(), sheet.clone())]).unwrap();
    assert_eq!(report[0].outcome, SheetImportOutcome::Applied, "{}", report[0].message);

    // Without the rule, a certificate the department revoked is still refused once its list is in.
    chair.store.set_requires_trusted_certificates(review, "孟庆华", false).unwrap();
    assert!(!chair.store.requires_trusted_certificates(review).unwrap());
    let serial = tic_sign::CertificateSummary::from_der(&member.store.signing_identity(gao).unwrap().unwrap().certificate).unwrap().serial;
    revoke_certificate(&department.store, &serial, "离职").unwrap();
    let (crl, _) = publish_crl(&department.store, ROOT_PASSPHRASE).unwrap();
    import_crl(&chair.store, &crl, "孟庆华").unwrap();
    let report = import_sheet_packages(&chair.store, review, experts[0], &[("gao.ticsheet".into(), sheet)]).unwrap();
    assert_eq!(report[0].outcome, SheetImportOutcome::Refused);
    assert!(report[0].message.starts_with("未导入：高丽娟的签名证书已于 "), "{}", report[0].message);
    assert!(report[0].message.ends_with("吊销（规则：科技厅已吊销的证书不能再用于签名）"), "{}", report[0].message);
}
