//! The command layer as the window calls it: parameters arrive as JSON, the state is Tauri's
//! managed state (a mock app, no window), and the answer is what the UI receives. These tests
//! cover the guard every expert command goes through (acting only as the expert signed in with a
//! PIN in this sitting) and the refusing side of the chair's exports and imports.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde_json::json;
use tauri::ipc::Channel;
use tauri::test::{mock_app, MockRuntime};
use tauri::{App, Manager};
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion};
use tic_domain::{CenterDraft, ExpertId, ExpertType, PanelMemberDraft, PanelRole, Region, ReviewDraft, ReviewId, TemplateId};
use tic_store::Store;

use super::{documents, exchange, scoring};
use crate::dto::{CommandError, ErrorCode};
use crate::state::AppState;

const CHAIR_PIN: &str = "2468";
const MEMBER_PIN: &str = "1357";

fn params<T: DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("parameters as the window sends them")
}

struct Laptop {
    dir: tempfile::TempDir,
    app: App<MockRuntime>,
    review: ReviewId,
    chair: ExpertId,
    member: ExpertId,
}

impl Laptop {
    fn state(&self) -> tauri::State<'_, AppState> {
        self.app.state::<AppState>()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn sign_in(&self, expert: ExpertId, pin: &str) -> Result<crate::dto::ExpertSession, CommandError> {
        scoring::sign_in(self.state(), params(json!({ "review_id": self.review, "expert_id": expert, "pin": pin, "new_pin": false })))
    }
}

/// A shared laptop with a review whose chair and member have both submitted a full sheet and set
/// their PINs; the app's state is opened on it as at start.
fn laptop() -> Laptop {
    laptop_with_clock(Instant::now)
}

fn laptop_with_clock(clock: crate::state::Clock) -> Laptop {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tic-review.db");
    let (review, chair, member) = seed(&db);
    let app = mock_app();
    app.manage(AppState::open_with_key(db, &test_key(), clock));
    Laptop { dir, app, review, chair, member }
}

/// Tests never reach the operating system's secret store: a fixed key, as `TIC_REVIEW_KEY` gives.
fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex("5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332").expect("64 hex digits")
}

fn seed(db: &Path) -> (ReviewId, ExpertId, ExpertId) {
    let store = Store::open(db, &test_key()).unwrap();
    let center = store
        .create_center(&CenterDraft {
            name: "内蒙古自治区稀土功能材料技术创新中心".into(),
            region: Region::InnerMongolia,
            center_type: "专业技术类".into(),
            industry_field: "稀土新材料".into(),
            lead_unit: "包头稀土研究院".into(),
            cobuild_units: vec![],
            organization_mode: "高校院所牵头".into(),
            approval_date: None,
            build_period_years: None,
            director: "李明".into(),
            committee_members: vec![],
        })
        .unwrap();
    let review = store
        .create_review(&ReviewDraft {
            center_id: center.id,
            template_id: TemplateId("nm.consultation".into()),
            review_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            place: "包头市".into(),
            organizer: "内蒙古自治区科学技术厅".into(),
        })
        .unwrap()
        .id;
    let seat = |name: &str, role| {
        let draft = PanelMemberDraft { name: name.into(), title: "研究员".into(), affiliation: format!("{name}所在单位"), expert_type: ExpertType::Technical, role };
        store.add_panel_member(review, &draft).unwrap().expert_id
    };
    let chair = seat("王振华", PanelRole::Chair);
    let member = seat("李晓梅", PanelRole::Member);
    let template = store.review_template(review).unwrap();
    for (expert, pin) in [(chair, CHAIR_PIN), (member, MEMBER_PIN)] {
        store.set_pin(review, expert, pin).unwrap();
        store.declare(review, expert, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }).unwrap();
        for (_, c) in template.criteria() {
            let (points, yes_no) = if c.veto { (None, Some(false)) } else { (Some(c.max), None) };
            store.save_answer(review, expert, &Answer { criterion: c.id.clone(), points, yes_no, comment: String::new() }).unwrap();
        }
        let opinion = Opinion {
            strengths: "基础扎实。".into(),
            problems: "转化机制论证不足。".into(),
            suggestions: "明确考核指标。".into(),
            remarks: String::new(),
            recommended_conclusion: Some(0),
        };
        store.save_opinion(review, expert, &opinion).unwrap();
        store.submit_sheet(review, expert).unwrap();
    }
    (review, chair, member)
}

fn assert_refused<T: std::fmt::Debug>(result: Result<T, CommandError>, code: ErrorCode, message: &str) {
    let err = result.expect_err("refused");
    assert_eq!((err.code, err.message.as_str()), (code, message));
}

const NOT_SIGNED_IN: &str = "请先选择您的姓名并输入 PIN";

