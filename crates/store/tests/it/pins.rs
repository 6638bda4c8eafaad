//! Wrong PINs on a shared laptop: free mistakes, doubling waits, a lock only the chair lifts, and
//! a count that survives a restart (tic_domain::pin; waits worked by hand: 30 s, 1 min, 2 min).

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, Utc};
use tic_domain::PanelRole;
use tic_store::Store;

use crate::fixtures::{center_draft, member, review_draft, test_key};

/// Seconds since 2026-11-23 08:00 UTC; only this module's test moves it.
static NOW: AtomicI64 = AtomicI64::new(0);

fn moving_clock() -> DateTime<Utc> {
    "2026-11-23T08:00:00Z".parse::<DateTime<Utc>>().expect("fixed time") + Duration::seconds(NOW.load(Ordering::SeqCst))
}

fn wait(seconds: i64) {
    NOW.fetch_add(seconds, Ordering::SeqCst);
}

#[test]
fn wrong_pins_wait_longer_each_time_then_lock_until_the_chair_unlocks_and_the_count_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), moving_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古自治区稀土功能材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    let chair = store.add_panel_member(review, &member("王振华", PanelRole::Chair)).unwrap().expert_id;
    let li = store.add_panel_member(review, &member("李晓梅", PanelRole::Member)).unwrap().expert_id;
    store.set_pin(review, chair, "2468").unwrap();
    store.set_pin(review, li, "1357").unwrap();
    let attempt = |store: &Store, pin: &str| store.verify_pin(review, li, pin).err().map(|e| e.to_string());

    assert_eq!(attempt(&store, "0000").as_deref(), Some("PIN 不正确，请重新输入"));
    assert_eq!(attempt(&store, "0001").as_deref(), Some("PIN 不正确，请重新输入（再输错将需要等待）"));
    assert_eq!(attempt(&store, "0002").as_deref(), Some("PIN 不正确，已连续输错 3 次，请 30 秒后再试"));
    // While she waits, even the right PIN is not compared.
    assert_eq!(attempt(&store, "1357").as_deref(), Some("「PIN」已连续输错 3 次，请 30 秒后再试"));
    wait(10);
    assert_eq!(attempt(&store, "1357").as_deref(), Some("「PIN」已连续输错 3 次，请 20 秒后再试"));

    // A restart does not reset the count.
    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), moving_clock).unwrap();
    assert_eq!(attempt(&store, "1357").as_deref(), Some("「PIN」已连续输错 3 次，请 20 秒后再试"));
    wait(20);
    assert_eq!(attempt(&store, "0003").as_deref(), Some("PIN 不正确，已连续输错 4 次，请 1 分钟后再试"));
    wait(60);
    assert_eq!(attempt(&store, "0004").as_deref(), Some("PIN 不正确，已连续输错 5 次，请 2 分钟后再试"));
    wait(120);
    let locked = "「PIN」已连续输错 6 次，已锁定。请组长在此输入组长本人的 PIN 解锁";
    assert_eq!(attempt(&store, "0005").as_deref(), Some(locked));
    wait(86_400);
    assert_eq!(attempt(&store, "1357").as_deref(), Some(locked), "a day later, still locked");
    let progress = store.panel_progress(review).unwrap();
    assert_eq!(progress.iter().map(|m| m.pin_locked).collect::<Vec<_>>(), [false, true]);

    // Only the chair unlocks, and only with the chair's own PIN.
    assert_eq!(store.unlock_pin(review, li, "1357", li).unwrap_err().to_string(), "「解锁」只有专家组组长可以解锁");
    assert_eq!(store.unlock_pin(review, chair, "9999", li).unwrap_err().to_string(), "「组长 PIN」PIN 不正确，请重新输入");
    assert_eq!(attempt(&store, "1357").as_deref(), Some(locked));
    store.unlock_pin(review, chair, "2468", li).unwrap();
    assert!(!store.panel_progress(review).unwrap()[1].pin_locked);
    assert_eq!(attempt(&store, "1357"), None);
    // The right PIN cleared the count: the next mistake is a free one again.
    assert_eq!(attempt(&store, "0006").as_deref(), Some("PIN 不正确，请重新输入"));
}

#[test]
fn the_chair_is_never_locked_but_waits_up_to_a_quarter_of_an_hour() {
    let p = crate::sheets::panel();
    p.store.set_pin(p.review, p.chair, "2468").unwrap();
    // The fixed clock never moves: after the third mistake every try is refused by the wait.
    for _ in 0..3 {
        assert!(p.store.verify_pin(p.review, p.chair, "0000").is_err());
    }
    let err = p.store.verify_pin(p.review, p.chair, "2468").unwrap_err().to_string();
    assert_eq!(err, "「PIN」已连续输错 3 次，请 30 秒后再试");
    assert!(!p.store.panel_progress(p.review).unwrap()[0].pin_locked);
}

#[test]
fn the_chair_resets_a_forgotten_pin_which_is_logged_and_the_member_chooses_a_new_one() {
    let p = crate::sheets::panel();
    p.store.set_pin(p.review, p.chair, "2468").unwrap();
    p.store.set_pin(p.review, p.member, "1357").unwrap();
    assert!(p.store.verify_pin(p.review, p.member, "0000").is_err());
    // Only the chair, with the chair's own PIN, and not for the chair's own PIN.
    assert_eq!(p.store.reset_pin(p.review, p.member, "1357", p.member).unwrap_err().to_string(), "「重置 PIN」只有专家组组长可以重置 PIN");
    assert_eq!(p.store.reset_pin(p.review, p.chair, "2468", p.chair).unwrap_err().to_string(), "「重置 PIN」组长不能重置自己的 PIN");
    assert_eq!(p.store.reset_pin(p.review, p.chair, "9999", p.member).unwrap_err().to_string(), "「组长 PIN」PIN 不正确，请重新输入");
    assert!(p.store.has_pin(p.review, p.member).unwrap(), "a refused reset changes nothing");

    p.store.reset_pin(p.review, p.chair, "2468", p.member).unwrap();
    assert!(!p.store.has_pin(p.review, p.member).unwrap());
    let log = p.store.audit_log().unwrap();
    let last = log.last().unwrap();
    assert_eq!((last.action.as_str(), last.detail.contains("组长重置了")), ("重置 PIN", true), "{last:?}");
    assert!(p.store.verify_audit_log().unwrap().broken.is_none());
    // The member chooses a new PIN; the old one no longer works.
    p.store.set_pin(p.review, p.member, "8642").unwrap();
    assert!(p.store.verify_pin(p.review, p.member, "1357").is_err());
    assert!(p.store.verify_pin(p.review, p.member, "8642").is_ok());
}
