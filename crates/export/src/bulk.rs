//! Bulk import of centers and of the expert pool from an Excel sheet: the templates to fill in,
//! and the readers that list every faulty row and column before anything is stored.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use rust_xlsxwriter::{Format, Workbook};
use tic_domain::{CenterDraft, ExpertType, PanelMemberDraft, PanelRole, Region};

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

/// A template: the data sheet with its header row, and a sheet explaining each column.
fn template(sheet: &str, columns: &[&str], wide: &[usize], notes: &[&str]) -> Result<Vec<u8>, ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::NotAllowed(format!("无法生成导入模板：{e}"));
    let mut book = Workbook::new();
    let head = Format::new().set_bold().set_background_color("#E8EEF4");
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(err)?;
    for (k, h) in columns.iter().enumerate() {
        ws.write_string_with_format(0, k as u16, *h, &head).map_err(err)?;
        ws.set_column_width(k as u16, if wide.contains(&k) { 32 } else { 14 }).map_err(err)?;
    }
    let help = book.add_worksheet();
    help.set_name("填写说明").map_err(err)?;
    for (i, n) in notes.iter().enumerate() {
        help.write_string(i as u32, 0, *n).map_err(err)?;
    }
    help.set_column_width(0, 90).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// The template a clerk fills in with centers.
pub fn center_template() -> Result<Vec<u8>, ExportError> {
    template(
        "中心",
        &CENTER_COLUMNS,
        &[0, 4, 5],
        &[
            "每行一个中心，从“中心”工作表的第 2 行开始填写；带 * 的列必填。",
            "所属地区：内蒙古、四川、广西、宁波 之一（写全称亦可）。",
            "共建单位：多个单位用顿号“、”或分号分隔。",
            "批复日期：尚未批复的留空；格式 2024-06-18，或 Excel 日期。",
            "建设期（年）：1 到 10 的整数，可留空。",
            "导入前会列出每一处错误（行号、列名、原因）；确认后只导入无误的行。",
            "与已登记中心同名的行不会导入。",
        ],
    )
}

/// The columns of the 专家 sheet, in order; `*` marks the required ones.
pub const EXPERT_COLUMNS: [&str; 4] = ["姓名*", "职称", "工作单位*", "专家类型*"];

/// The template a clerk fills in with the expert pool.
pub fn expert_template() -> Result<Vec<u8>, ExportError> {
    template(
        "专家",
        &EXPERT_COLUMNS,
        &[2],
        &[
            "每行一位专家，从“专家”工作表的第 2 行开始填写；带 * 的列必填。",
            "专家类型：技术专家、管理专家、科技政策专家、财务专家 之一（写“技术”“管理”“政策”“财务”亦可）。",
            "导入前会列出每一处错误（行号、列名、原因）；确认后只导入无误的行。",
            "姓名和工作单位都与专家库中已有专家相同的行不会导入。",
        ],
    )
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

/// Opens `sheet` of an .xlsx and checks its header row against `columns`; refuses oversized files
/// and more than [`MAX_ROWS`] rows. `what` names a row's content in messages.
fn open_sheet(bytes: &[u8], sheet: &str, columns: &[&str], what: &str) -> Result<calamine::Range<Data>, ExportError> {
    let refuse = |m: String| ExportError::NotAllowed(m);
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(refuse(format!("文件过大（{} MB），名单不应超过 {} MB", bytes.len() / 1_048_576, MAX_IMPORT_BYTES / 1_048_576)));
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| refuse(format!("不是有效的 Excel 工作簿（.xlsx）：{e}")))?;
    let range = book
        .worksheet_range(sheet)
        .map_err(|_| refuse(format!("工作簿中没有名为“{sheet}”的工作表；请使用导入模板")))?;
    for (k, expected) in columns.iter().enumerate() {
        let found = text(range.get_value((0, k as u32)));
        if found.trim_end_matches('*') != expected.trim_end_matches('*') {
            return Err(refuse(format!("第 1 行第 {} 列应为“{expected}”，实际为“{found}”；请使用导入模板", k + 1)));
        }
    }
    if range.height() > MAX_ROWS + 1 {
        return Err(refuse(format!("一次最多导入 {MAX_ROWS} 个{what}，文件中有 {} 行", range.height() - 1)));
    }
    Ok(range)
}

/// Reads the 中心 sheet. Refuses files that are not an .xlsx or lack the sheet or its headers;
/// otherwise checks every row against the same rules as the form, and against `existing` names.
pub fn read_centers(bytes: &[u8], existing: &[String]) -> Result<CenterImport, ExportError> {
    let range = open_sheet(bytes, "中心", &CENTER_COLUMNS, "中心")?;
    let rows = range.height();
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
        return Err(ExportError::NotAllowed("“中心”工作表中没有填写任何中心".into()));
    }
    Ok(out)
}

/// What an expert file holds: the rows that can be imported and every problem found.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpertImport {
    pub valid: Vec<(u32, PanelMemberDraft)>,
    pub errors: Vec<RowError>,
}

fn expert_type(text: &str) -> Option<ExpertType> {
    [("技术", ExpertType::Technical), ("管理", ExpertType::Management), ("政策", ExpertType::Policy), ("财务", ExpertType::Finance)]
        .into_iter()
        .find(|(name, _)| text.contains(name))
        .map(|(_, t)| t)
}

/// Reads the 专家 sheet, checking every row with the panel form's rules and against `existing`
/// (name, affiliation) pairs already in the pool.
pub fn read_experts(bytes: &[u8], existing: &[(String, String)]) -> Result<ExpertImport, ExportError> {
    let range = open_sheet(bytes, "专家", &EXPERT_COLUMNS, "专家")?;
    let mut out = ExpertImport { valid: Vec::new(), errors: Vec::new() };
    let mut seen: Vec<(String, String)> = existing.to_vec();
    for r in 1..range.height() as u32 {
        let excel_row = r + 1;
        let cells: Vec<String> = (0..EXPERT_COLUMNS.len()).map(|c| text(range.get_value((r, c as u32)))).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let mut row_errors = Vec::new();
        let mut fail = |column: usize, message: String| {
            row_errors.push(RowError { row: excel_row, column: EXPERT_COLUMNS[column].trim_end_matches('*').to_owned(), message })
        };
        let kind = expert_type(&cells[3]);
        if kind.is_none() {
            fail(3, if cells[3].is_empty() { "不能为空".into() } else { format!("“{}”不是技术专家、管理专家、科技政策专家或财务专家", cells[3]) });
        }
        let key = (cells[0].clone(), cells[2].clone());
        if !cells[0].is_empty() && seen.contains(&key) {
            fail(0, format!("{}（{}）已在专家库中或在本文件中重复", cells[0], cells[2]));
        }
        let draft = PanelMemberDraft {
            name: cells[0].clone(),
            title: cells[1].clone(),
            affiliation: cells[2].clone(),
            expert_type: kind.unwrap_or(ExpertType::Technical),
            role: PanelRole::Member,
        };
        let validated = draft.validated();
        if let Err(e) = &validated {
            let column = EXPERT_COLUMNS.iter().position(|c| e.field.contains(c.trim_end_matches('*'))).unwrap_or(0);
            fail(column, e.message.clone());
        }
        match validated {
            Ok(draft) if row_errors.is_empty() => {
                seen.push(key);
                out.valid.push((excel_row, draft));
            }
            _ => out.errors.extend(row_errors),
        }
    }
    if out.valid.is_empty() && out.errors.is_empty() {
        return Err(ExportError::NotAllowed("“专家”工作表中没有填写任何专家".into()));
    }
    Ok(out)
}