#[test]
fn expert_commands_refuse_when_nobody_is_signed_in() {
    let l = laptop();
    let out = l.path("out.pdf");
    assert_refused(scoring::my_sheet(l.state()), ErrorCode::NotSignedIn, NOT_SIGNED_IN);
    assert_refused(
        scoring::save_answer(l.state(), params(json!({ "criterion": "nm.c.C1", "points": "1.0", "yes_no": null, "comment": "" }))),
        ErrorCode::NotSignedIn,
        NOT_SIGNED_IN,
    );
    assert_refused(
        documents::export_document(l.state(), params(json!({ "kind": "panel_opinion", "expert": null, "path": out, "passphrase": "x" }))),
        ErrorCode::NotSignedIn,
        NOT_SIGNED_IN,
    );
    assert_refused(
        exchange::export_review_package(l.state(), params(json!({ "path": l.path("r.ticreview"), "passphrase": "x" }))),
        ErrorCode::NotSignedIn,
        NOT_SIGNED_IN,
    );
    assert_refused(
        exchange::import_sheet_packages(l.state(), params(json!({ "paths": [] })), Channel::new(|_| Ok(()))),
        ErrorCode::NotSignedIn,
        NOT_SIGNED_IN,
    );
    assert_refused(exchange::adopt_sheet_package(l.state(), params(json!({ "package_id": 1 }))), ErrorCode::NotSignedIn, NOT_SIGNED_IN);
    assert!(!out.exists());
}

#[test]
fn a_wrong_pin_signs_nobody_in_and_signing_out_ends_the_session() {
    let l = laptop();
    assert_refused(l.sign_in(l.member, "9999"), ErrorCode::Invalid, "PIN 不正确，请重新输入");
    assert_eq!(scoring::current_session(l.state()).unwrap(), None);
    // Another member's PIN does not open this member's sheet.
    assert_refused(l.sign_in(l.member, CHAIR_PIN), ErrorCode::Invalid, "PIN 不正确，请重新输入（再输错将需要等待）");

    let session = l.sign_in(l.member, MEMBER_PIN).unwrap();
    assert_eq!((session.expert_id, session.role), (l.member, PanelRole::Member));
    assert_eq!(scoring::my_sheet(l.state()).unwrap().expert_id, l.member);
    scoring::sign_out(l.state()).unwrap();
    assert_eq!(scoring::current_session(l.state()).unwrap(), None);
    assert_refused(scoring::my_sheet(l.state()), ErrorCode::NotSignedIn, NOT_SIGNED_IN);
}

