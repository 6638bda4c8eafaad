//! The review as an Excel workbook the department can file and sort: the score matrix, the
//! per-criterion statistics and the conclusions. Scores are written as numbers with a fixed
//! number format (Excel stores every number as a double; the exact values the app computed are
//! the ones written, to the hundredth).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};
use tic_domain::{ExpertId, ReviewId};
use tic_store::Store;

use crate::ExportError;

pub(crate) fn xlsx_err(e: XlsxError) -> ExportError {
    ExportError::NotAllowed(format!("无法生成 Excel 工作簿：{e}"))
}

/// "97.20" → 97.2 for the cell; text that is not a number stays text.
pub(crate) fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok()
}

pub fn workbook(store: &Store, review: ReviewId, viewer: ExpertId) -> Result<Vec<u8>, ExportError> {
    let detail = store.review(review)?;
    let c = store.consolidation_seen_by(review, viewer)?;
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let score = Format::new().set_border(FormatBorder::Thin).set_num_format("0.0");
    let agg = Format::new().set_border(FormatBorder::Thin).set_num_format("0.00");

    // 评分汇总: criteria × experts, aggregate last.
    let ws = book.add_worksheet();
    ws.set_name("评分汇总").map_err(xlsx_err)?;
    ws.write_string(0, 0, format!("{} {}专家评分汇总表", detail.center.facts.name, detail.template.stage_name)).map_err(xlsx_err)?;
    let mut header = vec!["序号".to_owned(), "评价指标".to_owned(), "满分".to_owned()];
    header.extend(c.columns.iter().map(|col| col.name.clone()));
    header.push("汇总分".into());
    for (k, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, k as u16, h, &head).map_err(xlsx_err)?;
    }
    let n = c.columns.len() as u16;
    for (i, row) in c.rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 1, &row.name, &cell).map_err(xlsx_err)?;
        if row.veto {
            ws.write_string_with_format(r, 2, "否决项", &cell).map_err(xlsx_err)?;
            for (k, v) in row.yes_no.iter().enumerate() {
                let text = match v {
                    Some(true) => "是",
                    Some(false) => "否",
                    None => "",
                };
                ws.write_string_with_format(r, 3 + k as u16, text, &cell).map_err(xlsx_err)?;
            }
            let stands = row.veto_result.as_ref().map_or("", |v| if v.stands { "成立" } else { "不成立" });
            ws.write_string_with_format(r, 3 + n, stands, &cell).map_err(xlsx_err)?;
        } else {
            ws.write_number_with_format(r, 2, f64::from(row.max.tenths()) / 10.0, &score).map_err(xlsx_err)?;
            for (k, s) in row.scores.iter().enumerate() {
                match s {
                    Some(p) => ws.write_number_with_format(r, 3 + k as u16, f64::from(p.tenths()) / 10.0, &score),
                    None => ws.write_string_with_format(r, 3 + k as u16, "", &cell),
                }
                .map_err(xlsx_err)?;
            }
            match row.aggregate.as_deref().and_then(number) {
                Some(v) => ws.write_number_with_format(r, 3 + n, v, &agg),
                None => ws.write_string_with_format(r, 3 + n, "", &cell),
            }
            .map_err(xlsx_err)?;
        }
    }
    let total_row = 3 + c.rows.len() as u32;
    ws.write_string_with_format(total_row, 1, "合计", &head).map_err(xlsx_err)?;
    ws.write_number_with_format(total_row, 2, f64::from(c.max_total.tenths()) / 10.0, &score).map_err(xlsx_err)?;
    for k in 0..c.columns.len() {
        let sum: Option<u32> = c.rows.iter().filter(|r| !r.veto).map(|r| r.scores[k].map(|p| p.tenths())).sum();
        match sum {
            Some(t) => ws.write_number_with_format(total_row, 3 + k as u16, f64::from(t) / 10.0, &score),
            None => ws.write_string_with_format(total_row, 3 + k as u16, "", &cell),
        }
        .map_err(xlsx_err)?;
    }
    match number(&c.total) {
        Some(v) => ws.write_number_with_format(total_row, 3 + n, v, &agg),
        None => ws.write_string_with_format(total_row, 3 + n, &c.total, &cell),
    }
    .map_err(xlsx_err)?;
    ws.set_column_width(1, 36).map_err(xlsx_err)?;
    ws.set_freeze_panes(3, 2).map_err(xlsx_err)?;

    // 统计: the spread of each criterion and the deviation warnings.
    let ws = book.add_worksheet();
    ws.set_name("统计").map_err(xlsx_err)?;
    for (k, h) in ["序号", "评价指标", "汇总分", "中位数", "极差", "标准差", "是否去掉最高最低分", "评分偏离提示"].iter().enumerate() {
        ws.write_string_with_format(0, k as u16, *h, &head).map_err(xlsx_err)?;
    }
    for (i, row) in c.rows.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 1, &row.name, &cell).map_err(xlsx_err)?;
        for (k, v) in [&row.aggregate, &row.median, &row.range, &row.std_dev].into_iter().enumerate() {
            match v.as_deref().and_then(number) {
                Some(x) => ws.write_number_with_format(r, 2 + k as u16, x, &agg),
                None => ws.write_string_with_format(r, 2 + k as u16, "", &cell),
            }
            .map_err(xlsx_err)?;
        }
        ws.write_string_with_format(r, 6, if row.trimmed { "是" } else { "否" }, &cell).map_err(xlsx_err)?;
        let warnings: Vec<&str> = row.warnings.iter().map(|w| w.message.as_str()).collect();
        ws.write_string_with_format(r, 7, warnings.join("；"), &cell).map_err(xlsx_err)?;
    }
    ws.set_column_width(1, 36).map_err(xlsx_err)?;
    ws.set_column_width(7, 50).map_err(xlsx_err)?;

    // 结论
    let ws = book.add_worksheet();
    ws.set_name("结论").map_err(xlsx_err)?;
    let mut rows: Vec<(&str, String)> = vec![
        ("中心名称", detail.center.facts.name.clone()),
        ("评审类别", detail.template.stage_name.clone()),
        ("评审时间", detail.summary.review_date.to_string()),
        ("评审地点", detail.summary.place.clone()),
        ("汇总得分", c.total.clone()),
        ("满分", c.max_total.to_string()),
        ("评定等级", c.grade.clone().unwrap_or_default()),
        ("否决项成立", if c.vetoed { "是".into() } else { "否".into() }),
        ("建议结论", c.suggested_conclusion_text.clone().unwrap_or_default()),
        ("评分专家人数", c.scoring_experts.to_string()),
        ("肯德尔协调系数 W", c.kendall_w.clone().unwrap_or_default()),
    ];
    rows.extend(c.groups.iter().map(|g| ("", format!("{}：{} / {}", g.name, g.total, g.max))));
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, *k, &head).map_err(xlsx_err)?;
        match (*k, number(v)) {
            ("汇总得分", Some(x)) => ws.write_number_with_format(i as u32, 1, x, &agg),
            _ => ws.write_string_with_format(i as u32, 1, v, &cell),
        }
        .map_err(xlsx_err)?;
    }
    ws.set_column_width(0, 20).map_err(xlsx_err)?;
    ws.set_column_width(1, 60).map_err(xlsx_err)?;

    // 合规检查: as frozen when the review was finished, or as they stand while it is open.
    let ws = book.add_worksheet();
    ws.set_name("合规检查").map_err(xlsx_err)?;
    let frozen = store.conclusion_record(review)?;
    let when = match &frozen {
        Some(r) => format!("评审完成时（{}）留存的核查结果", &r.concluded_at[..r.concluded_at.len().min(10)]),
        None => "评审尚未完成，以下为导出时的核查结果".to_owned(),
    };
    ws.write_string(0, 0, when).map_err(xlsx_err)?;
    for (k, h) in ["序号", "核查项", "结果", "说明", "指引文件", "行号", "指引原文"].iter().enumerate() {
        ws.write_string_with_format(2, k as u16, *h, &head).map_err(xlsx_err)?;
    }
    let checks = match frozen {
        Some(r) => r.checks,
        None => store.compliance_checks(review)?,
    };
    for (i, check) in checks.iter().enumerate() {
        let r = 3 + i as u32;
        let seed = tic_domain::region::seed_title(&check.source.seed);
        ws.write_number_with_format(r, 0, (i + 1) as f64, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 1, &check.title, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 2, tic_docs::opinion::check_status_name(check.status), &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 3, &check.detail, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 4, seed, &cell).map_err(xlsx_err)?;
        ws.write_number_with_format(r, 5, f64::from(check.source.line), &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 6, &check.source.quote, &cell).map_err(xlsx_err)?;
    }
    ws.set_column_width(1, 40).map_err(xlsx_err)?;
    ws.set_column_width(3, 50).map_err(xlsx_err)?;
    ws.set_column_width(4, 40).map_err(xlsx_err)?;
    ws.set_column_width(6, 50).map_err(xlsx_err)?;

    book.save_to_buffer().map_err(xlsx_err)
}
