//! 专家组意见: the panel's conclusion as the department files it.

use tic_domain::compliance::{CheckStatus, ComplianceCheck};
use tic_domain::panel_opinion::{OpinionApproval, PanelOpinion};
use tic_domain::{ExpertId, PanelRole, ReviewDetail};

use crate::builder::{DocBuilder, Rendered};
use crate::layout::{text_rows, Align, Cell, Column};
use crate::forms::{panel_signature_table, sign_cell, signature_images};
use crate::{check_glyphs, chinese_date, require_signatures, DocError, HandSignatures, SIGNATURE_HEIGHT};

/// Everything the document prints.
pub struct OpinionDocument<'a> {
    pub review: &'a ReviewDetail,
    pub opinion: &'a PanelOpinion,
    /// The consolidated total and grade as printed in the matrix ("87.55", "良好").
    pub total: Option<&'a str>,
    pub grade: Option<&'a str>,
    pub approvals: &'a [OpinionApproval],
    pub recused: &'a [ExpertId],
    pub signatures: HandSignatures<'a>,
    /// The compliance checks of the review (frozen when it was finished), printed as an appendix.
    pub checks: &'a [ComplianceCheck],
}

/// A check's result in words, as the appendix prints it.
pub fn check_status_name(status: CheckStatus) -> &'static str {
    match status {
        CheckStatus::Pass => "符合",
        CheckStatus::Fail => "不符合",
        CheckStatus::Warn => "提示",
        CheckStatus::NeedsData => "待补充材料",
    }
}

const BODY: f32 = 12.0;
const HEADING: f32 = 13.0;

/// Who has not yet approved the current text; the document is final only when nobody is listed.
pub fn missing_approvals(doc: &OpinionDocument<'_>) -> Vec<String> {
    doc.approvals.iter().filter(|a| !a.current && !doc.recused.contains(&a.expert_id)).map(|a| a.name.clone()).collect()
}

