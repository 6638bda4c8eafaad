//! Bulk import of centers from an Excel sheet: the template to fill in, and the reader that lists
//! every faulty row and column before anything is stored.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use tic_domain::{CenterDraft, Region};

use crate::ExportError;

/// The columns of the 中心 sheet, in order; `*` marks the required ones.
pub const CENTER_COLUMNS: [&str; 10] = [
    "中心名称*",
    "所属地区*",
    "中心类型",
    "产业领域",
    "牵头（依托）单位*",
    "共建单位",
    "组建模式",
    "批复日期",
    "建设期（年）",
    "中心主任",
];

/// Larger files are not a list of centers.
pub const MAX_IMPORT_BYTES: usize = 10 * 1024 * 1024;
const MAX_ROWS: usize = 2000;

/// The template a clerk fills in: the header row and a sheet explaining each column.
pub fn center_template() -> Result<Vec<u8>, ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::NotAllowed(format!("无法生成导入模板：{e}"));
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#E8EEF4");
    let ws = book.add_worksheet();
    ws.set_name("中心").map_err(err)?;
    for (k, h) in CENTER_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, k as u16, *h, &head).map_err(err)?;
        ws.set_column_width(k as u16, if k == 0 || k == 4 || k == 5 { 32 } else { 14 }).map_err(err)?;
    }
    let help = book.add_worksheet();
    help.set_name("填写说明").map_err(err)?;
    let notes = [
        "每行一个中心，从“中心”工作表的第 2 行开始填写；带 * 的列必填。",
        "所属地区：内蒙古、四川、广西、宁波 之一（写全称亦可）。",
        "共建单位：多个单位用顿号“、”或分号分隔。",
        "批复日期：尚未批复的留空；格式 2024-06-18，或 Excel 日期。",
        "建设期（年）：1 到 10 的整数，可留空。",
        "导入前会列出每一处错误（行号、列名、原因）；确认后只导入无误的行。",
        "与已登记中心同名的行不会导入。",
    ];
    for (i, n) in notes.iter().enumerate() {
        help.write_string(i as u32, 0, *n).map_err(err)?;
    }
    help.set_column_width(0, 90).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// One problem, where the clerk will find it in Excel (row numbers as Excel shows them).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub message: String,
}

/// What a file holds: the rows that can be imported and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct CenterImport {
    pub valid: Vec<(u32, CenterDraft)>,
    pub errors: Vec<RowError>,
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_owned(),
        Some(Data::Float(f)) if f.fract() == 0.0 => format!("{}", *f as i64),
        Some(other) => other.to_string().trim().to_owned(),
    }
}

fn region(text: &str) -> Option<Region> {
    [("内蒙古", Region::InnerMongolia), ("四川", Region::Sichuan), ("广西", Region::Guangxi), ("宁波", Region::Ningbo)]
        .into_iter()
        .find(|(name, _)| text.contains(name))
        .map(|(_, r)| r)
}

fn date(cell: Option<&Data>) -> Result<Option<NaiveDate>, String> {
    match cell {
        None | Some(Data::Empty) => Ok(None),
        // An Excel date is a day count from 1899-12-30 (in the 1900 system every file here uses).
        Some(Data::DateTime(d)) => NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(d.as_f64().max(0.0) as u64)))
            .map(Some)
            .ok_or_else(|| "不是有效的日期".to_owned()),
        Some(other) => {
            let t = text(Some(other)).replace(['/', '.'], "-");
            if t.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(&t, "%Y-%m-%d").map(Some).map_err(|_| format!("“{t}”不是日期，应写作 2024-06-18"))
        }
    }
}

/// Reads the 中心 sheet. Refuses files that are not an .xlsx or lack the sheet or its headers;
/// otherwise checks every row against the same rules as the form, and against `existing` names.
pub fn read_centers(bytes: &[u8], existing: &[String]) -> Result<CenterImport, ExportError> {
    let refuse = |m: String| ExportError::NotAllowed(m);
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(refuse(format!("文件过大（{} MB），中心名单不应超过 {} MB", bytes.len() / 1_048_576, MAX_IMPORT_BYTES / 1_048_576)));
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| refuse(format!("不是有效的 Excel 工作簿（.xlsx）：{e}")))?;
    let range = book
        .worksheet_range("中心")
        .map_err(|_| refuse("工作簿中没有名为“中心”的工作表；请使用导入模板".into()))?;
    let header: Vec<String> = (0..CENTER_COLUMNS.len()).map(|c| text(range.get_value((0, c as u32)))).collect();
    for (k, expected) in CENTER_COLUMNS.iter().enumerate() {
        if header[k].trim_end_matches('*') != expected.trim_end_matches('*') {
            return Err(refuse(format!("第 1 行第 {} 列应为“{expected}”，实际为“{}”；请使用导入模板", k + 1, header[k])));
        }
    }
    let rows = range.height();
    if rows > MAX_ROWS + 1 {
        return Err(refuse(format!("一次最多导入 {MAX_ROWS} 个中心，文件中有 {} 行", rows - 1)));
    }
    let mut out = CenterImport { valid: Vec::new(), errors: Vec::new() };
    let mut seen: Vec<String> = existing.to_vec();
    for r in 1..rows as u32 {
        let excel_row = r + 1;
        let cell = |c: usize| range.get_value((r, c as u32));
        let cells: Vec<String> = (0..CENTER_COLUMNS.len()).map(|c| text(cell(c))).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let mut row_errors = Vec::new();
        let mut fail = |column: usize, message: String| {
            row_errors.push(RowError { row: excel_row, column: CENTER_COLUMNS[column].trim_end_matches('*').to_owned(), message })
        };
        let region = match region(&cells[1]) {
            Some(r) => Some(r),
            None => {
                fail(1, if cells[1].is_empty() { "不能为空".into() } else { format!("“{}”不是内蒙古、四川、广西或宁波", cells[1]) });
                None
            }
        };
        let approval_date = date(cell(7)).unwrap_or_else(|m| {
            fail(7, m);
            None
        });
        let build_period_years = if cells[8].is_empty() {
            None
        } else {
            match cells[8].parse::<u32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    fail(8, format!("“{}”不是整数年数", cells[8]));
                    None
                }
            }
        };
        if !cells[0].is_empty() && seen.contains(&cells[0]) {
            fail(0, format!("“{}”已登记或在本文件中重复", cells[0]));
        }
        let draft = CenterDraft {
            name: cells[0].clone(),
            region: region.unwrap_or(Region::InnerMongolia),
            center_type: cells[2].clone(),
            industry_field: cells[3].clone(),
            lead_unit: cells[4].clone(),
            cobuild_units: cells[5].split(['、', ';', '；', '\n']).map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()).collect(),
            organization_mode: cells[6].clone(),
            approval_date,
            build_period_years,
            director: cells[9].clone(),
            committee_members: Vec::new(),
        };
        // The form's own rules, with the field they name mapped back to the sheet's column.
        if let Err(e) = draft.validated() {
            let column = CENTER_COLUMNS
                .iter()
                .position(|c| {
                    let c = c.trim_end_matches('*');
                    e.field.contains(c) || c.contains(e.field.as_str())
                })
                .unwrap_or(0);
            fail(column, e.message.clone());
        }
        if row_errors.is_empty() {
            seen.push(draft.name.clone());
            out.valid.push((excel_row, draft));
        } else {
            out.errors.extend(row_errors);
        }
    }
    if out.valid.is_empty() && out.errors.is_empty() {
        return Err(refuse("“中心”工作表中没有填写任何中心".into()));
    }
    Ok(out)
}
