//! 专家抽取: drawing a review panel from the expert pool, with 回避 (avoidance) rules, at random
//! but reproducibly — the seed is recorded, and the same pool, make-up, rules and seed always give
//! the same panel, reserves and exclusions.
//!
//! The make-up is counted by expert type, as the guideline composes a panel: “由技术专家、管理专家、
//! 科技政策专家等组成的专家组” (SC:92). The avoidance rules are the department's working settings.
//!
//! The random stream is ChaCha20 (`rand_chacha`), whose output for a seed is fixed by its
//! specification; the shuffle over it is written here (Fisher–Yates with rejection sampling) so
//! that a recorded seed gives the same draw whatever version of a sampling library a later build
//! uses.

use chrono::{Datelike, NaiveDate};
use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde::{Deserialize, Serialize};

use crate::center::{CommitteeKind, CommitteeMember};
use crate::ids::ExpertId;
use crate::review::{ExpertType, PanelRole};

/// An expert of the pool as the draw sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Candidate {
    pub id: ExpertId,
    pub name: String,
    pub affiliation: String,
    pub expert_type: ExpertType,
    /// 专业领域, as the pool records them.
    pub fields: Vec<String>,
    /// The dates on which this expert sat on a panel reviewing the center drawn for.
    pub reviewed_center_on: Vec<NaiveDate>,
}

/// How many experts of a type the panel needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TypeQuota {
    pub expert_type: ExpertType,
    pub count: u32,
}

/// The panel's make-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MakeUp {
    pub quotas: Vec<TypeQuota>,
    /// When not empty, only experts with at least one of these fields are drawn.
    pub fields: Vec<String>,
    /// The chair is the first expert of this type drawn.
    pub chair_type: ExpertType,
    /// 备选专家 drawn after the panel, to fill a seat when someone declines.
    pub reserves: u32,
}

/// The 回避 rules of a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Avoidance {
    /// Not from the lead unit or a co-building unit of the center.
    pub same_unit_as_center: bool,
    /// Not a member of one of the center's committees.
    pub center_committees: bool,
    /// At most one expert from the same unit (reserves included).
    pub one_per_unit: bool,
    /// Not if they reviewed this center within this many years (0: no such rule).
    pub reviewed_within_years: u32,
}

impl Default for Avoidance {
    fn default() -> Self {
        Avoidance { same_unit_as_center: true, center_committees: true, one_per_unit: true, reviewed_within_years: 3 }
    }
}

/// What the draw needs to know of the center.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawCenter<'a> {
    pub lead_unit: &'a str,
    pub cobuild_units: &'a [String],
    pub committee_members: &'a [CommitteeMember],
}

/// An expert drawn, as a member or a reserve.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DrawnExpert {
    pub id: ExpertId,
    pub name: String,
    pub affiliation: String,
    pub expert_type: ExpertType,
    pub role: PanelRole,
}

/// An expert the rules kept out of the draw, with every reason that applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Exclusion {
    pub id: ExpertId,
    pub name: String,
    pub affiliation: String,
    pub reasons: Vec<String>,
}

/// A drawn member who declined, and who took the seat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Decline {
    pub id: ExpertId,
    pub name: String,
    pub reason: String,
    pub replaced_by: Option<ExpertId>,
}

/// The outcome of a draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PanelDraw {
    /// Decimal text in the bindings: the seed is a full 64-bit number.
    #[ts(type = "string")]
    #[serde(with = "seed_text")]
    pub seed: u64,
    pub drawn_on: NaiveDate,
    pub members: Vec<DrawnExpert>,
    pub reserves: Vec<DrawnExpert>,
    pub excluded: Vec<Exclusion>,
    pub declined: Vec<Decline>,
}

mod seed_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(seed: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&seed.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

/// Why a draw could not be made; the message names what is short.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("专家库人数不足：{}", .0.join("；"))]
    Short(Vec<String>),
    #[error("专家组组成有误：{0}")]
    MakeUp(String),
    #[error("{0}")]
    Decline(String),
}

/// The Chinese name of an expert type, as panels and the 专家抽取记录 say it.
pub fn type_name(t: ExpertType) -> &'static str {
    match t {
        ExpertType::Technical => "技术专家",
        ExpertType::Management => "管理专家",
        ExpertType::Policy => "科技政策专家",
        ExpertType::Finance => "财务专家",
    }
}

fn committee_name(k: CommitteeKind) -> &'static str {
    match k {
        CommitteeKind::TechnicalGuidance => "技术指导委员会",
        CommitteeKind::Expert => "专家委员会",
        CommitteeKind::Management => "管理委员会",
    }
}

