//! 专家抽取记录: how a review's panel was drawn from the pool — the make-up, the 回避 rules, the
//! seed that reproduces the draw, who was drawn, the reserves, who declined and who took their
//! seat, and everyone the rules kept out with the reason. Signed by the chair at export.

use tic_domain::draw::{type_name, DrawRecord};
use tic_domain::{PanelRole, ReviewDetail};

use crate::builder::{DocBuilder, Rendered};
use crate::forms::{info_rows, INFO_COLUMNS};
use crate::layout::{text_rows, Align, Column};
use crate::{check_glyphs, DocError};

const TABLE: f32 = 10.0;

fn role(r: PanelRole) -> &'static str {
    match r {
        PanelRole::Chair => "组长",
        PanelRole::Member => "成员",
    }
}

pub fn draw_record_pdf(review: &ReviewDetail, record: &DrawRecord) -> Result<Rendered, DocError> {
    let d = &record.draw;
    let names: Vec<(&str, &str)> = d
        .members
        .iter()
        .chain(&d.reserves)
        .flat_map(|m| [("专家姓名", m.name.as_str()), ("工作单位", m.affiliation.as_str())])
        .chain(d.excluded.iter().flat_map(|x| [("专家姓名", x.name.as_str()), ("工作单位", x.affiliation.as_str())]))
        .chain(d.declined.iter().map(|x| ("不能参加的原因", x.reason.as_str())))
        .chain([("抽取人", record.drawn_by.as_str())])
        .collect();
    check_glyphs(&names)?;
    let mut builder = DocBuilder::portrait();
    let flow = &mut builder.flow;
    flow.centered(&review.center.facts.name, 16.0);
    flow.centered(&format!("{}专家抽取记录", review.template.stage_name), 16.0);
    flow.space(6.0);
    let m = &record.make_up;
    let make_up: Vec<String> = m.quotas.iter().filter(|q| q.count > 0).map(|q| format!("{} {} 名", type_name(q.expert_type), q.count)).collect();
    let r = &record.rules;
    let mut rules = Vec::new();
    if r.same_unit_as_center {
        rules.push("与牵头单位、共建单位为同一单位者回避".to_owned());
    }
    if r.center_committees {
        rules.push("中心各委员会委员回避".to_owned());
    }
    if r.one_per_unit {
        rules.push("同一单位至多一人".to_owned());
    }
    if r.reviewed_within_years > 0 {
        rules.push(format!("{} 年内评审过本中心者回避", r.reviewed_within_years));
    }
    let mut info = info_rows(review);
    info.push(vec!["抽取日期".into(), crate::chinese_date(d.drawn_on), "抽取人".into(), record.drawn_by.clone()]);
    info.push(vec!["专家组成".into(), make_up.join("，"), "组长".into(), format!("从{}中产生", type_name(m.chair_type))]);
    info.push(vec![
        "专业领域".into(),
        if m.fields.is_empty() { "不限".into() } else { m.fields.join("、") },
        "备选人数".into(),
        format!("{} 名", m.reserves),
    ]);
    info.push(vec!["回避规则".into(), if rules.is_empty() { "无".into() } else { rules.join("；") }, "随机种子".into(), d.seed.to_string()]);
    flow.table(&INFO_COLUMNS, &[], &text_rows(info), TABLE);
    flow.space(8.0);

    let people = [
        Column { width: 0.5, align: Align::Center },
        Column { width: 1.0, align: Align::Center },
        Column { width: 2.8, align: Align::Left },
        Column { width: 1.2, align: Align::Center },
        Column { width: 0.8, align: Align::Center },
    ];
    flow.paragraph("一、抽中的专家", 12.0, 0);
    let rows = d.members.iter().enumerate().map(|(i, e)| vec![(i + 1).to_string(), e.name.clone(), e.affiliation.clone(), type_name(e.expert_type).into(), role(e.role).into()]).collect();
    flow.table(&people, &[vec!["序号".into(), "姓名".into(), "工作单位".into(), "专家类型".into(), "角色".into()]], &text_rows(rows), TABLE);
    flow.space(6.0);
    flow.paragraph("二、备选专家（按递补顺序）", 12.0, 0);
    if d.reserves.is_empty() {
        flow.paragraph("无。", TABLE, 0);
    } else {
        let rows = d.reserves.iter().enumerate().map(|(i, e)| vec![(i + 1).to_string(), e.name.clone(), e.affiliation.clone(), type_name(e.expert_type).into(), "备选".into()]).collect();
        flow.table(&people, &[vec!["序号".into(), "姓名".into(), "工作单位".into(), "专家类型".into(), "".into()]], &text_rows(rows), TABLE);
    }
    flow.space(6.0);
    flow.paragraph("三、不能参加及递补情况", 12.0, 0);
    if d.declined.is_empty() {
        flow.paragraph("无。", TABLE, 0);
    } else {
        let columns = [Column { width: 1.0, align: Align::Center }, Column { width: 3.0, align: Align::Left }, Column { width: 1.0, align: Align::Center }];
        let rows = d
            .declined
            .iter()
            .map(|x| vec![x.name.clone(), x.reason.clone(), d.members.iter().find(|m| Some(m.id) == x.replaced_by).map(|m| m.name.clone()).unwrap_or_default()])
            .collect();
        flow.table(&columns, &[vec!["姓名".into(), "原因".into(), "递补专家".into()]], &text_rows(rows), TABLE);
    }
    flow.space(6.0);
    flow.paragraph(&format!("四、回避排除的专家（{} 人）", d.excluded.len()), 12.0, 0);
    if d.excluded.is_empty() {
        flow.paragraph("无。", TABLE, 0);
    } else {
        let columns = [Column { width: 1.0, align: Align::Center }, Column { width: 2.2, align: Align::Left }, Column { width: 3.0, align: Align::Left }];
        let rows = d.excluded.iter().map(|x| vec![x.name.clone(), x.affiliation.clone(), x.reasons.join("；")]).collect();
        flow.table(&columns, &[vec!["姓名".into(), "工作单位".into(), "原因".into()]], &text_rows(rows), TABLE);
    }
    flow.space(8.0);
    flow.paragraph("用同一专家库、组成、回避规则和随机种子重新抽取，结果与本记录相同。", TABLE, 0);
    Ok(builder.finish(&format!("{}{}专家抽取记录", review.center.facts.name, review.template.stage_name)))
}
