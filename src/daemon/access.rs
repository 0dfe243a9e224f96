//! Who may connect to the daemon, and as whom (what each role may do is
//! `authorize`).
//! Identity is never taken from the client: it is the Unix user behind
//! the socket's peer credentials (ARCHITECTURE.md rule 6), checked on every
//! connection against the `[daemon]` section of the config.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::protocol::Role;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DaemonConfig {
    /// The socket. Empty: `$XDG_RUNTIME_DIR/siaga/siaga.sock` (a daemon of
    /// one's own), else `/run/siaga/siaga.sock` (the system service).
    pub socket: String,
    /// The group whose members may connect as officers; the socket's
    /// directory is made 0750 and the socket 0660 for it.
    pub group: String,
    /// Users who may connect as officers (besides `group`'s members).
    pub officers: Vec<String>,
    /// Users who see everything and may reassign claims.
    pub supervisors: Vec<String>,
    /// mission code -> users who are its consular staff.
    pub consular: BTreeMap<String, Vec<String>>,
    /// At most this many clients at once.
    pub max_clients: usize,
    /// At most this many connections per Unix user (officer): one user's
    /// forgotten windows or a runaway script never lock the others out.
    pub max_per_user: usize,
    /// The user the system daemon runs as. Clients trust a daemon running
    /// as this user, as root, or as themselves; empty: `siaga`.
    pub user: String,
}

impl Default for DaemonConfig {
    fn default() -> Self {
        DaemonConfig {
            socket: String::new(),
            group: String::new(),
            officers: Vec::new(),
            supervisors: Vec::new(),
            consular: BTreeMap::new(),
            max_clients: 64,
            max_per_user: 16,
            user: String::new(),
        }
    }
}

impl DaemonConfig {
    pub fn socket_path(&self) -> PathBuf {
        if !self.socket.is_empty() {
            return PathBuf::from(&self.socket);
        }
        match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
            Some(dir) => PathBuf::from(dir).join("siaga").join("siaga.sock"),
            None => PathBuf::from("/run/siaga/siaga.sock"),
        }
    }

    /// Nobody is named and no group is set: a daemon for its own user.
    fn personal(&self) -> bool {
        self.group.is_empty()
            && self.officers.is_empty()
            && self.supervisors.is_empty()
            && self.consular.is_empty()
    }

    /// The role of `user` (uid `uid`), or why they may not connect.
    pub fn role_of(&self, user: &str, uid: u32, daemon_uid: u32) -> Result<Role, String> {
        if self.supervisors.iter().any(|u| u == user) {
            return Ok(Role::Supervisor);
        }
        if self.officers.iter().any(|u| u == user) {
            return Ok(Role::Officer);
        }
        let missions: Vec<String> = self
            .consular
            .iter()
            .filter(|(_, users)| users.iter().any(|u| u == user))
            .map(|(code, _)| code.clone())
            .collect();
        if !missions.is_empty() {
            return Ok(Role::Consular { missions });
        }
        if !self.group.is_empty() && in_group(user, &self.group) {
            return Ok(Role::Officer);
        }
        if self.personal() && uid == daemon_uid {
            return Ok(Role::Officer);
        }
        Err(format!(
            "user {user} (uid {uid}) is not allowed: add them to [daemon] officers, or to the group {}",
            if self.group.is_empty() {
                "set in [daemon] group"
            } else {
                &self.group
            }
        ))
    }
}

fn in_group(user: &str, group: &str) -> bool {
    let Ok(Some(g)) = nix::unistd::Group::from_name(group) else {
        return false;
    };
    if g.mem.iter().any(|m| m == user) {
        return true;
    }
    matches!(nix::unistd::User::from_name(user), Ok(Some(u)) if u.gid == g.gid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_come_from_the_config_and_a_personal_daemon_serves_only_its_user() {
        let personal = DaemonConfig::default();
        assert_eq!(personal.role_of("siti", 1000, 1000), Ok(Role::Officer));
        assert!(personal.role_of("budi", 1001, 1000).is_err());
        let desk = DaemonConfig {
            officers: vec!["siti".into()],
            supervisors: vec!["kepala".into()],
            consular: [("riyadh".to_string(), vec!["rina".to_string()])].into(),
            ..DaemonConfig::default()
        };
        assert_eq!(desk.role_of("siti", 1, 0), Ok(Role::Officer));
        assert_eq!(desk.role_of("kepala", 2, 0), Ok(Role::Supervisor));
        assert_eq!(
            desk.role_of("rina", 3, 0),
            Ok(Role::Consular {
                missions: vec!["riyadh".into()]
            })
        );
        assert!(
            desk.role_of("root", 0, 0).is_err(),
            "named lists close the door to others"
        );
    }
}
