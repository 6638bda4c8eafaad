use tic_domain::{PanelRole, TemplateId};
use tic_store::Store;

use crate::fixtures::{center_draft, fixed_clock, member, review_draft};

fn custom_template(name_of_first_criterion: &str) -> Vec<u8> {
    let mut t: serde_json::Value =
        serde_json::from_str(include_str!("../../../../assets/templates/nm.consultation.json")).unwrap();
    t["id"] = "nm.consultation.baotou".into();
    t["name"] = "包头市技术创新中心咨询论证评分表".into();
    t["groups"][0]["criteria"][0]["name"] = name_of_first_criterion.into();
    t.to_string().into_bytes()
}

#[test]
fn a_department_template_is_imported_and_listed() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let summary = store.import_template("包头.json", &custom_template("产业聚焦")).unwrap();
    assert_eq!(summary.id, TemplateId("nm.consultation.baotou".into()));
    assert_eq!(summary.total_max.to_string(), "100");
    assert!(!summary.builtin);
    let all = store.list_templates().unwrap();
    assert_eq!(all.len(), 14);
    assert_eq!(all.iter().filter(|t| t.builtin).count(), 13);
}

#[test]
fn a_malformed_template_is_refused_and_nothing_changes() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let mut bad: serde_json::Value = serde_json::from_slice(&custom_template("产业聚焦")).unwrap();
    bad["groups"][2]["criteria"][0]["max"] = (-3).into();
    let err = store.import_template("坏模板.json", bad.to_string().as_bytes()).unwrap_err();
    assert!(err.to_string().starts_with("模板文件「坏模板.json」的字段「groups[2].criteria[0].max」"), "{err}");
    assert_eq!(store.list_templates().unwrap().len(), 13);
}

#[test]
fn a_builtin_id_cannot_be_overwritten_by_an_import() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let mut t: serde_json::Value = serde_json::from_slice(&custom_template("产业聚焦")).unwrap();
    t["id"] = "nm.consultation".into();
    let err = store.import_template("x.json", t.to_string().as_bytes()).unwrap_err();
    assert!(err.to_string().contains("与内置模板相同"), "{err}");
}

#[test]
fn a_review_keeps_the_template_copy_it_was_created_with() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    store.import_template("包头.json", &custom_template("产业聚焦")).unwrap();
    let center = store.create_center(&center_draft("内蒙古稀土新材料技术创新中心")).unwrap();
    let review = store.create_review(&review_draft(center.id, "nm.consultation.baotou")).unwrap();
    store.add_panel_member(review.id, &member("王强", PanelRole::Chair)).unwrap();

    store.import_template("包头.json", &custom_template("产业聚焦与延链补链")).unwrap();
    let new_template = store.template(&TemplateId("nm.consultation.baotou".into())).unwrap();
    assert_eq!(new_template.groups[0].criteria[0].name, "产业聚焦与延链补链");
    let frozen = store.review(review.id).unwrap().template;
    assert_eq!(frozen.groups[0].criteria[0].name, "产业聚焦");
}

#[test]
fn a_template_of_another_region_is_refused_for_a_center() {
    let store = Store::open_in_memory(fixed_clock).unwrap();
    let center = store.create_center(&center_draft("内蒙古稀土新材料技术创新中心")).unwrap();
    let err = store.create_review(&review_draft(center.id, "sc.consultation")).unwrap_err();
    assert!(err.to_string().contains("属于四川省，与中心所在的内蒙古自治区不一致"), "{err}");
}
