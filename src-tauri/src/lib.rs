//! The desktop shell: opens the store, registers the commands, and nothing else.

mod commands;
mod error;
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
            commands::templates::list_templates,
            commands::templates::import_template,
            commands::templates::get_template,
            commands::centers::list_centers,
            commands::centers::create_center,
            commands::centers::update_center,
            commands::reviews::list_reviews,
            commands::reviews::create_review,
            commands::reviews::get_review,
            commands::reviews::add_panel_member,
            commands::reviews::remove_panel_member,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("无法启动技术创新中心专家评审：{e}");
            std::process::exit(1);
        });
}
