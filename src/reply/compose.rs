//! Building a reply for one inquiry: which channel it defaults to, what
//! the placeholders become, and the checks that must pass before it may
//! be queued. Pure functions: the TUI's compose screen, `siaga reply` and
//! the store's last check all call these, so they cannot disagree.

use serde::{Deserialize, Serialize};

use super::length::{Measure, Platform, PlatformRules};
use super::template::{Lang, Template, Values, render};
use crate::i18n::Lang as DeskLang;
use crate::i18n::Said;
use crate::model::reply::Target;
use crate::model::{Channel, Inquiry};
use crate::said;
use crate::triage::privacy::{Personal, find_personal};

/// The `[reply]` section of the config: the directory values templates
/// use, and the desk's reply policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReplyConfig {
    /// The ministry's citizen-protection hotline (`{hotline}`).
    pub hotline: String,
    /// The Peduli WNI portal (`{portal_url}`).
    pub portal_url: String,
    /// The desk named by `{mission_name}` until a mission is chosen.
    pub desk_name: String,
    /// Its hotline (`{mission_hotline}`).
    pub desk_hotline: String,
    /// Case reference prefix: `SIAGA-42`.
    pub case_prefix: String,
    /// Categories answered privately by default.
    pub private_categories: Vec<String>,
    /// Attempts before a reply is marked failed for an officer to retry.
    pub max_attempts: u32,
    /// After an unknown outcome, how long to wait (seconds) for the post
    /// to show in the account's timeline before sending again (X only).
    pub reconcile_grace_secs: u64,
    /// Mastodon's limit if the instance cannot be asked.
    pub mastodon_max_characters: usize,
    /// Seconds between two replies of one group answer through an X
    /// source (X lets an account post 100 times in 15 minutes).
    pub group_pace_x_secs: u64,
    /// The same through a Mastodon source (300 posts in 3 hours).
    pub group_pace_mastodon_secs: u64,
}

impl Default for ReplyConfig {
    fn default() -> Self {
        ReplyConfig {
            hotline: String::new(),
            portal_url: String::new(),
            desk_name: String::new(),
            desk_hotline: String::new(),
            case_prefix: "SIAGA-".into(),
            private_categories: Vec::new(),
            max_attempts: 8,
            reconcile_grace_secs: 30,
            mastodon_max_characters: super::length::MASTODON_DEFAULT_MAX,
            group_pace_x_secs: 9,
            group_pace_mastodon_secs: 36,
        }
    }
}

impl ReplyConfig {
    /// The time between two replies of a group answer on `platform`.
    pub fn group_pace(&self, platform: super::Platform) -> jiff::SignedDuration {
        let secs = match platform {
            super::Platform::X => self.group_pace_x_secs,
            super::Platform::Mastodon => self.group_pace_mastodon_secs,
        };
        jiff::SignedDuration::from_secs(secs.min(3600) as i64)
    }

