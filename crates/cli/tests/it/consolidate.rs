//! `tic-review consolidate` on the documented scenario format, values worked out by hand.

use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tic-review")).args(args).output().unwrap()
}

fn fixture(name: &str) -> String {
    format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn five_experts_on_the_inner_mongolia_consultation() {
    let out = run(&["consolidate", &fixture("scenario-nm-5-experts.json")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |id: &str| v["rows"].as_array().unwrap().iter().find(|r| r["criterion"] == id).unwrap().clone();
    // Five experts ≥ min_experts 5: trimmed means. A1: 3 6 7 7.5 8 → (6 + 7 + 7.5) / 3 = 6.8333 → 6.83.
    assert_eq!(row("nm.c.A1")["aggregate"], "6.83");
    assert_eq!(row("nm.c.A1")["trimmed"], true);
    // C1: 8 8 9 9 9 → 26/3 = 8.67; D5: 2 2.5 3 3 3 → 8.5/3 = 2.83; D4: 3 3 3 3 3.5 → 3.00.
    assert_eq!(row("nm.c.C1")["aggregate"], "8.67");
    assert_eq!(row("nm.c.D5")["aggregate"], "2.83");
    assert_eq!(row("nm.c.D4")["aggregate"], "3.00");
    // Total: the four thirds-valued criteria add to 81/3 = 27, the other ten to 58 → 85.00.
    assert_eq!(v["total"], "85.00");
    assert_eq!(v["grade"], "良好");
    assert_eq!(v["suggested_conclusion"], 0);
    assert_eq!(v["suggested_conclusion_text"], "建议按专家意见完善方案后提出创建申请");
    // One veto vote of five: 1·2 > 5 is false.
    assert_eq!(row("nm.c.V1")["veto_result"], serde_json::json!({ "yes": 1, "no": 4, "stands": false }));
    assert_eq!(v["vetoed"], false);
    // Warnings: A1 median 7, 25% of 8 = 2, |3 − 7| = 4; D5 median 3, 25% of 3 = 0.75, |2 − 3| = 1.
    let warnings: Vec<String> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["warnings"].as_array().unwrap().iter().map(|w| w["message"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        warnings,
        [
            "韩永胜的评分 3 与专家组中位数 7 相差 4 分，超过满分的 25%（2 分），请说明理由",
            "刘婷的评分 2 与专家组中位数 3 相差 1 分，超过满分的 25%（0.75 分），请说明理由",
        ]
    );
    assert_eq!(v["complete"], true);
}

#[test]
fn invalid_scenarios_exit_2_naming_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let base: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(fixture("scenario-nm-5-experts.json")).unwrap()).unwrap();
    let cases: Vec<(Box<dyn Fn(&mut serde_json::Value)>, &str)> = vec![
        (Box::new(|s| s["template"] = "xx.none".into()), "没有编号为“xx.none”的内置模板"),
        (Box::new(|s| s["experts"][1]["scores"]["nm.c.A1"] = 8.5.into()), "第 2 位专家（李晓梅）：「产业聚焦」得分 8.5 超过了满分 8"),
        (Box::new(|s| s["experts"][0]["scores"]["nm.c.A1"] = "7.25".into()), "第 1 位专家（王振华），指标 nm.c.A1"),
        (Box::new(|s| { s["experts"][2]["scores"].as_object_mut().unwrap().remove("nm.c.F1"); }), "缺少指标 nm.c.F1"),
        (Box::new(|s| s["experts"][3]["name"] = "王振华".into()), "姓名为空或重复"),
        (Box::new(|s| s["experts"][0]["type"] = "lawyer".into()), "experts[0].type"),
    ];
    for (i, (mutate, needle)) in cases.into_iter().enumerate() {
        let mut s = base.clone();
        mutate(&mut s);
        let path = dir.path().join(format!("s{i}.json"));
        std::fs::write(&path, s.to_string()).unwrap();
        let out = run(&["consolidate", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "case {i}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "case {i}: {err}");
    }
    let out = run(&["consolidate", "/nonexistent/场景.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无法读取场景文件"));
}
