use rusqlite::{params, OptionalExtension};
use tic_domain::{CriterionId, ExpertId, InputError, Points, ReviewId, ScoreSheetId};

use crate::error::{StoreError, StoreResult};
use crate::Store;

/// One answer an expert gives to one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreInput {
    pub criterion: CriterionId,
    /// Points for a scored criterion; `None` clears it.
    pub points: Option<Points>,
    /// Yes/no for a veto item.
    pub veto: Option<bool>,
    pub comment: String,
}

impl Store {
    /// Saves one answer durably, creating the expert's sheet on first use.
    ///
    /// Refuses a criterion not in the review's frozen template, points above its maximum, and any
    /// change to a submitted sheet.
    pub fn save_score(&self, review: ReviewId, expert: ExpertId, input: &ScoreInput) -> StoreResult<ScoreSheetId> {
        let template = self.review_template(review)?;
        let criterion = template
            .criterion(&input.criterion)
            .ok_or_else(|| InputError::new("评审指标", format!("“{}”不在本评审的模板中", input.criterion)))?;
        if let Some(points) = input.points {
            if points > criterion.max {
                return Err(InputError::new(&criterion.name, format!("得分 {points} 超过了满分 {}", criterion.max)).into());
            }
        }
        let tx = self.conn.unchecked_transaction()?;
        let on_panel: bool = tx.query_row(
            "SELECT count(*) > 0 FROM panel_members WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| r.get(0),
        )?;
        if !on_panel {
            return Err(StoreError::NotFound("该专家在本评审专家组中的席位".into()));
        }
        let now = self.now();
        tx.execute(
            "INSERT INTO score_sheets (review_id, expert_id, status, updated_at) VALUES (?1, ?2, 'draft', ?3)
             ON CONFLICT (review_id, expert_id) DO NOTHING",
            params![review.0, expert.0, now],
        )?;
        let (sheet, status): (i64, String) = tx.query_row(
            "SELECT id, status FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if status == "submitted" {
            return Err(InputError::new("评分表", "已提交，不能再修改；如需修改请先说明理由并重新打开").into());
        }
        tx.execute(
            "INSERT INTO scores (sheet_id, criterion_id, points_tenths, yes_no, comment, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (sheet_id, criterion_id) DO UPDATE SET points_tenths = excluded.points_tenths,
                 yes_no = excluded.yes_no, comment = excluded.comment, updated_at = excluded.updated_at",
            params![sheet, input.criterion.0, input.points.map(|p| p.tenths()), input.veto, input.comment.trim(), now],
        )?;
        tx.execute("UPDATE score_sheets SET updated_at = ?2 WHERE id = ?1", params![sheet, now])?;
        tx.execute("UPDATE reviews SET status = 'scoring' WHERE id = ?1 AND status = 'preparing'", [review.0])?;
        tx.commit()?;
        Ok(ScoreSheetId(sheet))
    }

    /// Locks an expert's sheet once every criterion is answered.
    pub fn submit_sheet(&self, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
        let template = self.review_template(review)?;
        let sheet: i64 = self
            .conn
            .query_row(
                "SELECT id FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| InputError::new("评分表", "还没有任何评分，不能提交"))?;
        for (_, criterion) in template.criteria() {
            let answered: bool = self.conn.query_row(
                "SELECT count(*) > 0 FROM scores WHERE sheet_id = ?1 AND criterion_id = ?2
                   AND (points_tenths IS NOT NULL OR yes_no IS NOT NULL)",
                params![sheet, criterion.id.0],
                |r| r.get(0),
            )?;
            if !answered {
                return Err(InputError::new(&criterion.name, "尚未评分，请完成全部指标后再提交").into());
            }
        }
        let now = self.now();
        self.conn.execute(
            "UPDATE score_sheets SET status = 'submitted', submitted_at = ?2, updated_at = ?2 WHERE id = ?1",
            params![sheet, now],
        )?;
        Ok(())
    }

    /// The points an expert has saved for each criterion (unanswered criteria are absent).
    pub fn sheet_points(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<(CriterionId, Option<Points>, Option<bool>, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT sc.criterion_id, sc.points_tenths, sc.yes_no, sc.comment FROM scores sc
             JOIN score_sheets s ON s.id = sc.sheet_id WHERE s.review_id = ?1 AND s.expert_id = ?2
             ORDER BY sc.criterion_id",
        )?;
        let rows = stmt.query_map(params![review.0, expert.0], |r| {
            Ok((CriterionId(r.get(0)?), r.get::<_, Option<u32>>(1)?.map(Points::from_tenths), r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
