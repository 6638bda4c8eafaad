//! One laptop per expert: what goes into the packages, and how a package comes back in.
//!
//! The chair's laptop gives a review a uid when it first exports the review package
//! (`review_package`); an expert's laptop opens that package into a review of its own (origin
//! 'imported') and builds its score-sheet package from it (`sheet_package`). Score-sheet packages
//! coming back are kept whole in `sheet_packages` (`sheet_merge`); the newest revision is what the
//! member's sheet shows, older ones stay as history, and two different packages claiming one
//! revision are both kept and flagged for the chair.
//!
//! This module owns `review_exchange`, `member_keys` and `sheet_packages`. Everything else a
//! package brings in is written through the owning module's writers (reviews, experts, sheets,
//! visits, signatures), the same ones the local path uses.

mod panel_packages;
mod review_package;
mod sheet_merge;
mod sheet_package;

pub use panel_packages::{ApprovalMerge, ChairPackageOpened, IncomingApproval};

use std::str::FromStr;

use rusqlite::{params, Connection, OptionalExtension};
use tic_domain::exchange::{ExchangeOrigin, ExchangeState, ImportedPackage, MemberKey, SheetImportOutcome};
use tic_domain::sheet::{check_answer, check_opinion, Answer, Opinion};
use tic_domain::{CriterionId, ExpertId, InputError, PanelRole, Points, ReviewId, SheetPackageId, Template};
use tic_package::{AnswerPart, OpinionPart, SeatPart, SheetPackage, SheetPart};

use crate::centers::bad_value;
use crate::error::{decode, StoreError, StoreResult};
use crate::Store;

/// The certificate a package was signed with, as the package reader established it.
#[derive(Debug, Clone, Copy)]
pub struct SenderKey<'a> {
    pub holder: &'a str,
    pub fingerprint: &'a str,
    pub certificate: &'a [u8],
}

/// One score-sheet package to import, already read and verified.
pub struct IncomingSheet<'a> {
    pub package: &'a SheetPackage,
    pub key: SenderKey<'a>,
    pub manifest_sha256: &'a str,
}

/// What importing one package did, for the report the chair reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetMerge {
    pub outcome: SheetImportOutcome,
    pub expert_name: String,
    pub revision: u32,
}

fn invalid(message: impl Into<String>) -> StoreError {
    InputError::new("交换包", message).into()
}

fn answer_part(a: &Answer) -> AnswerPart {
    AnswerPart { criterion: a.criterion.0.clone(), points: a.points.map(|p| p.to_string()), yes_no: a.yes_no, comment: a.comment.clone() }
}

fn answer_from(part: &AnswerPart) -> StoreResult<Answer> {
    let points = match &part.points {
        Some(text) => Some(Points::from_str(text).map_err(|e| invalid(format!("指标「{}」的分数「{text}」无效：{e}", part.criterion)))?),
        None => None,
    };
    Ok(Answer { criterion: CriterionId(part.criterion.clone()), points, yes_no: part.yes_no, comment: part.comment.clone() })
}

fn opinion_part(o: &Opinion) -> OpinionPart {
    OpinionPart {
        strengths: o.strengths.clone(),
        problems: o.problems.clone(),
        suggestions: o.suggestions.clone(),
        remarks: o.remarks.clone(),
        recommended_conclusion: o.recommended_conclusion,
    }
}

fn opinion_from(o: &OpinionPart) -> Opinion {
    Opinion {
        strengths: o.strengths.clone(),
        problems: o.problems.clone(),
        suggestions: o.suggestions.clone(),
        remarks: o.remarks.clone(),
        recommended_conclusion: o.recommended_conclusion,
    }
}

/// Answers and opinion of a package part, each checked against the review's template.
fn checked_content(template: &Template, answers: &[AnswerPart], opinion: &OpinionPart) -> StoreResult<(Vec<Answer>, Opinion)> {
    let answers = answers.iter().map(answer_from).collect::<StoreResult<Vec<_>>>()?;
    for a in &answers {
        check_answer(template, a)?;
    }
    let opinion = opinion_from(opinion);
    check_opinion(template, &opinion)?;
    Ok((answers, opinion))
}

