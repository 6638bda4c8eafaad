//! The panel's discussion and approval by file: the chair's round and opinion packages opened on
//! the members' laptops, and the members' approval packages coming back to the chair's.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use tic_domain::consolidation::ColumnStatus;
use tic_domain::exchange::{ExchangeOrigin, SheetImportOutcome};
use tic_domain::panel_opinion::{checked_objection, BriefRow, OpinionBrief, OpinionItem, PanelOpinion, Rectification};
use tic_domain::sheet::{ConflictDecision, MemberScores, RoundScore, SheetStatus};
use tic_domain::{CriterionId, ExpertId, Points, ReviewId};
use tic_package::{
    ApprovalPackage, ApprovalPart, MatrixPart, MatrixRowPart, MemberScoresPart, OpinionItemPart, OpinionPackage, OpinionPackagePart, PanelOpinionPart,
    RectificationPart, RoundPackage, RoundPart, ScorePart,
};

use super::{chair_review_of, invalid, member_sending, record_member_key, review_by_uid, SenderKey};
use crate::error::{StoreError, StoreResult};
use crate::panel_opinions::record_answer;
use crate::signatures::write_hand_signature;
use crate::Store;

/// An approval package to import, already read and verified.
pub struct IncomingApproval<'a> {
    pub package: &'a ApprovalPackage,
    pub key: SenderKey<'a>,
    pub manifest_sha256: &'a str,
}

/// What importing one approval package did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalMerge {
    /// Applied: the member's answer to the current version now; History: kept only (an older
    /// version, or an earlier answer than the one counted); Unchanged: the same file again.
    pub outcome: SheetImportOutcome,
    pub expert_name: String,
    pub version: u32,
    pub current_version: u32,
    pub objection: Option<String>,
}

/// What opening a chair's round or opinion package did on a member's laptop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChairPackageOpened {
    pub review_id: ReviewId,
    /// The round's number or the opinion's version.
    pub number: u32,
    /// Applied, Unchanged (opened before) or History (an older version than the one here).
    pub outcome: SheetImportOutcome,
}

fn points_text(points: Option<Points>, yes_no: Option<bool>) -> Option<String> {
    points.map(|p| p.to_string()).or(yes_no.map(|y| if y { "是" } else { "否" }.to_owned()))
}

impl Store {
    /// The uid of a review made on this laptop whose review package went out; the chair's
    /// round and opinion packages need it.
    fn chair_uid(&self, review: ReviewId, chair: ExpertId) -> StoreResult<String> {
        self.require_chair_of(review, chair)?;
        match self.exchange_row(review)? {
            Some((uid, ExchangeOrigin::Local, _)) => Ok(uid),
            Some((_, ExchangeOrigin::Imported, _)) => Err(invalid("这项评审是从评审包打开的，只有组长的电脑可以导出讨论包和意见包")),
            None => Err(invalid("这项评审没有导出过评审包：各位专家在本机评分时无需讨论包和意见包")),
        }
    }

    /// The review on this laptop opened from the chair's review package `uid`, checked against
    /// the chair's certificate recorded then.
    fn member_copy(&self, uid: &str, chair_key: SenderKey<'_>, what: &str) -> StoreResult<ReviewId> {
        let (review, origin) = review_by_uid(&self.conn, uid)?
            .ok_or_else(|| invalid(format!("本机没有这个{what}所属的评审：请先打开组长的评审包")))?;
        if origin != ExchangeOrigin::Imported {
            return Err(invalid(format!("这是组长电脑上的评审，{what}应在专家的电脑上打开")));
        }
        let fingerprint = self.exchange_row(review)?.and_then(|(_, _, f)| f);
        if fingerprint.as_deref() != Some(chair_key.fingerprint) {
            return Err(invalid(format!("{what}的签名证书不是打开评审包时记录的组长证书，已拒绝；请当面与组长核对证书指纹")));
        }
        Ok(review)
    }

