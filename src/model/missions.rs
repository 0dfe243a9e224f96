//! The mission directory: every Indonesian mission abroad (KBRI embassies,
//! KJRI consulates, KRI consular offices, KDEI Taipei), the places each
//! covers, and how its duty desk is reached. Built in from
//! `config/missions.toml` (made from the ministry's list of missions);
//! the deployment fills in contacts as `[missions.<code>]` in its config.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// One mission, as the directory and the deployment's config describe it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mission {
    /// KBRI, KJRI, KRI, KDEI, PTRI, or DIT for the central directorate.
    #[serde(rename = "type")]
    pub kind: String,
    /// Shown to officers; empty: type and city ("KJRI Jeddah").
    pub name: String,
    pub city: String,
    /// In English, as the mission and the directory write it.
    pub country: String,
    /// In Bahasa Indonesia, as the officers' screens show it ("Arab
    /// Saudi"); empty: `country`.
    pub country_id: String,
    /// ISO 3166 code of the country it sits in.
    pub iso2: String,
    /// Places in its jurisdiction besides its own city, in the forms
    /// citizens write them (Indonesian and English, and Arabic script in
    /// the Arab countries): regions, states, towns. A consulate's list decides it over the embassy there.
    pub covers: Vec<String>,
    /// The duty desk's e-mail; empty: the default desk is used.
    pub email: String,
    /// An HTTPS endpoint taking signed JSON escalations; empty: none.
    pub webhook_url: String,
    /// The secret that signs this mission's webhook deliveries: the name
    /// of an environment variable, or a 0600 file. Neither: the
    /// `[escalation]` one. A mission's own key cannot sign for another.
    pub webhook_secret_env: Option<String>,
    pub webhook_secret_file: Option<PathBuf>,
    pub hotline: String,
}

impl Mission {
    pub fn display_name(&self) -> String {
        if self.name.is_empty() {
            format!("{} {}", self.kind, self.city)
        } else {
            self.name.clone()
        }
    }

    /// Its country's name in `lang`.
    pub fn country_in(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Id if !self.country_id.is_empty() => &self.country_id,
            _ => &self.country,
        }
    }

    /// Missions to the UN and ASEAN take no consular cases.
    pub fn takes_cases(&self) -> bool {
        self.kind != "PTRI"
    }

    pub fn has_contact(&self) -> bool {
        !self.email.trim().is_empty() || !self.webhook_url.trim().is_empty()
    }

    /// Whether it names a webhook secret of its own.
    pub fn has_own_secret(&self) -> bool {
        self.webhook_secret_env.is_some() || self.webhook_secret_file.is_some()
    }
}

/// A country as citizens write it, and the mission that covers it unless
/// a place inside it names a consulate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Country {
    /// English and Indonesian names and common short forms ("Arab Saudi",
    /// "Saudi Arabia", "KSA").
    pub names: Vec<String>,
    /// The code of the mission for the country as a whole (its embassy).
    pub mission: String,
}

/// code -> mission.
pub type Missions = BTreeMap<String, Mission>;
/// ISO code -> country.
pub type Countries = BTreeMap<String, Country>;
