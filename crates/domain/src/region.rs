//! Regions whose guidelines the product follows, and the review stages they define.

use serde::{Deserialize, Serialize};

/// A region with its own guideline (seed document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
pub enum Region {
    #[serde(rename = "gx")]
    Guangxi,
    #[serde(rename = "nb")]
    Ningbo,
    #[serde(rename = "sc")]
    Sichuan,
    #[serde(rename = "nm")]
    InnerMongolia,
}

impl Region {
    pub const ALL: [Region; 4] = [Region::Guangxi, Region::Ningbo, Region::Sichuan, Region::InnerMongolia];

    /// The short code used in files and the database.
    pub fn code(self) -> &'static str {
        match self {
            Region::Guangxi => "gx",
            Region::Ningbo => "nb",
            Region::Sichuan => "sc",
            Region::InnerMongolia => "nm",
        }
    }

    pub fn from_code(code: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The name a Chinese document uses.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Region::Guangxi => "广西壮族自治区",
            Region::Ningbo => "宁波市",
            Region::Sichuan => "四川省",
            Region::InnerMongolia => "内蒙古自治区",
        }
    }
}

/// A stage of a center's life at which an expert panel reviews it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 咨询论证 / 评审论证 / 方案论证: the build plan is examined before construction starts.
    Consultation,
    /// 评审认定: plan review plus on-site assessment before recognition (内蒙古).
    Recognition,
    /// 年度报告: the yearly report is checked for completeness.
    AnnualReport,
    /// 绩效评价 / 绩效评估: periodic performance grading.
    Performance,
    /// 评估验收: acceptance at the end of the build period (广西).
    Acceptance,
    /// 期满前总结评估: summary evaluation before the build period ends (四川).
    FinalEvaluation,
}

impl Stage {
    pub fn code(self) -> &'static str {
        match self {
            Stage::Consultation => "consultation",
            Stage::Recognition => "recognition",
            Stage::AnnualReport => "annual_report",
            Stage::Performance => "performance",
            Stage::Acceptance => "acceptance",
            Stage::FinalEvaluation => "final_evaluation",
        }
    }

    /// The plain name of the stage, for sentences; templates carry each region's exact wording.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Stage::Consultation => "咨询论证",
            Stage::Recognition => "评审认定",
            Stage::AnnualReport => "年度报告",
            Stage::Performance => "绩效评价",
            Stage::Acceptance => "评估验收",
            Stage::FinalEvaluation => "总结评估",
        }
    }

    pub fn from_code(code: &str) -> Option<Stage> {
        [
            Stage::Consultation,
            Stage::Recognition,
            Stage::AnnualReport,
            Stage::Performance,
            Stage::Acceptance,
            Stage::FinalEvaluation,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }
}

/// The five guideline documents the product is built from, in `assets/seeds/`.
pub const SEED_DOCUMENTS: [(&str, &str); 5] = [
    ("000_4a9d863a4af1ad42.txt", "广西技术创新中心建设工作指引（征求意见稿）起草说明"),
    ("001_03f0f60d28428536.txt", "广西科技创新平台优化整合方案（桂科基字〔2022〕49号）"),
    ("002_828e465d8c4dc59d.txt", "宁波市技术创新中心建设工作指引（试行）起草说明"),
    ("003_3712c4456e7b2df5.txt", "四川省技术创新中心建设工作指引"),
    ("004_ffc5f580f039e4a8.txt", "内蒙古自治区技术创新中心建设工作指引（暂行）（征求意见稿）"),
];

/// The full title of a seed document (its file name when unknown).
pub fn seed_title(seed: &str) -> &str {
    SEED_DOCUMENTS.iter().find(|(f, _)| *f == seed).map_or(seed, |(_, title)| title)
}

/// The short name of a seed document for citations in tables ("内蒙古指引 第 45 行").
pub fn seed_short_title(seed: &str) -> &str {
    match seed {
        "000_4a9d863a4af1ad42.txt" => "广西指引起草说明",
        "001_03f0f60d28428536.txt" => "广西平台优化整合方案",
        "002_828e465d8c4dc59d.txt" => "宁波指引起草说明",
        "003_3712c4456e7b2df5.txt" => "四川指引",
        "004_ffc5f580f039e4a8.txt" => "内蒙古指引",
        other => other,
    }
}

/// "内蒙古指引 第 45 行".
pub fn citation(source: &crate::template::SeedCitation) -> String {
    format!("{} 第 {} 行", seed_short_title(&source.seed), source.line)
}

/// The seed files by their short names, for the rules that cite them (GX:18, NM:45, …).
pub(crate) mod seeds {
    use crate::template::SeedCitation;

    pub const GX: &str = "000_4a9d863a4af1ad42.txt";
    pub const GXP: &str = "001_03f0f60d28428536.txt";
    pub const NB: &str = "002_828e465d8c4dc59d.txt";
    pub const SC: &str = "003_3712c4456e7b2df5.txt";
    pub const NM: &str = "004_ffc5f580f039e4a8.txt";

    pub fn cite(seed: &str, line: u32, quote: &str) -> SeedCitation {
        SeedCitation { seed: seed.into(), line, quote: quote.into() }
    }
}
