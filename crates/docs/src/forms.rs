//! The tabular documents: 专家评分汇总表 (landscape), 专家个人评分表 and 专家签到表.

use tic_domain::consolidation::Consolidation;
use tic_domain::sheet::ScoreSheet;
use tic_domain::{ExpertId, PanelMember, PanelRole, Points, ReviewDetail};

use crate::builder::{DocBuilder, Rendered};
use crate::layout::{text_rows, Align, Cell, Column, Flow, ImageRef};
use crate::{check_glyphs, chinese_date, require_signatures, signature_of, DocError, HandSignatures, SIGNATURE_HEIGHT, SIGNATURE_MAX_SIDE};

const TABLE: f32 = 10.0;

pub(crate) fn info_rows(r: &ReviewDetail) -> Vec<Vec<String>> {
    vec![
        vec!["中心名称".into(), r.center.facts.name.clone(), "评审类别".into(), format!("{}（{}）", r.template.stage_name, r.center.facts.region.chinese_name())],
        vec!["评审时间".into(), chinese_date(r.summary.review_date), "评审地点".into(), r.summary.place.clone()],
    ]
}

pub(crate) const INFO_COLUMNS: [Column; 4] = [
    Column { width: 1.0, align: Align::Center },
    Column { width: 2.4, align: Align::Left },
    Column { width: 1.0, align: Align::Center },
    Column { width: 2.4, align: Align::Left },
];

/// Adds each non-recused signer's drawn signature to the document, by expert.
pub(crate) fn signature_images(
    builder: &mut DocBuilder,
    members: &[&PanelMember],
    recused: &[ExpertId],
    signatures: HandSignatures<'_>,
) -> Result<Vec<(ExpertId, ImageRef)>, DocError> {
    let mut out = Vec::new();
    for m in members.iter().filter(|m| !recused.contains(&m.expert_id)) {
        if let Some(png) = signature_of(signatures, m.expert_id) {
            out.push((m.expert_id, builder.add_image(png, SIGNATURE_MAX_SIDE, &format!("{}的手写签名", m.name))?));
        }
    }
    Ok(out)
}

/// A signature cell: "回避" for a recused member, else the drawn signature (or blank).
pub(crate) fn sign_cell(images: &[(ExpertId, ImageRef)], recused: &[ExpertId], id: ExpertId) -> Cell {
    if recused.contains(&id) {
        return Cell::from("回避");
    }
    images.iter().find(|(e, _)| *e == id).map_or_else(|| Cell::from(""), |(_, i)| Cell::image(*i, SIGNATURE_HEIGHT))
}

/// The panel with each member's signature: in the 专家组意见 and the 签到表.
pub(crate) fn panel_signature_table(flow: &mut Flow<'_>, r: &ReviewDetail, recused: &[ExpertId], images: &[(ExpertId, ImageRef)], size: f32) {
    let columns = [
        Column { width: 0.5, align: Align::Center },
        Column { width: 1.0, align: Align::Center },
        Column { width: 2.6, align: Align::Left },
        Column { width: 1.0, align: Align::Center },
        Column { width: 0.8, align: Align::Center },
        Column { width: 1.5, align: Align::Center },
    ];
    let header = vec![["序号", "姓名", "工作单位", "职称", "职务", "签字"].map(str::to_owned).to_vec()];
    let rows: Vec<Vec<Cell>> = r
        .panel
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let role = if m.role == PanelRole::Chair { "组长" } else { "成员" };
            let sign = sign_cell(images, recused, m.expert_id);
            vec![(i + 1).to_string().into(), m.name.clone().into(), m.affiliation.clone().into(), m.title.clone().into(), role.into(), sign]
        })
        .collect();
    flow.table(&columns, &header, &rows, size);
}

pub struct SummaryDocument<'a> {
    pub review: &'a ReviewDetail,
    pub consolidation: &'a Consolidation,
    pub recused: &'a [ExpertId],
    pub signatures: HandSignatures<'a>,
    /// The panel's conclusion in words once the 专家组意见 has chosen one; until then the
    /// conclusion the scores suggest is printed, marked as a suggestion.
    pub conclusion: Option<&'a str>,
}

