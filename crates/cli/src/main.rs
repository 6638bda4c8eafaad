//! `tic-review`: the headless entry point, built on the same core as the desktop app.

mod backup;
mod consolidate;
mod demo;
mod demo_history;
mod exchange;
mod exchange_panel;
mod export;
mod drill;
mod keys;
mod overview;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "tic-review",
    version,
    about = "技术创新中心专家评审 — 命令行工具\nTIC Review — command-line tool for technology innovation center expert reviews",
    after_help = "数据库是加密的：密钥从环境变量 TIC_REVIEW_KEY（64 位十六进制）读取。\nThe database is encrypted: the key is read from TIC_REVIEW_KEY (64 hex digits).\n每个子命令都可加 --help 查看说明。 Each subcommand takes --help."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 在数据库中写入演示数据（一个处于咨询论证阶段的内蒙古中心、5 人专家组、部分评分）。
    /// Seed a realistic demo database (an Inner Mongolia center in consultation, a 5-member panel, sheets in progress).
    SeedDemo {
        /// 数据库文件路径 / path of the database file (created if missing)
        #[arg(long)]
        db: PathBuf,
    },
    /// 持续改写演示评审中一位专家的评分，每次保存成功后输出 "ack N"（用于断电/强杀测试）。
    /// Rewrite a demo expert's scores in a loop, printing "ack N" after each durable save (crash tests).
    #[command(hide = true)]
    DurabilityDrill {
        #[arg(long)]
        db: PathBuf,
        /// 从第几次改写开始 / first edit number
        #[arg(long, default_value_t = 0)]
        from: u64,
        /// 改写次数 / number of edits
        #[arg(long, default_value_t = 1_000_000)]
        count: u64,
        /// 改写专家意见文字而非评分 / rewrite the opinion text instead of the scores
        #[arg(long)]
        opinion: bool,
    },
    /// 按场景文件汇总专家评分，以 JSON 输出（格式见 docs/consolidation-scenario.md）。
    /// Consolidate the scores of a scenario file and print the result as JSON.
    Consolidate {
        /// 场景文件 / scenario file (JSON)
        scenario: PathBuf,
    },
    /// 导出演示评审（已完成）的全部文书和 Excel 工作簿，以演示签名身份签名。
    /// Export every document of a finished demo review and its workbook, signed with a demo identity.
    ExportDemo {
        /// 输出文件夹 / output folder
        #[arg(long)]
        out: PathBuf,
    },
    /// 核验 PDF 的数字签名与签名人证书。退出码：0 全部可信；1 有文件被改动、签名无效或无法读取；
    /// 3 签名完好但证书不受信任、已吊销或不在有效期；2 用法错误。
    /// Verify signed PDFs and their signers' certificates. Exit 0: all trusted; 1: a file changed,
    /// invalid or unreadable; 3: intact but untrusted, revoked or outside validity; 2: bad usage.
    Verify {
        /// PDF 文件或文件夹（核验其中所有 PDF）/ PDF files or folders (every PDF in them)
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 信任的根证书（.cer，DER 或 PEM），可多次给出 / a trusted root certificate, repeatable
        #[arg(long = "trust")]
        trust: Vec<PathBuf>,
        /// 吊销列表（.crl），须由信任的根证书签发，可多次给出 / a revocation list, repeatable
        #[arg(long = "crl")]
        crl: Vec<PathBuf>,
        /// 同时使用该数据库中信任的根证书和吊销列表 / also use the trust store of this database
        #[arg(long)]
        db: Option<PathBuf>,
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
        /// 另存为 Excel 文件 / also write an Excel workbook
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// 在组长的数据库中新建一项评审并导出评审包，再模拟 4 位专家各用一台电脑评分并导出签名评分包。
    /// One laptop per expert, played out: a review package from the chair's database, and each member's signed score-sheet package.
    ExchangeDemo {
        /// 组长电脑的数据库文件 / the chair's database file
        #[arg(long)]
        db: PathBuf,
        /// 输出文件夹 / output folder for the packages and the experts' laptops
        #[arg(long)]
        out: PathBuf,
    },
    /// 把数据库和全部照片备份为一个加密文件（口令取自 TIC_REVIEW_BACKUP_PASSPHRASE，未设置时从标准输入读取）。
    /// Back up the database and every photo into one encrypted file (passphrase from TIC_REVIEW_BACKUP_PASSPHRASE or stdin).
    Backup {
        /// 数据库文件路径 / path of the database file
        #[arg(long)]
        db: PathBuf,
        /// 备份文件 / the backup file to write
        #[arg(long)]
        out: PathBuf,
    },
    /// 从备份文件恢复：先完整检查，原数据库改名保留为 NAME.before-restore-时间。
    /// Restore from a backup file: checked in full first; the current database is kept as NAME.before-restore-TIME.
    Restore {
        /// 备份文件 / the backup file
        #[arg(long)]
        from: PathBuf,
        /// 要恢复到的数据库文件 / the database file to restore into
        #[arg(long)]
        db: PathBuf,
    },
    /// 列出日志存证并逐条校验哈希链：完整时退出码 0，发现改动、删除或调换时 1。
    /// Print the audit log and verify its hash chain: exit 0 when whole, 1 when a row was edited, deleted or reordered.
    Audit {
        /// 数据库文件路径 / path of the database file
        #[arg(long)]
        db: PathBuf,
    },
    /// 核验组长导出的签名日志存证文件（.ticlog）：签名有效且哈希链完整时退出码 0，否则 1。
    /// Verify a signed audit-log file (.ticlog): exit 0 when the signature is valid and the chain whole, 1 otherwise.
    AuditVerify {
        /// 日志存证文件 / the .ticlog file
        file: PathBuf,
    },
    /// 生成一把新的随机数据库密钥（64 位十六进制），供环境变量 TIC_REVIEW_KEY 使用。
    /// Print a new random database key (64 hex digits) for TIC_REVIEW_KEY.
    NewKey,
    /// 列出各中心的待办事项（年度报告、绩效评价、验收、总结评估、整改期限），逾期的在前。
    /// List every center's due dates (reports, evaluations, acceptance, rectification), overdue first.
    Due {
        /// 数据库文件路径 / path of the database file
        #[arg(long)]
        db: PathBuf,
        /// 以哪一天计算（默认今天），格式 2026-12-01 / the day to count from (default today)
        #[arg(long)]
        on: Option<String>,
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
    },
    /// 某地区某年度的评价总览：各中心最近一次评价、较上年变化、否决、整改与下一到期事项。
    /// A region's year at a glance: each center's latest evaluation, change, vetoes, 整改, next due date.
    Overview {
        /// 数据库文件路径 / path of the database file
        #[arg(long)]
        db: PathBuf,
        /// 地区：nm（内蒙古）、gx（广西）、sc（四川）、nb（宁波） / region code
        #[arg(long)]
        region: String,
        /// 年度，如 2025 / the year
        #[arg(long)]
        year: i32,
        /// 以哪一天计算待办（默认今天） / the day due dates are counted from (default today)
        #[arg(long)]
        on: Option<String>,
        /// 以 JSON 输出 / print JSON
        #[arg(long)]
        json: bool,
        /// 另存为 Excel 文件 / also write an Excel workbook
        #[arg(long)]
        xlsx: Option<PathBuf>,
    },
    /// 列出数据库中的评审。 List the reviews in a database.
    ListReviews {
        /// 数据库文件路径 / path of the database file
        #[arg(long)]
        db: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Verify { files, trust, crl, db, json, xlsx } = &cli.command {
        return match export::verify(files, trust, crl, db.as_deref(), *json, xlsx.as_deref()) {
            Ok(code) => ExitCode::from(code),
            Err(message) => {
                eprintln!("错误：{message}");
                ExitCode::from(2)
            }
        };
    }
    let checked = match &cli.command {
        Command::Audit { db } => Some(audit(db)),
        Command::AuditVerify { file } => Some(audit_verify(file)),
        _ => None,
    };
    if let Some(checked) = checked {
        return match checked {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(message) => {
                eprintln!("错误：{message}");
                ExitCode::from(2)
            }
        };
    }
    let result = match cli.command {
        Command::ExportDemo { out } => export::export_demo(&out),
        Command::ExchangeDemo { db, out } => exchange::exchange_demo(&db, &out),
        Command::Verify { .. } | Command::Audit { .. } | Command::AuditVerify { .. } => Ok(()),
        Command::SeedDemo { db } => demo::seed_file(&db),
        Command::ListReviews { db } => list_reviews(&db),
        Command::Due { db, on, json } => due(&db, on.as_deref(), json),
        Command::Overview { db, region, year, on, json, xlsx } => overview::run(&db, &region, year, on.as_deref(), json, xlsx.as_deref()),
        Command::Backup { db, out } => backup::backup(&db, &out),
        Command::Restore { from, db } => backup::restore(&from, &db),
        Command::NewKey => {
            println!("{}", tic_store::DataKey::random().to_hex().as_str());
            Ok(())
        }
        Command::Consolidate { scenario } => consolidate::consolidate_file(&scenario).map(|json| println!("{json}")),
        Command::DurabilityDrill { db, from, count, opinion } => drill::run(&db, from, count, opinion),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误：{message}");
            ExitCode::from(2)
        }
    }
}

