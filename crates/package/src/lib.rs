//! The files laptops exchange when a panel works one laptop per expert (see docs/package-format.md):
//! a **review package** from the chair (review, frozen template, center, roster) and a
//! **score-sheet package** from each expert (sheet, revisions, opinion, site-visit record, photos,
//! handwritten signature). From format 1.2 the panel's discussion and approval travel too: the
//! chair's **round** and **opinion** packages and each member's **approval** package. All are
//! ZIP archives whose `manifest.json` lists every other file with its SHA-256 and is signed (`signature.p7s`, detached CMS) by the sender's identity.
//!
//! The structures here are the format, written down once; they are deliberately not the internal
//! domain types, so the format changes only when its version does.

mod container;
mod content;
mod panel;

pub use container::{package_kind, read_package, write_package, Manifest, ManifestFile, OpenedPackage, PackageKind, FORMAT, FORMAT_VERSION};
pub use container::{MAX_ENTRIES, MAX_JSON_BYTES, MAX_PACKAGE_BYTES, MAX_PHOTO_BYTES};
pub use content::{
    AnswerPart, CenterPart, CommitteePart, DeclarationPart, NotePart, OpinionPart, PhotoPart, ReopeningPart, ReviewPackage,
    ReviewPart, RevisionPart, RosterEntry, RoundAnswerPart, RoundAnswersPart, SeatPart, SheetPackage, SheetPart, SiteVisitPart,
};
pub use panel::{
    ApprovalPackage, ApprovalPart, MatrixPart, MatrixRowPart, MemberScoresPart, OpinionItemPart, OpinionPackage, OpinionPackagePart,
    PanelOpinionPart, RectificationPart, RoundPackage, RoundPart, ScorePart,
};

/// Why a package was refused: each message names what was wrong, in the words a clerk reads.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PackageError {
    #[error("不是 TIC Review 交换包：{0}")]
    NotAPackage(String),
    #[error("交换包已损坏：{0}")]
    Corrupt(String),
    #[error("交换包过大：{0}")]
    TooLarge(String),
    #[error("交换包的签名无效：{0}")]
    Forged(String),
    #[error("此交换包由更新版本的 TIC Review 生成（格式版本 {found}），本软件只能读取 {supported}.x 版本；请升级软件后再导入")]
    NewerVersion { found: String, supported: u32 },
    #[error("交换包类型不对：需要{wanted}，这是{found}")]
    WrongKind { wanted: &'static str, found: &'static str },
    #[error("交换包内容有误：{0}")]
    Content(String),
    #[error("无法生成交换包：{0}")]
    Write(String),
}

/// A fresh identifier for a review shared between laptops (128 random bits, hex).
pub fn new_uid() -> String {
    let mut bytes = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
