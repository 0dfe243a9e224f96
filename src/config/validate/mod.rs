//! Meaning checks on a merged config: what TOML's types cannot say. Each
//! problem carries the path to the value, which the loader turns into a line.

use std::collections::HashSet;

use super::locate::{Step, key};
use super::{Config, parse_snooze};
use crate::i18n::Said;
use crate::said;

/// Each problem where it is, in the catalog's words (a rule of a lower
/// layer's own: as it says it).
type Found = Vec<(Vec<Step>, Said)>;

mod sources;
mod templates;

use sources::check_sources;
pub use templates::check_template_list;

pub fn check(config: &Config) -> Found {
    let mut found = Found::new();
    check_numbers(config, &mut found);
    check_timezone(config, &mut found);
    check_sources(&config.sources, &mut found);
    check_views(config, &mut found);
    check_triage(config, &mut found);
    check_reply(config, &mut found);
    check_escalation(config, &mut found);
    check_missions(config, &mut found);
    check_smtp(&config.smtp, &mut found);
    check_retention(config, &mut found);
    check_crisis(config, &mut found);
    found.extend(check_template_list(&config.templates, &config.reply));
    check_keys(config, &mut found);
    found
}

fn check_range(found: &mut Found, path: &[&str], value: u64, min: u64, max: u64) {
    if !(min..=max).contains(&value) {
        found.push((
            path.iter().map(|p| key(p)).collect(),
            said!(
                "config-out-of-range",
                key = path.join("."),
                value = value.to_string(),
                min = min.to_string(),
                max = max.to_string()
            ),
        ));
    }
}

fn check_numbers(c: &Config, found: &mut Found) {
    check_range(found, &["store", "cache_mb"], c.store.cache_mb, 8, 4096);
    check_range(
        found,
        &["ui", "page_size"],
        c.ui.page_size as u64,
        20,
        10_000,
    );
    check_range(found, &["ui", "frame_ms"], c.ui.frame_ms, 1, 1000);
    check_range(
        found,
        &["ui", "split_min_width"],
        u64::from(c.ui.split_min_width),
        60,
        1000,
    );
    check_range(
        found,
        &["demo", "release_secs"],
        c.demo.release_secs,
        1,
        3600,
    );
    check_range(found, &["demo", "poll_secs"], c.demo.poll_secs, 1, 3600);
}

fn check_timezone(c: &Config, found: &mut Found) {
    if let Some(Err(problem)) = c.ui.timezone.as_deref().map(crate::model::zone::named) {
        found.push((vec![key("ui"), key("timezone")], problem));
    }
}

fn check_views(c: &Config, found: &mut Found) {
    if c.views.is_empty() {
        found.push((vec![key("views")], said!("config-no-views")));
    }
    let mut names = HashSet::new();
    for (i, view) in c.views.iter().enumerate() {
        let at = |field: &str| vec![key("views"), Step::Index(i), key(field)];
        if view.name.trim().is_empty() {
            found.push((at("name"), said!("config-view-no-name")));
        } else if !names.insert(view.name.as_str()) {
            let name = &view.name;
            found.push((at("name"), said!("config-view-twice", name = name)));
        }
        if view.statuses.is_empty() {
            found.push((at("statuses"), said!("config-view-no-status")));
        }
    }
}

fn check_triage(c: &Config, found: &mut Found) {
    for (i, snooze) in c.triage.snooze.iter().enumerate() {
        if let Err(e) = parse_snooze(snooze) {
            found.push((vec![key("triage"), key("snooze"), Step::Index(i)], e));
        }
    }
    if c.triage.close_reasons.is_empty() {
        found.push((
            vec![key("triage"), key("close_reasons")],
            said!("config-no-close-reasons"),
        ));
    }
}

fn check_retention(c: &Config, found: &mut Found) {
    check_range(
        found,
        &["retention", "default_days"],
        c.retention.default_days,
        1,
        36_500,
    );
    let lexicon = crate::triage::Lexicon::builtin();
    let known: Vec<&str> = lexicon
        .categories()
        .chain([crate::triage::score::UNSORTED])
        .collect();
    for (name, days) in &c.retention.categories {
        let path = vec![key("retention"), key("categories"), key(name)];
        if !known.contains(&name.as_str()) {
            found.push((
                path.clone(),
                said!(
                    "config-unknown-category",
                    name = name,
                    known = known.join(", ")
                ),
            ));
        }
        if !(1..=36_500).contains(days) {
            found.push((
                path,
                said!(
                    "config-days-out-of-range",
                    name = name,
                    days = days.to_string()
                ),
            ));
        }
    }
}

fn check_crisis(c: &Config, found: &mut Found) {
    let s = &c.crisis;
    if !(1.5..=100.0).contains(&s.factor) {
        found.push((
            vec![key("crisis"), key("factor")],
            said!("config-crisis-factor", factor = s.factor.to_string()),
        ));
    }
    let at = |k| ["crisis", k];
    check_range(found, &at("min_count"), s.min_count.into(), 2, 100_000);
    check_range(found, &at("baseline_days"), s.baseline_days.into(), 1, 28);
    check_range(found, &at("quiet_hours"), s.quiet_hours.into(), 1, 72);
}

