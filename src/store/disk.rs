//! The store meeting its disk: a full disk named plainly, damage named
//! instead of a panic, and sled opened through its own recovery first and
//! then, if it refuses, without the unfinished snapshot a full disk or a
//! crash left behind (`snap.*.generating`, set aside, never deleted).
//!
//! sled stops writing after its first I/O error until it is opened again;
//! a store that met one says so (`Store::needs_reopen`) and `LiveStore`
//! reopens it once nobody is using it, so a desk carries on when space
//! returns without a restart.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use sled::transaction::TransactionError;

use super::{Store, StoreError, StoreResult};

/// Whether `e` means "no room to write". By kind, not number: sled hands
/// on later copies of its first I/O error with the kind alone.
fn is_no_room(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{FileTooLarge, QuotaExceeded, StorageFull};
    matches!(e.kind(), StorageFull | QuotaExceeded | FileTooLarge)
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        match e {
            sled::Error::Io(io) if is_no_room(&io) => StoreError::DiskFull {
                dir: PathBuf::new(),
                detail: io.kind().to_string(),
            },
            sled::Error::Corruption { at, .. } => StoreError::Damaged {
                path: PathBuf::new(),
                detail: match at {
                    Some(at) => format!("sled found a damaged record at {at:?}"),
                    None => "sled found damaged data".into(),
                },
            },
            other => StoreError::Sled(other),
        }
    }
}

/// "the disk holding DIR is full", or the file-size limit that was met.
pub(super) fn full_words(dir: &Path, detail: &str) -> String {
    let place = if dir.as_os_str().is_empty() {
        "the store".to_string()
    } else {
        dir.display().to_string()
    };
    if is_file_too_large(detail) {
        format!("a file of {place} reached the size this process may write ({detail})")
    } else {
        format!("the disk holding {place} is full ({detail})")
    }
}

/// Whether a `DiskFull`'s detail is the file-size limit, not a full disk.
pub(super) fn is_file_too_large(detail: &str) -> bool {
    detail == std::io::ErrorKind::FileTooLarge.to_string()
}

/// " at DIR", or nothing when the place is not known.
pub(super) fn at_words(path: &Path) -> String {
    if path.as_os_str().is_empty() {
        String::new()
    } else {
        format!(" at {}", path.display())
    }
}

/// `e` with the store's directory filled in.
pub(super) fn placed(e: StoreError, dir: &Path) -> StoreError {
    match e {
        StoreError::DiskFull { dir: d, detail } if d.as_os_str().is_empty() => {
            StoreError::DiskFull {
                dir: dir.to_path_buf(),
                detail,
            }
        }
        StoreError::Damaged { path, detail } if path.as_os_str().is_empty() => {
            StoreError::Damaged {
                path: dir.to_path_buf(),
                detail,
            }
        }
        other => other,
    }
}

impl Store {
    /// A transaction's outcome, its errors named for this store.
    pub(super) fn committed<T>(
        &self,
        r: Result<T, TransactionError<StoreError>>,
    ) -> StoreResult<T> {
        self.named(super::unwrap_tx(r))
    }

    /// Flush to disk; an I/O error marks the store for reopening.
    pub(super) fn settle(&self) -> StoreResult<()> {
        self.named(self.db.flush().map(drop).map_err(StoreError::from))
    }

    /// `r` with its storage errors placed; an I/O error (sled writes
    /// nothing more until reopened) marks the store for reopening.
    pub(super) fn named<T>(&self, r: StoreResult<T>) -> StoreResult<T> {
        r.map_err(|e| {
            if matches!(
                e,
                StoreError::DiskFull { .. } | StoreError::Sled(sled::Error::Io(_))
            ) {
                self.broken.store(true, Ordering::SeqCst);
            }
            placed(e, &self.path)
        })
    }

    /// As if sled had met an I/O error (for tests of the reopen).
    #[cfg(test)]
    pub(super) fn mark_broken(&self) {
        self.broken.store(true, Ordering::SeqCst);
    }

    /// Whether sled met an I/O error and must be opened again to write.
    pub fn needs_reopen(&self) -> bool {
        self.broken.load(Ordering::SeqCst)
    }

    /// What opening had to do beyond the ordinary (an unfinished snapshot
    /// set aside), for the officer to read in their language.
    pub fn notices(&self) -> &[crate::i18n::Said] {
        &self.notices
    }
}

/// Open sled in `dir/db`, with its own recovery; if it refuses the data as
/// damaged and an unfinished snapshot is there, set that aside and try
/// once more. Returns the notices of what was done.
pub(super) fn open_sled(
    dir: &Path,
    cache_bytes: u64,
) -> StoreResult<(sled::Db, Vec<crate::i18n::Said>)> {
    let db = dir.join("db");
    match open_sled_once(&db, cache_bytes) {
        Err(StoreError::Damaged { .. }) if !unfinished_snapshots(&db).is_empty() => {
            let notices = set_aside_unfinished(&db).map_err(|source| StoreError::Open {
                path: db.clone(),
                source,
            })?;
            let opened = open_sled_once(&db, cache_bytes).map_err(|e| placed(e, dir))?;
            for n in &notices {
                tracing::warn!("{n}");
            }
            Ok((opened, notices))
        }
        other => other.map(|db| (db, Vec::new())).map_err(|e| placed(e, dir)),
    }
}

/// sled's own open, a panic inside it turned into `Damaged`. sled releases
/// its file lock from a background thread a moment after the previous
/// owner dropped the store, so "could not acquire lock" right after a
/// handover is retried briefly.
fn open_sled_once(db: &Path, cache_bytes: u64) -> StoreResult<sled::Db> {
    let config = sled::Config::new()
        .path(db)
        .cache_capacity(cache_bytes)
        .mode(sled::Mode::HighThroughput);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    loop {
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
        match attempt {
            Err(panic) => {
                return Err(StoreError::Damaged {
                    path: PathBuf::new(),
                    detail: format!("sled stopped reading it ({})", panic_words(&panic)),
                });
            }
            Ok(Err(sled::Error::Io(e)))
                if e.to_string().contains("could not acquire lock")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Ok(result) => return Ok(result?),
        }
    }
}

/// The message a panic carried.
pub(super) fn panic_words(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic".into())
}

/// `snap.*.generating` files in the sled directory: snapshots whose
/// writing never finished.
pub(super) fn unfinished_snapshots(db: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(db) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("snap.") && n.ends_with(".generating"))
        })
        .collect()
}

/// Rename every unfinished snapshot out of sled's sight (its names start
/// `snap.`); they are kept beside it as `unfinished-snap.*`.
fn set_aside_unfinished(db: &Path) -> std::io::Result<Vec<crate::i18n::Said>> {
    let mut notices = Vec::new();
    for path in unfinished_snapshots(db) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let aside = db.join(format!("unfinished-{name}"));
        std::fs::rename(&path, &aside)?;
        notices.push(crate::said!(
            "store-snapshot-set-aside",
            name = name,
            bytes = bytes.to_string(),
            aside = aside.display().to_string()
        ));
    }
    if let Ok(d) = std::fs::File::open(db) {
        let _ = d.sync_all();
    }
    Ok(notices)
}
