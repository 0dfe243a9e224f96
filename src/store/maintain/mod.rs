//! Keeping the store whole: a consistent backup while it runs, a restore
//! into a fresh store, and a check of every index against the items it
//! indexes (repairing what can be derived again; in [`check`]).
//!
//! Consistency: every write to the store holds the `gate` for reading;
//! a backup or a repair holds it for writing, so it sees (and leaves) the
//! store between two whole transactions.
//!
//! Backup file: `SIAGA-BACKUP 1\n`, then records `[u16 tree-name length]
//! [name][u32 key length][key][u32 value length][value]`, a record with a
//! zero-length name to end, and the SHA-256 of everything before it. It is
//! created 0600 and never overwrites a file.

use std::io::{BufWriter, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Store, StoreError, StoreResult};

mod check;

const MAGIC: &[u8] = b"SIAGA-BACKUP 1\n";

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
    pub records: u64,
    pub inquiries: u64,
    /// The history chain's head at the moment of the copy.
    pub chain_head: String,
    pub sha256: String,
}

/// What a check found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub inquiries: u64,
    /// Problems found and put right (or, without repair, that could be).
    pub repaired: Vec<String>,
    /// Problems that need a person (an unreadable record, a broken chain).
    pub unrepaired: Vec<String>,
    pub repair: bool,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.repaired.is_empty() && self.unrepaired.is_empty()
    }
}

/// `dir/name`, or `dir/name-2`, `-3`, ... if that is taken: two restores
/// in one second keep both stores aside.
pub(super) fn unused(dir: &Path, name: &str) -> PathBuf {
    let mut path = dir.join(name);
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("{name}-{n}"));
    }
    path
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    }
}

/// Write `bytes` to the backup and to its running digest.
struct Sink<W: Write> {
    out: W,
    digest: Sha256,
    bytes: u64,
}

impl<W: Write> Sink<W> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.digest.update(bytes);
        self.bytes += bytes.len() as u64;
        self.out.write_all(bytes)
    }

    fn record(&mut self, tree: &[u8], key: &[u8], value: &[u8]) -> std::io::Result<()> {
        self.put(&(tree.len() as u16).to_be_bytes())?;
        self.put(tree)?;
        self.put(&(key.len() as u32).to_be_bytes())?;
        self.put(key)?;
        self.put(&(value.len() as u32).to_be_bytes())?;
        self.put(value)
    }
}

impl Store {
    /// Every named tree of the store, the default one included.
    pub(super) fn all_trees(&self) -> StoreResult<Vec<(Vec<u8>, sled::Tree)>> {
        let mut out = Vec::new();
        for name in self.db.tree_names() {
            out.push((name.to_vec(), self.db.open_tree(&name)?));
        }
        Ok(out)
    }

