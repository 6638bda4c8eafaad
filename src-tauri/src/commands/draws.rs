//! 专家抽取 on the review page (the clerk or the chair, before the panel exists), the chair's
//! rating of members, and each pool expert's fields and record.

use serde::Deserialize;
use tauri::State;
use tic_domain::draw::{DrawRecord, MakeUp, MemberRating, ReviewRecordRow};
use tic_domain::{ExpertId, ReviewId};

use crate::dto::CommandError;
use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct DrawParams {
    review_id: ReviewId,
    drawn_by: String,
    make_up: MakeUp,
    /// Decimal text; empty for a fresh random seed.
    #[serde(default)]
    seed: String,
}

#[tauri::command(async)]
pub fn draw_panel(state: State<'_, AppState>, params: DrawParams) -> CommandResult<DrawRecord> {
    let seed = match params.seed.trim() {
        "" => None,
        text => Some(text.parse::<u64>().map_err(|_| CommandError::invalid("「随机种子」应为不超过 20 位的非负整数，或留空由系统生成"))?),
    };
    state.with_store(|s| s.draw_panel(params.review_id, &params.drawn_by, &params.make_up, seed))
}

#[derive(Deserialize)]
pub struct ReviewOnly {
    review_id: ReviewId,
}

#[tauri::command(async)]
pub fn panel_draw(state: State<'_, AppState>, params: ReviewOnly) -> CommandResult<Option<DrawRecord>> {
    state.with_store(|s| s.panel_draw(params.review_id))
}

#[derive(Deserialize)]
pub struct DeclineParams {
    review_id: ReviewId,
    expert_id: ExpertId,
    reason: String,
}

#[tauri::command(async)]
pub fn decline_drawn(state: State<'_, AppState>, params: DeclineParams) -> CommandResult<DrawRecord> {
    state.with_store(|s| s.decline_drawn(params.review_id, params.expert_id, &params.reason))
}

#[tauri::command(async)]
pub fn seat_drawn_panel(state: State<'_, AppState>, params: ReviewOnly) -> CommandResult<DrawRecord> {
    state.with_store(|s| s.seat_drawn_panel(params.review_id))
}

#[derive(Deserialize)]
pub struct RateParams {
    expert_id: ExpertId,
    rating: u32,
    comment: String,
}

/// The signed-in chair rates a member of their review.
#[tauri::command(async)]
pub fn rate_member(state: State<'_, AppState>, params: RateParams) -> CommandResult<Vec<MemberRating>> {
    state.as_expert(|s, me| s.rate_member(me.review_id, me.expert_id, params.expert_id, params.rating, &params.comment))
}

#[tauri::command(async)]
pub fn member_ratings(state: State<'_, AppState>) -> CommandResult<Vec<MemberRating>> {
    state.as_expert(|s, me| s.member_ratings(me.review_id))
}

#[derive(Deserialize)]
pub struct ExpertOnly {
    expert_id: ExpertId,
}

#[tauri::command(async)]
pub fn expert_record(state: State<'_, AppState>, params: ExpertOnly) -> CommandResult<Vec<ReviewRecordRow>> {
    state.with_store(|s| s.expert_record(params.expert_id))
}

#[derive(Deserialize)]
pub struct FieldsParams {
    expert_id: ExpertId,
    fields: Vec<String>,
}

#[tauri::command(async)]
pub fn set_expert_fields(state: State<'_, AppState>, params: FieldsParams) -> CommandResult<Vec<String>> {
    state.with_store(|s| s.set_expert_fields(params.expert_id, &params.fields))
}
