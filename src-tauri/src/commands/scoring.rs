//! The expert's workspace. Every command acts as the expert signed in on this laptop (the
//! session lives in Rust, set only by a PIN check), never as an id the UI sends.

use serde::Deserialize;
use tauri::ipc::Response;
use tauri::State;
use crate::dto::{CommandError, ErrorCode, ExpertSession};
use tic_domain::sheet::{Answer, Declaration, DeclarationInput, MemberProgress, Opinion, Revision, ScoreSheet};
use tic_domain::visit::{Photo, SiteNote, SiteNoteDraft};
use tic_domain::{CriterionId, ExpertId, PhotoId, ReviewId, SiteNoteId};

use crate::error::CommandResult;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ReviewParams {
    review_id: ReviewId,
}

#[tauri::command(async)]
pub fn panel_progress(state: State<'_, AppState>, params: ReviewParams) -> CommandResult<Vec<MemberProgress>> {
    state.with_store(|s| s.panel_progress(params.review_id))
}

#[derive(Deserialize)]
pub struct SignInParams {
    review_id: ReviewId,
    expert_id: ExpertId,
    pin: String,
    /// The member has no PIN yet and is choosing this one.
    new_pin: bool,
}

#[tauri::command(async)]
pub fn sign_in(state: State<'_, AppState>, params: SignInParams) -> CommandResult<ExpertSession> {
    let session = state.with_store(|s| {
        if params.new_pin {
            s.set_pin(params.review_id, params.expert_id, &params.pin)?;
        } else {
            s.verify_pin(params.review_id, params.expert_id, &params.pin)?;
        }
        let member = s
            .panel(params.review_id)?
            .into_iter()
            .find(|m| m.expert_id == params.expert_id)
            .ok_or_else(|| CommandError { code: ErrorCode::NotFound, message: "该专家不在本评审的专家组中".into() })?;
        Ok::<_, CommandError>(ExpertSession { review_id: params.review_id, expert_id: member.expert_id, name: member.name, role: member.role })
    })?;
    state.set_session(Some(session.clone()));
    Ok(session)
}

#[derive(Deserialize)]
pub struct UnlockParams {
    review_id: ReviewId,
    chair_id: ExpertId,
    chair_pin: String,
    expert_id: ExpertId,
}

/// The chair, at the keyboard with their own PIN, lets a locked-out member try again.
#[tauri::command(async)]
pub fn unlock_pin(state: State<'_, AppState>, params: UnlockParams) -> CommandResult<()> {
    state.with_store(|s| s.unlock_pin(params.review_id, params.chair_id, &params.chair_pin, params.expert_id))
}

/// The chair, with their own PIN, resets a member's forgotten PIN (logged); the member then
/// chooses a new one.
#[tauri::command(async)]
pub fn reset_pin(state: State<'_, AppState>, params: UnlockParams) -> CommandResult<()> {
    state.with_store(|s| s.reset_pin(params.review_id, params.chair_id, &params.chair_pin, params.expert_id))
}

#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>) -> CommandResult<()> {
    state.set_session(None);
    Ok(())
}

/// The window reports that the expert at the keyboard is active (typed, clicked, scrolled), so a
/// long read or a long text is not taken for an empty chair. Refused once they were signed out.
#[tauri::command(async)]
pub fn keep_session(state: State<'_, AppState>) -> CommandResult<ExpertSession> {
    state.me()
}

#[tauri::command(async)]
pub fn current_session(state: State<'_, AppState>) -> CommandResult<Option<ExpertSession>> {
    Ok(state.session())
}

#[tauri::command(async)]
pub fn declare(state: State<'_, AppState>, params: DeclarationInput) -> CommandResult<Declaration> {
    state.as_expert(|s, me| s.declare(me.review_id, me.expert_id, &params))
}

#[tauri::command(async)]
pub fn my_declaration(state: State<'_, AppState>) -> CommandResult<Option<Declaration>> {
    state.as_expert(|s, me| s.declaration(me.review_id, me.expert_id))
}

#[tauri::command(async)]
pub fn my_sheet(state: State<'_, AppState>) -> CommandResult<ScoreSheet> {
    state.as_expert(|s, me| s.own_sheet(me.review_id, me.expert_id))
}

#[tauri::command(async)]
pub fn save_answer(state: State<'_, AppState>, params: Answer) -> CommandResult<ScoreSheet> {
    state.as_expert(|s, me| s.save_answer(me.review_id, me.expert_id, &params))
}

#[tauri::command(async)]
pub fn save_opinion(state: State<'_, AppState>, params: Opinion) -> CommandResult<ScoreSheet> {
    state.as_expert(|s, me| s.save_opinion(me.review_id, me.expert_id, &params))
}

