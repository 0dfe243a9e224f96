//! How far one poll may walk (#20 item 7). A platform that never stops
//! paging (a `next_token` that repeats or never ends, a server that ignores
//! `min_id`) must not hold a fetcher, or `ingest --once`, forever: each walk
//! stops after `max_pages` pages or `max_walk_secs`, whichever comes first,
//! and picks up where it stopped at the next poll.

use std::collections::HashSet;
use std::time::{Duration, Instant};

/// The bounds of one walk, from `[[sources]] max_pages` and `max_walk_secs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkLimits {
    pub max_pages: usize,
    pub max_time: Duration,
}

impl Default for WalkLimits {
    fn default() -> Self {
        WalkLimits {
            max_pages: 50,
            max_time: Duration::from_secs(120),
        }
    }
}

/// Why a walk stopped before the platform said it was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    Pages(usize),
    Time(Duration),
    /// The platform offered a page token it had already given in this walk.
    RepeatedToken,
    /// The platform answered a `min_id` with nothing newer than it.
    NotAdvancing,
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::Pages(n) => write!(f, "stopped after {n} pages (max_pages)"),
            Cut::Time(t) => write!(f, "stopped after {} s (max_walk_secs)", t.as_secs()),
            Cut::RepeatedToken => f.write_str("the platform repeated a page token"),
            Cut::NotAdvancing => f.write_str("the platform ignored min_id (no newer page)"),
        }
    }
}

/// One walk's budget: pages taken, time spent, tokens seen.
pub struct Budget {
    limits: WalkLimits,
    started: Instant,
    pages: usize,
    tokens: HashSet<String>,
}

impl Budget {
    pub fn new(limits: WalkLimits) -> Budget {
        Budget {
            limits,
            started: Instant::now(),
            pages: 0,
            tokens: HashSet::new(),
        }
    }

    /// Count one page fetched.
    pub fn page(&mut self) {
        self.pages += 1;
    }

    /// Whether the walk may fetch one more page.
    pub fn exhausted(&self) -> Option<Cut> {
        if self.pages >= self.limits.max_pages.max(1) {
            return Some(Cut::Pages(self.pages));
        }
        let spent = self.started.elapsed();
        (spent >= self.limits.max_time).then_some(Cut::Time(spent))
    }

    /// Whether `token` may be followed: one already followed in this walk
    /// would go round in a circle.
    pub fn follow(&mut self, token: &str) -> Result<(), Cut> {
        if self.tokens.insert(token.to_string()) {
            Ok(())
        } else {
            Err(Cut::RepeatedToken)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_and_tokens_seen_once() {
        let mut b = Budget::new(WalkLimits {
            max_pages: 2,
            max_time: Duration::from_secs(60),
        });
        assert_eq!(b.exhausted(), None);
        b.page();
        assert!(b.follow("t1").is_ok());
        assert_eq!(b.follow("t1"), Err(Cut::RepeatedToken));
        b.page();
        assert_eq!(b.exhausted(), Some(Cut::Pages(2)));
    }

    #[test]
    fn no_time_left_stops_the_walk() {
        let b = Budget::new(WalkLimits {
            max_pages: 10,
            max_time: Duration::ZERO,
        });
        assert!(matches!(b.exhausted(), Some(Cut::Time(_))));
    }
}
