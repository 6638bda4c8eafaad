//! Score-sheet packages arriving on the chair's laptop: checked, kept whole in `sheet_packages`,
//! and merged by the domain's rules (`merge_outcome`).

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension, Transaction};
use tic_domain::exchange::{merge_outcome, ExchangeState, KeptPackage, SheetImportOutcome};
use tic_domain::sheet::{check_answer, Answer, ConflictDecision, DiscussionRound, Opinion, RoundAnswer, SheetSnapshot, SheetStatus, MAX_TEXT_CHARS};
use tic_domain::visit::{checked_criteria, SiteNoteDraft, SiteNoteKind};
use tic_domain::{CriterionId, ExpertId, ReviewId, SheetPackageId, Template};
use tic_package::{AnswerPart, NotePart, PhotoPart, RevisionPart, SheetPart, SiteVisitPart};

use super::{answer_from, chair_review_of, checked_content, invalid, member_sending, record_member_key, IncomingSheet, SheetMerge};
use crate::error::{StoreError, StoreResult};
use crate::reviews::mark_scoring;
use crate::sheets::{delete_member_sheet, insert_reopening, insert_revision, open_sheet, set_sheet_status, write_declaration, write_opinion, write_score};
use crate::signatures::write_hand_signature;
use crate::visits::{delete_member_visit, insert_photo, insert_site_note, PreparedPhoto, StoredPhoto};
use crate::Store;

