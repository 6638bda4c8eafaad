use chrono::Datelike;
use rusqlite::{params, OptionalExtension};
use tic_domain::exchange::ExchangeOrigin;
use tic_domain::panel_opinion::{checked_objection, split_points, OpinionApproval, OpinionItem, PanelOpinion, PanelOpinionState};
use tic_domain::sheet::ConflictDecision;
use tic_domain::{ExpertId, InputError, PanelRole, ReviewId};

use crate::error::{StoreError, StoreResult};
use crate::Store;

impl Store {
    pub(crate) fn require_chair(&self, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
        if self.panel(review)?.iter().any(|m| m.expert_id == expert && m.role == PanelRole::Chair) {
            Ok(())
        } else {
            Err(InputError::new("专家组意见", "只有专家组组长可以起草和修改专家组意见").into())
        }
    }

    pub(crate) fn stored_panel_opinion(&self, review: ReviewId) -> StoreResult<Option<(PanelOpinion, u32, String)>> {
        let row: Option<(String, u32, String)> = self
            .conn
            .query_row("SELECT body, version, updated_at FROM panel_opinions WHERE review_id = ?1", [review.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        row.map(|(body, version, at)| {
            let opinion = serde_json::from_str(&body).map_err(|e| StoreError::Unusable { path: "专家组意见".into(), detail: e.to_string() })?;
            Ok((opinion, version, at))
        })
        .transpose()
    }

    /// The panel opinion as `viewer` sees it. The chair gets a first draft gathered from the
    /// submitted opinions when none is saved yet; members see it once the chair has saved it.
    pub fn panel_opinion(&self, review: ReviewId, viewer: ExpertId) -> StoreResult<PanelOpinionState> {
        self.require_member(review, viewer)?;
        let (opinion, version, updated_at) = match self.stored_panel_opinion(review)? {
            Some((o, v, at)) => (o, v, Some(at)),
            None => {
                self.require_chair(review, viewer)
                    .map_err(|_| StoreError::from(InputError::new("专家组意见", "组长尚未起草专家组意见")))?;
                (self.draft_panel_opinion(review)?, 0, None)
            }
        };
        let approvals: Vec<(i64, u32, String)> = self
            .conn
            .prepare_cached("SELECT expert_id, version, approved_at FROM panel_opinion_approvals WHERE review_id = ?1")?
            .query_map([review.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let objections: Vec<(i64, u32, String)> = self
            .conn
            .prepare_cached("SELECT expert_id, version, reason FROM panel_opinion_objections WHERE review_id = ?1")?
            .query_map([review.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut list = Vec::new();
        for m in self.panel(review)? {
            if self.declaration(review, m.expert_id)?.is_some_and(|d| d.conflict == ConflictDecision::Recused) {
                continue;
            }
            let a = approvals.iter().find(|(e, _, _)| *e == m.expert_id.0);
            let o = objections.iter().find(|(e, _, _)| *e == m.expert_id.0);
            list.push(OpinionApproval {
                objected_version: o.map(|o| o.1),
                objection: o.map(|o| o.2.clone()),
                expert_id: m.expert_id,
                name: m.name,
                approved_version: a.map(|a| a.1),
                approved_at: a.map(|a| a.2.clone()),
                current: version > 0 && a.is_some_and(|a| a.1 == version),
            });
        }
        let all_approved = version > 0 && list.iter().all(|a| a.current);
        Ok(PanelOpinionState { opinion, version, updated_at, approvals: list, all_approved })
    }

    /// A first draft: the process paragraph from the review's facts, each member's points with
    /// their names kept, and the consolidation's suggested conclusion.
    fn draft_panel_opinion(&self, review: ReviewId) -> StoreResult<PanelOpinion> {
        let detail = self.review(review)?;
        let s = &detail.summary;
        let site = if s.stage_name.contains("实地") || detail.template.groups.iter().any(|g| g.name.contains("实地")) {
            "，进行了实地考察"
        } else {
            ""
        };
        let date = format!("{}年{}月{}日", s.review_date.year(), s.review_date.month(), s.review_date.day());
        let organizer = if detail.organizer.is_empty() { "主管部门".to_owned() } else { detail.organizer.clone() };
        let process = format!(
            "{date}，{organizer}在{}组织专家组对{}进行{}。专家组听取了汇报，审阅了相关材料{site}，经质询和讨论，形成意见如下。",
            s.place, s.center_name, s.stage_name
        );
        let mut opinion = PanelOpinion { process, ..Default::default() };
        for input in self.consolidation_inputs(review)?.into_iter().filter(|i| i.submitted && !i.recused) {
            let own = self.own_sheet(review, input.expert_id)?.opinion;
            for (list, text) in [
                (&mut opinion.strengths, &own.strengths),
                (&mut opinion.problems, &own.problems),
                (&mut opinion.suggestions, &own.suggestions),
            ] {
                for point in split_points(text) {
                    match list.iter_mut().find(|i| i.text == point) {
                        Some(item) => item.sources.push(input.expert_id),
                        None => list.push(OpinionItem { text: point, sources: vec![input.expert_id] }),
                    }
                }
            }
        }
        let template = self.review_template(review)?;
        opinion.conclusion =
            tic_domain::consolidation::consolidate(&template, &self.consolidation_inputs(review)?).suggested_conclusion;
        Ok(opinion)
    }

    /// The chair saves the text; every earlier approval now refers to an older version.
    pub fn save_panel_opinion(&self, review: ReviewId, chair: ExpertId, opinion: &PanelOpinion) -> StoreResult<PanelOpinionState> {
        self.require_open(review)?;
        self.require_chair(review, chair)?;
        if self.review_origin(review)? == Some(ExchangeOrigin::Imported) {
            return Err(InputError::new("专家组意见", "这项评审是从评审包打开的：专家组意见由组长在组长的电脑上起草，再以意见包发来").into());
        }
        let template = self.review_template(review)?;
        let opinion = opinion.validated(template.conclusions.options.len())?;
        // A confirmed veto forces the veto option (GXP:145 “一票否决”; NM:47).
        if let Some(chosen) = opinion.conclusion {
            let veto = template.conclusions.veto_option;
            if chosen as usize != veto && tic_domain::consolidation::consolidate(&template, &self.consolidation_inputs(review)?).vetoed {
                let forced = template.conclusions.options.get(veto).cloned().unwrap_or_default();
                return Err(InputError::new("评审结论", format!("否决项经专家组确认成立，结论只能为「{forced}」")).into());
            }
        }
        let body = serde_json::to_string(&opinion)?;
        self.conn.execute(
            "INSERT INTO panel_opinions (review_id, body, version, updated_at) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (review_id) DO UPDATE SET body = excluded.body, version = version + 1, updated_at = excluded.updated_at",
            params![review.0, body, self.now()],
        )?;
        self.panel_opinion(review, chair)
    }

    /// A member approves the version they read; refused if the chair has changed it since.
    pub fn approve_panel_opinion(&self, review: ReviewId, expert: ExpertId, version: u32) -> StoreResult<PanelOpinionState> {
        self.require_answerable(review, expert, version)?;
        let tx = self.conn.unchecked_transaction()?;
        record_answer(&tx, review, expert, version, None, &self.now())?;
        self.audit_expert(&tx, expert, "确认专家组意见", review, &format!("第 {version} 版"))?;
        tx.commit()?;
        self.panel_opinion(review, expert)
    }

    /// A member objects to the version they read, with the reason (their dissent); it replaces
    /// an approval they gave before, and an approval given later replaces it.
    pub fn object_panel_opinion(&self, review: ReviewId, expert: ExpertId, version: u32, reason: &str) -> StoreResult<PanelOpinionState> {
        self.require_answerable(review, expert, version)?;
        let reason = checked_objection(reason)?;
        let tx = self.conn.unchecked_transaction()?;
        record_answer(&tx, review, expert, version, Some(&reason), &self.now())?;
        self.audit_expert(&tx, expert, "对专家组意见提出异议", review, &format!("第 {version} 版：{reason}"))?;
        tx.commit()?;
        self.panel_opinion(review, expert)
    }

    fn require_answerable(&self, review: ReviewId, expert: ExpertId, version: u32) -> StoreResult<()> {
        self.require_open(review)?;
        self.require_member(review, expert)?;
        if self.declaration(review, expert)?.is_some_and(|d| d.conflict == ConflictDecision::Recused) {
            return Err(InputError::new("专家组意见", "您已声明回避，不参加专家组意见的确认").into());
        }
        match self.stored_panel_opinion(review)?.map(|(_, v, _)| v) {
            None => Err(InputError::new("专家组意见", "组长尚未起草专家组意见").into()),
            Some(v) if v != version => Err(InputError::new("专家组意见", "组长已修改了专家组意见，请重新阅读后再确认").into()),
            Some(_) => Ok(()),
        }
    }

    /// The version of the saved panel opinion, if the chair saved (or a package brought) one.
    pub fn panel_opinion_version(&self, review: ReviewId) -> StoreResult<Option<u32>> {
        Ok(self.stored_panel_opinion(review)?.map(|(_, v, _)| v))
    }

    /// The version a member's latest answer (approval or objection) was given to.
    pub fn panel_opinion_answer_version(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Option<u32>> {
        Ok(self.opinion_answer(review, expert)?.map(|(v, _, _)| v))
    }

    /// A member's latest answer to the panel opinion: (version, objection reason or None for an
    /// approval, when). None before they answered.
    pub(crate) fn opinion_answer(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Option<(u32, Option<String>, String)>> {
        let approval: Option<(u32, String)> = self
            .conn
            .query_row(
                "SELECT version, approved_at FROM panel_opinion_approvals WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((version, at)) = approval {
            return Ok(Some((version, None, at)));
        }
        Ok(self
            .conn
            .query_row(
                "SELECT version, reason, objected_at FROM panel_opinion_objections WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| Ok((r.get(0)?, Some(r.get(1)?), r.get(2)?)),
            )
            .optional()?)
    }
}

/// Makes a member's answer to `version` theirs: an approval (`objection` None) or an objection
/// with its reason, replacing whichever they gave before.
pub(crate) fn record_answer(
    tx: &rusqlite::Transaction<'_>,
    review: ReviewId,
    expert: ExpertId,
    version: u32,
    objection: Option<&str>,
    at: &str,
) -> StoreResult<()> {
    tx.execute("DELETE FROM panel_opinion_approvals WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
    tx.execute("DELETE FROM panel_opinion_objections WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
    match objection {
        None => tx.execute(
            "INSERT INTO panel_opinion_approvals (review_id, expert_id, version, approved_at) VALUES (?1, ?2, ?3, ?4)",
            params![review.0, expert.0, version, at],
        )?,
        Some(reason) => tx.execute(
            "INSERT INTO panel_opinion_objections (review_id, expert_id, version, reason, objected_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![review.0, expert.0, version, reason, at],
        )?,
    };
    Ok(())
}