/// Scored criteria kept on the page of 合计, 结论 and the signatures: the last two (and any veto
/// item after them), so the signatures always stand under scores they sign.
const SUMMARY_TAIL_CRITERIA: usize = 2;

/// 专家评分汇总表: every criterion against every expert, the aggregate column, totals, grade and
/// the experts' signatures under their columns. Landscape; header rows repeat on every page.
pub fn score_summary_pdf(doc: &SummaryDocument<'_>) -> Result<Rendered, DocError> {
    let r = doc.review;
    let c = doc.consolidation;
    crate::require_complete(c)?;
    let members: Vec<&PanelMember> =
        c.columns.iter().filter_map(|col| r.panel.iter().find(|m| m.expert_id == col.expert_id)).collect();
    require_signatures(&members, doc.recused, doc.signatures)?;
    check_glyphs(&c.rows.iter().map(|row| ("评价指标", row.name.as_str())).collect::<Vec<_>>())?;

    let mut builder = DocBuilder::landscape();
    let images = signature_images(&mut builder, &members, doc.recused, doc.signatures)?;
    let flow = &mut builder.flow;
    flow.centered(&r.center.facts.name, 16.0);
    flow.centered(&format!("{}专家评分汇总表", r.template.stage_name), 16.0);
    flow.space(6.0);
    flow.table(&INFO_COLUMNS, &[], &text_rows(info_rows(r)), TABLE);
    flow.space(8.0);

    let mut columns = vec![Column { width: 0.5, align: Align::Center }, Column { width: 3.4, align: Align::Left }, Column { width: 0.6, align: Align::Center }];
    columns.extend(c.columns.iter().map(|_| Column { width: 0.85, align: Align::Center }));
    columns.push(Column { width: 0.9, align: Align::Center });
    let mut header = vec!["序号".to_owned(), "评价指标".to_owned(), "满分".to_owned()];
    header.extend(c.columns.iter().map(|col| col.name.clone()));
    header.push("汇总分".to_owned());

    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut sums: Vec<Option<u32>> = vec![Some(0); c.columns.len()];
    for (i, row) in c.rows.iter().enumerate() {
        let mut cells: Vec<Cell> = vec![(i + 1).to_string().into(), row.name.clone().into()];
        if row.veto {
            cells.push("否决项".into());
            for (k, v) in row.yes_no.iter().enumerate() {
                cells.push(match v {
                    Some(true) => "是".into(),
                    Some(false) => "否".into(),
                    None if doc.recused.contains(&c.columns[k].expert_id) => "回避".into(),
                    None => "—".into(),
                });
            }
            cells.push(row.veto_result.as_ref().map_or_else(|| "—".into(), |v| if v.stands { "成立".into() } else { "不成立".into() }));
        } else {
            cells.push(row.max.to_string().into());
            for (k, s) in row.scores.iter().enumerate() {
                match s {
                    Some(p) => {
                        sums[k] = sums[k].map(|t| t + p.tenths());
                        cells.push(p.to_string().into());
                    }
                    None if doc.recused.contains(&c.columns[k].expert_id) => {
                        sums[k] = None;
                        cells.push("回避".into());
                    }
                    None => cells.push("—".into()),
                }
            }
            cells.push(row.aggregate.clone().unwrap_or_else(|| "—".into()).into());
        }
        rows.push(cells);
    }
    let mut total: Vec<Cell> = vec!["".into(), "合计".into(), c.max_total.to_string().into()];
    total.extend(sums.iter().map(|s| s.map_or_else(|| "—".into(), |t| Cell::from(Points::from_tenths(t).to_string()))));
    total.push(c.total.clone().into());
    rows.push(total);
    let conclusion = match (doc.conclusion, &c.suggested_conclusion_text) {
        (Some(chosen), _) => format!("结论：{chosen}"),
        (None, Some(suggested)) => format!("结论（按得分建议）：{suggested}"),
        (None, None) => "结论：—".to_owned(),
    };
    let mut grade: Vec<Cell> = vec!["".into(), format!("评定等级 / 结论\n{conclusion}").into(), "".into()];
    grade.extend(c.columns.iter().map(|_| Cell::from("")));
    grade.push(c.grade.clone().unwrap_or_else(|| "—".into()).into());
    rows.push(grade);
    let mut signs: Vec<Cell> = vec!["".into(), "专家签字".into(), "".into()];
    signs.extend(c.columns.iter().map(|col| sign_cell(&images, doc.recused, col.expert_id)));
    signs.push("".into());
    rows.push(signs);
    // From the second-last scored criterion on (veto items after it included), plus 合计, 结论, 签字.
    let scored: Vec<usize> = c.rows.iter().enumerate().filter(|(_, r)| !r.veto).map(|(i, _)| i).collect();
    let first_kept = scored.len().checked_sub(SUMMARY_TAIL_CRITERIA).map_or(0, |k| scored[k]);
    flow.table_keeping(&columns, &[header], &rows, TABLE, c.rows.len() - first_kept + 3);
    flow.space(8.0);
    let chair = r.panel.iter().find(|m| m.role == PanelRole::Chair).map_or("—", |m| m.name.as_str());
    flow.paragraph(
        &format!("说明：汇总分按模板规则（{}）计算，精确到 0.01 分。专家组组长：{chair}。", aggregation_label(&r.template)),
        9.5,
        0,
    );
    Ok(builder.finish(&format!("{}{}专家评分汇总表", r.center.facts.name, r.template.stage_name)))
}

