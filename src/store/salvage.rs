//! Salvage: copy what is still readable out of a damaged store (a flipped
//! bit, a torn file) into a fresh one, and say what could not be read.
//!
//! The damaged store is never written: its `db` is copied to a scratch
//! directory and opened there in up to three ways, the best kept:
//! 1. as it is (sled's own recovery);
//! 2. without an unfinished snapshot (`snap.*.generating`);
//! 3. from its log alone, without any snapshot (sled replays the log up to
//!    the first damaged record: what was written after it is lost, but a
//!    store whose snapshot or tree roots are damaged opens).
//!
//! Every tree is read record by record; the inquiries also one by one by
//! number, so one damaged page does not hide the inquiries after it. The
//! indexes of the fresh store are rebuilt from its items (`check`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::keys::{item_key, parse_item_key};
use super::{Store, StoreError, StoreResult, disk, lock::StoreLock};
use crate::model::Inquiry;

/// What a salvage (or, without a destination, a survey) found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalvageReport {
    /// How the damaged store could be opened.
    pub opened: String,
    /// Inquiries read whole.
    pub inquiries: u64,
    /// Inquiries the store had numbered (the most there can be).
    pub expected: u64,
    /// Records copied, of every tree.
    pub records: u64,
    /// What could not be read.
    pub unreadable: Vec<String>,
    /// The fresh store, when one was made.
    pub into: Option<PathBuf>,
}

/// How a scratch copy is opened.
#[derive(Clone, Copy)]
enum Way {
    AsIs,
    WithoutUnfinished,
    LogOnly,
}

impl Way {
    fn words(self) -> &'static str {
        match self {
            Way::AsIs => "as it is",
            Way::WithoutUnfinished => "without its unfinished snapshot",
            Way::LogOnly => {
                "from its log alone, up to the first damaged record (what was written after it is lost)"
            }
        }
    }
}

/// What one way of opening could read.
struct Reading {
    way: Way,
    records: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)>,
    inquiries: u64,
    expected: u64,
    unreadable: Vec<String>,
}

impl Store {
    /// Read everything readable of the store in `from` (a data dir, whose
    /// lock is taken: nothing may use it meanwhile) and, with `into`,
    /// write it to a fresh store there, indexes rebuilt.
    pub fn salvage(from: &Path, into: Option<&Path>) -> StoreResult<SalvageReport> {
        check_places(from, into)?;
        let _lock = StoreLock::acquire(from)?;
        let scratch = tempfile::Builder::new()
            .prefix(".siaga-salvage-")
            .tempdir_in(from)
            .map_err(open_err(from))?;
        let (best, expected) = best_reading(from, scratch.path())?;
        let mut report = SalvageReport {
            opened: best.way.words().to_string(),
            inquiries: best.inquiries,
            expected: expected.max(best.expected),
            records: best.records.len() as u64,
            unreadable: best.unreadable,
            into: None,
        };
        if let Some(into) = into {
            let unrepaired = write_salvaged(from, into, best.records)?;
            report.unreadable.extend(unrepaired);
            report.into = Some(into.to_path_buf());
        }
        Ok(report)
    }
}

/// How an I/O error at `path` is told.
fn open_err(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError {
    let path = path.to_path_buf();
    move |source| StoreError::Open { path, source }
}

/// A store to salvage at `from`, and none yet at `into`.
fn check_places(from: &Path, into: Option<&Path>) -> StoreResult<()> {
    if let Some(into) = into
        && into.join("db").exists()
    {
        return Err(StoreError::Refused(crate::said!(
            "refused-salvage-over-store",
            dir = into.display().to_string()
        )));
    }
    if !from.join("db").is_dir() {
        return Err(StoreError::Refused(crate::said!(
            "refused-no-store-at",
            dir = from.display().to_string()
        )));
    }
    Ok(())
}

/// The reading of a copy (in `scratch`) that holds the most inquiries,
/// trying each way of opening until one reads everything; and the most
/// inquiries any reading expected.
fn best_reading(from: &Path, scratch: &Path) -> StoreResult<(Reading, u64)> {
    let mut best: Option<Reading> = None;
    let mut expected = 0;
    let mut failures = Vec::new();
    for (n, way) in [Way::AsIs, Way::WithoutUnfinished, Way::LogOnly]
        .into_iter()
        .enumerate()
    {
        let copy = scratch.join(format!("{n}"));
        copy_dir(&from.join("db"), &copy).map_err(open_err(&copy))?;
        prepare(&copy, way).map_err(open_err(&copy))?;
        let read = read_copy(&copy, way);
        if let Ok(r) = &read {
            expected = expected.max(r.expected);
        }
        match read {
            Ok(r) if best.as_ref().is_none_or(|b| r.inquiries > b.inquiries) => best = Some(r),
            Ok(_) => {}
            Err(e) => failures.push(format!("opened {}: {e}", way.words())),
        }
        if best
            .as_ref()
            .is_some_and(|b| b.unreadable.is_empty() && b.inquiries >= b.expected)
        {
            break;
        }
    }
    match best {
        Some(best) => Ok((best, expected)),
        None => Err(StoreError::Damaged {
            path: from.to_path_buf(),
            detail: format!("nothing of it can be read ({})", failures.join("; ")),
        }),
    }
}

/// The records read written to a fresh store at `into` (its history
/// still sealed under the key it was sealed with), then checked with
/// repairs; what could not be repaired.
fn write_salvaged(
    from: &Path,
    into: &Path,
    records: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)>,
) -> StoreResult<Vec<String>> {
    super::create_private_dir(into).map_err(open_err(into))?;
    let key = super::seal::key_path(from);
    if key.exists() {
        super::seal::adopt_key(into, &key)?;
    }
    let store = Store::open(into)?;
    for (tree, key, value) in records {
        store.db.open_tree(&tree)?.insert(key, value)?;
    }
    store.settle()?;
    Ok(store.check(true)?.unrepaired)
}

