use serde::Deserialize;
use tauri::State;
use tic_domain::{ExpertId, PanelMember, PanelMemberDraft, ReviewDetail, ReviewDraft, ReviewFilter, ReviewId, ReviewSummary};

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ListReviewsParams {
    filter: ReviewFilter,
}

#[tauri::command(async)]
pub fn list_reviews(state: State<'_, AppState>, params: ListReviewsParams) -> CommandResult<Vec<ReviewSummary>> {
    state.with_store(|s| s.list_reviews(&params.filter))
}

#[derive(Deserialize)]
pub struct CreateReviewParams {
    draft: ReviewDraft,
}

#[tauri::command(async)]
pub fn create_review(state: State<'_, AppState>, params: CreateReviewParams) -> CommandResult<ReviewSummary> {
    state.with_store(|s| s.create_review(&params.draft))
}

#[derive(Deserialize)]
pub struct ReviewParams {
    id: ReviewId,
}

#[tauri::command(async)]
pub fn get_review(state: State<'_, AppState>, params: ReviewParams) -> CommandResult<ReviewDetail> {
    state.with_store(|s| s.review(params.id))
}

#[derive(Deserialize)]
pub struct AddPanelMemberParams {
    review_id: ReviewId,
    draft: PanelMemberDraft,
}

#[tauri::command(async)]
pub fn add_panel_member(state: State<'_, AppState>, params: AddPanelMemberParams) -> CommandResult<PanelMember> {
    state.with_store(|s| s.add_panel_member(params.review_id, &params.draft))
}

#[derive(Deserialize)]
pub struct RemovePanelMemberParams {
    review_id: ReviewId,
    expert_id: ExpertId,
}

#[tauri::command(async)]
pub fn remove_panel_member(state: State<'_, AppState>, params: RemovePanelMemberParams) -> CommandResult<()> {
    state.with_store(|s| s.remove_panel_member(params.review_id, params.expert_id))
}

#[tauri::command(async)]
pub fn compliance_checks(state: State<'_, AppState>, params: ReviewParams) -> CommandResult<Vec<tic_domain::compliance::ComplianceCheck>> {
    state.with_store(|s| s.compliance_checks(params.id))
}

#[derive(Deserialize)]
pub struct FundingCapsParams {
    /// Each year's capability-building investment in yuan, as typed.
    investments: Vec<String>,
}

/// 宁波 funding caps for amounts the person typed.
#[tauri::command(async)]
pub fn funding_caps(state: State<'_, AppState>, params: FundingCapsParams) -> CommandResult<tic_domain::funding::FundingCaps> {
    let rule = state.with_store(|s| s.settings())?.funding;
    Ok(tic_domain::funding::funding_caps_for_typed(&rule, &params.investments)?)
}
