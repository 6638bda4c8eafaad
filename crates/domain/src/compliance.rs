//! Compliance checks computed from the center's own data, each with the guideline line it rests on.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::center::{CenterDraft, CommitteeKind};
use crate::region::{Region, Stage};
use crate::review::{ExpertType, PanelMember};
use crate::sheet::units_match;
use crate::template::SeedCitation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    Pass,
    Fail,
    /// The center's data does not yet say enough to decide.
    NeedsData,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ComplianceCheck {
    pub id: String,
    pub title: String,
    pub status: CheckStatus,
    /// What was found, with the numbers.
    pub detail: String,
    pub source: SeedCitation,
}

fn cite(seed: &str, line: u32, quote: &str) -> SeedCitation {
    SeedCitation { seed: seed.into(), line, quote: quote.into() }
}

const NM: &str = "004_ffc5f580f039e4a8.txt";
const SC: &str = "003_3712c4456e7b2df5.txt";
const GX: &str = "000_4a9d863a4af1ad42.txt";

/// The date `years` after `date` (29 February falls back to 28 February).
fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    date.with_year(date.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() + years, date.month(), 28))
        .unwrap_or(date)
}

/// Every check that applies to this center and review stage.
pub fn compliance_checks(center: &CenterDraft, stage: Stage, review_date: NaiveDate, panel: &[PanelMember]) -> Vec<ComplianceCheck> {
    let mut checks = Vec::new();
    let internal = |affiliation: &str| {
        units_match(affiliation, &center.lead_unit) || center.cobuild_units.iter().any(|u| units_match(affiliation, u))
    };
    match center.region {
        Region::InnerMongolia => {
            let tgc: Vec<_> = center.committee_members.iter().filter(|m| m.committee == CommitteeKind::TechnicalGuidance).collect();
            let insiders = tgc.iter().filter(|m| internal(&m.affiliation)).count();
            let total = tgc.len();
            checks.push(ComplianceCheck {
                id: "nm.tgc_internal_ratio".into(),
                title: "技术指导委员会中依托、共建单位人员不超过三分之一".into(),
                // 3 × insiders ≤ total, in integers.
                status: if total == 0 { CheckStatus::NeedsData } else if insiders * 3 <= total { CheckStatus::Pass } else { CheckStatus::Fail },
                detail: if total == 0 { "尚未登记技术指导委员会成员".into() } else { format!("共 {total} 人，其中依托、共建单位 {insiders} 人") },
                source: cite(NM, 29, "其中依托单位和共建单位的人员不超过总人数三分之一"),
            });
            let chairs: Vec<_> = tgc.iter().filter(|m| m.is_chair).collect();
            checks.push(ComplianceCheck {
                id: "nm.tgc_chair_external".into(),
                title: "技术指导委员会主任由非依托、共建单位专家担任".into(),
                status: match chairs.as_slice() {
                    [] => CheckStatus::NeedsData,
                    [chair] if !internal(&chair.affiliation) => CheckStatus::Pass,
                    _ => CheckStatus::Fail,
                },
                detail: match chairs.as_slice() {
                    [] => "尚未登记委员会主任".into(),
                    [chair] => format!("主任{}（{}）{}", chair.name, chair.affiliation, if internal(&chair.affiliation) { "来自依托或共建单位" } else { "为外单位专家；“有影响”须由专家组确认" }),
                    many => format!("登记了 {} 位主任，应只有一位", many.len()),
                },
                source: cite(NM, 29, "技术指导委员会主任应由非依托单位、共建单位的有影响的专家担任"),
            });
            if stage == Stage::Performance {
                checks.push(match center.approval_date {
                    None => ComplianceCheck {
                        id: "nm.performance_eligibility".into(),
                        title: "认定运行满两年后开展绩效评价".into(),
                        status: CheckStatus::NeedsData,
                        detail: "尚未登记批复（认定）日期".into(),
                        source: cite(NM, 46, "一般为认定运行满两年后开展绩效评价"),
                    },
                    Some(approved) => {
                        let due = add_years(approved, 2);
                        ComplianceCheck {
                            id: "nm.performance_eligibility".into(),
                            title: "认定运行满两年后开展绩效评价".into(),
                            status: if review_date >= due { CheckStatus::Pass } else { CheckStatus::Fail },
                            detail: format!("{approved} 认定，满两年为 {due}，本次评价日期 {review_date}"),
                            source: cite(NM, 46, "一般为认定运行满两年后开展绩效评价"),
                        }
                    }
                });
            }
        }
        Region::Sichuan => {
            let has = |t: ExpertType| panel.iter().any(|m| m.expert_type == t);
            let missing: Vec<&str> = [(ExpertType::Technical, "技术专家"), (ExpertType::Management, "管理专家"), (ExpertType::Policy, "科技政策专家")]
                .into_iter()
                .filter(|(t, _)| !has(*t))
                .map(|(_, n)| n)
                .collect();
            checks.push(ComplianceCheck {
                id: "sc.panel_composition".into(),
                title: "专家组由技术、管理、科技政策专家组成".into(),
                status: if panel.is_empty() { CheckStatus::NeedsData } else if missing.is_empty() { CheckStatus::Pass } else { CheckStatus::Fail },
                detail: if panel.is_empty() { "专家组尚无成员".into() } else if missing.is_empty() { "三类专家齐全".into() } else { format!("缺少{}", missing.join("、")) },
                source: cite(SC, 92, "科技厅组建由技术专家、管理专家、科技政策专家等组成的专家组"),
            });
            checks.push(ComplianceCheck {
                id: "sc.build_period".into(),
                title: "建设周期为三至五年".into(),
                status: match center.build_period_years {
                    None => CheckStatus::NeedsData,
                    Some(y) if (3..=5).contains(&y) => CheckStatus::Pass,
                    Some(_) => CheckStatus::Fail,
                },
                detail: center.build_period_years.map(|y| format!("建设期 {y} 年")).unwrap_or_else(|| "尚未登记建设期".into()),
                source: cite(SC, 34, "一般以三至五年为建设周期"),
            });
        }
        Region::Guangxi if stage == Stage::Acceptance => {
            checks.push(match center.approval_date {
                None => ComplianceCheck {
                    id: "gx.acceptance_due".into(),
                    title: "三年建设期满后评估验收".into(),
                    status: CheckStatus::NeedsData,
                    detail: "尚未登记批复日期".into(),
                    source: cite(GX, 18, "开展三年建设期的各项建设工作和科研任务"),
                },
                Some(approved) => {
                    let due = add_years(approved, 3);
                    ComplianceCheck {
                        id: "gx.acceptance_due".into(),
                        title: "三年建设期满后评估验收".into(),
                        status: if review_date >= due { CheckStatus::Pass } else { CheckStatus::Fail },
                        detail: format!("{approved} 批复，三年期满为 {due}，本次验收日期 {review_date}"),
                        source: cite(GX, 18, "开展三年建设期的各项建设工作和科研任务"),
                    }
                }
            });
        }
        _ => {}
    }
    checks
}