/// Prints every row and the verdict; `Ok(false)` when the chain is broken.
fn audit(db: &std::path::Path) -> Result<bool, String> {
    let store = keys::open_store(db)?;
    let log = store.audit_log().map_err(|e| e.to_string())?;
    for e in &log {
        let review = e.review_id.map(|r| format!("评审 {r}")).unwrap_or_default();
        println!("{}\t{}\t{}\t{}\t{}\t{}", e.seq, e.at, e.actor, e.action, review, e.detail);
    }
    let verdict = tic_store::verify_chain(&log);
    match &verdict.broken {
        None => println!("日志完整：共 {} 条，末条哈希 {}", verdict.entries, verdict.head),
        Some(reason) => println!("日志校验未通过：{reason}"),
    }
    Ok(verdict.broken.is_none())
}

/// Checks a signed `.ticlog` file; `Ok(false)` when the chain inside is broken.
fn audit_verify(file: &std::path::Path) -> Result<bool, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取「{}」：{e}", file.display()))?;
    let verdict = match tic_export::audit::verify_audit_file(&bytes) {
        Ok(verdict) => verdict,
        Err(e) => {
            println!("核验未通过：{e}");
            return Ok(false);
        }
    };
    println!("签名有效：{}（证书指纹 {}），{}，导出于 {}", verdict.signer, verdict.fingerprint, verdict.center_name, verdict.exported_at);
    match &verdict.chain.broken {
        None => println!("日志完整：共 {} 条，末条哈希 {}", verdict.chain.entries, verdict.chain.head),
        Some(reason) => println!("日志校验未通过：{reason}"),
    }
    Ok(verdict.whole())
}

