//! From the store to files and back: the Excel imports and the exchange packages between laptops.

mod audit;
mod bulk;
mod draw_record;
mod exchange;
mod panel_by_file;
mod permissions;
mod secrets;
mod trust;

/// The fixed key every test database is encrypted with (the bytes of "TIC-REVIEW-TEST-KEY-fixed-key-32");
/// tests never reach the operating system's secret store.
pub const TEST_KEY_HEX: &str = "5449432d5245564945572d544553542d4b45592d66697865642d6b65792d3332";

pub fn test_key() -> tic_store::DataKey {
    tic_store::DataKey::from_hex(TEST_KEY_HEX).expect("the test key is 64 hex digits")
}
