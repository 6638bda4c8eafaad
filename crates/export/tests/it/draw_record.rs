//! The signed 专家抽取记录: a panel drawn from the pool is printed with its make-up, rules, seed,
//! members, reserves, decline and exclusions, signed by the chair, and verifies as intact; what
//! an export would refuse is found before the save dialog.

use chrono::NaiveDate;
use tic_domain::draw::{MakeUp, TypeQuota};
use tic_domain::{CenterDraft, ExpertType, PanelMemberDraft, PanelRole, Region, ReviewDraft, TemplateId};
use tic_export::{check_export, export_signed, DocumentKind, VerdictStatus};

use crate::exchange::{give_identity, laptop, PASSPHRASE};

#[test]
fn the_draw_record_lists_the_draw_and_is_signed_by_the_chair() {
    let l = laptop();
    let store = &l.store;
    let center = store
        .create_center(&CenterDraft {
            name: "内蒙古自治区乳业技术创新中心".into(),
            region: Region::InnerMongolia,
            center_type: "专业技术类".into(),
            industry_field: "乳业".into(),
            lead_unit: "内蒙古伊利实业集团股份有限公司".into(),
            cobuild_units: vec!["内蒙古农业大学".into()],
            organization_mode: "龙头企业牵头".into(),
            approval_date: None,
            build_period_years: None,
            director: "孟凡军".into(),
            committee_members: vec![],
        })
        .unwrap();
    let review = store
        .create_review(&ReviewDraft {
            center_id: center.id,
            template_id: TemplateId("nm.consultation".into()),
            review_date: NaiveDate::from_ymd_opt(2027, 3, 15).unwrap(),
            place: "呼和浩特市".into(),
            organizer: "内蒙古自治区科学技术厅".into(),
        })
        .unwrap()
        .id;
    let expert = |name: &str, unit: &str| PanelMemberDraft { name: name.into(), title: "教授".into(), affiliation: unit.into(), expert_type: ExpertType::Technical, role: PanelRole::Member };
    store
        .add_experts(&[expert("任发政", "中国农业大学"), expert("张和平", "内蒙古农业大学"), expert("李岩", "东北农业大学"), expert("王静", "江南大学")])
        .unwrap();
    let make_up = MakeUp { quotas: vec![TypeQuota { expert_type: ExpertType::Technical, count: 2 }], fields: vec![], chair_type: ExpertType::Technical, reserves: 1 };
    let drawn = store.draw_panel(review, "张敏", &make_up, Some(7)).unwrap();
    let first = drawn.draw.members[0].id;
    store.decline_drawn(review, first, "另有公务").unwrap();
    let seated = store.seat_drawn_panel(review).unwrap();
    let chair = seated.draw.members[0].clone();
    // Checked before the save dialog, in the order they can be fixed: identity, then passphrase.
    let check = |passphrase: &str| check_export(store, review, chair.id, DocumentKind::DrawRecord, passphrase).map_err(|e| e.to_string());
    assert!(check(PASSPHRASE).unwrap_err().contains("尚未设置签名身份"));
    give_identity(store, review, chair.id, &chair.name, &chair.affiliation);
    assert_eq!(check("").unwrap_err(), "请输入签名口令");
    assert!(check("wrong-passphrase").unwrap_err().contains("签名口令不正确"));
    check(PASSPHRASE).unwrap();

    // Only the chair exports it.
    let member = seated.draw.members[1].id;
    assert!(export_signed(store, review, member, DocumentKind::DrawRecord, PASSPHRASE, now()).is_err());
    let (bytes, _) = export_signed(store, review, chair.id, DocumentKind::DrawRecord, PASSPHRASE, now()).unwrap();
    let verdict = tic_export::verify(&bytes, &tic_sign::TrustStore::default());
    assert!(verdict.valid, "{}", verdict.message);
    assert_eq!(verdict.status, VerdictStatus::Untrusted, "intact, signed with a self-issued certificate");
    assert_eq!(verdict.detail, None);

    // A broken signature is said in plain words; the verifier's technical finding is the details line.
    let mut broken = bytes.clone();
    let at = broken.windows(10).rposition(|w| w == b"/ByteRange").expect("byte range");
    broken[at + 12] = b'9';
    let verdict = tic_export::verify(&broken, &tic_sign::TrustStore::default());
    assert_eq!(verdict.status, VerdictStatus::Invalid);
    assert!(verdict.message.starts_with("签名无效：文件在签名后被改动，或签名本身已损坏"), "{}", verdict.message);
    assert!(!verdict.message.chars().any(|c| c.is_ascii_alphabetic()), "{}", verdict.message);
    let detail = verdict.detail.clone().expect("the technical finding is kept");
    assert!(detail.chars().any(|c| c.is_ascii_alphabetic()), "{detail}");
    assert_eq!(verdict.lines()[1], format!("详情：{detail}"));
    // Not a PDF at all.
    let verdict = tic_export::verify(b"plain text, not a document", &tic_sign::TrustStore::default());
    assert_eq!(verdict.status, VerdictStatus::Invalid);
    assert!(!verdict.message.chars().any(|c| c.is_ascii_alphabetic()) || verdict.message.contains("PDF"), "{}", verdict.message);

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("draw.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    for expected in [
        "咨询论证（含实地考察）专家抽取记录",
        "随机种子7",
        "技术专家2名",
        "抽取人张敏",
        "张和平内蒙古农业大学与共建单位“内蒙古农业大学”为同一单位",
        "另有公务",
        "三、不能参加及递补情况",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }
    for m in &seated.draw.members {
        assert!(text.contains(&m.name), "{} not in {text}", m.name);
    }
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2027-03-10T10:00:00+08:00").unwrap()
}
