//! Keys as data: per mode, a key names an action. The defaults live in
//! `config/default.toml`; the officer's file rebinds over them. The help
//! overlay and the key hints are generated from this table, so they can
//! never drift from what the keys do.

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Command;

/// The modes that have their own bindings.
pub const MODES: [&str; 6] = ["queue", "detail", "help", "compose", "escalate", "shift"];

/// A key as written in the config: `j`, `G`, `Enter`, `C-d`, `M-x`, `F5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeySpec {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
}

/// `KeyCode` subset with an order, so bindings sort stably in help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

const NAMED: [(&str, KeyCodeOrd); 13] = [
    ("Enter", KeyCodeOrd::Enter),
    ("Esc", KeyCodeOrd::Esc),
    ("Tab", KeyCodeOrd::Tab),
    ("BackTab", KeyCodeOrd::BackTab),
    ("Backspace", KeyCodeOrd::Backspace),
    ("Up", KeyCodeOrd::Up),
    ("Down", KeyCodeOrd::Down),
    ("Left", KeyCodeOrd::Left),
    ("Right", KeyCodeOrd::Right),
    ("Home", KeyCodeOrd::Home),
    ("End", KeyCodeOrd::End),
    ("PageUp", KeyCodeOrd::PageUp),
    ("PageDown", KeyCodeOrd::PageDown),
];

impl KeySpec {
    pub fn parse(text: &str) -> Result<KeySpec, crate::i18n::Said> {
        let (mut ctrl, mut alt, mut rest) = (false, false, text);
        loop {
            if let Some(r) = rest.strip_prefix("C-").filter(|r| !r.is_empty()) {
                (ctrl, rest) = (true, r);
            } else if let Some(r) = rest.strip_prefix("M-").filter(|r| !r.is_empty()) {
                (alt, rest) = (true, r);
            } else {
                break;
            }
        }
        let code = if rest == "Space" {
            KeyCodeOrd::Char(' ')
        } else if let Some((_, c)) = NAMED.iter().find(|(n, _)| *n == rest) {
            *c
        } else if let Some(n) = rest
            .strip_prefix('F')
            .and_then(|n| n.parse::<u8>().ok())
            .filter(|n| (1..=12).contains(n))
        {
            KeyCodeOrd::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() => KeyCodeOrd::Char(c),
                _ => {
                    return Err(crate::said!("keys-not-a-key", key = text));
                }
            }
        };
        Ok(KeySpec { code, ctrl, alt })
    }

    pub fn from_event(event: &KeyEvent) -> Option<KeySpec> {
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::F(n) => KeyCodeOrd::F(n),
            _ => return None,
        };
        Some(KeySpec {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    /// How the key is shown in help and hints.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCodeOrd::Char(' ') => "Space".to_string(),
            KeyCodeOrd::Char(c) => c.to_string(),
            KeyCodeOrd::F(n) => format!("F{n}"),
            other => NAMED
                .iter()
                .find(|(_, c)| *c == other)
                .map_or("?", |(n, _)| n)
                .to_string(),
        };
        format!(
            "{}{}{base}",
            if self.ctrl { "C-" } else { "" },
            if self.alt { "M-" } else { "" }
        )
    }
}

/// Check one `[keys.MODE]` entry; the config loader reports the error line.
pub fn check_binding(mode: &str, key: &str, action: &str) -> Result<(), crate::i18n::Said> {
    if !MODES.contains(&mode) {
        return Err(crate::said!(
            "config-key-mode",
            mode = mode,
            modes = MODES.join(", ")
        ));
    }
    KeySpec::parse(key)?;
    if action == "none" || Command::from_name(action).is_some_and(|c| c.allowed_in(mode)) {
        Ok(())
    } else {
        let names: Vec<&str> = Command::ALL
            .iter()
            .filter(|c| c.allowed_in(mode))
            .map(|c| c.name())
            .collect();
        Err(crate::said!(
            "keys-unknown-action",
            action = action,
            mode = mode,
            actions = names.join(", ")
        ))
    }
}

/// The compiled bindings.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: BTreeMap<String, BTreeMap<KeySpec, Command>>,
}

impl Keymap {
    /// Build from a validated config table (invalid entries are skipped;
    /// `siaga config check` reports them).
    pub fn from_config(keys: &BTreeMap<String, BTreeMap<String, String>>) -> Keymap {
        let mut modes = BTreeMap::new();
        for (mode, bindings) in keys {
            let table: &mut BTreeMap<KeySpec, Command> = modes.entry(mode.clone()).or_default();
            for (key, action) in bindings {
                if let (Ok(spec), Some(cmd)) = (KeySpec::parse(key), Command::from_name(action)) {
                    table.insert(spec, cmd);
                }
            }
        }
        Keymap { modes }
    }

    pub fn lookup(&self, mode: &str, event: &KeyEvent) -> Option<Command> {
        let spec = KeySpec::from_event(event)?;
        let table = self.modes.get(mode)?;
        // Shift is not part of a KeySpec: terminals report `G` as Shift+G.
        table.get(&spec).copied()
    }

    /// Per command, its keys, in the order commands are declared.
    pub fn bindings(&self, mode: &str) -> Vec<(Command, Vec<String>)> {
        let Some(table) = self.modes.get(mode) else {
            return Vec::new();
        };
        Command::ALL
            .iter()
            .filter_map(|cmd| {
                let mut specs: Vec<KeySpec> = table
                    .iter()
                    .filter(|(_, c)| *c == cmd)
                    .map(|(k, _)| *k)
                    .collect();
                // Plain keys first: they are what the hints should teach.
                specs.sort_by_key(|k| (k.ctrl || k.alt, *k));
                let keys: Vec<String> = specs.iter().map(KeySpec::label).collect();
                (!keys.is_empty()).then_some((*cmd, keys))
            })
            .collect()
    }

    /// The first key bound to `cmd` in `mode`, for hints.
    pub fn key_for(&self, mode: &str, cmd: Command) -> Option<String> {
        self.bindings(mode)
            .into_iter()
            .find(|(c, _)| *c == cmd)
            .map(|(_, k)| k[0].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_names() {
        assert_eq!(KeySpec::parse("j").unwrap().code, KeyCodeOrd::Char('j'));
        let cd = KeySpec::parse("C-d").unwrap();
        assert!(cd.ctrl && cd.code == KeyCodeOrd::Char('d'));
        assert_eq!(
            KeySpec::parse("PageDown").unwrap().code,
            KeyCodeOrd::PageDown
        );
        assert_eq!(KeySpec::parse("F5").unwrap().code, KeyCodeOrd::F(5));
        assert_eq!(KeySpec::parse("Space").unwrap().label(), "Space");
        assert!(KeySpec::parse("Ctrl+x").is_err());
        assert!(KeySpec::parse("F13").is_err());
    }

    #[test]
    fn bindings_are_checked_per_mode() {
        assert!(check_binding("queue", "j", "down").is_ok());
        assert!(check_binding("queue", "j", "none").is_ok());
        assert!(
            check_binding("queue", "j", "dwon")
                .unwrap_err()
                .contains("unknown action `dwon`")
        );
        assert!(check_binding("nope", "j", "down").is_err());
    }
}
