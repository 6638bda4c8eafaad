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
    // Four reviews in progress, the finished 草种业 review whose documents can be exported, and
    // the two evaluations of the center with a history.
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(text.contains("内蒙古自治区草种业技术创新中心\t咨询论证（含实地考察）"), "{text}");
    assert!(text.contains("内蒙古自治区稀土功能材料技术创新中心\t咨询论证（含实地考察）"), "{text}");
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

#[test]
fn backup_and_restore_round_trip_into_a_fresh_folder_and_refuse_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(tic_review().args(["seed-demo", "--db"]).arg(&db).output().unwrap().status.success());
    let file = dir.path().join("usb/backup.ticbackup");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let out = tic_review().env("TIC_REVIEW_BACKUP_PASSPHRASE", "USB-stick-2026").args(["backup", "--db"]).arg(&db).arg("--out").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("中心 6 个，评审 7 项，照片文件 4 个"), "{}", String::from_utf8_lossy(&out.stdout));

    // A damaged copy is refused with exit code 2, and the target is not created.
    let mut damaged = std::fs::read(&file).unwrap();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    let bad = dir.path().join("damaged.ticbackup");
    std::fs::write(&bad, damaged).unwrap();
    let fresh = dir.path().join("fresh/tic-review.db");
    let refused = tic_review().env("TIC_REVIEW_BACKUP_PASSPHRASE", "USB-stick-2026").args(["restore", "--from"]).arg(&bad).arg("--db").arg(&fresh).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("备份口令不正确，或文件已被改动、不完整"), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(!fresh.exists());

    // The passphrase may also come on standard input, as a person types it.
    let mut restore = tic_review()
        .args(["restore", "--from"])
        .arg(&file)
        .arg("--db")
        .arg(&fresh)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(restore.stdin.as_mut().unwrap(), b"USB-stick-2026\n").unwrap();
    let restored = restore.wait_with_output().unwrap();
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    assert!(String::from_utf8_lossy(&restored.stdout).contains("完整性检查：ok"));
    let list = |db: &std::path::Path| String::from_utf8_lossy(&tic_review().args(["list-reviews", "--db"]).arg(db).output().unwrap().stdout).into_owned();
    assert_eq!(list(&fresh), list(&db));
}

#[test]
fn audit_prints_the_log_and_exits_1_once_a_row_was_edited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(tic_review().args(["seed-demo", "--db"]).arg(&db).output().unwrap().status.success());
    let out = tic_review().args(["audit", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{text}");
    // The demo's members declared and submitted through the store: both are in the log.
    assert!(text.contains("\t提交评分表\t") && text.contains("\t回避声明\t"), "{text}");
    assert!(text.lines().last().unwrap().starts_with("日志完整：共 "), "{text}");

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{}'\"; UPDATE audit_log SET actor = '某人' WHERE seq = 3;", crate::TEST_KEY_HEX)).unwrap();
    drop(conn);
    let out = tic_review().args(["audit", "--db"]).arg(&db).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("日志校验未通过：第 3 条记录的内容被改动过"), "{}", String::from_utf8_lossy(&out.stdout));
}

