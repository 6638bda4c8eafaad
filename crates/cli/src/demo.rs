//! The demo database a newcomer sees at first start: realistic names, a panel mid-review.

use std::path::Path;

use chrono::NaiveDate;
use tic_domain::{
    CenterDraft, CommitteeKind, CommitteeMember, ExpertType, PanelMemberDraft, PanelRole, Points, Region, ReviewDraft,
    ReviewId, TemplateId,
};
use tic_domain::records::{AnnualReport, CenterRecords, CoreIndicator, DirectorYear};
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion};
use tic_store::{Store, StoreResult};

/// PINs of the two demo experts who have started scoring (the others set theirs on first use).
pub const DEMO_PINS: [(&str, &str); 2] = [("王振华", "1111"), ("李晓梅", "2222")];

/// The name of the demo's main center; its presence means the demo was already seeded.
pub const DEMO_CENTER: &str = "内蒙古自治区稀土功能材料技术创新中心";

pub fn seed_file(path: &Path) -> Result<(), String> {
    let store = crate::keys::open_store(path)?;
    if store.list_centers().map_err(|e| e.to_string())?.iter().any(|c| c.facts.name == DEMO_CENTER) {
        println!("演示数据已存在于 {}，未重复写入。", path.display());
        return Ok(());
    }
    let review = seed(&store).map_err(|e| e.to_string())?;
    // A finished review to try the signed documents on (photos need the file database).
    // Its chair's certificate was issued by a demo department root, which this installation
    // trusts, so the documents signed in the window verify as 可信.
    let (_, root) = crate::export::seed_completed(&store)?;
    tic_export::trust::trust_root(&store, &root, "演示数据").map_err(|e| e.to_string())?;
    // A center with years of decisions, evaluations and a rectification, for the department's side.
    crate::demo_history::seed_history(&store).map_err(|e| e.to_string())?;
    println!("已在 {} 写入演示数据（主评审编号 {review}）。", path.display());
    Ok(())
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn tgc(name: &str, affiliation: &str, is_chair: bool) -> CommitteeMember {
    CommitteeMember { committee: CommitteeKind::TechnicalGuidance, name: name.into(), affiliation: affiliation.into(), is_chair, role: None }
}

fn expert(name: &str, title: &str, affiliation: &str, expert_type: ExpertType, role: PanelRole) -> PanelMemberDraft {
    PanelMemberDraft { name: name.into(), title: title.into(), affiliation: affiliation.into(), expert_type, role }
}

/// Writes the demo and returns the main review (内蒙古, 咨询论证).
pub fn seed(store: &Store) -> StoreResult<ReviewId> {
    let center = store.create_center(&CenterDraft {
        name: DEMO_CENTER.into(),
        region: Region::InnerMongolia,
        center_type: "专业技术类".into(),
        industry_field: "稀土功能材料".into(),
        lead_unit: "包头稀土研究院".into(),
        cobuild_units: vec!["内蒙古大学".into(), "内蒙古科技大学".into(), "北方稀土集团有限公司".into()],
        organization_mode: "高校院所牵头、龙头企业参与".into(),
        approval_date: None,
        build_period_years: None,
        director: "张建国".into(),
        committee_members: vec![
            tgc("陈立新", "中国科学院长春应用化学研究所", true),
            tgc("周海涛", "北京科技大学", false),
            tgc("马文静", "包头稀土研究院", false),
            tgc("吴志强", "有研稀土新材料股份有限公司", false),
            tgc("郭晓燕", "内蒙古大学", false),
            tgc("孙德明", "清华大学", false),
        ],
    })?;
    let review = store.create_review(&ReviewDraft {
        center_id: center.id,
        template_id: TemplateId("nm.consultation".into()),
        review_date: date(2026, 11, 20),
        place: "包头市稀土高新区 包头稀土研究院 三楼会议室".into(),
        organizer: "内蒙古自治区科学技术厅".into(),
    })?;
    let panel = [
        expert("王振华", "教授", "东北大学", ExpertType::Technical, PanelRole::Chair),
        expert("李晓梅", "研究员", "中国科学院过程工程研究所", ExpertType::Technical, PanelRole::Member),
        expert("赵国强", "正高级工程师", "中国稀土学会", ExpertType::Technical, PanelRole::Member),
        expert("刘婷", "研究员", "内蒙古自治区科学技术信息研究所", ExpertType::Policy, PanelRole::Member),
        expert("韩永胜", "正高级会计师", "内蒙古财经大学", ExpertType::Finance, PanelRole::Member),
    ];
    let mut members = Vec::new();
    for draft in &panel {
        members.push(store.add_panel_member(review.id, draft)?);
    }
    let template = store.review_template(review.id)?;
    // Deterministic, plausible scores: each expert deducts a slightly different share per criterion.
    let deductions_in_tenths_per_point = [[1, 2, 1, 0, 2], [2, 1, 3, 1, 2]];
    for (expert_index, member) in members.iter().take(2).enumerate() {
        store.set_pin(review.id, member.expert_id, DEMO_PINS[expert_index].1)?;
        store.declare(
            review.id,
            member.expert_id,
            &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true },
        )?;
        let answered: Vec<_> = if expert_index == 0 {
            template.criteria().collect()
        } else {
            template.criteria().take(7).collect()
        };
        for (i, (_, criterion)) in answered.into_iter().enumerate() {
            let answer = if criterion.veto {
                Answer { criterion: criterion.id.clone(), points: None, yes_no: Some(false), comment: String::new() }
            } else {
                let share = deductions_in_tenths_per_point[expert_index][i % 5];
                let deducted = criterion.max.tenths() * share / 10;
                let points = Points::from_tenths(criterion.max.tenths() - deducted);
                let comment = if deducted > 0 { "佐证材料不够充分，酌情扣分。".to_owned() } else { String::new() };
                Answer { criterion: criterion.id.clone(), points: Some(points), yes_no: None, comment }
            };
            store.save_answer(review.id, member.expert_id, &answer)?;
        }
    }
    store.save_opinion(
        review.id,
        members[0].expert_id,
        &Opinion {
            strengths: "中心定位于稀土功能材料领域，依托单位在稀土冶炼分离和功能材料方面研发基础扎实，共建单位覆盖高校和龙头企业。".into(),
            problems: "市场化运营机制和技术服务收入来源论证不够充分；技术指导委员会中依托、共建单位人员比例需进一步核实。".into(),
            suggestions: "进一步明确三年建设目标和可考核指标，完善技术服务收费和成果转化收益分配办法。".into(),
            remarks: String::new(),
            recommended_conclusion: Some(0),
        },
    )?;
    store.submit_sheet(review.id, members[0].expert_id)?;

    // Two more centers, so the list shows other regions and stages.
    let sichuan = store.create_center(&CenterDraft {
        name: "四川省高端能源装备技术创新中心".into(),
        region: Region::Sichuan,
        center_type: "".into(),
        industry_field: "高端能源装备".into(),
        lead_unit: "东方电气集团有限公司".into(),
        cobuild_units: vec!["四川大学".into(), "西南交通大学".into()],
        organization_mode: "龙头企业牵头".into(),
        approval_date: Some(date(2022, 9, 15)),
        build_period_years: Some(4),
        director: "何志远".into(),
        committee_members: vec![],
    })?;
    store.create_review(&ReviewDraft {
        center_id: sichuan.id,
        template_id: TemplateId("sc.final_evaluation".into()),
        review_date: date(2026, 12, 8),
        place: "成都市 四川省科学技术厅 第二会议室".into(),
        organizer: "四川省科学技术厅".into(),
    })?;
    let guangxi = store.create_center(&CenterDraft {
        name: "广西糖业技术创新中心".into(),
        region: Region::Guangxi,
        center_type: "综合领域类".into(),
        industry_field: "甘蔗糖业".into(),
        lead_unit: "广西农垦糖业集团股份有限公司".into(),
        cobuild_units: vec!["广西大学".into()],
        organization_mode: "产业链链主企业牵头".into(),
        approval_date: Some(date(2023, 6, 30)),
        build_period_years: Some(3),
        director: "黄海鹏".into(),
        committee_members: vec![],
    })?;
    store.create_review(&ReviewDraft {
        center_id: guangxi.id,
        template_id: TemplateId("gx.acceptance".into()),
        review_date: date(2026, 10, 28),
        place: "南宁市 广西壮族自治区科学技术厅".into(),
        organizer: "广西壮族自治区科学技术厅".into(),
    })?;
    let indicator = |name: &str, unit: &str, target: &str, actual: &str| CoreIndicator {
        name: name.into(),
        unit: unit.into(),
        target: target.into(),
        actual: actual.into(),
    };
    store.save_center_records(
        guangxi.id,
        &CenterRecords {
            core_indicators: vec![
                indicator("突破关键核心技术", "项", "8", "7"),
                indicator("授权发明专利", "件", "30", "34"),
                indicator("制定行业或地方标准", "项", "4", "2"),
                indicator("服务糖企", "家", "60", "52"),
            ],
            ..Default::default()
        },
    )?;
    // A recognized 内蒙古 center due for its performance evaluation, with operating records that
    // show each kind of result: director months fine, the 2025 annual report late.
    let dairy = store.create_center(&CenterDraft {
        name: "内蒙古自治区乳业技术创新中心".into(),
        region: Region::InnerMongolia,
        center_type: "专业技术类".into(),
        industry_field: "乳业".into(),
        lead_unit: "内蒙古伊利实业集团股份有限公司".into(),
        cobuild_units: vec!["内蒙古农业大学".into()],
        organization_mode: "龙头企业牵头".into(),
        approval_date: Some(date(2023, 7, 15)),
        build_period_years: Some(3),
        director: "孟凡军".into(),
        committee_members: vec![
            tgc("任发政", "中国农业大学", true),
            tgc("张和平", "内蒙古农业大学", false),
            tgc("刘振民", "光明乳业股份有限公司", false),
        ],
    })?;
    store.create_review(&ReviewDraft {
        center_id: dairy.id,
        template_id: TemplateId("nm.performance".into()),
        review_date: date(2026, 12, 15),
        place: "呼和浩特市 内蒙古自治区科学技术厅".into(),
        organizer: "内蒙古自治区科学技术厅".into(),
    })?;
    store.save_center_records(
        dairy.id,
        &CenterRecords {
            director_years: vec![DirectorYear { year: 2024, months: 11 }, DirectorYear { year: 2025, months: 10 }],
            annual_reports: vec![
                AnnualReport { year: 2024, submitted_on: Some(date(2025, 3, 26)) },
                AnnualReport { year: 2025, submitted_on: Some(date(2026, 4, 9)) },
            ],
            revocation_findings: vec![],
            revocation_reviewed_on: None,
            core_indicators: vec![],
            capability_investments: vec![],
        },
    )?;
    Ok(review.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_a_five_member_panel_mid_review() {
        let store = Store::open_in_memory(chrono::Utc::now).unwrap();
        let review = seed(&store).unwrap();
        let detail = store.review(review).unwrap();
        assert_eq!(detail.center.facts.name, DEMO_CENTER);
        assert_eq!(detail.panel.len(), 5);
        assert_eq!(detail.summary.sheets_submitted, 1);
        assert_eq!(detail.summary.status, tic_domain::ReviewStatus::Scoring);
        let chair = detail.panel[0].expert_id;
        let sheet = store.own_sheet(review, chair).unwrap();
        assert_eq!(sheet.answers.len(), detail.template.criteria().count());
        // First criterion: max 8, deduct 10% → 7.2; second: max 7, deduct 20% → 5.6.
        let by_id = |id: &str| sheet.answers.iter().find(|a| a.criterion.0 == id).unwrap().points;
        assert_eq!(by_id("nm.c.A1"), Some(Points::from_tenths(72)));
        assert_eq!(by_id("nm.c.A2"), Some(Points::from_tenths(56)));
        // Deductions cycle 10%, 20%, 10%, 0%, 20% over the 14 scored criteria (maxima in template order):
        // A1 8→7.2, A2 7→5.6, B1 8→7.2, B2 7→7, C1 10→8, C2 10→9, D1 5→4, D2 5→4.5, D3 8→8, D4 4→3.2,
        // D5 3→2.7, E1 8→6.4, E2 7→6.3, F1 10→10; running sum 12.8, 20, 27, 35, 44, 48, 52.5, 60.5,
        // 63.7, 66.4, 72.8, 79.1, 89.1.
        assert_eq!(sheet.total.to_string(), "89.1");
        let second = store.own_sheet(review, detail.panel[1].expert_id).unwrap();
        assert_eq!(second.answered, 7);
        assert_eq!(store.list_reviews(&Default::default()).unwrap().len(), 4);
    }
}