fn check_reply(c: &Config, found: &mut Found) {
    let r = &c.reply;
    check_range(
        found,
        &["reply", "max_attempts"],
        u64::from(r.max_attempts),
        1,
        100,
    );
    check_range(
        found,
        &["reply", "reconcile_grace_secs"],
        r.reconcile_grace_secs,
        0,
        3600,
    );
    check_range(
        found,
        &["reply", "mastodon_max_characters"],
        r.mastodon_max_characters as u64,
        100,
        100_000,
    );
    for field in ["hotline", "portal_url", "desk_name", "desk_hotline"] {
        let value = match field {
            "hotline" => &r.hotline,
            "portal_url" => &r.portal_url,
            "desk_name" => &r.desk_name,
            _ => &r.desk_hotline,
        };
        if value.trim().is_empty() {
            found.push((
                vec![key("reply"), key(field)],
                said!("config-reply-empty", field = field),
            ));
        }
    }
}

fn check_escalation(c: &Config, found: &mut Found) {
    use crate::model::Priority;
    let e = &c.escalation;
    if !e.default_desk.is_empty() && !c.missions.contains_key(&e.default_desk) {
        found.push((
            vec![key("escalation"), key("default_desk")],
            said!("config-default-desk", desk = &e.default_desk),
        ));
    }
    for p in Priority::ALL {
        match e.ack_within.get(&p) {
            None => found.push((
                vec![key("escalation"), key("ack_within")],
                said!("config-ack-within-missing", priority = p.as_str()),
            )),
            Some(t) => {
                if parse_snooze(t).is_err() {
                    found.push((
                        vec![key("escalation"), key("ack_within"), key(p.as_str())],
                        said!("config-deadline-length", text = t),
                    ));
                }
            }
        }
    }
    if !e.supervisor_email.is_empty() && !looks_like_email(&e.supervisor_email) {
        found.push((
            vec![key("escalation"), key("supervisor_email")],
            said!("config-not-email", address = &e.supervisor_email),
        ));
    }
    check_range(
        found,
        &["escalation", "max_attempts"],
        u64::from(e.max_attempts),
        1,
        100,
    );
    check_range(
        found,
        &["escalation", "webhook_timeout_secs"],
        e.webhook_timeout_secs,
        1,
        300,
    );
    if e.webhook_secret_env.is_some() && e.webhook_secret_file.is_some() {
        found.push((
            vec![key("escalation"), key("webhook_secret_file")],
            said!("config-secret-both"),
        ));
    }
}

fn check_smtp(smtp: &crate::escalate::SmtpConfig, found: &mut Found) {
    if !smtp.host.is_empty() {
        if smtp.from.parse::<lettre::message::Mailbox>().is_err() {
            found.push((
                vec![key("smtp"), key("from")],
                said!("config-smtp-from", from = &smtp.from),
            ));
        }
        if !smtp.username.is_empty() && smtp.password_env.is_none() && smtp.password_file.is_none()
        {
            found.push((
                vec![key("smtp"), key("username")],
                said!("config-smtp-password"),
            ));
        }
    }
}

fn check_missions(c: &Config, found: &mut Found) {
    let e = &c.escalation;
    let global_secret = e.webhook_secret_env.is_some() || e.webhook_secret_file.is_some();
    for (code, m) in &c.missions {
        let at = |field: &str| vec![key("missions"), key(code), key(field)];
        if m.city.trim().is_empty() || m.country.trim().is_empty() {
            found.push((at("city"), said!("config-mission-unknown", code = code)));
        }
        if !m.email.is_empty() && !looks_like_email(&m.email) {
            found.push((at("email"), said!("config-not-email", address = &m.email)));
        }
        if !m.webhook_url.is_empty() {
            check_mission_webhook(code, m, global_secret, found);
        }
        check_mission_secret(code, m, found);
    }
}

/// A mission's webhook: an http(s) URL, and a secret to sign it (its own
/// or, failing that, the `[escalation]` one).
fn check_mission_webhook(
    code: &str,
    m: &crate::escalate::Mission,
    global_secret: bool,
    found: &mut Found,
) {
    let at = vec![key("missions"), key(code), key("webhook_url")];
    match reqwest::Url::parse(&m.webhook_url) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {}
        _ => found.push((
            at.clone(),
            said!("config-webhook-url", url = &m.webhook_url),
        )),
    }
    if !m.has_own_secret() && !global_secret {
        found.push((at, said!("config-webhook-unsigned", code = code)));
    }
}

/// A mission's own webhook secret: one of env or file, and an env that
/// is a variable's name.
fn check_mission_secret(code: &str, m: &crate::escalate::Mission, found: &mut Found) {
    let at = |field: &str| vec![key("missions"), key(code), key(field)];
    match (&m.webhook_secret_env, &m.webhook_secret_file) {
        (Some(_), Some(_)) => found.push((
            at("webhook_secret_file"),
            said!("config-mission-secret-both", code = code),
        )),
        (Some(var), None) if !crate::source::secret::is_variable_name(var) => found.push((
            at("webhook_secret_env"),
            said!(
                "config-mission-secret-env",
                code = code,
                upper = code.to_ascii_uppercase().replace('-', "_")
            ),
        )),
        _ => {}
    }
}

fn looks_like_email(s: &str) -> bool {
    s.parse::<lettre::Address>().is_ok()
}

fn check_keys(c: &Config, found: &mut Found) {
    use crate::ui::keymap::{MODES, check_binding};
    for (mode, bindings) in &c.keys {
        if !MODES.contains(&mode.as_str()) {
            found.push((
                vec![key("keys"), key(mode)],
                said!("config-key-mode", mode = mode, modes = MODES.join(", ")),
            ));
            continue;
        }
        for (key_name, action) in bindings {
            if let Err(message) = check_binding(mode, key_name, action) {
                found.push((vec![key("keys"), key(mode), key(key_name)], message));
            }
        }
    }
}
