//! Fixtures shared by the document tests: a review, drawn signatures, a photo, poppler.
#![allow(dead_code)]

use std::io::Cursor;
use std::process::Command;

use tic_domain::review::ReviewSummary;
use tic_domain::{Center, CenterDraft, CenterId, ExpertId, ExpertType, PanelMember, PanelRole, Region, ReviewDetail, ReviewId, ReviewStatus, Stage, Template};

pub fn review() -> ReviewDetail {
    let (file, json) = tic_domain::builtin::BUILTIN_TEMPLATES.iter().find(|(f, _)| *f == "nm.consultation.json").unwrap();
    let template = Template::parse(file, json.as_bytes()).unwrap();
    let member = |id: i64, name: &str, unit: &str, role: PanelRole| PanelMember {
        expert_id: ExpertId(id),
        name: name.into(),
        title: "研究员".into(),
        affiliation: unit.into(),
        expert_type: ExpertType::Technical,
        role,
    };
    ReviewDetail {
        summary: ReviewSummary {
            id: ReviewId(1),
            center_id: CenterId(1),
            center_name: "内蒙古自治区稀土功能材料技术创新中心".into(),
            region: Region::InnerMongolia,
            stage: Stage::Consultation,
            stage_name: template.stage_name.clone(),
            template_name: template.name.clone(),
            review_date: "2026-11-20".parse().unwrap(),
            place: "包头市 稀土高新区管委会第三会议室".into(),
            status: ReviewStatus::Consolidating,
            panel_size: 5,
            sheets_submitted: 5,
            follows: None,
        },
        organizer: "内蒙古自治区科学技术厅".into(),
        center: Center {
            id: CenterId(1),
            facts: CenterDraft {
                name: "内蒙古自治区稀土功能材料技术创新中心".into(),
                region: Region::InnerMongolia,
                center_type: "专业技术类".into(),
                industry_field: "稀土功能材料".into(),
                lead_unit: "包头稀土研究院".into(),
                cobuild_units: vec!["内蒙古大学".into(), "内蒙古科技大学".into()],
                organization_mode: "高校院所牵头".into(),
                approval_date: None,
                build_period_years: Some(3),
                director: "李明".into(),
                committee_members: vec![],
            },
        },
        template,
        panel: vec![
            member(1, "王振华", "东北大学", PanelRole::Chair),
            member(2, "李晓梅", "中国科学院长春应用化学研究所", PanelRole::Member),
            member(3, "赵国强", "北京科技大学", PanelRole::Member),
            member(4, "刘婷", "内蒙古自治区科技发展研究院", PanelRole::Member),
            member(5, "韩永胜", "中国稀土行业协会", PanelRole::Member),
        ],
    }
}

/// A signature as the app's drawing pad stores it: dark strokes on a transparent background.
pub fn signature_png(seed: u32) -> Vec<u8> {
    let mut img = image::RgbaImage::new(480, 160);
    for x in 20..460u32 {
        let y = 80.0 + 40.0 * ((x as f32 + seed as f32 * 17.0) / 35.0).sin();
        for dy in 0..4 {
            img.put_pixel(x, (y as u32 + dy).min(159), image::Rgba([20, 20, 60, 255]));
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

pub fn signatures(ids: &[i64]) -> Vec<(ExpertId, Vec<u8>)> {
    ids.iter().map(|i| (ExpertId(*i), signature_png(*i as u32))).collect()
}

/// A photo-sized JPEG with some structure in it.
pub fn photo_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 200) as u8]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
    out
}

pub fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed: {e}"));
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes the PDF to a temporary file and returns its text (whitespace removed) and page count.
pub fn read_back(bytes: &[u8]) -> (String, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).unwrap();
    let p = path.to_str().unwrap();
    let flat: String = tool("pdftotext", &[p, "-"]).chars().filter(|c| !c.is_whitespace()).collect();
    let pages: usize = tool("pdfinfo", &[p]).lines().find(|l| l.starts_with("Pages:")).unwrap()[6..].trim().parse().unwrap();
    (flat, pages)
}
