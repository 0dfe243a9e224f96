//! A fetched page committed: its new arrivals inserted, its follow-ups
//! attached to the inquiries they continue, what is already known (or was
//! erased) counted as a duplicate, and the fetcher's cursor moved, all in
//! one transaction. What a follow-up or a restricted person's arrival
//! changes is asked of the caller's [`ArrivalRules`].

use jiff::Timestamp;
use sled::transaction::{Transactional, TransactionalTree};

use super::keys::{self, identity_key, item_key, queue_key};
use super::{
    Edit, Facet, FieldChange, Store, StoreError, StoreResult, Trees, TxResult, abort, add_count,
    append_events, chain, from_json, last_number, load, next_number, position, privacy, save_edit,
    thread_key, to_json,
};
use crate::model::{Arrival, Inquiry, InquiryId};

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
    /// A new inquiry's first look beyond the lexicon's (the desk's learned
    /// model), after any standing restriction; what it changes, as history.
    fn first_look(&self, _inquiry: &mut Inquiry) -> Vec<FieldChange> {
        Vec::new()
    }
}

/// What one committed page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageCommit {
    pub new_ids: Vec<InquiryId>,
    /// Open inquiries that a follow-up in this page was attached to.
    pub attached_ids: Vec<InquiryId>,
    pub duplicates: usize,
}

/// What one page's transaction is given, read before it starts.
struct Page<'a> {
    rules: &'a dyn ArrivalRules,
    source: &'a str,
    arrivals: &'a [Arrival],
    cursor: Option<(&'a str, &'a str)>,
    now: Timestamp,
    /// The highest inquiry number before this page.
    inquiry_seed: u64,
    /// The store's key for digests of erased ids.
    pepper: Vec<u8>,
}

/// The trees a page writes, in the order `commit_page` opens them.
type PageView = (
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
    TransactionalTree,
);

/// One page's transaction: the trees it writes, and the page.
struct PageTx<'a> {
    page: &'a Page<'a>,
    /// Items, queue, events, counts and chain, as an edit writes them.
    edits: Trees<'a>,
    identity: &'a TransactionalTree,
    threads: &'a TransactionalTree,
    subjects: &'a TransactionalTree,
}

impl Store {
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
        let page = Page {
            rules,
            source,
            arrivals,
            cursor,
            now,
            inquiry_seed: last_number(&self.items)?,
            pepper: self.pepper()?,
        };
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
        let commit = self.committed(trees.transaction(|tx| self.commit_page_in(tx, &page)))?;
        self.settle()?;
        Ok(commit)
    }

    /// The page's one transaction: each arrival a duplicate, a follow-up
    /// or a new inquiry, then the cursor.
    fn commit_page_in(&self, tx: &PageView, page: &Page) -> TxResult<PageCommit> {
        let (items, identity, queue, events, cursors, counts, threads, chain, subjects) = tx;
        let t = PageTx {
            page,
            edits: Trees {
                items,
                queue,
                events,
                counts,
                chain,
                seal: &self.seal,
            },
            identity,
            threads,
            subjects,
        };
        let mut commit = PageCommit::default();
        for arrival in page.arrivals {
            if t.is_known(arrival)? {
                commit.duplicates += 1;
            } else if let Some(parent) = t.parent_continued(arrival)? {
                t.attach(&parent, arrival)?;
                commit.attached_ids.push(parent.id);
            } else {
                commit.new_ids.push(t.insert(arrival)?);
            }
        }
        if let Some((name, value)) = page.cursor {
            cursors.insert(name.as_bytes(), value.as_bytes())?;
        }
        Ok(commit)
    }
}

impl PageTx<'_> {
    /// Whether the arrival is already stored, or was erased.
    fn is_known(&self, arrival: &Arrival) -> TxResult<bool> {
        let source = self.page.source;
        let ikey = identity_key(source, &arrival.external_id);
        let tombstone = privacy::tombstone_key(&self.page.pepper, source, &arrival.external_id);
        Ok(self.identity.get(&ikey)?.is_some() || self.identity.get(tombstone)?.is_some())
    }

    /// The open inquiry the arrival continues, as the rules judge it.
    fn parent_continued(&self, arrival: &Arrival) -> TxResult<Option<Inquiry>> {
        let parent = open_parent(
            self.page.source,
            arrival,
            self.edits.items,
            self.identity,
            self.threads,
        )?;
        Ok(parent.filter(|p| self.page.rules.continues(p, arrival)))
    }

    /// The arrival recorded as a follow-up of `parent`.
    fn attach(&self, parent: &Inquiry, arrival: &Arrival) -> TxResult<()> {
        let now = self.page.now;
        let (mut after, changes) = follow_up(self.page.rules, parent, arrival, now);
        save_edit(
            &self.edits,
            parent,
            &mut after,
            Edit::by("siaga", now, &changes),
        )?;
        let ikey = identity_key(self.page.source, &arrival.external_id);
        self.identity.insert(ikey, &item_key(parent.id))?;
        Ok(())
    }

    /// The arrival as a new inquiry: numbered, its history begun (with a
    /// standing restriction on its author, if any), indexed and counted.
    fn insert(&self, arrival: &Arrival) -> TxResult<InquiryId> {
        let Page {
            rules, source, now, ..
        } = *self.page;
        let t = &self.edits;
        let id = InquiryId(next_number(t.counts, b"inquiry", self.page.inquiry_seed)?);
        let mut inquiry = Inquiry::from_arrival(id, source, arrival.clone(), now);
        let mut history = vec![
            FieldChange::new("received", None, Some(source.to_string()))
                .covering(chain::arrival_digest(&inquiry)),
        ];
        let handle = privacy::normalize_handle(&arrival.author.handle);
        if let Some(mark) = self.subjects.get(handle.as_bytes())? {
            let mark = from_json::<crate::model::Mark>(&mark, "restriction").or_else(abort)?;
            history.extend(rules.standing_restriction(&mut inquiry, mark));
        }
        history.extend(rules.first_look(&mut inquiry));
        append_events(
            (t.events, t.chain, t.seal),
            &mut inquiry,
            "siaga",
            now,
            &history,
        )?;
        let ikey = identity_key(source, &arrival.external_id);
        self.identity.insert(ikey, &item_key(id))?;
        if let Some(conv) = &arrival.conversation_id {
            self.threads.insert(
                thread_key(source, arrival.author.key(), conv),
                &item_key(id),
            )?;
        }
        for facet in Facet::keys_of(&inquiry) {
            t.queue
                .insert(queue_key(&facet, inquiry.status, &position(&inquiry)), &[])?;
            add_count(t.counts, &facet, inquiry.status, 1)?;
        }
        t.items.insert(&item_key(id), to_json(&inquiry))?;
        Ok(id)
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

/// A source name and platform ids fit to be keys: not empty, no NUL.
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
