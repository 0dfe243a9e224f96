//! The only code that touches sled. Every change is one transaction over the
//! item, its index entries, its history and the status counts, and is flushed
//! to disk before the call returns: a caller that got `Ok` may tell the
//! officer it is done (ARCHITECTURE.md rule 1). What an arrival *means* for
//! the inquiry it follows up is not decided here: `commit_page` asks the
//! caller's `ArrivalRules` (the queue's `DeskArrivals`), so desk policy stays
//! in the queue layer.
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

pub mod chain;
mod disk;
mod drafts;
mod groups;
mod keys;
mod live;
mod lock;
mod maintain;
mod outbox;
mod privacy;
mod rewrite;
mod salvage;
pub mod seal;

pub use groups::Placed;
pub use live::{LiveStore, Rewrite};
pub use maintain::{BackupReport, CheckReport};
pub use outbox::{Outboxed, check_usable};
pub use privacy::{Pseudonyms, is_author, normalize_handle};
pub use salvage::SalvageReport;

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use sled::transaction::{
    ConflictableTransactionError, TransactionError, Transactional, TransactionalTree,
};

pub use keys::QueuePos;
use keys::{event_key, identity_key, item_key, parse_queue_key, queue_key};
use lock::StoreLock;

use crate::i18n::Lang;
use crate::model::{Arrival, Event, Inquiry, InquiryId, Status};
use crate::tr;

/// sled's default page cache is 1 GiB; a jump host shared by several
/// officers cannot give each store that much.
pub const DEFAULT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store at {path} is in use by another siaga process{holder}.\n\
         Close that siaga, or if `siaga serve` runs on this host, start siaga as its client."
    )]
    Locked { path: PathBuf, holder: String },
    #[error("could not open the store at {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("storage error: {0}")]
    Sled(sled::Error),
    /// No room to write (ENOSPC, a quota, a file-size limit): nothing of
    /// the change was stored, and the store carries on once there is room.
    #[error(
        "{}: nothing of this change was stored; free some space and try again (no restart needed)",
        disk::full_words(dir, detail)
    )]
    DiskFull { dir: PathBuf, detail: String },
    /// The store's files are damaged (a flipped bit, a torn file).
    #[error(
        "the store{} is damaged: {detail}.\n\
         `siaga check` names what is unreadable; `siaga salvage --into NEW_DIR` copies everything readable into a fresh store",
        disk::at_words(path)
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("inquiry {0} does not exist")]
    NotFound(InquiryId),
    #[error("a stored record is unreadable ({what}): {detail}")]
    Corrupt { what: String, detail: String },
    #[error("{0}")]
    Refused(String),
    /// The inquiry must rest (restricted at the person's request, or
    /// erased): nothing may be sent or delivered for it.
    #[error("{0}")]
    Withheld(String),
    #[error("inquiry {id} is claimed by {holder}{}; confirm to take it over", since.map(|t| format!(" since {t}")).unwrap_or_default())]
    ClaimedBy {
        id: InquiryId,
        holder: String,
        since: Option<Timestamp>,
    },
    #[error("invalid identity: {0}")]
    InvalidIdentity(String),
}

