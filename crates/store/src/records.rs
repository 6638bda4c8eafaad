//! A center's operating records and the application settings, each one JSON document in a row:
//! they are read and saved whole, and nothing queries inside them.

use rusqlite::{params, OptionalExtension};
use serde::de::DeserializeOwned;
use tic_domain::compliance::{compliance_checks, ComplianceCheck, ComplianceContext};
use tic_domain::records::{CenterRecords, Settings};
use tic_domain::{CenterId, ReviewId, Stage};

use crate::centers::{bad_value, date_column};
use crate::error::{StoreError, StoreResult};
use crate::Store;

fn parse<T: DeserializeOwned>(what: &str, body: &str) -> StoreResult<T> {
    serde_json::from_str(body).map_err(|e| StoreError::Unusable { path: what.into(), detail: e.to_string() })
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Unusable { path: "运行记录".into(), detail: e.to_string() })
}

impl Store {
    /// The center's operating records; empty until someone enters them.
    pub fn center_records(&self, center: CenterId) -> StoreResult<CenterRecords> {
        self.center(center)?;
        let body: Option<String> =
            self.conn.query_row("SELECT body FROM center_records WHERE center_id = ?1", [center.0], |r| r.get(0)).optional()?;
        body.map_or(Ok(CenterRecords::default()), |b| parse("中心运行记录", &b))
    }

    /// Validates and saves the records durably, returning them as stored.
    pub fn save_center_records(&self, center: CenterId, records: &CenterRecords) -> StoreResult<CenterRecords> {
        let records = records.validated()?;
        self.center(center)?;
        self.conn.execute(
            "INSERT INTO center_records (center_id, body, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (center_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            params![center.0, to_json(&records)?, self.now()],
        )?;
        Ok(records)
    }

    /// The settings, or the seeds' defaults when none were saved.
    pub fn settings(&self) -> StoreResult<Settings> {
        let body: Option<String> = self.conn.query_row("SELECT body FROM settings WHERE id = 1", [], |r| r.get(0)).optional()?;
        body.map_or(Ok(Settings::default()), |b| parse("设置", &b))
    }

    pub fn save_settings(&self, settings: &Settings) -> StoreResult<Settings> {
        let settings = settings.validated()?;
        self.conn.execute(
            "INSERT INTO settings (id, body, updated_at) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            params![to_json(&settings)?, self.now()],
        )?;
        Ok(settings)
    }

    /// The compliance checks that apply to this review's center and stage.
    /// A finished review answers with the checks kept when it was finished.
    pub fn compliance_checks(&self, id: ReviewId) -> StoreResult<Vec<ComplianceCheck>> {
        if let Some(record) = self.conclusion_record(id)? {
            return Ok(record.checks);
        }
        let detail = self.review(id)?;
        let records = self.center_records(detail.center.id)?;
        let settings = self.settings()?;
        let listed: Vec<(i64, Stage, chrono::NaiveDate)> = self
            .conn
            .prepare_cached("SELECT id, stage, review_date FROM reviews WHERE center_id = ?1 AND id <> ?2")?
            .query_map(params![detail.center.id.0, id.0], |r| {
                let stage: String = r.get(1)?;
                Ok((r.get(0)?, Stage::from_code(&stage).ok_or_else(|| bad_value(1, "评审阶段", &stage))?, date_column(r, 2)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut other_reviews = Vec::with_capacity(listed.len());
        for (other, stage, date) in listed {
            let passed = self.review_conclusion(ReviewId(other))?.1.map(|p| p.passes());
            other_reviews.push((stage, date, passed));
        }
        // 内蒙古 绩效评价: the NM:47 grounds the panel confirmed as veto items count as findings.
        let mut confirmed_vetoes = if detail.summary.stage == Stage::Performance && detail.center.facts.region == tic_domain::Region::InnerMongolia {
            let c = tic_domain::consolidation::consolidate(&detail.template, &self.consolidation_inputs(id)?);
            tic_domain::compliance::vetoed_triggers(&detail.template, &c)
        } else {
            Vec::new()
        };
        // NM:47 “对绩效评价不合格，限期整改仍不合格的”: a finished follow-up that failed again.
        if detail.center.facts.region == tic_domain::Region::InnerMongolia
            && !confirmed_vetoes.contains(&tic_domain::records::RevocationTrigger::FailedAfterRectification)
            && self.center_history(detail.center.id)?.reviews.iter().any(|r| r.follows.is_some() && r.escalation.is_some())
        {
            confirmed_vetoes.push(tic_domain::records::RevocationTrigger::FailedAfterRectification);
        }
        Ok(compliance_checks(&ComplianceContext {
            confirmed_vetoes: &confirmed_vetoes,
            center: &detail.center.facts,
            records: &records,
            stage: detail.summary.stage,
            review_date: detail.summary.review_date,
            panel: &detail.panel,
            other_reviews: &other_reviews,
            settings: &settings,
        }))
    }
}
