//! The wrong-PIN policy, case by case (waits worked by hand: 30 s doubling from the fourth wrong PIN).

use tic_domain::pin::{pin_gate, wait_after, wait_in_words, PinGate};

#[test]
fn the_first_three_mistakes_are_free_then_each_try_waits_twice_as_long_then_a_member_is_locked() {
    // (wrong PINs in a row, seconds since the last, chair?) → gate
    let cases = [
        (0, 0, false, PinGate::Open),
        (2, 0, false, PinGate::Open),
        (3, 0, false, PinGate::Wait { seconds: 30 }),
        (3, 29, false, PinGate::Wait { seconds: 1 }),
        (3, 30, false, PinGate::Open),
        (4, 10, false, PinGate::Wait { seconds: 50 }),
        (5, 0, false, PinGate::Wait { seconds: 120 }),
        (5, 120, false, PinGate::Open),
        (6, 0, false, PinGate::Locked),
        (6, 100_000, false, PinGate::Locked),
        // The chair is never locked; the waits go on doubling up to 15 minutes.
        (6, 0, true, PinGate::Wait { seconds: 240 }),
        (7, 0, true, PinGate::Wait { seconds: 480 }),
        (8, 0, true, PinGate::Wait { seconds: 900 }),
        (40, 0, true, PinGate::Wait { seconds: 900 }),
        (40, 900, true, PinGate::Open),
    ];
    for (failures, elapsed, chair, gate) in cases {
        assert_eq!(pin_gate(failures, elapsed, chair), gate, "{failures} wrong, {elapsed} s ago, chair {chair}");
    }
    assert_eq!([wait_after(1), wait_after(3), wait_after(4), wait_after(5)], [0, 30, 60, 120]);
}

#[test]
fn waits_are_said_in_minutes_and_seconds() {
    assert_eq!(wait_in_words(30), "30 秒");
    assert_eq!(wait_in_words(120), "2 分钟");
    assert_eq!(wait_in_words(90), "1 分 30 秒");
}