/// The review that carries `uid` on this laptop, and where it came from.
fn review_by_uid(conn: &Connection, uid: &str) -> StoreResult<Option<(ReviewId, ExchangeOrigin)>> {
    let row: Option<(i64, String)> =
        conn.query_row("SELECT review_id, origin FROM review_exchange WHERE uid = ?1", [uid], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    row.map(|(id, origin)| Ok((ReviewId(id), decode("评审来源", &origin, ExchangeOrigin::from_code)?))).transpose()
}

/// Gives a review its uid on this laptop: made here (`Local`) or opened from a package (`Imported`,
/// with the chair's fingerprint).
fn insert_exchange_row(conn: &Connection, review: ReviewId, uid: &str, origin: ExchangeOrigin, chair_fingerprint: Option<&str>, now: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO review_exchange (review_id, uid, origin, chair_fingerprint, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![review.0, uid, origin.code(), chair_fingerprint, now],
    )?;
    Ok(())
}

/// The certificate first seen for a member: every later package of theirs must carry it.
fn record_member_key(conn: &Connection, review: ReviewId, expert: ExpertId, key: SenderKey<'_>, now: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO member_keys (review_id, expert_id, fingerprint, holder, certificate, first_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![review.0, expert.0, key.fingerprint, key.holder, key.certificate, now],
    )?;
    Ok(())
}