    /// The chair's round package for the current round: its criteria and question, and every
    /// counted member's scores on them before the round.
    pub fn round_package(&self, review: ReviewId, chair: ExpertId) -> StoreResult<RoundPackage> {
        let uid = self.chair_uid(review, chair)?;
        let round = self.current_round(review)?.ok_or_else(|| invalid("尚未发起讨论轮次：请先在“评分汇总”中选择指标并发起"))?;
        let seats = self.seats(review)?;
        let mut scores = Vec::new();
        for m in self.panel(review)? {
            let recused = self.declaration(review, m.expert_id)?.is_some_and(|d| d.conflict == ConflictDecision::Recused);
            let sheet = self.own_sheet(review, m.expert_id)?;
            if recused || sheet.status != SheetStatus::Submitted {
                continue;
            }
            let mut answers = sheet.answers;
            self.apply_rounds_before(review, m.expert_id, &mut answers, round.number)?;
            let scores_of = answers
                .iter()
                .filter(|a| round.criteria.contains(&a.criterion))
                .map(|a| ScorePart { criterion: a.criterion.0.clone(), points: a.points.map(|p| p.to_string()), yes_no: a.yes_no })
                .collect();
            scores.push(MemberScoresPart { seat: seats.get(&m.expert_id.0).copied().unwrap_or_default(), name: m.name, scores: scores_of });
        }
        Ok(RoundPackage {
            review_uid: uid,
            created_at: self.now(),
            round: RoundPart {
                number: round.number,
                criteria: round.criteria.iter().map(|c| c.0.clone()).collect(),
                question: round.question,
                opened_at: round.opened_at,
                scores,
            },
        })
    }

