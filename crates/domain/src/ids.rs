//! Typed identifiers, so that a `ReviewId` can never be passed where an `ExpertId` is meant.

use serde::{Deserialize, Serialize};

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

row_id!(
    /// A technology innovation center (技术创新中心).
    CenterId
);
row_id!(
    /// One review of one center at one stage (一次评审).
    ReviewId
);
row_id!(
    /// A person in the expert pool (评审专家); the same expert may sit on many panels.
    ExpertId
);
row_id!(
    /// A note in an expert's site-visit record (考察记录).
    SiteNoteId
);
row_id!(
    /// A site-visit photo as recorded for one expert in one review.
    PhotoId
);
row_id!(
    /// A score-sheet package kept on the chair's laptop.
    SheetPackageId
);

/// A rubric template's stable identifier, e.g. `nm.consultation`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(transparent)]
pub struct TemplateId(pub String);

/// A criterion's identifier, unique within its template, e.g. `nm.c.A1`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(transparent)]
pub struct CriterionId(pub String);

impl std::fmt::Display for TemplateId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for CriterionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
