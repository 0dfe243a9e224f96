//! `siaga --help`, every command's `--help` and `siaga help <command>` in
//! the officer's language (#15). English is clap's own text from the
//! derive (`args.rs`), untouched: the man page, the completions and the
//! tests read it. For Bahasa Indonesia the same command is built at run
//! time and each text in it is replaced by its message in the `help`
//! family (`help/*.ftl`), found by walking the command tree: a command's
//! `about`, `long_about` and `after_help`, and each argument's `help` and
//! `long_help`. The English catalog holds the derive's texts, equal to
//! them (the test `language_help` checks), so a text added to `args.rs`
//! without its messages fails a test instead of showing English.
//!
//! clap's own words around them are said in Bahasa Indonesia too
//! (`clap_words`, `flags_said`): the `Usage:`, `Arguments:`, `Options:`
//! and `Commands:` headings, `[default: ..]` as `[bawaan: ..]`, and what
//! clap adds as it builds the tree: `-h/--help`, `-V/--version` and the
//! `help` command; its parse errors are said by `clap_said`.

use std::ffi::OsString;

use clap::{Arg, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::i18n::Lang;
use crate::tr;

/// The language of the help, known before anything is parsed: `--lang id`
/// or `--lang=id` (or `en`) among the arguments, else the locale (LC_ALL,
/// LC_MESSAGES, LANG), else English. The config's `[ui] language` is not
/// read for the help: the config is itself an argument, and `--help` must
/// work without one that parses; the run's other words follow it.
pub fn help_lang(
    args: impl IntoIterator<Item = OsString>,
    var: impl Fn(&str) -> Option<String>,
) -> Lang {
    Lang::choose(lang_argument(args), None, var)
}

/// `--lang X` or `--lang=X` before any `--`; None for anything else (clap
/// then says what is wrong with it).
fn lang_argument(args: impl IntoIterator<Item = OsString>) -> Option<Lang> {
    let args: Vec<OsString> = args.into_iter().skip(1).collect();
    let mut found = None;
    for (i, arg) in args.iter().enumerate() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            args.get(i + 1).and_then(|v| v.to_str())
        } else {
            arg.strip_prefix("--lang=")
        };
        match value {
            Some("id") => found = Some(Lang::Id),
            Some("en") => found = Some(Lang::En),
            _ => {}
        }
    }
    found
}

/// The command line in `lang`, parsed: `Cli::parse()` in English, the
/// translated command in Bahasa Indonesia.
pub fn parse(lang: Lang) -> Cli {
    if lang == Lang::En {
        return <Cli as clap::Parser>::parse();
    }
    let mut command = help_command(lang);
    let parsed = command
        .clone()
        .try_get_matches()
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches));
    parsed.unwrap_or_else(|e| exit_with(e.format(&mut command), lang))
}

/// Print `error` as the officer reads it and exit as clap would: help and
/// the version on stdout with success, a mistake on stderr with 2.
fn exit_with(error: clap::Error, lang: Lang) -> ! {
    match super::clap_said::said(&error, lang) {
        Some(said) => {
            eprintln!("{said}");
            std::process::exit(2)
        }
        None => error.exit(),
    }
}

/// The clap command with its texts in `lang` (English: the derive's own).
pub fn help_command(lang: Lang) -> Command {
    let command = Cli::command();
    if lang == Lang::En {
        return command;
    }
    let command = walk(command, "", &mut |name, _english| {
        Some(lang.member("help", name))
    });
    let words = Headings {
        options: String::leak(tr!(lang, "clap-options")),
        arguments: String::leak(tr!(lang, "clap-arguments")),
        commands: String::leak(tr!(lang, "clap-commands")),
    };
    let mut command = clap_words(command, lang, words);
    // clap adds its `-h/--help`, `-V/--version` and `help` command as it
    // builds the tree: built first, they have words to change.
    command.build();
    flags_said(command, lang, words)
}

/// The headings of a help (clap keeps them as `&'static str`: made once
/// a run, when the help is built).
#[derive(Clone, Copy)]
struct Headings {
    options: &'static str,
    arguments: &'static str,
    commands: &'static str,
}

/// clap's headings and defaults in `command` and under it, in `lang`.
fn clap_words(command: Command, lang: Lang, words: Headings) -> Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        tr!(lang, "clap-usage")
    );
    command
        .help_template(template)
        .subcommand_help_heading(words.commands)
        .mut_args(|arg| {
            let arg = if arg.get_help_heading().is_some() {
                arg
            } else if arg.is_positional() {
                arg.help_heading(words.arguments)
            } else {
                arg.help_heading(words.options)
            };
            default_said(arg, lang)
        })
        .mut_subcommands(|sub| clap_words(sub, lang, words))
}