    /// Opens the chair's round package on a member's laptop: the round, its question and the
    /// scores before it. Opening it again changes nothing.
    pub fn import_round_package(&self, package: &RoundPackage, chair_key: SenderKey<'_>) -> StoreResult<ChairPackageOpened> {
        let review = self.member_copy(&package.review_uid, chair_key, "讨论包")?;
        self.require_open(review)?;
        let round = &package.round;
        let template = self.review_template(review)?;
        let criteria: Vec<CriterionId> = round.criteria.iter().cloned().map(CriterionId).collect();
        let criteria = tic_domain::visit::checked_criteria(&template, &criteria)?;
        let mut members = Vec::with_capacity(round.scores.len());
        for m in &round.scores {
            let mut scores = Vec::with_capacity(m.scores.len());
            for s in &m.scores {
                let points = match &s.points {
                    Some(text) => Some(text.parse::<Points>().map_err(|e| invalid(format!("{}的分数「{text}」无效：{e}", m.name)))?),
                    None => None,
                };
                scores.push(RoundScore { criterion: CriterionId(s.criterion.clone()), points, yes_no: s.yes_no });
            }
            members.push(MemberScores { name: m.name.clone(), scores });
        }
        let opened = |outcome| ChairPackageOpened { review_id: review, number: round.number, outcome };
        if let Some(existing) = self.rounds(review)?.into_iter().find(|r| r.number == round.number) {
            return if existing.criteria == criteria {
                Ok(opened(SheetImportOutcome::Unchanged))
            } else {
                Err(invalid(format!("第 {} 轮讨论已打开过，指标与这个讨论包不同，已拒绝", round.number)))
            };
        }
        let ids: Vec<&str> = criteria.iter().map(|c| c.0.as_str()).collect();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO discussion_rounds (review_id, number, criteria, opened_at) VALUES (?1, ?2, ?3, ?4)",
            params![review.0, round.number, serde_json::to_string(&ids)?, round.opened_at],
        )?;
        tx.execute(
            "INSERT INTO round_briefs (review_id, number, question, scores) VALUES (?1, ?2, ?3, ?4)",
            params![review.0, round.number, round.question.trim(), serde_json::to_string(&members)?],
        )?;
        crate::audit::append(&tx, &self.now(), "本机用户", "打开讨论包", Some(review), &format!("第 {} 轮，指标 {}", round.number, ids.join("、")))?;
        tx.commit()?;
        Ok(opened(SheetImportOutcome::Applied))
    }

    fn seats(&self, review: ReviewId) -> StoreResult<BTreeMap<i64, u32>> {
        Ok(self
            .conn
            .prepare_cached("SELECT expert_id, position FROM panel_members WHERE review_id = ?1")?
            .query_map([review.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?)
    }

    /// The chair's opinion package for the saved version of the panel opinion, with the
    /// consolidated scores; what it showed is recorded with the version.
    pub fn opinion_package(&self, review: ReviewId, chair: ExpertId) -> StoreResult<OpinionPackage> {
        let uid = self.chair_uid(review, chair)?;
        let (opinion, version, updated_at) = self.stored_panel_opinion(review)?.ok_or_else(|| invalid("请先保存专家组意见，再导出意见包"))?;
        let template = self.review_template(review)?;
        let seats = self.seats(review)?;
        let seat = |e: &ExpertId| seats.get(&e.0).copied().unwrap_or_default();
        let items = |list: &[OpinionItem]| list.iter().map(|i| OpinionItemPart { text: i.text.clone(), sources: i.sources.iter().map(seat).collect() }).collect();
        let consolidation = self.consolidation_seen_by(review, chair)?;
        let counted: Vec<usize> = (0..consolidation.columns.len()).filter(|&i| consolidation.columns[i].status == ColumnStatus::Scoring).collect();
        let matrix = MatrixPart {
            members: counted.iter().map(|&i| consolidation.columns[i].name.clone()).collect(),
            rows: consolidation
                .rows
                .iter()
                .map(|r| MatrixRowPart {
                    criterion: r.criterion.0.clone(),
                    name: r.name.clone(),
                    max: r.max.to_string(),
                    scores: counted.iter().map(|&i| points_text(r.scores.get(i).copied().flatten(), r.yes_no.get(i).copied().flatten())).collect(),
                    aggregate: r.aggregate.clone(),
                })
                .collect(),
            total: consolidation.total.clone(),
            grade: consolidation.grade.clone(),
        };
        let conclusion_text = opinion.conclusion.and_then(|c| template.conclusions.options.get(c as usize).cloned());
        let body = OpinionPackagePart {
            version,
            updated_at,
            opinion: PanelOpinionPart {
                process: opinion.process.clone(),
                overall: opinion.overall.clone(),
                strengths: items(&opinion.strengths),
                problems: items(&opinion.problems),
                suggestions: items(&opinion.suggestions),
                conclusion: opinion.conclusion,
                rectifications: opinion
                    .rectifications
                    .iter()
                    .map(|r| RectificationPart { item: r.item.clone(), deadline: r.deadline.map(|d| d.to_string()) })
                    .collect(),
                dissent: opinion.dissent.clone(),
            },
            conclusion_text,
            matrix,
        };
        self.record_brief(review, &body)?;
        Ok(OpinionPackage { review_uid: uid, created_at: self.now(), body })
    }

    fn record_brief(&self, review: ReviewId, body: &OpinionPackagePart) -> StoreResult<()> {
        let brief = serde_json::json!({ "conclusion_text": body.conclusion_text, "matrix": body.matrix });
        self.conn.execute(
            "INSERT INTO opinion_briefs (review_id, version, matrix, recorded_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (review_id, version) DO UPDATE SET matrix = excluded.matrix, recorded_at = excluded.recorded_at",
            params![review.0, body.version, brief.to_string(), self.now()],
        )?;
        Ok(())
    }

    /// Opens the chair's opinion package on a member's laptop: the version becomes the panel
    /// opinion here (an older version than the one here changes nothing).
    pub fn import_opinion_package(&self, package: &OpinionPackage, chair_key: SenderKey<'_>) -> StoreResult<ChairPackageOpened> {
        let review = self.member_copy(&package.review_uid, chair_key, "意见包")?;
        self.require_open(review)?;
        let body = &package.body;
        let template = self.review_template(review)?;
        let experts: BTreeMap<u32, i64> = self.seats(review)?.into_iter().map(|(e, s)| (s, e)).collect();
        let items = |list: &[OpinionItemPart]| -> StoreResult<Vec<OpinionItem>> {
            list.iter()
                .map(|i| {
                    let sources = i
                        .sources
                        .iter()
                        .map(|s| experts.get(s).map(|e| ExpertId(*e)).ok_or_else(|| invalid(format!("意见来源的席位号 {s} 不在专家组名单中"))))
                        .collect::<StoreResult<_>>()?;
                    Ok(OpinionItem { text: i.text.clone(), sources })
                })
                .collect()
        };
        let o = &body.opinion;
        let opinion = PanelOpinion {
            process: o.process.clone(),
            overall: o.overall.clone(),
            strengths: items(&o.strengths)?,
            problems: items(&o.problems)?,
            suggestions: items(&o.suggestions)?,
            conclusion: o.conclusion,
            rectifications: o
                .rectifications
                .iter()
                .map(|r| {
                    let deadline = r.deadline.as_deref().map(|d| d.parse().map_err(|_| invalid(format!("整改期限「{d}」无效")))).transpose()?;
                    Ok(Rectification { item: r.item.clone(), deadline })
                })
                .collect::<StoreResult<_>>()?,
            dissent: o.dissent.clone(),
        }
        .validated(template.conclusions.options.len())?;
        let opened = |outcome| ChairPackageOpened { review_id: review, number: body.version, outcome };
        if let Some((here, version, _)) = self.stored_panel_opinion(review)? {
            if body.version < version {
                return Ok(opened(SheetImportOutcome::History));
            }
            if body.version == version {
                return if here == opinion {
                    Ok(opened(SheetImportOutcome::Unchanged))
                } else {
                    Err(invalid(format!("第 {version} 版专家组意见已打开过，内容与这个意见包不同，已拒绝")))
                };
            }
        }
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO panel_opinions (review_id, body, version, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (review_id) DO UPDATE SET body = excluded.body, version = excluded.version, updated_at = excluded.updated_at",
            params![review.0, serde_json::to_string(&opinion)?, body.version, body.updated_at],
        )?;
        let brief = serde_json::json!({ "conclusion_text": body.conclusion_text, "matrix": body.matrix });
        tx.execute(
            "INSERT INTO opinion_briefs (review_id, version, matrix, recorded_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (review_id, version) DO UPDATE SET matrix = excluded.matrix, recorded_at = excluded.recorded_at",
            params![review.0, body.version, brief.to_string(), self.now()],
        )?;
        crate::audit::append(&tx, &self.now(), "本机用户", "打开意见包", Some(review), &format!("第 {} 版专家组意见", body.version))?;
        tx.commit()?;
        Ok(opened(SheetImportOutcome::Applied))
    }

    /// The scores and conclusion the current version of the panel opinion was sent with, if it
    /// was sent or received as a package.
    pub fn opinion_brief(&self, review: ReviewId) -> StoreResult<Option<OpinionBrief>> {
        let Some((_, version, _)) = self.stored_panel_opinion(review)? else { return Ok(None) };
        let row: Option<(String, String)> = self
            .conn
            .query_row("SELECT matrix, recorded_at FROM opinion_briefs WHERE review_id = ?1 AND version = ?2", params![review.0, version], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let Some((json, received_at)) = row else { return Ok(None) };
        #[derive(serde::Deserialize)]
        struct Kept {
            conclusion_text: Option<String>,
            matrix: MatrixPart,
        }
        let kept: Kept = serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(format!("保存的意见包记录无法读取（{e}）")))?;
        Ok(Some(OpinionBrief {
            version,
            conclusion_text: kept.conclusion_text,
            members: kept.matrix.members,
            rows: kept
                .matrix
                .rows
                .into_iter()
                .map(|r| BriefRow { name: r.name, max: r.max, scores: r.scores, aggregate: r.aggregate })
                .collect(),
            total: kept.matrix.total,
            grade: kept.matrix.grade,
            received_at,
        }))
    }

    /// A member's approval package: their latest answer to the panel opinion (approval, or
    /// objection with its reason) and their drawn signature.
    pub fn approval_package(&self, review: ReviewId, expert: ExpertId) -> StoreResult<ApprovalPackage> {
        let (uid, origin, _) = self.exchange_row(review)?.ok_or_else(|| invalid("这项评审不是从评审包打开的；本机确认专家组意见即可，无需导出确认包"))?;
        if origin != ExchangeOrigin::Imported {
            return Err(invalid("这是组长电脑上的评审，确认已在本机，无需导出确认包"));
        }
        let (version, objection, responded_at) =
            self.opinion_answer(review, expert)?.ok_or_else(|| invalid("请先阅读专家组意见，确认同意或提出异议，再导出确认包"))?;
        Ok(ApprovalPackage {
            review_uid: uid,
            created_at: self.now(),
            approval: ApprovalPart {
                seat: self.seat_of(review, expert)?,
                version,
                decision: if objection.is_some() { "object" } else { "approve" }.into(),
                reason: objection.unwrap_or_default(),
                responded_at,
            },
            hand_signature: self.hand_signature(expert)?,
        })
    }

    /// Imports approval packages on the chair's laptop, one savepoint each: a refused package
    /// changes nothing. An answer counts only for the version it was given to; of two answers
    /// to the current version the later one counts; every package is kept.
    pub fn import_approval_packages(&self, review: ReviewId, chair: ExpertId, incoming: &[IncomingApproval<'_>]) -> StoreResult<Vec<StoreResult<ApprovalMerge>>> {
        self.require_open(review)?;
        self.require_chair_of(review, chair)?;
        self.import_each(
            review,
            chair,
            "导入确认包",
            incoming,
            |tx, one| self.merge_approval(tx, review, one),
            |m| {
                let what = if m.objection.is_some() { "异议" } else { "确认" };
                let outcome = match m.outcome {
                    SheetImportOutcome::Applied => "已计入",
                    SheetImportOutcome::Unchanged => "与已导入的相同",
                    _ => "仅存档",
                };
                format!("{}对第 {} 版专家组意见的{what}：{outcome}", m.expert_name, m.version)
            },
            |_, _| true,
        )
    }

    fn merge_approval(&self, tx: &Transaction<'_>, expected: ReviewId, one: &IncomingApproval<'_>) -> StoreResult<ApprovalMerge> {
        let package = one.package;
        let a = &package.approval;
        let review = chair_review_of(tx, &package.review_uid, expected, "确认包")?;
        let (expert, first_seen) = member_sending(tx, review, &a.seat, one.key)?;
        if self.declaration(review, expert)?.is_some_and(|d| d.conflict == ConflictDecision::Recused) {
            return Err(invalid(format!("{}已声明回避，不参加专家组意见的确认", a.seat.name)));
        }
        let current = self.stored_panel_opinion(review)?.map(|(_, v, _)| v).ok_or_else(|| invalid("本机尚未保存专家组意见"))?;
        if a.version > current {
            return Err(invalid(format!("{}确认的是第 {} 版专家组意见，本机只有第 {current} 版", a.seat.name, a.version)));
        }
        let objection = if a.decision == "object" { Some(checked_objection(&a.reason)?) } else { None };
        let merge = |outcome| ApprovalMerge { outcome, expert_name: a.seat.name.clone(), version: a.version, current_version: current, objection: objection.clone() };
        let same: bool = tx.query_row(
            "SELECT count(*) > 0 FROM approval_packages WHERE review_id = ?1 AND expert_id = ?2 AND manifest_sha256 = ?3",
            params![review.0, expert.0, one.manifest_sha256],
            |r| r.get(0),
        )?;
        if same {
            return Ok(merge(SheetImportOutcome::Unchanged));
        }
        // Counted only if it answers the current version and is later than the answer counted now.
        let counted = self.opinion_answer(review, expert)?;
        let newer = match &counted {
            Some((version, _, at)) if *version == current => a.responded_at.as_str() > at.as_str(),
            _ => true,
        };
        let outcome = if a.version == current && newer { SheetImportOutcome::Applied } else { SheetImportOutcome::History };
        let hand_signature = package.hand_signature.as_deref().map(crate::normalized_signature).transpose()?;
        let now = self.now();
        if !first_seen {
            record_member_key(tx, review, expert, one.key, &now)?;
        }
        if outcome == SheetImportOutcome::Applied {
            record_answer(tx, review, expert, a.version, objection.as_deref(), &a.responded_at)?;
            tx.execute("UPDATE approval_packages SET applied = 0 WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
            if let Some(png) = &hand_signature {
                write_hand_signature(tx, expert, png, &now)?;
            }
        }
        tx.execute(
            "INSERT INTO approval_packages (review_id, expert_id, version, decision, reason, responded_at, manifest_sha256, fingerprint,
                                            exported_at, imported_at, hand_signature, applied)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                review.0,
                expert.0,
                a.version,
                a.decision,
                objection.clone().unwrap_or_default(),
                a.responded_at,
                one.manifest_sha256,
                one.key.fingerprint,
                package.created_at,
                now,
                package.hand_signature,
                outcome == SheetImportOutcome::Applied
            ],
        )?;
        Ok(merge(outcome))
    }
}
