//! The rest of `exchange-demo`: the panel's discussion and approval by file, played out on a copy
//! of the chair's laptop. The chair imports the first-round packages, scores, opens a discussion
//! round and sends its round package; 赵志军 re-scores on his laptop and sends a new score-sheet
//! package; the panel opinion goes out twice (版本 1 and 2); 高丽娟, 赵志军 and 乌兰图雅 answer with
//! approval packages (乌兰图雅 objects first, then approves; 高丽娟 also approved version 1). Every
//! package is left in the output folder; 钱学文's laptop is left for a person to open the round and
//! opinion packages on.

use std::path::Path;

use tic_domain::exchange::SheetImportOutcome;
use tic_domain::sheet::{Answer, ConflictDecision, DeclarationInput, Opinion, RoundAnswer};
use tic_domain::{ExpertId, ReviewId};
use tic_export::exchange::export_sheet_package;
use tic_export::panel_exchange::{export_approval_package, export_opinion_package, export_round_package, import_member_packages, open_chair_package};
use tic_store::Store;

use crate::exchange::Laptop;
use crate::export::{drawn_signature, DEMO_PASSPHRASE};

/// The chair's question when opening the round.
pub const ROUND_QUESTION: &str = "该项评分分歧较大，请结合现场考察情况复议。";

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

fn write(out: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(out.join(name), bytes).map_err(e)
}

/// Imports files on the chair's laptop and fails if any was refused.
fn import(store: &Store, review: ReviewId, chair: ExpertId, out: &Path, names: &[&str]) -> Result<(), String> {
    let files = names.iter().map(|n| Ok((n.to_string(), std::fs::read(out.join(n)).map_err(e)?))).collect::<Result<Vec<_>, String>>()?;
    for r in import_member_packages(store, review, chair, &files).map_err(e)? {
        if r.outcome == SheetImportOutcome::Refused {
            return Err(format!("{}：{}", r.file, r.message));
        }
    }
    Ok(())
}

pub fn play_panel(chair_store: &Store, chair: ExpertId, review: ReviewId, laptops: &[Laptop], out: &Path) -> Result<(), String> {
    // The chair's own sheet: full marks, submitted, signature drawn.
    chair_store.declare(review, chair, &DeclarationInput { conflict: ConflictDecision::None, reason: String::new(), pledge_accepted: true }).map_err(e)?;
    let template = chair_store.review_template(review).map_err(e)?;
    for (_, c) in template.criteria() {
        let (points, yes_no) = if c.veto { (None, Some(false)) } else { (Some(c.max), None) };
        chair_store.save_answer(review, chair, &Answer { criterion: c.id.clone(), points, yes_no, comment: String::new() }).map_err(e)?;
    }
    let opinion = Opinion {
        strengths: "牵头企业育繁推一体化基础较好。".into(),
        problems: "共建单位分工不够具体。".into(),
        suggestions: "明确各共建单位的任务与考核。".into(),
        remarks: String::new(),
        recommended_conclusion: Some(0),
    };
    chair_store.save_opinion(review, chair, &opinion).map_err(e)?;
    chair_store.submit_sheet(review, chair).map_err(e)?;
    chair_store.save_hand_signature(review, chair, &drawn_signature(0)).map_err(e)?;
    let firsts: Vec<String> = laptops.iter().map(|l| format!("{}.ticsheet", l.file)).collect();
    import(chair_store, review, chair, out, &firsts.iter().map(String::as_str).collect::<Vec<_>>())?;

    // The round: the first criterion the members scored differently.
    let consolidation = chair_store.consolidation_seen_by(review, chair).map_err(e)?;
    let row = consolidation
        .rows
        .iter()
        .find(|r| !r.veto && r.scores.iter().flatten().min() != r.scores.iter().flatten().max())
        .ok_or("没有评分不一致的指标")?;
    let criterion = row.criterion.clone();
    chair_store.open_round(review, chair, std::slice::from_ref(&criterion), ROUND_QUESTION).map_err(e)?;
    let (round, _) = export_round_package(chair_store, review, chair, DEMO_PASSPHRASE).map_err(e)?;
    write(out, "round.ticround", &round)?;
    for l in &laptops[..3] {
        open_chair_package(&l.store, &round).map_err(e)?;
    }
    // 赵志军 gives full marks after the discussion and sends a new package.
    let zhao = &laptops[1];
    let max = template.criterion(&criterion).map(|c| c.max).ok_or("指标不在模板中")?;
    let answer = RoundAnswer { criterion: criterion.clone(), points: Some(max), yes_no: None, reason: "现场核实中试基地已投入运行，上调评分。".into() };
    zhao.store.save_round_answer(zhao.review, zhao.expert, &answer).map_err(e)?;
    write(out, "zhao-round2.ticsheet", &export_sheet_package(&zhao.store, zhao.review, zhao.expert, DEMO_PASSPHRASE).map_err(e)?.0)?;
    import(chair_store, review, chair, out, &["zhao-round2.ticsheet"])?;

    // The panel opinion: version 1 from the members' opinions, then version 2 with an overall judgement.
    let mut text = chair_store.panel_opinion(review, chair).map_err(e)?.opinion;
    chair_store.save_panel_opinion(review, chair, &text).map_err(e)?;
    let (v1, _) = export_opinion_package(chair_store, review, chair, DEMO_PASSPHRASE).map_err(e)?;
    write(out, "opinion-1.ticopinion", &v1)?;
    let gao = &laptops[0];
    open_chair_package(&gao.store, &v1).map_err(e)?;
    gao.store.approve_panel_opinion(gao.review, gao.expert, 1).map_err(e)?;
    write(out, "gao-v1.ticapproval", &export_approval_package(&gao.store, gao.review, gao.expert, DEMO_PASSPHRASE).map_err(e)?.0)?;
    text.overall = "建设方案总体可行，目标明确，建议按专家意见完善后提出创建申请。".into();
    chair_store.save_panel_opinion(review, chair, &text).map_err(e)?;
    let (v2, _) = export_opinion_package(chair_store, review, chair, DEMO_PASSPHRASE).map_err(e)?;
    write(out, "opinion-2.ticopinion", &v2)?;
    for l in &laptops[..3] {
        open_chair_package(&l.store, &v2).map_err(e)?;
        if l.file == "wulan" {
            l.store.object_panel_opinion(l.review, l.expert, 2, "共建单位分工的问题应写入整改事项。").map_err(e)?;
            write(out, "wulan-objection.ticapproval", &export_approval_package(&l.store, l.review, l.expert, DEMO_PASSPHRASE).map_err(e)?.0)?;
        }
        l.store.approve_panel_opinion(l.review, l.expert, 2).map_err(e)?;
        write(out, &format!("{}.ticapproval", l.file), &export_approval_package(&l.store, l.review, l.expert, DEMO_PASSPHRASE).map_err(e)?.0)?;
    }
    import(chair_store, review, chair, out, &["gao.ticapproval", "zhao.ticapproval", "wulan.ticapproval"])?;
    chair_store.approve_panel_opinion(review, chair, 2).map_err(e)?;
    Ok(())
}
