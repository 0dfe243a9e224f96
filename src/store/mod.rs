//! The only code that touches sled. Every change is one transaction over the
//! item, its index entries, its history and the status counts, and is flushed
//! to disk before the call returns: a caller that got `Ok` may tell the
//! officer it is done (ARCHITECTURE.md rule 1). What an arrival *means* for
//! the inquiry it follows up is not decided here: `commit_page` asks the
//! caller's `ArrivalRules` (the queue's `DeskArrivals`), so desk policy stays
//! in the queue layer.
//!
//! Here: opening the store and the types every part shares; a fetched page
//! is committed in `page`, a change to one inquiry written in `write`,
//! reads in `read`, errors in `error`.
//!
//! Trees:
//! - `items`: id -> Inquiry (JSON)
//! - `identity`: source NUL platform-id -> id (dedupe, rule 2)
//! - `queue`: status, priority, queued time, id -> () (the listing index)
//! - `events`: id, seq -> Event (history)
//! - `cursors`: fetcher name -> cursor, committed with the page it ends
//! - `counts`: status -> number of inquiries in it
//! - `threads`: source, author, conversation -> the inquiry it opened
//! - `replies`, `outbox`: the reply outbox (see `outbox.rs`)
//! - `escalations`, `escalation_open`: escalations and those still open
//! - `chain`: the history's hash chain (see `chain.rs`)
//! - `subjects`: people who asked that their data not be used (`privacy.rs`)
//! - `drafts`: officers' unsent replies and escalations (`drafts.rs`)
//! - `groups`, `grouped`: near-identical pleas grouped (`groups.rs`)
//! - `crises`: the crises opened on the desk (`crises.rs`)
//! - `learned`: the desk's learned model (`learned.rs`)

pub mod chain;
mod crises;
mod disk;
mod drafts;
mod error;
mod group_edit;
mod groups;
mod keys;
mod learned;
mod live;
mod lock;
mod maintain;
mod outbox;
mod page;
mod privacy;
mod read;
mod rewrite;
mod salvage;
pub mod seal;
mod write;

pub use error::{StoreError, StoreResult};
pub use groups::Placed;
pub use live::{LiveStore, Rewrite};
pub use maintain::{BackupReport, CheckReport};
pub use outbox::{Outboxed, check_usable};
pub use page::{ArrivalRules, PageCommit};
pub use privacy::{Pseudonyms, is_author, normalize_handle};
pub use salvage::SalvageReport;

use std::path::{Path, PathBuf};

use sled::transaction::{ConflictableTransactionError, TransactionError};

pub use keys::QueuePos;
use lock::StoreLock;
use write::{
    Edit, Trees, add_count, add_count_plain, append_events, decode_count, last_number, load,
    next_number, position, save_edit, thread_key,
};

use crate::model::{Inquiry, Status};

/// sled's default page cache is 1 GiB; a jump host shared by several
/// officers cannot give each store that much.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// One field change that becomes a history event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub what: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// The digest of what the person wrote, for `received`/`follow_up`.
    pub content: Option<String>,
}

impl FieldChange {
    pub fn new(what: &str, before: Option<String>, after: Option<String>) -> FieldChange {
        FieldChange {
            what: what.to_string(),
            before,
            after,
            content: None,
        }
    }

    /// The same change, covering what the person wrote (`chain.rs`).
    pub fn covering(mut self, digest: String) -> FieldChange {
        self.content = Some(digest);
        self
    }
}

/// Counts of inquiries per status, read without scanning the queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusCounts(pub Vec<(Status, u64)>);

impl StatusCounts {
    pub fn get(&self, status: Status) -> u64 {
        self.0
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    pub fn open(&self) -> u64 {
        Status::OPEN.iter().map(|s| self.get(*s)).sum()
    }
}

/// A narrower index over the queue: every inquiry is in `All`; one an
/// officer holds is also in `ClaimedBy(officer)`; a private message is also
/// in `Private`; one tagged `krisis:NAME` is also in `Crisis(NAME)` (#16).
/// Each facet keeps its own order and counts, so "Mine", "Private
/// messages" and a crisis's tab list and count without scanning the queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    #[default]
    All,
    ClaimedBy(String),
    Private,
    /// The inquiries carrying the tag of the crisis of this name.
    Crisis(String),
}

impl Facet {
    fn key(&self) -> String {
        match self {
            Facet::All => String::new(),
            Facet::ClaimedBy(officer) => format!("c:{officer}"),
            Facet::Private => "ch:private".into(),
            Facet::Crisis(name) => format!("k:{name}"),
        }
    }

