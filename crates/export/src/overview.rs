//! The department's year at a glance as an Excel workbook: one sheet of centers, one of grades.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use tic_domain::overview::YearOverview;

use crate::workbook::{number, xlsx_err};
use crate::ExportError;

pub fn overview_workbook(o: &YearOverview, on: chrono::NaiveDate) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let score = Format::new().set_border(FormatBorder::Thin).set_num_format("0.00");
    let change = Format::new().set_border(FormatBorder::Thin).set_num_format("+0.00;-0.00;0.00");
    let title = format!("{}{} 年度技术创新中心评价总览（整改与待办截至 {on}）", o.region_name, o.year);

    let ws = book.add_worksheet();
    ws.set_name("评价总览").map_err(xlsx_err)?;
    ws.write_string(0, 0, &title).map_err(xlsx_err)?;
    let header = ["中心名称", "状态", "评价日期", "评价类型", "总分", "满分", "等级", "上年总分", "上年等级", "较上年", "否决事项", "整改情况", "下一到期事项", "到期日"];
    for (k, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, k as u16, *h, &head).map_err(xlsx_err)?;
    }
    let text_or_number = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, v: &Option<String>, f: &Format| -> Result<(), ExportError> {
        match v.as_deref().and_then(number) {
            Some(n) => ws.write_number_with_format(r, c, n, f).map_err(xlsx_err).map(|_| ()),
            None => ws.write_string_with_format(r, c, "—", &cell).map_err(xlsx_err).map(|_| ()),
        }
    };
    for (i, row) in o.rows.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, &row.center_name, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 1, &row.status_label, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 2, row.review_date.map_or("本年度未评价".to_owned(), |d| d.to_string()), &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 3, row.stage_name.as_deref().unwrap_or("—"), &cell).map_err(xlsx_err)?;
        text_or_number(ws, r, 4, &row.total, &score)?;
        text_or_number(ws, r, 5, &row.max_total, &score)?;
        ws.write_string_with_format(r, 6, row.grade.as_deref().unwrap_or("—"), &cell).map_err(xlsx_err)?;
        text_or_number(ws, r, 7, &row.previous_total, &score)?;
        ws.write_string_with_format(r, 8, row.previous_grade.as_deref().unwrap_or("—"), &cell).map_err(xlsx_err)?;
        text_or_number(ws, r, 9, &row.change, &change)?;
        ws.write_string_with_format(r, 10, if row.vetoes.is_empty() { "无".to_owned() } else { row.vetoes.join("；") }, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 11, &row.rectification_label, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 12, row.next_due.as_ref().map_or("—", |d| d.what.as_str()), &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 13, row.next_due.as_ref().map_or("—".to_owned(), |d| d.due_on.to_string()), &cell).map_err(xlsx_err)?;
    }
    ws.autofilter(2, 0, 2 + o.rows.len() as u32, (header.len() - 1) as u16).map_err(xlsx_err)?;
    for (col, width) in [(0, 36), (2, 12), (3, 14), (10, 24), (11, 22), (12, 30), (13, 12)] {
        ws.set_column_width(col, width).map_err(xlsx_err)?;
    }

    let ws = book.add_worksheet();
    ws.set_name("等级分布").map_err(xlsx_err)?;
    ws.write_string(0, 0, &title).map_err(xlsx_err)?;
    ws.write_string_with_format(2, 0, "等级", &head).map_err(xlsx_err)?;
    ws.write_string_with_format(2, 1, "中心数", &head).map_err(xlsx_err)?;
    for (i, g) in o.distribution.iter().enumerate() {
        ws.write_string_with_format(3 + i as u32, 0, &g.grade, &cell).map_err(xlsx_err)?;
        ws.write_number_with_format(3 + i as u32, 1, f64::from(g.count), &cell).map_err(xlsx_err)?;
    }
    let mut r = 4 + o.distribution.len() as u32;
    ws.write_string(r, 0, format!("参评 {} 个，本年度未评价 {} 个", o.evaluated, o.not_evaluated)).map_err(xlsx_err)?;
    r += 1;
    if let Some(p) = &o.top_grade_percent {
        ws.write_string(r, 0, format!("优秀占比 {p}%")).map_err(xlsx_err)?;
        r += 1;
    }
    ws.write_string(r, 0, o.top_grade_cap_percent.map_or("优秀比例上限：未设定".to_owned(), |c| format!("优秀比例上限：{c}%"))).map_err(xlsx_err)?;
    if let Some(w) = &o.cap_warning {
        ws.write_string(r + 1, 0, w).map_err(xlsx_err)?;
    }
    ws.set_column_width(0, 30).map_err(xlsx_err)?;
    book.save_to_buffer().map_err(xlsx_err)
}