/// clap's own flags and `help` command in the built `command` and under
/// it, in `lang`.
fn flags_said(command: Command, lang: Lang, words: Headings) -> Command {
    let flag = |arg: Arg, short: String, long: String| {
        let arg = arg.help_heading(words.options);
        if arg.get_long_help().is_some() {
            arg.help(short).long_help(long)
        } else {
            arg.help(tr!(lang, "clap-help"))
        }
    };
    let mut command = command;
    if command.get_arguments().any(|a| a.get_id() == "help") {
        command = command.mut_arg("help", |arg| {
            flag(
                arg,
                tr!(lang, "clap-help-more"),
                tr!(lang, "clap-help-summary"),
            )
        });
    }
    if command.get_arguments().any(|a| a.get_id() == "version") {
        command = command.mut_arg("version", |arg| {
            arg.help_heading(words.options)
                .help(tr!(lang, "clap-version"))
        });
    }
    if command.find_subcommand("help").is_some() {
        command = command.mut_subcommand("help", |help| help.about(tr!(lang, "clap-help-command")));
    }
    command.mut_subcommands(|sub| flags_said(sub, lang, words))
}

/// `[default: 30]` as `[bawaan: 30]`, at the end of the argument's help.
fn default_said(arg: Arg, lang: Lang) -> Arg {
    let defaults = arg.get_default_values();
    if defaults.is_empty() || arg.is_hide_default_value_set() || !arg.get_action().takes_values() {
        return arg;
    }
    let shown: Vec<String> = defaults
        .iter()
        .map(|v| {
            let v = v.to_string_lossy();
            if v.is_empty() || v.contains(char::is_whitespace) {
                format!("{v:?}")
            } else {
                v.into_owned()
            }
        })
        .collect();
    let said = tr!(lang, "clap-default", value = shown.join(", "));
    let help = arg.get_help().map(|h| format!("{h} {said}"));
    let long = arg.get_long_help().map(|h| format!("{h}\n\n{said}"));
    let mut arg = arg.hide_default_value(true);
    arg = match help {
        Some(h) => arg.help(h),
        None => arg.help(said),
    };
    match long {
        Some(h) => arg.long_help(h),
        None => arg,
    }
}

/// Every text of the help, as `(name, English text)`: its message is
/// `help-{name}` (`help-reply-template`), in the order of the tree.
pub fn help_texts() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    walk(Cli::command(), "", &mut |name, english| {
        texts.push((name.to_string(), english.to_string()));
        None
    });
    texts
}

/// The names of the `help` family's members (see `help_texts`).
pub fn help_ids() -> Vec<String> {
    help_texts().into_iter().map(|(name, _)| name).collect()
}

/// Walks `command` and every subcommand under it, in place (clap keeps
/// the order of arguments, which numbers the positional ones): each text
/// is offered to `text` by name with its current words, and replaced by
/// what it returns. A command's texts are `{path}-about`, `-long-about`
/// and `-after`, an argument's `{path}-{argument}` and `-long`; `path`
/// is the subcommands' names joined by `-`, none for the root.
fn walk(
    mut command: Command,
    path: &str,
    text: &mut dyn FnMut(&str, &str) -> Option<String>,
) -> Command {
    let name = |what: &str| {
        if path.is_empty() {
            what.to_string()
        } else {
            format!("{path}-{what}")
        }
    };
    if let Some(new) = command
        .get_about()
        .and_then(|about| text(&name("about"), &about.to_string()))
    {
        command = command.about(new);
    }
    if let Some(new) = command
        .get_long_about()
        .and_then(|about| text(&name("long-about"), &about.to_string()))
    {
        command = command.long_about(new);
    }
    if let Some(new) = command
        .get_after_help()
        .and_then(|after| text(&name("after"), &after.to_string()))
    {
        command = command.after_help(new);
    }
    let command = command.mut_args(|arg| {
        let key = name(&arg.get_id().as_str().replace('_', "-"));
        let help = arg
            .get_help()
            .and_then(|help| text(&key, &help.to_string()));
        let arg = match help {
            Some(new) => arg.help(new),
            None => arg,
        };
        let long = arg
            .get_long_help()
            .and_then(|long| text(&format!("{key}-long"), &long.to_string()));
        match long {
            Some(new) => arg.long_help(new),
            None => arg,
        }
    });
    command.mut_subcommands(|sub| {
        let path = name(sub.get_name());
        walk(sub, &path, &mut *text)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_from_the_arguments_before_parsing() {
        let none = |_: &str| None;
        let indonesian = |name: &str| (name == "LANG").then(|| "id_ID.UTF-8".to_string());
        assert_eq!(
            help_lang(args(&["siaga", "--lang", "id", "--help"]), none),
            Lang::Id
        );
        assert_eq!(
            help_lang(args(&["siaga", "reply", "--lang=id", "-h"]), none),
            Lang::Id
        );
        assert_eq!(help_lang(args(&["siaga", "--help"]), indonesian), Lang::Id);
        assert_eq!(
            help_lang(args(&["siaga", "--lang", "en", "--help"]), indonesian),
            Lang::En
        );
        assert_eq!(help_lang(args(&["siaga", "--lang", "fr"]), none), Lang::En);
        assert_eq!(
            help_lang(args(&["siaga", "tag", "1", "--", "--lang=id"]), none),
            Lang::En,
            "after `--` it is a value"
        );
        assert_eq!(
            help_lang(args(&["--lang=id"]), none),
            Lang::En,
            "the program"
        );
    }

    #[test]
    fn every_text_has_its_own_name() {
        let names = help_ids();
        let unique: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        for name in [
            "about",
            "long-about",
            "after",
            "lang",
            "reply-about",
            "reply-template",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
        }
    }
}
