use rusqlite::{params, Connection, OptionalExtension, Transaction};
use tic_domain::sheet::{
    check_answer, check_opinion, conflict_hints, diff_snapshots, sheet_issues, sheet_total, suggest_conclusion, Answer, ConflictDecision,
    Declaration, DeclarationInput, MemberProgress, Opinion, Revision, ScoreSheet, SheetSnapshot, SheetStatus,
    MAX_TEXT_CHARS,
};
use tic_domain::{CriterionId, ExpertId, InputError, Points, ReviewId, Template};

use crate::centers::bad_value;
use crate::error::{decode, StoreError, StoreResult};
use crate::reviews::mark_scoring;
use crate::Store;

fn status_from_code(code: &str) -> StoreResult<SheetStatus> {
    decode("评分表状态", code, SheetStatus::from_code)
}

// The writers of this module's tables (declarations, score_sheets, scores, opinions,
// sheet_revisions, sheet_reopenings). The expert's own edits and the chair's merge of a
// score-sheet package both write through them, so the two paths store a sheet alike.

/// Records a declaration; a later one keeps the first pledge time.
pub(crate) fn write_declaration(
    conn: &Connection,
    review: ReviewId,
    expert: ExpertId,
    conflict: ConflictDecision,
    reason: &str,
    pledge_signed_at: &str,
    declared_at: &str,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO declarations (review_id, expert_id, conflict, reason, pledge_signed_at, declared_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (review_id, expert_id) DO UPDATE SET conflict = excluded.conflict, reason = excluded.reason,
             declared_at = excluded.declared_at",
        params![review.0, expert.0, conflict.code(), reason, pledge_signed_at, declared_at],
    )?;
    Ok(())
}

