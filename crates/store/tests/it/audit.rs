//! 日志存证 (issue 15 item 7): significant actions are appended with time and actor; the verifier
//! finds an edited, a deleted and a reordered row.

use tic_store::{verify_chain, GENESIS};

use crate::fixtures::keyed;
use crate::sheets::{complete, no_conflict, panel};

#[test]
fn sign_in_declaration_submission_and_reopening_are_logged_in_a_whole_chain() {
    let p = panel();
    p.store.set_pin(p.review, p.chair, "2468").unwrap();
    assert!(p.store.verify_pin(p.review, p.chair, "1111").is_err());
    p.store.verify_pin(p.review, p.chair, "2468").unwrap();
    p.store.declare(p.review, p.chair, &no_conflict()).unwrap();
    complete(&p, p.chair);
    p.store.submit_sheet(p.review, p.chair).unwrap();
    p.store.reopen_sheet(p.review, p.chair, "补充第三项指标的理由").unwrap();

    let log = p.store.audit_log().unwrap();
    let seen: Vec<(&str, &str, &str)> = log.iter().map(|e| (e.actor.as_str(), e.action.as_str(), e.detail.as_str())).collect();
    assert_eq!(
        seen,
        [
            ("王振华", "登录失败", "PIN 不正确，请重新输入"),
            ("王振华", "登录", "PIN 正确"),
            ("王振华", "回避声明", "无利益冲突，签署保密承诺"),
            ("王振华", "提交评分表", "第 1 次提交（首次提交）"),
            ("王振华", "重新打开评分表", "补充第三项指标的理由"),
        ]
    );
    assert!(log.iter().all(|e| e.review_id == Some(p.review.0) && e.at == "2026-11-23T08:00:00Z"));
    assert_eq!(log[0].prev_hash, GENESIS);
    let verdict = p.store.verify_audit_log().unwrap();
    assert_eq!((verdict.entries, verdict.broken.as_deref(), verdict.head.as_str()), (5, None, log[4].hash.as_str()));
}

fn logged_panel() -> crate::sheets::Panel {
    let p = panel();
    for reason in ["第一条", "第二条", "第三条", "第四条"] {
        p.store.record_event("测试", "备注", Some(p.review), reason).unwrap();
    }
    assert_eq!(p.store.verify_audit_log().unwrap().broken, None);
    p
}

#[test]
fn an_edited_row_is_found() {
    let p = logged_panel();
    keyed(p.store.path().unwrap()).execute("UPDATE audit_log SET detail = '第二条（改）' WHERE seq = 2", []).unwrap();
    assert_eq!(p.store.verify_audit_log().unwrap().broken.as_deref(), Some("第 2 条记录的内容被改动过（2026-11-23T08:00:00Z 备注）"));
}

#[test]
fn a_deleted_row_is_found_even_when_the_rest_are_renumbered() {
    let p = logged_panel();
    let conn = keyed(p.store.path().unwrap());
    conn.execute("DELETE FROM audit_log WHERE seq = 2", []).unwrap();
    assert_eq!(p.store.verify_audit_log().unwrap().broken.as_deref(), Some("第 3 条之前缺少记录（应为第 2 条）：有记录被删除"));
    conn.execute_batch("UPDATE audit_log SET seq = seq - 1 WHERE seq > 2").unwrap();
    assert_eq!(p.store.verify_audit_log().unwrap().broken.as_deref(), Some("第 2 条与前一条衔接不上：前面的记录被删除、调换或改动"));
}

#[test]
fn reordered_rows_are_found() {
    let p = logged_panel();
    let conn = keyed(p.store.path().unwrap());
    conn.execute_batch("UPDATE audit_log SET seq = 100 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 100;")
        .unwrap();
    assert_eq!(p.store.verify_audit_log().unwrap().broken.as_deref(), Some("第 2 条与前一条衔接不上：前面的记录被删除、调换或改动"));
    // The same rows in a different order, as a verifier given an exported list would see them.
    let mut rows = p.store.audit_log().unwrap();
    rows.sort_by_key(|e| -e.seq);
    assert_eq!(verify_chain(&rows).broken.as_deref(), Some("第 4 条的顺序不对：记录被调换或重复"));
}
