//! Every document type, laid out, written and read back with poppler's tools.

mod common;
mod documents;
mod font;
mod opinion;
