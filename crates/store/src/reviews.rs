use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use tic_domain::{
    CenterId, ExpertId, ExpertType, InputError, PanelMember, PanelMemberDraft, PanelRole, ReviewDetail, ReviewDraft,
    ReviewFilter, ReviewId, ReviewStatus, ReviewSummary, Stage, Template,
};

use crate::centers::{bad_value, date_column, region_column};
use crate::error::{StoreError, StoreResult};
use crate::experts::upsert_expert;
use crate::Store;

const SUMMARY_COLUMNS: &str = "r.id, r.center_id, c.name, c.region, r.stage, r.stage_name, r.template_name,
     r.review_date, r.place, r.status,
     (SELECT count(*) FROM panel_members p WHERE p.review_id = r.id),
     (SELECT count(*) FROM score_sheets s WHERE s.review_id = r.id AND s.status = 'submitted'),
     (SELECT f.follows_review_id FROM review_follow_ups f WHERE f.review_id = r.id)";

impl Store {
    /// Opens a review of a center, freezing a copy of the chosen template into it.
    pub fn create_review(&self, draft: &ReviewDraft) -> StoreResult<ReviewSummary> {
        let draft = draft.validated()?;
        let center = self.center(draft.center_id)?;
        let template = self.template(&draft.template_id)?;
        if template.region != center.facts.region {
            return Err(InputError::new(
                "评分模板",
                format!("“{}”属于{}，与中心所在的{}不一致", template.name, template.region.chinese_name(), center.facts.region.chinese_name()),
            )
            .into());
        }
        let tx = self.conn.unchecked_transaction()?;
        let id = insert_review(&tx, draft.center_id, &template, draft.review_date, &draft.place, &draft.organizer, &self.now())?;
        tx.commit()?;
        self.review_summary(id)
    }

    /// The review list, newest first, narrowed by the filter.
    pub fn list_reviews(&self, filter: &ReviewFilter) -> StoreResult<Vec<ReviewSummary>> {
        let text = filter.text.trim();
        let pattern = format!("%{}%", text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM reviews r JOIN centers c ON c.id = r.center_id
             WHERE (?1 IS NULL OR c.region = ?1)
               AND (?2 IS NULL OR r.status = ?2)
               AND (?3 = '' OR c.name LIKE ?4 ESCAPE '\\')
             ORDER BY r.review_date DESC, r.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![filter.region.map(|r| r.code()), filter.status.map(|s| s.code()), text, pattern],
            summary_row,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn review_summary(&self, id: ReviewId) -> StoreResult<ReviewSummary> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM reviews r JOIN centers c ON c.id = r.center_id WHERE r.id = ?1");
        self.conn
            .query_row(&sql, [id.0], summary_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("编号为 {id} 的评审")))
    }