/// The member's sheet row, created as a draft when there is none yet.
pub(crate) fn open_sheet(conn: &Connection, review: ReviewId, expert: ExpertId, at: &str) -> StoreResult<(i64, SheetStatus)> {
    conn.execute(
        "INSERT INTO score_sheets (review_id, expert_id, status, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (review_id, expert_id) DO NOTHING",
        params![review.0, expert.0, SheetStatus::Draft.code(), at],
    )?;
    let (sheet, status): (i64, String) = conn.query_row(
        "SELECT id, status FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
        params![review.0, expert.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((sheet, status_from_code(&status)?))
}

pub(crate) fn write_score(conn: &Connection, sheet: i64, answer: &Answer, at: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO scores (sheet_id, criterion_id, points_tenths, yes_no, comment, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (sheet_id, criterion_id) DO UPDATE SET points_tenths = excluded.points_tenths,
             yes_no = excluded.yes_no, comment = excluded.comment, updated_at = excluded.updated_at",
        params![sheet, answer.criterion.0, answer.points.map(Points::tenths), answer.yes_no, answer.comment.trim(), at],
    )?;
    Ok(())
}

pub(crate) fn write_opinion(conn: &Connection, sheet: i64, opinion: &Opinion, at: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO opinions (sheet_id, strengths, problems, suggestions, remarks, recommended_conclusion, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (sheet_id) DO UPDATE SET strengths = excluded.strengths, problems = excluded.problems,
             suggestions = excluded.suggestions, remarks = excluded.remarks,
             recommended_conclusion = excluded.recommended_conclusion, updated_at = excluded.updated_at",
        params![sheet, opinion.strengths, opinion.problems, opinion.suggestions, opinion.remarks, opinion.recommended_conclusion, at],
    )?;
    Ok(())
}

/// Keeps one submission: its number, reason, time and the whole sheet as JSON.
pub(crate) fn insert_revision(conn: &Connection, sheet: i64, number: u32, reason: &str, at: &str, snapshot: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO sheet_revisions (sheet_id, number, reason, submitted_at, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![sheet, number, reason, at, snapshot],
    )?;
    Ok(())
}

pub(crate) fn insert_reopening(conn: &Connection, sheet: i64, reason: &str, at: &str) -> StoreResult<()> {
    conn.execute("INSERT INTO sheet_reopenings (sheet_id, reason, reopened_at) VALUES (?1, ?2, ?3)", params![sheet, reason, at])?;
    Ok(())
}

/// Locks (submitted, stamped with `at`) or unlocks (draft) a sheet.
pub(crate) fn set_sheet_status(conn: &Connection, sheet: i64, status: SheetStatus, at: &str) -> StoreResult<()> {
    match status {
        SheetStatus::Submitted => conn.execute(
            "UPDATE score_sheets SET status = ?2, submitted_at = ?3, updated_at = ?3 WHERE id = ?1",
            params![sheet, status.code(), at],
        )?,
        SheetStatus::Draft => conn.execute("UPDATE score_sheets SET status = ?2, updated_at = ?3 WHERE id = ?1", params![sheet, status.code(), at])?,
    };
    Ok(())
}

/// Removes the member's declaration and sheet with everything hanging off it (scores, opinion,
/// revisions, reopenings go with the sheet by foreign key).
pub(crate) fn delete_member_sheet(conn: &Connection, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
    conn.execute("DELETE FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
    conn.execute("DELETE FROM declarations WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
    Ok(())
}

impl Store {
    pub(crate) fn require_member(&self, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
        let on_panel: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM panel_members WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| r.get(0),
        )?;
        if on_panel {
            Ok(())
        } else {
            Err(StoreError::NotFound("该专家在本评审专家组中的席位".into()))
        }
    }

    /// Records the expert's conflict declaration and confidentiality pledge.
    pub fn declare(&self, review: ReviewId, expert: ExpertId, input: &DeclarationInput) -> StoreResult<Declaration> {
        self.require_open(review)?;
        self.require_member(review, expert)?;
        if !input.pledge_accepted {
            return Err(InputError::new("保密承诺", "请阅读并签署保密承诺后再继续").into());
        }
        let reason = input.reason.trim();
        if input.conflict == ConflictDecision::Recused && reason.is_empty() {
            return Err(InputError::new("回避理由", "申请回避时请写明理由").into());
        }
        if reason.chars().count() > MAX_TEXT_CHARS {
            return Err(InputError::new("回避理由", "过长").into());
        }
        if self.sheet_status(review, expert)? == Some(SheetStatus::Submitted) {
            return Err(InputError::new("回避声明", "评分表已提交，不能再更改回避声明").into());
        }
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        write_declaration(&tx, review, expert, input.conflict, reason, &now, &now)?;
        let detail = match input.conflict {
            ConflictDecision::Recused => format!("申请回避：{reason}"),
            _ if reason.is_empty() => "无利益冲突，签署保密承诺".to_owned(),
            _ => format!("说明：{reason}"),
        };
        self.audit_expert(&tx, expert, "回避声明", review, &detail)?;
        tx.commit()?;
        self.declaration(review, expert)?.ok_or_else(|| StoreError::NotFound("回避声明".into()))
    }

    pub fn declaration(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Option<Declaration>> {
        Ok(self
            .conn
            .query_row(
                "SELECT conflict, reason, pledge_signed_at, declared_at FROM declarations WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| {
                    Ok(Declaration {
                        conflict: {
                            let code: String = r.get(0)?;
                            ConflictDecision::from_code(&code).ok_or_else(|| bad_value(0, "回避声明", &code))?
                        },
                        reason: r.get(1)?,
                        pledge_signed_at: r.get(2)?,
                        declared_at: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every panel member's progress, without any scores: what the shared laptop's start screen shows.
    pub fn panel_progress(&self, review: ReviewId) -> StoreResult<Vec<MemberProgress>> {
        let detail = self.review(review)?;
        let criteria_count = detail.template.criteria().count() as u32;
        let mut out = Vec::new();
        for member in detail.panel {
            let expert = member.expert_id;
            let sheet: Option<(String, u32)> = self
                .conn
                .query_row(
                    "SELECT s.status, (SELECT count(*) FROM scores sc WHERE sc.sheet_id = s.id
                                         AND (sc.points_tenths IS NOT NULL OR sc.yes_no IS NOT NULL))
                     FROM score_sheets s WHERE s.review_id = ?1 AND s.expert_id = ?2",
                    params![review.0, expert.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            out.push(MemberProgress {
                conflict_hints: conflict_hints(&detail.center.facts, &member),
                declaration: self.declaration(review, expert)?.map(|d| d.conflict),
                has_pin: self.has_pin(review, expert)?,
                pin_locked: self.pin_locked(review, expert)?,
                sheet_status: sheet.as_ref().map(|(s, _)| status_from_code(s)).transpose()?,
                answered: sheet.map(|(_, n)| n).unwrap_or(0),
                criteria_count,
                member,
            });
        }
        Ok(out)
    }

    fn sheet_status(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Option<SheetStatus>> {
        Ok(self
            .conn
            .query_row(
                "SELECT status FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(|s| status_from_code(&s))
            .transpose()?)
    }

    /// Refuses scoring by an expert who has not declared, or who recused.
    fn require_may_score(&self, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
        match self.declaration(review, expert)? {
            None => Err(InputError::new("回避声明", "请先完成回避声明和保密承诺，再开始评分").into()),
            Some(d) if d.conflict == ConflictDecision::Recused => {
                Err(InputError::new("回避声明", "您已声明回避，不参加本次评分").into())
            }
            Some(_) => Ok(()),
        }
    }

    /// Opens (creating if needed) the expert's draft sheet inside `tx`; refuses a submitted one.
    fn draft_sheet(&self, tx: &Transaction<'_>, review: ReviewId, expert: ExpertId) -> StoreResult<i64> {
        let (sheet, status) = open_sheet(tx, review, expert, &self.now())?;
        if status == SheetStatus::Submitted {
            return Err(InputError::new("评分表", "已提交，不能再修改；如需修改，请先说明理由并重新打开").into());
        }
        Ok(sheet)
    }

    /// Runs one durable edit of the expert's draft sheet: checks they may score, opens (or
    /// creates) the draft inside one transaction, lets `write` change it, stamps the sheet and
    /// commits; returns the sheet as it now stands.
    fn edit_draft(
        &self,
        review: ReviewId,
        expert: ExpertId,
        template: &Template,
        write: impl FnOnce(&Transaction<'_>, i64, &str) -> StoreResult<()>,
    ) -> StoreResult<ScoreSheet> {
        self.require_member(review, expert)?;
        self.require_may_score(review, expert)?;
        let tx = self.conn.unchecked_transaction()?;
        let sheet = self.draft_sheet(&tx, review, expert)?;
        let now = self.now();
        write(&tx, sheet, &now)?;
        tx.execute("UPDATE score_sheets SET updated_at = ?2 WHERE id = ?1", params![sheet, now])?;
        tx.commit()?;
        self.assemble_sheet(review, expert, template)
    }

    /// Saves one answer durably (the call returns after the write is synced) and returns the sheet.
    pub fn save_answer(&self, review: ReviewId, expert: ExpertId, answer: &Answer) -> StoreResult<ScoreSheet> {
        self.require_open(review)?;
        let template = self.review_template(review)?;
        check_answer(&template, answer)?;
        self.edit_draft(review, expert, &template, |tx, sheet, now| {
            write_score(tx, sheet, answer, now)?;
            // The first score saved is what starts the scoring stage of a review.
            mark_scoring(tx, review)
        })
    }

    /// Saves the expert's opinion durably and returns the sheet.
    pub fn save_opinion(&self, review: ReviewId, expert: ExpertId, opinion: &Opinion) -> StoreResult<ScoreSheet> {
        self.require_open(review)?;
        let template = self.review_template(review)?;
        check_opinion(&template, opinion)?;
        self.edit_draft(review, expert, &template, |tx, sheet, now| write_opinion(tx, sheet, opinion, now))
    }

    /// The expert's own sheet (empty if they have not started).
    pub fn own_sheet(&self, review: ReviewId, expert: ExpertId) -> StoreResult<ScoreSheet> {
        self.require_member(review, expert)?;
        let template = self.review_template(review)?;
        self.assemble_sheet(review, expert, &template)
    }

    /// Another member's sheet, shown only to a viewer who has submitted their own (blind first round).
    pub fn sheet_seen_by(&self, review: ReviewId, viewer: ExpertId, subject: ExpertId) -> StoreResult<ScoreSheet> {
        if viewer != subject && self.sheet_status(review, viewer)? != Some(SheetStatus::Submitted) {
            return Err(InputError::new("评分表", "提交自己的评分表之前，不能查看其他专家的评分和意见").into());
        }
        self.own_sheet(review, subject)
    }

    fn load_answers_and_opinion(&self, sheet: i64) -> StoreResult<(Vec<Answer>, Opinion)> {
        let answers = self
            .conn
            .prepare_cached("SELECT criterion_id, points_tenths, yes_no, comment FROM scores WHERE sheet_id = ?1")?
            .query_map([sheet], |r| {
                Ok(Answer {
                    criterion: CriterionId(r.get(0)?),
                    points: r.get::<_, Option<u32>>(1)?.map(Points::from_tenths),
                    yes_no: r.get(2)?,
                    comment: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let opinion = self
            .conn
            .query_row(
                "SELECT strengths, problems, suggestions, remarks, recommended_conclusion FROM opinions WHERE sheet_id = ?1",
                [sheet],
                |r| {
                    Ok(Opinion {
                        strengths: r.get(0)?,
                        problems: r.get(1)?,
                        suggestions: r.get(2)?,
                        remarks: r.get(3)?,
                        recommended_conclusion: r.get(4)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        Ok((answers, opinion))
    }

    fn assemble_sheet(&self, review: ReviewId, expert: ExpertId, template: &Template) -> StoreResult<ScoreSheet> {
        let row: Option<(i64, String, String)> = self
            .conn
            .query_row(
                "SELECT id, status, updated_at FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
                params![review.0, expert.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let (mut answers, opinion, status, updated_at, revision) = match row {
            Some((sheet, status, updated_at)) => {
                let (answers, opinion) = self.load_answers_and_opinion(sheet)?;
                let revision: u32 =
                    self.conn.query_row("SELECT count(*) FROM sheet_revisions WHERE sheet_id = ?1", [sheet], |r| r.get(0))?;
                (answers, opinion, status_from_code(&status)?, Some(updated_at), revision)
            }
            None => (Vec::new(), Opinion::default(), SheetStatus::Draft, None, 0),
        };
        // The template's order, so every screen and document lists answers alike.
        let order = |id: &CriterionId| template.criteria().position(|(_, c)| &c.id == id).unwrap_or(usize::MAX);
        answers.sort_by_key(|a| order(&a.criterion));
        let answered = answers.iter().filter(|a| a.points.is_some() || a.yes_no.is_some()).count() as u32;
        Ok(ScoreSheet {
            review_id: review,
            expert_id: expert,
            status,
            total: sheet_total(&answers),
            answered,
            criteria_count: template.criteria().count() as u32,
            issues: sheet_issues(template, &answers, &opinion),
            suggested_conclusion: suggest_conclusion(template, &answers),
            answers,
            opinion,
            revision,
            updated_at,
        })
    }

    /// Locks the sheet and keeps this submission in its history; refused while anything blocks it.
    pub fn submit_sheet(&self, review: ReviewId, expert: ExpertId) -> StoreResult<ScoreSheet> {
        self.require_open(review)?;
        let template = self.review_template(review)?;
        self.require_member(review, expert)?;
        self.require_may_score(review, expert)?;
        let sheet = self.assemble_sheet(review, expert, &template)?;
        if sheet.status == SheetStatus::Submitted {
            return Err(InputError::new("评分表", "已经提交过了").into());
        }
        if let Some(first) = sheet.issues.first() {
            let more = if sheet.issues.len() > 1 { format!("（另有 {} 处待完善）", sheet.issues.len() - 1) } else { String::new() };
            return Err(InputError::new("评分表", format!("还不能提交：{}{more}", first.message)).into());
        }
        let tx = self.conn.unchecked_transaction()?;
        let sheet_id = self.draft_sheet(&tx, review, expert)?;
        let number = sheet.revision + 1;
        let reason: String = if number == 1 {
            "首次提交".into()
        } else {
            tx.query_row("SELECT reason FROM sheet_reopenings WHERE sheet_id = ?1 ORDER BY id DESC LIMIT 1", [sheet_id], |r| r.get(0))
                .optional()?
                .unwrap_or_else(|| "重新提交".into())
        };
        let snapshot = SheetSnapshot { answers: sheet.answers.clone(), opinion: sheet.opinion.clone() };
        let snapshot = serde_json::to_string(&snapshot)?;
        let now = self.now();
        insert_revision(&tx, sheet_id, number, &reason, &now, &snapshot)?;
        set_sheet_status(&tx, sheet_id, SheetStatus::Submitted, &now)?;
        self.audit_expert(&tx, expert, "提交评分表", review, &format!("第 {number} 次提交（{reason}）"))?;
        tx.commit()?;
        self.assemble_sheet(review, expert, &template)
    }

    /// Unlocks a submitted sheet; the reason is kept and shown with the next submission.
    pub fn reopen_sheet(&self, review: ReviewId, expert: ExpertId, reason: &str) -> StoreResult<ScoreSheet> {
        self.require_open(review)?;
        let reason = reason.trim();
        if reason.chars().count() < 2 {
            return Err(InputError::new("重新打开的理由", "请写明为什么要修改已提交的评分表").into());
        }
        self.require_member(review, expert)?;
        if self.sheet_status(review, expert)? != Some(SheetStatus::Submitted) {
            return Err(InputError::new("评分表", "尚未提交，可以直接修改").into());
        }
        let tx = self.conn.unchecked_transaction()?;
        let now = self.now();
        let sheet: i64 = tx.query_row(
            "SELECT id FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| r.get(0),
        )?;
        insert_reopening(&tx, sheet, reason, &now)?;
        set_sheet_status(&tx, sheet, SheetStatus::Draft, &now)?;
        self.audit_expert(&tx, expert, "重新打开评分表", review, reason)?;
        tx.commit()?;
        self.own_sheet(review, expert)
    }

    /// Every submission of the expert's sheet, oldest first: number, reason, time and full content.
    pub(crate) fn revision_snapshots(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<(u32, String, String, SheetSnapshot)>> {
        let rows: Vec<(u32, String, String, String)> = self
            .conn
            .prepare(
                "SELECT v.number, v.reason, v.submitted_at, v.snapshot FROM sheet_revisions v
                 JOIN score_sheets s ON s.id = v.sheet_id WHERE s.review_id = ?1 AND s.expert_id = ?2 ORDER BY v.number",
            )?
            .query_map(params![review.0, expert.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(number, reason, submitted_at, snapshot)| {
                let snapshot: SheetSnapshot = serde_json::from_str(&snapshot)
                    .map_err(|e| StoreError::Unusable { path: "评分表历史".into(), detail: e.to_string() })?;
                Ok((number, reason, submitted_at, snapshot))
            })
            .collect()
    }

    /// Every submission of the expert's sheet, oldest first, each with what changed since the one before.
    pub fn revisions(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<Revision>> {
        let template = self.review_template(review)?;
        let rows = self.revision_snapshots(review, expert)?;
        let mut previous: Option<SheetSnapshot> = None;
        let mut out = Vec::new();
        for (number, reason, submitted_at, snapshot) in rows {
            let changes = previous.as_ref().map(|p| diff_snapshots(&template, p, &snapshot)).unwrap_or_default();
            out.push(Revision { number, reason, submitted_at, changes });
            previous = Some(snapshot);
        }
        Ok(out)
    }
}

impl Store {
    /// Every panel member's sheet as the consolidation reads it: recused, submitted or missing.
    pub fn consolidation_inputs(&self, review: ReviewId) -> StoreResult<Vec<tic_domain::consolidation::ExpertSheetInput>> {
        let panel = self.panel(review)?;
        let mut out = Vec::with_capacity(panel.len());
        for member in panel {
            let recused = self.declaration(review, member.expert_id)?.is_some_and(|d| d.conflict == ConflictDecision::Recused);
            let sheet: Option<(i64, String)> = self
                .conn
                .query_row(
                    "SELECT id, status FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
                    params![review.0, member.expert_id.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let submitted = sheet.as_ref().is_some_and(|(_, s)| s == "submitted");
            let mut answers = match (&sheet, submitted) {
                (Some((id, _)), true) => self.load_answers_and_opinion(*id)?.0,
                _ => Vec::new(),
            };
            let first_round = if submitted { self.apply_rounds(review, member.expert_id, &mut answers)? } else { Vec::new() };
            out.push(tic_domain::consolidation::ExpertSheetInput {
                expert_id: member.expert_id,
                name: member.name,
                recused,
                submitted,
                answers,
                first_round,
            });
        }
        Ok(out)
    }

    /// The consolidated result, shown only to the chair once their own sheet is in (or they recused).
    pub fn consolidation_seen_by(&self, review: ReviewId, viewer: ExpertId) -> StoreResult<tic_domain::consolidation::Consolidation> {
        let is_chair = self.panel(review)?.iter().any(|m| m.expert_id == viewer && m.role == tic_domain::PanelRole::Chair);
        if !is_chair {
            return Err(InputError::new("评分汇总", "只有专家组组长可以查看评分汇总").into());
        }
        let recused = self.declaration(review, viewer)?.is_some_and(|d| d.conflict == ConflictDecision::Recused);
        if !recused && self.sheet_status(review, viewer)? != Some(SheetStatus::Submitted) {
            return Err(InputError::new("评分汇总", "请先提交您自己的评分表，再查看评分汇总").into());
        }
        let template = self.review_template(review)?;
        Ok(tic_domain::consolidation::consolidate(&template, &self.consolidation_inputs(review)?))
    }
}
