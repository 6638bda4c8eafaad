//! A center's operating records (运行记录) that the 内蒙古 checks read: the director's months at
//! the center, annual reports, and the panel's findings on the six revocation triggers (NM:47),
//! plus the settings for the rules the seeds leave open.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::funding::{Fen, FundingRule};
use crate::input::{optional_line, InputError};

/// How many months in one calendar year the director worked at the center (NM:30).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DirectorYear {
    pub year: i32,
    pub months: u32,
}

/// The annual report for `year` (上年度报告), due the following spring.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AnnualReport {
    pub year: i32,
    /// When it reached the department; `None` while not yet submitted.
    pub submitted_on: Option<NaiveDate>,
}

/// The six grounds for 摘牌撤销 in NM:47, in the seed's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum RevocationTrigger {
    FailedAfterRectification,
    AnnualReportOverdue,
    SkippedEvaluation,
    Fraud,
    LeadUnitDefunct,
    LawViolation,
}

impl RevocationTrigger {
    pub const ALL: [RevocationTrigger; 6] = [
        RevocationTrigger::FailedAfterRectification,
        RevocationTrigger::AnnualReportOverdue,
        RevocationTrigger::SkippedEvaluation,
        RevocationTrigger::Fraud,
        RevocationTrigger::LeadUnitDefunct,
        RevocationTrigger::LawViolation,
    ];

    /// The seed's own words for the trigger.
    pub fn label(self) -> &'static str {
        match self {
            RevocationTrigger::FailedAfterRectification => "对绩效评价不合格，限期整改仍不合格的",
            RevocationTrigger::AnnualReportOverdue => "到期不提交年度报告的",
            RevocationTrigger::SkippedEvaluation => "无故不参加评估评价的",
            RevocationTrigger::Fraud => "严重弄虚作假，提供虚假材料和不真实数据的",
            RevocationTrigger::LeadUnitDefunct => "牵头单位停产、破产，不能保障技术创新中心正常运行的",
            RevocationTrigger::LawViolation => "违反国家法律，不符合技术创新中心建设有关要求的",
        }
    }
}

/// One trigger the panel found, with what it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct TriggerFinding {
    pub trigger: RevocationTrigger,
    pub note: String,
}

/// A core indicator of the build plan (建设方案考核指标) with its target and what was achieved,
/// as decimal text ("20", "1500.5"); 广西 acceptance checks the completion rate (GX:18).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CoreIndicator {
    pub name: String,
    pub unit: String,
    pub target: String,
    pub actual: String,
}

/// A non-negative decimal with at most four places, as an integer of ten-thousandths.
pub fn parse_quantity(field: &str, text: &str) -> Result<i64, InputError> {
    let t = text.trim().replace([',', '，'], "");
    let bad = || InputError::new(field, format!("“{}”不是有效数值：请填写不小于 0、最多四位小数的数字", text.trim()));
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || whole.len() > 12 || frac.len() > 4 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<4}").parse().map_err(|_| bad())?;
    Ok(whole * 10_000 + frac)
}

/// 宁波: the center's capability investment (创新能力建设投入) in one calendar year, the base of
/// its funding caps (NB:28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct YearInvestment {
    pub year: i32,
    pub amount: Fen,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct CenterRecords {
    pub director_years: Vec<DirectorYear>,
    pub annual_reports: Vec<AnnualReport>,
    /// The triggers the panel found; empty with `revocation_reviewed_on` set means none was found.
    pub revocation_findings: Vec<TriggerFinding>,
    /// When the panel last went through the six triggers; `None` means not yet.
    pub revocation_reviewed_on: Option<NaiveDate>,
    pub core_indicators: Vec<CoreIndicator>,
    /// 宁波 (NB:28): each build year's capability investment.
    pub capability_investments: Vec<YearInvestment>,
}

const YEARS: std::ops::RangeInclusive<i32> = 1990..=2100;

