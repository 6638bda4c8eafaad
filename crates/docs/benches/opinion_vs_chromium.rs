//! Generating and signing the 专家组意见 of a 7-expert × 40-criterion review, next to headless
//! Chromium printing the same content from HTML (what a web review system does), in one run.
//!
//! `cargo bench -p tic-docs --bench opinion_vs_chromium` prints both and their ratio; Chromium is
//! looked for at /usr/bin/chromium (Debian's `chromium` package). Under `cargo test` the bench
//! runs one document as a smoke test and skips the browser.

use std::process::Command;
use std::time::{Duration, Instant};

#[path = "../tests/it/common.rs"]
mod common;

use tic_docs::opinion::{panel_opinion_pdf, OpinionDocument};
use tic_domain::panel_opinion::{OpinionApproval, OpinionItem, PanelOpinion, Rectification};
use tic_domain::{ExpertId, ExpertType, PanelMember, PanelRole, ReviewDetail};

fn review_7x40() -> ReviewDetail {
    let mut r = common::review();
    for (id, name) in [(6, "孙立群"), (7, "周海燕")] {
        r.panel.push(PanelMember {
            expert_id: ExpertId(id),
            name: name.into(),
            title: "教授".into(),
            affiliation: "内蒙古工业大学".into(),
            expert_type: ExpertType::Technical,
            role: PanelRole::Member,
        });
    }
    // 40 criteria: the template's own, then copies of them under new ids.
    let originals: Vec<_> = r.template.groups.iter().flat_map(|g| g.criteria.clone()).collect();
    let mut n = originals.len();
    while n < 40 {
        let mut c = originals[n % originals.len()].clone();
        c.id = tic_domain::CriterionId(format!("X{n}"));
        c.veto = false;
        r.template.groups.last_mut().expect("groups").criteria.push(c);
        n += 1;
    }
    r
}

fn opinion() -> PanelOpinion {
    let item = |t: String| OpinionItem { text: t, sources: vec![ExpertId(2)] };
    PanelOpinion {
        process: "2026年11月20日，内蒙古自治区科学技术厅组织专家组对内蒙古自治区稀土功能材料技术创新中心建设与运行实施方案进行了咨询论证。专家组听取了汇报，实地考察了中试车间，审阅了相关材料，经质询和讨论，形成如下意见。".into(),
        overall: "该中心定位清晰，围绕稀土功能材料产业链部署创新链，建设方案基本可行。".into(),
        strengths: (1..=6).map(|i| item(format!("第{i}条：牵头单位具备较强的研发基础和成果转化能力，已建成中试平台，近三年服务企业超过百家。"))).collect(),
        problems: (1..=4).map(|i| item(format!("第{i}条：市场化运营机制描述不够具体，收入结构中技术服务收入占比偏低。"))).collect(),
        suggestions: (1..=4).map(|i| item(format!("第{i}条：进一步明确技术指导委员会的组成和议事规则。"))).collect(),
        conclusion: Some(0),
        rectifications: vec![Rectification { item: "补充完善市场化运营方案。".into(), deadline: Some("2027-03-31".parse().expect("date")) }],
        dissent: String::new(),
    }
}

