//! The 专家组意见 rendered from a fixture review, read back with poppler's pdftotext and pdfinfo.

use tic_docs::opinion::{panel_opinion_pdf, OpinionDocument};
use tic_docs::DocError;
use tic_domain::panel_opinion::{OpinionApproval, OpinionItem, PanelOpinion, Rectification};
use tic_domain::ExpertId;


use crate::common::{review, signatures, tool};

fn opinion(points: usize) -> PanelOpinion {
    let item = |t: String| OpinionItem { text: t, sources: vec![ExpertId(2)] };
    PanelOpinion {
        process: "2026年11月20日，内蒙古自治区科学技术厅组织专家组在包头市对内蒙古自治区稀土功能材料技术创新中心建设与运行实施方案进行了咨询论证。专家组听取了汇报，实地考察了中试车间，审阅了相关材料，经质询和讨论，形成如下意见。".into(),
        overall: "该中心定位清晰，围绕稀土功能材料产业链部署创新链，建设方案基本可行。".into(),
        strengths: (1..=points).map(|i| item(format!("第{i}条优点：牵头单位具备较强的研发基础和成果转化能力，已建成中试平台，近三年服务企业超过百家（含“稀土永磁”“储氢材料”等方向）。"))).collect(),
        problems: vec![item("市场化运营机制描述不够具体，收入结构中技术服务收入占比偏低。".into())],
        suggestions: vec![item("进一步明确技术指导委员会的组成和议事规则。".into())],
        conclusion: Some(0),
        rectifications: vec![Rectification { item: "补充完善市场化运营方案，明确技术服务收入目标。".into(), deadline: Some("2027-03-31".parse().unwrap()) }],
        dissent: String::new(),
    }
}

fn approvals(current: bool) -> Vec<OpinionApproval> {
    ["王振华", "李晓梅", "赵国强", "刘婷", "韩永胜"]
        .iter()
        .enumerate()
        .map(|(i, n)| OpinionApproval { expert_id: ExpertId(i as i64 + 1), name: (*n).into(), approved_version: Some(1), approved_at: None, current: current || i > 0, objected_version: None, objection: None })
        .collect()
}