/// Why the rules keep `c` out; empty when they do not.
fn reasons_against(c: &Candidate, center: &DrawCenter<'_>, make_up: &MakeUp, rules: &Avoidance, on: NaiveDate) -> Vec<String> {
    let mut reasons = Vec::new();
    let unit = c.affiliation.trim();
    if rules.same_unit_as_center {
        if unit == center.lead_unit.trim() {
            reasons.push(format!("与牵头单位“{unit}”为同一单位"));
        } else if center.cobuild_units.iter().any(|u| u.trim() == unit) {
            reasons.push(format!("与共建单位“{unit}”为同一单位"));
        }
    }
    if rules.center_committees {
        for m in center.committee_members.iter().filter(|m| m.name.trim() == c.name.trim()) {
            if m.affiliation.trim().is_empty() || m.affiliation.trim() == unit {
                reasons.push(format!("是本中心{}委员", committee_name(m.committee)));
            }
        }
    }
    if rules.reviewed_within_years > 0 {
        let since = on.with_year(on.year() - rules.reviewed_within_years as i32).unwrap_or(on);
        if let Some(last) = c.reviewed_center_on.iter().filter(|d| **d > since && **d <= on).max() {
            reasons.push(format!("{last} 评审过本中心（{} 年内）", rules.reviewed_within_years));
        }
    }
    if !make_up.fields.is_empty() && !c.fields.iter().any(|f| make_up.fields.iter().any(|w| w.trim() == f.trim())) {
        reasons.push(format!("专业领域不符（本次需要：{}）", make_up.fields.join("、")));
    }
    reasons
}

/// A uniform index below `n` from the stream, without modulo bias.
fn below(rng: &mut ChaCha20Rng, n: usize) -> usize {
    let n = n as u64;
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return (x % n) as usize;
        }
    }
}

fn drawn(c: &Candidate, role: PanelRole) -> DrawnExpert {
    DrawnExpert { id: c.id, name: c.name.clone(), affiliation: c.affiliation.clone(), expert_type: c.expert_type, role }
}

/// Draws the panel. The pool is taken in the order of the experts' ids, whatever order it comes
/// in; the candidates the rules allow are shuffled by the seed's stream; each type's seats are
/// filled in that order (the scarcest type first), skipping a unit already on the panel if one
/// per unit; then the reserves, in the same order. The first drawn expert of `chair_type` chairs.
pub fn draw_panel(pool: &[Candidate], center: &DrawCenter<'_>, make_up: &MakeUp, rules: &Avoidance, on: NaiveDate, seed: u64) -> Result<PanelDraw, DrawError> {
    if make_up.quotas.iter().all(|q| q.count == 0) {
        return Err(DrawError::MakeUp("请至少设置一类专家的人数".into()));
    }
    if !make_up.quotas.iter().any(|q| q.expert_type == make_up.chair_type && q.count > 0) {
        return Err(DrawError::MakeUp(format!("组长应为{}，但本次不抽取{}", type_name(make_up.chair_type), type_name(make_up.chair_type))));
    }
    let mut pool: Vec<&Candidate> = pool.iter().collect();
    pool.sort_by_key(|c| c.id);
    let mut excluded = Vec::new();
    let mut eligible = Vec::new();
    for c in pool {
        let reasons = reasons_against(c, center, make_up, rules, on);
        if reasons.is_empty() {
            eligible.push(c);
        } else {
            excluded.push(Exclusion { id: c.id, name: c.name.clone(), affiliation: c.affiliation.clone(), reasons });
        }
    }
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    for i in (1..eligible.len()).rev() {
        let j = below(&mut rng, i + 1);
        eligible.swap(i, j);
    }
    let mut members: Vec<DrawnExpert> = Vec::new();
    let mut reserves: Vec<DrawnExpert> = Vec::new();
    let unit_taken = |taken: &[DrawnExpert], c: &Candidate| rules.one_per_unit && taken.iter().any(|d| d.affiliation.trim() == c.affiliation.trim());
    // The scarcest type first (fewest eligible beyond its seats), so that one per unit does not
    // let a plentiful type take the only unit a scarce one has; each type in the shuffled order.
    let available = |t: ExpertType| eligible.iter().filter(|c| c.expert_type == t).count() as i64;
    let mut order: Vec<&TypeQuota> = make_up.quotas.iter().filter(|q| q.count > 0).collect();
    order.sort_by_key(|q| available(q.expert_type) - q.count as i64);
    for q in order {
        for c in &eligible {
            let have = members.iter().filter(|m| m.expert_type == q.expert_type).count() as u32;
            if c.expert_type == q.expert_type && have < q.count && !unit_taken(&members, c) && !members.iter().any(|m| m.id == c.id) {
                members.push(drawn(c, PanelRole::Member));
            }
        }
    }
    let left: Vec<&Candidate> = eligible.iter().copied().filter(|c| !members.iter().any(|m| m.id == c.id)).collect();
    let mut short = Vec::new();
    for q in make_up.quotas.iter().filter(|q| q.count > 0) {
        let have = members.iter().filter(|m| m.expert_type == q.expert_type).count();
        if (have as u32) < q.count {
            let available = eligible.iter().filter(|c| c.expert_type == q.expert_type).count();
            let detail = if available as u32 >= q.count { "（同一单位至多一人）" } else { "" };
            short.push(format!("{}需 {} 名，符合条件的只能抽到 {have} 名{detail}", type_name(q.expert_type), q.count));
        }
    }
    if !short.is_empty() {
        return Err(DrawError::Short(short));
    }
    for c in left {
        if reserves.len() as u32 >= make_up.reserves {
            break;
        }
        let everyone: Vec<DrawnExpert> = members.iter().chain(&reserves).cloned().collect();
        if !unit_taken(&everyone, c) {
            reserves.push(drawn(c, PanelRole::Member));
        }
    }
    if (reserves.len() as u32) < make_up.reserves {
        return Err(DrawError::Short(vec![format!("备选专家需 {} 名，符合条件的只能抽到 {} 名", make_up.reserves, reserves.len())]));
    }
    // The chair is seated first; the others keep the order they were drawn in.
    if let Some(at) = members.iter().position(|m| m.expert_type == make_up.chair_type) {
        let mut chair = members.remove(at);
        chair.role = PanelRole::Chair;
        members.insert(0, chair);
    }
    Ok(PanelDraw { seed, drawn_on: on, members, reserves, excluded, declined: Vec::new() })
}

