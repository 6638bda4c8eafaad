//! The rubric templates shipped inside the binary, so a fresh installation can review at once.

/// (file name, contents) of every template in `assets/templates/`.
pub const BUILTIN_TEMPLATES: [(&str, &str); 13] = [
    ("gx.consultation.json", include_str!("../../../assets/templates/gx.consultation.json")),
    ("gx.annual_report.json", include_str!("../../../assets/templates/gx.annual_report.json")),
    ("gx.performance.json", include_str!("../../../assets/templates/gx.performance.json")),
    ("gx.acceptance.json", include_str!("../../../assets/templates/gx.acceptance.json")),
    ("nb.consultation.json", include_str!("../../../assets/templates/nb.consultation.json")),
    ("nb.performance.json", include_str!("../../../assets/templates/nb.performance.json")),
    ("sc.consultation.json", include_str!("../../../assets/templates/sc.consultation.json")),
    ("sc.annual_report.json", include_str!("../../../assets/templates/sc.annual_report.json")),
    ("sc.final_evaluation.json", include_str!("../../../assets/templates/sc.final_evaluation.json")),
    ("nm.consultation.json", include_str!("../../../assets/templates/nm.consultation.json")),
    ("nm.recognition.json", include_str!("../../../assets/templates/nm.recognition.json")),
    ("nm.annual_report.json", include_str!("../../../assets/templates/nm.annual_report.json")),
    ("nm.performance.json", include_str!("../../../assets/templates/nm.performance.json")),
];