impl CenterRecords {
    /// Sorted by year, each year once, numbers in range; refuses anything else naming the row.
    pub fn validated(&self) -> Result<CenterRecords, InputError> {
        let mut director_years = self.director_years.clone();
        director_years.sort_by_key(|d| d.year);
        for (i, d) in director_years.iter().enumerate() {
            if !YEARS.contains(&d.year) {
                return Err(InputError::new("主任在岗年份", format!("{} 年不在 1990–2100 之间", d.year)));
            }
            if d.months > 12 {
                return Err(InputError::new("主任在岗月数", format!("{} 年填了 {} 个月，一年最多 12 个月", d.year, d.months)));
            }
            if i > 0 && director_years[i - 1].year == d.year {
                return Err(InputError::new("主任在岗年份", format!("{} 年登记了两次", d.year)));
            }
        }
        let mut annual_reports = self.annual_reports.clone();
        annual_reports.sort_by_key(|r| r.year);
        for (i, r) in annual_reports.iter().enumerate() {
            if !YEARS.contains(&r.year) {
                return Err(InputError::new("年度报告年份", format!("{} 年不在 1990–2100 之间", r.year)));
            }
            if i > 0 && annual_reports[i - 1].year == r.year {
                return Err(InputError::new("年度报告年份", format!("{} 年度报告登记了两次", r.year)));
            }
            if let Some(on) = r.submitted_on {
                if on.year() < r.year {
                    return Err(InputError::new("年度报告提交日期", format!("{} 年度报告的提交日期 {on} 早于该年度", r.year)));
                }
            }
        }
        let mut revocation_findings = Vec::new();
        for finding in &self.revocation_findings {
            if revocation_findings.iter().any(|f: &TriggerFinding| f.trigger == finding.trigger) {
                return Err(InputError::new("撤销情形", format!("“{}”登记了两次", finding.trigger.label())));
            }
            revocation_findings.push(TriggerFinding { trigger: finding.trigger, note: optional_line("撤销情形说明", &finding.note)? });
        }
        revocation_findings.sort_by_key(|f| RevocationTrigger::ALL.iter().position(|t| *t == f.trigger));
        if !revocation_findings.is_empty() && self.revocation_reviewed_on.is_none() {
            return Err(InputError::new("撤销情形核查日期", "勾选了撤销情形时必须填写核查日期"));
        }
        let mut core_indicators = Vec::new();
        for (i, k) in self.core_indicators.iter().enumerate() {
            let row = format!("考核指标第 {} 行", i + 1);
            let name = crate::input::required_line(&format!("{row}名称"), &k.name)?;
            if parse_quantity(&format!("{row}目标值"), &k.target)? == 0 {
                return Err(InputError::new(&format!("{row}目标值"), "应大于 0"));
            }
            parse_quantity(&format!("{row}完成值"), &k.actual)?;
            core_indicators.push(CoreIndicator {
                name,
                unit: optional_line(&format!("{row}单位"), &k.unit)?,
                target: k.target.trim().to_owned(),
                actual: k.actual.trim().to_owned(),
            });
        }
        let mut capability_investments = self.capability_investments.clone();
        capability_investments.sort_by_key(|i| i.year);
        for (i, inv) in capability_investments.iter().enumerate() {
            if !YEARS.contains(&inv.year) {
                return Err(InputError::new("创新能力建设投入年份", format!("{} 年不在 1990–2100 之间", inv.year)));
            }
            if inv.amount < Fen(0) {
                return Err(InputError::new("创新能力建设投入", format!("{} 年的投入不能为负数", inv.year)));
            }
            if i > 0 && capability_investments[i - 1].year == inv.year {
                return Err(InputError::new("创新能力建设投入年份", format!("{} 年登记了两次", inv.year)));
            }
        }
        Ok(CenterRecords {
            director_years,
            annual_reports,
            revocation_findings,
            revocation_reviewed_on: self.revocation_reviewed_on,
            core_indicators,
            capability_investments,
        })
    }
}

/// The rules the seeds leave open, with the seeds' figures (or the most literal reading) as defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct Settings {
    /// NM:45 exempts centers approved "6月后" from their first report; whether June itself counts
    /// is the open question, so the month and its inclusion are settings.
    pub report_exempt_after_month: u32,
    pub report_exempt_includes_month: bool,
    /// NB:28 bases.
    pub funding: FundingRule,
    /// 广西 acceptance: the average completion rate of the core indicators below which the check
    /// fails; GX:18 names the completion but gives no bar.
    pub indicator_pass_percent: u32,
    /// On a shared laptop, an expert who has not touched the keyboard or mouse for this many
    /// minutes is signed out, so whoever sits down next needs their own PIN.
    pub idle_sign_out_minutes: u32,
    /// A cap on the share of 优秀 in a region's year (some departments set 15–20%); the seeds set
    /// none, so `None` (no cap) is the default. The year overview warns when it is exceeded.
    pub top_grade_cap_percent: Option<u32>,
    /// 内蒙古 post-subsidy: NM:46 and NM:56 disagree on which grades receive it.
    pub nm_post_subsidy: PostSubsidyRule,
    /// 专家抽取's 回避 rules; the seeds set none, so the usual practice is the default.
    pub draw_rules: crate::draw::Avoidance,
}

