//! 专家抽取 kept with the review: drawn from the pool with the settings' rules and the center's
//! own units and committee, a decline filled from the reserves, the roster built from the draw,
//! everything kept across a restart; the chair's rating of each member kept in the pool.

use tic_domain::draw::{MakeUp, TypeQuota};
use tic_domain::{ExpertType, PanelMemberDraft, PanelRole};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, review_draft, test_key};

fn expert(name: &str, unit: &str, t: ExpertType) -> PanelMemberDraft {
    PanelMemberDraft { name: name.into(), title: "研究员".into(), affiliation: unit.into(), expert_type: t, role: PanelRole::Member }
}

#[test]
fn a_panel_is_drawn_from_the_pool_declines_are_filled_and_the_roster_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    // The center: lead unit 包头稀土研究院, co-building 内蒙古大学 and 内蒙古科技大学, 赵华 on its
    // technical guidance committee (fixtures::center_draft).
    let center = store.create_center(&center_draft("内蒙古自治区稀土新材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap().id;
    store
        .add_experts(&[
            expert("王磊", "包头稀土研究院", ExpertType::Technical),
            expert("刘芳", "内蒙古大学", ExpertType::Technical),
            expert("赵华", "中国科学院长春应用化学研究所", ExpertType::Technical),
            expert("陈明", "北京科技大学", ExpertType::Technical),
            expert("杨帆", "东北大学", ExpertType::Technical),
            expert("黄河", "中南大学", ExpertType::Technical),
            expert("周敏", "内蒙古财经大学", ExpertType::Management),
        ])
        .unwrap();
    let pool = store.list_experts().unwrap();
    let id = |name: &str| pool.iter().find(|e| e.name == name).unwrap().id;
    for name in ["王磊", "刘芳", "赵华", "陈明", "杨帆", "黄河"] {
        store.set_expert_fields(id(name), &["稀土材料，冶金".into()]).unwrap();
    }
    store.set_expert_fields(id("周敏"), &["科技管理".into()]).unwrap();
    assert_eq!(store.list_experts().unwrap().iter().find(|e| e.name == "陈明").unwrap().fields, vec!["冶金", "稀土材料"]);

    let make_up = MakeUp {
        quotas: vec![TypeQuota { expert_type: ExpertType::Technical, count: 2 }, TypeQuota { expert_type: ExpertType::Management, count: 1 }],
        fields: vec![],
        chair_type: ExpertType::Technical,
        reserves: 1,
    };
    // Too many asked for: named.
    let too_many = MakeUp { quotas: vec![TypeQuota { expert_type: ExpertType::Technical, count: 4 }], ..make_up.clone() };
    let err = store.draw_panel(review, "张敏", &too_many, Some(1)).unwrap_err().to_string();
    assert!(err.contains("技术专家需 4 名，符合条件的只能抽到 3 名"), "{err}");
    assert!(store.panel_draw(review).unwrap().is_none(), "a refused draw keeps nothing");

    let record = store.draw_panel(review, "张敏", &make_up, Some(42)).unwrap();
    let excluded: Vec<(&str, &str)> = record.draw.excluded.iter().map(|x| (x.name.as_str(), x.reasons[0].as_str())).collect();
    assert_eq!(
        excluded,
        vec![
            ("王磊", "与牵头单位“包头稀土研究院”为同一单位"),
            ("刘芳", "与共建单位“内蒙古大学”为同一单位"),
            ("赵华", "是本中心技术指导委员会委员"),
        ]
    );
    assert_eq!(record.draw.seed, 42);
    assert_eq!(record.drawn_by, "张敏");
    let members: Vec<&str> = record.draw.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(members.len(), 3);
    assert!(members.contains(&"周敏"));
    assert_eq!(record.draw.members[0].role, PanelRole::Chair);
    assert_eq!(record.draw.reserves.len(), 1);
    // The same seed draws the same panel again.
    assert_eq!(store.draw_panel(review, "张敏", &make_up, Some(42)).unwrap().draw, record.draw);

    // The chair declines; the technical reserve takes the seat and the chair.
    let chair = record.draw.members[0].id;
    let reserve = record.draw.reserves[0].clone();
    let after = store.decline_drawn(review, chair, "另有公务").unwrap();
    assert_eq!((after.draw.members[0].id, after.draw.members[0].role), (reserve.id, PanelRole::Chair));
    assert_eq!(after.draw.declined[0].reason, "另有公务");

    let seated = store.seat_drawn_panel(review).unwrap();
    assert!(seated.seated_at.is_some());
    let panel = store.panel(review).unwrap();
    assert_eq!(panel.iter().map(|m| (m.expert_id, m.role)).collect::<Vec<_>>(), after.draw.members.iter().map(|m| (m.id, m.role)).collect::<Vec<_>>());
    assert!(store.draw_panel(review, "张敏", &make_up, Some(1)).unwrap_err().to_string().contains("已有专家组名单"));
    assert!(store.decline_drawn(review, panel[1].expert_id, "x").is_err());

    // The chair rates a member after the review; the pool keeps it.
    let (chair, member) = (panel[0].expert_id, panel[1].expert_id);
    assert!(store.rate_member(review, chair, member, 5, "").unwrap_err().to_string().contains("请选择优秀"));
    assert!(store.rate_member(review, member, chair, 4, "").is_err(), "only the chair rates");
    let ratings = store.rate_member(review, chair, member, 4, "评审意见具体，切中要害").unwrap();
    assert_eq!(ratings.iter().find(|r| r.expert_id == member).unwrap().rating, Some(4));

    drop(store);
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    assert_eq!(store.panel_draw(review).unwrap().unwrap(), seated);
    let history = store.expert_record(member).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].rating, history[0].comment.as_str(), history[0].role), (Some(4), "评审意见具体，切中要害", PanelRole::Member));
    assert_eq!(history[0].center_name, "内蒙古自治区稀土新材料技术创新中心");
}
