//! Connecting to the daemon: the socket checked before and its peer after
//! (`socket::Trust`), the greeting, and what can go wrong on the way, in
//! the officer's words.

use std::path::Path;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::UnixStream;
use tokio::net::unix::{OwnedReadHalf, OwnedWriteHalf};

use super::super::protocol::{ClientMsg, Role, ServerMsg, VERSION, WireError, encode};
use super::super::socket::Trust;
use crate::i18n::Lang;
use crate::tr;

/// Why a client could not start.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// Nothing listens there (no daemon runs).
    #[error("no daemon answers on {0}")]
    Absent(String),
    /// The daemon answered no.
    #[error("the daemon refused this client: {0}")]
    Refused(WireError),
    /// What answers there is not the desk's daemon, or could be swapped
    /// for another's (`socket::Trust`): nothing was sent.
    #[error("{0}")]
    Untrusted(String),
    #[error("talking to the daemon: {0}")]
    Io(String),
}

impl ConnectError {
    /// What the officer reads when a command ends with this error, in
    /// `lang`. English is the `Display` above (logs and tests read it);
    /// what the daemon or the system said stays as it is.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => self.words(lang).unwrap_or_else(|| self.to_string()),
        }
    }

    /// The catalog's words; None where the error is only what it carries.
    /// In English they are the `Display`'s (a unit test checks).
    fn words(&self, lang: Lang) -> Option<String> {
        Some(match self {
            ConnectError::Absent(socket) => tr!(lang, "daemon-absent", socket = socket),
            ConnectError::Refused(WireError::Version { daemon, client }) => tr!(
                lang,
                "daemon-version",
                daemon = daemon.to_string(),
                client = client.to_string()
            ),
            ConnectError::Refused(why) => tr!(lang, "daemon-refused", why = why.to_string()),
            ConnectError::Io(why) => tr!(lang, "daemon-io", why = why),
            ConnectError::Untrusted(_) => return None,
        })
    }
}

/// The socket, checked before connecting (it exists, `trust` vouches for
/// it) and its peer after (the daemon runs as whom `trust` expects).
pub(super) async fn reach(socket: &Path, trust: &Trust) -> Result<UnixStream, ConnectError> {
    if std::fs::symlink_metadata(socket).is_err() {
        return Err(ConnectError::Absent(socket.display().to_string()));
    }
    trust.check_path(socket).map_err(ConnectError::Untrusted)?;
    let stream = UnixStream::connect(socket)
        .await
        .map_err(|_| ConnectError::Absent(socket.display().to_string()))?;
    let peer = stream
        .peer_cred()
        .map_err(|e| ConnectError::Io(format!("the daemon's credentials: {e}")))?;
    trust
        .check_peer(peer.uid(), socket)
        .map_err(ConnectError::Untrusted)?;
    Ok(stream)
}

/// Say hello; the daemon's welcome names the officer and their role, or
/// its error says why not.
pub(super) async fn greet(
    reader: &mut BufReader<OwnedReadHalf>,
    write: &mut OwnedWriteHalf,
    client: &str,
) -> Result<(String, Role), ConnectError> {
    let hello = ClientMsg::Hello {
        version: VERSION,
        client: client.to_string(),
    };
    // A daemon that refuses us may have closed already: its reason is
    // still there to read, so a failed write is not the end.
    let wrote = write.write_all(&encode(&hello)).await;
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .await
        .map_err(|e| ConnectError::Io(e.to_string()))?;
    match serde_json::from_str::<ServerMsg>(&line) {
        Ok(ServerMsg::Welcome { officer, role, .. }) => Ok((officer, role)),
        Ok(ServerMsg::Error { error }) => Err(ConnectError::Refused(error)),
        Ok(other) => Err(ConnectError::Io(format!("unexpected greeting {other:?}"))),
        Err(e) if line.is_empty() => {
            let why = wrote.err().map_or_else(|| e.to_string(), |w| w.to_string());
            Err(ConnectError::Io(format!(
                "the daemon closed the connection ({why})"
            )))
        }
        Err(e) => Err(ConnectError::Io(format!("unreadable greeting: {e}"))),
    }
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    fn samples() -> Vec<ConnectError> {
        vec![
            ConnectError::Absent("/run/siaga/siaga.sock".into()),
            ConnectError::Refused(WireError::Version {
                daemon: 3,
                client: 2,
            }),
            ConnectError::Refused(WireError::Forbidden {
                message: "not in the group".into(),
                said: None,
            }),
            ConnectError::Io("the daemon closed the connection".into()),
        ]
    }

    #[test]
    fn the_english_words_are_the_display() {
        for e in samples() {
            assert_eq!(e.words(Lang::En), Some(e.to_string()));
            assert_eq!(e.describe(Lang::En), e.to_string());
        }
        let untrusted = ConnectError::Untrusted("owned by mallory".into());
        assert_eq!(untrusted.describe(Lang::Id), untrusted.to_string());
    }

    #[test]
    fn an_officer_reads_the_error_in_indonesian() {
        for e in samples() {
            assert_ne!(e.describe(Lang::Id), e.to_string(), "{e:?}");
        }
        assert_eq!(
            samples()[1].describe(Lang::Id),
            "daemon menolak klien ini: daemon memakai protokol 3, siaga ini 2; \
             gunakan versi siaga yang sama untuk keduanya"
        );
    }
}
