//! A flag as a place: "🇸🇦🏠🔒 🛂❌ 🆘" names Saudi Arabia, though no word
//! does. Used only when nothing written names a place abroad, since a flag
//! is as often where someone is from or going ("🇮🇩✈️🇯🇵"): the first flag
//! of a country with a mission wins, and the others are listed.

use super::{Gazetteer, Suggestion};
use crate::triage::emoji;

impl Gazetteer {
    /// The mission of the first flag in `text` whose country has one.
    pub(super) fn by_flag(&self, text: &str) -> Option<Suggestion> {
        let mut hits = emoji::flags(text)
            .into_iter()
            .filter_map(|(flag, code)| Some((flag, self.flags.get(&code)?)));
        let (flag, (mission, name)) = hits.next()?;
        let others = hits
            .filter(|(f, _)| *f != flag)
            .map(|(f, (_, n))| format!("{f} {n} (a flag)"))
            .collect::<Vec<_>>();
        let shown = self.names.get(mission).unwrap_or(mission);
        Some(Suggestion {
            mission: mission.clone(),
            place: format!("{flag} {name}"),
            reason: format!("{flag} → {name} (a flag; no place written) → {shown}"),
            others,
        })
    }
}
