//! The store a long-running process works on, which can be closed and
//! opened again underneath it: after an I/O error (sled writes nothing more
//! until reopened, so a desk would fail until restarted even once the disk
//! has room again), and to rewrite the files after an erasure
//! (`rewrite.rs`).
//!
//! Callers take an `Arc<Store>` for the length of one operation. The store
//! is only swapped when no caller holds one: the swap takes the slot for
//! writing and checks that its `Arc` is the only one left, so no write can
//! reach a store that was closed.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::{Store, StoreResult, rewrite};

/// Free bytes below which a reopen is not tried (sled writes a snapshot
/// when it opens; failing that would leave it unfinished again).
const ROOM_TO_REOPEN: u64 = 8 << 20;

pub struct LiveStore {
    /// `None` only inside a swap, under the write lock.
    slot: RwLock<Option<Arc<Store>>>,
    /// An erasure asked for the files to be rewritten.
    rewrite_due: AtomicBool,
}

/// What `LiveStore::rewrite` managed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewrite {
    /// The files were rewritten: nothing erased is left in them.
    Done,
    /// The store was busy; it is rewritten as soon as it is idle.
    Pending,
}

impl LiveStore {
    /// The store; a rewrite an erasure left due (a crash came between
    /// them) is done on the first `get`.
    pub fn new(store: Store) -> LiveStore {
        let due = store.rewrite_due().unwrap_or(true);
        LiveStore {
            slot: RwLock::new(Some(Arc::new(store))),
            rewrite_due: AtomicBool::new(due),
        }
    }

    /// The store, for one operation. Does what is due first (a reopen
    /// after an I/O error, a rewrite after an erasure) when nobody else is
    /// using the store.
    pub fn get(&self) -> Arc<Store> {
        self.upkeep();
        self.slot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .expect("the store is in its slot outside a swap")
    }