impl Store {
    /// Imports score-sheet packages on the chair's laptop, in one transaction with a savepoint per
    /// package: a refused package changes nothing, and the others still go in. The result lists
    /// each package's outcome in the order given.
    /// Only the review's chair imports, and packages of any other review are refused.
    pub fn import_sheet_packages(&self, review: ReviewId, chair: ExpertId, incoming: &[IncomingSheet<'_>]) -> StoreResult<Vec<StoreResult<SheetMerge>>> {
        self.import_sheet_packages_with(review, chair, incoming, |_, _| true)
    }

    /// As `import_sheet_packages`, telling `progress` after each package (its index and result)
    /// and stopping before the next one when it returns false; the packages not reached are left
    /// out of the result.
    pub fn import_sheet_packages_with(
        &self,
        review: ReviewId,
        chair: ExpertId,
        incoming: &[IncomingSheet<'_>],
        mut progress: impl FnMut(usize, &StoreResult<SheetMerge>) -> bool,
    ) -> StoreResult<Vec<StoreResult<SheetMerge>>> {
        self.require_open(review)?;
        self.require_chair_of(review, chair)?;
        if !incoming.is_empty() {
            // What was there before the merge stays recoverable (备份与恢复).
            self.take_snapshot(crate::SnapshotReason::BeforeImport)?;
        }
        self.import_each(
            review,
            chair,
            "导入评分包",
            incoming,
            |tx, one| self.merge_sheet(tx, review, one),
            |m| {
                let outcome = match m.outcome {
                    tic_domain::exchange::SheetImportOutcome::Applied => "已采用",
                    tic_domain::exchange::SheetImportOutcome::Unchanged => "与已导入的相同",
                    tic_domain::exchange::SheetImportOutcome::History => "较旧，仅存入历史",
                    tic_domain::exchange::SheetImportOutcome::Conflict => "同一次提交内容不同，待组长裁定",
                    tic_domain::exchange::SheetImportOutcome::Refused => "拒收",
                };
                format!("{}的评分包（第 {} 次提交）：{outcome}", m.expert_name, m.revision)
            },
            &mut progress,
        )
    }

    fn merge_sheet(&self, tx: &Transaction<'_>, expected: ReviewId, one: &IncomingSheet<'_>) -> StoreResult<SheetMerge> {
        let package = one.package;
        let sheet = &package.sheet;
        let review = chair_review_of(tx, &package.review_uid, expected, "评分包")?;
        let seat = &sheet.seat;
        let (expert, first_seen) = member_sending(tx, review, seat, one.key)?;
        let merge = |outcome| SheetMerge { outcome, expert_name: seat.name.clone(), revision: sheet.revision };
        let kept: Vec<(u32, String, bool, String)> = tx
            .prepare("SELECT revision, manifest_sha256, applied, sheet FROM sheet_packages WHERE review_id = ?1 AND expert_id = ?2")?
            .query_map(params![review.0, expert.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<_, _>>()?;
        // Each kept package's place among the member's packages: its revision, then its re-scores.
        let stamps: Vec<String> = kept
            .iter()
            .map(|(_, _, _, json)| serde_json::from_str::<SheetPart>(json).map(|p| p.round_stamp()))
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Corrupt(format!("保存的评分包记录无法读取（{e}）")))?;
        let kept: Vec<KeptPackage<'_>> = kept
            .iter()
            .zip(&stamps)
            .map(|((revision, digest, applied, _), stamp)| KeptPackage { revision: *revision, round_stamp: stamp, manifest_sha256: digest, applied: *applied })
            .collect();
        let outcome = merge_outcome(sheet.revision, &sheet.round_stamp(), one.manifest_sha256, &kept);
        if outcome == SheetImportOutcome::Unchanged {
            return Ok(merge(outcome));
        }
        if kept.is_empty() {
            let local_work: bool = tx.query_row(
                "SELECT (SELECT count(*) FROM declarations WHERE review_id = ?1 AND expert_id = ?2)
                      + (SELECT count(*) FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2)
                      + (SELECT count(*) FROM site_notes WHERE review_id = ?1 AND expert_id = ?2) > 0",
                params![review.0, expert.0],
                |r| r.get(0),
            )?;
            if local_work {
                return Err(invalid(format!("{}已在本机声明或评分，不能再导入其评分包（以免覆盖本机的记录）", seat.name)));
            }
        }
        // Everything in the package is checked against the review's template before any write.
        let template = self.review_template(review)?;
        let rounds = self.rounds(review)?;
        let content = CheckedSheet::of(&template, &rounds, sheet, &package.site_visit, &package.photos, package.hand_signature.as_deref())?;
        let now = self.now();
        if !first_seen {
            record_member_key(tx, review, expert, one.key, &now)?;
        }
        for photo in &content.photos {
            self.keep_photo_files(&package.photos[&photo.part.file], &photo.prepared)
                .map_err(|m| invalid(format!("照片「{}」{m}", photo.part.original_name)))?;
        }
        let sheet_json = serde_json::to_string(&package.sheet)?;
        let site_json = serde_json::to_string(&package.site_visit)?;
        if outcome == SheetImportOutcome::Conflict {
            tx.execute(
                "UPDATE sheet_packages SET conflict = 1 WHERE review_id = ?1 AND expert_id = ?2 AND revision = ?3",
                params![review.0, expert.0, sheet.revision],
            )?;
        }
        if outcome == SheetImportOutcome::Applied {
            tx.execute("UPDATE sheet_packages SET applied = 0 WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
            self.apply_sheet(tx, review, expert, &content)?;
        }
        tx.execute(
            "INSERT INTO sheet_packages (review_id, expert_id, revision, manifest_sha256, fingerprint, exported_at, imported_at,
                                         sheet, site_visit, hand_signature, applied, conflict)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                review.0,
                expert.0,
                sheet.revision,
                one.manifest_sha256,
                one.key.fingerprint,
                package.created_at,
                now,
                sheet_json,
                site_json,
                package.hand_signature,
                outcome == SheetImportOutcome::Applied,
                outcome == SheetImportOutcome::Conflict
            ],
        )?;
        Ok(merge(outcome))
    }

    /// Makes the member's sheet, declaration, site-visit record and signature those of `content`,
    /// through the same writers the member's own edits use.
    fn apply_sheet(&self, tx: &Transaction<'_>, review: ReviewId, expert: ExpertId, content: &CheckedSheet<'_>) -> StoreResult<()> {
        delete_member_sheet(tx, review, expert)?;
        delete_member_visit(tx, review, expert)?;
        let d = &content.part.declaration;
        write_declaration(tx, review, expert, content.conflict, &d.reason, &d.pledge_signed_at, &d.declared_at)?;
        if let Some((last, _)) = content.revisions.last() {
            let at = &last.submitted_at;
            let (sheet, _) = open_sheet(tx, review, expert, at)?;
            for a in &content.answers {
                write_score(tx, sheet, a, at)?;
            }
            write_opinion(tx, sheet, &content.opinion, at)?;
            for (part, snapshot) in &content.revisions {
                insert_revision(tx, sheet, part.number, &part.reason, &part.submitted_at, snapshot)?;
            }
            for r in &content.part.reopenings {
                insert_reopening(tx, sheet, &r.reason, &r.reopened_at)?;
            }
            set_sheet_status(tx, sheet, SheetStatus::Submitted, at)?;
            mark_scoring(tx, review)?;
        }
        // The member's re-scores are those of the package, as sent.
        tx.execute("DELETE FROM round_answers WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
        for (number, a, updated_at) in &content.rounds {
            tx.execute(
                "INSERT INTO round_answers (review_id, round, expert_id, criterion_id, points_tenths, yes_no, reason, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![review.0, number, expert.0, a.criterion.0, a.points.map(tic_domain::Points::tenths), a.yes_no, a.reason, updated_at],
            )?;
        }
        for (note, draft) in &content.notes {
            insert_site_note(tx, review, expert, draft, &note.created_at, &note.updated_at)?;
        }
        for photo in &content.photos {
            let stored = StoredPhoto {
                original_name: &photo.part.original_name,
                size: photo.size,
                caption: &photo.part.caption,
                criteria: &photo.criteria,
                added_at: &photo.part.added_at,
            };
            insert_photo(tx, review, expert, &photo.prepared, &stored)?;
        }
        if let Some(png) = &content.hand_signature {
            write_hand_signature(tx, expert, png, &self.now())?;
        }
        Ok(())
    }

    /// The chair settles a conflict (or goes back to an older revision): the chosen package
    /// becomes the member's sheet; every package stays kept.
    pub fn adopt_sheet_package(&self, review: ReviewId, chair: ExpertId, package_id: SheetPackageId) -> StoreResult<ExchangeState> {
        self.require_chair_of(review, chair)?;
        let row: Option<(i64, String, String, Option<Vec<u8>>, u32)> = self
            .conn
            .query_row(
                "SELECT expert_id, sheet, site_visit, hand_signature, revision FROM sheet_packages WHERE id = ?1 AND review_id = ?2",
                params![package_id.0, review.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let (expert, sheet, site_visit, hand_signature, revision) = row.ok_or_else(|| StoreError::NotFound("这个评分包".into()))?;
        let damaged = |e: serde_json::Error| StoreError::Corrupt(format!("保存的评分包记录无法读取（{e}）"));
        let sheet: SheetPart = serde_json::from_str(&sheet).map_err(damaged)?;
        let site_visit: SiteVisitPart = serde_json::from_str(&site_visit).map_err(damaged)?;
        let mut photos = BTreeMap::new();
        for p in &site_visit.photos {
            let name = p.file.trim_start_matches("photos/");
            let bytes = self.read_photo_file(name)?;
            photos.insert(p.file.clone(), bytes);
        }
        let content = CheckedSheet::of(&self.review_template(review)?, &self.rounds(review)?, &sheet, &site_visit, &photos, hand_signature.as_deref())?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("UPDATE sheet_packages SET applied = (id = ?3) WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert, package_id.0])?;
        tx.execute(
            "UPDATE sheet_packages SET conflict = 0 WHERE review_id = ?1 AND expert_id = ?2 AND revision = ?3",
            params![review.0, expert, revision],
        )?;
        self.apply_sheet(&tx, review, ExpertId(expert), &content)?;
        tx.commit()?;
        self.exchange_state(review)
    }
}

/// A package's content, converted and checked against the review's template.
struct CheckedSheet<'a> {
    part: &'a SheetPart,
    conflict: ConflictDecision,
    answers: Vec<Answer>,
    opinion: Opinion,
    /// Each revision with its snapshot as stored in `sheet_revisions`.
    revisions: Vec<(&'a RevisionPart, String)>,
    notes: Vec<(&'a NotePart, SiteNoteDraft)>,
    photos: Vec<CheckedPhoto<'a>>,
    hand_signature: Option<Vec<u8>>,
    /// Re-scores: round number, answer, when the member saved it.
    rounds: Vec<(u32, RoundAnswer, &'a str)>,
}

struct CheckedPhoto<'a> {
    part: &'a PhotoPart,
    size: usize,
    criteria: Vec<CriterionId>,
    prepared: PreparedPhoto,
}

impl<'a> CheckedSheet<'a> {
    /// Checks a sheet part with its site visit, photo files and signature: from a package just
    /// read, or from one kept in `sheet_packages` when the chair adopts it.
    fn of(
        template: &Template,
        rounds: &[DiscussionRound],
        part: &'a SheetPart,
        site_visit: &'a SiteVisitPart,
        photo_files: &BTreeMap<String, Vec<u8>>,
        hand_signature: Option<&[u8]>,
    ) -> StoreResult<CheckedSheet<'a>> {
        let conflict = ConflictDecision::from_code(&part.declaration.conflict)
            .ok_or_else(|| invalid(format!("回避声明「{}」无法识别", part.declaration.conflict)))?;
        let (answers, opinion) = checked_content(template, &part.answers, &part.opinion)?;
        let mut revisions = Vec::with_capacity(part.revisions.len());
        for r in &part.revisions {
            let (answers, opinion) = checked_content(template, &r.answers, &r.opinion)?;
            let snapshot = serde_json::to_string(&SheetSnapshot { answers, opinion })?;
            revisions.push((r, snapshot));
        }
        let notes = site_visit
            .notes
            .iter()
            .map(|n| {
                let kind = SiteNoteKind::from_code(&n.kind).ok_or_else(|| invalid(format!("考察记录类型「{}」无法识别", n.kind)))?;
                let draft = SiteNoteDraft { kind, text: n.text.clone(), criteria: n.criteria.iter().cloned().map(CriterionId).collect() };
                Ok((n, draft.validated(template)?))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let mut photos = Vec::with_capacity(site_visit.photos.len());
        for p in &site_visit.photos {
            let bytes = photo_files.get(&p.file).ok_or_else(|| invalid(format!("照片「{}」不在包内", p.file)))?;
            let prepared = PreparedPhoto::of(bytes).map_err(|m| invalid(format!("照片「{}」{m}", p.original_name)))?;
            let criteria = checked_criteria(template, &p.criteria.iter().cloned().map(CriterionId).collect::<Vec<_>>())?;
            photos.push(CheckedPhoto { part: p, size: bytes.len(), criteria, prepared });
        }
        photos.dedup_by(|a, b| a.part.file == b.part.file);
        let hand_signature = hand_signature.map(crate::normalized_signature).transpose()?;
        let mut round_answers = Vec::new();
        for r in &part.rounds {
            let round = rounds
                .iter()
                .find(|o| o.number == r.number)
                .ok_or_else(|| invalid(format!("评分包中有第 {} 轮讨论的评分，但本评审没有发起这一轮", r.number)))?;
            for a in &r.answers {
                let answer = answer_from(&AnswerPart { criterion: a.criterion.clone(), points: a.points.clone(), yes_no: a.yes_no, comment: a.reason.clone() })?;
                if !round.criteria.contains(&answer.criterion) {
                    return Err(invalid(format!("指标「{}」不在第 {} 轮讨论范围内", a.criterion, r.number)));
                }
                check_answer(template, &answer)?;
                let reason = answer.comment.trim().to_owned();
                if reason.is_empty() || reason.chars().count() > MAX_TEXT_CHARS {
                    return Err(invalid(format!("第 {} 轮讨论中指标「{}」的调整理由为空或过长", r.number, a.criterion)));
                }
                let re = RoundAnswer { criterion: answer.criterion, points: answer.points, yes_no: answer.yes_no, reason };
                round_answers.push((r.number, re, a.updated_at.as_str()));
            }
        }
        Ok(CheckedSheet { part, conflict, answers, opinion, revisions, notes, photos, hand_signature, rounds: round_answers })
    }
}
