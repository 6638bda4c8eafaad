//! The pure model of TIC Review: centers, reviews, panels, rubric templates and exact points.
//!
//! Nothing here does IO; every rule that decides what is valid lives here so it can be tested
//! without a database or a window.

pub mod bindings;
pub mod builtin;
pub mod center;
pub mod compliance;
pub mod consolidation;
pub mod draw;
pub mod due;
pub mod exchange;
pub mod followup;
pub mod funding;
pub mod ids;
pub mod input;
pub mod lifecycle;
pub mod overview;
pub mod panel_opinion;
pub mod pin;
pub mod points;
pub mod records;
pub mod region;
pub mod review;
pub mod sheet;
pub mod signing;
pub mod template;
pub mod visit;

pub use center::{Center, CenterDraft, CommitteeKind, CommitteeMember, CommitteeRole};
pub use ids::{CenterId, CriterionId, ExpertId, PhotoId, ReviewId, SheetPackageId, SiteNoteId, TemplateId};
pub use input::InputError;
pub use lifecycle::{CenterStatus, Decision, DecisionDraft, DecisionKind, Proposal};
pub use points::{Points, PointsError};
pub use region::{Region, Stage, SEED_DOCUMENTS};
pub use review::{
    ExpertType, PanelMember, PanelMemberDraft, PanelRole, PoolExpert, ReviewDetail, ReviewDraft, ReviewFilter, ReviewStatus,
    ReviewSummary,
};
pub use template::{Template, TemplateError, TemplateMode, TemplateSummary};
