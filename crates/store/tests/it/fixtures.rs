use chrono::{DateTime, NaiveDate, Utc};
use tic_domain::{CenterDraft, CommitteeKind, CommitteeMember, ExpertType, PanelMemberDraft, PanelRole, Region, ReviewDraft, TemplateId};

pub fn fixed_clock() -> DateTime<Utc> {
    "2026-11-23T08:00:00Z".parse().expect("fixed time")
}

pub fn center_draft(name: &str) -> CenterDraft {
    CenterDraft {
        name: name.into(),
        region: Region::InnerMongolia,
        center_type: "专业技术类".into(),
        industry_field: "稀土新材料".into(),
        lead_unit: "包头稀土研究院".into(),
        cobuild_units: vec!["内蒙古大学".into(), "内蒙古科技大学".into()],
        organization_mode: "高校院所牵头".into(),
        approval_date: None,
        build_period_years: None,
        director: "李明".into(),
        committee_members: vec![CommitteeMember {
            committee: CommitteeKind::TechnicalGuidance,
            name: "赵华".into(),
            affiliation: "中国科学院长春应用化学研究所".into(),
            is_chair: true,
            role: None,
        }],
    }
}

pub fn review_draft(center: tic_domain::CenterId, template: &str) -> ReviewDraft {
    ReviewDraft {
        center_id: center,
        template_id: TemplateId(template.into()),
        review_date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        place: "包头市".into(),
        organizer: "内蒙古自治区科学技术厅".into(),
    }
}

pub fn member(name: &str, role: PanelRole) -> PanelMemberDraft {
    PanelMemberDraft {
        name: name.into(),
        title: "研究员".into(),
        affiliation: format!("{name}所在单位"),
        expert_type: ExpertType::Technical,
        role,
    }
}

/// The fixed key every test database is encrypted with (the bytes of "TIC-REVIEW-TEST-KEY-fixed-key-32");
/// tests never reach the operating system's secret store.
pub const TEST_KEY_HEX: &str = "5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332";

pub fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex(TEST_KEY_HEX).expect("the test key is 64 hex digits")
}

/// A raw connection to an encrypted test database (the key is the first statement, as SQLCipher requires).
pub fn keyed(path: &std::path::Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch(&format!("PRAGMA key = \"x'{TEST_KEY_HEX}'\";")).expect("key");
    conn
}