pub struct SheetDocument<'a> {
    pub review: &'a ReviewDetail,
    pub expert: &'a PanelMember,
    pub sheet: &'a ScoreSheet,
    pub signature: Option<&'a [u8]>,
}

/// 专家个人评分表: one expert's scores with the reasons for deductions, their opinion and signature.
pub fn score_sheet_pdf(doc: &SheetDocument<'_>) -> Result<Rendered, DocError> {
    let r = doc.review;
    let t = &r.template;
    let s = doc.sheet;
    if s.status != tic_domain::sheet::SheetStatus::Submitted {
        return Err(DocError::NotReady(format!("{}的评分表尚未提交", doc.expert.name)));
    }
    let signature = doc
        .signature
        .ok_or_else(|| DocError::NotReady(format!("以下专家尚未留存手写签名：{}（请本人在“签名”页签名）", doc.expert.name)))?;
    let o = &s.opinion;
    let mut texts: Vec<(&str, &str)> =
        vec![("主要优点", &o.strengths), ("存在问题", &o.problems), ("修改建议", &o.suggestions), ("其他意见", &o.remarks)];
    texts.extend(s.answers.iter().map(|a| ("扣分理由", a.comment.as_str())));
    check_glyphs(&texts)?;

    let mut builder = DocBuilder::portrait();
    let image = builder.add_image(signature, SIGNATURE_MAX_SIDE, &format!("{}的手写签名", doc.expert.name))?;
    let flow = &mut builder.flow;
    flow.centered(&r.center.facts.name, 16.0);
    flow.centered(&format!("{}专家个人评分表", t.stage_name), 16.0);
    flow.space(6.0);
    let mut info = info_rows(r);
    info.push(vec!["评审专家".into(), doc.expert.name.clone(), "工作单位".into(), doc.expert.affiliation.clone()]);
    flow.table(&INFO_COLUMNS, &[], &text_rows(info), TABLE);
    flow.space(8.0);

    let columns = [
        Column { width: 0.5, align: Align::Center },
        Column { width: 2.6, align: Align::Left },
        Column { width: 0.55, align: Align::Center },
        Column { width: 0.6, align: Align::Center },
        Column { width: 2.3, align: Align::Left },
    ];
    let header = vec!["序号", "评价指标", "满分", "得分", "扣分理由 / 说明"].into_iter().map(str::to_owned).collect();
    let mut rows = Vec::new();
    let mut n = 0;
    for group in &t.groups {
        let group_max = group.criteria.iter().filter(|c| !c.veto).fold(Points::ZERO, |a, c| a.checked_add(c.max).unwrap_or(a));
        let shown_max = if group.criteria.iter().all(|c| c.veto) { "—".to_owned() } else { group_max.to_string() };
        rows.push(vec![String::new(), format!("【{}】", group.name), shown_max, String::new(), String::new()]);
        for criterion in &group.criteria {
            n += 1;
            let answer = s.answers.iter().find(|a| a.criterion == criterion.id);
            let (max, score) = if criterion.veto {
                ("否决项".to_owned(), answer.and_then(|a| a.yes_no).map_or("—", |v| if v { "是" } else { "否" }).to_owned())
            } else {
                (criterion.max.to_string(), answer.and_then(|a| a.points).map_or_else(|| "—".to_owned(), |p| p.to_string()))
            };
            rows.push(vec![n.to_string(), criterion.name.clone(), max, score, answer.map(|a| a.comment.clone()).unwrap_or_default()]);
        }
    }
    rows.push(vec![String::new(), "合计".into(), t.total_max().to_string(), s.total.to_string(), String::new()]);
    flow.table(&columns, &[header], &text_rows(rows), TABLE);
    flow.space(8.0);
    for (title, text) in [("主要优点", &o.strengths), ("存在问题", &o.problems), ("修改建议", &o.suggestions), ("其他意见", &o.remarks)] {
        if text.trim().is_empty() {
            continue;
        }
        flow.keep(12.0 * 1.6 * 3.0);
        flow.paragraph(&format!("{title}："), 12.0, 0);
        flow.paragraph(text, 12.0, 2);
    }
    if let Some(conclusion) = o.recommended_conclusion.and_then(|i| t.conclusions.options.get(i as usize)) {
        flow.paragraph(&format!("建议评审结论：{conclusion}"), 12.0, 0);
    }
    flow.space(12.0);
    flow.keep(SIGNATURE_HEIGHT + 30.0);
    let cols = [Column { width: 1.4, align: Align::Left }, Column { width: 1.6, align: Align::Center }, Column { width: 1.6, align: Align::Center }];
    flow.table(&cols, &[], &[vec![Cell::from("评审专家（签字）"), Cell::image(image, SIGNATURE_HEIGHT), Cell::from(chinese_date(r.summary.review_date))]], TABLE);
    Ok(builder.finish(&format!("{}{}专家个人评分表（{}）", r.center.facts.name, t.stage_name, doc.expert.name)))
}

