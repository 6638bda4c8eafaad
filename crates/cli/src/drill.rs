//! The writer half of the crash tests: deterministic edits of scores or of opinion text, each
//! acknowledged only once durable.

use std::io::Write;
use std::path::Path;

use tic_domain::sheet::{Answer, Opinion};
use tic_domain::{CriterionId, ExpertId, Points, ReviewId, Template};

/// The expert whose sheet the drill rewrites: the demo's second member, who has a draft sheet.
pub const DRILL_EXPERT: &str = "李晓梅";

/// The edit number `k` sets this criterion (of the scored ones, in order) to these points.
pub fn edit(template: &Template, k: u64) -> (CriterionId, Points) {
    let scored: Vec<_> = template.criteria().filter(|(_, c)| !c.veto).map(|(_, c)| c).collect();
    let criterion = scored[(k % scored.len() as u64) as usize];
    let tenths = (k * 7 % (criterion.max.tenths() as u64 + 1)) as u32;
    (criterion.id.clone(), Points::from_tenths(tenths))
}

/// The opinion text edit number `k` writes: long enough to span pages of the WAL, and unique to `k`.
pub fn opinion_text(k: u64) -> String {
    format!("第 {k} 次改写：平台建设基础扎实，研发投入持续增长，产学研协同机制较为完善。").repeat(20)
}

pub fn run(db: &Path, from: u64, count: u64, opinion: bool) -> Result<(), String> {
    let store = crate::keys::open_store(db)?;
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
        if opinion {
            let text = Opinion { strengths: opinion_text(k), problems: String::new(), suggestions: String::new(), remarks: String::new(), recommended_conclusion: None };
            store.save_opinion(review, expert, &text).map_err(|e| e.to_string())?;
        } else {
            let (criterion, points) = edit(&detail.template, k);
            let answer = Answer { criterion, points: Some(points), yes_no: None, comment: format!("第 {k} 次改写") };
            store.save_answer(review, expert, &answer).map_err(|e| e.to_string())?;
        }
        writeln!(out, "ack {k}").and_then(|_| out.flush()).map_err(|e| e.to_string())?;
    }
    Ok(())
}
