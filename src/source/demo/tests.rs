//! The demo feed: each seed told once, then new people writing slowly.
//! Compiled only under `#[cfg(test)]` (see the `mod tests;` in its parent).

use std::collections::BTreeSet;

use super::*;

/// A feed started `ago`, 30 seeds on its first screen, one a second.
fn feed(ago: Duration) -> Feed {
    Feed {
        seeds: seeds(),
        started: Instant::now() - ago,
        started_at: Timestamp::now() - SignedDuration::try_from(ago).unwrap(),
        initial: 30,
        release: Duration::from_secs(1),
        posted: Mutex::new(Vec::new()),
        escalations: Mutex::new(Vec::new()),
    }
}

#[test]
fn each_seed_is_told_once_then_new_people_write_slowly() {
    let seeds = seeds().len() as u64;
    assert_eq!(feed(Duration::ZERO).released(), 30);
    let told = seeds - 30;
    assert_eq!(feed(Duration::from_secs(told)).released(), seeds);
    // Then one every ten seconds, not one a second.
    let later = feed(Duration::from_secs(told + 35));
    assert_eq!(later.released(), seeds + 3);
    let long = feed(Duration::from_secs(told + 3_600));
    let items: Vec<Item> = (0..long.released()).map(|n| long.item(n)).collect();
    let said: BTreeSet<(&str, &str)> = items
        .iter()
        .map(|i| (i.seed.handle.as_str(), i.seed.text.as_str()))
        .collect();
    assert_eq!(said.len(), items.len(), "nobody says the same thing twice");
    let seed_authors: BTreeSet<&str> = items[..seeds as usize]
        .iter()
        .map(|i| i.seed.handle.as_str())
        .collect();
    assert!(
        items[seeds as usize..]
            .iter()
            .all(|i| !seed_authors.contains(i.seed.handle.as_str())),
        "the made-up inquiries are new people"
    );
    let now = Timestamp::now();
    for pair in items.windows(2) {
        assert!(pair[0].created_at < pair[1].created_at);
    }
    assert!(items.iter().all(|i| i.created_at <= now));
}
