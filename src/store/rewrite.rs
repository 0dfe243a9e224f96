//! Erasure reaching the bytes. sled's log keeps old versions of a record
//! until it reuses the space, so an erased passport number stays readable
//! in the files. After an erasure the store is rewritten: every tree is
//! copied into a fresh sled database beside it, which then takes its place.
//!
//! Crash safety, directory by directory inside the data dir:
//! 1. `db.rewriting`: the copy being made. Incomplete: removed on open.
//! 2. `db.rewritten`: the copy, complete, flushed and synced (renamed from
//!    `db.rewriting` only then). Both it and `db` hold everything, so a
//!    crash here loses nothing; open finishes the swap.
//! 3. `db` renamed to `db.retired`, `db.rewritten` to `db`; `db.retired`
//!    removed. A crash between the two renames leaves `db.rewritten`
//!    without `db`: open finishes the swap.
//!
//! Deleting files does not scrub the disk blocks under them (a forensic
//! reader of the raw device may still find them); it does take them out
//! of every file siaga, its backups and its officers can read.

use std::path::Path;

use super::{Store, StoreResult};

/// Key in the `counts` tree, set in every erasure's transaction and
/// absent from the rewritten copy: the files still hold erased data.
pub(super) const DUE: &[u8] = b"\xffrewrite-due";

const REWRITING: &str = "db.rewriting";
const REWRITTEN: &str = "db.rewritten";
const RETIRED: &str = "db.retired";

/// Finish (or clean up after) a rewrite that a crash interrupted. Called
/// on open, with the store's lock held.
pub(super) fn finish_interrupted(dir: &Path) -> std::io::Result<()> {
    if dir.join(REWRITTEN).exists() {
        if dir.join("db").exists() {
            remove_if_there(&dir.join(RETIRED))?;
            std::fs::rename(dir.join("db"), dir.join(RETIRED))?;
        }
        std::fs::rename(dir.join(REWRITTEN), dir.join("db"))?;
        sync_dir(dir)?;
        tracing::info!(dir = %dir.display(), "finished an interrupted rewrite of the store");
    }
    remove_if_there(&dir.join(RETIRED))?;
    remove_if_there(&dir.join(REWRITING))
}

fn remove_if_there(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// fsync every file under `dir`, and the directories themselves.
fn sync_tree(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            std::fs::File::open(&path)?.sync_all()?;
        }
    }
    sync_dir(dir)
}

/// Put the complete copy in the place of the store: `db` aside, the copy
/// in, the old files removed. The store must be closed.
pub(super) fn swap_in(dir: &Path) -> std::io::Result<()> {
    remove_if_there(&dir.join(RETIRED))?;
    std::fs::rename(dir.join("db"), dir.join(RETIRED))?;
    std::fs::rename(dir.join(REWRITTEN), dir.join("db"))?;
    sync_dir(dir)?;
    remove_if_there(&dir.join(RETIRED))?;
    sync_dir(dir)
}

/// Throw away a copy that could not be finished (a full disk).
pub(super) fn abandon(dir: &Path) {
    let _ = remove_if_there(&dir.join(REWRITING));
    let _ = remove_if_there(&dir.join(REWRITTEN));
}

impl Store {
    /// Whether an erasure left data in the files that a rewrite removes
    /// (a crash came between them, or the rewrite had to wait).
    pub fn rewrite_due(&self) -> StoreResult<bool> {
        Ok(self.counts.get(DUE)?.is_some())
    }

    /// Copy every tree, as it stands between two whole transactions, into
    /// a fresh database at `db.rewritten`, flushed and synced.
    pub(super) fn copy_fresh(&self) -> StoreResult<()> {
        let _quiet = self.gate.write().unwrap_or_else(|e| e.into_inner());
        self.settle()?;
        let building = self.path.join(REWRITING);
        abandon(&self.path);
        let io = |source| super::StoreError::Open {
            path: building.clone(),
            source,
        };
        let result = (|| -> StoreResult<()> {
            let fresh = sled::Config::new()
                .path(&building)
                .cache_capacity(self.cache_bytes.min(16 << 20))
                .open()?;
            for (name, tree) in self.all_trees()? {
                let copy = fresh.open_tree(&name)?;
                let mut batch = sled::Batch::default();
                for kv in tree.iter() {
                    let (k, v) = kv?;
                    if name == b"counts" && k == DUE {
                        continue;
                    }
                    batch.insert(k, v);
                }
                copy.apply_batch(batch)?;
            }
            fresh.flush()?;
            drop(fresh);
            sync_tree(&building).map_err(io)?;
            std::fs::rename(&building, self.path.join(REWRITTEN)).map_err(io)?;
            sync_dir(&self.path).map_err(io)
        })();
        if result.is_err() {
            abandon(&self.path);
        }
        result.map_err(|e| super::disk::placed(e, &self.path))
    }
}
