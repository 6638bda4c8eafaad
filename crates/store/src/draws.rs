//! 专家抽取 kept with the review: the draw made from the pool (seed, make-up, rules, outcome),
//! declines filled from the reserves, the roster built from it; and the chair's rating of each
//! member after a review, kept with the pool.

use std::str::FromStr;

use rusqlite::{params, OptionalExtension};
use tic_domain::draw::{decline, draw_panel, rating_name, Candidate, DrawCenter, DrawRecord, MakeUp, MemberRating, ReviewRecordRow};
use tic_domain::{ExpertId, InputError, PanelRole, ReviewId};

use crate::centers::bad_value;
use crate::error::{StoreError, StoreResult};
use crate::reviews::seat_member;
use crate::Store;

fn draw_error(e: tic_domain::draw::DrawError) -> StoreError {
    InputError::new("专家抽取", e.to_string()).into()
}

impl Store {
    /// Everyone in the pool as the draw sees them, with the dates they reviewed `review`'s center.
    fn candidates(&self, review: ReviewId) -> StoreResult<Vec<Candidate>> {
        let center = self.review_summary(review)?.center_id;
        let mut out = Vec::new();
        for e in self.list_experts()? {
            let dates: Vec<String> = self
                .conn
                .prepare_cached(
                    "SELECT r.review_date FROM panel_members p JOIN reviews r ON r.id = p.review_id
                     WHERE p.expert_id = ?1 AND r.center_id = ?2 AND r.id != ?3",
                )?
                .query_map(params![e.id.0, center.0, review.0], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let reviewed_center_on = dates
                .iter()
                .map(|d| chrono::NaiveDate::from_str(d).map_err(|_| StoreError::Corrupt(format!("评审日期“{d}”无法识别"))))
                .collect::<StoreResult<_>>()?;
            out.push(Candidate { id: e.id, name: e.name, affiliation: e.affiliation, expert_type: e.expert_type, fields: e.fields, reviewed_center_on });
        }
        Ok(out)
    }

    /// Draws the review's panel from the pool under the settings' 回避 rules, with `seed` or a
    /// fresh random one; replaces an earlier draw not yet seated. Logged with the seed.
    pub fn draw_panel(&self, review: ReviewId, by: &str, make_up: &MakeUp, seed: Option<u64>) -> StoreResult<DrawRecord> {
        self.require_open(review)?;
        if !self.panel(review)?.is_empty() {
            return Err(InputError::new("专家抽取", "本评审已有专家组名单；抽取只用于尚未组建专家组的评审").into());
        }
        if self.panel_draw(review)?.is_some_and(|d| d.seated_at.is_some()) {
            return Err(InputError::new("专家抽取", "已按抽取结果组建专家组，不能重新抽取").into());
        }
        let by = by.trim();
        if by.is_empty() {
            return Err(InputError::new("抽取人", "请填写抽取人姓名").into());
        }
        let detail = self.review(review)?;
        let facts = &detail.center.facts;
        let center = DrawCenter { lead_unit: &facts.lead_unit, cobuild_units: &facts.cobuild_units, committee_members: &facts.committee_members };
        let rules = self.settings()?.draw_rules;
        let seed = seed.unwrap_or_else(|| rand_core::RngCore::next_u64(&mut rand_core::OsRng));
        // The date as it is in China, where every review is held.
        let now = self.now_utc();
        let on = chrono::FixedOffset::east_opt(8 * 3600).map_or(now.date_naive(), |china| now.with_timezone(&china).date_naive());
        let draw = draw_panel(&self.candidates(review)?, &center, make_up, &rules, on, seed).map_err(draw_error)?;
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO panel_draws (review_id, make_up, rules, outcome, drawn_by, drawn_at, seated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)
             ON CONFLICT (review_id) DO UPDATE SET make_up = excluded.make_up, rules = excluded.rules, outcome = excluded.outcome,
                 drawn_by = excluded.drawn_by, drawn_at = excluded.drawn_at",
            params![review.0, serde_json::to_string(make_up)?, serde_json::to_string(&rules)?, serde_json::to_string(&draw)?, by, now],
        )?;
        let names: Vec<&str> = draw.members.iter().map(|m| m.name.as_str()).collect();
        crate::audit::append(&tx, &now, by, "专家抽取", Some(review), &format!("随机种子 {seed}；抽中 {}；排除 {} 人", names.join("、"), draw.excluded.len()))?;
        tx.commit()?;
        self.panel_draw(review)?.ok_or_else(|| StoreError::NotFound("抽取记录".into()))
    }