    /// Rewrite the files after an erasure, waiting up to `patience` for
    /// the other users of the store to finish; otherwise it stays due.
    pub fn rewrite(&self, patience: Duration) -> StoreResult<Rewrite> {
        self.rewrite_due.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + patience;
        loop {
            if let Some(result) = self.try_exclusive(rewrite_now) {
                self.rewrite_due.store(false, Ordering::SeqCst);
                return result.map(|()| Rewrite::Done);
            }
            if Instant::now() >= deadline {
                return Ok(Rewrite::Pending);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn upkeep(&self) {
        let rewrite = self.rewrite_due.load(Ordering::SeqCst);
        let reopen = self
            .slot
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|s| s.needs_reopen() && has_room(s.path()));
        if !(rewrite || reopen) {
            return;
        }
        let outcome = if rewrite {
            let done = self.try_exclusive(rewrite_now);
            if done.is_some() {
                self.rewrite_due.store(false, Ordering::SeqCst);
            }
            done
        } else {
            self.try_exclusive(reopen_now)
        };
        if let Some(Err(e)) = outcome {
            tracing::warn!("store upkeep failed: {e}");
        }
    }

    /// Run `f` with the slot if nobody else holds the store now.
    fn try_exclusive(
        &self,
        f: impl FnOnce(&mut Option<Arc<Store>>) -> StoreResult<()>,
    ) -> Option<StoreResult<()>> {
        let mut slot = self.slot.try_write().ok()?;
        if slot.as_ref().is_none_or(|s| Arc::strong_count(s) != 1) {
            return None;
        }
        Some(f(&mut slot))
    }
}

/// Whether the disk under `dir` has room for sled to open again.
fn has_room(dir: &Path) -> bool {
    nix::sys::statvfs::statvfs(dir)
        .map(|s| s.blocks_available().saturating_mul(s.fragment_size()) >= ROOM_TO_REOPEN)
        .unwrap_or(true)
}

/// The store's directory, cache size and lock, to open it again.
fn how_opened(slot: &Option<Arc<Store>>) -> (std::path::PathBuf, u64, Arc<super::lock::StoreLock>) {
    let s = slot.as_ref().expect("checked by try_exclusive");
    (s.path.clone(), s.cache_bytes, s.lock.clone())
}

/// Copy the store fresh, close it, swap the copy in, open it again.
fn rewrite_now(slot: &mut Option<Arc<Store>>) -> StoreResult<()> {
    slot.as_ref()
        .expect("checked by try_exclusive")
        .copy_fresh()?;
    let (dir, cache, lock) = how_opened(slot);
    close(slot, &dir, cache, &lock, |dir| {
        rewrite::swap_in(dir).map_err(|source| super::StoreError::Open {
            path: dir.to_path_buf(),
            source,
        })
    })
}

/// Close the store and open it again (sled's own recovery).
fn reopen_now(slot: &mut Option<Arc<Store>>) -> StoreResult<()> {
    let (dir, cache, lock) = how_opened(slot);
    tracing::info!(dir = %dir.display(), "reopening the store after an I/O error");
    close(slot, &dir, cache, &lock, |_| Ok(()))
}

/// Close the store in `slot`, run `between`, and put the store opened
/// again in its place. Until it opens every caller waits (sled holds its
/// files alone, so there is no store to give them); a failed open is
/// tried again each second.
fn close(
    slot: &mut Option<Arc<Store>>,
    dir: &Path,
    cache: u64,
    lock: &Arc<super::lock::StoreLock>,
    between: impl FnOnce(&Path) -> StoreResult<()>,
) -> StoreResult<()> {
    drop(slot.take());
    let between = between(dir);
    loop {
        match Store::open_locked(dir, cache, lock.clone()) {
            Ok(store) => {
                *slot = Some(Arc::new(store));
                return between;
            }
            Err(e) => {
                tracing::warn!("the store does not open again yet: {e}");
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages here carry no arrivals: no rule is ever asked.
    struct NoRules;

    impl crate::store::ArrivalRules for NoRules {
        fn continues(&self, _: &crate::model::Inquiry, _: &crate::model::Arrival) -> bool {
            unreachable!()
        }
        fn after_follow_up(
            &self,
            _: &mut crate::model::Inquiry,
            _: &crate::model::Arrival,
        ) -> Vec<crate::store::FieldChange> {
            unreachable!()
        }
        fn standing_restriction(
            &self,
            _: &mut crate::model::Inquiry,
            _: crate::model::Mark,
        ) -> Vec<crate::store::FieldChange> {
            unreachable!()
        }
    }

    fn live_with_cursor(dir: &Path) -> LiveStore {
        let store = Store::open(dir).unwrap();
        let now = jiff::Timestamp::now();
        store
            .commit_page(&NoRules, "s", &[], Some(("c", "v1")), now)
            .unwrap();
        LiveStore::new(store)
    }

    #[test]
    fn a_store_that_met_an_io_error_is_reopened_once_nobody_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let live = live_with_cursor(dir.path());
        let held = live.get();
        held.mark_broken();
        // Held elsewhere: not swapped under its user.
        let again = live.get();
        assert!(Arc::ptr_eq(&held, &again));
        drop((held, again));
        let fresh = live.get();
        assert!(!fresh.needs_reopen());
        assert_eq!(fresh.cursor("c").unwrap().as_deref(), Some("v1"));
        let now = jiff::Timestamp::now();
        fresh
            .commit_page(&NoRules, "s", &[], Some(("c", "v2")), now)
            .unwrap();
    }

    #[test]
    fn a_rewrite_waits_for_its_users_and_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let live = live_with_cursor(dir.path());
        let held = live.get();
        assert_eq!(live.rewrite(Duration::ZERO).unwrap(), Rewrite::Pending);
        drop(held);
        // Due: done by the next caller.
        let store = live.get();
        assert_eq!(store.cursor("c").unwrap().as_deref(), Some("v1"));
        drop(store);
        assert!(!live.rewrite_due.load(Ordering::SeqCst));
        assert_eq!(live.rewrite(Duration::ZERO).unwrap(), Rewrite::Done);
        assert_eq!(live.get().cursor("c").unwrap().as_deref(), Some("v1"));
        for leftover in ["db.rewriting", "db.rewritten", "db.retired"] {
            assert!(!dir.path().join(leftover).exists(), "{leftover}");
        }
    }
}
