use serde::Deserialize;
use tauri::State;
use tic_domain::{ExpertId, PanelMember, PanelMemberDraft, ReviewDetail, ReviewDraft, ReviewFilter, ReviewId, ReviewSummary};

use crate::error::{from_store, CommandResult};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ListReviewsParams {
    filter: ReviewFilter,
}

#[tauri::command]
pub fn list_reviews(state: State<'_, AppState>, params: ListReviewsParams) -> CommandResult<Vec<ReviewSummary>> {
    state.with_store(|s| s.list_reviews(&params.filter).map_err(from_store))
}

#[derive(Deserialize)]
pub struct CreateReviewParams {
    draft: ReviewDraft,
}

#[tauri::command]
pub fn create_review(state: State<'_, AppState>, params: CreateReviewParams) -> CommandResult<ReviewSummary> {
    state.with_store(|s| s.create_review(&params.draft).map_err(from_store))
}

#[derive(Deserialize)]
pub struct ReviewParams {
    id: ReviewId,
}

#[tauri::command]
pub fn get_review(state: State<'_, AppState>, params: ReviewParams) -> CommandResult<ReviewDetail> {
    state.with_store(|s| s.review(params.id).map_err(from_store))
}

#[derive(Deserialize)]
pub struct AddPanelMemberParams {
    review_id: ReviewId,
    draft: PanelMemberDraft,
}

#[tauri::command]
pub fn add_panel_member(state: State<'_, AppState>, params: AddPanelMemberParams) -> CommandResult<PanelMember> {
    state.with_store(|s| s.add_panel_member(params.review_id, &params.draft).map_err(from_store))
}

#[derive(Deserialize)]
pub struct RemovePanelMemberParams {
    review_id: ReviewId,
    expert_id: ExpertId,
}

#[tauri::command]
pub fn remove_panel_member(state: State<'_, AppState>, params: RemovePanelMemberParams) -> CommandResult<()> {
    state.with_store(|s| s.remove_panel_member(params.review_id, params.expert_id).map_err(from_store))
}

#[tauri::command]
pub fn compliance_checks(state: State<'_, AppState>, params: ReviewParams) -> CommandResult<Vec<tic_domain::compliance::ComplianceCheck>> {
    state.with_store(|s| s.compliance_checks(params.id).map_err(from_store))
}

#[derive(Deserialize)]
pub struct FundingCapsParams {
    /// Each year's capability-building investment in yuan, as typed.
    investments: Vec<String>,
}

/// 宁波 funding caps for amounts the person typed.
#[tauri::command]
pub fn funding_caps(state: State<'_, AppState>, params: FundingCapsParams) -> CommandResult<tic_domain::funding::FundingCaps> {
    use tic_domain::funding::{funding_caps, Fen};
    let investments = params
        .investments
        .iter()
        .enumerate()
        .map(|(i, t)| Fen::parse_yuan(&format!("第 {} 年创新能力建设投入", i + 1), t))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| from_store(e.into()))?;
    let rule = state.with_store(|s| s.settings().map_err(from_store))?.funding;
    Ok(funding_caps(&rule, &investments))
}