/// Copy a directory of plain files (and directories), as sled keeps them.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    super::create_private_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Remove from the scratch copy what `way` opens without.
fn prepare(copy: &Path, way: Way) -> std::io::Result<()> {
    let drop_it = |name: &str| match way {
        Way::AsIs => false,
        Way::WithoutUnfinished => name.starts_with("snap.") && name.ends_with(".generating"),
        Way::LogOnly => name.starts_with("snap."),
    };
    for entry in std::fs::read_dir(copy)? {
        let entry = entry?;
        if drop_it(&entry.file_name().to_string_lossy()) {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

/// Open the scratch copy and read every record it yields; a panic inside
/// sled counts as the copy being unreadable.
fn read_copy(copy: &Path, way: Way) -> Result<Reading, String> {
    std::panic::catch_unwind(|| read_open(copy, way))
        .map_err(|p| format!("sled stopped ({})", disk::panic_words(&p)))?
}

fn read_open(copy: &Path, way: Way) -> Result<Reading, String> {
    let db = sled::Config::new()
        .path(copy)
        .cache_capacity(16 << 20)
        .open()
        .map_err(|e| StoreError::from(e).to_string())?;
    let mut reading = Reading {
        way,
        records: Vec::new(),
        inquiries: 0,
        expected: 0,
        unreadable: Vec::new(),
    };
    for name in db.tree_names() {
        let label = String::from_utf8_lossy(&name).into_owned();
        let tree = match db.open_tree(&name) {
            Ok(t) => t,
            Err(e) => {
                reading
                    .unreadable
                    .push(format!("the {label} tree does not open: {e}"));
                continue;
            }
        };
        read_tree(&name, &label, &tree, &mut reading);
    }
    count_inquiries(&db, &mut reading);
    if matches!(way, Way::LogOnly) {
        reading.unreadable.push(format!(
            "sled could read its log only up to the first damaged record: whatever was written after it \
             (inquiries numbered after #{}, later changes to earlier ones) is lost",
            reading.expected
        ));
    }
    Ok(reading)
}

/// Every record of `tree` up to the first it cannot read.
fn read_tree(name: &[u8], label: &str, tree: &sled::Tree, reading: &mut Reading) {
    let mut read = 0u64;
    for kv in tree.iter() {
        match kv {
            Ok((k, v)) => {
                read += 1;
                reading
                    .records
                    .push((name.to_vec(), k.to_vec(), v.to_vec()));
            }
            Err(e) => {
                reading.unreadable.push(format!(
                    "the {label} tree is unreadable after {read} records: {e}"
                ));
                return;
            }
        }
    }
}

/// The inquiry counter, if it can be read: the last number given.
fn inquiry_counter(db: &sled::Db) -> Option<u64> {
    db.open_tree("counts")
        .ok()
        .and_then(|c| c.get(b"\xffnext:inquiry").ok().flatten())
        .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
}

/// The item records read so far: key -> where in `reading.records`.
fn items_read(reading: &Reading) -> std::collections::BTreeMap<Vec<u8>, usize> {
    reading
        .records
        .iter()
        .enumerate()
        .filter(|(_, (t, _, _))| t == b"items")
        .map(|(i, (_, k, _))| (k.clone(), i))
        .collect()
}

/// "2 inquiries are unreadable: #3 #7".
fn missing_words(missing: &[u64]) -> String {
    format!(
        "{} inquir{} unreadable: {}",
        missing.len(),
        if missing.len() == 1 {
            "y is"
        } else {
            "ies are"
        },
        missing
            .iter()
            .map(|n| format!("#{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    )
}

/// Look up every inquiry by number (1 up to the store's counter), adding
/// those a damaged page hid from the walk, and name those unreadable.
fn count_inquiries(db: &sled::Db, reading: &mut Reading) {
    let Ok(items) = db.open_tree("items") else {
        return;
    };
    let counter = inquiry_counter(db);
    let mut have = items_read(reading);
    let highest = have
        .keys()
        .filter_map(|k| parse_item_key(k))
        .map(|id| id.0)
        .max()
        .unwrap_or(0);
    reading.expected = counter.unwrap_or(0).max(highest);
    let mut missing = Vec::new();
    for n in 1..=reading.expected {
        let key = item_key(crate::model::InquiryId(n)).to_vec();
        if !have.contains_key(&key) {
            match items.get(&key) {
                Ok(Some(v)) => {
                    reading
                        .records
                        .push((b"items".to_vec(), key.clone(), v.to_vec()));
                    have.insert(key.clone(), reading.records.len() - 1);
                }
                // Numbers are only used by committed inquiries: one
                // missing was lost with the damage.
                Ok(None) | Err(_) => {
                    missing.push(n);
                    continue;
                }
            }
        }
        let at = have[&key];
        match serde_json::from_slice::<Inquiry>(&reading.records[at].2) {
            Ok(_) => reading.inquiries += 1,
            Err(_) => missing.push(n),
        }
    }
    if !missing.is_empty() {
        reading.unreadable.push(missing_words(&missing));
    }
}