    /// The facets an inquiry belongs to, as index key prefixes.
    fn keys_of(inq: &Inquiry) -> Vec<String> {
        let mut out = vec![Facet::All.key()];
        if let Some(officer) = &inq.claimed_by {
            out.push(Facet::ClaimedBy(officer.clone()).key());
        }
        if inq.channel == crate::model::Channel::Private {
            out.push(Facet::Private.key());
        }
        // Only `krisis:` tags give a facet, and no store before crises
        // (#16) holds one, so an old store needs no backfill: every
        // inquiry gains or loses the facet in the transaction that tags
        // or untags it (`write::save_edit`), as with a claim.
        for tag in &inq.tags {
            if let Some(name) = tag.strip_prefix(crate::model::crisis::TAG_PREFIX) {
                let key = Facet::Crisis(name.to_string()).key();
                if !out.contains(&key) {
                    out.push(key);
                }
            }
        }
        out
    }
}

pub struct Store {
    db: sled::Db,
    items: sled::Tree,
    identity: sled::Tree,
    queue: sled::Tree,
    events: sled::Tree,
    cursors: sled::Tree,
    counts: sled::Tree,
    threads: sled::Tree,
    replies: sled::Tree,
    outbox: sled::Tree,
    escalations: sled::Tree,
    escalation_open: sled::Tree,
    chain: sled::Tree,
    /// Seals the history's head (`seal.rs`).
    seal: seal::SealKey,
    subjects: sled::Tree,
    /// Officers' unsent work (`drafts.rs`); not in the history.
    drafts: sled::Tree,
    /// Near-identical pleas grouped (`groups.rs`); not in the history.
    groups: sled::Tree,
    grouped: sled::Tree,
    /// Crises opened on the desk (`crises.rs`); not in the history.
    crises: sled::Tree,
    /// The desk's learned model (`learned.rs`); not in the history.
    learned: sled::Tree,
    /// Writers hold it shared; a backup or a repair holds it alone.
    gate: std::sync::RwLock<()>,
    path: PathBuf,
    cache_bytes: u64,
    /// sled met an I/O error: it writes nothing more until reopened.
    broken: std::sync::atomic::AtomicBool,
    /// What opening had to do beyond the ordinary.
    notices: Vec<crate::i18n::Said>,
    lock: std::sync::Arc<StoreLock>,
}

type TxResult<T> = Result<T, ConflictableTransactionError<StoreError>>;

fn abort<T>(e: StoreError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(e))
}

fn unwrap_tx<T>(r: Result<T, TransactionError<StoreError>>) -> StoreResult<T> {
    r.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("model types always serialize")
}

fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> StoreResult<T> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        what: what.to_string(),
        detail: e.to_string(),
    })
}

impl Store {
    /// Open (or create) the store in `dir`, which is created 0700. Fails at
    /// once if another process holds it.
    pub fn open(dir: &Path) -> StoreResult<Store> {
        Store::open_with_cache(dir, DEFAULT_CACHE_BYTES)
    }

    pub fn open_with_cache(dir: &Path, cache_bytes: u64) -> StoreResult<Store> {
        let open_err = |source| StoreError::Open {
            path: dir.to_path_buf(),
            source,
        };
        create_private_dir(dir).map_err(open_err)?;
        let lock = std::sync::Arc::new(StoreLock::acquire(dir)?);
        Store::open_locked(dir, cache_bytes, lock)
    }

    /// Open the store in `dir` whose lock this process already holds.
    pub(super) fn open_locked(
        dir: &Path,
        cache_bytes: u64,
        lock: std::sync::Arc<StoreLock>,
    ) -> StoreResult<Store> {
        rewrite::finish_interrupted(dir).map_err(|source| StoreError::Open {
            path: dir.to_path_buf(),
            source,
        })?;
        let (db, notices) = disk::open_sled(dir, cache_bytes)?;
        let state = chain::history_state(&db.open_tree("chain")?, &db.open_tree("events")?)?;
        let (seal, pending) = history_seal(dir, state)?;
        let mut store = Store::from_parts(dir, db, seal, lock, cache_bytes)?;
        store.notices = notices;
        match state {
            chain::HistoryState::Unlinked => {
                let events = store.relink_history()?;
                tracing::info!(events, "history chained");
            }
            chain::HistoryState::Chained { sealed: false } => {
                store.seal_head()?;
                tracing::info!(head = %store.history_head()?, "history head sealed");
            }
            _ => {}
        }
        if let Some(pending) = pending {
            pending.install()?;
        }
        Ok(store)
    }

