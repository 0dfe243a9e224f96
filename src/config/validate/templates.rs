//! The reply templates: each named once, each language's text present,
//! its placeholders known, and short enough for every platform once they
//! are filled with the longest plausible values.

use std::collections::HashSet;

use super::super::locate::{Step, key};
use super::Found;

/// Problems of a list of templates (paths `templates[i].field`): names,
/// placeholders, and whether each language fits each platform once its
/// placeholders are filled with the longest plausible values.
pub fn check_template_list(
    templates: &[crate::reply::Template],
    reply: &crate::reply::compose::ReplyConfig,
) -> Found {
    use crate::reply::Lang;
    let mut found = Found::new();
    let mut names = HashSet::new();
    for (i, t) in templates.iter().enumerate() {
        let at = |field: &str| vec![key("templates"), Step::Index(i), key(field)];
        if t.name.trim().is_empty() {
            found.push((at("name"), crate::said!("config-template-no-name")));
        } else if !names.insert(t.name.as_str()) {
            let name = &t.name;
            found.push((
                at("name"),
                crate::said!("config-template-twice", name = name),
            ));
        }
        for lang in [Lang::Id, Lang::En] {
            let field = lang.as_str();
            let problems = template_text_problems(&t.name, field, t.text(lang), reply);
            found.extend(problems.into_iter().map(|p| (at(field), p)));
        }
    }
    found
}

/// What is wrong with one language's text of template `name`: missing,
/// bad placeholders, or too long for a platform once they are filled.
fn template_text_problems(
    name: &str,
    field: &str,
    text: &str,
    reply: &crate::reply::compose::ReplyConfig,
) -> Vec<crate::i18n::Said> {
    use crate::reply::PlatformRules;
    use crate::reply::template::{check_text, render};
    if text.trim().is_empty() {
        return vec![crate::said!("template-no-text", name = name, field = field)];
    }
    let problems = check_text(text);
    if !problems.is_empty() {
        return problems;
    }
    let platforms = [
        (PlatformRules::x(), 15),
        (
            PlatformRules::mastodon(Some(reply.mastodon_max_characters)),
            30,
        ),
    ];
    let mut out = Vec::new();
    for (rules, handle_len) in platforms {
        let count = rules.count(&render(text, &longest_values(reply, handle_len)));
        if count > rules.max {
            out.push(crate::said!(
                "template-too-long",
                name = name,
                field = field,
                count = count,
                platform = rules.platform.as_str(),
                max = rules.max
            ));
        }
    }
    out
}

/// The longest plausible placeholder values, for a platform whose handles
/// run to `handle_len`.
fn longest_values(
    reply: &crate::reply::compose::ReplyConfig,
    handle_len: usize,
) -> crate::reply::template::Values {
    crate::reply::template::Values {
        author: format!("@{}", "w".repeat(handle_len)),
        author_name: "N".repeat(50),
        mission_name: reply.desk_name.clone(),
        mission_hotline: reply.desk_hotline.clone(),
        hotline: reply.hotline.clone(),
        portal_url: reply.portal_url.clone(),
        case_ref: format!("{}9999999", reply.case_prefix),
        officer: "o".repeat(32),
    }
}