fn html(r: &ReviewDetail, o: &PanelOpinion, font: &str, signature_png: &[u8]) -> String {
    let b64 = base64(signature_png);
    let mut s = format!(
        "<!doctype html><meta charset=utf-8><style>@font-face{{font-family:Doc;src:url('file://{font}')}}\
         body{{font-family:Doc;font-size:12pt}}@page{{size:A4;margin:25mm}}table{{border-collapse:collapse;width:100%}}\
         td,th{{border:0.6pt solid #000;padding:4pt}}h1{{text-align:center;font-size:18pt}}p{{text-indent:2em}}</style>\
         <h1>{}</h1><h1>{}专家组意见</h1><table>",
        r.center.facts.name, r.template.stage_name
    );
    for (k, v) in [("中心名称", &r.center.facts.name), ("牵头单位", &r.center.facts.lead_unit), ("评审地点", &r.summary.place)] {
        s.push_str(&format!("<tr><td>{k}</td><td>{v}</td></tr>"));
    }
    s.push_str(&format!("</table><p>{}</p><h2>一、总体评价</h2><p>{}</p>", o.process, o.overall));
    for (title, list) in [("二、主要优点", &o.strengths), ("三、存在的问题", &o.problems), ("四、意见和建议", &o.suggestions)] {
        s.push_str(&format!("<h2>{title}</h2>"));
        for (i, item) in list.iter().enumerate() {
            s.push_str(&format!("<p>{}. {}</p>", i + 1, item.text));
        }
    }
    s.push_str("<h2>专家组成员签字</h2><table><tr><th>序号</th><th>姓名</th><th>工作单位</th><th>职称</th><th>签字</th></tr>");
    for (i, m) in r.panel.iter().enumerate() {
        s.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><img style='height:28pt' src='data:image/png;base64,{b64}'></td></tr>",
            i + 1,
            m.name,
            m.affiliation,
            m.title
        ));
    }
    s.push_str("</table>");
    s
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(T[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let review = review_7x40();
    let opinion = opinion();
    let approvals: Vec<OpinionApproval> = review
        .panel
        .iter()
        .map(|m| OpinionApproval { expert_id: m.expert_id, name: m.name.clone(), approved_version: Some(1), approved_at: None, current: true, objected_version: None, objection: None })
        .collect();
    // Signatures as the store keeps them: cropped to the ink, greyscale.
    let sigs: Vec<_> = common::signatures(&[1, 2, 3, 4, 5, 6, 7])
        .into_iter()
        .map(|(e, png)| (e, tic_store::normalized_signature(&png).expect("a drawn signature")))
        .collect();
    let identity = tic_sign::Identity::generate("王振华", "东北大学").expect("identity");
    let when = chrono::DateTime::parse_from_rfc3339("2026-11-20T17:00:00+08:00").expect("date");
    let doc = OpinionDocument { review: &review, opinion: &opinion, total: Some("87.55"), grade: Some("良好"), approvals: &approvals, recused: &[], signatures: &sigs, checks: &[] };
    let one = || {
        let rendered = panel_opinion_pdf(&doc).expect("opinion");
        let request = tic_sign::SignRequest { name: "王振华", reason: "专家组意见", fingerprint: &rendered.fingerprint, when };
        tic_sign::sign_pdf(&rendered.bytes, &identity, &request).expect("signed")
    };
    let first = one(); // also parses the font once, as the app does at its first export
    assert!(tic_sign::verify_pdf(&first).is_ok());
    if !benching {
        println!("opinion_vs_chromium: one document generated and signed ({} bytes); run `cargo bench` to compare", first.len());
        return;
    }
    let runs = 30;
    let start = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(one());
    }
    let ours = start.elapsed() / runs;

    let chromium = "/usr/bin/chromium";
    let dir = std::env::temp_dir().join(format!("tic-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let font = tic_docs::font::font().path.clone();
    let page = dir.join("opinion.html");
    std::fs::write(&page, html(&review, &opinion, &font.display().to_string(), &sigs[0].1)).expect("html");
    let print = || {
        let out = dir.join("chromium.pdf");
        let status = Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-pdf-header-footer"])
            .arg(format!("--user-data-dir={}", dir.join("profile").display()))
            .arg(format!("--print-to-pdf={}", out.display()))
            .arg(format!("file://{}", page.display()))
            .output();
        status.map(|o| o.status.success() && out.exists()).unwrap_or(false)
    };
    println!("专家组意见（7 名专家 × 40 项指标），生成并签名：平均 {:.1} ms / 份（{runs} 次，{} 字节）", ms(ours), first.len());
    if !std::path::Path::new(chromium).exists() || !print() {
        println!("未找到可用的 {chromium}（Debian 软件包 chromium），无法对照");
        return;
    }
    let chrome_runs = 5;
    let start = Instant::now();
    for _ in 0..chrome_runs {
        assert!(print());
    }
    let theirs = start.elapsed() / chrome_runs;
    let _ = std::fs::remove_dir_all(&dir);
    println!("无界面 Chromium 打印同等 HTML：平均 {:.1} ms / 份（{chrome_runs} 次，含浏览器启动）", ms(theirs));
    println!("倍数：{:.1}×（目标 ≥ 20×，且每份 ≤ 50 ms）", theirs.as_secs_f64() / ours.as_secs_f64());
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
