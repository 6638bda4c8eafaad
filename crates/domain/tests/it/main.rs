//! Integration tests of the domain crate: every shipped template, and template refusal messages.

mod compliance;
mod consolidation;
mod funding;
mod merge;
mod sheet;
mod templates;
