//! Bulk import of centers from Excel: the template, row-level errors, and the confirmed import.

use crate::test_key;
use rust_xlsxwriter::Workbook;
use tic_domain::Region;
use tic_export::bulk::{center_template, read_centers, CENTER_COLUMNS};
use tic_store::Store;

/// A workbook like one a clerk fills in from the template.
fn filled(rows: &[[&str; 10]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("中心").unwrap();
    for (k, h) in CENTER_COLUMNS.iter().enumerate() {
        ws.write_string(0, k as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if c == 8 && !v.is_empty() && v.parse::<f64>().is_ok() {
                ws.write_number(r as u32 + 1, c as u16, v.parse::<f64>().unwrap()).unwrap();
            } else if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_template_is_what_the_reader_expects() {
    let template = center_template().unwrap();
    let err = read_centers(&template, &[]).unwrap_err();
    assert_eq!(err.to_string(), "“中心”工作表中没有填写任何中心");
}

#[test]
fn every_faulty_row_is_named_and_only_valid_rows_are_imported() {
    let bytes = filled(&[
        ["广西糖业技术创新中心", "广西", "综合领域类", "甘蔗糖业", "广西农垦糖业集团", "广西大学、广西科学院", "链主企业牵头", "2023-06-30", "3", "黄海鹏"],
        ["", "四川", "", "", "东方电气", "", "", "", "", ""],
        ["宁波新材料技术创新中心", "浙江", "", "", "宁波材料所", "", "", "2024/13/01", "三", ""],
        ["内蒙古自治区稀土功能材料技术创新中心", "内蒙古自治区", "", "", "包头稀土研究院", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "", ""],
        ["四川省高端能源装备技术创新中心", "四川省", "", "", "东方电气集团", "四川大学；西南交通大学", "", "", "4", "何志远"],
        ["广西糖业技术创新中心", "广西", "", "", "另一单位", "", "", "", "", ""],
    ]);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db"), &test_key()).unwrap();
    store
        .create_center(&tic_domain::CenterDraft {
            name: "内蒙古自治区稀土功能材料技术创新中心".into(),
            region: Region::InnerMongolia,
            center_type: String::new(),
            industry_field: String::new(),
            lead_unit: "包头稀土研究院".into(),
            cobuild_units: vec![],
            organization_mode: String::new(),
            approval_date: None,
            build_period_years: None,
            director: String::new(),
            committee_members: vec![],
        })
        .unwrap();
    let existing: Vec<String> = store.list_centers().unwrap().into_iter().map(|c| c.facts.name).collect();
    let import = read_centers(&bytes, &existing).unwrap();
    let errors: Vec<(u32, &str, &str)> = import.errors.iter().map(|e| (e.row, e.column.as_str(), e.message.as_str())).collect();
    assert_eq!(
        errors,
        [
            (3, "中心名称", "不能为空"),
            (4, "所属地区", "“浙江”不是内蒙古、四川、广西或宁波"),
            (4, "批复日期", "“2024-13-01”不是日期，应写作 2024-06-18"),
            (4, "建设期（年）", "“三”不是整数年数"),
            (5, "中心名称", "“内蒙古自治区稀土功能材料技术创新中心”已登记或在本文件中重复"),
            (8, "中心名称", "“广西糖业技术创新中心”已登记或在本文件中重复"),
        ],
        "{errors:?}"
    );
    let rows: Vec<u32> = import.valid.iter().map(|(r, _)| *r).collect();
    assert_eq!(rows, [2, 7]);
    let (_, gx) = &import.valid[0];
    assert_eq!(gx.region, Region::Guangxi);
    assert_eq!(gx.cobuild_units, ["广西大学", "广西科学院"]);
    assert_eq!(gx.approval_date, Some("2023-06-30".parse().unwrap()));
    assert_eq!(gx.build_period_years, Some(3));
    assert_eq!(import.valid[1].1.cobuild_units, ["四川大学", "西南交通大学"]);

    let drafts: Vec<_> = import.valid.into_iter().map(|(_, d)| d).collect();
    store.create_centers(&drafts).unwrap();
    drop(store);
    let store = Store::open(&dir.path().join("r.db"), &test_key()).unwrap();
    assert_eq!(store.list_centers().unwrap().len(), 3);
}

#[test]
fn files_that_are_not_a_center_list_are_refused() {
    assert!(read_centers(b"PK\x03\x04 not really", &[]).unwrap_err().to_string().contains("不是有效的 Excel 工作簿"));
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Sheet1").unwrap();
    let other = book.save_to_buffer().unwrap();
    assert!(read_centers(&other, &[]).unwrap_err().to_string().contains("没有名为“中心”的工作表"));
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("中心").unwrap();
    ws.write_string(0, 0, "名称").unwrap();
    let wrong = book.save_to_buffer().unwrap();
    assert!(read_centers(&wrong, &[]).unwrap_err().to_string().contains("第 1 行第 1 列应为“中心名称*”"));
}

/// The fixture the end-to-end test imports through the window: two good rows, one without a
/// name. `TIC_WRITE_FIXTURE=1` rewrites it from here.
#[test]
fn the_end_to_end_fixture_reads_as_the_window_test_expects() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/centers-import.xlsx");
    if std::env::var_os("TIC_WRITE_FIXTURE").is_some() {
        let bytes = filled(&[
            ["宁波智能成型技术创新中心", "宁波", "", "智能成型装备", "宁波大学", "海天塑机集团", "高校牵头", "2024-03-15", "3", "陈立"],
            ["", "四川", "", "", "四川大学", "", "", "", "", ""],
            ["四川省页岩气技术创新中心", "四川省", "", "页岩气", "西南石油大学", "", "", "", "5", ""],
        ]);
        std::fs::write(&path, bytes).unwrap();
    }
    let import = read_centers(&std::fs::read(&path).unwrap(), &[]).unwrap();
    let names: Vec<&str> = import.valid.iter().map(|(_, d)| d.name.as_str()).collect();
    assert_eq!(names, ["宁波智能成型技术创新中心", "四川省页岩气技术创新中心"]);
    assert_eq!(import.errors.len(), 1);
    assert_eq!((import.errors[0].row, import.errors[0].message.as_str()), (3, "不能为空"));
}

fn expert_sheet(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("专家").unwrap();
    for (k, h) in tic_export::bulk::EXPERT_COLUMNS.iter().enumerate() {
        ws.write_string(0, k as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_expert_pool_is_imported_after_every_faulty_row_is_named() {
    use tic_export::bulk::{expert_template, read_experts};
    assert_eq!(read_experts(&expert_template().unwrap(), &[]).unwrap_err().to_string(), "“专家”工作表中没有填写任何专家");
    let bytes = expert_sheet(&[
        ["孙立群", "教授", "内蒙古工业大学", "技术专家"],
        ["", "研究员", "四川大学", "管理"],
        ["周海燕", "高级会计师", "", "会计"],
        ["王振华", "研究员", "内蒙古大学", "技术"],
        ["孙立群", "教授", "内蒙古工业大学", "技术专家"],
        ["陈静", "", "广西科学院", "科技政策专家"],
    ]);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("r.db"), &test_key()).unwrap();
    let seed = tic_domain::PanelMemberDraft {
        name: "王振华".into(),
        title: "研究员".into(),
        affiliation: "内蒙古大学".into(),
        expert_type: tic_domain::ExpertType::Technical,
        role: tic_domain::PanelRole::Member,
    };
    assert_eq!(store.add_experts(&[seed]).unwrap(), 1);
    let existing: Vec<(String, String)> = store.list_experts().unwrap().into_iter().map(|e| (e.name, e.affiliation)).collect();
    let import = read_experts(&bytes, &existing).unwrap();
    // Rows 3, 4, 5 and 6 are faulty: a missing name; a missing unit and an unknown type; an expert
    // already in the pool; a repeat of row 2. Rows 2 and 7 are valid.
    let errors: Vec<(u32, &str)> = import.errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(errors, vec![(3, "姓名"), (4, "专家类型"), (4, "工作单位"), (5, "姓名"), (6, "姓名")], "{:?}", import.errors);
    assert!(import.errors[1].message.contains("“会计”不是技术专家"), "{:?}", import.errors[1]);
    assert!(import.errors[3].message.contains("王振华（内蒙古大学）已在专家库中"), "{:?}", import.errors[3]);
    let valid: Vec<(u32, &str)> = import.valid.iter().map(|(r, d)| (*r, d.name.as_str())).collect();
    assert_eq!(valid, vec![(2, "孙立群"), (7, "陈静")]);
    assert_eq!(import.valid[1].1.expert_type, tic_domain::ExpertType::Policy);
    let drafts: Vec<_> = import.valid.iter().map(|(_, d)| d.clone()).collect();
    assert_eq!(store.add_experts(&drafts).unwrap(), 2);
    let pool: Vec<String> = store.list_experts().unwrap().into_iter().map(|e| e.name).collect();
    assert_eq!(pool.len(), 3);
    // Importing the same rows again is refused as a whole, and the pool stays as it was.
    assert!(store.add_experts(&drafts).unwrap_err().to_string().contains("孙立群（内蒙古工业大学）已在专家库中"));
    assert_eq!(store.list_experts().unwrap().len(), 3);
}

#[test]
fn the_expert_fixture_reads_as_the_window_test_expects() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/experts-import.xlsx");
    if std::env::var_os("TIC_WRITE_FIXTURE").is_some() {
        let bytes = expert_sheet(&[
            ["孙立群", "教授", "内蒙古工业大学", "技术专家"],
            ["周海燕", "高级会计师", "内蒙古财经大学", "会计"],
            ["陈静", "研究员", "广西科学院", "科技政策专家"],
        ]);
        std::fs::write(&path, bytes).unwrap();
    }
    let import = tic_export::bulk::read_experts(&std::fs::read(&path).unwrap(), &[]).unwrap();
    let names: Vec<&str> = import.valid.iter().map(|(_, d)| d.name.as_str()).collect();
    assert_eq!(names, ["孙立群", "陈静"]);
    assert_eq!(import.errors.len(), 1);
    assert_eq!((import.errors[0].row, import.errors[0].column.as_str()), (3, "专家类型"));
}
