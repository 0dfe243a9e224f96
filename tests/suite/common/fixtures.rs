//! The recorded platform exchanges in `tests/data/{x,mastodon}`: one loader
//! for every test that replays them.

use serde_json::Value;

/// Every entry of the cassette `tests/data/{platform}/{name}`, its JSON
/// text passed through `rewrite` first.
pub fn cassette_with(platform: &str, name: &str, rewrite: impl Fn(String) -> String) -> Vec<Value> {
    let path = format!(
        "{}/tests/data/{platform}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&rewrite(text)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every entry of the cassette `tests/data/{platform}/{name}`, as recorded.
pub fn cassette(platform: &str, name: &str) -> Vec<Value> {
    cassette_with(platform, name, |text| text)
}
