use rusqlite::{params, OptionalExtension};
use tic_domain::exchange::ExchangeOrigin;
use tic_domain::sheet::{check_answer, Answer, ConflictDecision, DiscussionRound, MemberScores, RoundAnswer, SheetStatus, MAX_TEXT_CHARS};
use tic_domain::{CriterionId, ExpertId, InputError, PanelRole, Points, ReviewId};

use crate::error::{StoreError, StoreResult};
use crate::Store;

impl Store {
    /// The chair opens a discussion round on chosen criteria, once every sheet is in, with an
    /// optional question to the panel.
    pub fn open_round(&self, review: ReviewId, chair: ExpertId, criteria: &[CriterionId], question: &str) -> StoreResult<DiscussionRound> {
        self.require_open(review)?;
        if self.review_origin(review)? == Some(ExchangeOrigin::Imported) {
            return Err(InputError::new("第二轮讨论", "这项评审是从评审包打开的：讨论轮次由组长在组长的电脑上发起，再以讨论包发来").into());
        }
        let question = question.trim();
        if question.chars().count() > MAX_TEXT_CHARS {
            return Err(InputError::new("讨论问题", format!("过长：最多 {MAX_TEXT_CHARS} 字")).into());
        }
        let is_chair = self.panel(review)?.iter().any(|m| m.expert_id == chair && m.role == PanelRole::Chair);
        if !is_chair {
            return Err(InputError::new("第二轮讨论", "只有专家组组长可以发起讨论轮次").into());
        }
        let template = self.review_template(review)?;
        let criteria = tic_domain::visit::checked_criteria(&template, criteria)?;
        if criteria.is_empty() {
            return Err(InputError::new("第二轮讨论", "请至少选择一项需要讨论的指标").into());
        }
        let consolidation = tic_domain::consolidation::consolidate(&template, &self.consolidation_inputs(review)?);
        if !consolidation.complete {
            return Err(InputError::new("第二轮讨论", format!("全部评分表提交后才能发起：{}", consolidation.blocking.join("；"))).into());
        }
        let number: u32 = self.conn.query_row(
            "SELECT coalesce(max(number), 1) + 1 FROM discussion_rounds WHERE review_id = ?1",
            [review.0],
            |r| r.get(0),
        )?;
        let ids: Vec<&str> = criteria.iter().map(|c| c.0.as_str()).collect();
        let json = serde_json::to_string(&ids)?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO discussion_rounds (review_id, number, criteria, opened_at) VALUES (?1, ?2, ?3, ?4)",
            params![review.0, number, json, self.now()],
        )?;
        tx.execute("INSERT INTO round_briefs (review_id, number, question, scores) VALUES (?1, ?2, ?3, NULL)", params![review.0, number, question])?;
        self.audit_expert(&tx, chair, "发起讨论轮次", review, &format!("第 {number} 轮，指标 {}", ids.join("、")))?;
        tx.commit()?;
        self.current_round(review)?.ok_or_else(|| StoreError::NotFound("讨论轮次".into()))
    }

    /// The latest discussion round, if the chair has opened one.
    pub fn current_round(&self, review: ReviewId) -> StoreResult<Option<DiscussionRound>> {
        Ok(self.rounds(review)?.pop())
    }

    pub(crate) fn rounds(&self, review: ReviewId) -> StoreResult<Vec<DiscussionRound>> {
        let rows: Vec<(u32, String, String, Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT d.number, d.criteria, d.opened_at, b.question, b.scores FROM discussion_rounds d
                 LEFT JOIN round_briefs b ON b.review_id = d.review_id AND b.number = d.number
                 WHERE d.review_id = ?1 ORDER BY d.number",
            )?
            .query_map([review.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?;
        let damaged = |e: serde_json::Error| StoreError::Unusable { path: "讨论轮次".into(), detail: e.to_string() };
        rows.into_iter()
            .map(|(number, criteria, opened_at, question, scores)| {
                let ids: Vec<String> = serde_json::from_str(&criteria).map_err(damaged)?;
                let scores: Vec<MemberScores> = scores.map(|s| serde_json::from_str(&s)).transpose().map_err(damaged)?.unwrap_or_default();
                Ok(DiscussionRound {
                    number,
                    criteria: ids.into_iter().map(CriterionId).collect(),
                    opened_at,
                    question: question.unwrap_or_default(),
                    scores,
                })
            })
            .collect()
    }

    /// Where this laptop's copy of a review came from, if it was ever exchanged.
    pub(crate) fn review_origin(&self, review: ReviewId) -> StoreResult<Option<ExchangeOrigin>> {
        let code: Option<String> =
            self.conn.query_row("SELECT origin FROM review_exchange WHERE review_id = ?1", [review.0], |r| r.get(0)).optional()?;
        Ok(code.and_then(|c| ExchangeOrigin::from_code(&c)))
    }

    /// An expert's re-scores in every round, each with the time it was last saved.
    pub(crate) fn stamped_round_answers(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<(u32, RoundAnswer, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT round, criterion_id, points_tenths, yes_no, reason, updated_at FROM round_answers
                 WHERE review_id = ?1 AND expert_id = ?2 ORDER BY round, criterion_id",
            )?
            .query_map(params![review.0, expert.0], |r| {
                let answer = RoundAnswer {
                    criterion: CriterionId(r.get(1)?),
                    points: r.get::<_, Option<u32>>(2)?.map(Points::from_tenths),
                    yes_no: r.get(3)?,
                    reason: r.get(4)?,
                };
                Ok((r.get(0)?, answer, r.get(5)?))
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Saves an expert's re-score in the current round, durably; the reason is required.
    pub fn save_round_answer(&self, review: ReviewId, expert: ExpertId, answer: &RoundAnswer) -> StoreResult<Vec<RoundAnswer>> {
        self.require_open(review)?;
        let round = self.current_round(review)?.ok_or_else(|| InputError::new("第二轮讨论", "组长尚未发起讨论轮次"))?;
        if !round.criteria.contains(&answer.criterion) {
            return Err(InputError::new("第二轮讨论", format!("指标“{}”不在本轮讨论范围内", answer.criterion)).into());
        }
        let template = self.review_template(review)?;
        let as_answer = Answer { criterion: answer.criterion.clone(), points: answer.points, yes_no: answer.yes_no, comment: answer.reason.clone() };
        check_answer(&template, &as_answer)?;
        let name = template.criterion(&answer.criterion).map(|c| c.name.clone()).unwrap_or_default();
        if answer.reason.trim().is_empty() {
            return Err(InputError::new(&name, "重新评分须写明理由").into());
        }
        if answer.reason.chars().count() > MAX_TEXT_CHARS {
            return Err(InputError::new(&name, "理由过长").into());
        }
        if answer.points.is_none() && answer.yes_no.is_none() {
            return Err(InputError::new(&name, "请填写新的评分").into());
        }
        let recused = self.declaration(review, expert)?.is_some_and(|d| d.conflict == ConflictDecision::Recused);
        if recused || self.own_sheet(review, expert)?.status != SheetStatus::Submitted {
            return Err(InputError::new("第二轮讨论", "只有已提交第一轮评分表的专家参加讨论轮次").into());
        }
        self.conn.execute(
            "INSERT INTO round_answers (review_id, round, expert_id, criterion_id, points_tenths, yes_no, reason, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (review_id, round, expert_id, criterion_id) DO UPDATE SET points_tenths = excluded.points_tenths,
                 yes_no = excluded.yes_no, reason = excluded.reason, updated_at = excluded.updated_at",
            params![review.0, round.number, expert.0, answer.criterion.0, answer.points.map(Points::tenths), answer.yes_no, answer.reason.trim(), self.now()],
        )?;
        self.round_answers(review, expert, round.number)
    }

    /// An expert's re-scores in one round.
    pub fn round_answers(&self, review: ReviewId, expert: ExpertId, round: u32) -> StoreResult<Vec<RoundAnswer>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT criterion_id, points_tenths, yes_no, reason FROM round_answers
                 WHERE review_id = ?1 AND expert_id = ?2 AND round = ?3 ORDER BY criterion_id",
            )?
            .query_map(params![review.0, expert.0, round], |r| {
                Ok(RoundAnswer {
                    criterion: CriterionId(r.get(0)?),
                    points: r.get::<_, Option<u32>>(1)?.map(Points::from_tenths),
                    yes_no: r.get(2)?,
                    reason: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?)
    }

    /// Applies every round's re-scores, in order, to a first-round sheet; returns the first-round
    /// answers that were replaced.
    pub(crate) fn apply_rounds(&self, review: ReviewId, expert: ExpertId, answers: &mut [Answer]) -> StoreResult<Vec<Answer>> {
        self.apply_rounds_before(review, expert, answers, u32::MAX)
    }

    /// As `apply_rounds`, for the rounds numbered below `before` only: the scores as they stood
    /// when round `before` opened.
    pub(crate) fn apply_rounds_before(&self, review: ReviewId, expert: ExpertId, answers: &mut [Answer], before: u32) -> StoreResult<Vec<Answer>> {
        let mut first_round = Vec::new();
        for round in self.rounds(review)?.into_iter().filter(|r| r.number < before) {
            for re in self.round_answers(review, expert, round.number)? {
                if let Some(a) = answers.iter_mut().find(|a| a.criterion == re.criterion) {
                    if !first_round.iter().any(|f: &Answer| f.criterion == a.criterion) {
                        first_round.push(a.clone());
                    }
                    a.points = re.points;
                    a.yes_no = re.yes_no;
                    a.comment = re.reason;
                }
            }
        }
        Ok(first_round)
    }
}
