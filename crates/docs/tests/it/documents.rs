//! Every document type rendered from a fixture review, read back with pdftotext/pdfinfo, signed
//! and checked with pdfsig. `TIC_DOCS_SAMPLES=dir` keeps the files to look at.

use tic_docs::forms::{score_sheet_pdf, score_summary_pdf, sign_in_pdf, SheetDocument, SignInDocument, SummaryDocument};
use tic_docs::visit::{site_visit_pdf, MemberVisit, VisitDocument};
use tic_docs::DocError;
use tic_domain::consolidation::{consolidate, ExpertSheetInput};
use tic_domain::sheet::{Answer, Opinion, ScoreSheet, SheetStatus};
use tic_domain::visit::{Photo, SiteNote, SiteNoteKind};
use tic_domain::{CriterionId, ExpertId, Points, ReviewDetail, ReviewId};


use crate::common::{photo_jpeg, read_back, review, signatures, tool};

fn keep(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("TIC_DOCS_SAMPLES") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

/// Expert k (1..=5) gives every criterion its maximum less k−1 tenths, at least zero; no vetoes.
fn answers(review: &ReviewDetail, k: u32) -> Vec<Answer> {
    review
        .template
        .criteria()
        .map(|(_, c)| Answer {
            criterion: c.id.clone(),
            points: (!c.veto).then(|| Points::from_tenths(c.max.tenths().saturating_sub(k - 1))),
            yes_no: c.veto.then_some(false),
            comment: if k == 3 { format!("{}材料略有欠缺", c.name) } else { String::new() },
        })
        .collect()
}

fn inputs(review: &ReviewDetail) -> Vec<ExpertSheetInput> {
    review
        .panel
        .iter()
        .enumerate()
        .map(|(i, m)| ExpertSheetInput {
            expert_id: m.expert_id,
            name: m.name.clone(),
            recused: false,
            submitted: true,
            answers: answers(review, i as u32 + 1),
            first_round: vec![],
        })
        .collect()
}

#[test]
fn the_score_summary_is_landscape_with_every_expert_and_the_aggregate() {
    let review = review();
    let consolidation = consolidate(&review.template, &inputs(&review));
    assert!(consolidation.complete, "{:?}", consolidation.blocking);
    let sigs = signatures(&[1, 2, 3, 4, 5]);
    let doc = SummaryDocument { review: &review, consolidation: &consolidation, recused: &[], signatures: &sigs, conclusion: Some("同意通过论证") };
    let rendered = score_summary_pdf(&doc).unwrap();
    keep("summary.pdf", &rendered.bytes);
    let (flat, pages) = read_back(&rendered.bytes);
    assert!(flat.contains("专家评分汇总表"));
    for name in ["王振华", "李晓梅", "赵国强", "刘婷", "韩永胜", "汇总分", "专家签字"] {
        assert!(flat.contains(name), "{name}");
    }
    // 14 scored criteria (and one veto item); expert k loses k−1 tenths on each, so the
    // per-expert totals are 100, 98.6, 97.2, 95.8, 94.4 and the trimmed mean drops the highest
    // and lowest: (98.6 + 97.2 + 95.8) / 3 = 97.20.
    let max = review.template.total_max().to_string();
    assert_eq!(max, "100");
    for total in ["98.6", "97.2", "95.8", "94.4", "97.20"] {
        assert!(flat.contains(total), "{total} in {flat}");
    }
    assert_eq!(consolidation.total, "97.20");
    assert_eq!(flat.matches("内部资料").count(), pages);
    assert!(flat.contains("结论：同意通过论证"), "{flat}");
    // 合计, the conclusion and the signatures share a page with the last criteria they sum.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("summary.pdf");
    std::fs::write(&path, &rendered.bytes).unwrap();
    let page_of = |needle: &str| {
        (1..=pages)
            .find(|n| {
                let n = n.to_string();
                let text: String = tool("pdftotext", &["-f", &n, "-l", &n, path.to_str().unwrap(), "-"]).chars().filter(|c| !c.is_whitespace()).collect();
                text.contains(needle)
            })
            .unwrap_or_else(|| panic!("{needle} on no page"))
    };
    let scored: Vec<&str> = consolidation.rows.iter().filter(|r| !r.veto).map(|r| r.name.as_str()).collect();
    let last = scored[scored.len() - 1];
    let before_last = scored[scored.len() - 2];
    assert_eq!(page_of("合计"), page_of(last));
    assert_eq!(page_of("合计"), page_of(before_last));
    assert_eq!(page_of("合计"), page_of("专家签字"));
    // Landscape: width greater than height.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.pdf");
    std::fs::write(&path, &rendered.bytes).unwrap();
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    assert!(size.contains("841.89 x 595.28") || size.contains("841.89 x 595.2"), "{size}");

    // Before the 专家组意见 chooses, the conclusion the scores suggest is printed as such.
    let suggested = SummaryDocument { conclusion: None, ..doc };
    let (flat, _) = read_back(&score_summary_pdf(&suggested).unwrap().bytes);
    let words = consolidation.suggested_conclusion_text.clone().expect("the scores suggest a conclusion");
    assert!(flat.contains(&format!("结论（按得分建议）：{words}")), "{flat}");

    // Missing signatures are named.
    let some = signatures(&[1, 2, 3]);
    let doc = SummaryDocument { signatures: &some, ..doc };
    assert_eq!(score_summary_pdf(&doc).unwrap_err().to_string(), "以下专家尚未留存手写签名：刘婷、韩永胜（请本人在“签名”页签名）");
}

#[test]
fn a_personal_score_sheet_lists_scores_reasons_and_opinion() {
    let review = review();
    let expert = &review.panel[2];
    let mut sheet = ScoreSheet {
        review_id: ReviewId(1),
        expert_id: expert.expert_id,
        status: SheetStatus::Submitted,
        answers: answers(&review, 3),
        opinion: Opinion {
            strengths: "产业定位清晰。".into(),
            problems: "运营机制有待细化。".into(),
            suggestions: "补充收入测算。".into(),
            remarks: String::new(),
            recommended_conclusion: Some(0),
        },
        total: Points::from_tenths(970),
        answered: 15,
        criteria_count: 15,
        issues: vec![],
        suggested_conclusion: Some(0),
        revision: 1,
        updated_at: None,
    };
    let sig = crate::common::signature_png(3);
    let doc = SheetDocument { review: &review, expert, sheet: &sheet, signature: Some(&sig) };
    let rendered = score_sheet_pdf(&doc).unwrap();
    keep("sheet.pdf", &rendered.bytes);
    let (flat, _) = read_back(&rendered.bytes);
    for needle in ["专家个人评分表", "赵国强", "北京科技大学", "材料略有欠缺", "产业定位清晰。", "运营机制有待细化。", "合计", "97", "评审专家（签字）"] {
        assert!(flat.contains(needle), "{needle} in {flat}");
    }
    assert!(rendered.bytes.len() < 300_000);
    let doc = SheetDocument { signature: None, ..doc };
    assert!(matches!(score_sheet_pdf(&doc), Err(DocError::NotReady(m)) if m.contains("赵国强")));
    sheet.status = SheetStatus::Draft;
    let doc = SheetDocument { review: &review, expert, sheet: &sheet, signature: Some(&sig) };
    assert_eq!(score_sheet_pdf(&doc).unwrap_err().to_string(), "赵国强的评分表尚未提交");
}

#[test]
fn the_sign_in_sheet_marks_recused_members_and_needs_no_signature_from_them() {
    let review = review();
    let sigs = signatures(&[1, 2, 3, 5]);
    let doc = SignInDocument { review: &review, recused: &[ExpertId(4)], signatures: &sigs };
    let rendered = sign_in_pdf(&doc).unwrap();
    keep("signin.pdf", &rendered.bytes);
    let (flat, pages) = read_back(&rendered.bytes);
    assert_eq!(pages, 1);
    assert!(flat.contains("专家签到表"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signin.pdf");
    std::fs::write(&path, &rendered.bytes).unwrap();
    let layout = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
    let row = layout.lines().find(|l| l.contains("刘婷")).unwrap();
    assert!(row.contains("回避"), "{row}");
    assert!(!layout.lines().find(|l| l.contains("韩永胜")).unwrap().contains("回避"));
    assert!(flat.contains(&format!("文档指纹（SHA-256）：{}", rendered.fingerprint.replace(' ', ""))), "{flat}");
}

#[test]
fn the_site_visit_record_carries_notes_and_photos() {
    let review = review();
    let note = |id: i64, kind: SiteNoteKind, text: &str| SiteNote {
        id: tic_domain::SiteNoteId(id),
        kind,
        text: text.into(),
        criteria: vec![CriterionId("B1".into())],
        created_at: String::new(),
        updated_at: String::new(),
    };
    let notes_a = vec![note(1, SiteNoteKind::People, "座谈了中心主任及研发骨干 6 人。"), note(2, SiteNoteKind::Observation, "中试线运行正常。")];
    let notes_b = vec![note(3, SiteNoteKind::Facility, "查看了稀土永磁中试车间。")];
    let photo = |id: i64, caption: &str| Photo {
        id: tic_domain::PhotoId(id),
        original_name: format!("IMG_{id}.jpg"),
        mime: "image/jpeg".into(),
        size_bytes: 0,
        width: 1600,
        height: 1200,
        taken_at: Some("2026-11-20 10:31:05".into()),
        caption: caption.into(),
        criteria: vec![],
        added_at: String::new(),
    };
    let photos = [photo(1, "中试车间全景"), photo(2, "检测设备")];
    let sigs = signatures(&[1, 2, 3, 4, 5]);
    let doc = VisitDocument {
        review: &review,
        members: vec![
            MemberVisit { expert_id: ExpertId(1), notes: &notes_a, photos: vec![(&photos[0], photo_jpeg(1600, 1200))] },
            MemberVisit { expert_id: ExpertId(2), notes: &notes_b, photos: vec![(&photos[1], photo_jpeg(1200, 1600))] },
        ],
        recused: &[],
        signatures: &sigs,
    };
    let rendered = site_visit_pdf(&doc).unwrap();
    keep("visit.pdf", &rendered.bytes);
    let (flat, _) = read_back(&rendered.bytes);
    for needle in ["实地考察记录", "座谈访谈人员", "座谈了中心主任及研发骨干6人。", "场地设施与仪器设备", "图1中试车间全景（王振华，拍摄于2026-11-2010:31:05）", "图2检测设备", "考察专家签字"] {
        assert!(flat.contains(needle), "{needle} in {flat}");
    }
    // Two photos stored as JPEG keep the file small.
    assert!(rendered.bytes.len() < 1_000_000, "{} bytes", rendered.bytes.len());
    // A broken photo is named, and nothing is produced.
    let doc = VisitDocument {
        review: &review,
        members: vec![MemberVisit { expert_id: ExpertId(1), notes: &notes_a, photos: vec![(&photos[0], b"not a jpeg".to_vec())] }],
        recused: &[],
        signatures: &sigs,
    };
    assert!(matches!(site_visit_pdf(&doc), Err(DocError::BadImage(m)) if m.contains("IMG_1.jpg")));
}

#[test]
fn signed_documents_verify_and_the_fingerprint_matches_the_pages() {
    let review = review();
    let sigs = signatures(&[1, 2, 3, 4, 5]);
    let rendered = sign_in_pdf(&SignInDocument { review: &review, recused: &[], signatures: &sigs }).unwrap();
    let identity = tic_sign::Identity::generate("王振华", "东北大学").unwrap();
    let when = chrono::DateTime::parse_from_rfc3339("2026-11-20T17:00:00+08:00").unwrap();
    let request = tic_sign::SignRequest { name: "王振华", reason: "专家签到表", fingerprint: &rendered.fingerprint, when };
    let signed = tic_sign::sign_pdf(&rendered.bytes, &identity, &request).unwrap();
    keep("signin-signed.pdf", &signed);
    let v = tic_sign::verify_pdf(&signed).unwrap();
    assert_eq!(v.fingerprint, rendered.fingerprint);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, &signed).unwrap();
    let out = std::process::Command::new("pdfsig").arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Signature is Valid"));
    // The text still reads back after signing, fingerprint included.
    let (flat, _) = read_back(&signed);
    assert!(flat.contains(&rendered.fingerprint.replace(' ', "")));
    // The same content gives the same fingerprint; a different panel a different one.
    let again = sign_in_pdf(&SignInDocument { review: &review, recused: &[], signatures: &sigs }).unwrap();
    assert_eq!(again.fingerprint, rendered.fingerprint);
    let other = sign_in_pdf(&SignInDocument { review: &review, recused: &[ExpertId(5)], signatures: &sigs }).unwrap();
    assert_ne!(other.fingerprint, rendered.fingerprint);
}