/// A drawn member declines: the first reserve of the same type (whose unit is not on the panel,
/// if one per unit) takes the seat, and the chair's role passes on if the chair declined.
pub fn decline(draw: &PanelDraw, member: ExpertId, reason: &str, rules: &Avoidance) -> Result<PanelDraw, DrawError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(DrawError::Decline("请写明专家不能参加的原因".into()));
    }
    let at = draw.members.iter().position(|m| m.id == member).ok_or_else(|| DrawError::Decline("该专家不在抽中的专家组中".into()))?;
    let mut next = draw.clone();
    let gone = next.members.remove(at);
    let fits = |r: &DrawnExpert| {
        r.expert_type == gone.expert_type && !(rules.one_per_unit && next.members.iter().any(|m| m.affiliation.trim() == r.affiliation.trim()))
    };
    let Some(pick) = next.reserves.iter().position(fits) else {
        return Err(DrawError::Decline(format!("没有可替补的{}备选专家：请重新抽取或增加备选人数", type_name(gone.expert_type))));
    };
    let mut taken = next.reserves.remove(pick);
    taken.role = gone.role;
    next.declined.push(Decline { id: gone.id, name: gone.name.clone(), reason: reason.to_owned(), replaced_by: Some(taken.id) });
    next.members.insert(at, taken);
    Ok(next)
}

/// A review's draw as kept: what was asked, under which rules, by whom, and what came out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DrawRecord {
    pub make_up: MakeUp,
    pub rules: Avoidance,
    pub draw: PanelDraw,
    pub drawn_by: String,
    pub drawn_at: String,
    /// When the roster was built from it; the draw is final from then on.
    pub seated_at: Option<String>,
}

/// The chair's rating of a member after a review: 4 优秀, 3 良好, 2 一般, 1 较差.
pub const RATING_NAMES: [&str; 4] = ["较差", "一般", "良好", "优秀"];

/// The words for a rating, or None outside the scale.
pub fn rating_name(rating: u32) -> Option<&'static str> {
    RATING_NAMES.get((rating as usize).checked_sub(1)?).copied()
}

/// One review in an expert's record in the pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ReviewRecordRow {
    pub review_id: crate::ids::ReviewId,
    pub center_name: String,
    pub stage_name: String,
    pub review_date: NaiveDate,
    pub role: PanelRole,
    pub rating: Option<u32>,
    pub comment: String,
}

/// A member as the chair rates them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberRating {
    pub expert_id: ExpertId,
    pub name: String,
    pub rating: Option<u32>,
    pub comment: String,
}