    /// Start the history's tamper evidence again from what the store holds
    /// now, under a new `chain.key`: after the chain or the key was lost.
    /// A chain whose links still verify is kept and only sealed again; a
    /// removed one is linked anew. Logged as a warning with the new head;
    /// returns (events, whether they were linked anew, the new head).
    pub fn reseal(dir: &Path, officer: &str) -> StoreResult<(u64, bool, String)> {
        let lock = std::sync::Arc::new(StoreLock::acquire(dir)?);
        let (db, _) = disk::open_sled(dir, DEFAULT_CACHE_BYTES)?;
        seal::discard_key(dir)?;
        let (key, pending) = seal::fresh_key(dir)?;
        let store = Store::from_parts(dir, db, key, lock, DEFAULT_CACHE_BYTES)?;
        let links_hold = store.chain.get(b"head")?.is_some() && {
            let report = store.verify_chain()?;
            report
                .broken
                .is_none_or(|b| b.inquiry.is_none() && b.problem.contains("seal"))
        };
        let (events, relinked) = if links_hold {
            store.seal_head()?;
            (store.chain_head_events()?, false)
        } else {
            (store.relink_history()?, true)
        };
        pending.install()?;
        let head = store.history_head()?;
        tracing::warn!(officer, events, relinked, head = %head, "history resealed under a new key");
        Ok((events, relinked, head))
    }

    fn chain_head_events(&self) -> StoreResult<u64> {
        let head = self.history_head()?;
        Ok(head
            .split(':')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0))
    }

    fn from_parts(
        dir: &Path,
        db: sled::Db,
        seal: seal::SealKey,
        lock: std::sync::Arc<StoreLock>,
        cache_bytes: u64,
    ) -> StoreResult<Store> {
        let tree = |name: &str| db.open_tree(name);
        let store = Store {
            items: tree("items")?,
            identity: tree("identity")?,
            queue: tree("queue")?,
            events: tree("events")?,
            cursors: tree("cursors")?,
            counts: tree("counts")?,
            threads: tree("threads")?,
            replies: tree("replies")?,
            outbox: tree("outbox")?,
            escalations: tree("escalations")?,
            escalation_open: tree("escalation_open")?,
            chain: tree("chain")?,
            subjects: tree("subjects")?,
            drafts: tree("drafts")?,
            groups: tree("groups")?,
            grouped: tree("grouped")?,
            crises: tree("crises")?,
            learned: tree("learned")?,
            gate: std::sync::RwLock::new(()),
            seal,
            db,
            path: dir.to_path_buf(),
            cache_bytes,
            broken: Default::default(),
            notices: Vec::new(),
            lock,
        };
        Ok(store)
    }

    /// Held by every write, so a backup sees whole transactions only.
    fn writing(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.gate.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn flush(&self) -> StoreResult<()> {
        self.settle()?;
        Ok(())
    }
}

/// The key that seals this store's history, refusing to make one up when
/// the history is already sealed (or its chain is gone): that is for
/// `siaga audit reseal`, never done quietly. A new key is installed only
/// once the store is sealed with it.
fn history_seal(
    dir: &Path,
    state: chain::HistoryState,
) -> StoreResult<(seal::SealKey, Option<seal::PendingKey>)> {
    use chain::HistoryState::*;
    let key = seal::read_key(dir)?;
    let store = dir.display().to_string();
    match (state, key) {
        (Orphaned { linked }, _) => Err(StoreError::Refused(crate::said!(
            "refused-chain-gone",
            store = store,
            linked = linked.to_string()
        ))),
        (Chained { sealed: true }, None) => Err(StoreError::Refused(crate::said!(
            "refused-seal-key-missing",
            store = store,
            key = seal::key_path(dir).display().to_string()
        ))),
        (Chained { sealed: false }, Some(_)) => Err(StoreError::Refused(crate::said!(
            "refused-seal-lost",
            store = store
        ))),
        (_, Some(key)) => Ok((key, None)),
        (_, None) => {
            let (key, pending) = seal::fresh_key(dir)?;
            Ok((key, Some(pending)))
        }
    }
}

/// Create `dir` (and parents) readable by its owner only.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let mode = std::fs::metadata(dir)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}
