//! The UI's options from a loaded config: views for this officer, the
//! key map, the pickers' choices, templates and the desk policy. Here, in
//! the aggregate, so the UI itself never reads the config.

use std::sync::Arc;
use std::time::Duration;

use super::Config;
use crate::ui::app::UiOptions;
use crate::ui::keymap::Keymap;
use crate::ui::state::{Choices, View};

impl UiOptions {
    /// Options from a loaded config, for `officer`.
    pub fn from_config(config: &Config, officer: &str, demo: bool, color: bool) -> UiOptions {
        let views = config
            .views
            .iter()
            .map(|v| View {
                name: v.name.clone(),
                facet: v.facet.for_officer(officer),
                statuses: v.statuses.clone(),
            })
            .collect();
        let mut categories: Vec<String> = crate::triage::Lexicon::builtin()
            .categories()
            .map(str::to_string)
            .collect();
        categories.push(crate::triage::score::UNSORTED.to_string());
        UiOptions {
            officer: officer.to_string(),
            lang: config.lang(),
            demo,
            color,
            page_size: config.ui.page_size,
            frame: Duration::from_millis(config.ui.frame_ms),
            split_min_width: config.ui.split_min_width,
            bell_on_p1: config.ui.bell_on_p1,
            keymap: Keymap::from_config(&config.keys),
            views,
            choices: Choices {
                tags: config.triage.tags.clone(),
                close_reasons: config.triage.close_reasons.clone(),
                snooze: config.triage.snooze.clone(),
                categories,
            },
            templates: config.templates(),
            reply: config.reply.clone(),
            escalation: Arc::new(config.desk_policy()),
            config_file: None,
        }
    }
}
