//! Where the daemon listens: the socket's directory made (or checked to
//! be safe as it is), a stale socket replaced, the socket bound for the
//! officers' group; and the process's descriptor limit raised.

use std::os::unix::fs::{DirBuilderExt, FileTypeExt, PermissionsExt};
use std::path::Path;

use nix::unistd::Gid;
use tokio::net::{UnixListener, UnixStream};

use super::super::socket;

/// Make the socket's directory (0750, the officers' group) and bind the
/// socket (0660). A directory that exists must be the daemon's own (or
/// root's) and closed to others' writes, never a symlink; a stale socket
/// nobody answers on is replaced; a live one means another daemon runs;
/// anything else at the path is left alone and binding fails.
pub async fn bind(path: &Path, group: &str) -> std::io::Result<UnixListener> {
    socket::check_length(path).map_err(refused)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let gid = group_id(group);
    socket_dir(dir, gid)?;
    clear_stale(path).await?;
    let listener = UnixListener::bind(path)?;
    if let Some(gid) = gid {
        let _ = nix::unistd::chown(path, None, Some(gid));
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))?;
    Ok(listener)
}

/// The officers' group, if one is named and exists.
fn group_id(group: &str) -> Option<Gid> {
    if group.is_empty() {
        return None;
    }
    nix::unistd::Group::from_name(group)
        .ok()
        .flatten()
        .map(|g| g.gid)
}

/// A directory made here belongs to the daemon (0750, the officers'
/// group); one that existed (a shared /tmp, systemd's RuntimeDirectory)
/// must be safe as it is.
fn socket_dir(dir: &Path, gid: Option<Gid>) -> std::io::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(_) => return socket::check_daemon_dir(dir).map_err(refused),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o750)
        .create(dir)?;
    if let Some(gid) = gid {
        let _ = nix::unistd::chown(dir, None, Some(gid));
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o750))
}

/// Room for the socket at `path`: a stale socket is removed; a live one,
/// or anything that is not a socket, is refused.
async fn clear_stale(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_socket() => {
            if UnixStream::connect(path).await.is_ok() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::AddrInUse,
                    format!("a daemon already answers on {}", path.display()),
                ));
            }
            std::fs::remove_file(path)
        }
        Ok(_) => Err(refused(format!(
            "{} exists and is not a socket; siaga will not remove it: look at what it \
             is, or set [daemon] socket elsewhere",
            path.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

fn refused(why: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, why)
}

/// Let the daemon hold as many descriptors as the system allows it (the
/// soft limit raised to the hard one), so idle connections run out of
/// per-user slots long before the process runs out of files.
pub fn raise_fd_limit() {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    if let Ok((soft, hard)) = getrlimit(Resource::RLIMIT_NOFILE)
        && soft < hard
        && let Err(e) = setrlimit(Resource::RLIMIT_NOFILE, hard, hard)
    {
        tracing::warn!("could not raise the open-file limit from {soft} to {hard}: {e}");
    }
}