    /// Numbers the desk publishes itself, allowed in a public reply.
    pub fn public_numbers(&self) -> Vec<&str> {
        [self.hotline.as_str(), self.desk_hotline.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// The channel a reply to `inq` starts in: private if the citizen wrote
/// privately or the category is sensitive.
pub fn default_channel(inq: &Inquiry, config: &ReplyConfig) -> Channel {
    if inq.channel == Channel::Private || config.private_categories.contains(&inq.category) {
        Channel::Private
    } else {
        Channel::Public
    }
}

/// How the citizen is addressed on their platform.
pub fn mention(inq: &Inquiry) -> String {
    format!("@{}", inq.author.handle)
}

/// The mission a reply points the citizen to, with its hotline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissionContact {
    pub name: String,
    pub hotline: String,
}

/// The mission that covers the inquiry: the one it was escalated to, else
/// the one its text names (routing). Only a mission whose hotline the
/// deployment filled in counts: a reply must never pair one mission's name
/// with another's number. None: the central desk.
pub fn covering_mission(
    inq: &Inquiry,
    missions: &crate::model::missions::Missions,
    gazetteer: &crate::triage::route::Gazetteer,
) -> Option<MissionContact> {
    let code = match inq.escalations.last() {
        Some(e) => e.mission.clone(),
        None => gazetteer.suggest(&inq.text)?.mission,
    };
    let mission = missions.get(&code)?;
    (!mission.hotline.trim().is_empty()).then(|| MissionContact {
        name: mission.display_name(),
        hotline: mission.hotline.trim().to_string(),
    })
}

/// The placeholder values for a reply to `inq` by `officer`, naming
/// `mission` (else the central desk) for `{mission_name}` and
/// `{mission_hotline}`.
pub fn values(
    inq: &Inquiry,
    officer: &str,
    config: &ReplyConfig,
    mission: Option<&MissionContact>,
) -> Values {
    Values {
        author: mention(inq),
        author_name: inq.author.display_name.clone(),
        mission_name: mission.map_or_else(|| config.desk_name.clone(), |m| m.name.clone()),
        mission_hotline: mission.map_or_else(|| config.desk_hotline.clone(), |m| m.hotline.clone()),
        hotline: config.hotline.clone(),
        portal_url: config.portal_url.clone(),
        case_ref: format!("{}{}", config.case_prefix, inq.id),
        officer: officer.to_string(),
    }
}

/// A template rendered for `inq` in `lang`, fitted to `channel`, naming
/// the central desk as the mission.
pub fn render_for(
    template: &Template,
    lang: Lang,
    inq: &Inquiry,
    officer: &str,
    channel: Channel,
    platform: Platform,
    config: &ReplyConfig,
) -> String {
    render_naming(
        template, lang, inq, officer, channel, platform, config, None,
    )
}

/// `render_for`, naming `mission` (see `covering_mission`).
#[allow(clippy::too_many_arguments)]
pub fn render_naming(
    template: &Template,
    lang: Lang,
    inq: &Inquiry,
    officer: &str,
    channel: Channel,
    platform: Platform,
    config: &ReplyConfig,
    mission: Option<&MissionContact>,
) -> String {
    let text = render(template.text(lang), &values(inq, officer, config, mission));
    fit_channel(text, inq, channel, platform)
}

/// A Mastodon direct message reaches only those it mentions: make sure
/// the citizen's `@acct` is in it.
pub fn fit_channel(text: String, inq: &Inquiry, channel: Channel, platform: Platform) -> String {
    let at = mention(inq);
    if platform == Platform::Mastodon && channel == Channel::Private && !mentions(&text, &at) {
        return format!("{at} {text}");
    }
    text
}

fn mentions(text: &str, at: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '(' | ')'))
        .any(|w| w.eq_ignore_ascii_case(at))
}

/// Where the reply goes.
pub fn target(inq: &Inquiry) -> Target {
    Target {
        in_reply_to: inq
            .followups
            .last()
            .map_or_else(|| inq.external_id.clone(), |f| f.external_id.clone()),
        recipient_id: inq.author.platform_id.clone(),
        recipient_handle: inq.author.handle.clone(),
    }
}

/// What stands between a draft and the outbox, in words for the officer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftProblem {
    #[error("the reply is empty")]
    Empty,
    #[error("too long for {platform}: {count} of {max}")]
    TooLong {
        platform: &'static str,
        count: usize,
        max: usize,
    },
    #[error("the citizen wrote privately; answer privately")]
    MustBePrivate,
    #[error("a public reply must not contain {0}; answer privately instead")]
    PersonalData(&'static str),
    #[error("a Mastodon direct reply must mention {0}, or only the desk will see it")]
    MissingMention(String),
    #[error("a private X reply needs the citizen's user id, which this inquiry lacks")]
    NoRecipient,
}

impl DraftProblem {
    /// The refusal in the officer's language, for the compose screen and
    /// `siaga reply`; `Display` stays English (logs, the desk's answer to
    /// a client).
    pub fn describe(&self, lang: DeskLang) -> String {
        self.said().in_lang(lang)
    }

    /// The refusal as a catalog sentence, to be said in each reader's
    /// language (it crosses the daemon inside a store refusal).
    pub fn said(&self) -> Said {
        match self {
            DraftProblem::Empty => said!("draft-empty"),
            DraftProblem::TooLong {
                platform,
                count,
                max,
            } => said!(
                "draft-too-long",
                platform = *platform,
                count = count.to_string(),
                max = max.to_string()
            ),
            DraftProblem::MustBePrivate => said!("draft-must-be-private"),
            DraftProblem::PersonalData(what) => {
                let kind = Personal::ALL.into_iter().find(|p| p.describe() == *what);
                match kind {
                    Some(kind) => said!("draft-personal-data", what = personal_said(kind)),
                    None => said!("draft-personal-data", what = *what),
                }
            }
            DraftProblem::MissingMention(at) => said!("draft-missing-mention", at = at),
            DraftProblem::NoRecipient => said!("draft-no-recipient"),
        }
    }
}

/// A kind of personal data, as a refusal names it ("a phone number",
/// "nomor telepon").
pub fn personal_name(lang: DeskLang, kind: Personal) -> String {
    personal_said(kind).in_lang(lang)
}

