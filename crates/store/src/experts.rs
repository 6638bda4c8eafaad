//! The expert pool (专家库): everyone who has sat on a panel here or was imported in bulk.

use rusqlite::{params, Connection};
use tic_domain::{ExpertId, ExpertType, InputError, PanelMemberDraft, PoolExpert};

use crate::centers::bad_value;
use crate::error::StoreResult;
use crate::Store;

impl Store {
    /// The pool, by name.
    pub fn list_experts(&self) -> StoreResult<Vec<PoolExpert>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.name, e.title, e.affiliation, e.expert_type,
                    (SELECT count(*) FROM panel_members p WHERE p.expert_id = e.id),
                    (SELECT group_concat(field, char(10)) FROM (SELECT field FROM expert_fields f WHERE f.expert_id = e.id ORDER BY field))
             FROM experts e ORDER BY e.name, e.affiliation",
        )?;
        let rows = stmt.query_map([], |r| {
            let expert_type: String = r.get(4)?;
            Ok(PoolExpert {
                id: ExpertId(r.get(0)?),
                name: r.get(1)?,
                title: r.get(2)?,
                affiliation: r.get(3)?,
                expert_type: ExpertType::from_code(&expert_type).ok_or_else(|| bad_value(4, "专家类型", &expert_type))?,
                panels: r.get(5)?,
                fields: r.get::<_, Option<String>>(6)?.map(|f| f.split('\n').map(str::to_owned).collect()).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Adds experts to the pool (a bulk import) in one transaction: all of them, or none when any
    /// is invalid or already in the pool (same name and affiliation). The role is ignored.
    pub fn add_experts(&self, drafts: &[PanelMemberDraft]) -> StoreResult<usize> {
        let all = drafts.iter().map(PanelMemberDraft::validated).collect::<Result<Vec<_>, _>>()?;
        let tx = self.conn.unchecked_transaction()?;
        for d in &all {
            if !insert_new_expert(&tx, d)? {
                return Err(InputError::new("专家姓名", format!("{}（{}）已在专家库中", d.name, d.affiliation)).into());
            }
        }
        tx.commit()?;
        Ok(all.len())
    }
}

impl Store {
    /// Sets an expert's fields (专业领域): trimmed, split at commas and 、, empty ones dropped.
    pub fn set_expert_fields(&self, expert: ExpertId, fields: &[String]) -> StoreResult<Vec<String>> {
        let mut clean: Vec<String> = fields
            .iter()
            .flat_map(|f| f.split([',', '，', '、', ';', '；']))
            .map(|f| f.trim().to_owned())
            .filter(|f| !f.is_empty())
            .collect();
        clean.sort();
        clean.dedup();
        if let Some(long) = clean.iter().find(|f| f.chars().count() > 40) {
            return Err(InputError::new("专业领域", format!("“{long}”过长：每项最多 40 字")).into());
        }
        let tx = self.conn.unchecked_transaction()?;
        let found: bool = tx.query_row("SELECT count(*) > 0 FROM experts WHERE id = ?1", [expert.0], |r| r.get(0))?;
        if !found {
            return Err(crate::error::StoreError::NotFound("这位专家".into()));
        }
        tx.execute("DELETE FROM expert_fields WHERE expert_id = ?1", [expert.0])?;
        for f in &clean {
            tx.execute("INSERT INTO expert_fields (expert_id, field) VALUES (?1, ?2)", params![expert.0, f])?;
        }
        tx.commit()?;
        Ok(clean)
    }
}

// The writers of the expert pool (`experts`); a panel seat and an opened review package add
// their experts through these.

/// Adds the expert to the pool, or updates the title and type of the one with the same name and
/// affiliation; returns their id.
pub(crate) fn upsert_expert(conn: &Connection, draft: &PanelMemberDraft) -> StoreResult<ExpertId> {
    conn.execute(
        "INSERT INTO experts (name, title, affiliation, expert_type) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name, affiliation) DO UPDATE SET title = excluded.title, expert_type = excluded.expert_type",
        params![draft.name, draft.title, draft.affiliation, draft.expert_type.code()],
    )?;
    let id = conn.query_row("SELECT id FROM experts WHERE name = ?1 AND affiliation = ?2", params![draft.name, draft.affiliation], |r| r.get(0))?;
    Ok(ExpertId(id))
}

/// Adds the expert to the pool; false when one of that name and affiliation is there already.
fn insert_new_expert(conn: &Connection, draft: &PanelMemberDraft) -> StoreResult<bool> {
    let inserted = conn.execute(
        "INSERT INTO experts (name, title, affiliation, expert_type) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (name, affiliation) DO NOTHING",
        params![draft.name, draft.title, draft.affiliation, draft.expert_type.code()],
    )?;
    Ok(inserted > 0)
}
