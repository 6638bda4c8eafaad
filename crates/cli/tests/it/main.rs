//! The `tic-review` binary, run as a person or a script would: one test binary, a module per command.

mod commands;
mod consolidate;
mod durability;
mod export;
