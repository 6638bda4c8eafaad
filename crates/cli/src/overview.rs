//! `tic-review overview`: a region's year at a glance, as a table, JSON or an Excel workbook.

use std::path::Path;

use tic_domain::Region;

use crate::keys;

fn region(text: &str) -> Result<Region, String> {
    Region::from_code(text.trim())
        .or_else(|| [Region::InnerMongolia, Region::Guangxi, Region::Sichuan, Region::Ningbo].into_iter().find(|r| r.chinese_name().starts_with(text.trim())))
        .ok_or_else(|| format!("「--region」“{text}”不是已知地区：请写 nm（内蒙古）、gx（广西）、sc（四川）或 nb（宁波）"))
}

pub fn run(db: &Path, region_text: &str, year: i32, on: Option<&str>, json: bool, xlsx: Option<&Path>) -> Result<(), String> {
    let region = region(region_text)?;
    if !(1990..=2100).contains(&year) {
        return Err(format!("「--year」{year} 不在 1990–2100 之间"));
    }
    let on = crate::day(on)?;
    let store = keys::open_store(db)?;
    let o = store.year_overview(region, year, on).map_err(|e| e.to_string())?;
    if let Some(path) = xlsx {
        let bytes = tic_export::overview::overview_workbook(&o, on).map_err(|e| e.to_string())?;
        tic_export::files::write_atomically(path, &bytes).map_err(|e| e.to_string())?;
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&o).map_err(|e| e.to_string())?);
        return Ok(());
    }
    for r in &o.rows {
        let result = match (&r.total, &r.max_total) {
            (Some(t), Some(m)) => format!("{} {} {t}/{m} {}", r.review_date.map(|d| d.to_string()).unwrap_or_default(), r.stage_name.as_deref().unwrap_or(""), r.grade.as_deref().unwrap_or("")),
            _ => "本年度未评价".to_owned(),
        };
        let change = r.change.as_deref().map_or(String::new(), |c| format!("较上年 {c}"));
        let vetoes = if r.vetoes.is_empty() { String::new() } else { format!("否决：{}", r.vetoes.join("；")) };
        let due = r.next_due.as_ref().map_or(String::new(), |d| format!("下一到期：{}（{}）", d.what, d.due_on));
        println!("{}\t{}\t{result}\t{change}\t{vetoes}\t整改：{}\t{due}", r.center_name, r.status_label, r.rectification_label);
    }
    let grades: Vec<String> = o.distribution.iter().map(|g| format!("{} {}", g.grade, g.count)).collect();
    println!("{}{} 年：参评 {} 个，未评价 {} 个；{}", o.region_name, o.year, o.evaluated, o.not_evaluated, grades.join("，"));
    if let Some(w) = &o.cap_warning {
        println!("{w}");
    }
    Ok(())
}
