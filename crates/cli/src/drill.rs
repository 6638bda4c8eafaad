//! The writer half of the crash test: deterministic edits, each acknowledged only once durable.

use std::io::Write;
use std::path::Path;

use tic_domain::sheet::Answer;
use tic_domain::{CriterionId, ExpertId, Points, ReviewId, Template};
use tic_store::Store;

/// The expert whose sheet the drill rewrites: the demo's second member, who has a draft sheet.
pub const DRILL_EXPERT: &str = "李晓梅";

/// The edit number `k` sets this criterion (of the scored ones, in order) to these points.
pub fn edit(template: &Template, k: u64) -> (CriterionId, Points) {
    let scored: Vec<_> = template.criteria().filter(|(_, c)| !c.veto).map(|(_, c)| c).collect();
    let criterion = scored[(k % scored.len() as u64) as usize];
    let tenths = (k * 7 % (criterion.max.tenths() as u64 + 1)) as u32;
    (criterion.id.clone(), Points::from_tenths(tenths))
}

pub fn run(db: &Path, from: u64, count: u64) -> Result<(), String> {
    let store = Store::open(db).map_err(|e| e.to_string())?;
    let review = ReviewId(1);
    let detail = store.review(review).map_err(|e| e.to_string())?;
    let expert: ExpertId = detail
        .panel
        .iter()
        .find(|m| m.name == DRILL_EXPERT)
        .map(|m| m.expert_id)
        .ok_or("演示评审中找不到该专家")?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for k in from..from.saturating_add(count) {
        let (criterion, points) = edit(&detail.template, k);
        let answer = Answer { criterion, points: Some(points), yes_no: None, comment: format!("第 {k} 次改写") };
        store.save_answer(review, expert, &answer).map_err(|e| e.to_string())?;
        writeln!(out, "ack {k}").and_then(|_| out.flush()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
