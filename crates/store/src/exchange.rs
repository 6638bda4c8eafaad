//! One laptop per expert: what goes into the packages, and how a package comes back in.
//!
//! The chair's laptop gives a review a uid when it first exports the review package; an expert's
//! laptop opens that package into a review of its own (origin 'imported'). Score-sheet packages
//! coming back are kept whole in `sheet_packages`; the newest revision is what the member's sheet
//! shows, older ones stay as history, and two different packages claiming one revision are both
//! kept and flagged for the chair.

use std::collections::BTreeMap;
use std::str::FromStr;

use rusqlite::{params, OptionalExtension, Transaction};
use tic_domain::exchange::{
    ExchangeOrigin, ExchangeState, ImportedPackage, MemberKey, ReviewImport, SheetImportOutcome,
};
use tic_domain::sheet::{check_answer, check_opinion, Answer, ConflictDecision, Opinion, SheetSnapshot, SheetStatus};
use tic_domain::visit::{checked_criteria, SiteNoteDraft, SiteNoteKind};
use tic_domain::{
    CenterDraft, CommitteeMember, CriterionId, ExpertId, ExpertType, InputError, PanelRole, Points, Region, ReviewId,
    Template,
};
use tic_package::{
    AnswerPart, CenterPart, CommitteePart, DeclarationPart, NotePart, OpinionPart, PhotoPart, ReopeningPart, ReviewPackage,
    ReviewPart, RevisionPart, RosterEntry, SeatPart, SheetPackage, SheetPart, SiteVisitPart,
};

use crate::centers::{committee_code, insert_center};
use crate::error::{StoreError, StoreResult};
use crate::visits::PreparedPhoto;
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

