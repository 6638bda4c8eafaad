//! A technology innovation center (技术创新中心) and the facts reviews are checked against.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::CenterId;
use crate::input::{optional_line, required_line, InputError};
use crate::region::Region;

/// Which of the center's committees a member sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeKind {
    /// 技术指导委员会 (内蒙古) — at most one third insiders, outside chair.
    TechnicalGuidance,
    /// 专家委员会 (广西, 宁波, 四川).
    Expert,
    /// 管理委员会 / 理事会.
    Management,
}

impl CommitteeKind {
    pub const ALL: [CommitteeKind; 3] = [CommitteeKind::TechnicalGuidance, CommitteeKind::Expert, CommitteeKind::Management];

    /// The code stored in the database and written in packages.
    pub fn code(self) -> &'static str {
        match self {
            CommitteeKind::TechnicalGuidance => "technical_guidance",
            CommitteeKind::Expert => "expert",
            CommitteeKind::Management => "management",
        }
    }

    /// None for a code no build ever wrote: the caller reports it, never guesses a kind.
    pub fn from_code(code: &str) -> Option<CommitteeKind> {
        CommitteeKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// What a member brings to the committee. 内蒙古's technical guidance committee is made up of
/// “中心主任、技术专家、管理专家、经济专家等人员” (NM:29).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CommitteeRole {
    /// The center's own director (中心主任).
    CenterDirector,
    Technical,
    Management,
    Economic,
    Other,
}

impl CommitteeRole {
    pub const ALL: [CommitteeRole; 5] =
        [CommitteeRole::CenterDirector, CommitteeRole::Technical, CommitteeRole::Management, CommitteeRole::Economic, CommitteeRole::Other];

    pub fn code(self) -> &'static str {
        match self {
            CommitteeRole::CenterDirector => "center_director",
            CommitteeRole::Technical => "technical",
            CommitteeRole::Management => "management",
            CommitteeRole::Economic => "economic",
            CommitteeRole::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<CommitteeRole> {
        CommitteeRole::ALL.into_iter().find(|r| r.code() == code)
    }

    /// NM:29's words.
    pub fn label(self) -> &'static str {
        match self {
            CommitteeRole::CenterDirector => "中心主任",
            CommitteeRole::Technical => "技术专家",
            CommitteeRole::Management => "管理专家",
            CommitteeRole::Economic => "经济专家",
            CommitteeRole::Other => "其他",
        }
    }
}

/// A member of one of the center's committees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CommitteeMember {
    pub committee: CommitteeKind,
    pub name: String,
    pub affiliation: String,
    pub is_chair: bool,
    /// `None` until someone records it (centers entered by earlier builds, imported rosters).
    #[serde(default)]
    pub role: Option<CommitteeRole>,
}

/// What a person enters to create or edit a center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CenterDraft {
    pub name: String,
    pub region: Region,
    /// 综合领域类 / 专业技术类 / 独立法人类 / 内设机构类 …, as the region names them.
    pub center_type: String,
    pub industry_field: String,
    /// 牵头单位 / 依托单位.
    pub lead_unit: String,
    /// 共建单位.
    pub cobuild_units: Vec<String>,
    /// 组建模式, e.g. 龙头企业牵头 or 高校院所牵头.
    pub organization_mode: String,
    pub approval_date: Option<NaiveDate>,
    pub build_period_years: Option<u32>,
    /// 中心主任.
    pub director: String,
    pub committee_members: Vec<CommitteeMember>,
}

/// A stored center.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Center {
    pub id: CenterId,
    #[serde(flatten)]
    pub facts: CenterDraft,
}

impl CenterDraft {
    /// Trims every text and refuses a draft a department would send back.
    pub fn validated(&self) -> Result<CenterDraft, InputError> {
        let cobuild_units = self
            .cobuild_units
            .iter()
            .map(|u| optional_line("共建单位", u))
            .filter(|u| !matches!(u, Ok(s) if s.is_empty()))
            .collect::<Result<Vec<_>, _>>()?;
        let mut committee_members = Vec::with_capacity(self.committee_members.len());
        for (index, member) in self.committee_members.iter().enumerate() {
            let row = format!("委员会成员第 {} 行的", index + 1);
            committee_members.push(CommitteeMember {
                committee: member.committee,
                name: required_line(&format!("{row}姓名"), &member.name)?,
                affiliation: required_line(&format!("{row}工作单位"), &member.affiliation)?,
                is_chair: member.is_chair,
                role: member.role,
            });
        }
        if let Some(years) = self.build_period_years {
            if !(1..=10).contains(&years) {
                return Err(InputError::new("建设期（年）", "应在 1 到 10 年之间"));
            }
        }
        Ok(CenterDraft {
            name: required_line("中心名称", &self.name)?,
            region: self.region,
            center_type: optional_line("中心类型", &self.center_type)?,
            industry_field: optional_line("产业领域", &self.industry_field)?,
            lead_unit: required_line("牵头（依托）单位", &self.lead_unit)?,
            cobuild_units,
            organization_mode: optional_line("组建模式", &self.organization_mode)?,
            approval_date: self.approval_date,
            build_period_years: self.build_period_years,
            director: optional_line("中心主任", &self.director)?,
            committee_members,
        })
    }
}

/// A bare center with a lead unit and nothing else, for the domain's unit tests.
#[cfg(test)]
impl Center {
    pub(crate) fn sample(id: i64, name: &str, region: Region) -> Center {
        Center {
            id: CenterId(id),
            facts: CenterDraft {
                name: name.into(),
                region,
                center_type: String::new(),
                industry_field: String::new(),
                lead_unit: "牵头单位".into(),
                cobuild_units: vec![],
                organization_mode: String::new(),
                approval_date: None,
                build_period_years: None,
                director: String::new(),
                committee_members: vec![],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> CenterDraft {
        CenterDraft {
            name: "  内蒙古稀土新材料技术创新中心 ".into(),
            region: Region::InnerMongolia,
            center_type: "专业技术类".into(),
            industry_field: "稀土新材料".into(),
            lead_unit: "包头稀土研究院".into(),
            cobuild_units: vec!["内蒙古大学".into(), "  ".into()],
            organization_mode: "高校院所牵头".into(),
            approval_date: None,
            build_period_years: Some(3),
            director: "".into(),
            committee_members: vec![],
        }
    }

    #[test]
    fn trims_and_drops_blank_units() {
        let v = draft().validated().unwrap();
        assert_eq!(v.name, "内蒙古稀土新材料技术创新中心");
        assert_eq!(v.cobuild_units, vec!["内蒙古大学".to_owned()]);
    }

    #[test]
    fn names_the_field_at_fault() {
        let mut d = draft();
        d.lead_unit = " ".into();
        assert_eq!(d.validated().unwrap_err().to_string(), "「牵头（依托）单位」不能为空");
        let mut d = draft();
        d.build_period_years = Some(0);
        assert_eq!(d.validated().unwrap_err().field, "建设期（年）");
        let mut d = draft();
        d.committee_members.push(CommitteeMember {
            committee: CommitteeKind::TechnicalGuidance,
            name: "王某".into(),
            affiliation: "".into(),
            is_chair: false,
            role: None,
        });
        assert_eq!(d.validated().unwrap_err().field, "委员会成员第 1 行的工作单位");
    }
}