pub struct SignInDocument<'a> {
    pub review: &'a ReviewDetail,
    pub recused: &'a [ExpertId],
    pub signatures: HandSignatures<'a>,
}

/// 专家签到表: the panel with each member's signature, recused members marked.
pub fn sign_in_pdf(doc: &SignInDocument<'_>) -> Result<Rendered, DocError> {
    let r = doc.review;
    let members: Vec<&PanelMember> = r.panel.iter().collect();
    require_signatures(&members, doc.recused, doc.signatures)?;
    check_glyphs(&r.panel.iter().flat_map(|m| [("专家姓名", m.name.as_str()), ("工作单位", m.affiliation.as_str())]).collect::<Vec<_>>())?;
    let mut builder = DocBuilder::portrait();
    let images = signature_images(&mut builder, &members, doc.recused, doc.signatures)?;
    let flow = &mut builder.flow;
    flow.centered(&r.center.facts.name, 16.0);
    flow.centered(&format!("{}专家签到表", r.template.stage_name), 16.0);
    flow.space(6.0);
    let mut info = info_rows(r);
    info.push(vec!["组织单位".into(), r.organizer.clone(), "专家人数".into(), format!("{} 人", r.panel.len())]);
    flow.table(&INFO_COLUMNS, &[], &text_rows(info), TABLE);
    flow.space(8.0);
    panel_signature_table(flow, r, doc.recused, &images, TABLE);
    Ok(builder.finish(&format!("{}{}专家签到表", r.center.facts.name, r.template.stage_name)))
}

fn aggregation_label(t: &tic_domain::template::Template) -> String {
    use tic_domain::template::AggregationMethod;
    let rule = t.rules.aggregation;
    match rule.method {
        AggregationMethod::Mean => "各专家评分的算术平均".to_owned(),
        AggregationMethod::TrimmedMean => format!("{} 名及以上专家评分时去掉一个最高分和一个最低分后取平均", rule.min_experts),
    }
}
