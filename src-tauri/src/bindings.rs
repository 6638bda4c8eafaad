//! `ui/src/lib/bindings.ts`: the TypeScript declarations of every type that crosses IPC — the
//! domain's (from `tic_domain::bindings`) and the shell's own (`dto`). The file is committed; this
//! test fails when it is stale, and `UPDATE_BINDINGS=1 cargo test -p tic-review-app bindings`
//! rewrites it.

use std::path::PathBuf;

use ts_rs::TS;

use crate::dto::{
    AppInfo, AuditRow, ConclusionView, AuditView, BackupView, CommandError, DatabaseState, SnapshotView, DocumentKindCode, ErrorCode, ExpertSession, ExportedDocument, IdentityView, ImportPreview, ImportProblem,
    ImportProgress, ImportRow, PackageNames, VerificationView, CertificateView, DepartmentRootView, RequestView, IssuedView,
    TrustedRootView, CrlView, VerifyRowView,
};

fn typescript() -> String {
    let cfg = tic_domain::bindings::config();
    let shell = [
        ErrorCode::decl(&cfg),
        CommandError::decl(&cfg),
        DatabaseState::decl(&cfg),
        SnapshotView::decl(&cfg),
        AppInfo::decl(&cfg),
        ConclusionView::decl(&cfg),
        AuditRow::decl(&cfg),
        AuditView::decl(&cfg),
        BackupView::decl(&cfg),
        ExpertSession::decl(&cfg),
        DocumentKindCode::decl(&cfg),
        ExportedDocument::decl(&cfg),
        IdentityView::decl(&cfg),
        VerificationView::decl(&cfg),
        CertificateView::decl(&cfg),
        DepartmentRootView::decl(&cfg),
        RequestView::decl(&cfg),
        IssuedView::decl(&cfg),
        TrustedRootView::decl(&cfg),
        CrlView::decl(&cfg),
        VerifyRowView::decl(&cfg),
        ImportRow::decl(&cfg),
        ImportProblem::decl(&cfg),
        ImportPreview::decl(&cfg),
        PackageNames::decl(&cfg),
        ImportProgress::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in crates/domain and src-tauri/src/dto.rs by\n\
         // `UPDATE_BINDINGS=1 cargo test -p tic-review-app bindings`.\n\
         // Do not edit by hand: a test fails when this file and the Rust types disagree.\n\
         // Points are exact decimal strings such as \"7.5\"; dates are \"YYYY-MM-DD\".\n\n",
    );
    for decl in tic_domain::bindings::declarations().into_iter().chain(shell) {
        out.push_str("export ");
        out.push_str(decl.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn bindings_are_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let expected = typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).expect("write bindings");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == expected, "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p tic-review-app bindings`");
}
