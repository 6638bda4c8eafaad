//! One file of commands per area. Each takes the state plus one parameters struct and calls one
//! core function; anything longer belongs in the core.

pub mod app;
pub mod centers;
pub mod reviews;
pub mod scoring;
pub mod templates;
pub mod bulk;
pub mod documents;
pub mod exchange;
pub mod trust;
pub mod draws;

#[cfg(test)]
mod database_tests;
#[cfg(test)]
mod tests;