    /// Copy the whole store to a new file at `path`, consistent: writers
    /// wait (a moment) while it is copied.
    pub fn backup(&self, path: &Path) -> StoreResult<BackupReport> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(io_err(path))?;
        let result = self.write_backup(file, path);
        if result.is_err() {
            let _ = std::fs::remove_file(path);
        }
        result
    }

    fn write_backup(&self, file: std::fs::File, path: &Path) -> StoreResult<BackupReport> {
        let _quiet = self.gate.write().unwrap_or_else(|e| e.into_inner());
        let mut sink = Sink {
            out: BufWriter::new(file),
            digest: Sha256::new(),
            bytes: 0,
        };
        let mut records = 0u64;
        sink.put(MAGIC).map_err(io_err(path))?;
        for (name, tree) in self.all_trees()? {
            for kv in tree.iter() {
                let (k, v) = kv?;
                sink.record(&name, &k, &v).map_err(io_err(path))?;
                records += 1;
            }
        }
        sink.put(&0u16.to_be_bytes()).map_err(io_err(path))?;
        let sha: [u8; 32] = sink.digest.clone().finalize().into();
        sink.out.write_all(&sha).map_err(io_err(path))?;
        let file = sink
            .out
            .into_inner()
            .map_err(|e| io_err(path)(e.into_error()))?;
        file.sync_all().map_err(io_err(path))?;
        Ok(BackupReport {
            path: path.to_path_buf(),
            bytes: sink.bytes + 32,
            records,
            inquiries: self.items.len() as u64,
            chain_head: self.verify_head_hex()?,
            sha256: hex::encode(sha),
        })
    }

    fn verify_head_hex(&self) -> StoreResult<String> {
        Ok(self
            .chain
            .get(b"head")?
            .map(|h| hex::encode(&h[h.len().saturating_sub(32)..]))
            .unwrap_or_default())
    }

    /// Make a new store in `dir` from a backup file. The directory must
    /// hold no store (move the old one aside first). Checks the file's
    /// digest before writing anything.
    /// With `replace`, a store already there is moved aside to
    /// `db.before-restore-<time>` (never deleted). The history's seal is
    /// checked with the key already in `dir` (a store's own backup).
    pub fn restore(
        dir: &Path,
        backup: &Path,
        replace: bool,
    ) -> StoreResult<(Store, Option<PathBuf>)> {
        Store::restore_keyed(dir, backup, replace, None)
    }

    /// `restore`, with `key`: the `chain.key` of the store the backup was
    /// made from, which becomes this store's key (one already in `dir` is
    /// moved aside). Backups never carry the key: it is what makes an
    /// edited backup fail `audit verify`.
    pub fn restore_keyed(
        dir: &Path,
        backup: &Path,
        replace: bool,
        key: Option<&Path>,
    ) -> StoreResult<(Store, Option<PathBuf>)> {
        let records = read_backup(backup)?;
        let mut moved = None;
        if dir.join("db").exists() {
            if !replace {
                return Err(StoreError::Refused(crate::said!(
                    "refused-restore-over-store",
                    dir = dir.display().to_string()
                )));
            }
            let lock = super::lock::StoreLock::acquire(dir)?;
            let aside = unused(
                dir,
                &format!(
                    "db.before-restore-{}",
                    jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ")
                ),
            );
            std::fs::rename(dir.join("db"), &aside).map_err(io_err(dir))?;
            drop(lock);
            moved = Some(aside);
        }
        if let Some(key) = key {
            super::create_private_dir(dir).map_err(io_err(dir))?;
            super::seal::adopt_key(dir, key)?;
        }
        let store = Store::open(dir)?;
        {
            let _quiet = store.gate.write().unwrap_or_else(|e| e.into_inner());
            for (tree, key, value) in records {
                store.db.open_tree(&tree)?.insert(key, value)?;
            }
            store.db.flush()?;
        }
        Ok((store, moved))
    }
}

type BackupRecord = (Vec<u8>, Vec<u8>, Vec<u8>);

/// Read and verify a backup file; nothing is returned unless the digest
/// matches and every record is whole.
fn read_backup(path: &Path) -> StoreResult<Vec<BackupRecord>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(io_err(path))?;
    let bad = |detail: &str| StoreError::Corrupt {
        what: format!("backup {}", path.display()),
        detail: detail.to_string(),
    };
    if bytes.len() < MAGIC.len() + 2 + 32 || !bytes.starts_with(MAGIC) {
        return Err(bad("not a siaga backup"));
    }
    let (body, sha) = bytes.split_at(bytes.len() - 32);
    if Sha256::digest(body).as_slice() != sha {
        return Err(bad(
            "its digest does not match: the file is damaged or incomplete",
        ));
    }
    let mut at = MAGIC.len();
    let mut take = |n: usize| -> StoreResult<&[u8]> {
        let out = body
            .get(at..at + n)
            .ok_or_else(|| bad("truncated record"))?;
        at += n;
        Ok(out)
    };
    let mut out = Vec::new();
    loop {
        let name_len = u16::from_be_bytes(take(2)?.try_into().expect("2 bytes")) as usize;
        if name_len == 0 {
            break;
        }
        let name = take(name_len)?.to_vec();
        let key_len = u32::from_be_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let key = take(key_len)?.to_vec();
        let value_len = u32::from_be_bytes(take(4)?.try_into().expect("4 bytes")) as usize;
        let value = take(value_len)?.to_vec();
        out.push((name, key, value));
    }
    Ok(out)
}
