//! Opening an encrypted database from the window when its key is sealed under a passphrase, or
//! when a new database needs one (no secret store): the commands as the window calls them. The
//! state here never reads `TIC_REVIEW_KEY` or the real secret store.

use serde_json::json;
use tauri::test::mock_app;
use tauri::Manager;

use super::{app, centers, reviews};
use crate::dto::{DatabaseState, ErrorCode};
use crate::state::AppState;

fn params<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("parameters as the window sends them")
}

fn start(db: &std::path::Path) -> tauri::App<tauri::test::MockRuntime> {
    let app = mock_app();
    app.manage(AppState::open_without_key_sources(db.to_owned()));
    app
}

fn database_state(app: &tauri::App<tauri::test::MockRuntime>) -> DatabaseState {
    app::app_info(app.state()).unwrap().database_state
}

#[test]
fn a_new_database_without_a_secret_store_is_protected_by_the_passphrase_chosen_and_asks_for_it_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tic-review.db");
    let first = start(&db);
    assert_eq!(database_state(&first), DatabaseState::ChoosePassphrase);
    let refused = reviews::list_reviews(first.state(), params(json!({ "filter": tic_domain::ReviewFilter::default() }))).unwrap_err();
    assert_eq!((refused.code, refused.message.as_str()), (ErrorCode::Storage, "数据库尚未解锁，请先输入数据库口令。"));

    let mismatch = app::choose_database_passphrase(first.state(), params(json!({ "passphrase": "黄河长江泰山华山", "repeated": "黄河长江泰山衡山" }))).unwrap_err();
    assert_eq!(mismatch.message, "两次输入的口令不一致，请重新输入");
    let short = app::choose_database_passphrase(first.state(), params(json!({ "passphrase": "1234567", "repeated": "1234567" }))).unwrap_err();
    assert_eq!((short.code, short.message.as_str()), (ErrorCode::Invalid, "口令至少需要 8 个字符"));
    assert!(!dir.path().join("tic-review.db.key").exists(), "nothing written for a refused passphrase");

    app::choose_database_passphrase(first.state(), params(json!({ "passphrase": "黄河长江泰山华山", "repeated": "黄河长江泰山华山" }))).unwrap();
    assert_eq!(database_state(&first), DatabaseState::Open);
    centers::list_centers(first.state()).unwrap();
    drop(first);
    let bytes = std::fs::read(&db).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"), "the new database is encrypted");

    // After a restart the window asks for the passphrase; a wrong one changes nothing.
    let second = start(&db);
    assert_eq!(database_state(&second), DatabaseState::AskPassphrase);
    let wrong = app::unlock_database(second.state(), params(json!({ "passphrase": "黄河长江泰山衡山" }))).unwrap_err();
    assert_eq!((wrong.code, wrong.message.as_str()), (ErrorCode::Invalid, "口令不正确，无法解开数据库密钥"));
    assert_eq!(database_state(&second), DatabaseState::AskPassphrase);
    app::unlock_database(second.state(), params(json!({ "passphrase": "黄河长江泰山华山" }))).unwrap();
    assert_eq!(database_state(&second), DatabaseState::Open);
    assert_eq!(reviews::list_reviews(second.state(), params(json!({ "filter": tic_domain::ReviewFilter::default() }))).unwrap().len(), 0, "the store answers");
    let again = app::choose_database_passphrase(second.state(), params(json!({ "passphrase": "xxxxxxxxxx", "repeated": "xxxxxxxxxx" }))).unwrap_err();
    assert_eq!(again.message, "数据库已有密钥，不能重新设置口令");
}

#[test]
fn an_encrypted_database_whose_key_file_is_missing_says_so_and_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tic-review.db");
    drop(tic_store::Store::open(&db, &tic_store::DataKey::random()).unwrap());
    let app = start(&db);
    let info = app::app_info(app.state()).unwrap();
    assert_eq!(info.database_state, DatabaseState::Failed);
    let message = info.open_error.unwrap();
    assert!(message.starts_with("数据库已加密，但找不到它的密钥文件「"), "{message}");
    assert!(message.contains("tic-review.db.key"), "{message}");
}
