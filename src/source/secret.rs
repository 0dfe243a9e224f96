//! Reading a secret (a platform token, the SMTP password, the webhook
//! signing key) from the environment variable or the 0600 file the config
//! names: never from the config text itself (ARCHITECTURE.md rule 7).

use std::path::Path;

use crate::i18n::Said;
use crate::said;

/// The secret in `env` (when named) or in `file`, trimmed. A file others
/// can read is refused with the command that fixes it (in the catalog's
/// words: `siaga config check` says it in the officer's language).
pub fn read_secret(env: Option<&str>, file: Option<&Path>) -> Result<String, Said> {
    if let Some(var) = env {
        if !is_variable_name(var) {
            // Never repeat it: it may be the secret itself, pasted here.
            return Err(said!("secret-not-a-variable-name"));
        }
        return std::env::var(var)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().to_string())
            .ok_or_else(|| said!("secret-variable-unset", var = var));
    }
    let Some(path) = file else {
        return Err(said!("secret-none-named"));
    };
    read_secret_file(path)
}

/// The most a secret file may hold: a token is a few hundred bytes.
const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// Read a secret file, checked on the file actually opened (never blocking
/// on a FIFO, never following a swap between check and read): a plain
/// file, readable by its owner only, of at most 64 KiB.
fn read_secret_file(path: &Path) -> Result<String, Said> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY)
        .open(path)
        .map_err(|e| unreadable(path, &e))?;
    let meta = file.metadata().map_err(|e| unreadable(path, &e))?;
    secret_file_problem(path, &meta)?;
    let mut text = String::new();
    file.take(MAX_SECRET_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| unreadable(path, &e))?;
    Ok(text.trim().to_string())
}

fn unreadable(path: &Path, e: &std::io::Error) -> Said {
    said!(
        "secret-unreadable",
        path = path.display().to_string(),
        why = e.to_string()
    )
}

/// What `siaga config check` says of a secret file: why it would be
/// refused, or None. A file this user may not read is not a problem here
/// (only the service user needs it); one others may read is.
pub fn check_secret_file(path: &Path) -> Option<Said> {
    match std::fs::metadata(path) {
        Ok(meta) => secret_file_problem(path, &meta).err(),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => None,
        Err(e) => Some(unreadable(path, &e)),
    }
}

fn secret_file_problem(path: &Path, meta: &std::fs::Metadata) -> Result<(), Said> {
    use std::os::unix::fs::PermissionsExt;
    let shown = path.display().to_string();
    if !meta.file_type().is_file() {
        return Err(said!("secret-not-plain-file", path = &shown));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(said!("secret-readable-by-others", path = &shown));
    }
    if meta.len() > MAX_SECRET_BYTES {
        return Err(said!(
            "secret-too-large",
            path = &shown,
            size = meta.len().to_string(),
            max = MAX_SECRET_BYTES.to_string()
        ));
    }
    Ok(())
}

/// An environment variable's name as shells write them (`SIAGA_X_TOKEN`).
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn file(dir: &Path, name: &str, text: &str, mode: u32) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    #[test]
    fn a_private_file_is_read_and_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), "t", " tok\n", 0o600);
        assert_eq!(read_secret(None, Some(&path)).unwrap(), "tok");
        assert_eq!(check_secret_file(&path), None);
    }

    #[test]
    fn a_file_others_read_is_refused_directly_or_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let open = file(dir.path(), "t", "tok", 0o644);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&open, &link).unwrap();
        for path in [&open, &link] {
            let err = read_secret(None, Some(path)).unwrap_err();
            assert!(err.contains("chmod 600"), "{err}");
            assert!(check_secret_file(path).unwrap().contains("chmod 600"));
        }
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        let err = read_secret(None, Some(&fifo)).unwrap_err();
        assert!(err.contains("not a plain file"), "{err}");
        assert!(
            check_secret_file(&fifo)
                .unwrap()
                .contains("not a plain file")
        );
        let err = read_secret(None, Some(dir.path())).unwrap_err();
        assert!(err.contains("not a plain file"), "{err}");
    }

    #[test]
    fn a_huge_file_is_not_a_secret() {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), "t", &"x".repeat(100_000), 0o600);
        assert!(
            read_secret(None, Some(&path))
                .unwrap_err()
                .contains("not a secret")
        );
    }
}