/// Which 内蒙古 绩效评价 grades receive the post-subsidy (后补助).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PostSubsidyRule {
    /// NM:46 “对于评价结果良好以上的给予一定的后补助支持”, in the evaluation section itself.
    #[default]
    GoodOrBetter,
    /// NM:56 “对评价等次为优秀、良好、合格的自治区级技术创新中心分别给予后补助资金支持”.
    PassOrBetter,
}

impl PostSubsidyRule {
    pub fn eligible(self, grade: &str) -> bool {
        match self {
            PostSubsidyRule::GoodOrBetter => matches!(grade, "优秀" | "良好"),
            PostSubsidyRule::PassOrBetter => matches!(grade, "优秀" | "良好" | "合格"),
        }
    }

    /// The seed line in force.
    pub fn source(self) -> crate::template::SeedCitation {
        use crate::region::seeds::{cite, NM};
        match self {
            PostSubsidyRule::GoodOrBetter => cite(NM, 46, "对于评价结果良好以上的给予一定的后补助支持"),
            PostSubsidyRule::PassOrBetter => cite(NM, 56, "对评价等次为优秀、良好、合格的自治区级技术创新中心分别给予后补助资金支持"),
        }
    }

    /// e.g. 良好以上（优秀、良好）
    pub fn label(self) -> &'static str {
        match self {
            PostSubsidyRule::GoodOrBetter => "良好以上（优秀、良好）",
            PostSubsidyRule::PassOrBetter => "合格以上（优秀、良好、合格）",
        }
    }
}

/// The idle time after which an expert is signed out, unless the settings say otherwise.
pub const DEFAULT_IDLE_SIGN_OUT_MINUTES: u32 = 5;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            report_exempt_after_month: 6,
            report_exempt_includes_month: false,
            funding: FundingRule::default(),
            indicator_pass_percent: 80,
            idle_sign_out_minutes: DEFAULT_IDLE_SIGN_OUT_MINUTES,
            top_grade_cap_percent: None,
            nm_post_subsidy: PostSubsidyRule::GoodOrBetter,
            draw_rules: crate::draw::Avoidance::default(),
        }
    }
}

impl Settings {
    pub fn validated(&self) -> Result<Settings, InputError> {
        if !(1..=12).contains(&self.report_exempt_after_month) {
            return Err(InputError::new("年度报告豁免月份", "应在 1 到 12 月之间"));
        }
        if !(1..=100).contains(&self.indicator_pass_percent) {
            return Err(InputError::new("考核指标完成率合格线（%）", "应在 1 到 100 之间"));
        }
        if !(1..=60).contains(&self.idle_sign_out_minutes) {
            return Err(InputError::new("无操作自动退出（分钟）", "应在 1 到 60 分钟之间"));
        }
        if self.top_grade_cap_percent.is_some_and(|c| !(1..=100).contains(&c)) {
            return Err(InputError::new("优秀比例上限（%）", "应在 1 到 100 之间，或留空表示不设上限"));
        }
        let f = &self.funding;
        if !(1..=100).contains(&f.share_percent) {
            return Err(InputError::new("支持比例（%）", "应在 1 到 100 之间"));
        }
        if f.first_year_cap <= Fen(0) || f.total_cap <= Fen(0) {
            return Err(InputError::new("支持上限", "应大于 0"));
        }
        if f.first_year_cap > f.total_cap {
            return Err(InputError::new("首年支持上限", "不能超过合计支持上限"));
        }
        if self.draw_rules.reviewed_within_years > 20 {
            return Err(InputError::new("近几年评审过本中心的回避年限", "应在 0 到 20 年之间（0 表示不回避）"));
        }
        Ok(self.clone())
    }

    /// Whether a center approved on `approved` owes no report for its approval year.
    pub fn first_report_exempt(&self, approved: NaiveDate) -> bool {
        if self.report_exempt_includes_month {
            approved.month() >= self.report_exempt_after_month
        } else {
            approved.month() > self.report_exempt_after_month
        }
    }
}
