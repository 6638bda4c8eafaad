//! Compliance checks against the seed rules, with the counts worked out by hand.

use chrono::NaiveDate;
use tic_domain::compliance::{compliance_checks, CheckStatus};
use tic_domain::{CenterDraft, CommitteeKind, CommitteeMember, ExpertId, ExpertType, PanelMember, PanelRole, Region, Stage};

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn center(region: Region, members: &[(&str, &str, bool)]) -> CenterDraft {
    CenterDraft {
        name: "中心".into(),
        region,
        center_type: String::new(),
        industry_field: String::new(),
        lead_unit: "包头稀土研究院".into(),
        cobuild_units: vec!["内蒙古大学".into()],
        organization_mode: String::new(),
        approval_date: Some(date("2023-07-15")),
        build_period_years: Some(4),
        director: String::new(),
        committee_members: members
            .iter()
            .map(|(n, a, chair)| CommitteeMember { committee: CommitteeKind::TechnicalGuidance, name: (*n).into(), affiliation: (*a).into(), is_chair: *chair })
            .collect(),
    }
}

fn status(checks: &[tic_domain::compliance::ComplianceCheck], id: &str) -> (CheckStatus, String) {
    let c = checks.iter().find(|c| c.id == id).unwrap();
    (c.status, c.detail.clone())
}

#[test]
fn inner_mongolia_committee_third_and_outside_chair() {
    // 6 members, 2 insiders (研究院, 内蒙古大学化学学院): 2·3 = 6 ≤ 6 → pass.
    let six = [("甲", "清华大学", true), ("乙", "包头稀土研究院", false), ("丙", "内蒙古大学化学学院", false), ("丁", "北京科技大学", false), ("戊", "东北大学", false), ("己", "中南大学", false)];
    let checks = compliance_checks(&center(Region::InnerMongolia, &six), Stage::Consultation, date("2026-11-20"), &[]);
    assert_eq!(status(&checks, "nm.tgc_internal_ratio"), (CheckStatus::Pass, "共 6 人，其中依托、共建单位 2 人".into()));
    assert_eq!(status(&checks, "nm.tgc_chair_external").0, CheckStatus::Pass);
    // Drop one outsider: 5 members, 2 insiders: 6 > 5 → fail. Chair from the lead unit → fail.
    let five = [("甲", "包头稀土研究院", true), ("乙", "包头稀土研究院", false), ("丙", "内蒙古大学化学学院", false), ("丁", "北京科技大学", false), ("戊", "东北大学", false)];
    let checks = compliance_checks(&center(Region::InnerMongolia, &five), Stage::Consultation, date("2026-11-20"), &[]);
    // Insiders are 甲, 乙, 丙 = 3: 9 > 5 → fail.
    assert_eq!(status(&checks, "nm.tgc_internal_ratio"), (CheckStatus::Fail, "共 5 人，其中依托、共建单位 3 人".into()));
    assert_eq!(status(&checks, "nm.tgc_chair_external").0, CheckStatus::Fail);
    let none = compliance_checks(&center(Region::InnerMongolia, &[]), Stage::Consultation, date("2026-11-20"), &[]);
    assert_eq!(status(&none, "nm.tgc_internal_ratio").0, CheckStatus::NeedsData);
}

#[test]
fn inner_mongolia_performance_only_after_two_years() {
    let c = center(Region::InnerMongolia, &[]);
    // Approved 2023-07-15: two years are up on 2025-07-15.
    let early = compliance_checks(&c, Stage::Performance, date("2025-07-14"), &[]);
    assert_eq!(status(&early, "nm.performance_eligibility").0, CheckStatus::Fail);
    let on_time = compliance_checks(&c, Stage::Performance, date("2025-07-15"), &[]);
    assert_eq!(status(&on_time, "nm.performance_eligibility"), (CheckStatus::Pass, "2023-07-15 认定，满两年为 2025-07-15，本次评价日期 2025-07-15".into()));
}

#[test]
fn sichuan_panel_needs_three_kinds_of_expert_and_a_three_to_five_year_period() {
    let member = |t: ExpertType| PanelMember { expert_id: ExpertId(1), name: "某".into(), title: String::new(), affiliation: "某".into(), expert_type: t, role: PanelRole::Member };
    let c = center(Region::Sichuan, &[]);
    let checks = compliance_checks(&c, Stage::Consultation, date("2026-11-20"), &[member(ExpertType::Technical), member(ExpertType::Finance)]);
    assert_eq!(status(&checks, "sc.panel_composition"), (CheckStatus::Fail, "缺少管理专家、科技政策专家".into()));
    assert_eq!(status(&checks, "sc.build_period").0, CheckStatus::Pass);
    let full = [member(ExpertType::Technical), member(ExpertType::Management), member(ExpertType::Policy)];
    let mut six_years = c.clone();
    six_years.build_period_years = Some(6);
    let checks = compliance_checks(&six_years, Stage::Consultation, date("2026-11-20"), &full);
    assert_eq!(status(&checks, "sc.panel_composition").0, CheckStatus::Pass);
    assert_eq!(status(&checks, "sc.build_period").0, CheckStatus::Fail);
}

#[test]
fn guangxi_acceptance_after_three_years() {
    let c = center(Region::Guangxi, &[]);
    let checks = compliance_checks(&c, Stage::Acceptance, date("2026-07-14"), &[]);
    assert_eq!(status(&checks, "gx.acceptance_due"), (CheckStatus::Fail, "2023-07-15 批复，三年期满为 2026-07-15，本次验收日期 2026-07-14".into()));
    assert!(compliance_checks(&c, Stage::Performance, date("2026-07-14"), &[]).is_empty());
}

#[test]
fn every_check_quotes_its_seed_line_exactly() {
    let c = center(Region::InnerMongolia, &[]);
    let mut all = compliance_checks(&c, Stage::Performance, date("2026-01-01"), &[]);
    all.extend(compliance_checks(&center(Region::Sichuan, &[]), Stage::Consultation, date("2026-01-01"), &[]));
    all.extend(compliance_checks(&center(Region::Guangxi, &[]), Stage::Acceptance, date("2026-01-01"), &[]));
    assert_eq!(all.len(), 6);
    for check in all {
        let text = std::fs::read_to_string(format!("{}/../../assets/seeds/{}", env!("CARGO_MANIFEST_DIR"), check.source.seed)).unwrap();
        let line = text.lines().nth(check.source.line as usize - 1).unwrap();
        assert!(line.contains(&check.source.quote), "{}", check.id);
    }
}
