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
