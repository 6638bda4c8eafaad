//! tic-sign's integration tests, one binary: signing real files, and trusting their signers.

mod external;
mod pades;
mod trust;