#[tauri::command(async)]
pub fn submit_sheet(state: State<'_, AppState>) -> CommandResult<ScoreSheet> {
    let sheet = state.as_expert(|s, me| s.submit_sheet(me.review_id, me.expert_id))?;
    // On a shared laptop the next person must not find the expert still signed in: whoever
    // continues (the chair to the matrix, the expert to check their sheet) enters a PIN again.
    state.set_session(None);
    Ok(sheet)
}

#[derive(Deserialize)]
pub struct ReopenParams {
    reason: String,
}

#[tauri::command(async)]
pub fn reopen_sheet(state: State<'_, AppState>, params: ReopenParams) -> CommandResult<ScoreSheet> {
    state.as_expert(|s, me| s.reopen_sheet(me.review_id, me.expert_id, &params.reason))
}

#[tauri::command(async)]
pub fn my_revisions(state: State<'_, AppState>) -> CommandResult<Vec<Revision>> {
    state.as_expert(|s, me| s.revisions(me.review_id, me.expert_id))
}

#[derive(Deserialize)]
pub struct ViewSheetParams {
    expert_id: ExpertId,
}

#[tauri::command(async)]
pub fn view_sheet(state: State<'_, AppState>, params: ViewSheetParams) -> CommandResult<ScoreSheet> {
    state.as_expert(|s, me| s.sheet_seen_by(me.review_id, me.expert_id, params.expert_id))
}

#[tauri::command(async)]
pub fn my_site_notes(state: State<'_, AppState>) -> CommandResult<Vec<SiteNote>> {
    state.as_expert(|s, me| s.site_notes(me.review_id, me.expert_id))
}

#[tauri::command(async)]
pub fn add_site_note(state: State<'_, AppState>, params: SiteNoteDraft) -> CommandResult<SiteNote> {
    state.as_expert(|s, me| s.add_site_note(me.review_id, me.expert_id, &params))
}

#[derive(Deserialize)]
pub struct UpdateSiteNoteParams {
    id: SiteNoteId,
    draft: SiteNoteDraft,
}

#[tauri::command(async)]
pub fn update_site_note(state: State<'_, AppState>, params: UpdateSiteNoteParams) -> CommandResult<SiteNote> {
    state.as_expert(|s, me| s.update_site_note(me.review_id, me.expert_id, params.id, &params.draft))
}

#[derive(Deserialize)]
pub struct NoteParams {
    id: SiteNoteId,
}

#[derive(Deserialize)]
pub struct PhotoParams {
    id: PhotoId,
}

#[tauri::command(async)]
pub fn delete_site_note(state: State<'_, AppState>, params: NoteParams) -> CommandResult<()> {
    state.as_expert(|s, me| s.delete_site_note(me.review_id, me.expert_id, params.id))
}

#[tauri::command(async)]
pub fn my_photos(state: State<'_, AppState>) -> CommandResult<Vec<Photo>> {
    state.as_expert(|s, me| s.photos(me.review_id, me.expert_id))
}

#[derive(Deserialize)]
pub struct AddPhotosParams {
    /// Files the person chose in the open dialog.
    paths: Vec<std::path::PathBuf>,
}

/// Adds the chosen photos one by one; stops at the first bad file, keeping those already added.
#[tauri::command(async)]
pub fn add_photos(state: State<'_, AppState>, params: AddPhotosParams) -> CommandResult<Vec<Photo>> {
    state.as_expert(|s, me| {
        params.paths.iter().map(|p| s.add_photo(me.review_id, me.expert_id, p, "", &[])).collect::<Result<Vec<_>, _>>()
    })
}

#[derive(Deserialize)]
pub struct DescribePhotoParams {
    id: PhotoId,
    caption: String,
    criteria: Vec<CriterionId>,
}

#[tauri::command(async)]
pub fn describe_photo(state: State<'_, AppState>, params: DescribePhotoParams) -> CommandResult<Photo> {
    state.as_expert(|s, me| s.describe_photo(me.review_id, me.expert_id, params.id, &params.caption, &params.criteria))
}

/// The JPEG thumbnail's bytes, sent as raw binary rather than a JSON array.
#[tauri::command(async)]
pub fn photo_thumbnail(state: State<'_, AppState>, params: PhotoParams) -> CommandResult<Response> {
    let bytes = state.as_expert(|s, me| s.photo_thumbnail(me.review_id, me.expert_id, params.id))?;
    Ok(Response::new(bytes))
}

/// The score matrix and its statistics, for the chair once their own sheet is in.
#[tauri::command(async)]
pub fn consolidation(state: State<'_, AppState>) -> CommandResult<tic_domain::consolidation::Consolidation> {
    state.as_expert(|s, me| s.consolidation_seen_by(me.review_id, me.expert_id))
}

