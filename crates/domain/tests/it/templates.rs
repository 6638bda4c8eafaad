use std::path::PathBuf;

use tic_domain::{Template, TemplateMode, SEED_DOCUMENTS};

fn assets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../assets")
}

fn shipped_templates() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(assets().join("templates"))
        .expect("assets/templates")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

fn seed_line(seed: &str, line: u32) -> Option<String> {
    let text = std::fs::read_to_string(assets().join("seeds").join(seed)).ok()?;
    text.lines().nth(line as usize - 1).map(str::to_owned)
}

#[test]
fn every_shipped_template_loads_and_quotes_its_seed_exactly() {
    let templates = shipped_templates();
    assert_eq!(templates.len(), 13, "one template per region × stage the seeds support");
    for (file, bytes) in templates {
        let template = Template::parse(&file, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(format!("{}.json", template.id), file, "file name matches the template id");
        if template.mode == TemplateMode::Scored {
            assert_eq!(template.total_max().to_string(), "100", "{file} totals 100");
        }
        let citations = template.basis.iter().chain(template.criteria().flat_map(|(_, c)| c.sources.iter()));
        for citation in citations {
            assert!(SEED_DOCUMENTS.iter().any(|(name, _)| *name == citation.seed), "{file}: unknown seed {}", citation.seed);
            let line = seed_line(&citation.seed, citation.line).unwrap_or_default();
            assert!(line.contains(&citation.quote), "{file}: “{}” is not on {}:{}", citation.quote, citation.seed, citation.line);
        }
    }
}

fn nm_consultation() -> serde_json::Value {
    let bytes = std::fs::read(assets().join("templates/nm.consultation.json")).unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn refusal(value: &serde_json::Value) -> tic_domain::TemplateError {
    Template::parse("自定义.json", value.to_string().as_bytes()).expect_err("must be refused")
}

#[test]
fn a_criterion_without_a_seed_citation_is_refused() {
    let mut t = nm_consultation();
    t["groups"][1]["criteria"][0]["sources"] = serde_json::json!([]);
    let e = refusal(&t);
    assert_eq!(e.field, "groups[1].criteria[0].sources");
    assert_eq!(e.to_string(), "模板文件「自定义.json」的字段「groups[1].criteria[0].sources」：每个指标都必须注明依据的指引文件和行号");
}

#[test]
fn malformed_templates_name_the_file_and_field() {
    let cases: Vec<(Box<dyn Fn(&mut serde_json::Value)>, &str, &str)> = vec![
        (Box::new(|t| t["groups"][0]["criteria"][1]["max"] = "七".into()), "groups[0].criteria[1].max", "不是有效的分值"),
        (Box::new(|t| t["groups"][0]["criteria"][1]["max"] = "7.25".into()), "groups[0].criteria[1].max", "最多精确到 0.1 分"),
        (Box::new(|t| t["groups"][0]["criteria"][1]["max"] = 0.into()), "groups[0].criteria[1].max", "必须大于 0"),
        (Box::new(|t| { t["groups"][0].as_object_mut().unwrap().remove("name"); }), "groups[0]", "缺少必填字段「name」"),
        (Box::new(|t| t["groups"][0]["criteria"][0]["weight"] = 1.into()), "groups[0].criteria[0].weight", "不认识的字段「weight」"),
        (Box::new(|t| t["region"] = "xx".into()), "region", "不在允许的范围内"),
        (Box::new(|t| t["format"] = 2.into()), "format", "请升级本程序"),
        (Box::new(|t| t["groups"][1]["criteria"][0]["id"] = "nm.c.A1".into()), "groups[1].criteria[0].id", "重复"),
        (Box::new(|t| t["rules"]["grade_bands"][1]["min"] = 95.into()), "rules.grade_bands", "从高到低"),
        (Box::new(|t| t["conclusions"]["veto_option"] = 9.into()), "conclusions.veto_option", "应在 0 到 2 之间"),
        (Box::new(|t| t["rules"]["aggregation"]["min_experts"] = 2.into()), "rules.aggregation", "至少需要 3 位专家"),
        (Box::new(|t| t["groups"][0]["criteria"][0]["sources"][0]["line"] = 0.into()), "groups[0].criteria[0].sources[0]", "行号"),
    ];
    for (mutate, field, needle) in cases {
        let mut t = nm_consultation();
        mutate(&mut t);
        let e = refusal(&t);
        assert_eq!(e.field, field, "{e}");
        assert!(e.to_string().contains(needle), "{e} should mention {needle}");
    }
}

#[test]
fn non_json_and_oversized_files_are_refused_as_a_whole() {
    let e = Template::parse("坏.json", b"{ not json").unwrap_err();
    assert!(e.message.starts_with("不是有效的 JSON"), "{e}");
    let e = Template::parse("坏.json", &[0xff, 0xfe, 0x00]).unwrap_err();
    assert_eq!(e.message, "不是 UTF-8 编码的文本文件");
    let big = vec![b' '; 2 * 1024 * 1024];
    let e = Template::parse("大.json", &big).unwrap_err();
    assert!(e.message.contains("文件过大"), "{e}");
}

#[test]
fn every_template_file_is_built_into_the_binary() {
    let mut on_disk: Vec<String> = shipped_templates().into_iter().map(|(f, _)| f).collect();
    let mut built_in: Vec<String> = tic_domain::builtin::BUILTIN_TEMPLATES.iter().map(|(f, _)| f.to_string()).collect();
    on_disk.sort();
    built_in.sort();
    assert_eq!(on_disk, built_in);
    for (file, text) in tic_domain::builtin::BUILTIN_TEMPLATES {
        let on_disk = std::fs::read_to_string(assets().join("templates").join(file)).unwrap();
        assert_eq!(on_disk, text, "{file}");
    }
}
