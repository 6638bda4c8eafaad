//! Integration tests of the store: opening and migrating, templates, centers, reviews, panels.

mod audit;
mod backup;
mod conclusions;
mod corrupt;
mod draws;
mod encryption;
mod exchange;
mod followups;
mod fixtures;
mod full_disk;
mod lifecycle;
mod open;
mod pins;
mod records;
mod reviews;
mod schemas;
mod secrets;
mod sheets;
mod signatures;
mod snapshots;
mod visits;
mod templates;
