//! 专家抽取 on a pool worked by hand. The center: lead unit 内蒙古农业大学, co-building unit
//! 蒙草生态环境（集团）股份有限公司, 张伟 (中国农业大学) on its technical guidance committee. Drawn on
//! 2026-12-03 with the default rules (3 years) for 3 technical, 1 management and 1 science-policy
//! expert (SC:92 “由技术专家、管理专家、科技政策专家等组成的专家组”) in 草业 or 畜牧, a technical
//! chair and 2 reserves.
//!
//! By hand, ids 1–5 are excluded, one rule each (lead unit, co-building unit, committee, reviewed
//! on 2024-06-01 — within 3 years of 2026-12-03 — and field); 郑丽 reviewed on 2022-05-01, more
//! than 3 years before, and stays. Eligible: technical 6 陈静 and 7 周强 (both 兰州大学), 8 吴刚,
//! 9 郑丽, 13 何军; management 10 孙涛, 12 冯磊; policy 11 钱芳 (内蒙古财经大学, as 冯磊), 14 马琳.

use chrono::NaiveDate;
use tic_domain::center::{CommitteeKind, CommitteeMember};
use tic_domain::draw::{decline, draw_panel, Avoidance, Candidate, DrawCenter, DrawError, MakeUp, PanelDraw, TypeQuota};
use tic_domain::{ExpertId, ExpertType, PanelRole};

use ExpertType::{Management as M, Policy as P, Technical as T};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn pool() -> Vec<Candidate> {
    let c = |id: i64, name: &str, unit: &str, t: ExpertType, field: &str, reviewed: &[NaiveDate]| Candidate {
        id: ExpertId(id),
        name: name.into(),
        affiliation: unit.into(),
        expert_type: t,
        fields: vec![field.into()],
        reviewed_center_on: reviewed.to_vec(),
    };
    vec![
        // Given out of order: the draw takes the pool in id order.
        c(14, "马琳", "新疆农业大学", P, "草业", &[]),
        c(1, "王建国", "内蒙古农业大学", T, "草业", &[]),
        c(2, "李红", "蒙草生态环境（集团）股份有限公司", T, "草业", &[]),
        c(3, "张伟", "中国农业大学", T, "草业", &[]),
        c(4, "赵敏", "中国农业科学院草原研究所", T, "草业", &[day(2024, 6, 1)]),
        c(5, "刘洋", "兰州大学", T, "材料", &[]),
        c(6, "陈静", "兰州大学", T, "草业", &[]),
        c(7, "周强", "兰州大学", T, "畜牧", &[]),
        c(8, "吴刚", "中国农业大学", T, "畜牧", &[]),
        c(9, "郑丽", "内蒙古大学", T, "草业", &[day(2022, 5, 1)]),
        c(10, "孙涛", "北京林业大学", M, "草业", &[]),
        c(11, "钱芳", "内蒙古财经大学", P, "畜牧", &[]),
        c(12, "冯磊", "内蒙古财经大学", M, "畜牧", &[]),
        c(13, "何军", "西北农林科技大学", T, "草业", &[]),
    ]
}

fn committee() -> Vec<CommitteeMember> {
    vec![CommitteeMember { committee: CommitteeKind::TechnicalGuidance, name: "张伟".into(), affiliation: "中国农业大学".into(), is_chair: false, role: None }]
}

fn make_up(technical: u32, policy: u32, reserves: u32) -> MakeUp {
    MakeUp {
        quotas: vec![TypeQuota { expert_type: T, count: technical }, TypeQuota { expert_type: M, count: 1 }, TypeQuota { expert_type: P, count: policy }],
        fields: vec!["草业".into(), "畜牧".into()],
        chair_type: T,
        reserves,
    }
}

const ON: (i32, u32, u32) = (2026, 12, 3);