    /// The review's draw, if one was made.
    pub fn panel_draw(&self, review: ReviewId) -> StoreResult<Option<DrawRecord>> {
        let row: Option<(String, String, String, String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT make_up, rules, outcome, drawn_by, drawn_at, seated_at FROM panel_draws WHERE review_id = ?1",
                [review.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let damaged = |e: serde_json::Error| StoreError::Corrupt(format!("抽取记录无法读取（{e}）"));
        row.map(|(make_up, rules, outcome, drawn_by, drawn_at, seated_at)| {
            Ok(DrawRecord {
                make_up: serde_json::from_str(&make_up).map_err(damaged)?,
                rules: serde_json::from_str(&rules).map_err(damaged)?,
                draw: serde_json::from_str(&outcome).map_err(damaged)?,
                drawn_by,
                drawn_at,
                seated_at,
            })
        })
        .transpose()
    }

    /// A drawn expert declines (the reason is kept): the first reserve of the same type takes
    /// the seat. Only before the roster is built.
    pub fn decline_drawn(&self, review: ReviewId, expert: ExpertId, reason: &str) -> StoreResult<DrawRecord> {
        self.require_open(review)?;
        let record = self.panel_draw(review)?.ok_or_else(|| InputError::new("专家抽取", "本评审尚未抽取专家"))?;
        if record.seated_at.is_some() {
            return Err(InputError::new("专家抽取", "已按抽取结果组建专家组；之后的人员调整请在专家组名单中进行").into());
        }
        let next = decline(&record.draw, expert, reason, &record.rules).map_err(draw_error)?;
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        tx.execute("UPDATE panel_draws SET outcome = ?2 WHERE review_id = ?1", params![review.0, serde_json::to_string(&next)?])?;
        if let Some(d) = next.declined.last() {
            let by = next.members.iter().find(|m| Some(m.id) == d.replaced_by).map(|m| m.name.clone()).unwrap_or_default();
            crate::audit::append(&tx, &now, &record.drawn_by, "抽取专家不能参加", Some(review), &format!("{}：{}；由备选专家{by}递补", d.name, d.reason))?;
        }
        tx.commit()?;
        self.panel_draw(review)?.ok_or_else(|| StoreError::NotFound("抽取记录".into()))
    }

    /// Builds the roster from the draw: the chair and members in the order drawn.
    pub fn seat_drawn_panel(&self, review: ReviewId) -> StoreResult<DrawRecord> {
        self.require_open(review)?;
        let record = self.panel_draw(review)?.ok_or_else(|| InputError::new("专家抽取", "本评审尚未抽取专家"))?;
        if record.seated_at.is_some() || !self.panel(review)?.is_empty() {
            return Err(InputError::new("专家抽取", "本评审已有专家组名单").into());
        }
        let now = self.now();
        let tx = self.conn.unchecked_transaction()?;
        for m in &record.draw.members {
            seat_member(&tx, review, m.id, m.role, None)?;
        }
        tx.execute("UPDATE panel_draws SET seated_at = ?2 WHERE review_id = ?1", params![review.0, now])?;
        crate::audit::append(&tx, &now, &record.drawn_by, "按抽取结果组建专家组", Some(review), &format!("{} 人", record.draw.members.len()))?;
        tx.commit()?;
        self.panel_draw(review)?.ok_or_else(|| StoreError::NotFound("抽取记录".into()))
    }

    /// The chair rates a member of their review (1 较差 … 4 优秀) with a comment; kept with the pool.
    pub fn rate_member(&self, review: ReviewId, chair: ExpertId, member: ExpertId, rating: u32, comment: &str) -> StoreResult<Vec<MemberRating>> {
        self.require_chair(review, chair)?;
        if member == chair {
            return Err(InputError::new("专家评价", "组长不评价自己").into());
        }
        self.require_member(review, member)?;
        let words = rating_name(rating).ok_or_else(|| InputError::new("专家评价", "请选择优秀、良好、一般或较差"))?;
        let comment = comment.trim();
        if comment.chars().count() > 500 {
            return Err(InputError::new("评价说明", "过长：最多 500 字").into());
        }
        let now = self.now();
        let by = self.actor_name(chair);
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT INTO expert_ratings (review_id, expert_id, rating, comment, rated_by, rated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (review_id, expert_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,
                 rated_by = excluded.rated_by, rated_at = excluded.rated_at",
            params![review.0, member.0, rating, comment, by, now],
        )?;
        let name = self.panel(review)?.into_iter().find(|m| m.expert_id == member).map(|m| m.name).unwrap_or_default();
        crate::audit::append(&tx, &now, &by, "评价专家", Some(review), &format!("{name}：{words}"))?;
        tx.commit()?;
        self.member_ratings(review)
    }

    /// The members of a review other than the chair, with the chair's rating of each.
    pub fn member_ratings(&self, review: ReviewId) -> StoreResult<Vec<MemberRating>> {
        let mut out = Vec::new();
        for m in self.panel(review)?.into_iter().filter(|m| m.role != PanelRole::Chair) {
            let row: Option<(u32, String)> = self
                .conn
                .query_row(
                    "SELECT rating, comment FROM expert_ratings WHERE review_id = ?1 AND expert_id = ?2",
                    params![review.0, m.expert_id.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            out.push(MemberRating { expert_id: m.expert_id, name: m.name, rating: row.as_ref().map(|r| r.0), comment: row.map(|r| r.1).unwrap_or_default() });
        }
        Ok(out)
    }

    /// An expert's record in the pool: every review they sat on here, newest first, with the
    /// chair's rating.
    pub fn expert_record(&self, expert: ExpertId) -> StoreResult<Vec<ReviewRecordRow>> {
        let rows: Vec<(i64, String, String, String, Option<u32>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT r.id, c.name, r.review_date, p.role, x.rating, x.comment
                 FROM panel_members p JOIN reviews r ON r.id = p.review_id JOIN centers c ON c.id = r.center_id
                 LEFT JOIN expert_ratings x ON x.review_id = p.review_id AND x.expert_id = p.expert_id
                 WHERE p.expert_id = ?1 ORDER BY r.review_date DESC, r.id DESC",
            )?
            .query_map([expert.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, center_name, date, role, rating, comment)| {
                let review_id = ReviewId(id);
                Ok(ReviewRecordRow {
                    review_id,
                    center_name,
                    stage_name: self.review_summary(review_id)?.stage_name,
                    review_date: chrono::NaiveDate::from_str(&date).map_err(|_| bad_value(2, "评审日期", &date))?,
                    role: PanelRole::from_code(&role).ok_or_else(|| bad_value(3, "组内角色", &role))?,
                    rating,
                    comment: comment.unwrap_or_default(),
                })
            })
            .collect()
    }
}
