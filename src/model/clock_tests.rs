//! When a retry is due, how long to wait for it, and a rate limit's retry.
//! Compiled only under `#[cfg(test)]` (see the `mod clock_tests;` in `retry.rs`).

use super::*;

fn at(mins: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap() + SignedDuration::from_mins(mins)
}

#[test]
fn a_retry_beyond_the_longest_wait_is_due_after_the_clock_stepped_back() {
    let now = at(0);
    assert!(retry_due(None, now));
    assert!(retry_due(Some(at(-1)), now));
    assert!(!retry_due(Some(at(5)), now));
    // Scheduled for 30 s ahead, then the clock stepped back an hour.
    let stepped_back = at(-60);
    assert!(retry_due(
        Some(now + SignedDuration::from_secs(30)),
        stepped_back
    ));
    assert_eq!(retry_wait(Some(at(5)), now), SignedDuration::from_mins(5));
    assert_eq!(retry_wait(Some(at(-5)), now), SignedDuration::ZERO);
    assert_eq!(retry_wait(Some(at(90)), now), SignedDuration::ZERO);
}

#[test]
fn a_rate_limit_reset_is_kept_within_floor_and_ceiling() {
    let now = at(0);
    let floor = SignedDuration::from_secs(8);
    // The clock a day ahead: the reset looks long past.
    assert_eq!(rate_limited_retry(at(-24 * 60), now, floor), now + floor);
    assert_eq!(rate_limited_retry(at(3), now, floor), at(3));
    // The clock an hour behind: the reset looks an hour away.
    assert_eq!(rate_limited_retry(at(63), now, floor), at(15));
}
