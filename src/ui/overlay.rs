//! Small modal things drawn over the queue: a fuzzy picker (tags, close
//! reasons, snooze lengths, priority, category), a yes/no question, and a
//! one-line text input (notes). Plain data and pure logic; `update` drives
//! them and the views draw them.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::action::{Effect, Target, TextKey};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Tag,
    Close,
    Snooze,
    Priority,
    Category,
    /// A reply template; `then_editor` opens `$EDITOR` after the pick.
    Template {
        then_editor: bool,
    },
    /// The mission to escalate to.
    Mission,
    /// The template a whole group is answered with.
    GroupTemplate {
        group: crate::model::GroupId,
    },
    /// The mission a whole group is escalated to.
    GroupMission {
        group: crate::model::GroupId,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PickerItem {
    pub label: String,
    /// Already set on the target (a tag it has): shown with a check.
    pub checked: bool,
    /// What Enter picks when it is not the label: a template's name
    /// behind its title. Typing matches it too.
    pub value: Option<String>,
    /// A dim line under the label while it is highlighted: the start of
    /// a template's text.
    pub preview: Option<String>,
}

impl PickerItem {
    /// An item that is what it says.
    pub fn plain(label: String, checked: bool) -> PickerItem {
        PickerItem {
            label,
            checked,
            ..PickerItem::default()
        }
    }

    /// What Enter picks.
    pub fn value(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.label)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub kind: PickerKind,
    pub title: String,
    pub items: Vec<PickerItem>,
    pub query: String,
    /// Index into `visible()`.
    pub selected: usize,
    /// Typing a name not in the list offers it as a new item.
    pub allow_new: bool,
    pub targets: Vec<Target>,
}

impl Picker {
    pub fn new(
        kind: PickerKind,
        title: &str,
        items: Vec<PickerItem>,
        allow_new: bool,
        targets: Vec<Target>,
    ) -> Picker {
        Picker {
            kind,
            title: title.to_string(),
            items,
            query: String::new(),
            selected: 0,
            allow_new,
            targets,
        }
    }

    /// Items matching the query, best first (all, in order, when empty).
    pub fn visible(&self) -> Vec<&PickerItem> {
        if self.query.is_empty() {
            return self.items.iter().collect();
        }
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut scored: Vec<(i64, usize)> = self
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let by_value = item.value.as_deref();
                let by_value = by_value.and_then(|v| matcher.fuzzy_match(v, &self.query));
                matcher
                    .fuzzy_match(&item.label, &self.query)
                    .max(by_value)
                    .map(|s| (s, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| &self.items[i]).collect()
    }

    /// Offer the typed text as a new entry below the matches.
    pub fn offers_new(&self) -> bool {
        let typed = self.query.trim();
        self.allow_new
            && !typed.is_empty()
            && !self.items.iter().any(|i| {
                i.label.eq_ignore_ascii_case(typed) || i.value().eq_ignore_ascii_case(typed)
            })
    }

    fn rows(&self) -> usize {
        self.visible().len() + usize::from(self.offers_new())
    }

    /// Handle a typing key; returns true when the key was consumed here
    /// (Enter and Esc are left to the caller).
    pub fn key(&mut self, key: TextKey) -> bool {
        match key {
            TextKey::Char(c) => {
                self.query.push(c);
                self.selected = 0;
            }
            TextKey::Backspace => {
                self.query.pop();
                self.selected = 0;
            }
            TextKey::ClearLine => {
                self.query.clear();
                self.selected = 0;
            }
            TextKey::Down => self.selected = (self.selected + 1).min(self.rows().saturating_sub(1)),
            TextKey::Up => self.selected = self.selected.saturating_sub(1),
            TextKey::Enter | TextKey::Esc => return false,
        }
        true
    }

    /// What Enter picks: the highlighted item, or the typed text as a new
    /// entry (the row after the matches).
    pub fn chosen(&self) -> Option<String> {
        match self.visible().get(self.selected) {
            Some(item) => Some(item.value().to_string()),
            None if self.offers_new() => Some(self.query.trim().to_string()),
            None => None,
        }
    }
}

/// A yes/no question; yes runs `on_yes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: Effect,
}

/// What a one-line input is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InputPurpose {
    /// An internal note on the targets.
    #[default]
    Note,
    /// Who at the mission acknowledged the target's escalation, and how.
    Ack,
    /// The login of the outgoing officer whose claims to take over.
    Handover,
    /// The colleague to give the targets to.
    Assign,
    /// A crisis to open: its name, then its places, comma-separated.
    OpenCrisis,
}

/// A one-line text input.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub title: String,
    pub text: String,
    pub targets: Vec<Target>,
    pub purpose: InputPurpose,
    /// `Esc` was pressed once on typed text; the next one discards it.
    pub discard_armed: bool,
}

impl Input {
    pub fn key(&mut self, key: TextKey) {
        self.discard_armed = false;
        match key {
            TextKey::Char(c) => self.text.push(c),
            TextKey::Backspace => {
                self.text.pop();
            }
            TextKey::ClearLine => self.text.clear(),
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Picker(Picker),
    Confirm(Confirm),
    Input(Input),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picker(labels: &[&str], allow_new: bool) -> Picker {
        let items = labels
            .iter()
            .map(|l| PickerItem::plain(l.to_string(), false))
            .collect();
        Picker::new(PickerKind::Tag, "Tag", items, allow_new, Vec::new())
    }

    #[test]
    fn typing_filters_fuzzily_and_enter_picks() {
        let mut p = picker(&["urgent-call", "minor", "media"], true);
        for c in "mnr".chars() {
            p.key(TextKey::Char(c));
        }
        let visible: Vec<_> = p.visible().iter().map(|i| i.label.clone()).collect();
        assert_eq!(visible, vec!["minor"]);
        assert_eq!(p.chosen().as_deref(), Some("minor"));
    }

    #[test]
    fn a_new_name_is_offered_after_the_matches() {
        let mut p = picker(&["urgent-call", "minor"], true);
        for c in "visa".chars() {
            p.key(TextKey::Char(c));
        }
        assert!(p.offers_new());
        assert_eq!(p.chosen().as_deref(), Some("visa"));
        let mut closed = picker(&["answered"], false);
        closed.key(TextKey::Char('z'));
        assert_eq!(closed.chosen(), None);
    }
}