#[test]
fn a_signed_in_member_is_refused_the_chairs_documents_and_packages_and_nothing_is_written() {
    let l = laptop();
    l.sign_in(l.member, MEMBER_PIN).unwrap();
    let export = |kind: &str, expert: Option<ExpertId>, file: &str| {
        documents::export_document(l.state(), params(json!({ "kind": kind, "expert": expert, "path": l.path(file), "passphrase": "member-passphrase" })))
    };
    assert_refused(export("panel_opinion", None, "opinion.pdf"), ErrorCode::Invalid, "只有专家组组长可以导出专家组意见");
    assert_refused(export("score_summary", None, "summary.pdf"), ErrorCode::Invalid, "只有专家组组长可以导出专家评分汇总表");
    assert_refused(export("sign_in", None, "sign-in.pdf"), ErrorCode::Invalid, "只有专家组组长可以导出专家签到表");
    assert_refused(export("site_visit", None, "visit.pdf"), ErrorCode::Invalid, "只有专家组组长可以导出实地考察记录");
    assert_refused(export("score_sheet", Some(l.chair), "chair-sheet.pdf"), ErrorCode::Invalid, "只有专家组组长可以导出其他专家的个人评分表");
    assert_refused(
        documents::export_workbook(l.state(), params(json!({ "path": l.path("book.xlsx") }))),
        ErrorCode::Invalid,
        "「评分汇总」只有专家组组长可以查看评分汇总",
    );

    const ONLY_THE_CHAIR: &str = "「交换包」只有专家组组长可以导出评审包、导入或选定评分包";
    // The member has a signing identity, so the refusal is about the role, not the certificate.
    documents::create_signing_identity(l.state(), params(json!({ "passphrase": "member-passphrase" }))).unwrap();
    assert_refused(
        exchange::export_review_package(l.state(), params(json!({ "path": l.path("r.ticreview"), "passphrase": "member-passphrase" }))),
        ErrorCode::Invalid,
        ONLY_THE_CHAIR,
    );
    let sheet = l.path("sheet.ticsheet");
    std::fs::write(&sheet, b"PK").unwrap();
    assert_refused(
        exchange::import_sheet_packages(l.state(), params(json!({ "paths": [sheet] })), Channel::new(|_| Ok(()))),
        ErrorCode::Invalid,
        ONLY_THE_CHAIR,
    );
    assert_refused(exchange::adopt_sheet_package(l.state(), params(json!({ "package_id": 1 }))), ErrorCode::Invalid, ONLY_THE_CHAIR);

    let written: Vec<String> = std::fs::read_dir(l.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    let mut written: Vec<&str> = written.iter().map(String::as_str).filter(|n| !n.starts_with("tic-review.db")).collect();
    written.sort_unstable();
    assert_eq!(written, ["sheet.ticsheet"], "no document, workbook or package was written");

    // The same commands work for the chair once signed in: the refusals were about who asked.
    scoring::sign_out(l.state()).unwrap();
    l.sign_in(l.chair, CHAIR_PIN).unwrap();
    documents::export_workbook(l.state(), params(json!({ "path": l.path("book.xlsx") }))).unwrap();
    assert!(l.path("book.xlsx").exists());
}

#[test]
fn submitting_a_sheet_signs_the_expert_out() {
    let l = laptop();
    l.sign_in(l.member, MEMBER_PIN).unwrap();
    scoring::reopen_sheet(l.state(), params(json!({ "reason": "补充意见" }))).unwrap();
    let sheet = scoring::submit_sheet(l.state()).unwrap();
    assert_eq!(sheet.revision, 2);
    assert_eq!(scoring::current_session(l.state()).unwrap(), None);
    assert_refused(scoring::my_sheet(l.state()), ErrorCode::NotSignedIn, NOT_SIGNED_IN);
}

#[test]
fn wrong_pins_make_the_member_wait_until_the_chair_lifts_it_with_the_chairs_own_pin() {
    let l = laptop();
    assert_refused(l.sign_in(l.member, "0000"), ErrorCode::Invalid, "PIN 不正确，请重新输入");
    assert_refused(l.sign_in(l.member, "0001"), ErrorCode::Invalid, "PIN 不正确，请重新输入（再输错将需要等待）");
    assert_refused(l.sign_in(l.member, "0002"), ErrorCode::Invalid, "PIN 不正确，已连续输错 3 次，请 30 秒后再试");
    assert!(l.sign_in(l.member, MEMBER_PIN).is_err(), "the right PIN waits too");
    assert_eq!(scoring::current_session(l.state()).unwrap(), None);
    let unlock = |chair: ExpertId, pin: &str| {
        scoring::unlock_pin(l.state(), params(json!({ "review_id": l.review, "chair_id": chair, "chair_pin": pin, "expert_id": l.member })))
    };
    assert_refused(unlock(l.member, MEMBER_PIN), ErrorCode::Invalid, "「解锁」只有专家组组长可以解锁");
    unlock(l.chair, CHAIR_PIN).unwrap();
    assert_eq!(l.sign_in(l.member, MEMBER_PIN).unwrap().expert_id, l.member);
}

/// Seconds added to a fixed start; only the idle test moves it.
static IDLE_SECONDS: AtomicU64 = AtomicU64::new(0);

fn idle_clock() -> Instant {
    static START: OnceLock<Instant> = OnceLock::new();
    *START.get_or_init(Instant::now) + Duration::from_secs(IDLE_SECONDS.load(Ordering::SeqCst))
}

fn sit_idle(minutes: u64, seconds: u64) {
    IDLE_SECONDS.fetch_add(minutes * 60 + seconds, Ordering::SeqCst);
}

#[test]
fn an_expert_idle_past_the_setting_is_signed_out_and_told_why() {
    let l = laptop_with_clock(idle_clock);
    l.sign_in(l.member, MEMBER_PIN).unwrap();
    // Activity (any command, or the window's keep_session) restarts the five minutes.
    sit_idle(4, 0);
    scoring::my_sheet(l.state()).unwrap();
    sit_idle(4, 59);
    scoring::keep_session(l.state()).unwrap();
    sit_idle(5, 0);
    assert_eq!(scoring::current_session(l.state()).unwrap().map(|s| s.expert_id), Some(l.member), "exactly five minutes is not past");
    sit_idle(0, 1);
    assert_refused(scoring::my_sheet(l.state()), ErrorCode::NotSignedIn, "超过 5 分钟没有操作，为保护评分已自动退出，请重新选择姓名并输入 PIN");
    assert_eq!(scoring::current_session(l.state()).unwrap(), None);
    assert_refused(scoring::my_sheet(l.state()), ErrorCode::NotSignedIn, NOT_SIGNED_IN);

    // A department that wants longer sets it; the change applies at once.
    let mut settings = super::centers::settings(l.state()).unwrap();
    settings.idle_sign_out_minutes = 10;
    super::centers::save_settings(l.state(), settings).unwrap();
    l.sign_in(l.member, MEMBER_PIN).unwrap();
    sit_idle(9, 0);
    scoring::keep_session(l.state()).unwrap();
}

#[test]
fn showing_a_file_that_is_not_there_says_which_and_opens_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("gone.pdf");
    let err = super::documents::reveal_file(params(serde_json::json!({ "path": missing }))).expect_err("refused");
    assert_eq!(err.code, ErrorCode::BadFile);
    assert!(err.message.starts_with(&format!("无法打开「{}」所在的文件夹（详情：", missing.display())), "{}", err.message);
}
