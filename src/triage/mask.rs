//! What of an inquiry's text a person may see without a recorded reveal:
//! personal numbers and e-mail addresses masked, and a text the law says
//! must rest (restricted, deleted by its author, erased) replaced by why.
//! The screen, `siaga list`/`show` and the shift digest all draw through
//! this one function.

use std::borrow::Cow;

use super::privacy::mask_personal;
use crate::i18n::Lang;
use crate::model::Inquiry;
use crate::tr;

/// `text` (the message, a follow-up, a note) of `inq`, as shown. With
/// `revealed` (the officer's reveal was recorded) it is as received,
/// except that an erased text stays gone. `allowed`: the desk's own
/// numbers, never masked.
pub fn for_display<'a>(
    inq: &Inquiry,
    text: &'a str,
    revealed: bool,
    allowed: &[&str],
) -> Cow<'a, str> {
    for_display_in(Lang::En, inq, text, revealed, allowed)
}

/// `for_display`, the placeholder of a hidden text in the officer's
/// `lang` ("[teks dibatasi atas permintaan yang bersangkutan]"). Only for
/// what a person reads: what is stored and exported keeps its own words.
pub fn for_display_in<'a>(
    lang: Lang,
    inq: &Inquiry,
    text: &'a str,
    revealed: bool,
    allowed: &[&str],
) -> Cow<'a, str> {
    if let Some(why) = inq.text_hidden()
        && (!revealed || inq.erased.is_some())
    {
        return Cow::Owned(hidden(lang, why));
    }
    if revealed {
        return Cow::Borrowed(text);
    }
    let masked = mask_personal(text, allowed);
    if masked == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(masked)
    }
}

/// One `before`/`after` of a history event of `inq`, as shown: content-free
/// kinds (status, claim, ...) as they are, any other (a note, a follow-up)
/// like the text.
pub fn event_field<'a>(
    inq: &Inquiry,
    what: &str,
    value: &'a str,
    revealed: bool,
    allowed: &[&str],
) -> Cow<'a, str> {
    event_field_in(Lang::En, inq, what, value, revealed, allowed)
}

/// `event_field`, a hidden text's placeholder in `lang`.
pub fn event_field_in<'a>(
    lang: Lang,
    inq: &Inquiry,
    what: &str,
    value: &'a str,
    revealed: bool,
    allowed: &[&str],
) -> Cow<'a, str> {
    if crate::model::erase::event_is_content_free(what) {
        Cow::Borrowed(value)
    } else {
        for_display_in(lang, inq, value, revealed, allowed)
    }
}

/// What stands in for a hidden text: "[text erased]", "[teks dihapus]".
/// `why` is `Inquiry::text_hidden`'s word, kept as it is in the records.
fn hidden(lang: Lang, why: &str) -> String {
    match why {
        "erased" => tr!(lang, "mask-erased"),
        "restricted at the person's request" => tr!(lang, "mask-restricted"),
        "deleted on the platform by its author" => tr!(lang, "mask-deleted"),
        other => format!("[text {other}]"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English placeholders are the words `text_hidden` gives, as
    /// they always read.
    #[test]
    fn each_hidden_text_reads_as_before_in_english_and_has_indonesian() {
        for why in [
            "erased",
            "restricted at the person's request",
            "deleted on the platform by its author",
        ] {
            assert_eq!(hidden(Lang::En, why), format!("[text {why}]"));
            let id = hidden(Lang::Id, why);
            assert!(id.starts_with("[teks "), "{id}");
        }
    }
}
