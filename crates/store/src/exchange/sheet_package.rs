//! The score-sheet package an expert's laptop sends back to the chair.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use tic_domain::exchange::ExchangeOrigin;
use tic_domain::sheet::{ConflictDecision, SheetStatus};
use tic_domain::{ExpertId, ReviewId};
use tic_package::{
    DeclarationPart, NotePart, OpinionPart, PhotoPart, ReopeningPart, RevisionPart, RoundAnswerPart, RoundAnswersPart, SeatPart, SheetPackage, SheetPart,
    SiteVisitPart,
};

use super::{answer_part, invalid, opinion_part};
use crate::error::{StoreError, StoreResult};
use crate::Store;

impl Store {
    pub(super) fn seat_of(&self, review: ReviewId, expert: ExpertId) -> StoreResult<SeatPart> {
        self.conn
            .query_row(
                "SELECT p.position, e.name, e.affiliation FROM panel_members p JOIN experts e ON e.id = p.expert_id
                 WHERE p.review_id = ?1 AND p.expert_id = ?2",
                params![review.0, expert.0],
                |r| Ok(SeatPart { seat: r.get(0)?, name: r.get(1)?, affiliation: r.get(2)? }),
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound("该专家在本评审专家组中的席位".into()))
    }

    /// The expert's score-sheet package: their submitted sheet (or recusal), every submission and
    /// reopening, the site-visit record with the photo files, and their drawn signature.
    pub fn sheet_package(&self, review: ReviewId, expert: ExpertId) -> StoreResult<SheetPackage> {
        let (uid, origin, _) = self.exchange_row(review)?.ok_or_else(|| {
            invalid("这项评审不是从评审包打开的；评分包只在每位专家各用一台电脑时使用，本机评分无需导出")
        })?;
        if origin != ExchangeOrigin::Imported {
            return Err(invalid("这是组长电脑上的评审，评分已在本机，无需导出评分包"));
        }
        let seat = self.seat_of(review, expert)?;
        let declaration = self.declaration(review, expert)?.ok_or_else(|| invalid("请先完成回避声明和保密承诺"))?;
        let recused = declaration.conflict == ConflictDecision::Recused;
        let sheet = self.own_sheet(review, expert)?;
        if !recused && sheet.status != SheetStatus::Submitted {
            return Err(invalid("请先提交评分表，再导出评分包"));
        }
        let declaration = DeclarationPart {
            conflict: declaration.conflict.code().into(),
            reason: declaration.reason,
            pledge_signed_at: declaration.pledge_signed_at,
            declared_at: declaration.declared_at,
        };
        let (revisions, reopenings) = if recused { (Vec::new(), Vec::new()) } else { self.sheet_history(review, expert)? };
        let mut site_visit = SiteVisitPart {
            notes: self
                .site_notes(review, expert)?
                .into_iter()
                .map(|n| NotePart {
                    kind: n.kind.code().into(),
                    text: n.text,
                    criteria: n.criteria.into_iter().map(|c| c.0).collect(),
                    created_at: n.created_at,
                    updated_at: n.updated_at,
                })
                .collect(),
            photos: Vec::new(),
        };
        let mut photos = BTreeMap::new();
        for p in self.photos(review, expert)? {
            let bytes = self.photo_bytes(review, expert, p.id)?;
            let digest = self.photo_digest(review, expert, p.id)?;
            let file = format!("photos/{digest}.{}", if p.mime == "image/png" { "png" } else { "jpg" });
            site_visit.photos.push(PhotoPart {
                file: file.clone(),
                original_name: p.original_name,
                width: p.width,
                height: p.height,
                taken_at: p.taken_at,
                caption: p.caption,
                criteria: p.criteria.into_iter().map(|c| c.0).collect(),
                added_at: p.added_at,
            });
            photos.insert(file, bytes);
        }
        Ok(SheetPackage {
            review_uid: uid,
            created_at: self.now(),
            sheet: SheetPart {
                seat,
                status: if recused { "recused" } else { "submitted" }.into(),
                revision: if recused { 0 } else { sheet.revision },
                declaration,
                answers: if recused { Vec::new() } else { sheet.answers.iter().map(answer_part).collect() },
                opinion: if recused { OpinionPart::default() } else { opinion_part(&sheet.opinion) },
                revisions,
                reopenings,
                rounds: if recused { Vec::new() } else { self.round_parts(review, expert)? },
            },
            site_visit,
            photos,
            hand_signature: self.hand_signature(expert)?,
        })
    }

    /// The expert's re-scores, round by round, as the score-sheet package carries them.
    fn round_parts(&self, review: ReviewId, expert: ExpertId) -> StoreResult<Vec<RoundAnswersPart>> {
        let mut rounds: Vec<RoundAnswersPart> = Vec::new();
        for (number, a, updated_at) in self.stamped_round_answers(review, expert)? {
            let part = RoundAnswerPart { criterion: a.criterion.0, points: a.points.map(|p| p.to_string()), yes_no: a.yes_no, reason: a.reason, updated_at };
            match rounds.last_mut() {
                Some(r) if r.number == number => r.answers.push(part),
                _ => rounds.push(RoundAnswersPart { number, answers: vec![part] }),
            }
        }
        Ok(rounds)
    }

    fn sheet_history(&self, review: ReviewId, expert: ExpertId) -> StoreResult<(Vec<RevisionPart>, Vec<ReopeningPart>)> {
        let revisions = self
            .revision_snapshots(review, expert)?
            .into_iter()
            .map(|(number, reason, submitted_at, snapshot)| RevisionPart {
                number,
                reason,
                submitted_at,
                answers: snapshot.answers.iter().map(answer_part).collect(),
                opinion: opinion_part(&snapshot.opinion),
            })
            .collect();
        let reopenings = self
            .conn
            .prepare(
                "SELECT o.reason, o.reopened_at FROM sheet_reopenings o JOIN score_sheets s ON s.id = o.sheet_id
                 WHERE s.review_id = ?1 AND s.expert_id = ?2 ORDER BY o.id",
            )?
            .query_map(params![review.0, expert.0], |r| Ok(ReopeningPart { reason: r.get(0)?, reopened_at: r.get(1)? }))?
            .collect::<Result<_, _>>()?;
        Ok((revisions, reopenings))
    }

}
