//! The signed 日志存证 file: exported by the chair only, verified without the database; a changed
//! byte breaks the signature, and a log edited in the database before export shows as broken.

use tic_domain::sheet::{ConflictDecision, DeclarationInput};
use tic_export::audit::{export_audit_log, verify_audit_file};
use tic_export::ExportError;

use crate::exchange::{create_review, give_identity, laptop, PASSPHRASE};

#[test]
fn the_chairs_signed_log_verifies_and_a_changed_byte_does_not() {
    let l = laptop();
    let (review, experts) = create_review(&l.store);
    give_identity(&l.store, review, experts[0], "孟庆华", "中国农业大学");
    let pledge = DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true };
    l.store.declare(review, experts[0], &pledge).unwrap();
    l.store.declare(review, experts[1], &pledge).unwrap();

    let err = export_audit_log(&l.store, review, experts[1], PASSPHRASE, "2026-11-18T10:00:00+08:00").unwrap_err();
    assert!(matches!(&err, ExportError::NotAllowed(m) if m == "只有专家组组长可以导出日志存证"), "{err:?}");

    let file = export_audit_log(&l.store, review, experts[0], PASSPHRASE, "2026-11-18T10:00:00+08:00").unwrap();
    let verdict = verify_audit_file(&file).unwrap();
    assert!(verdict.whole(), "{verdict:?}");
    assert_eq!((verdict.signer.as_str(), verdict.center_name.as_str()), ("孟庆华", "内蒙古自治区草种业技术创新中心"));
    // Two declarations and the export itself.
    assert_eq!(verdict.chain.entries, 3);

    let text = String::from_utf8(file.clone()).unwrap();
    assert!(text.contains("高丽娟"));
    let forged = text.replacen("高丽娟", "高丽华", 1);
    let err = verify_audit_file(forged.as_bytes()).unwrap_err();
    assert!(err.to_string().starts_with("日志存证文件无法核验：签名无效"), "{err}");
    let err = verify_audit_file(b"{\"body\": 1}").unwrap_err();
    assert!(err.to_string().contains("不是本程序导出的日志存证文件"), "{err}");
}

#[test]
fn a_log_edited_in_the_database_before_export_is_reported_broken_in_the_signed_file() {
    let l = laptop();
    let (review, experts) = create_review(&l.store);
    give_identity(&l.store, review, experts[0], "孟庆华", "中国农业大学");
    let pledge = DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true };
    l.store.declare(review, experts[1], &pledge).unwrap();
    let conn = rusqlite::Connection::open(l.store.path().unwrap()).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\"; UPDATE audit_log SET actor = '别人' WHERE seq = 1;", crate::TEST_KEY_HEX)).unwrap();
    let file = export_audit_log(&l.store, review, experts[0], PASSPHRASE, "2026-11-18T10:00:00+08:00").unwrap();
    let verdict = verify_audit_file(&file).unwrap();
    assert!(verdict.chain.broken.as_deref().is_some_and(|b| b.starts_with("第 1 条记录的内容被改动过")), "{verdict:?}");
}
