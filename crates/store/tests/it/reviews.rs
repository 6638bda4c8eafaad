use tic_domain::{PanelRole, Region, ReviewFilter, ReviewStatus};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, member, review_draft, test_key};

#[test]
fn centers_reviews_and_panels_survive_reopening_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.db");
    let (center_id, review_id) = {
        let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
        let center = store.create_center(&center_draft("内蒙古稀土新材料技术创新中心")).unwrap();
        let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap();
        store.add_panel_member(review.id, &member("王强", PanelRole::Chair)).unwrap();
        store.add_panel_member(review.id, &member("刘芳", PanelRole::Member)).unwrap();
        (center.id, review.id)
    };
    let store = Store::open_with_clock(&path, &test_key(), fixed_clock).unwrap();
    let centers = store.list_centers().unwrap();
    assert_eq!(centers.len(), 1);
    assert_eq!(centers[0].facts.cobuild_units, vec!["内蒙古大学", "内蒙古科技大学"]);
    assert_eq!(centers[0].facts.committee_members[0].name, "赵华");
    let detail = store.review(review_id).unwrap();
    assert_eq!(detail.center.id, center_id);
    assert_eq!(detail.summary.stage_name, "咨询论证（含实地考察）");
    assert_eq!(detail.summary.status, ReviewStatus::Preparing);
    assert_eq!(detail.panel.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["王强", "刘芳"]);
    assert_eq!(detail.summary.panel_size, 2);
}

#[test]
fn a_panel_has_one_chair_and_no_expert_twice() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let center = store.create_center(&center_draft("中心甲")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation")).unwrap();
    store.add_panel_member(review.id, &member("王强", PanelRole::Chair)).unwrap();
    let err = store.add_panel_member(review.id, &member("刘芳", PanelRole::Chair)).unwrap_err();
    assert_eq!(err.to_string(), "「组内角色」本评审已有组长王强，一个专家组只能有一位组长");
    let err = store.add_panel_member(review.id, &member("王强", PanelRole::Member)).unwrap_err();
    assert!(err.to_string().contains("已在本评审的专家组中"), "{err}");
    assert_eq!(store.panel(review.id).unwrap().len(), 1);
}

#[test]
fn the_review_list_filters_by_region_status_and_name() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let a = store.create_center(&center_draft("稀土新材料技术创新中心")).unwrap();
    let b = store.create_center(&center_draft("乳业技术创新中心")).unwrap();
    let mut sichuan = center_draft("四川高端装备技术创新中心");
    sichuan.region = Region::Sichuan;
    let c = store.create_center(&sichuan).unwrap();
    let ra = store.create_review(&review_draft(a.id, "nm.consultation")).unwrap();
    store.create_review(&review_draft(b.id, "nm.recognition")).unwrap();
    store.create_review(&review_draft(c.id, "sc.consultation")).unwrap();
    store.set_review_status(ra.id, ReviewStatus::Concluded).unwrap();

    let names = |filter: ReviewFilter| -> Vec<String> {
        store.list_reviews(&filter).unwrap().into_iter().map(|r| r.center_name).collect()
    };
    assert_eq!(names(ReviewFilter::default()).len(), 3);
    assert_eq!(names(ReviewFilter { region: Some(Region::Sichuan), ..Default::default() }), ["四川高端装备技术创新中心"]);
    assert_eq!(names(ReviewFilter { status: Some(ReviewStatus::Concluded), ..Default::default() }), ["稀土新材料技术创新中心"]);
    assert_eq!(names(ReviewFilter { text: " 乳业 ".into(), ..Default::default() }), ["乳业技术创新中心"]);
    assert!(names(ReviewFilter { text: "%".into(), ..Default::default() }).is_empty(), "% is matched literally");
}
