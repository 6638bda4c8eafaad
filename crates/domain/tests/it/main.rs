//! Integration tests of the domain crate: every shipped template, and template refusal messages.

mod compliance;
mod consolidation;
mod draw;
mod funding;
mod merge;
mod pin;
mod sheet;
mod templates;