#[test]
fn the_panel_opinion_reads_back_exactly_and_stays_small() {
    let review = review();
    let opinion = opinion(3);
    let approvals = approvals(true);
    let sigs = signatures(&[1, 2, 3, 4, 5]);
    let doc = OpinionDocument { review: &review, opinion: &opinion, total: Some("87.55"), grade: Some("良好"), approvals: &approvals, recused: &[], signatures: &sigs, checks: &[] };
    let bytes = panel_opinion_pdf(&doc).unwrap().bytes;
    if let Some(out) = std::env::var_os("TIC_DOCS_SAMPLE") {
        std::fs::write(out, &bytes).unwrap();
    }
    assert!(bytes.len() < 300_000, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("专家组意见.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let p = path.to_str().unwrap();
    let flat: String = tool("pdftotext", &[p, "-"]).chars().filter(|c| !c.is_whitespace()).collect();
    // Each page carries the mark and its number.
    let pages: usize = tool("pdfinfo", &[p]).lines().find(|l| l.starts_with("Pages:")).unwrap()[6..].trim().parse().unwrap();
    assert_eq!(pages, 2);
    for n in 1..=pages {
        assert!(flat.contains(&format!("第{n}页共{pages}页")), "{flat}");
    }
    assert_eq!(flat.matches("内部资料").count(), pages);
    for needle in [
        "咨询论证（含实地考察）专家组意见",
        "包头稀土研究院",
        "87.55分（良好）",
        "该中心定位清晰，围绕稀土功能材料产业链部署创新链，建设方案基本可行。",
        "（含“稀土永磁”“储氢材料”等方向）",
        "补充完善市场化运营方案，明确技术服务收入目标。",
        "2027年3月31日",
        "中国科学院长春应用化学研究所",
        "专家组组长（签字）",
        // The headings the chair's form shows, numbered alike.
        "一、总体评价",
        "二、主要优点",
        "三、存在问题",
        "四、修改建议",
        "五、评审结论",
        "六、整改要求",
    ] {
        assert!(flat.contains(needle), "missing {needle} in {flat}");
    }
    assert_type_area(p);
}

/// GB/T 9704-2012 §5.2: A4, top margin 37 mm, left 28 mm, type area 156 × 225 mm — so nothing but
/// the page furniture (the mark above, page number and fingerprint below) leaves that area.
fn assert_type_area(pdf: &str) {
    let pt = |mm: f32| mm * 72.0 / 25.4;
    let info = tool("pdfinfo", &[pdf]);
    assert!(info.contains("595.28 x 841.89"), "{info}");
    let (left, top) = (pt(28.0), pt(37.0));
    let (right, bottom) = (left + pt(156.0), top + pt(225.0));
    let bbox = tool("pdftotext", &["-bbox", pdf, "-"]);
    let mut body = 0;
    let mut min_x = f32::MAX;
    for line in bbox.lines().filter(|l| l.trim_start().starts_with("<word")) {
        let attr = |name: &str| -> f32 {
            let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[start..].split('"').next().unwrap().parse().unwrap()
        };
        let (x0, y0, x1, y1) = (attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax"));
        let word = line.rsplit('>').nth(1).unwrap_or_default();
        let furniture = y1 < top || y0 > bottom;
        if furniture {
            assert!(word.contains("内部资料") || word.contains("注意保密") || word.contains('第') || word.contains('页') || y0 > bottom, "{line}");
            continue;
        }
        body += 1;
        min_x = min_x.min(x0);
        assert!(x0 >= left - 0.5 && x1 <= right + 0.5, "outside the type area: {line}");
    }
    assert!(body > 50);
    // The body starts at the left edge of the type area (the table's rules and unindented headings).
    assert!((min_x - left).abs() < 6.0, "left edge {min_x} vs {left}");
}

#[test]
fn long_opinions_flow_over_pages_without_a_line_starting_with_closing_punctuation() {
    let review = review();
    let opinion = opinion(30);
    let approvals = approvals(true);
    let sigs = signatures(&[1, 2, 3, 4, 5]);
    let doc = OpinionDocument { review: &review, opinion: &opinion, total: None, grade: None, approvals: &approvals, recused: &[], signatures: &sigs, checks: &[] };
    let bytes = panel_opinion_pdf(&doc).unwrap().bytes;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    assert!(text.contains("第3页"), "expected at least three pages: {text}");
    for line in text.lines().map(str::trim_start).filter(|l| !l.is_empty()) {
        assert!(!line.starts_with(['，', '。', '、', '；', '：', '）', '”']), "line starts with punctuation: {line}");
    }
    assert!(text.contains("30. 第30条优点"));
}

#[test]
fn it_is_refused_until_everyone_approved_and_for_characters_the_font_lacks() {
    let review = review();
    let opinion = opinion(1);
    let pending = approvals(false);
    let sigs = signatures(&[1, 2, 3, 4, 5]);
    let doc = OpinionDocument { review: &review, opinion: &opinion, total: None, grade: None, approvals: &pending, recused: &[], signatures: &sigs, checks: &[] };
    let err = panel_opinion_pdf(&doc).unwrap_err();
    assert_eq!(err.to_string(), "以下专家尚未确认专家组意见：王振华");
    // A recused member's approval is not needed.
    let doc = OpinionDocument { recused: &[ExpertId(1)], ..doc };
    assert!(panel_opinion_pdf(&doc).is_ok());

    let mut odd = opinion.clone();
    odd.overall = "评价\u{10FFFD}".into();
    let all = approvals(true);
    let doc = OpinionDocument { review: &review, opinion: &odd, total: None, grade: None, approvals: &all, recused: &[], signatures: &sigs, checks: &[] };
    assert!(matches!(panel_opinion_pdf(&doc), Err(DocError::MissingGlyph { ref field, .. }) if field == "总体评价"));
}