/// The 专家组意见 as PDF bytes. Refuses when a member has not approved the current text, or when
/// a text holds a character the font cannot show.
pub fn panel_opinion_pdf(doc: &OpinionDocument<'_>) -> Result<Rendered, DocError> {
    let missing = missing_approvals(doc);
    if !missing.is_empty() {
        return Err(DocError::NotReady(format!("以下专家尚未确认专家组意见：{}", missing.join("、"))));
    }
    let r = doc.review;
    let o = doc.opinion;
    let t = &r.template;
    require_signatures(&r.panel.iter().collect::<Vec<_>>(), doc.recused, doc.signatures)?;
    let mut texts: Vec<(&str, &str)> = vec![("过程", &o.process), ("总体评价", &o.overall), ("不同意见", &o.dissent), ("中心名称", &r.center.facts.name)];
    for (label, list) in [("主要优点", &o.strengths), ("存在问题", &o.problems), ("修改建议", &o.suggestions)] {
        texts.extend(list.iter().map(|i| (label, i.text.as_str())));
    }
    texts.extend(o.rectifications.iter().map(|x| ("整改事项", x.item.as_str())));
    texts.extend(r.panel.iter().flat_map(|m| [("专家姓名", m.name.as_str()), ("工作单位", m.affiliation.as_str())]));
    texts.extend(doc.checks.iter().flat_map(|c| [("合规核查项", c.title.as_str()), ("合规核查说明", c.detail.as_str())]));
    check_glyphs(&texts)?;

    let mut builder = DocBuilder::official();
    let signature_images = signature_images(&mut builder, &r.panel.iter().collect::<Vec<_>>(), doc.recused, doc.signatures)?;
    let flow = &mut builder.flow;
    flow.centered(&r.center.facts.name, 18.0);
    flow.centered(&format!("{}专家组意见", t.stage_name), 18.0);
    flow.space(8.0);

    let chair = r.panel.iter().find(|m| m.role == PanelRole::Chair);
    let members: Vec<&str> = r.panel.iter().filter(|m| m.role == PanelRole::Member).map(|m| m.name.as_str()).collect();
    let mut info = vec![
        ("中心名称", r.center.facts.name.clone()),
        ("牵头（依托）单位", r.center.facts.lead_unit.clone()),
    ];
    if !r.center.facts.cobuild_units.is_empty() {
        info.push(("共建单位", r.center.facts.cobuild_units.join("、")));
    }
    info.extend([
        ("评审类别", format!("{}（{}）", t.stage_name, r.center.facts.region.chinese_name())),
        ("评审时间", chinese_date(r.summary.review_date)),
        ("评审地点", r.summary.place.clone()),
        ("组织单位", r.organizer.clone()),
        ("专家组", format!("组长：{}；成员：{}", chair.map_or("—", |c| c.name.as_str()), members.join("、"))),
    ]);
    if let Some(total) = doc.total {
        info.push(("汇总得分", format!("{total} 分{}", doc.grade.map(|g| format!("（{g}）")).unwrap_or_default())));
    }
    let cols = [Column { width: 1.0, align: Align::Center }, Column { width: 3.2, align: Align::Left }];
    let rows: Vec<Vec<String>> = info.into_iter().map(|(k, v)| vec![k.to_owned(), v]).collect();
    flow.table(&cols, &[], &text_rows(rows), 10.5);
    flow.space(12.0);

    if !o.process.is_empty() {
        flow.paragraph(&o.process, BODY, 2);
    }
    let mut n = 0;
    let mut heading = |flow: &mut crate::layout::Flow<'_>, title: &str| {
        const NUMERALS: [&str; 8] = ["一", "二", "三", "四", "五", "六", "七", "八"];
        flow.space(4.0);
        flow.keep(HEADING * 1.6 + 4.0 * BODY * 1.6);
        flow.paragraph(&format!("{}、{title}", NUMERALS[n.min(7)]), HEADING, 0);
        n += 1;
    };
    // The five sections always print, numbered as on the screen (一 to 五), an empty one as “无。”,
    // so the filed document and the chair's form read alike.
    const NONE: &str = "无。";
    heading(flow, "总体评价");
    flow.paragraph(if o.overall.is_empty() { NONE } else { &o.overall }, BODY, 2);
    for (title, list) in [("主要优点", &o.strengths), ("存在问题", &o.problems), ("修改建议", &o.suggestions)] {
        heading(flow, title);
        if list.is_empty() {
            flow.paragraph(NONE, BODY, 2);
        }
        for (i, item) in list.iter().enumerate() {
            flow.paragraph(&format!("{}. {}", i + 1, item.text), BODY, 2);
        }
    }
    heading(flow, "评审结论");
    let conclusion = o.conclusion.and_then(|c| t.conclusions.options.get(c as usize)).map_or("（未选择）", String::as_str);
    flow.paragraph(&format!("专家组评审结论：{conclusion}。"), BODY, 2);
    if !o.rectifications.is_empty() {
        heading(flow, "整改要求");
        let cols = [Column { width: 0.6, align: Align::Center }, Column { width: 4.0, align: Align::Left }, Column { width: 1.4, align: Align::Center }];
        let header = vec![vec!["序号".to_owned(), "整改事项".to_owned(), "完成期限".to_owned()]];
        let rows: Vec<Vec<String>> = o
            .rectifications
            .iter()
            .enumerate()
            .map(|(i, x)| vec![(i + 1).to_string(), x.item.clone(), x.deadline.map(chinese_date).unwrap_or_else(|| "—".into())])
            .collect();
        flow.table(&cols, &header, &text_rows(rows), 10.5);
    }
    if !o.dissent.is_empty() {
        heading(flow, "不同意见");
        flow.paragraph(&o.dissent, BODY, 2);
    }

    flow.space(10.0);
    flow.keep(HEADING * 1.6 + 3.0 * 40.0);
    flow.paragraph("专家组成员签字", HEADING, 0);
    panel_signature_table(flow, r, doc.recused, &signature_images, 10.5);
    flow.space(16.0);
    flow.keep(SIGNATURE_HEIGHT + 30.0);
    let chair_cols = [Column { width: 1.6, align: Align::Left }, Column { width: 1.6, align: Align::Center }, Column { width: 1.6, align: Align::Center }];
    let chair_sign = chair.map_or_else(|| Cell::from(""), |c| sign_cell(&signature_images, doc.recused, c.expert_id));
    flow.table(&chair_cols, &[], &[vec![Cell::from("专家组组长（签字）"), chair_sign, Cell::from(chinese_date(r.summary.review_date))]], 10.5);

    if !doc.checks.is_empty() {
        let flow = &mut builder.flow;
        flow.space(18.0);
        flow.keep(HEADING * 1.6 + 3.0 * 30.0);
        flow.paragraph("附：合规性核查", HEADING, 0);
        flow.paragraph("以下各项由本系统依据中心登记信息和指引条文核查，结果在评审完成时留存。", 10.5, 0);
        let cols = [
            Column { width: 0.5, align: Align::Center },
            Column { width: 2.4, align: Align::Left },
            Column { width: 0.9, align: Align::Center },
            Column { width: 2.6, align: Align::Left },
            Column { width: 1.3, align: Align::Left },
        ];
        let header = vec![vec!["序号".to_owned(), "核查项".to_owned(), "结果".to_owned(), "说明".to_owned(), "指引依据".to_owned()]];
        let rows: Vec<Vec<String>> = doc
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![(i + 1).to_string(), c.title.clone(), check_status_name(c.status).to_owned(), c.detail.clone(), tic_domain::region::citation(&c.source)]
            })
            .collect();
        flow.table(&cols, &header, &text_rows(rows), 9.0);
    }

    Ok(builder.finish(&format!("{}{}专家组意见", r.center.facts.name, t.stage_name)))
}
