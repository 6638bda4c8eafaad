//! A review is finished once: 已完成 locks it and freezes its compliance checks.

use rusqlite::{params, OptionalExtension};
use tic_domain::compliance::ComplianceCheck;
use tic_domain::records::Settings;
use tic_domain::{ExpertId, InputError, ReviewId, ReviewStatus};

use crate::error::{StoreError, StoreResult};
use crate::Store;

/// What was kept when a review was finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConclusionRecord {
    pub concluded_at: String,
    pub concluded_by: String,
    pub opinion_version: u32,
    pub checks: Vec<ComplianceCheck>,
    pub settings: Settings,
}

impl Store {
    /// The record of a finished review, or None while it is open.
    pub fn conclusion_record(&self, review: ReviewId) -> StoreResult<Option<ConclusionRecord>> {
        let row: Option<(String, String, u32, String, String)> = self
            .conn
            .query_row(
                "SELECT concluded_at, concluded_by, opinion_version, checks, settings FROM review_conclusions WHERE review_id = ?1",
                [review.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        row.map(|(concluded_at, concluded_by, opinion_version, checks, settings)| {
            let unusable = |e: serde_json::Error| StoreError::Unusable { path: "评审完成记录".into(), detail: e.to_string() };
            Ok(ConclusionRecord {
                concluded_at,
                concluded_by,
                opinion_version,
                checks: serde_json::from_str(&checks).map_err(unusable)?,
                settings: serde_json::from_str(&settings).map_err(unusable)?,
            })
        })
        .transpose()
    }

    /// Refuses a change to a finished review, saying when it was finished and how to reopen it.
    pub(crate) fn require_open(&self, review: ReviewId) -> StoreResult<()> {
        let at: Option<String> = self
            .conn
            .query_row("SELECT concluded_at FROM review_conclusions WHERE review_id = ?1", [review.0], |r| r.get(0))
            .optional()?;
        match at {
            None => Ok(()),
            Some(at) => Err(InputError::new(
                "评审",
                format!("本次评审已于 {} 完成，评分、意见和结论已锁定；如确需修改，请组长说明理由后重新开启", &at[..at.len().min(10)]),
            )
            .into()),
        }
    }

    /// Finishes the review: the panel opinion every member approved is final, and the compliance
    /// checks of this moment are kept with the settings used. Finishing twice changes nothing.
    pub fn conclude_review(&self, review: ReviewId, chair: ExpertId) -> StoreResult<ConclusionRecord> {
        self.require_chair(review, chair)?;
        if let Some(done) = self.conclusion_record(review)? {
            return Ok(done);
        }
        let state = self.panel_opinion(review, chair)?;
        if !state.all_approved {
            let waiting: Vec<String> = state.approvals.iter().filter(|a| !a.current).map(|a| a.name.clone()).collect();
            return Err(InputError::new("评审", format!("以下专家尚未确认专家组意见：{}", waiting.join("、"))).into());
        }
        let checks = self.compliance_checks(review)?;
        let settings = self.settings()?;
        let by = self.actor_name(chair);
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO review_conclusions (review_id, concluded_at, concluded_by, opinion_version, checks, settings)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![review.0, now, by, state.version, serde_json::to_string(&checks)?, serde_json::to_string(&settings)?],
        )?;
        tx.execute("UPDATE reviews SET status = ?2 WHERE id = ?1", params![review.0, ReviewStatus::Concluded.code()])?;
        // The opinion's 整改事项 become items of the center; after a reopening, the items not yet
        // confirmed are replaced by the final text's.
        tx.execute("DELETE FROM center_rectifications WHERE review_id = ?1 AND done_on IS NULL", [review.0])?;
        let center = self.review_summary(review)?.center_id;
        for (position, r) in state.opinion.rectifications.iter().enumerate() {
            tx.execute(
                "INSERT OR IGNORE INTO center_rectifications (center_id, review_id, position, item, deadline) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![center.0, review.0, position as i64, r.item, r.deadline.map(|d| d.to_string())],
            )?;
        }
        crate::audit::append(&tx, &now, &by, "评审完成", Some(review), &format!("专家组意见第 {} 稿定稿，合规检查结果已留存", state.version))?;
        tx.commit()?;
        self.conclusion_record(review)?.ok_or_else(|| StoreError::NotFound("评审完成记录".into()))
    }

    /// Reopens a finished review for a stated reason; the frozen checks are dropped and the log
    /// keeps the reason.
    pub fn reopen_review(&self, review: ReviewId, chair: ExpertId, reason: &str) -> StoreResult<()> {
        self.require_chair(review, chair)?;
        let reason = reason.trim();
        if reason.chars().count() < 4 {
            return Err(InputError::new("重新开启的理由", "请写明理由（至少 4 个字）").into());
        }
        if self.conclusion_record(review)?.is_none() {
            return Err(InputError::new("评审", "本次评审尚未完成，无须重新开启").into());
        }
        let by = self.actor_name(chair);
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("DELETE FROM review_conclusions WHERE review_id = ?1", [review.0])?;
        tx.execute("UPDATE reviews SET status = ?2 WHERE id = ?1", params![review.0, ReviewStatus::Consolidating.code()])?;
        crate::audit::append(&tx, &now, &by, "重新开启评审", Some(review), &format!("理由：{reason}"))?;
        tx.commit()?;
        Ok(())
    }
}
