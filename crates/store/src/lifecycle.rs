//! A center's history: the decisions its department records, and the outcomes of its reviews.

use rusqlite::{params, OptionalExtension, Row};
use tic_domain::lifecycle::{status_after, RectificationConfirmation, RectificationItem, RectificationStatus, CenterHistory, CenterStatusLine, Decision, DecisionDraft, DecisionKind, GroupScore, Proposal, ReviewOutcome};
use tic_domain::followup::{escalation, may_follow_up};
use tic_domain::{CenterId, CenterStatus, InputError, ReviewFilter, ReviewId};

use crate::centers::{bad_value, date_column};
use crate::error::StoreResult;
use crate::Store;

impl Store {
    /// The center's decisions, by date and then in the order they were recorded.
    pub fn decisions(&self, center: CenterId) -> StoreResult<Vec<Decision>> {
        let region = self.center(center)?.facts.region;
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id, center_id, kind, decided_on, document_number, review_id, due_on, note, recorded_by, recorded_at
                 FROM center_decisions WHERE center_id = ?1 ORDER BY decided_on, id",
            )?
            .query_map([center.0], |r| decision_row(r, region))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Records a department's decision, when it fits the center's history; the status follows.
    pub fn record_decision(&self, center: CenterId, draft: &DecisionDraft) -> StoreResult<Decision> {
        let facts = self.center(center)?.facts;
        let draft = draft.validated(facts.region)?;
        if let Some(review) = draft.review_id {
            let summary = self.review_summary(review)?;
            if summary.center_id != center {
                return Err(InputError::new("依据的评审", format!("该评审属于「{}」，不是本中心的评审", summary.center_name)).into());
            }
        }
        let existing = self.decisions(center)?;
        // NM:40 “经公示无异议，由科技厅发文批复认定”: a new 批复认定 follows a recorded 公示. (An
        // approval carried over from an earlier build's approval date has none, and stands.)
        if facts.region == tic_domain::Region::InnerMongolia
            && draft.kind == DecisionKind::Approve
            && !existing.iter().any(|d| d.draft.kind == DecisionKind::Publicity && d.draft.decided_on <= draft.decided_on)
        {
            return Err(InputError::new("决定", "批复认定前应先登记“公示无异议”（内蒙古指引第 40 行）").into());
        }
        let mut history: Vec<&DecisionDraft> = existing.iter().map(|d| &d.draft).collect();
        history.push(&draft);
        let status = status_after(facts.region, &history)?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO center_decisions (center_id, kind, decided_on, document_number, review_id, due_on, note, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                center.0,
                draft.kind.code(),
                draft.decided_on.to_string(),
                draft.document_number,
                draft.review_id.map(|r| r.0),
                draft.due_on.map(|d| d.to_string()),
                draft.note,
                draft.recorded_by,
                self.now(),
            ],
        )?;
        let id = tx.last_insert_rowid();
        let label = draft.kind.wording(facts.region).map(|(l, _)| l).unwrap_or_default();
        let number = if draft.document_number.is_empty() { String::new() } else { format!("（{}）", draft.document_number) };
        crate::audit::append(
            &tx,
            &self.now(),
            &draft.recorded_by,
            "登记决定",
            draft.review_id,
            &format!("{}：{} {label}{number}，中心状态为「{}」", facts.name, draft.decided_on, status.label(facts.region)),
        )?;
        tx.commit()?;
        self.decisions(center)?.into_iter().find(|d| d.id == id).ok_or_else(|| crate::StoreError::NotFound("刚登记的决定".into()))
    }

    /// Where the center stands, read from its decisions.
    pub fn center_status(&self, center: CenterId) -> StoreResult<CenterStatus> {
        let region = self.center(center)?.facts.region;
        let decisions = self.decisions(center)?;
        Ok(status_after(region, &decisions.iter().map(|d| &d.draft).collect::<Vec<_>>())?)
    }

    /// Every center's status, for the center list.
    pub fn center_statuses(&self) -> StoreResult<Vec<CenterStatusLine>> {
        let mut lines = Vec::new();
        for center in self.list_centers()? {
            let status = self.center_status(center.id)?;
            lines.push(CenterStatusLine { center_id: center.id, status, label: status.label(center.facts.region).to_owned() });
        }
        Ok(lines)
    }

    /// The center with its status, decisions and review outcomes.
    pub fn center_history(&self, id: CenterId) -> StoreResult<CenterHistory> {
        let center = self.center(id)?;
        let region = center.facts.region;
        let decisions = self.decisions(id)?;
        let status = status_after(region, &decisions.iter().map(|d| &d.draft).collect::<Vec<_>>())?;
        let mut summaries: Vec<_> =
            self.list_reviews(&ReviewFilter::default())?.into_iter().filter(|r| r.center_id == id).collect();
        summaries.sort_by_key(|r| (r.review_date, r.id.0));
        let mut reviews = Vec::with_capacity(summaries.len());
        for s in &summaries {
            let (conclusion, proposal) = self.review_conclusion(s.id)?;
            // The department sees a review's result once every sheet is in (never a partial one).
            let template = self.review_template(s.id)?;
            let c = tic_domain::consolidation::consolidate(&template, &self.consolidation_inputs(s.id)?);
            let scored = c.complete && template.mode == tic_domain::TemplateMode::Scored;
            let grade = if scored { c.grade.clone() } else { None };
            let concluded = s.status == tic_domain::ReviewStatus::Concluded;
            // Shown as soon as the panel chose its conclusion, so the chair sees what it leads to.
            let escalation = escalation(region, s.stage, s.follows.is_some(), proposal, grade.as_deref());
            let ordered = decisions.iter().any(|d| d.draft.review_id == Some(s.id) && d.draft.kind == DecisionKind::OrderRectification);
            let follow_up = summaries.iter().find(|f| f.follows == Some(s.id)).map(|f| f.id);
            reviews.push(ReviewOutcome {
                review_id: s.id,
                stage: s.stage,
                stage_name: s.stage_name.clone(),
                review_date: s.review_date,
                status: s.status,
                conclusion,
                proposal,
                proposal_label: proposal.map(|p| p.label().to_owned()),
                proposed_decision: escalation.as_ref().map(|e| e.proposal).or(proposal).and_then(Proposal::decision),
                decided: decisions.iter().any(|d| d.draft.review_id == Some(s.id)),
                total: scored.then(|| c.total.clone()),
                max_total: scored.then(|| c.max_total.to_string()),
                grade,
                groups: if scored {
                    c.groups.iter().map(|g| GroupScore { name: g.name.clone(), total: g.total.clone(), max: g.max.to_string() }).collect()
                } else {
                    Vec::new()
                },
                vetoes: if scored {
                    c.rows.iter().filter(|r| r.veto_result.as_ref().is_some_and(|v| v.stands)).map(|r| r.name.clone()).collect()
                } else {
                    Vec::new()
                },
                follows: s.follows,
                follow_up,
                may_follow_up: concluded && follow_up.is_none() && may_follow_up(proposal, ordered),
                escalation,
            });
        }
        Ok(CenterHistory {
            rectifications: self.rectifications(id)?,
            status_label: status.label(region).to_owned(),
            status,
            decisions,
            reviews,
            offered: DecisionKind::offered(region),
            center,
        })
    }

    /// The center's 整改事项, oldest review first, each with its status as of today.
    pub fn rectifications(&self, center: CenterId) -> StoreResult<Vec<RectificationItem>> {
        let today = self.now_utc().date_naive();
        let rows: Vec<(i64, i64, String, Option<String>, String, Option<String>, Option<String>, Option<String>, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.review_id, c.item, c.deadline, c.evidence, c.done_on, c.confirmed_by, c.confirmed_at,
                        coalesce(r.review_date, ''), coalesce(r.stage_name, '')
                 FROM center_rectifications c LEFT JOIN reviews r ON r.id = c.review_id
                 WHERE c.center_id = ?1 ORDER BY r.review_date, c.review_id, c.position",
            )?
            .query_map([center.0], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
            })?
            .collect::<Result<_, _>>()?;
        let date = |text: Option<String>| -> StoreResult<Option<chrono::NaiveDate>> {
            text.map(|t| t.parse().map_err(|_| crate::StoreError::Unusable { path: "整改事项".into(), detail: format!("日期“{t}”无法识别") }))
                .transpose()
        };
        let mut items = Vec::with_capacity(rows.len());
        for (id, review, item, deadline, evidence, done_on, confirmed_by, confirmed_at, review_date, stage_name) in rows {
            let (deadline, done_on) = (date(deadline)?, date(done_on)?);
            let status = RectificationStatus::of(done_on.is_some(), deadline, today);
            items.push(RectificationItem {
                id,
                review_id: ReviewId(review),
                review_label: format!("{review_date} {stage_name}").trim().to_owned(),
                item,
                deadline,
                status,
                status_label: status.label().to_owned(),
                evidence,
                done_on,
                confirmed_by,
                confirmed_at,
                files: self.evidence_files(id)?,
            });
        }
        Ok(items)
    }

    /// Confirms a rectification item done, with the evidence; an item is confirmed once.
    pub fn confirm_rectification(&self, id: i64, confirmation: &RectificationConfirmation) -> StoreResult<RectificationItem> {
        let evidence = confirmation.evidence.trim();
        if evidence.is_empty() {
            return Err(InputError::new("整改佐证", "请写明整改的佐证（收到的材料、核查的情况）").into());
        }
        let by = tic_domain::input::required_line("确认人", &confirmation.confirmed_by)?;
        let row: Option<(i64, Option<String>, String, Option<i64>)> = self
            .conn
            .query_row("SELECT center_id, done_on, item, review_id FROM center_rectifications WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((center, done, item, review)) = row else {
            return Err(crate::StoreError::NotFound(format!("编号为 {id} 的整改事项")));
        };
        if let Some(done) = done {
            return Err(InputError::new("整改事项", format!("该事项已于 {done} 确认整改完成")).into());
        }
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "UPDATE center_rectifications SET evidence = ?2, done_on = ?3, confirmed_by = ?4, confirmed_at = ?5 WHERE id = ?1",
            params![id, evidence, confirmation.done_on.to_string(), by, now],
        )?;
        crate::audit::append(&tx, &now, &by, "确认整改完成", review.map(ReviewId), &format!("{item}（{}）：{evidence}", confirmation.done_on))?;
        tx.commit()?;
        self.rectifications(CenterId(center))?.into_iter().find(|r| r.id == id).ok_or_else(|| crate::StoreError::NotFound("整改事项".into()))
    }

    /// The saved panel opinion's conclusion and what it proposes. A review frozen before templates
    /// declared proposals reads them from the shipped template of the same id, when its options
    /// are word for word the same.
    pub(crate) fn review_conclusion(&self, review: ReviewId) -> StoreResult<(Option<String>, Option<Proposal>)> {
        let Some((opinion, _, _)) = self.stored_panel_opinion(review)? else {
            return Ok((None, None));
        };
        let Some(index) = opinion.conclusion.map(|c| c as usize) else {
            return Ok((None, None));
        };
        let template = self.review_template(review)?;
        let text = template.conclusions.options.get(index).cloned();
        let proposal = template.conclusions.proposal(index).or_else(|| {
            let shipped = self.template(&template.id).ok()?;
            (shipped.conclusions.options == template.conclusions.options).then(|| shipped.conclusions.proposal(index)).flatten()
        });
        Ok((text, proposal))
    }
}

fn decision_row(r: &Row<'_>, region: tic_domain::Region) -> rusqlite::Result<Decision> {
    let kind: String = r.get(2)?;
    let kind = DecisionKind::from_code(&kind).ok_or_else(|| bad_value(2, "决定类别", &kind))?;
    let due: Option<String> = r.get(6)?;
    Ok(Decision {
        id: r.get(0)?,
        center_id: CenterId(r.get(1)?),
        label: kind.wording(region).map(|(l, _)| l.to_owned()).unwrap_or_else(|| kind.code().to_owned()),
        draft: DecisionDraft {
            kind,
            decided_on: date_column(r, 3)?,
            document_number: r.get(4)?,
            review_id: r.get::<_, Option<i64>>(5)?.map(ReviewId),
            due_on: match due {
                Some(text) => Some(text.parse().map_err(|_| bad_value(6, "日期", &text))?),
                None => None,
            },
            note: r.get(7)?,
            recorded_by: r.get(8)?,
        },
        recorded_at: r.get(9)?,
    })
}
