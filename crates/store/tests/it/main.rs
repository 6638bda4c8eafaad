//! Integration tests of the store: opening and migrating, templates, centers, reviews, panels.

mod corrupt;
mod exchange;
mod fixtures;
mod open;
mod records;
mod reviews;
mod sheets;
mod signatures;
mod visits;
mod templates;
