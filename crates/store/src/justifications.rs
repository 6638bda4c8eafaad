//! The chair asks an expert to justify a score the statistics flagged; the expert answers in
//! their own screen. The request never changes a score.

use rusqlite::params;
use tic_domain::sheet::{Justification, MAX_TEXT_CHARS};
use tic_domain::{CriterionId, ExpertId, InputError, PanelRole, ReviewId};

use crate::error::StoreResult;
use crate::Store;

impl Store {
    /// The chair asks `expert` about `criterion`; only a score that carries a deviation warning
    /// can be asked about. Asking again replaces the words and keeps any answer.
    pub fn request_justification(&self, review: ReviewId, chair: ExpertId, expert: ExpertId, criterion: &CriterionId, request: &str) -> StoreResult<Vec<Justification>> {
        let consolidation = self.consolidation_seen_by(review, chair)?;
        let warning = consolidation
            .rows
            .iter()
            .filter(|r| &r.criterion == criterion)
            .flat_map(|r| r.warnings.iter())
            .find(|w| w.expert_id == expert)
            .ok_or_else(|| InputError::new("请求说明", "该专家此项评分没有偏离提示，无需请求说明"))?;
        let request = request.trim();
        let request = if request.is_empty() { "请说明此项评分的依据。" } else { request };
        if request.chars().count() > 2_000 {
            return Err(InputError::new("请求说明", "过长：最多 2000 字").into());
        }
        self.conn.execute(
            "INSERT INTO justification_requests (review_id, expert_id, criterion_id, warning, request, requested_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (review_id, expert_id, criterion_id) DO UPDATE SET warning = excluded.warning,
                 request = excluded.request, requested_at = excluded.requested_at",
            params![review.0, expert.0, criterion.0, warning.message, request, self.now()],
        )?;
        self.justifications(review, chair)
    }

    /// Every request of the review, for the chair.
    pub fn justifications(&self, review: ReviewId, chair: ExpertId) -> StoreResult<Vec<Justification>> {
        if !self.panel(review)?.iter().any(|m| m.expert_id == chair && m.role == PanelRole::Chair) {
            return Err(InputError::new("评分说明", "只有专家组组长可以查看全部评分说明").into());
        }
        self.justification_rows(review, None)
    }

    /// The requests addressed to `expert`.
    pub fn my_justifications(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<Justification>> {
        self.require_member(review, expert)?;
        self.justification_rows(review, Some(expert))
    }

    /// The expert's answer, saved durably; an empty answer is allowed (withdrawn text).
    pub fn answer_justification(&self, review: ReviewId, expert: ExpertId, criterion: &CriterionId, response: &str) -> StoreResult<Vec<Justification>> {
        self.require_member(review, expert)?;
        if response.chars().count() > MAX_TEXT_CHARS {
            return Err(InputError::new("评分说明", format!("过长：最多 {MAX_TEXT_CHARS} 字")).into());
        }
        let changed = self.conn.execute(
            "UPDATE justification_requests SET response = ?4, responded_at = ?5
             WHERE review_id = ?1 AND expert_id = ?2 AND criterion_id = ?3",
            params![review.0, expert.0, criterion.0, response.trim(), self.now()],
        )?;
        if changed == 0 {
            return Err(InputError::new("评分说明", "组长没有就此项请求说明").into());
        }
        self.my_justifications(review, expert)
    }

    fn justification_rows(&self, review: ReviewId, only: Option<ExpertId>) -> StoreResult<Vec<Justification>> {
        let template = self.review_template(review)?;
        let panel = self.panel(review)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT expert_id, criterion_id, warning, request, requested_at, response, responded_at
             FROM justification_requests WHERE review_id = ?1 AND (?2 IS NULL OR expert_id = ?2)
             ORDER BY requested_at, expert_id, criterion_id",
        )?;
        let rows = stmt.query_map(params![review.0, only.map(|e| e.0)], |r| {
            let expert_id = ExpertId(r.get(0)?);
            let criterion = CriterionId(r.get(1)?);
            Ok(Justification {
                expert_name: panel.iter().find(|m| m.expert_id == expert_id).map(|m| m.name.clone()).unwrap_or_default(),
                criterion_name: template.criteria().find(|(_, c)| c.id == criterion).map(|(_, c)| c.name.clone()).unwrap_or_else(|| criterion.0.clone()),
                expert_id,
                criterion,
                warning: r.get(2)?,
                request: r.get(3)?,
                requested_at: r.get(4)?,
                response: r.get(5)?,
                responded_at: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
