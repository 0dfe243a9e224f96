//! Which account a source acts for, settled before its first poll. A
//! configured `account_id` is checked once, at start, against the token's
//! account: another account stops the source (`SourceError::WrongAccount`,
//! naming both); a platform that cannot be asked leaves the configured id
//! in use. Without one, the id a previous run learned (the cursor
//! `<source>/account`) is used; only when there is none is the platform
//! asked (`verify_credentials`, `users/me`), and the answer stored, so a
//! restart does not ask again.

use std::sync::Arc;

use super::{Fetcher, Platform};
use crate::queue::QueueService;
use crate::source::ids::{self, BadId};
use crate::source::{Account, SourceError};

/// The cursor holding the account id learned for `source`.
pub fn key(source: &str) -> String {
    format!("{source}/account")
}

/// Which account the platform says the token of `platform` is.
pub async fn token_account(platform: &Platform) -> Result<Account, SourceError> {
    match platform {
        Platform::X { client, .. } => client.me().await,
        Platform::Mastodon(client) => client.verify_credentials().await,
    }
}

/// The id the platform's client holds (configured or learned), if any.
fn held(platform: &Platform) -> Option<&str> {
    match platform {
        Platform::X { client, .. } => client.account_id(),
        Platform::Mastodon(client) => client.account_id(),
    }
}

fn hold(platform: &Platform, id: &str) {
    match platform {
        Platform::X { client, .. } => client.set_account_id(id),
        Platform::Mastodon(client) => client.set_account_id(id),
    }
}

/// The rule an account id of `platform` must pass.
fn rule(platform: &Platform) -> fn(&str, &'static str) -> Result<(), BadId> {
    match platform {
        Platform::X { .. } => ids::x,
        Platform::Mastodon(_) => ids::mastodon,
    }
}

/// Settle the account `f` polls for. With `check` (at start), an id the
/// client already holds is checked against the token's account.
pub async fn settle(
    queue: &Arc<dyn QueueService>,
    f: &Fetcher,
    check: bool,
) -> Result<(), SourceError> {
    match held(&f.platform) {
        Some(configured) if check => verify(f, configured).await,
        Some(_) => Ok(()),
        None => learn(queue, f).await,
    }
}

/// The configured id against the token's account: another one is fatal;
/// not being able to ask is not (an X app-only token cannot say who it is).
async fn verify(f: &Fetcher, configured: &str) -> Result<(), SourceError> {
    match token_account(&f.platform).await {
        Ok(account) if account.id == configured => {
            tracing::info!(source = %f.name, %account, "account_id is the token's account");
            Ok(())
        }
        Ok(account) => Err(SourceError::WrongAccount {
            configured: configured.to_string(),
            account,
        }),
        Err(e) => {
            tracing::warn!(
                source = %f.name,
                "could not check account_id against the token ({e}); polling as configured"
            );
            Ok(())
        }
    }
}

/// The stored id, else the platform's answer (then stored).
async fn learn(queue: &Arc<dyn QueueService>, f: &Fetcher) -> Result<(), SourceError> {
    let key = key(&f.name);
    let stored = super::walk::cursor(queue, &key).await;
    if let Some(id) = stored.filter(|id| rule(&f.platform)(id, "stored account id").is_ok()) {
        hold(&f.platform, &id);
        return Ok(());
    }
    let account = token_account(&f.platform).await.map_err(unlearned)?;
    hold(&f.platform, &account.id);
    tracing::info!(source = %f.name, %account, "learned the token's account");
    if let Err(e) = super::set_cursor(queue, &f.name, &key, &account.id).await {
        // Polling goes on with the id held; the next start asks again.
        tracing::warn!(source = %f.name, "could not store the learned account id: {e}");
    }
    Ok(())
}

/// A refused token says why here too: the platform was asked who it is.
fn unlearned(e: SourceError) -> SourceError {
    match e {
        SourceError::Unauthorized { status, detail } => SourceError::Unauthorized {
            status,
            detail: format!(
                "{detail} (asked which account the token is, as the source has no \
                 account_id; a token that cannot say needs account_id set)"
            ),
        },
        other => other,
    }
}