fn run(make_up: &MakeUp, rules: &Avoidance, seed: u64) -> Result<PanelDraw, DrawError> {
    let cobuild = vec!["蒙草生态环境（集团）股份有限公司".to_owned()];
    let committee = committee();
    let center = DrawCenter { lead_unit: "内蒙古农业大学", cobuild_units: &cobuild, committee_members: &committee };
    draw_panel(&pool(), &center, make_up, rules, day(ON.0, ON.1, ON.2), seed)
}

fn names(list: &[tic_domain::draw::DrawnExpert]) -> Vec<(&str, PanelRole)> {
    list.iter().map(|d| (d.name.as_str(), d.role)).collect()
}

#[test]
fn a_fixed_seed_draws_the_panel_and_names_every_exclusion() {
    let draw = run(&make_up(3, 1, 2), &Avoidance::default(), 20261203).unwrap();
    let excluded: Vec<(&str, Vec<&str>)> = draw.excluded.iter().map(|x| (x.name.as_str(), x.reasons.iter().map(String::as_str).collect())).collect();
    assert_eq!(
        excluded,
        vec![
            ("王建国", vec!["与牵头单位“内蒙古农业大学”为同一单位"]),
            ("李红", vec!["与共建单位“蒙草生态环境（集团）股份有限公司”为同一单位"]),
            ("张伟", vec!["是本中心技术指导委员会委员"]),
            ("赵敏", vec!["2024-06-01 评审过本中心（3 年内）"]),
            ("刘洋", vec!["专业领域不符（本次需要：草业、畜牧）"]),
        ]
    );
    use PanelRole::{Chair, Member};
    // The chair first, then the others as drawn, the scarcest type first (policy: 2 eligible for 1
    // seat, as management; technical: 5 for 3); units all different.
    assert_eq!(names(&draw.members), vec![("郑丽", Chair), ("孙涛", Member), ("马琳", Member), ("吴刚", Member), ("何军", Member)]);
    assert_eq!(names(&draw.reserves), vec![("钱芳", Member), ("陈静", Member)]);
    assert_eq!(draw.seed, 20261203);
    // The same seed gives the same draw; another seed, another one.
    assert_eq!(run(&make_up(3, 1, 2), &Avoidance::default(), 20261203).unwrap(), draw);
    assert_ne!(run(&make_up(3, 1, 2), &Avoidance::default(), 7).unwrap().members, draw.members);
}

#[test]
fn one_per_unit_never_seats_two_from_the_same_unit() {
    // Four technical seats among five eligible from four units: exactly one of 陈静 and 周强
    // (兰州大学), and never 钱芳 with 冯磊 (内蒙古财经大学).
    for seed in 0..40 {
        let draw = run(&make_up(4, 1, 0), &Avoidance::default(), seed).unwrap();
        let mut units: Vec<&str> = draw.members.iter().map(|m| m.affiliation.as_str()).collect();
        units.sort_unstable();
        units.dedup();
        assert_eq!(units.len(), draw.members.len(), "seed {seed}: {:?}", draw.members);
        assert_eq!(draw.members.iter().filter(|m| m.name == "陈静" || m.name == "周强").count(), 1, "seed {seed}");
    }
}

#[test]
fn each_rule_can_be_switched_off() {
    let none = Avoidance { same_unit_as_center: false, center_committees: false, one_per_unit: false, reviewed_within_years: 0 };
    let draw = run(&make_up(3, 1, 0), &none, 1).unwrap();
    // Only the field still excludes (it is the make-up, not a rule of avoidance).
    assert_eq!(draw.excluded.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), vec!["刘洋"]);
    let only_recent = Avoidance { reviewed_within_years: 5, ..none };
    let draw = run(&make_up(3, 1, 0), &only_recent, 1).unwrap();
    let reasons: Vec<(&str, &str)> = draw.excluded.iter().map(|x| (x.name.as_str(), x.reasons[0].as_str())).collect();
    assert_eq!(reasons, vec![("赵敏", "2024-06-01 评审过本中心（5 年内）"), ("刘洋", "专业领域不符（本次需要：草业、畜牧）"), ("郑丽", "2022-05-01 评审过本中心（5 年内）")]);
}