fn list_reviews(db: &std::path::Path) -> Result<(), String> {
    let store = keys::open_store(db)?;
    for r in store.list_reviews(&Default::default()).map_err(|e| e.to_string())? {
        println!(
            "{}\t{}\t{}\t{}\t{}\t专家 {} 人\t已提交 {} 份",
            r.id, r.review_date, r.center_name, r.stage_name, r.place, r.panel_size, r.sheets_submitted
        );
    }
    Ok(())
}

/// The day given with `--on`, in any of the forms people write dates, or today.
pub(crate) fn day(on: Option<&str>) -> Result<chrono::NaiveDate, String> {
    match on {
        Some(text) => tic_domain::input::parse_date("--on", text).map_err(|e| e.to_string()),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn due(db: &std::path::Path, on: Option<&str>, json: bool) -> Result<(), String> {
    let on = day(on)?;
    let store = keys::open_store(db)?;
    let items = store.due_items(on).map_err(|e| e.to_string())?;
    if json {
        println!("{}", serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?);
        return Ok(());
    }
    for i in &items {
        let left = match i.days_left {
            0 => "今天到期".to_owned(),
            d if d < 0 => format!("逾期 {} 天", -d),
            d => format!("还有 {d} 天"),
        };
        let advisory = if i.advisory { "（提示）" } else { "" };
        println!(
            "{}\t{}\t{}{advisory}\t{}\t{left}\t{}",
            i.due_on,
            i.center_name,
            i.what,
            i.region.chinese_name(),
            tic_domain::region::citation(&i.source)
        );
    }
    println!("共 {} 项（{} 计）", items.len(), on);
    Ok(())
}
