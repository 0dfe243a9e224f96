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
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(format!(
            "{} can be read by other users; run `chmod 600 {}`",
            path.display(),
            path.display()
        ));
    }
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .map_err(|e| format!("{}: {e}", path.display()))
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
