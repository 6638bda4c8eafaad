//! Runs the real `tic-review` binary.

use std::process::Command;

fn tic_review() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tic-review"));
    command.env("TIC_REVIEW_KEY", crate::TEST_KEY_HEX);
    command
}

#[test]
fn seed_demo_writes_once_and_list_reviews_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let out = tic_review().args(["seed-demo", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("已在"));
    let again = tic_review().args(["seed-demo", "--db"]).arg(&db).output().unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("演示数据已存在"));
    let list = tic_review().args(["list-reviews", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    // Four reviews in progress and the finished 草种业 review whose documents can be exported.
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.contains("内蒙古草种业技术创新中心\t咨询论证（含实地考察）"), "{text}");
    assert!(text.contains("内蒙古稀土功能材料技术创新中心\t咨询论证（含实地考察）"), "{text}");
    assert!(text.contains("专家 5 人\t已提交 1 份"), "{text}");
}

#[test]
fn help_lists_subcommands_in_chinese_and_english() {
    let out = tic_review().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["seed-demo", "写入演示数据", "Seed a realistic demo database", "命令行工具", "command-line tool"] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
}

#[test]
fn a_newer_database_is_refused_with_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA user_version = 99;").unwrap();
    drop(conn);
    let out = tic_review().args(["list-reviews", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("由更新版本的程序创建"));
}
