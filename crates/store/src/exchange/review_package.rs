//! The review package: made on the chair's laptop, opened on each expert's.

use std::collections::BTreeMap;
use std::str::FromStr;

use rusqlite::{params, OptionalExtension};
use tic_domain::exchange::{ExchangeOrigin, ReviewImport};
use tic_domain::{CenterDraft, CommitteeMember, ExpertId, ExpertType, PanelRole, Region, ReviewId, Template};
use tic_package::{CenterPart, CommitteePart, ReviewPackage, ReviewPart, RosterEntry};

use super::{insert_exchange_row, invalid, record_member_key, review_by_uid, SenderKey};
use crate::centers::insert_center;
use crate::error::StoreResult;
use crate::experts::upsert_expert;
use crate::reviews::{insert_review, seat_member};
use crate::Store;

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
            let committee = tic_domain::CommitteeKind::from_code(&m.committee)
                .ok_or_else(|| invalid(format!("委员会类型「{}」无法识别", m.committee)))?;
            Ok(CommitteeMember { committee, name: m.name.clone(), affiliation: m.affiliation.clone(), is_chair: m.is_chair, role: None })
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
                insert_exchange_row(&self.conn, review, &uid, ExchangeOrigin::Local, None, &self.now())?;
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
        let template = serde_json::to_vec_pretty(&detail.template)?;
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
                        committee: m.committee.code().into(),
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
                require_trusted: self.requires_trusted_certificates(review)?,
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
        if let Some((review, origin)) = review_by_uid(&self.conn, &package.uid)? {
            if origin == ExchangeOrigin::Local {
                return Err(invalid("这项评审是在本机创建的，不需要打开它的评审包"));
            }
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
        self.take_snapshot(crate::SnapshotReason::BeforeImport)?;
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        let center_id: Option<i64> = tx
            .query_row("SELECT id FROM centers WHERE name = ?1 AND region = ?2 ORDER BY id LIMIT 1", params![center.name, center.region.code()], |r| r.get(0))
            .optional()?;
        let center_id = match center_id {
            Some(id) => tic_domain::CenterId(id),
            None => insert_center(&tx, &center, &now)?,
        };
        let review = insert_review(&tx, center_id, &template, review_date, &package.review.place, &package.review.organizer, &now)?;
        let mut chair_id = None;
        for (seat, m) in &roster {
            let expert = upsert_expert(&tx, m)?;
            seat_member(&tx, review, expert, m.role, Some(*seat)).map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => invalid(format!("专家组名单中{}出现了两次", m.name)),
                _ => e.into(),
            })?;
            if m.role == PanelRole::Chair {
                chair_id = Some(expert);
            }
        }
        insert_exchange_row(&tx, review, &package.uid, ExchangeOrigin::Imported, Some(chair_key.fingerprint), &now)?;
        if package.review.require_trusted {
            // The chair's rule travels with the review: this laptop holds it too.
            tx.execute("INSERT INTO review_trust_rules (review_id, require_trusted, set_at) VALUES (?1, 1, ?2)", rusqlite::params![review.0, now])?;
        }
        if let Some(chair_id) = chair_id {
            record_member_key(&tx, review, chair_id, chair_key, &now)?;
        }
        let detail = format!("{}，组长{}签名（指纹 {}）", center.name, chair.name, chair_key.fingerprint);
        crate::audit::append(&tx, &now, "本机用户", "打开评审包", Some(review), &detail)?;
        tx.commit()?;
        Ok(ReviewImport {
            review_id: review,
            center_name: center.name,
            chair_name: chair.name.clone(),
            chair_fingerprint: chair_key.fingerprint.into(),
            already_imported: false,
        })
    }

}
