//! A stored code no build writes is an error naming what it should have been, never another
//! meaning: an unknown sheet status must not read as a draft (reopening a submitted sheet) nor an
//! unknown conflict code as "no conflict" (counting a recused expert's scores).

use tic_domain::sheet::{ConflictDecision, DeclarationInput};
use tic_domain::signing::IdentitySource;
use tic_domain::visit::{SiteNoteDraft, SiteNoteKind};
use tic_store::{Store, StoreError};

use crate::fixtures::{fixed_clock, test_key};
use crate::sheets::{complete, no_conflict, panel, Panel};

/// A review with every coded column filled: center and committee, panel, declaration, submitted
/// sheet, site note, signing identity and an exchange row.
fn everything() -> Panel {
    let p = panel();
    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    complete(&p, p.chair);
    p.store.submit_sheet(p.review, p.chair).unwrap();
    let recusal = DeclarationInput { conflict: ConflictDecision::Recused, reason: "同一单位".into(), pledge_accepted: true };
    p.store.declare(p.review, p.member, &recusal).unwrap();
    let note = SiteNoteDraft { kind: SiteNoteKind::Facility, text: "中试车间已投用".into(), criteria: Vec::new() };
    p.store.add_site_note(p.review, p.chair, &note).unwrap();
    p.store.save_signing_identity(p.review, p.chair, b"cert", b"key", IdentitySource::Generated).unwrap();
    p.store.review_package(p.review, p.chair, || "0123456789abcdef".into()).unwrap();
    p
}

#[test]
fn every_decoded_code_refuses_a_value_it_does_not_know() {
    // (what is damaged, the UPDATE that damages it, a read that decodes it, the name in the message)
    type Read = fn(&Store, &Panel) -> Result<(), StoreError>;
    let cases: Vec<(&str, &str, Read, &str)> = vec![
        ("region", "UPDATE centers SET region = 'xx'", |s, p| s.review(p.review).map(drop), "地区"),
        ("stage", "UPDATE reviews SET stage = 'xx'", |s, p| s.review(p.review).map(drop), "评审阶段"),
        ("review status", "UPDATE reviews SET status = 'xx'", |s, p| s.review(p.review).map(drop), "评审状态"),
        ("expert type", "UPDATE experts SET expert_type = 'xx'", |s, p| s.panel(p.review).map(drop), "专家类型"),
        ("panel role", "UPDATE panel_members SET role = 'xx'", |s, p| s.panel(p.review).map(drop), "角色"),
        ("committee kind", "UPDATE center_committee_members SET committee = 'xx'", |s, p| s.review(p.review).map(drop), "委员会类别"),
        ("conflict decision", "UPDATE declarations SET conflict = 'xx'", |s, p| s.declaration(p.review, p.member).map(drop), "回避声明"),
        ("sheet status", "UPDATE score_sheets SET status = 'xx'", |s, p| s.own_sheet(p.review, p.chair).map(drop), "评分表状态"),
        ("site note kind", "UPDATE site_notes SET kind = 'xx'", |s, p| s.site_notes(p.review, p.chair).map(drop), "记录类别"),
        ("exchange origin", "UPDATE review_exchange SET origin = 'xx'", |s, p| s.exchange_state(p.review).map(drop), "评审来源"),
        ("identity source", "UPDATE signing_identities SET source = 'xx'", |s, p| s.signing_identity(p.chair).map(drop), "签名证书来源"),
    ];
    for (what, damage, read, name) in cases {
        let p = everything();
        read(&p.store, &p).unwrap_or_else(|e| panic!("{what}: reads before the damage: {e}"));
        let path = p.store.path().unwrap().to_owned();
        {
            let conn = crate::fixtures::keyed(&path);
            // The schema's CHECK constraints would refuse the value; a damaged file has no such guard.
            conn.execute_batch(&format!("PRAGMA ignore_check_constraints = ON; {damage};")).unwrap();
        }
        let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
        let err = read(&store, &p).expect_err(what);
        assert!(matches!(err, StoreError::Corrupt(_)), "{what}: {err:?}");
        let message = err.to_string();
        assert!(message.contains(name) && message.contains("“xx”"), "{what}: {message}");
        assert!(message.contains("请从备份恢复"), "{what}: {message}");
    }
}
