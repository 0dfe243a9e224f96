//! The secrets that sign webhook deliveries: each mission's own
//! (`[missions.<code>] webhook_secret_env` / `_file`), so that one
//! mission's leaked key cannot forge deliveries to another, and the
//! `[escalation]` one for a mission that names none. All are read once,
//! when the deliverer is built; a secret that cannot be read refuses only
//! the deliveries it would sign, with a reason naming the mission and the
//! key, never the secret.

use std::collections::BTreeMap;
use std::path::Path;

use super::settings::EscalationConfig;
use crate::model::escalation::{Delivery, Escalation, Purpose};
use crate::model::missions::Missions;
use crate::source::secret::read_secret;

/// A signing key, or why there is none (naming where it should come from).
type Key = Result<Vec<u8>, String>;

/// Every webhook signing key, read.
pub struct WebhookKeys {
    /// Mission code -> its own key, for missions that name one.
    own: BTreeMap<String, Key>,
    /// The `[escalation]` key.
    fallback: Key,
    /// Whose entry a default-desk delivery came from.
    default_desk: String,
}

impl WebhookKeys {
    pub fn read(missions: &Missions, config: &EscalationConfig) -> WebhookKeys {
        let own = missions
            .iter()
            .filter(|(_, m)| m.has_own_secret())
            .map(|(code, m)| {
                let table = format!("[missions.{code}]");
                let key = read_key(
                    &table,
                    m.webhook_secret_env.as_deref(),
                    m.webhook_secret_file.as_deref(),
                )
                .map_err(|why| format!("mission `{code}`'s webhook secret: {why}"));
                (code.clone(), key)
            })
            .collect();
        let fallback = read_key(
            "[escalation]",
            config.webhook_secret_env.as_deref(),
            config.webhook_secret_file.as_deref(),
        );
        WebhookKeys {
            own,
            fallback,
            default_desk: config.default_desk.clone(),
        }
    }

    /// The key for delivery `d` of `e`: that of the mission entry its
    /// webhook URL came from (the default desk's for a default-desk
    /// delivery, as `packet::deliveries` chose it; an addition's, that of
    /// the first send it follows), else the fallback.
    pub fn for_delivery(&self, e: &Escalation, d: &Delivery) -> Result<&[u8], String> {
        let purpose = e.first_send_of(d).map_or(d.purpose, |first| first.purpose);
        let code = match purpose {
            Purpose::DefaultDesk => self.default_desk.as_str(),
            Purpose::Mission | Purpose::Supervisor | Purpose::Addition => e.mission.as_str(),
        };
        self.of(code)
    }

    /// Mission `code`'s own key, or the fallback when it names none.
    pub fn of(&self, code: &str) -> Result<&[u8], String> {
        match self.own.get(code) {
            Some(key) => key.as_deref().map_err(Clone::clone),
            None => self.fallback.as_deref().map_err(|why| {
                format!("mission `{code}` names no webhook secret of its own, and {why}")
            }),
        }
    }
}

/// The key `table` names in `env` or `file`. An error says which key of
/// which table, and why (read_secret never repeats a secret).
fn read_key(table: &str, env: Option<&str>, file: Option<&Path>) -> Key {
    let name = match (env, file) {
        (Some(_), _) => "webhook_secret_env",
        (None, Some(_)) => "webhook_secret_file",
        (None, None) => {
            return Err(format!(
                "{table} names no webhook_secret_env or webhook_secret_file"
            ));
        }
    };
    match read_secret(env, file) {
        Ok(secret) if secret.is_empty() => Err(format!("{table} {name}: the secret is empty")),
        Ok(secret) => Ok(secret.into_bytes()),
        Err(why) => Err(format!("{table} {name}: {why}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escalate::Mission;
    use std::os::unix::fs::PermissionsExt;

    fn secret_file(dir: &Path, name: &str, text: &str, mode: u32) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path
    }

    fn mission(file: Option<std::path::PathBuf>) -> Mission {
        Mission {
            webhook_url: "https://desk.example/siaga".into(),
            webhook_secret_file: file,
            ..Mission::default()
        }
    }

    #[test]
    fn each_mission_has_its_own_key_and_the_rest_the_fallback() {
        let dir = tempfile::tempdir().unwrap();
        let a = secret_file(dir.path(), "a", "key-of-a\n", 0o600);
        let global = secret_file(dir.path(), "g", "global-key", 0o600);
        let missions: Missions = [
            ("a".to_string(), mission(Some(a))),
            ("b".to_string(), mission(None)),
        ]
        .into();
        let config = EscalationConfig {
            webhook_secret_file: Some(global),
            ..EscalationConfig::default()
        };
        let keys = WebhookKeys::read(&missions, &config);
        assert_eq!(keys.of("a").unwrap(), b"key-of-a");
        assert_eq!(keys.of("b").unwrap(), b"global-key");
    }

    #[test]
    fn an_unreadable_key_names_the_mission_and_the_key_not_the_secret() {
        let dir = tempfile::tempdir().unwrap();
        let open = secret_file(dir.path(), "open", "leaky-secret", 0o644);
        let empty = secret_file(dir.path(), "empty", "\n", 0o600);
        let missions: Missions = [
            ("a".to_string(), mission(Some(open))),
            ("e".to_string(), mission(Some(empty))),
            ("n".to_string(), mission(None)),
        ]
        .into();
        let keys = WebhookKeys::read(&missions, &EscalationConfig::default());
        let why = keys.of("a").unwrap_err();
        assert!(why.contains("mission `a`"), "{why}");
        assert!(why.contains("[missions.a] webhook_secret_file"), "{why}");
        assert!(why.contains("chmod 600"), "{why}");
        assert!(!why.contains("leaky-secret"), "{why}");
        let why = keys.of("e").unwrap_err();
        assert!(why.contains("empty"), "{why}");
        let why = keys.of("n").unwrap_err();
        assert!(why.contains("mission `n`"), "{why}");
        assert!(why.contains("[escalation] names no"), "{why}");
    }
}
