use rusqlite::{params, OptionalExtension};
use tic_domain::builtin::BUILTIN_TEMPLATES;
use tic_domain::{InputError, Template, TemplateId, TemplateSummary};

use crate::error::{StoreError, StoreResult};
use crate::Store;

impl Store {
    /// Puts the shipped templates in the table, replacing older shipped copies of the same id.
    pub(crate) fn install_builtin_templates(&self) -> StoreResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        for (file, text) in BUILTIN_TEMPLATES {
            let template = Template::parse(file, text.as_bytes())?;
            let stored: Option<String> = tx
                .query_row("SELECT body FROM templates WHERE id = ?1 AND builtin = 1", [&template.id.0], |r| r.get(0))
                .optional()?;
            let body = serde_json::to_string(&template)?;
            if stored.as_deref() != Some(body.as_str()) {
                upsert(&tx, &template, &body, true, &self.now())?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds a department's template file, or replaces an earlier import with the same id.
    ///
    /// Reviews already created keep the copy they froze, so a replacement never changes them.
    pub fn import_template(&self, file_name: &str, bytes: &[u8]) -> StoreResult<TemplateSummary> {
        let template = Template::parse(file_name, bytes)?;
        let builtin: Option<bool> = self
            .conn
            .query_row("SELECT builtin FROM templates WHERE id = ?1", [&template.id.0], |r| r.get(0))
            .optional()?;
        if builtin == Some(true) {
            return Err(InputError::new(
                "模板编号",
                format!("“{}”与内置模板相同；请在文件中改用新的 id（例如加上单位简称）后再导入", template.id),
            )
            .into());
        }
        let body = serde_json::to_string(&template)?;
        upsert(&self.conn, &template, &body, false, &self.now())?;
        Ok(TemplateSummary::of(&template, false))
    }

    /// Every template, shipped ones first, then by region and stage.
    pub fn list_templates(&self) -> StoreResult<Vec<TemplateSummary>> {
        let mut stmt = self.conn.prepare("SELECT id, body, builtin FROM templates ORDER BY builtin DESC, region, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, body, builtin) = row?;
            let template = Template::parse(&format!("数据库中的模板 {id}"), body.as_bytes())?;
            out.push(TemplateSummary::of(&template, builtin));
        }
        Ok(out)
    }

    pub fn template(&self, id: &TemplateId) -> StoreResult<Template> {
        let body: String = self
            .conn
            .query_row("SELECT body FROM templates WHERE id = ?1", [&id.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("评分模板“{id}”")))?;
        Ok(Template::parse(&format!("数据库中的模板 {id}"), body.as_bytes())?)
    }
}

fn upsert(conn: &rusqlite::Connection, t: &Template, body: &str, builtin: bool, now: &str) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO templates (id, version, name, region, stage, builtin, body, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, name = excluded.name, region = excluded.region,
             stage = excluded.stage, builtin = excluded.builtin, body = excluded.body, imported_at = excluded.imported_at",
        params![t.id.0, t.version, t.name, t.region.code(), t.stage.code(), builtin, body, now],
    )?;
    Ok(())
}
