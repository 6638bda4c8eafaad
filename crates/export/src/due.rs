//! The 待办 list as an Excel workbook a clerk can sort, filter and send on.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use tic_domain::due::DueItem;

use crate::workbook::xlsx_err;
use crate::ExportError;

pub fn due_workbook(items: &[DueItem], on: chrono::NaiveDate) -> Result<Vec<u8>, ExportError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_align(FormatAlign::Center).set_border(FormatBorder::Thin).set_background_color("#E8EEF4");
    let cell = Format::new().set_border(FormatBorder::Thin);
    let ws = book.add_worksheet();
    ws.set_name("待办事项").map_err(xlsx_err)?;
    ws.write_string(0, 0, format!("技术创新中心待办事项（截至 {on}）")).map_err(xlsx_err)?;
    let header = ["到期日", "中心名称", "地区", "事项", "剩余天数", "状态", "计算依据", "指引文件", "行号"];
    for (k, h) in header.iter().enumerate() {
        ws.write_string_with_format(2, k as u16, *h, &head).map_err(xlsx_err)?;
    }
    for (i, item) in items.iter().enumerate() {
        let r = 3 + i as u32;
        let state = match item.days_left {
            d if d < 0 && item.advisory => "已过提示日期",
            d if d < 0 => "逾期",
            0 => "今天到期",
            _ => "未到期",
        };
        let seed = tic_domain::region::seed_title(&item.source.seed);
        ws.write_string_with_format(r, 0, item.due_on.to_string(), &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 1, &item.center_name, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 2, item.region.chinese_name(), &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 3, &item.what, &cell).map_err(xlsx_err)?;
        ws.write_number_with_format(r, 4, item.days_left as f64, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 5, state, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 6, &item.basis, &cell).map_err(xlsx_err)?;
        ws.write_string_with_format(r, 7, seed, &cell).map_err(xlsx_err)?;
        ws.write_number_with_format(r, 8, f64::from(item.source.line), &cell).map_err(xlsx_err)?;
    }
    ws.autofilter(2, 0, 2 + items.len() as u32, (header.len() - 1) as u16).map_err(xlsx_err)?;
    for (col, width) in [(0, 12), (1, 36), (3, 30), (6, 50), (7, 40)] {
        ws.set_column_width(col, width).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}
