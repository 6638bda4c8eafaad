use rusqlite::{params, OptionalExtension, Row};
use tic_domain::{Center, CenterDraft, CenterId, CommitteeKind, CommitteeMember, CommitteeRole, Region};

use crate::error::{StoreError, StoreResult};
use crate::Store;

impl Store {
    /// Stores a new center with its co-building units and committee members, in one transaction.
    pub fn create_center(&self, draft: &CenterDraft) -> StoreResult<Center> {
        let mut created = self.create_centers(std::slice::from_ref(draft))?;
        created.pop().ok_or_else(|| StoreError::NotFound("新建的中心".into()))
    }

    /// Stores several centers (a bulk import) in one transaction: all of them, or none when any
    /// is invalid.
    pub fn create_centers(&self, drafts: &[CenterDraft]) -> StoreResult<Vec<Center>> {
        let all = drafts.iter().map(CenterDraft::validated).collect::<Result<Vec<_>, _>>()?;
        let tx = self.conn.unchecked_transaction()?;
        let mut created = Vec::with_capacity(all.len());
        for facts in all {
            let id = insert_center(&tx, &facts, &self.now())?;
            created.push(Center { id, facts });
        }
        tx.commit()?;
        Ok(created)
    }

    /// Replaces a center's facts; reviews of it see the new facts. The approval date in `draft`
    /// is not read: it comes from the recorded 批复 decision.
    pub fn update_center(&self, id: CenterId, draft: &CenterDraft) -> StoreResult<Center> {
        let facts = draft.validated()?;
        let tx = self.conn.unchecked_transaction()?;
        let changed = tx.execute(
            "UPDATE centers SET name = ?2, region = ?3, center_type = ?4, industry_field = ?5, lead_unit = ?6,
                 organization_mode = ?7, build_period_years = ?8, director = ?9
             WHERE id = ?1",
            rusqlite::params_from_iter(std::iter::once(id.0.into()).chain(fact_values(&facts))),
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("编号为 {id} 的中心")));
        }
        tx.execute("DELETE FROM center_cobuild_units WHERE center_id = ?1", [id.0])?;
        tx.execute("DELETE FROM center_committee_members WHERE center_id = ?1", [id.0])?;
        tx.execute("DELETE FROM center_committee_roles WHERE center_id = ?1", [id.0])?;
        write_members(&tx, id, &facts)?;
        tx.commit()?;
        // The approval date is the department's decision (center_decisions), not a fact typed here.
        self.center(id)
    }

    /// Every center, by name.
    pub fn list_centers(&self) -> StoreResult<Vec<Center>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM centers ORDER BY name, id")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        ids.into_iter().map(|id| self.center(CenterId(id))).collect()
    }

    pub fn center(&self, id: CenterId) -> StoreResult<Center> {
        let mut facts = self
            .conn
            .query_row(
                "SELECT name, region, center_type, industry_field, lead_unit, organization_mode,
                        (SELECT min(decided_on) FROM center_decisions d WHERE d.center_id = centers.id AND d.kind = 'approve'),
                        build_period_years, director
                 FROM centers WHERE id = ?1",
                [id.0],
                center_facts,
            )
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("编号为 {id} 的中心")))?;
        facts.cobuild_units = self
            .conn
            .prepare_cached("SELECT name FROM center_cobuild_units WHERE center_id = ?1 ORDER BY position")?
            .query_map([id.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        facts.committee_members = self
            .conn
            .prepare_cached(
                "SELECT m.committee, m.name, m.affiliation, m.is_chair, r.role FROM center_committee_members m
                 LEFT JOIN center_committee_roles r ON r.center_id = m.center_id AND r.position = m.position
                 WHERE m.center_id = ?1 ORDER BY m.position",
            )?
            .query_map([id.0], |r| {
                Ok(CommitteeMember {
                    committee: {
                        let code: String = r.get(0)?;
                        CommitteeKind::from_code(&code).ok_or_else(|| bad_value(0, "委员会类别", &code))?
                    },
                    name: r.get(1)?,
                    affiliation: r.get(2)?,
                    is_chair: r.get(3)?,
                    role: match r.get::<_, Option<String>>(4)? {
                        Some(code) => Some(CommitteeRole::from_code(&code).ok_or_else(|| bad_value(4, "委员会成员角色", &code))?),
                        None => None,
                    },
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(Center { id, facts })
    }
}

/// Inserts a validated center inside `tx`.
pub(crate) fn insert_center(tx: &rusqlite::Transaction<'_>, facts: &CenterDraft, now: &str) -> StoreResult<CenterId> {
    tx.execute(
        "INSERT INTO centers (name, region, center_type, industry_field, lead_unit, organization_mode,
                              build_period_years, director, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        rusqlite::params_from_iter(fact_values(facts).into_iter().chain([now.to_owned().into()])),
    )?;
    let id = CenterId(tx.last_insert_rowid());
    write_members(tx, id, facts)?;
    // A center that arrives already approved (an Excel list of a department's centers, a review
    // package) brings its approval as its first decision.
    if let Some(approved) = facts.approval_date {
        tx.execute(
            "INSERT INTO center_decisions (center_id, kind, decided_on, note, recorded_by, recorded_at)
             VALUES (?1, 'approve', ?2, '登记中心时填写的批复日期', '系统', ?3)",
            params![id.0, approved.to_string(), now],
        )?;
    }
    Ok(id)
}

/// The center's own columns, in the order both the INSERT and the UPDATE list them.
fn fact_values(facts: &CenterDraft) -> Vec<rusqlite::types::Value> {
    vec![
        facts.name.clone().into(),
        facts.region.code().to_owned().into(),
        facts.center_type.clone().into(),
        facts.industry_field.clone().into(),
        facts.lead_unit.clone().into(),
        facts.organization_mode.clone().into(),
        facts.build_period_years.map(i64::from).into(),
        facts.director.clone().into(),
    ]
}

fn write_members(tx: &rusqlite::Transaction<'_>, id: CenterId, facts: &CenterDraft) -> StoreResult<()> {
    for (position, unit) in facts.cobuild_units.iter().enumerate() {
        tx.execute(
            "INSERT INTO center_cobuild_units (center_id, position, name) VALUES (?1, ?2, ?3)",
            params![id.0, position as i64, unit],
        )?;
    }
    for (position, m) in facts.committee_members.iter().enumerate() {
        tx.execute(
            "INSERT INTO center_committee_members (center_id, position, committee, name, affiliation, is_chair)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id.0, position as i64, m.committee.code(), m.name, m.affiliation, m.is_chair],
        )?;
        if let Some(role) = m.role {
            tx.execute(
                "INSERT INTO center_committee_roles (center_id, position, role) VALUES (?1, ?2, ?3)",
                params![id.0, position as i64, role.code()],
            )?;
        }
    }
    Ok(())
}

pub(crate) fn region_column(row: &Row<'_>, index: usize) -> rusqlite::Result<Region> {
    let code: String = row.get(index)?;
    Region::from_code(&code).ok_or_else(|| bad_value(index, "地区", &code))
}

pub(crate) fn bad_value(index: usize, what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("{what}取值“{value}”无法识别").into(),
    )
}

pub(crate) fn date_column(row: &Row<'_>, index: usize) -> rusqlite::Result<chrono::NaiveDate> {
    let text: String = row.get(index)?;
    text.parse().map_err(|_| bad_value(index, "日期", &text))
}

fn center_facts(r: &Row<'_>) -> rusqlite::Result<CenterDraft> {
    let approval: Option<String> = r.get(6)?;
    Ok(CenterDraft {
        name: r.get(0)?,
        region: region_column(r, 1)?,
        center_type: r.get(2)?,
        industry_field: r.get(3)?,
        lead_unit: r.get(4)?,
        organization_mode: r.get(5)?,
        approval_date: match approval {
            Some(text) => Some(text.parse().map_err(|_| bad_value(6, "日期", &text))?),
            None => None,
        },
        build_period_years: r.get(7)?,
        director: r.get(8)?,
        cobuild_units: Vec::new(),
        committee_members: Vec::new(),
    })
}
