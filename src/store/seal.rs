//! The history's seal: what makes the chain's head checkable by someone
//! who does not trust the store's files. A plain hash chain can be
//! recomputed by anyone who edits a backup; the seal is an HMAC-SHA256 of
//! the head under a key that lives beside the store (`chain.key`, 0600)
//! and never in a backup. A tampered backup restored next to the real key
//! fails `siaga audit verify`; a missing key or a missing chain is never
//! replaced quietly: the store refuses to open until `siaga audit reseal`
//! is run, which says in the log what it trusted.
//!
//! The seal is written in the same transaction as every event (the `seal`
//! entry of the `chain` tree).

use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{StoreError, StoreResult};

/// The key file's name inside the store directory.
pub const KEY_FILE: &str = "chain.key";
const DOMAIN: &[u8] = b"siaga-chain-seal-v1";

/// The secret that seals the history's head.
#[derive(Clone)]
pub struct SealKey([u8; 32]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(..)")
    }
}

impl SealKey {
    /// The seal of a head (its encoded bytes).
    pub fn seal(&self, head: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(DOMAIN);
        mac.update(head);
        mac.finalize().into_bytes().into()
    }

    /// Whether `seal` is this key's seal of `head` (constant time).
    pub fn opens(&self, head: &[u8], seal: &[u8]) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("any key length");
        mac.update(DOMAIN);
        mac.update(head);
        mac.verify_slice(seal).is_ok()
    }
}

pub fn key_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

/// Read the store's key, if it has one. A key file that is not 32 bytes,
/// or that others may read, is refused by name.
pub fn read_key(dir: &Path) -> StoreResult<Option<SealKey>> {
    read_key_file(&key_path(dir))
}

fn read_key_file(path: &Path) -> StoreResult<Option<SealKey>> {
    use std::os::unix::fs::PermissionsExt;
    let path = path.to_path_buf();
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(open_err(&path, e)),
    };
    if !meta.file_type().is_file() {
        return Err(refused(crate::said!(
            "refused-seal-key-not-file",
            key = shown(&path)
        )));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(refused(crate::said!(
            "refused-seal-key-readable",
            key = shown(&path)
        )));
    }
    let bytes = std::fs::read(&path).map_err(|e| open_err(&path, e))?;
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| refused(crate::said!("refused-seal-key-size", key = shown(&path))))?;
    Ok(Some(SealKey(key)))
}

/// A new key written beside the store but not yet its key: installed
/// (renamed into place) only once the history is sealed with it, so a
/// crash in between leaves the store as it was.
pub struct PendingKey {
    from: PathBuf,
    to: PathBuf,
}

impl PendingKey {
    pub fn install(self) -> StoreResult<()> {
        std::fs::rename(&self.from, &self.to).map_err(|e| open_err(&self.to, e))?;
        if let Some(dir) = self.to.parent() {
            sync_dir(dir);
        }
        Ok(())
    }
}

/// Make a new key for the store in `dir`, to install once it sealed the
/// history.
pub fn fresh_key(dir: &Path) -> StoreResult<(SealKey, PendingKey)> {
    let pending = dir.join(format!("{KEY_FILE}.new"));
    match std::fs::remove_file(&pending) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(open_err(&pending, e)),
        _ => {}
    }
    let key = write_key(&pending)?;
    Ok((
        key,
        PendingKey {
            from: pending,
            to: key_path(dir),
        },
    ))
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Write a new key to `path` (0600, never over an existing file), durable
/// before it is used.
fn write_key(path: &Path) -> StoreResult<SealKey> {
    let path = path.to_path_buf();
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| no_randomness(&e))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| open_err(&path, e))?;
    file.write_all(&key).map_err(|e| open_err(&path, e))?;
    file.sync_all().map_err(|e| open_err(&path, e))?;
    Ok(SealKey(key))
}

/// Make the key in file `from` this store's key (a restore of a backup
/// made elsewhere); a key already there is moved aside, never deleted.
pub fn adopt_key(dir: &Path, from: &Path) -> StoreResult<Option<PathBuf>> {
    let Some(SealKey(key)) = read_key_file(from)? else {
        return Err(refused(crate::said!(
            "refused-seal-key-absent",
            key = shown(from)
        )));
    };
    let current = key_path(dir);
    let mut aside = None;
    if current.exists() {
        let to = super::maintain::unused(
            dir,
            &format!(
                "{KEY_FILE}.before-restore-{}",
                jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ")
            ),
        );
        std::fs::rename(&current, &to).map_err(|e| open_err(&to, e))?;
        aside = Some(to);
    }
    let pending = dir.join(format!("{KEY_FILE}.new"));
    let _ = std::fs::remove_file(&pending);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&pending)
        .map_err(|e| open_err(&pending, e))?;
    file.write_all(&key).map_err(|e| open_err(&pending, e))?;
    file.sync_all().map_err(|e| open_err(&pending, e))?;
    PendingKey {
        from: pending,
        to: current,
    }
    .install()?;
    Ok(aside)
}

/// Remove the key so that `reseal` can make a new one.
pub(super) fn discard_key(dir: &Path) -> StoreResult<()> {
    let path = key_path(dir);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(open_err(&path, e)),
    }
}

fn open_err(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        source,
    }
}

fn refused(why: crate::i18n::Said) -> StoreError {
    StoreError::Refused(why)
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The system gave no random bytes (a key or a pepper cannot be made).
pub(super) fn no_randomness(e: &getrandom::Error) -> StoreError {
    StoreError::Refused(crate::said!("refused-no-randomness", why = e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seal_opens_only_with_its_key_and_head() {
        let a = SealKey([1; 32]);
        let b = SealKey([2; 32]);
        let seal = a.seal(b"head-1");
        assert!(a.opens(b"head-1", &seal));
        assert!(!a.opens(b"head-2", &seal));
        assert!(!b.opens(b"head-1", &seal));
    }

    #[test]
    fn the_key_file_is_private_and_checked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        assert!(read_key(dir.path()).unwrap().is_none());
        let (made, pending) = fresh_key(dir.path()).unwrap();
        assert!(
            read_key(dir.path()).unwrap().is_none(),
            "not before install"
        );
        pending.install().unwrap();
        let mode = std::fs::metadata(key_path(dir.path()))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let read = read_key(dir.path()).unwrap().unwrap();
        assert!(read.opens(b"h", &made.seal(b"h")));
        assert!(
            write_key(&key_path(dir.path())).is_err(),
            "never over an existing key"
        );
        std::fs::set_permissions(key_path(dir.path()), std::fs::Permissions::from_mode(0o644))
            .unwrap();
        let err = read_key(dir.path()).unwrap_err().to_string();
        assert!(err.contains("chmod 600"), "{err}");
        std::fs::set_permissions(key_path(dir.path()), std::fs::Permissions::from_mode(0o600))
            .unwrap();
        std::fs::write(key_path(dir.path()), b"short").unwrap();
        let err = read_key(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not 32 bytes"), "{err}");
    }
}