#[derive(Deserialize)]
pub struct OpenRoundParams {
    criteria: Vec<CriterionId>,
    #[serde(default)]
    question: String,
}

/// The chair opens a discussion round on the chosen criteria.
#[tauri::command(async)]
pub fn open_round(state: State<'_, AppState>, params: OpenRoundParams) -> CommandResult<tic_domain::sheet::DiscussionRound> {
    state.as_expert(|s, me| s.open_round(me.review_id, me.expert_id, &params.criteria, &params.question))
}

#[tauri::command(async)]
pub fn current_round(state: State<'_, AppState>) -> CommandResult<Option<tic_domain::sheet::DiscussionRound>> {
    state.as_expert(|s, me| s.current_round(me.review_id))
}

#[tauri::command(async)]
pub fn save_round_answer(state: State<'_, AppState>, params: tic_domain::sheet::RoundAnswer) -> CommandResult<Vec<tic_domain::sheet::RoundAnswer>> {
    state.as_expert(|s, me| s.save_round_answer(me.review_id, me.expert_id, &params))
}

#[tauri::command(async)]
pub fn my_round_answers(state: State<'_, AppState>) -> CommandResult<Vec<tic_domain::sheet::RoundAnswer>> {
    state.as_expert(|s, me| match s.current_round(me.review_id)? {
        Some(round) => s.round_answers(me.review_id, me.expert_id, round.number),
        None => Ok(Vec::new()),
    })
}

#[tauri::command(async)]
pub fn panel_opinion(state: State<'_, AppState>) -> CommandResult<tic_domain::panel_opinion::PanelOpinionState> {
    state.as_expert(|s, me| s.panel_opinion(me.review_id, me.expert_id))
}

#[tauri::command(async)]
pub fn save_panel_opinion(state: State<'_, AppState>, params: tic_domain::panel_opinion::PanelOpinion) -> CommandResult<tic_domain::panel_opinion::PanelOpinionState> {
    state.as_expert(|s, me| s.save_panel_opinion(me.review_id, me.expert_id, &params))
}

#[derive(Deserialize)]
pub struct ApproveParams {
    version: u32,
}

#[tauri::command(async)]
pub fn approve_panel_opinion(state: State<'_, AppState>, params: ApproveParams) -> CommandResult<tic_domain::panel_opinion::PanelOpinionState> {
    state.as_expert(|s, me| s.approve_panel_opinion(me.review_id, me.expert_id, params.version))
}

#[derive(Deserialize)]
pub struct ObjectParams {
    version: u32,
    reason: String,
}

/// A member objects to the version they read, with the reason (their dissent).
#[tauri::command(async)]
pub fn object_panel_opinion(state: State<'_, AppState>, params: ObjectParams) -> CommandResult<tic_domain::panel_opinion::PanelOpinionState> {
    state.as_expert(|s, me| s.object_panel_opinion(me.review_id, me.expert_id, params.version, &params.reason))
}

/// The scores and conclusion the current version of the panel opinion came with (opinion package).
#[tauri::command(async)]
pub fn opinion_brief(state: State<'_, AppState>) -> CommandResult<Option<tic_domain::panel_opinion::OpinionBrief>> {
    state.as_expert(|s, me| s.opinion_brief(me.review_id))
}

#[derive(Deserialize)]
pub struct RequestJustificationParams {
    expert_id: ExpertId,
    criterion: CriterionId,
    request: String,
}

/// The chair asks a member to explain a warned score.
#[tauri::command(async)]
pub fn request_justification(state: State<'_, AppState>, params: RequestJustificationParams) -> CommandResult<Vec<tic_domain::sheet::Justification>> {
    state.as_expert(|s, me| s.request_justification(me.review_id, me.expert_id, params.expert_id, &params.criterion, &params.request))
}

#[tauri::command(async)]
pub fn justifications(state: State<'_, AppState>) -> CommandResult<Vec<tic_domain::sheet::Justification>> {
    state.as_expert(|s, me| s.justifications(me.review_id, me.expert_id))
}

#[tauri::command(async)]
pub fn my_justifications(state: State<'_, AppState>) -> CommandResult<Vec<tic_domain::sheet::Justification>> {
    state.as_expert(|s, me| s.my_justifications(me.review_id, me.expert_id))
}

#[derive(Deserialize)]
pub struct AnswerJustificationParams {
    criterion: CriterionId,
    response: String,
}

#[tauri::command(async)]
pub fn answer_justification(state: State<'_, AppState>, params: AnswerJustificationParams) -> CommandResult<Vec<tic_domain::sheet::Justification>> {
    state.as_expert(|s, me| s.answer_justification(me.review_id, me.expert_id, &params.criterion, &params.response))
}