    /// A review with its center, frozen template and panel.
    pub fn review(&self, id: ReviewId) -> StoreResult<ReviewDetail> {
        let summary = self.review_summary(id)?;
        let (organizer, body): (String, String) =
            self.conn.query_row("SELECT organizer, body FROM reviews JOIN review_templates ON review_id = id WHERE id = ?1", [id.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(ReviewDetail {
            center: self.center(summary.center_id)?,
            template: self.review_template_from_body(id, &body)?,
            panel: self.panel(id)?,
            organizer,
            summary,
        })
    }

    /// The template frozen into a review.
    pub fn review_template(&self, id: ReviewId) -> StoreResult<Template> {
        let body: String = self
            .conn
            .query_row("SELECT body FROM review_templates WHERE review_id = ?1", [id.0], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("编号为 {id} 的评审")))?;
        self.review_template_from_body(id, &body)
    }

    fn review_template_from_body(&self, id: ReviewId, body: &str) -> StoreResult<Template> {
        Ok(Template::parse(&format!("评审 {id} 的模板副本"), body.as_bytes())?)
    }

    pub fn set_review_status(&self, id: ReviewId, status: ReviewStatus) -> StoreResult<()> {
        let changed = self.conn.execute("UPDATE reviews SET status = ?2 WHERE id = ?1", params![id.0, status.code()])?;
        if changed == 0 {
            return Err(StoreError::NotFound(format!("编号为 {id} 的评审")));
        }
        Ok(())
    }

    /// Seats an expert on the panel, adding them to the expert pool (or updating their title) on the way.
    pub fn add_panel_member(&self, review: ReviewId, draft: &PanelMemberDraft) -> StoreResult<PanelMember> {
        self.require_open(review)?;
        let draft = draft.validated()?;
        self.review_summary(review)?;
        let tx = self.conn.unchecked_transaction()?;
        let ExpertId(expert_id) = upsert_expert(&tx, &draft)?;
        let already: bool = tx.query_row(
            "SELECT count(*) > 0 FROM panel_members WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert_id],
            |r| r.get(0),
        )?;
        if already {
            return Err(InputError::new("专家姓名", format!("{}（{}）已在本评审的专家组中", draft.name, draft.affiliation)).into());
        }
        if draft.role == PanelRole::Chair {
            let chair: Option<String> = tx
                .query_row(
                    "SELECT e.name FROM panel_members p JOIN experts e ON e.id = p.expert_id
                     WHERE p.review_id = ?1 AND p.role = 'chair'",
                    [review.0],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(chair) = chair {
                return Err(InputError::new("组内角色", format!("本评审已有组长{chair}，一个专家组只能有一位组长")).into());
            }
        }
        seat_member(&tx, review, ExpertId(expert_id), draft.role, None)?;
        tx.commit()?;
        Ok(PanelMember {
            expert_id: ExpertId(expert_id),
            name: draft.name,
            title: draft.title,
            affiliation: draft.affiliation,
            expert_type: draft.expert_type,
            role: draft.role,
        })
    }

    /// Takes an expert off a panel; refused once they have a score sheet, so no scoring is lost.
    pub fn remove_panel_member(&self, review: ReviewId, expert: ExpertId) -> StoreResult<()> {
        self.require_open(review)?;
        let has_sheet: bool = self.conn.query_row(
            "SELECT count(*) > 0 FROM score_sheets WHERE review_id = ?1 AND expert_id = ?2",
            params![review.0, expert.0],
            |r| r.get(0),
        )?;
        if has_sheet {
            return Err(InputError::new("专家组成员", "该专家已开始评分，不能移出专家组（如需回避，请在评分时声明回避）").into());
        }
        let removed =
            self.conn.execute("DELETE FROM panel_members WHERE review_id = ?1 AND expert_id = ?2", params![review.0, expert.0])?;
        if removed == 0 {
            return Err(StoreError::NotFound("该专家组成员".into()));
        }
        Ok(())
    }

    pub fn panel(&self, review: ReviewId) -> StoreResult<Vec<PanelMember>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.name, e.title, e.affiliation, e.expert_type, p.role
             FROM panel_members p JOIN experts e ON e.id = p.expert_id
             WHERE p.review_id = ?1 ORDER BY p.role = 'member', p.position",
        )?;
        let rows = stmt.query_map([review.0], |r| {
            let expert_type: String = r.get(4)?;
            let role: String = r.get(5)?;
            Ok(PanelMember {
                expert_id: ExpertId(r.get(0)?),
                name: r.get(1)?,
                title: r.get(2)?,
                affiliation: r.get(3)?,
                expert_type: ExpertType::from_code(&expert_type).ok_or_else(|| bad_value(4, "专家类型", &expert_type))?,
                role: PanelRole::from_code(&role).ok_or_else(|| bad_value(5, "角色", &role))?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn summary_row(r: &Row<'_>) -> rusqlite::Result<ReviewSummary> {
    let stage: String = r.get(4)?;
    let status: String = r.get(9)?;
    Ok(ReviewSummary {
        id: ReviewId(r.get(0)?),
        center_id: tic_domain::CenterId(r.get(1)?),
        center_name: r.get(2)?,
        region: region_column(r, 3)?,
        stage: Stage::from_code(&stage).ok_or_else(|| bad_value(4, "评审阶段", &stage))?,
        stage_name: r.get(5)?,
        template_name: r.get(6)?,
        review_date: date_column(r, 7)?,
        place: r.get(8)?,
        status: ReviewStatus::from_code(&status).ok_or_else(|| bad_value(9, "评审状态", &status))?,
        panel_size: r.get(10)?,
        sheets_submitted: r.get(11)?,
        follows: r.get::<_, Option<i64>>(12)?.map(ReviewId),
    })
}

// The writers of this module's tables (reviews, review_templates, panel_members), used when a
// review is created here and when one is opened from a review package.

/// A new review of `center` with the template frozen into it.
pub(crate) fn insert_review(
    conn: &Connection,
    center: CenterId,
    template: &Template,
    review_date: NaiveDate,
    place: &str,
    organizer: &str,
    now: &str,
) -> StoreResult<ReviewId> {
    let body = serde_json::to_string(template)?;
    conn.execute(
        "INSERT INTO reviews (center_id, template_id, template_name, stage, stage_name,
                              review_date, place, organizer, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            center.0,
            template.id.0,
            template.name,
            template.stage.code(),
            template.stage_name,
            review_date.to_string(),
            place.trim(),
            organizer.trim(),
            ReviewStatus::Preparing.code(),
            now
        ],
    )?;
    let id = ReviewId(conn.last_insert_rowid());
    conn.execute("INSERT INTO review_templates (review_id, body) VALUES (?1, ?2)", params![id.0, body])?;
    Ok(id)
}

/// Seats an expert at `position`, or after the last seat when none is given. Returns SQLite's
/// constraint error unchanged when the expert is seated already, for the caller to name them.
pub(crate) fn seat_member(conn: &Connection, review: ReviewId, expert: ExpertId, role: PanelRole, position: Option<u32>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO panel_members (review_id, expert_id, role, position)
         VALUES (?1, ?2, ?3, coalesce(?4, (SELECT coalesce(max(position), -1) + 1 FROM panel_members WHERE review_id = ?1)))",
        params![review.0, expert.0, role.code(), position],
    )?;
    Ok(())
}

/// The first answer saved (here or from a package) moves a review from preparing to scoring.
pub(crate) fn mark_scoring(conn: &Connection, review: ReviewId) -> StoreResult<()> {
    conn.execute(
        "UPDATE reviews SET status = ?2 WHERE id = ?1 AND status = ?3",
        params![review.0, ReviewStatus::Scoring.code(), ReviewStatus::Preparing.code()],
    )?;
    Ok(())
}
