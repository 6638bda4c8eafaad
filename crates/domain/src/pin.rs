//! How many wrong PINs a panel member may enter on a shared laptop. A four-digit PIN has 10,000
//! values: without a limit, a colleague could try them all in an afternoon. The first few mistakes
//! cost nothing (people mistype); after that each try waits, twice as long each time; after more,
//! a member is locked until the chair unlocks them with the chair's own PIN. The chair is never
//! locked (nobody could unlock them), but their waits grow to a quarter of an hour.

/// Wrong PINs in a row that cost nothing.
pub const FREE_ATTEMPTS: u32 = 3;
/// Wrong PINs in a row after which a member is locked.
pub const LOCK_AFTER: u32 = 6;
/// The first wait, in seconds; each further wrong PIN doubles it.
pub const FIRST_WAIT_SECONDS: i64 = 30;
/// The longest wait, in seconds (the chair's, once many PINs were wrong).
pub const LONGEST_WAIT_SECONDS: i64 = 15 * 60;

/// Whether a PIN may be tried now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinGate {
    Open,
    /// Try again after this many seconds.
    Wait { seconds: i64 },
    /// Only the chair can unlock this member.
    Locked,
}

/// The wait that follows the `failures`-th wrong PIN in a row, in seconds (0 while free).
pub fn wait_after(failures: u32) -> i64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(10);
    (FIRST_WAIT_SECONDS << doublings).min(LONGEST_WAIT_SECONDS)
}

/// The gate for a member with `failures` wrong PINs in a row, the last `elapsed` seconds ago.
pub fn pin_gate(failures: u32, elapsed: i64, is_chair: bool) -> PinGate {
    if failures >= LOCK_AFTER && !is_chair {
        return PinGate::Locked;
    }
    match wait_after(failures) - elapsed.max(0) {
        left if left > 0 => PinGate::Wait { seconds: left },
        _ => PinGate::Open,
    }
}

/// "30 秒", "2 分钟", "1 分 30 秒": how a wait is said to the person at the keyboard.
pub fn wait_in_words(seconds: i64) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s} 秒"),
        (m, 0) => format!("{m} 分钟"),
        (m, s) => format!("{m} 分 {s} 秒"),
    }
}