// The demo on 2 December 2026. 四川 (启动建设 2022-09-15, four years, SC:100): written reports on
// 2022–2025 — the first due 2023-03-31, 1342 days before (366 + 365 + 365 to 2026-03-31, 246 more)
// — and the summary evaluation due 2026-09-15 (78 days late; the review of 2026-12-08 is only
// scheduled). 广西 (批复建设 2023-06-30, GX:18): reports on 2023–2025; acceptance held 2026-10-28.
// 内蒙古乳业 (批复认定 2023-07-15, NM:45/46): the 2026 report due 2027-03-31 (119 days ahead) and
// the first performance evaluation, a reminder, due 2025-07-15.
#[test]
fn due_lists_each_center_s_dates_overdue_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(tic_review().args(["seed-demo", "--db"]).arg(&db).output().unwrap().status.success());
    let out = tic_review().args(["due", "--on", "2026-12-02", "--json", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = items.as_array().unwrap();
    let line = |i: &serde_json::Value| format!("{} {} {} {}", i["due_on"].as_str().unwrap(), i["center_name"].as_str().unwrap(), i["what"].as_str().unwrap(), i["days_left"]);
    let lines: Vec<String> = items.iter().map(line).collect();
    // 现代煤化工 (批复认定 2022-09-15, NM:45): the 2025 report is overdue, the 2026 one to come; its
    // evaluations were held and its rectification accepted, but one 整改事项 of the follow-up is open.
    assert_eq!(lines.len(), 13, "{lines:#?}");
    assert!(lines.contains(&"2026-03-31 内蒙古自治区现代煤化工技术创新中心 整改：在 2025 年度报告中报告收益分配办法的执行情况 -246".to_owned()), "{lines:#?}");
    assert!(lines.contains(&"2026-03-31 内蒙古自治区现代煤化工技术创新中心 2025 年度报告 -246".to_owned()), "{lines:#?}");
    assert_eq!(lines[12], "2027-03-31 内蒙古自治区现代煤化工技术创新中心 2026 年度报告 119");
    assert_eq!(lines[0], "2023-03-31 四川省高端能源装备技术创新中心 2022 年度建设情况书面报告 -1342");
    assert!(lines.contains(&"2026-09-15 四川省高端能源装备技术创新中心 建设期满前总结评估 -78".to_owned()), "{lines:#?}");
    assert!(lines.contains(&"2024-03-31 广西糖业技术创新中心 2023 年度工作情况及下年度工作计划 -976".to_owned()), "{lines:#?}");
    assert!(!lines.iter().any(|l| l.contains("评估验收")), "广西's acceptance was held: {lines:#?}");
    assert_eq!(lines[11], "2027-03-31 内蒙古自治区乳业技术创新中心 2026 年度报告 119");
    let evaluation = items.iter().find(|i| i["what"] == "首次绩效评价").unwrap();
    assert_eq!((evaluation["due_on"].as_str(), evaluation["advisory"].as_bool(), evaluation["source"]["line"].as_u64()), (Some("2025-07-15"), Some(true), Some(46)));

    // The table form, and a date written the way people write it.
    let text = tic_review().args(["due", "--on", "２０２６年１２月２日", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("2026-09-15\t四川省高端能源装备技术创新中心\t建设期满前总结评估\t四川省\t逾期 78 天\t四川指引 第 100 行"), "{text}");
    assert!(text.ends_with("共 13 项（2026-12-02 计）\n"), "{text}");
    let bad = tic_review().args(["due", "--on", "明天", "--db"]).arg(&db).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("「--on」“明天”不是有效的日期"));
}

// The demo's 现代煤化工 center: its 2024-10-10 绩效评价 totalled 54.80 (不合格), its 2025-07-10
// follow-up 81.93 (良好), so 2025 shows +27.13 (81.93 − 54.80); one 整改事项 of 2025 is still
// open after its 2026-03-31 deadline. 乳业's only 绩效评价 is scheduled for 2026-12-15, without
// sheets, so nobody else was evaluated in 2025. Under NM:46 (the default) 良好 gets the post-subsidy.
#[test]
fn overview_shows_the_latest_evaluation_and_the_change_since_last_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(tic_review().args(["seed-demo", "--db"]).arg(&db).output().unwrap().status.success());
    let xlsx = dir.path().join("overview.xlsx");
    let out = tic_review().args(["overview", "--region", "nm", "--year", "2025", "--on", "2026-12-02", "--json", "--xlsx"]).arg(&xlsx).arg("--db").arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let o: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &o["rows"][0];
    assert_eq!(row["center_name"], "内蒙古自治区现代煤化工技术创新中心");
    assert_eq!((row["total"].as_str(), row["grade"].as_str(), row["previous_total"].as_str(), row["change"].as_str()), (Some("81.93"), Some("良好"), Some("54.80"), Some("+27.13")));
    assert_eq!((row["overdue_rectifications"].as_u64(), row["post_subsidy"].as_bool()), (Some(1), Some(true)));
    assert_eq!((o["evaluated"].as_u64(), o["post_subsidy_source"]["line"].as_u64()), (Some(1), Some(46)));
    assert!(o["rows"].as_array().unwrap()[1..].iter().all(|r| r["total"].is_null()), "{o:#}");
    // The workbook opens as a zip with both sheets.
    let bytes = std::fs::read(&xlsx).unwrap();
    assert_eq!(&bytes[..2], b"PK");

    let text = tic_review().args(["overview", "--region", "内蒙古", "--year", "2024", "--on", "2026-12-02", "--db"]).arg(&db).output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("内蒙古自治区现代煤化工技术创新中心\t已认定\t2024-10-10"), "{text}");
    assert!(text.contains("54.80/100 不合格"), "{text}");
    assert!(text.contains("内蒙古自治区2024 年：参评 1 个"), "{text}");
    let bad = tic_review().args(["overview", "--region", "上海", "--year", "2025", "--db"]).arg(&db).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("「--region」“上海”不是已知地区"), "{}", String::from_utf8_lossy(&bad.stderr));
}