impl StoreError {
    /// What the officer reads when a command ends with this error, in
    /// `lang`. English is the `Display` above (logs and tests read it);
    /// what the error carries (a path, a detail, a rule's own words)
    /// stays as it is.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => self.words(lang).unwrap_or_else(|| self.to_string()),
        }
    }

    /// The catalog's words for the errors an officer meets most; None for
    /// the rest. In English they are the `Display`'s (a unit test checks).
    fn words(&self, lang: Lang) -> Option<String> {
        let path = |p: &Path| p.display().to_string();
        Some(match self {
            StoreError::Locked { path: at, holder } => format!(
                "{}\n{}",
                tr!(lang, "cli-store-locked", path = path(at), holder = holder),
                tr!(lang, "cli-store-locked-what-to-do")
            ),
            StoreError::DiskFull { dir, detail } => {
                let place = if dir.as_os_str().is_empty() {
                    tr!(lang, "store-the-store")
                } else {
                    path(dir)
                };
                if disk::is_file_too_large(detail) {
                    tr!(lang, "store-file-too-large", place = place, detail = detail)
                } else {
                    tr!(lang, "store-disk-full", place = place, detail = detail)
                }
            }
            StoreError::Damaged { path: at, detail } => {
                let damaged = if at.as_os_str().is_empty() {
                    tr!(lang, "store-damaged", detail = detail)
                } else {
                    tr!(lang, "store-damaged-at", path = path(at), detail = detail)
                };
                format!("{damaged}\n{}", tr!(lang, "store-damaged-what-to-do"))
            }
            StoreError::NotFound(id) => tr!(lang, "store-not-found", id = id.to_string()),
            StoreError::Refused(why) | StoreError::Withheld(why) => {
                tr!(lang, "store-refused", why = why)
            }
            StoreError::ClaimedBy { id, holder, since } => match since {
                Some(t) => tr!(
                    lang,
                    "store-claimed-by-since",
                    id = id.to_string(),
                    holder = holder,
                    since = t.to_string()
                ),
                None => tr!(
                    lang,
                    "store-claimed-by",
                    id = id.to_string(),
                    holder = holder
                ),
            },
            StoreError::Open { .. }
            | StoreError::Sled(_)
            | StoreError::Corrupt { .. }
            | StoreError::InvalidIdentity(_) => return None,
        })
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

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

/// The desk's rules for what an arrival does, asked by `commit_page`
/// inside its transaction; the queue layer owns them
/// (`queue::DeskArrivals`), the store only commits what they decide.
pub trait ArrivalRules: Sync {
    /// Whether `arrival` continues `parent`, the inquiry of its thread or
    /// of the post it answers.
    fn continues(&self, parent: &Inquiry, arrival: &Arrival) -> bool;
    /// What a follow-up (already on `inquiry.followups`) changes besides,
    /// as history.
    fn after_follow_up(&self, inquiry: &mut Inquiry, arrival: &Arrival) -> Vec<FieldChange>;
    /// A new inquiry from a person whose data is under a standing
    /// restriction (`mark`).
    fn standing_restriction(
        &self,
        inquiry: &mut Inquiry,
        mark: crate::model::Mark,
    ) -> Vec<FieldChange>;
}

/// What one committed page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageCommit {
    pub new_ids: Vec<InquiryId>,
    /// Open inquiries that a follow-up in this page was attached to.
    pub attached_ids: Vec<InquiryId>,
    pub duplicates: usize,
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
/// in `Private`. Each facet keeps its own order and counts, so "Mine" and
/// "Private messages" list and count without scanning the queue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    #[default]
    All,
    ClaimedBy(String),
    Private,
}