fn center_from(part: &CenterPart) -> StoreResult<CenterDraft> {
    let region = Region::from_code(&part.region).ok_or_else(|| invalid(format!("地区代码「{}」无法识别", part.region)))?;
    let approval_date = match &part.approval_date {
        Some(d) => Some(chrono::NaiveDate::from_str(d).map_err(|_| invalid(format!("批准日期「{d}」无效")))?),
        None => None,
    };
    let committee_members = part
        .committee_members
        .iter()
        .map(|m| {
            let committee = match m.committee.as_str() {
                "technical_guidance" => tic_domain::CommitteeKind::TechnicalGuidance,
                "expert" => tic_domain::CommitteeKind::Expert,
                "management" => tic_domain::CommitteeKind::Management,
                other => return Err(invalid(format!("委员会类型「{other}」无法识别"))),
            };
            Ok(CommitteeMember { committee, name: m.name.clone(), affiliation: m.affiliation.clone(), is_chair: m.is_chair })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    let draft = CenterDraft {
        name: part.name.clone(),
        region,
        center_type: part.center_type.clone(),
        industry_field: part.industry_field.clone(),
        lead_unit: part.lead_unit.clone(),
        cobuild_units: part.cobuild_units.clone(),
        organization_mode: part.organization_mode.clone(),
        approval_date,
        build_period_years: part.build_period_years,
        director: part.director.clone(),
        committee_members,
    };
    Ok(draft.validated()?)
}

impl Store {
    fn exchange_row(&self, review: ReviewId) -> StoreResult<Option<(String, ExchangeOrigin, Option<String>)>> {
        Ok(self
            .conn
            .query_row("SELECT uid, origin, chair_fingerprint FROM review_exchange WHERE review_id = ?1", [review.0], |r| {
                let origin: String = r.get(1)?;
                Ok((r.get(0)?, if origin == "imported" { ExchangeOrigin::Imported } else { ExchangeOrigin::Local }, r.get(2)?))
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
                let status = serde_json::from_str::<serde_json::Value>(&sheet)
                    .ok()
                    .and_then(|v| v.get("status").and_then(|s| s.as_str()).map(str::to_owned))
                    .unwrap_or_default();
                Ok(ImportedPackage {
                    id: r.get(0)?,
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

    /// The review package of a review created here; the review is given its uid on first export
    /// (`new_uid` is called only then).
    pub fn review_package(&self, review: ReviewId, chair: ExpertId, new_uid: impl FnOnce() -> String) -> StoreResult<ReviewPackage> {
        self.require_chair_of(review, chair)?;
        let uid = match self.exchange_row(review)? {
            Some((_, ExchangeOrigin::Imported, _)) => {
                return Err(invalid("这项评审是从评审包打开的，只有组长的电脑可以导出评审包"));
            }
            Some((uid, ExchangeOrigin::Local, _)) => uid,
            None => {
                let uid = new_uid();
                self.conn.execute(
                    "INSERT INTO review_exchange (review_id, uid, origin, created_at) VALUES (?1, ?2, 'local', ?3)",
                    params![review.0, uid, self.now()],
                )?;
                uid
            }
        };
        let detail = self.review(review)?;
        let positions: BTreeMap<i64, u32> = self
            .conn
            .prepare("SELECT expert_id, position FROM panel_members WHERE review_id = ?1")?
            .query_map([review.0], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let facts = &detail.center.facts;
        let template = serde_json::to_vec_pretty(&detail.template).map_err(|e| StoreError::Backup(e.to_string()))?;
        Ok(ReviewPackage {
            uid,
            created_at: self.now(),
            center: CenterPart {
                name: facts.name.clone(),
                region: facts.region.code().into(),
                center_type: facts.center_type.clone(),
                industry_field: facts.industry_field.clone(),
                lead_unit: facts.lead_unit.clone(),
                cobuild_units: facts.cobuild_units.clone(),
                organization_mode: facts.organization_mode.clone(),
                approval_date: facts.approval_date.map(|d| d.to_string()),
                build_period_years: facts.build_period_years,
                director: facts.director.clone(),
                committee_members: facts
                    .committee_members
                    .iter()
                    .map(|m| CommitteePart {
                        committee: committee_code(m.committee).into(),
                        name: m.name.clone(),
                        affiliation: m.affiliation.clone(),
                        is_chair: m.is_chair,
                    })
                    .collect(),
            },
            review: ReviewPart {
                review_date: detail.summary.review_date.to_string(),
                place: detail.summary.place.clone(),
                organizer: detail.organizer.clone(),
            },
            roster: detail
                .panel
                .iter()
                .map(|m| RosterEntry {
                    seat: positions.get(&m.expert_id.0).copied().unwrap_or_default(),
                    name: m.name.clone(),
                    title: m.title.clone(),
                    affiliation: m.affiliation.clone(),
                    expert_type: m.expert_type.code().into(),
                    role: m.role.code().into(),
                })
                .collect(),
            template,
        })
    }

    /// Opens a review package on an expert's laptop: the center (reused when one of that name and
    /// region is here), the frozen template, the roster at the chair's seat numbers, and the
    /// chair's certificate as first seen. Opening the same review again changes nothing.
    pub fn import_review_package(&self, package: &ReviewPackage, chair_key: SenderKey<'_>) -> StoreResult<ReviewImport> {
        let chair = package.roster.iter().find(|m| m.role == "chair").ok_or_else(|| invalid("专家组名单中没有组长"))?;
        if chair_key.holder != chair.name {
            return Err(invalid(format!("评审包的签名者「{}」不是名单中的组长「{}」", chair_key.holder, chair.name)));
        }
        let existing: Option<(i64, String)> = self
            .conn
            .query_row("SELECT review_id, origin FROM review_exchange WHERE uid = ?1", [&package.uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        if let Some((id, origin)) = existing {
            if origin == "local" {
                return Err(invalid("这项评审是在本机创建的，不需要打开它的评审包"));
            }
            let review = ReviewId(id);
            let fingerprint = self.exchange_row(review)?.and_then(|(_, _, f)| f);
            if fingerprint.as_deref() != Some(chair_key.fingerprint) {
                return Err(invalid("这项评审已从另一位签名者的评审包打开过；签名密钥不同，已拒绝"));
            }
            return Ok(ReviewImport {
                review_id: review,
                center_name: self.review_summary(review)?.center_name,
                chair_name: chair.name.clone(),
                chair_fingerprint: chair_key.fingerprint.into(),
                already_imported: true,
            });
        }
        let template = Template::parse("评审包中的模板", &package.template)?;
        let center = center_from(&package.center)?;
        if template.region != center.region {
            return Err(invalid(format!("模板属于{}，与中心所在的{}不一致", template.region.chinese_name(), center.region.chinese_name())));
        }
        let review_date = chrono::NaiveDate::from_str(&package.review.review_date)
            .map_err(|_| invalid(format!("评审日期「{}」无效", package.review.review_date)))?;
        let mut roster = Vec::with_capacity(package.roster.len());
        for m in &package.roster {
            let draft = tic_domain::PanelMemberDraft {
                name: m.name.clone(),
                title: m.title.clone(),
                affiliation: m.affiliation.clone(),
                expert_type: ExpertType::from_code(&m.expert_type).ok_or_else(|| invalid(format!("专家类型「{}」无法识别", m.expert_type)))?,
                role: PanelRole::from_code(&m.role).ok_or_else(|| invalid(format!("组内角色「{}」无法识别", m.role)))?,
            }
            .validated()?;
            roster.push((m.seat, draft));
        }
        let body = serde_json::to_string(&template).map_err(|e| StoreError::Backup(e.to_string()))?;
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        let center_id: Option<i64> = tx
            .query_row("SELECT id FROM centers WHERE name = ?1 AND region = ?2 ORDER BY id LIMIT 1", params![center.name, center.region.code()], |r| r.get(0))
            .optional()?;
        let center_id = match center_id {
            Some(id) => tic_domain::CenterId(id),
            None => insert_center(&tx, &center, &now)?,
        };
        tx.execute(
            "INSERT INTO reviews (center_id, template_id, template_name, stage, stage_name, review_date, place, organizer, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'preparing', ?9)",
            params![
                center_id.0,
                template.id.0,
                template.name,
                template.stage.code(),
                template.stage_name,
                review_date.to_string(),
                package.review.place.trim(),
                package.review.organizer.trim(),
                now
            ],
        )?;
        let review = ReviewId(tx.last_insert_rowid());
        tx.execute("INSERT INTO review_templates (review_id, body) VALUES (?1, ?2)", params![review.0, body])?;
        let mut chair_id = None;
        for (seat, m) in &roster {
            tx.execute(
                "INSERT INTO experts (name, title, affiliation, expert_type) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (name, affiliation) DO UPDATE SET title = excluded.title, expert_type = excluded.expert_type",
                params![m.name, m.title, m.affiliation, m.expert_type.code()],
            )?;
            let expert: i64 = tx.query_row("SELECT id FROM experts WHERE name = ?1 AND affiliation = ?2", params![m.name, m.affiliation], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO panel_members (review_id, expert_id, role, position) VALUES (?1, ?2, ?3, ?4)",
                params![review.0, expert, m.role.code(), seat],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => invalid(format!("专家组名单中{}出现了两次", m.name)),
                _ => e.into(),
            })?;
            if m.role == PanelRole::Chair {
                chair_id = Some(expert);
            }
        }
        tx.execute(
            "INSERT INTO review_exchange (review_id, uid, origin, chair_fingerprint, created_at) VALUES (?1, ?2, 'imported', ?3, ?4)",
            params![review.0, package.uid, chair_key.fingerprint, now],
        )?;
        if let Some(chair_id) = chair_id {
            tx.execute(
                "INSERT INTO member_keys (review_id, expert_id, fingerprint, holder, certificate, first_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![review.0, chair_id, chair_key.fingerprint, chair_key.holder, chair_key.certificate, now],
            )?;
        }
        tx.commit()?;
        Ok(ReviewImport {
            review_id: review,
            center_name: center.name,
            chair_name: chair.name.clone(),
            chair_fingerprint: chair_key.fingerprint.into(),
            already_imported: false,
        })
    }

    fn seat_of(&self, review: ReviewId, expert: ExpertId) -> StoreResult<SeatPart> {
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
            conflict: if recused { "recused" } else { "none" }.into(),
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
            },
            site_visit,
            photos,
            hand_signature: self.hand_signature(expert)?,
        })
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

    /// Imports score-sheet packages on the chair's laptop, in one transaction with a savepoint per
    /// package: a refused package changes nothing, and the others still go in. The result lists
    /// each package's outcome in the order given.
    /// Only the review's chair imports, and packages of any other review are refused.
    pub fn import_sheet_packages(&self, review: ReviewId, chair: ExpertId, incoming: &[IncomingSheet<'_>]) -> StoreResult<Vec<StoreResult<SheetMerge>>> {
        self.require_chair_of(review, chair)?;
        let tx = self.conn.unchecked_transaction()?;
        let mut out = Vec::with_capacity(incoming.len());
        for one in incoming {
            tx.execute_batch("SAVEPOINT package")?;
            let result = self.merge_sheet(&tx, review, one);
            if result.is_ok() {
                tx.execute_batch("RELEASE package")?;
            } else {
                tx.execute_batch("ROLLBACK TO package; RELEASE package")?;
            }
            out.push(result);
        }
        tx.commit()?;
        Ok(out)
    }

    fn merge_sheet(&self, tx: &Transaction<'_>, expected: ReviewId, one: &IncomingSheet<'_>) -> StoreResult<SheetMerge> {
        let package = one.package;
        let sheet = &package.sheet;
        let found: Option<(i64, String)> = tx
            .query_row("SELECT review_id, origin FROM review_exchange WHERE uid = ?1", [&package.review_uid], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((review, origin)) = found.filter(|(id, _)| *id == expected.0) else {
            return Err(invalid("此评分包属于另一项评审（不是当前这项评审，或它的评审包不是从本机导出的）"));
        };
        if origin != "local" {
            return Err(invalid("评分包应导入组长的电脑；本机的这项评审是从评审包打开的"));
        }
        let review = ReviewId(review);
        let seat = &sheet.seat;
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
        if one.key.holder != seat.name {
            return Err(invalid(format!("评分包的签名者「{}」与评分包中的专家「{}」不符", one.key.holder, seat.name)));
        }
        let first_seen: Option<String> = tx
            .query_row("SELECT fingerprint FROM member_keys WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0], |r| r.get(0))
            .optional()?;
        if let Some(first) = &first_seen {
            if first != one.key.fingerprint {
                return Err(invalid(format!(
                    "{}的评分包签名密钥与首次导入时不同（首次：{first}；本次：{}），已拒绝；请当面与该专家核对",
                    seat.name, one.key.fingerprint
                )));
            }
        }
        let merge = |outcome| SheetMerge { outcome, expert_name: seat.name.clone(), revision: sheet.revision };
        let seen: bool = tx.query_row(
            "SELECT count(*) > 0 FROM sheet_packages WHERE review_id = ?1 AND expert_id = ?2 AND manifest_sha256 = ?3",
            params![review.0, expert.0, one.manifest_sha256],
            |r| r.get(0),
        )?;
        if seen {
            return Ok(merge(SheetImportOutcome::Unchanged));
        }
        let packages_before: u32 = tx.query_row(
            "SELECT count(*) FROM sheet_packages WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| r.get(0),
        )?;
        if packages_before == 0 {
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
        let content = CheckedSheet::of(&template, package)?;
        let now = self.now();
        if first_seen.is_none() {
            tx.execute(
                "INSERT INTO member_keys (review_id, expert_id, fingerprint, holder, certificate, first_seen_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![review.0, expert.0, one.key.fingerprint, one.key.holder, one.key.certificate, now],
            )?;
        }
        let applied_revision: Option<u32> = tx
            .query_row(
                "SELECT revision FROM sheet_packages WHERE review_id = ?1 AND expert_id = ?2 AND applied = 1",
                params![review.0, expert.0],
                |r| r.get(0),
            )
            .optional()?;
        let same_revision: bool = tx.query_row(
            "SELECT count(*) > 0 FROM sheet_packages WHERE review_id = ?1 AND expert_id = ?2 AND revision = ?3",
            params![review.0, expert.0, sheet.revision],
            |r| r.get(0),
        )?;
        let outcome = if same_revision {
            SheetImportOutcome::Conflict
        } else if applied_revision.is_none_or(|r| sheet.revision > r) {
            SheetImportOutcome::Applied
        } else {
            SheetImportOutcome::History
        };
        for photo in &content.photos {
            self.keep_photo_files(&package.photos[&photo.part.file], &photo.prepared)
                .map_err(|m| invalid(format!("照片「{}」{m}", photo.part.original_name)))?;
        }
        let to_text = |e: serde_json::Error| StoreError::Backup(e.to_string());
        let sheet_json = serde_json::to_string(&package.sheet).map_err(to_text)?;
        let site_json = serde_json::to_string(&package.site_visit).map_err(to_text)?;
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

    /// Makes the member's sheet, declaration, site-visit record and signature those of `content`.
    fn apply_sheet(&self, tx: &Transaction<'_>, review: ReviewId, expert: ExpertId, content: &CheckedSheet<'_>) -> StoreResult<()> {
        let ids = params![review.0, expert.0];
        tx.execute("DELETE FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2", ids)?;
        tx.execute("DELETE FROM declarations WHERE review_id = ?1 AND expert_id = ?2", ids)?;
        tx.execute("DELETE FROM site_notes WHERE review_id = ?1 AND expert_id = ?2", ids)?;
        tx.execute("DELETE FROM photos WHERE review_id = ?1 AND expert_id = ?2", ids)?;
        let d = &content.part.declaration;
        tx.execute(
            "INSERT INTO declarations (review_id, expert_id, conflict, reason, pledge_signed_at, declared_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![review.0, expert.0, d.conflict, d.reason, d.pledge_signed_at, d.declared_at],
        )?;
        if let Some(last) = content.revisions.last() {
            tx.execute(
                "INSERT INTO score_sheets (review_id, expert_id, status, updated_at, submitted_at) VALUES (?1, ?2, 'submitted', ?3, ?3)",
                params![review.0, expert.0, last.0.submitted_at],
            )?;
            let sheet = tx.last_insert_rowid();
            for a in &content.answers {
                tx.execute(
                    "INSERT INTO scores (sheet_id, criterion_id, points_tenths, yes_no, comment, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![sheet, a.criterion.0, a.points.map(Points::tenths), a.yes_no, a.comment, last.0.submitted_at],
                )?;
            }
            let o = &content.opinion;
            tx.execute(
                "INSERT INTO opinions (sheet_id, strengths, problems, suggestions, remarks, recommended_conclusion, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![sheet, o.strengths, o.problems, o.suggestions, o.remarks, o.recommended_conclusion, last.0.submitted_at],
            )?;
            for (part, snapshot) in &content.revisions {
                tx.execute(
                    "INSERT INTO sheet_revisions (sheet_id, number, reason, submitted_at, snapshot) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![sheet, part.number, part.reason, part.submitted_at, snapshot],
                )?;
            }
            for r in &content.part.reopenings {
                tx.execute(
                    "INSERT INTO sheet_reopenings (sheet_id, reason, reopened_at) VALUES (?1, ?2, ?3)",
                    params![sheet, r.reason, r.reopened_at],
                )?;
            }
            tx.execute("UPDATE reviews SET status = 'scoring' WHERE id = ?1 AND status = 'preparing'", [review.0])?;
        }
        for (note, draft) in &content.notes {
            tx.execute(
                "INSERT INTO site_notes (review_id, expert_id, kind, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![review.0, expert.0, draft.kind.code(), draft.text, note.created_at, note.updated_at],
            )?;
            let id = tx.last_insert_rowid();
            for c in &draft.criteria {
                tx.execute("INSERT INTO site_note_criteria (note_id, criterion_id) VALUES (?1, ?2)", params![id, c.0])?;
            }
        }
        for photo in &content.photos {
            let p = &photo.prepared;
            tx.execute(
                "INSERT INTO photos (review_id, expert_id, sha256, original_name, mime, size_bytes, width, height, taken_at, caption, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    review.0,
                    expert.0,
                    p.digest,
                    photo.part.original_name,
                    p.mime,
                    photo.size as i64,
                    p.width,
                    p.height,
                    p.taken_at,
                    photo.part.caption.trim(),
                    photo.part.added_at
                ],
            )?;
            let id = tx.last_insert_rowid();
            for c in &photo.criteria {
                tx.execute("INSERT INTO photo_criteria (photo_id, criterion_id) VALUES (?1, ?2)", params![id, c.0])?;
            }
        }
        if let Some(png) = &content.hand_signature {
            tx.execute(
                "INSERT INTO hand_signatures (expert_id, png, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (expert_id) DO UPDATE SET png = excluded.png, updated_at = excluded.updated_at",
                params![expert.0, png, self.now()],
            )?;
        }
        Ok(())
    }

    /// The chair settles a conflict (or goes back to an older revision): the chosen package
    /// becomes the member's sheet; every package stays kept.
    pub fn adopt_sheet_package(&self, review: ReviewId, chair: ExpertId, package_id: i64) -> StoreResult<ExchangeState> {
        self.require_chair_of(review, chair)?;
        let row: Option<(i64, String, String, Option<Vec<u8>>, u32)> = self
            .conn
            .query_row(
                "SELECT expert_id, sheet, site_visit, hand_signature, revision FROM sheet_packages WHERE id = ?1 AND review_id = ?2",
                params![package_id, review.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let (expert, sheet, site_visit, hand_signature, revision) = row.ok_or_else(|| StoreError::NotFound("这个评分包".into()))?;
        let parse = |what: &str, e: serde_json::Error| StoreError::Unusable { path: what.into(), detail: e.to_string() };
        let sheet: SheetPart = serde_json::from_str(&sheet).map_err(|e| parse("评分包记录", e))?;
        let site_visit: SiteVisitPart = serde_json::from_str(&site_visit).map_err(|e| parse("评分包记录", e))?;
        let dir = self.photo_dir()?;
        let mut photos = BTreeMap::new();
        for p in &site_visit.photos {
            let name = p.file.trim_start_matches("photos/");
            let bytes = std::fs::read(dir.join(name)).map_err(|_| StoreError::NotFound(format!("照片文件（{name}）")))?;
            photos.insert(p.file.clone(), bytes);
        }
        let package = SheetPackage { review_uid: String::new(), created_at: String::new(), sheet, site_visit, photos, hand_signature };
        let content = CheckedSheet::of(&self.review_template(review)?, &package)?;
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("UPDATE sheet_packages SET applied = (id = ?3) WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert, package_id])?;
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
    answers: Vec<Answer>,
    opinion: Opinion,
    /// Each revision with its snapshot as stored in `sheet_revisions`.
    revisions: Vec<(&'a RevisionPart, String)>,
    notes: Vec<(&'a NotePart, SiteNoteDraft)>,
    photos: Vec<CheckedPhoto<'a>>,
    hand_signature: Option<Vec<u8>>,
}

struct CheckedPhoto<'a> {
    part: &'a PhotoPart,
    size: usize,
    criteria: Vec<CriterionId>,
    prepared: PreparedPhoto,
}

impl<'a> CheckedSheet<'a> {
    fn of(template: &Template, package: &'a SheetPackage) -> StoreResult<CheckedSheet<'a>> {
        let part = &package.sheet;
        if !matches!(part.declaration.conflict.as_str(), "none" | "recused") {
            return Err(invalid(format!("回避声明「{}」无法识别", part.declaration.conflict)));
        }
        let (answers, opinion) = checked_content(template, &part.answers, &part.opinion)?;
        let mut revisions = Vec::with_capacity(part.revisions.len());
        for r in &part.revisions {
            let (answers, opinion) = checked_content(template, &r.answers, &r.opinion)?;
            let snapshot = serde_json::to_string(&SheetSnapshot { answers, opinion }).map_err(|e| StoreError::Backup(e.to_string()))?;
            revisions.push((r, snapshot));
        }
        let notes = package
            .site_visit
            .notes
            .iter()
            .map(|n| {
                let kind = SiteNoteKind::from_code(&n.kind).ok_or_else(|| invalid(format!("考察记录类型「{}」无法识别", n.kind)))?;
                let draft = SiteNoteDraft { kind, text: n.text.clone(), criteria: n.criteria.iter().cloned().map(CriterionId).collect() };
                Ok((n, draft.validated(template)?))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let mut photos = Vec::with_capacity(package.site_visit.photos.len());
        for p in &package.site_visit.photos {
            let bytes = package.photos.get(&p.file).ok_or_else(|| invalid(format!("照片「{}」不在包内", p.file)))?;
            let prepared = PreparedPhoto::of(bytes).map_err(|m| invalid(format!("照片「{}」{m}", p.original_name)))?;
            let criteria = checked_criteria(template, &p.criteria.iter().cloned().map(CriterionId).collect::<Vec<_>>())?;
            photos.push(CheckedPhoto { part: p, size: bytes.len(), criteria, prepared });
        }
        photos.dedup_by(|a, b| a.part.file == b.part.file);
        let hand_signature = match &package.hand_signature {
            Some(png) => Some(crate::normalized_signature(png)?),
            None => None,
        };
        Ok(CheckedSheet { part, answers, opinion, revisions, notes, photos, hand_signature })
    }
}
