//! Where the daemon's socket may live, and who may stand behind it.
//!
//! Both ends check before they trust the path. The daemon refuses to
//! listen in a directory someone else controls (another user's, or a
//! symlink put in its place), where that someone could swap the socket
//! for their own. A client refuses a socket in such a directory, and a
//! daemon whose peer credentials are not the service user's (or root's,
//! or its own user's, for a daemon of one's own): an impostor listening
//! on the path would otherwise read every reply an officer writes.

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::Path;

/// The longest path a Unix socket takes (`sun_path`, less its NUL).
pub const MAX_SOCKET_PATH: usize = 107;

/// The service user a packaged daemon runs as.
pub const SERVICE_USER: &str = "siaga";

/// A path the kernel can bind, or why not.
pub fn check_length(path: &Path) -> Result<(), String> {
    let len = path.as_os_str().len();
    if len > MAX_SOCKET_PATH {
        return Err(format!(
            "the socket path {} is {len} bytes long; a Unix socket path takes at most \
             {MAX_SOCKET_PATH}: set a shorter [daemon] socket",
            path.display()
        ));
    }
    Ok(())
}

/// Whom a client believes to be the daemon: root, its own user (a
/// daemon of one's own) and the configured service user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trust {
    uids: Vec<u32>,
    /// For messages: the names behind the uids.
    names: Vec<String>,
}

impl Trust {
    /// Root, this process's user, and `service_user` if it exists.
    pub fn of(service_user: &str) -> Trust {
        let me = nix::unistd::getuid().as_raw();
        let mut trust = Trust {
            uids: vec![0],
            names: vec!["root".into()],
        };
        trust.add(me, &user_name(me));
        let service = if service_user.is_empty() {
            SERVICE_USER
        } else {
            service_user
        };
        if let Ok(Some(u)) = nix::unistd::User::from_name(service) {
            trust.add(u.uid.as_raw(), service);
        }
        trust
    }

    fn add(&mut self, uid: u32, name: &str) {
        if !self.uids.contains(&uid) {
            self.uids.push(uid);
            self.names.push(name.to_string());
        }
    }

    pub fn trusts(&self, uid: u32) -> bool {
        self.uids.contains(&uid)
    }

    fn describe(&self) -> String {
        self.names.join(", ")
    }

    /// The daemon behind a connected socket is one we trust.
    pub fn check_peer(&self, uid: u32, socket: &Path) -> Result<(), String> {
        if self.trusts(uid) {
            return Ok(());
        }
        Err(format!(
            "the process answering on {} runs as {} (uid {uid}), not as {}: it is not the \
             desk's daemon, so nothing was sent to it; tell your supervisor",
            socket.display(),
            user_name(uid),
            self.describe()
        ))
    }

    /// The socket and its directory are safe to connect to: the directory
    /// is no symlink, belongs to someone trusted, and nobody else may
    /// replace what is in it (or it is sticky, like /tmp); the socket is a
    /// socket, owned by someone trusted.
    pub fn check_path(&self, socket: &Path) -> Result<(), String> {
        let dir = parent(socket);
        check_dir(dir, |uid| self.trusts(uid), &self.describe())?;
        let meta =
            std::fs::symlink_metadata(socket).map_err(|e| format!("{}: {e}", socket.display()))?;
        if !meta.file_type().is_socket() {
            return Err(format!(
                "{} is not a socket (a {}); the desk's daemon did not make it",
                socket.display(),
                kind(&meta)
            ));
        }
        if !self.trusts(meta.uid()) {
            return Err(format!(
                "the socket {} belongs to {} (uid {}), not to {}; it is not the desk's daemon",
                socket.display(),
                user_name(meta.uid()),
                meta.uid(),
                self.describe()
            ));
        }
        Ok(())
    }
}

/// The daemon may listen in `dir` (which exists): not a symlink, its own
/// or root's, and not open to others' writes unless sticky.
pub fn check_daemon_dir(dir: &Path) -> Result<(), String> {
    let me = nix::unistd::getuid().as_raw();
    check_dir(dir, |uid| uid == me || uid == 0, &user_name(me))
}

fn check_dir(dir: &Path, trusted: impl Fn(u32) -> bool, whom: &str) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if meta.file_type().is_symlink() {
        return Err(format!(
            "the socket's directory {} is a symlink; refusing it (someone may have put it \
             there to catch the desk's traffic): remove it, or set [daemon] socket elsewhere",
            dir.display()
        ));
    }
    if !meta.is_dir() {
        return Err(format!("{} is not a directory", dir.display()));
    }
    if !trusted(meta.uid()) {
        return Err(format!(
            "the socket's directory {} belongs to {} (uid {}), not to {whom}; whoever owns \
             it could replace the socket: remove it, or set [daemon] socket elsewhere",
            dir.display(),
            user_name(meta.uid()),
            meta.uid()
        ));
    }
    let mode = meta.mode();
    let sticky = mode & 0o1000 != 0;
    if mode & 0o022 != 0 && !sticky {
        return Err(format!(
            "the socket's directory {} is writable by others (mode {:o}); they could \
             replace the socket: chmod go-w it, or set [daemon] socket elsewhere",
            dir.display(),
            mode & 0o7777
        ));
    }
    Ok(())
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        "symlink"
    } else if t.is_dir() {
        "directory"
    } else if t.is_fifo() {
        "FIFO"
    } else {
        "file"
    }
}

pub fn user_name(uid: u32) -> String {
    nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(uid))
        .ok()
        .flatten()
        .map_or_else(|| format!("uid{uid}"), |u| u.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_too_long_for_sun_path_is_named() {
        let long = Path::new("/run").join("x".repeat(120));
        let why = check_length(&long).unwrap_err();
        assert!(why.contains("at most 107"), "{why}");
        assert_eq!(check_length(Path::new("/run/siaga/siaga.sock")), Ok(()));
    }

    #[test]
    fn root_and_oneself_are_trusted_and_a_stranger_is_not() {
        let trust = Trust::of("no-such-service-user");
        assert!(trust.trusts(0));
        assert!(trust.trusts(nix::unistd::getuid().as_raw()));
        let why = trust
            .check_peer(4_000_000, Path::new("/run/siaga/siaga.sock"))
            .unwrap_err();
        assert!(why.contains("uid 4000000"), "{why}");
    }
}