impl Facet {
    fn key(&self) -> String {
        match self {
            Facet::All => String::new(),
            Facet::ClaimedBy(officer) => format!("c:{officer}"),
            Facet::Private => "ch:private".into(),
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
    /// Writers hold it shared; a backup or a repair holds it alone.
    gate: std::sync::RwLock<()>,
    path: PathBuf,
    cache_bytes: u64,
    /// sled met an I/O error: it writes nothing more until reopened.
    broken: std::sync::atomic::AtomicBool,
    /// What opening had to do beyond the ordinary.
    notices: Vec<String>,
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

    /// Insert the arrivals of one fetched page that are not yet known, and
    /// move the fetcher's cursor, in one durable transaction. What a
    /// follow-up or a restricted person's arrival changes is `rules`'s to
    /// decide (the desk's are `queue::DeskArrivals`); the store records it.
    pub fn commit_page(
        &self,
        rules: &dyn ArrivalRules,
        source: &str,
        arrivals: &[Arrival],
        cursor: Option<(&str, &str)>,
        now: Timestamp,
    ) -> StoreResult<PageCommit> {
        check_identity(source, arrivals)?;
        let _writing = self.writing();
        let inquiry_seed = last_number(&self.items)?;
        let pepper = self.pepper()?;
        let trees = (
            &self.items,
            &self.identity,
            &self.queue,
            &self.events,
            &self.cursors,
            &self.counts,
            &self.threads,
            &self.chain,
            &self.subjects,
        );
        let commit = self.committed(trees.transaction(
            |(items, identity, queue, events, cursors, counts, threads, chain, subjects)| {
                let edits = Trees {
                    items,
                    queue,
                    events,
                    counts,
                    chain,
                    seal: &self.seal,
                };
                let mut commit = PageCommit::default();
                for arrival in arrivals {
                    let ikey = identity_key(source, &arrival.external_id);
                    if identity.get(&ikey)?.is_some()
                        || identity
                            .get(privacy::tombstone_key(
                                &pepper,
                                source,
                                &arrival.external_id,
                            ))?
                            .is_some()
                    {
                        commit.duplicates += 1;
                        continue;
                    }
                    let parent = open_parent(source, arrival, items, identity, threads)?
                        .filter(|p| rules.continues(p, arrival));
                    if let Some(parent) = parent {
                        let (mut after, changes) = follow_up(rules, &parent, arrival, now);
                        save_edit(
                            &edits,
                            &parent,
                            &mut after,
                            Edit::by("siaga", now, &changes),
                        )?;
                        identity.insert(ikey, &item_key(parent.id))?;
                        commit.attached_ids.push(parent.id);
                        continue;
                    }
                    let id = InquiryId(next_number(counts, b"inquiry", inquiry_seed)?);
                    let mut inquiry = Inquiry::from_arrival(id, source, arrival.clone(), now);
                    let mut history = vec![
                        FieldChange::new("received", None, Some(source.to_string()))
                            .covering(chain::arrival_digest(&inquiry)),
                    ];
                    let handle = privacy::normalize_handle(&arrival.author.handle);
                    if let Some(mark) = subjects.get(handle.as_bytes())? {
                        match from_json::<crate::model::Mark>(&mark, "restriction") {
                            Ok(mark) => {
                                history.extend(rules.standing_restriction(&mut inquiry, mark))
                            }
                            Err(e) => return abort(e),
                        }
                    }
                    append_events(
                        (events, chain, &self.seal),
                        &mut inquiry,
                        "siaga",
                        now,
                        &history,
                    )?;
                    identity.insert(ikey, &item_key(id))?;
                    if let Some(conv) = &arrival.conversation_id {
                        threads.insert(
                            thread_key(source, arrival.author.key(), conv),
                            &item_key(id),
                        )?;
                    }
                    for facet in Facet::keys_of(&inquiry) {
                        queue
                            .insert(queue_key(&facet, inquiry.status, &position(&inquiry)), &[])?;
                        add_count(counts, &facet, inquiry.status, 1)?;
                    }
                    items.insert(&item_key(id), to_json(&inquiry))?;
                    commit.new_ids.push(id);
                }
                if let Some((name, value)) = cursor {
                    cursors.insert(name.as_bytes(), value.as_bytes())?;
                }
                Ok(commit)
            },
        ))?;
        self.settle()?;
        Ok(commit)
    }

    /// Change one inquiry with `edit`, which returns the field changes it
    /// made (or refuses). Item, index, counts and history move together.
    /// `edit` may run more than once if the transaction is retried.
    pub fn update<F>(
        &self,
        id: InquiryId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<Inquiry>
    where
        F: Fn(&mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        self.update_traced(id, officer, now, edit)
            .map(|(_, after)| after)
    }

    /// `update`, also returning the inquiry exactly as the change found it
    /// (what an undo must restore, whatever the caller saw earlier).
    pub fn update_traced<F>(
        &self,
        id: InquiryId,
        officer: &str,
        now: Timestamp,
        edit: F,
    ) -> StoreResult<(Inquiry, Inquiry)>
    where
        F: Fn(&mut Inquiry) -> StoreResult<Vec<FieldChange>>,
    {
        let _writing = self.writing();
        let trees = (
            &self.items,
            &self.queue,
            &self.events,
            &self.counts,
            &self.chain,
        );
        let updated =
            self.committed(trees.transaction(|(items, queue, events, counts, chain)| {
                let Some(before) = load(items, id)? else {
                    return abort(StoreError::NotFound(id));
                };
                let mut after = before.clone();
                let changes = match edit(&mut after) {
                    Ok(c) => c,
                    Err(e) => return abort(e),
                };
                if changes.is_empty() {
                    return Ok((before.clone(), before));
                }
                let trees = Trees {
                    items,
                    queue,
                    events,
                    counts,
                    chain,
                    seal: &self.seal,
                };
                save_edit(
                    &trees,
                    &before,
                    &mut after,
                    Edit::by(officer, now, &changes),
                )?;
                Ok((before, after))
            }))?;
        self.settle()?;
        Ok(updated)
    }

    pub fn get(&self, id: InquiryId) -> StoreResult<Inquiry> {
        let bytes = self
            .items
            .get(item_key(id))?
            .ok_or(StoreError::NotFound(id))?;
        from_json(&bytes, "inquiry")
    }

    pub fn find(&self, source: &str, external_id: &str) -> StoreResult<Option<Inquiry>> {
        match self.identity.get(identity_key(source, external_id))? {
            Some(id) => {
                let id = keys::parse_item_key(&id).ok_or_else(|| StoreError::Corrupt {
                    what: "identity".into(),
                    detail: "bad id".into(),
                })?;
                self.get(id).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Every inquiry, in id order, read front to back (for building the
    /// search index; never on the UI path).
    pub fn scan(&self) -> impl Iterator<Item = StoreResult<Inquiry>> + '_ {
        self.items.iter().values().map(|v| {
            v.map_err(StoreError::from)
                .and_then(|bytes| from_json(&bytes, "inquiry"))
        })
    }

    /// Inquiries after `after` (or from the first), in id order.
    pub fn scan_after(
        &self,
        after: Option<InquiryId>,
    ) -> impl Iterator<Item = StoreResult<Inquiry>> + '_ {
        let start = after.map_or(0, |a| a.0.saturating_add(1));
        self.items
            .range(item_key(InquiryId(start))..)
            .values()
            .map(|v| {
                v.map_err(StoreError::from)
                    .and_then(|bytes| from_json(&bytes, "inquiry"))
            })
    }

    pub fn history(&self, id: InquiryId) -> StoreResult<Vec<Event>> {
        self.events
            .scan_prefix(item_key(id))
            .map(|kv| from_json(&kv?.1, "event"))
            .collect()
    }

    /// Up to `limit` inquiries in `statuses`, by priority then age, starting
    /// after `after`. Reads only the index range it returns, never the queue.
    pub fn list(
        &self,
        statuses: &[Status],
        after: Option<QueuePos>,
        limit: usize,
    ) -> StoreResult<Vec<Inquiry>> {
        self.list_facet(&Facet::All, statuses, after, limit)
    }

    /// Up to `limit` inquiries of `facet` in `statuses`, by priority then
    /// age, after `after`. Reads only the index range it returns.
    pub fn list_facet(
        &self,
        facet: &Facet,
        statuses: &[Status],
        after: Option<QueuePos>,
        limit: usize,
    ) -> StoreResult<Vec<Inquiry>> {
        let mut positions =
            Vec::with_capacity(limit.min(1024).saturating_mul(statuses.len().min(2)));
        for status in statuses {
            positions.extend(self.positions(&facet.key(), *status, after, limit)?);
        }
        positions.sort_unstable();
        positions.dedup();
        positions.truncate(limit);
        positions.into_iter().map(|p| self.get(p.id)).collect()
    }

    fn positions(
        &self,
        facet: &str,
        status: Status,
        after: Option<QueuePos>,
        limit: usize,
    ) -> StoreResult<Vec<QueuePos>> {
        let prefix = keys::status_prefix(facet, status);
        let start = match after {
            Some(pos) => {
                let mut k = queue_key(facet, status, &pos);
                k.push(0); // strictly after
                k
            }
            None => prefix.clone(),
        };
        let mut end = prefix;
        *end.last_mut().expect("prefix ends with the status") += 1;
        let mut out = Vec::with_capacity(limit.min(1024));
        for kv in self.queue.range(start..end).take(limit) {
            let (key, _) = kv?;
            let (_, pos) = parse_queue_key(&key).ok_or_else(|| StoreError::Corrupt {
                what: "queue index".into(),
                detail: format!("key of {} bytes", key.len()),
            })?;
            out.push(pos);
        }
        Ok(out)
    }

    pub fn counts(&self) -> StoreResult<StatusCounts> {
        self.facet_counts(&Facet::All)
    }

    /// Counts per status within a facet.
    pub fn facet_counts(&self, facet: &Facet) -> StoreResult<StatusCounts> {
        let mut out = Vec::with_capacity(Status::ALL.len());
        for status in Status::ALL {
            let key = keys::status_prefix(&facet.key(), status);
            let n = self.counts.get(key)?.map_or(0, |v| decode_count(&v));
            out.push((status, n.max(0) as u64));
        }
        Ok(StatusCounts(out))
    }

    pub fn cursor(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(self
            .cursors
            .get(name.as_bytes())?
            .map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    /// Number of inquiries held, of any status.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Bytes the store occupies on disk.
    pub fn size_on_disk(&self) -> StoreResult<u64> {
        Ok(self.db.size_on_disk()?)
    }

    pub fn flush(&self) -> StoreResult<()> {
        self.settle()?;
        Ok(())
    }
}

/// The trees an edit of an existing inquiry writes.
struct Trees<'a> {
    items: &'a TransactionalTree,
    queue: &'a TransactionalTree,
    events: &'a TransactionalTree,
    counts: &'a TransactionalTree,
    chain: &'a TransactionalTree,
    seal: &'a seal::SealKey,
}

struct Edit<'a> {
    officer: &'a str,
    now: Timestamp,
    changes: &'a [FieldChange],
}

impl<'a> Edit<'a> {
    fn by(officer: &'a str, now: Timestamp, changes: &'a [FieldChange]) -> Edit<'a> {
        Edit {
            officer,
            now,
            changes,
        }
    }
}

/// Write an edited inquiry: move its index entry, fix the counts, append
/// the history. Inside the caller's transaction.
fn save_edit(t: &Trees<'_>, before: &Inquiry, after: &mut Inquiry, edit: Edit<'_>) -> TxResult<()> {
    let entries = |inq: &Inquiry| -> Vec<(String, Vec<u8>)> {
        Facet::keys_of(inq)
            .into_iter()
            .map(|f| {
                let key = queue_key(&f, inq.status, &position(inq));
                (f, key)
            })
            .collect()
    };
    let (old, new) = (entries(before), entries(after));
    let moved_status = before.status != after.status;
    for (facet, key) in &old {
        if !new.iter().any(|(_, k)| k == key) {
            t.queue.remove(key.as_slice())?;
        }
        if moved_status || !new.iter().any(|(f, _)| f == facet) {
            add_count(t.counts, facet, before.status, -1)?;
        }
    }
    for (facet, key) in &new {
        if !old.iter().any(|(_, k)| k == key) {
            t.queue.insert(key.as_slice(), &[])?;
        }
        if moved_status || !old.iter().any(|(f, _)| f == facet) {
            add_count(t.counts, facet, after.status, 1)?;
        }
    }
    append_events(
        (t.events, t.chain, t.seal),
        after,
        edit.officer,
        edit.now,
        edit.changes,
    )?;
    t.items.insert(&item_key(after.id), to_json(after))?;
    Ok(())
}

/// Key of an open thread: the same author in the same conversation.
fn thread_key(source: &str, author: &str, conversation: &str) -> Vec<u8> {
    let mut key = identity_key(source, author);
    key.push(0);
    key.extend_from_slice(conversation.as_bytes());
    key
}

fn load(items: &TransactionalTree, id: InquiryId) -> TxResult<Option<Inquiry>> {
    match items.get(item_key(id))? {
        Some(bytes) => match from_json(&bytes, "inquiry") {
            Ok(inq) => Ok(Some(inq)),
            Err(e) => abort(e),
        },
        None => Ok(None),
    }
}

/// The inquiry this arrival may continue: the one of its author's thread
/// in the same conversation, or the one it replies to (whether it does is
/// `ArrivalRules::continues`).
fn open_parent(
    source: &str,
    arrival: &Arrival,
    items: &TransactionalTree,
    identity: &TransactionalTree,
    threads: &TransactionalTree,
) -> TxResult<Option<Inquiry>> {
    let by_thread = match &arrival.conversation_id {
        Some(conv) => threads.get(thread_key(source, arrival.author.key(), conv))?,
        None => None,
    };
    let by_reply = match (&by_thread, &arrival.in_reply_to) {
        (None, Some(parent)) => identity.get(identity_key(source, parent))?,
        _ => None,
    };
    let Some(id) = by_thread
        .or(by_reply)
        .and_then(|v| keys::parse_item_key(&v))
    else {
        return Ok(None);
    };
    load(items, id)
}

/// Record a follow-up on its inquiry (the text, covered by the history
/// chain), then let `rules` say what else it changes.
fn follow_up(
    rules: &dyn ArrivalRules,
    parent: &Inquiry,
    arrival: &Arrival,
    now: Timestamp,
) -> (Inquiry, Vec<FieldChange>) {
    let mut after = parent.clone();
    let followup = crate::model::FollowUp {
        external_id: arrival.external_id.clone(),
        text: arrival.text.clone(),
        created_at: arrival.created_at,
        received_at: now,
    };
    let mut changes = vec![
        FieldChange::new("follow_up", None, Some(arrival.external_id.clone()))
            .covering(chain::followup_digest(&followup)),
    ];
    after.followups.push(followup);
    changes.extend(rules.after_follow_up(&mut after, arrival));
    (after, changes)
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
    let reseal = "Restore the store from a backup (with its chain.key), or run \
                  `siaga audit reseal` to start the tamper evidence again from what the \
                  store holds now (logged).";
    match (state, key) {
        (Orphaned { linked }, _) => Err(StoreError::Refused(format!(
            "the history chain of {} is gone while {linked} events carry links: nothing was \
             re-linked. {reseal}",
            dir.display()
        ))),
        (Chained { sealed: true }, None) => Err(StoreError::Refused(format!(
            "the history of {} is sealed but its key {} is missing. Put back the chain.key it \
             was sealed with, or run `siaga audit reseal` (logged).",
            dir.display(),
            seal::key_path(dir).display()
        ))),
        (Chained { sealed: false }, Some(_)) => Err(StoreError::Refused(format!(
            "the history of {} has a key but its head lost its seal. {reseal}",
            dir.display()
        ))),
        (_, Some(key)) => Ok((key, None)),
        (_, None) => {
            let (key, pending) = seal::fresh_key(dir)?;
            Ok((key, Some(pending)))
        }
    }
}

fn position(inquiry: &Inquiry) -> QueuePos {
    QueuePos::new(inquiry.priority, inquiry.queued_at, inquiry.id)
}

fn check_identity(source: &str, arrivals: &[Arrival]) -> StoreResult<()> {
    if source.is_empty() || source.contains('\0') {
        return Err(StoreError::InvalidIdentity(format!(
            "source name {source:?}"
        )));
    }
    match arrivals
        .iter()
        .find(|a| a.external_id.is_empty() || a.external_id.contains('\0'))
    {
        Some(a) => Err(StoreError::InvalidIdentity(format!(
            "platform id {:?}",
            a.external_id
        ))),
        None => Ok(()),
    }
}

fn append_events(
    (events, chain, seal): (&TransactionalTree, &TransactionalTree, &seal::SealKey),
    inquiry: &mut Inquiry,
    officer: &str,
    at: Timestamp,
    changes: &[FieldChange],
) -> TxResult<()> {
    for change in changes {
        let mut event = Event {
            seq: inquiry.history_len,
            at,
            officer: officer.to_string(),
            what: change.what.clone(),
            before: change.before.clone(),
            after: change.after.clone(),
            link: None,
            sealed: None,
            content: change.content.clone(),
        };
        chain::link(chain, seal, inquiry.id, &mut event)?;
        events.insert(&event_key(inquiry.id, event.seq), to_json(&event))?;
        inquiry.history_len += 1;
    }
    Ok(())
}

fn decode_count(bytes: &[u8]) -> i64 {
    bytes.try_into().map(i64::from_be_bytes).unwrap_or(0)
}

/// Set a count outside a transaction (repairs, under the gate).
fn add_count_plain(counts: &sled::Tree, key: &[u8], value: i64) -> StoreResult<()> {
    counts.insert(key, &value.to_be_bytes())?;
    Ok(())
}

fn add_count(counts: &TransactionalTree, facet: &str, status: Status, delta: i64) -> TxResult<()> {
    let key = keys::status_prefix(facet, status);
    let n = counts.get(&key)?.map_or(0, |v| decode_count(&v));
    counts.insert(key, &(n + delta).to_be_bytes())?;
    Ok(())
}

/// The largest number used in `tree` (keys are big-endian u64 numbers):
/// where numbering starts in a store made before the counters existed.
fn last_number(tree: &sled::Tree) -> StoreResult<u64> {
    Ok(tree
        .last()?
        .and_then(|(k, _)| k.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(0))
}

/// The next number of a kind (inquiry, reply, escalation), from a counter
/// kept in the `counts` tree inside the caller's transaction: 1, 2, 3 ...
/// across restarts (sled's own ids jump by a million on each reopen, and
/// officers type these numbers).
fn next_number(counts: &TransactionalTree, kind: &[u8], seed: u64) -> TxResult<u64> {
    let mut key = b"\xffnext:".to_vec();
    key.extend_from_slice(kind);
    let last = counts
        .get(&key)?
        .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(seed);
    let next = last + 1;
    counts.insert(key, &next.to_be_bytes())?;
    Ok(next)
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

#[cfg(test)]
mod describe_tests {
    use super::*;

    fn samples() -> Vec<StoreError> {
        let dir = PathBuf::from("/srv/siaga");
        vec![
            StoreError::Locked {
                path: dir.clone(),
                holder: " (pid 42)".into(),
            },
            StoreError::DiskFull {
                dir: dir.clone(),
                detail: std::io::ErrorKind::StorageFull.to_string(),
            },
            StoreError::DiskFull {
                dir: PathBuf::new(),
                detail: std::io::ErrorKind::FileTooLarge.to_string(),
            },
            StoreError::Damaged {
                path: dir,
                detail: "sled found damaged data".into(),
            },
            StoreError::Damaged {
                path: PathBuf::new(),
                detail: "sled found damaged data".into(),
            },
            StoreError::NotFound(InquiryId(99999)),
            StoreError::Refused("closing needs a reason".into()),
            StoreError::Withheld("restricted".into()),
            StoreError::ClaimedBy {
                id: InquiryId(3),
                holder: "budi".into(),
                since: None,
            },
            StoreError::ClaimedBy {
                id: InquiryId(3),
                holder: "budi".into(),
                since: Some(Timestamp::UNIX_EPOCH),
            },
        ]
    }

    #[test]
    fn the_english_words_are_the_display() {
        for e in samples() {
            assert_eq!(e.words(Lang::En), Some(e.to_string()));
            assert_eq!(e.describe(Lang::En), e.to_string());
        }
    }

    #[test]
    fn an_officer_reads_the_error_in_indonesian() {
        for e in samples() {
            assert_ne!(e.describe(Lang::Id), e.to_string(), "{e:?}");
        }
        assert_eq!(
            StoreError::NotFound(InquiryId(99999)).describe(Lang::Id),
            "aduan 99999 tidak ada"
        );
        assert_eq!(
            StoreError::Refused("closing needs a reason".into()).describe(Lang::Id),
            "ditolak: closing needs a reason",
            "a rule's own words stay as they are"
        );
        let sled = StoreError::InvalidIdentity("x".into());
        assert_eq!(sled.describe(Lang::Id), sled.to_string());
    }
}