#[test]
fn a_pool_too_small_is_refused_naming_what_is_short() {
    let err = run(&make_up(3, 3, 0), &Avoidance::default(), 1).unwrap_err();
    assert_eq!(err.to_string(), "专家库人数不足：科技政策专家需 3 名，符合条件的只能抽到 2 名");
    // Five technical experts are eligible but from four units.
    let err = run(&make_up(5, 1, 0), &Avoidance::default(), 1).unwrap_err();
    assert_eq!(err.to_string(), "专家库人数不足：技术专家需 5 名，符合条件的只能抽到 4 名（同一单位至多一人）");
    // Eligible: 9 in all, 5 seats; one per unit leaves at most 7 units (兰州 and 内蒙古财经 once each).
    let err = run(&make_up(3, 1, 3), &Avoidance::default(), 1).unwrap_err();
    assert_eq!(err.to_string(), "专家库人数不足：备选专家需 3 名，符合条件的只能抽到 2 名");
    let no_chair = MakeUp { chair_type: ExpertType::Finance, ..make_up(3, 1, 0) };
    assert!(run(&no_chair, &Avoidance::default(), 1).unwrap_err().to_string().contains("组长应为财务专家"));
}

#[test]
fn a_declining_member_is_replaced_from_the_reserves_of_the_same_type() {
    let rules = Avoidance::default();
    let draw = run(&make_up(3, 1, 2), &rules, 20261203).unwrap();
    // The chair 郑丽 declines: 陈静, the technical reserve (钱芳 is a policy expert), takes the
    // seat and the chair.
    let next = decline(&draw, ExpertId(9), "出差在外", &rules).unwrap();
    assert_eq!((next.members[0].name.as_str(), next.members[0].role), ("陈静", PanelRole::Chair));
    assert_eq!(next.reserves.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), vec!["钱芳"]);
    assert_eq!((next.declined[0].reason.as_str(), next.declined[0].replaced_by), ("出差在外", Some(ExpertId(6))));
    // 吴刚 declines next: no technical reserve is left.
    let err = decline(&next, ExpertId(8), "身体原因", &rules).unwrap_err();
    assert_eq!(err.to_string(), "没有可替补的技术专家备选专家：请重新抽取或增加备选人数");
    assert!(decline(&next, ExpertId(8), " ", &rules).unwrap_err().to_string().contains("请写明"));
    assert!(decline(&next, ExpertId(99), "x", &rules).unwrap_err().to_string().contains("不在抽中的专家组中"));
}

#[test]
fn a_scarce_type_keeps_its_only_unit_whatever_the_seed() {
    // The only policy expert, 钱芳, is from 内蒙古财经大学, as is the technical expert 冯磊: one per
    // unit must leave that unit to her, whichever of the two the shuffle puts first.
    let c = |id: i64, name: &str, unit: &str, t: ExpertType| Candidate {
        id: ExpertId(id),
        name: name.into(),
        affiliation: unit.into(),
        expert_type: t,
        fields: vec![],
        reviewed_center_on: vec![],
    };
    let pool = vec![c(1, "冯磊", "内蒙古财经大学", T), c(2, "陈静", "兰州大学", T), c(3, "吴刚", "中国农业大学", T), c(4, "钱芳", "内蒙古财经大学", P)];
    let make_up = MakeUp { quotas: vec![TypeQuota { expert_type: T, count: 2 }, TypeQuota { expert_type: P, count: 1 }], fields: vec![], chair_type: T, reserves: 0 };
    let center = DrawCenter { lead_unit: "某大学", cobuild_units: &[], committee_members: &[] };
    for seed in 0..50 {
        let draw = draw_panel(&pool, &center, &make_up, &Avoidance::default(), day(2026, 12, 3), seed).unwrap();
        let mut drawn: Vec<&str> = draw.members.iter().map(|m| m.name.as_str()).collect();
        drawn.sort_unstable();
        assert_eq!(drawn, vec!["吴刚", "钱芳", "陈静"], "seed {seed}");
    }
}
