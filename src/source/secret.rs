//! Reading a secret (a platform token, the SMTP password, the webhook
//! signing key) from the environment variable or the 0600 file the config
//! names: never from the config text itself (ARCHITECTURE.md rule 7).

use std::path::Path;

/// The secret in `env` (when named) or in `file`, trimmed. A file others
/// can read is refused with the command that fixes it.
pub fn read_secret(env: Option<&str>, file: Option<&Path>) -> Result<String, String> {
    if let Some(var) = env {
        if !is_variable_name(var) {
            // Never repeat it: it may be the secret itself, pasted here.
            return Err(
                "the value given as an environment variable's name is not a variable name \
                 (was the token itself pasted there?)"
                    .into(),
            );
        }
        return std::env::var(var)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .map(|v| v.trim().to_string())
            .ok_or_else(|| format!("environment variable {var} is not set"));
    }
    let Some(path) = file else {
        return Err("neither an environment variable nor a file is named".into());
    };
    read_secret_file(path)
}

/// The most a secret file may hold: a token is a few hundred bytes.
const MAX_SECRET_BYTES: u64 = 64 * 1024;

/// Read a secret file, checked on the file actually opened (never blocking
/// on a FIFO, never following a swap between check and read): a plain
/// file, readable by its owner only, of at most 64 KiB.
fn read_secret_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let shown = path.display();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY)
        .open(path)
        .map_err(|e| format!("{shown}: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("{shown}: {e}"))?;
    secret_file_problem(path, &meta)?;
    let mut text = String::new();
    file.take(MAX_SECRET_BYTES)
        .read_to_string(&mut text)
        .map_err(|e| format!("{shown}: {e}"))?;
    Ok(text.trim().to_string())
}

/// What `siaga config check` says of a secret file: why it would be
/// refused, or None. A file this user may not read is not a problem here
/// (only the service user needs it); one others may read is.
pub fn check_secret_file(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(meta) => secret_file_problem(path, &meta).err(),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => None,
        Err(e) => Some(format!("{}: {e}", path.display())),
    }
}

fn secret_file_problem(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let shown = path.display();
    if !meta.file_type().is_file() {
        return Err(format!(
            "{shown} is not a plain file (a pipe, device or directory); put the secret in a file"
        ));
    }
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "{shown} can be read by other users; run `chmod 600 {shown}`"
        ));
    }
    if meta.len() > MAX_SECRET_BYTES {
        return Err(format!(
            "{shown} is {} bytes: not a secret (at most {MAX_SECRET_BYTES})",
            meta.len()
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
