//! From the store to files and back: the Excel imports and the exchange packages between laptops.

mod bulk;
mod exchange;
mod permissions;
mod secrets;
