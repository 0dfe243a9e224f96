//! What the config says about one source (`[[sources]]`): which platform,
//! where, which account, where its token is, how often and how far to
//! poll. It lives with the platform clients that read it; `config`
//! gathers it with everything else.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    #[default]
    X,
    Mastodon,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceConfig {
    pub name: String,
    pub kind: SourceKind,
    pub base_url: String,
    /// The ministry account's user id. None: learned from the token's
    /// account at the first start (and kept in the queue).
    pub account_id: Option<String>,
    pub token_env: Option<String>,
    pub token_file: Option<PathBuf>,
    /// Seconds between two polls.
    pub poll_secs: u64,
    /// Longest wait for one request, in seconds (connect, read, total).
    pub timeout_secs: u64,
    /// X only: queries for `GET /2/tweets/search/recent`.
    pub searches: Vec<String>,
    /// Most pages one poll walks in each stream; the rest comes next poll.
    pub max_pages: usize,
    /// Longest one poll walks each stream, in seconds.
    pub max_walk_secs: u64,
}

impl Default for SourceConfig {
    fn default() -> Self {
        SourceConfig {
            name: String::new(),
            kind: SourceKind::X,
            base_url: String::new(),
            account_id: None,
            token_env: None,
            token_file: None,
            poll_secs: 60,
            timeout_secs: 30,
            searches: Vec::new(),
            max_pages: 50,
            max_walk_secs: 120,
        }
    }
}