fn personal_said(kind: Personal) -> Said {
    match kind {
        Personal::Passport => said!("personal-passport"),
        Personal::Nik => said!("personal-nik"),
        Personal::Phone => said!("personal-phone"),
        Personal::Email => said!("personal-email"),
        Personal::BankAccount => said!("personal-bank-account"),
    }
}

/// Check a draft against the platform and the desk's privacy rules.
pub fn check_draft(
    text: &str,
    channel: Channel,
    inq: &Inquiry,
    rules: &PlatformRules,
    config: &ReplyConfig,
    mission: Option<&MissionContact>,
) -> Result<Measure, DraftProblem> {
    let rules = &rules.for_channel(channel);
    let measure = rules.measure(text);
    if text.trim().is_empty() {
        return Err(DraftProblem::Empty);
    }
    if measure.count > measure.max {
        return Err(DraftProblem::TooLong {
            platform: rules.platform.as_str(),
            count: measure.count,
            max: measure.max,
        });
    }
    match channel {
        Channel::Public => {
            if inq.channel == Channel::Private {
                return Err(DraftProblem::MustBePrivate);
            }
            // The desk's own numbers, and the hotline of the mission the
            // reply names, are meant to be published.
            let mut allowed = config.public_numbers();
            allowed.extend(mission.map(|m| m.hotline.as_str()));
            if let Some(found) = find_personal(text, &allowed).first() {
                return Err(DraftProblem::PersonalData(found.describe()));
            }
        }
        Channel::Private => {
            if rules.platform == Platform::Mastodon && !mentions(text, &mention(inq)) {
                return Err(DraftProblem::MissingMention(mention(inq)));
            }
            if rules.platform == Platform::X && inq.author.platform_id.is_none() {
                return Err(DraftProblem::NoRecipient);
            }
        }
    }
    Ok(measure)
}

/// Why the desk refused what an officer asked to send.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Draft(#[from] DraftProblem),
    #[error("no template named `{0}`")]
    UnknownTemplate(String),
}

impl Refusal {
    /// The refusal as a catalog sentence (its English is the `Display`).
    pub fn said(&self) -> Said {
        match self {
            Refusal::Draft(p) => p.said(),
            Refusal::UnknownTemplate(name) => said!("refused-no-template", name = name),
        }
    }
}

/// The outbox record for `request`, built from the stored inquiry: its
/// source, its target, the officer who asked (as the desk knows them),
/// pending. The same checks as the compose screen, so a client that
/// skips them gains nothing.
#[allow(clippy::too_many_arguments)]
pub fn approve(
    request: super::ReplyRequest,
    inq: &Inquiry,
    rules: &PlatformRules,
    config: &ReplyConfig,
    mission: Option<&MissionContact>,
    templates: &[String],
    officer: &str,
    now: jiff::Timestamp,
) -> Result<super::Reply, Refusal> {
    if let Some(name) = request.template.as_deref()
        && !templates.iter().any(|t| t == name)
    {
        return Err(Refusal::UnknownTemplate(crate::triage::sanitize_line(
            name, 60,
        )));
    }
    check_draft(&request.text, request.channel, inq, rules, config, mission)?;
    Ok(super::Reply::draft(
        inq.id,
        &inq.source,
        officer,
        now,
        request.channel,
        request.lang,
        request.template,
        request.text,
        target(inq),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In English the refusal reads as it always did.
    #[test]
    fn each_refusal_reads_as_its_display_in_english_and_has_indonesian() {
        let mut all = vec![
            DraftProblem::Empty,
            DraftProblem::TooLong {
                platform: "X",
                count: 1234,
                max: 280,
            },
            DraftProblem::MustBePrivate,
            DraftProblem::MissingMention("@siti@mastodon.social".into()),
            DraftProblem::NoRecipient,
        ];
        all.extend(Personal::ALL.map(|p| DraftProblem::PersonalData(p.describe())));
        for problem in all {
            assert_eq!(problem.describe(DeskLang::En), problem.to_string());
            assert_ne!(problem.describe(DeskLang::Id), problem.to_string());
            assert_eq!(problem.said().to_string(), problem.to_string());
        }
        let unknown = Refusal::UnknownTemplate("x".into());
        assert_eq!(unknown.said().to_string(), unknown.to_string());
        assert_eq!(
            DraftProblem::TooLong {
                platform: "X",
                count: 1234,
                max: 280
            }
            .describe(DeskLang::Id),
            "terlalu panjang untuk X: 1234 dari 280"
        );
    }
}