/// The member a package from `seat` comes from, checked: on the roster at that seat with that
/// name and unit, the certificate's holder is that member, and it is the certificate first seen
/// for them (true) or the first package from them (false).
fn member_sending(tx: &Connection, review: ReviewId, seat: &SeatPart, key: SenderKey<'_>) -> StoreResult<(ExpertId, bool)> {
    let expert: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT e.id, e.name, e.affiliation FROM panel_members p JOIN experts e ON e.id = p.expert_id
             WHERE p.review_id = ?1 AND p.position = ?2",
            params![review.0, seat.seat],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let expert = match expert {
        Some((id, name, affiliation)) if name == seat.name && affiliation == seat.affiliation => ExpertId(id),
        _ => return Err(invalid(format!("{}（{}）不在本评审的专家组名单中", seat.name, seat.affiliation))),
    };
    if key.holder != seat.name {
        return Err(invalid(format!("交换包的签名者「{}」与包中的专家「{}」不符", key.holder, seat.name)));
    }
    let first_seen: Option<String> = tx
        .query_row("SELECT fingerprint FROM member_keys WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0], |r| r.get(0))
        .optional()?;
    if let Some(first) = &first_seen {
        if first != key.fingerprint {
            return Err(invalid(format!(
                "{}的交换包签名密钥与首次导入时不同（首次：{first}；本次：{}），已拒绝；请当面与该专家核对",
                seat.name, key.fingerprint
            )));
        }
    }
    Ok((expert, first_seen.is_some()))
}

/// The chair's review a member's package (`what`: 评分包, 确认包) says it belongs to: `expected`,
/// made on this laptop; anything else is refused before the package is looked at further.
impl Store {
    /// Merges each package in its own savepoint of one transaction, so a refused package changes
    /// nothing and the others still go in, and logs each outcome (`action`, with `describe`'s words
    /// or the refusal). `progress` hears each result in turn and may stop before the next package;
    /// the packages not reached are left out of the result.
    pub(crate) fn import_each<T, R>(
        &self,
        review: ReviewId,
        chair: ExpertId,
        action: &str,
        incoming: &[T],
        merge: impl Fn(&rusqlite::Transaction<'_>, &T) -> StoreResult<R>,
        describe: impl Fn(&R) -> String,
        mut progress: impl FnMut(usize, &StoreResult<R>) -> bool,
    ) -> StoreResult<Vec<StoreResult<R>>> {
        let tx = self.conn.unchecked_transaction()?;
        let mut out = Vec::with_capacity(incoming.len());
        for (index, one) in incoming.iter().enumerate() {
            tx.execute_batch("SAVEPOINT package")?;
            let result = merge(&tx, one);
            if result.is_ok() {
                tx.execute_batch("RELEASE package")?;
            } else {
                tx.execute_batch("ROLLBACK TO package; RELEASE package")?;
            }
            let detail = match &result {
                Ok(merged) => describe(merged),
                Err(e) => format!("拒收：{e}"),
            };
            crate::audit::append(&tx, &self.now(), &self.actor_name(chair), action, Some(review), &detail)?;
            let go_on = progress(index, &result);
            out.push(result);
            if !go_on {
                break;
            }
        }
        tx.commit()?;
        Ok(out)
    }
}

fn chair_review_of(conn: &Connection, uid: &str, expected: ReviewId, what: &str) -> StoreResult<ReviewId> {
    let Some((review, origin)) = review_by_uid(conn, uid)?.filter(|(id, _)| *id == expected) else {
        return Err(invalid(format!("此{what}属于另一项评审（不是当前这项评审，或它的评审包不是从本机导出的）")));
    };
    if origin != ExchangeOrigin::Local {
        return Err(invalid(format!("{what}应导入组长的电脑；本机的这项评审是从评审包打开的")));
    }
    Ok(review)
}

impl Store {
    fn exchange_row(&self, review: ReviewId) -> StoreResult<Option<(String, ExchangeOrigin, Option<String>)>> {
        Ok(self
            .conn
            .query_row("SELECT uid, origin, chair_fingerprint FROM review_exchange WHERE review_id = ?1", [review.0], |r| {
                let origin: String = r.get(1)?;
                let origin = ExchangeOrigin::from_code(&origin).ok_or_else(|| bad_value(1, "评审来源", &origin))?;
                Ok((r.get(0)?, origin, r.get(2)?))
            })
            .optional()?)
    }

    /// What the exchange screen shows: the review's uid and origin, every package imported, and
    /// each member's certificate fingerprint as first seen.
    pub fn exchange_state(&self, review: ReviewId) -> StoreResult<ExchangeState> {
        self.review_summary(review)?;
        let row = self.exchange_row(review)?;
        let packages = self
            .conn
            .prepare(
                "SELECT s.id, s.expert_id, e.name, s.revision, s.sheet, s.exported_at, s.imported_at, s.applied, s.conflict, s.fingerprint
                 FROM sheet_packages s JOIN experts e ON e.id = s.expert_id JOIN panel_members p ON p.review_id = s.review_id AND p.expert_id = s.expert_id
                 WHERE s.review_id = ?1 ORDER BY p.position, s.revision DESC, s.id DESC",
            )?
            .query_map([review.0], |r| {
                let sheet: String = r.get(4)?;
                // The kept package was checked when it came in: unreadable now means a damaged file.
                let status = serde_json::from_str::<SheetPart>(&sheet).map_err(|e| bad_value(4, "评分包记录", &e.to_string()))?.status;
                Ok(ImportedPackage {
                    id: SheetPackageId(r.get(0)?),
                    expert_id: ExpertId(r.get(1)?),
                    expert_name: r.get(2)?,
                    revision: r.get(3)?,
                    status,
                    exported_at: r.get(5)?,
                    imported_at: r.get(6)?,
                    applied: r.get(7)?,
                    conflict: r.get(8)?,
                    fingerprint: r.get(9)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let keys = self
            .conn
            .prepare(
                "SELECT k.expert_id, e.name, k.holder, k.fingerprint, k.first_seen_at FROM member_keys k
                 JOIN experts e ON e.id = k.expert_id JOIN panel_members p ON p.review_id = k.review_id AND p.expert_id = k.expert_id
                 WHERE k.review_id = ?1 ORDER BY p.position",
            )?
            .query_map([review.0], |r| {
                Ok(MemberKey {
                    expert_id: ExpertId(r.get(0)?),
                    expert_name: r.get(1)?,
                    holder: r.get(2)?,
                    fingerprint: r.get(3)?,
                    first_seen_at: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ExchangeState {
            review_id: review,
            uid: row.as_ref().map(|r| r.0.clone()),
            origin: row.as_ref().map(|r| r.1),
            chair_fingerprint: row.and_then(|r| r.2),
            packages,
            keys,
        })
    }

    fn require_chair_of(&self, review: ReviewId, chair: ExpertId) -> StoreResult<()> {
        if self.panel(review)?.iter().any(|m| m.expert_id == chair && m.role == PanelRole::Chair) {
            Ok(())
        } else {
            Err(InputError::new("交换包", "只有专家组组长可以导出评审包、导入或选定评分包").into())
        }
    }

}
