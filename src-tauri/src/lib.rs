//! The desktop shell: opens the store, registers the commands, and nothing else.

#[cfg(test)]
mod bindings;
mod commands;
mod dto;
mod error;
mod keys;
mod state;

use tauri::Manager;

pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let path = state::database_path(app.handle())?;
            app.manage(state::AppState::open(path));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::unlock_database,
            commands::app::choose_database_passphrase,
            commands::app::backup_database,
            commands::app::restore_database,
            commands::app::restore_snapshot,
            commands::app::audit_log,
            commands::documents::export_audit_log,
            commands::templates::list_templates,
            commands::templates::import_template,
            commands::templates::get_template,
            commands::centers::list_centers,
            commands::centers::create_center,
            commands::centers::update_center,
            commands::centers::center_records,
            commands::centers::save_center_records,
            commands::centers::center_history,
            commands::centers::record_decision,
            commands::centers::center_statuses,
            commands::centers::due_items,
            commands::centers::confirm_rectification,
            commands::centers::export_due_list,
            commands::centers::year_overview,
            commands::centers::export_year_overview,
            commands::centers::create_follow_up_review,
            commands::centers::add_evidence_file,
            commands::centers::save_evidence_file,
            commands::centers::settings,
            commands::centers::save_settings,
            commands::reviews::list_reviews,
            commands::reviews::create_review,
            commands::reviews::get_review,
            commands::reviews::add_panel_member,
            commands::reviews::remove_panel_member,
            commands::reviews::compliance_checks,
            commands::reviews::funding_caps,
            commands::scoring::panel_progress,
            commands::scoring::sign_in,
            commands::scoring::sign_out,
            commands::scoring::unlock_pin,
            commands::scoring::current_session,
            commands::scoring::keep_session,
            commands::scoring::declare,
            commands::scoring::my_declaration,
            commands::scoring::my_sheet,
            commands::scoring::save_answer,
            commands::scoring::save_opinion,
            commands::scoring::submit_sheet,
            commands::scoring::reopen_sheet,
            commands::scoring::my_revisions,
            commands::scoring::view_sheet,
            commands::scoring::my_site_notes,
            commands::scoring::add_site_note,
            commands::scoring::update_site_note,
            commands::scoring::delete_site_note,
            commands::scoring::my_photos,
            commands::scoring::add_photos,
            commands::scoring::describe_photo,
            commands::scoring::photo_thumbnail,
            commands::scoring::consolidation,
            commands::scoring::open_round,
            commands::scoring::current_round,
            commands::scoring::save_round_answer,
            commands::scoring::my_round_answers,
            commands::scoring::panel_opinion,
            commands::scoring::save_panel_opinion,
            commands::scoring::approve_panel_opinion,
            commands::scoring::request_justification,
            commands::scoring::justifications,
            commands::scoring::my_justifications,
            commands::scoring::answer_justification,
            commands::documents::conclude_review,
            commands::documents::reopen_review,
            commands::documents::review_conclusion,
            commands::documents::export_document,
            commands::documents::document_file_name,
            commands::documents::export_workbook,
            commands::documents::save_hand_signature,
            commands::documents::my_hand_signature,
            commands::documents::missing_hand_signatures,
            commands::documents::workbook_file_name,
            commands::documents::my_signing_identity,
            commands::documents::create_signing_identity,
            commands::documents::import_signing_identity,
            commands::documents::verify_document,
            commands::trust::department_root,
            commands::trust::create_department_root,
            commands::trust::export_department_root,
            commands::trust::read_certificate_request,
            commands::trust::issue_certificate,
            commands::trust::issued_certificates,
            commands::trust::revoke_certificate,
            commands::trust::publish_crl,
            commands::trust::trusted_roots,
            commands::trust::trust_root_file,
            commands::trust::remove_trusted_root,
            commands::trust::import_crl_file,
            commands::trust::verify_documents,
            commands::trust::export_verification,
            commands::trust::create_certificate_request,
            commands::trust::import_issued_certificate,
            commands::bulk::save_center_template,
            commands::bulk::preview_center_import,
            commands::bulk::import_centers,
            commands::bulk::save_expert_template,
            commands::bulk::preview_expert_import,
            commands::bulk::import_experts,
            commands::bulk::list_experts,
            commands::exchange::package_file_names,
            commands::exchange::export_review_package,
            commands::exchange::export_sheet_package,
            commands::exchange::open_review_package,
            commands::exchange::import_sheet_packages,
            commands::exchange::cancel_import,
            commands::exchange::exchange_state,
            commands::exchange::adopt_sheet_package,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("无法启动技术创新中心专家评审：{e}");
            std::process::exit(1);
        });
}
