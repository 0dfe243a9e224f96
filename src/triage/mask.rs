//! What of an inquiry's text a person may see without a recorded reveal:
//! personal numbers and e-mail addresses masked, and a text the law says
//! must rest (restricted, deleted by its author, erased) replaced by why.
//! The screen, `siaga list`/`show` and the shift digest all draw through
//! this one function.

use std::borrow::Cow;

use super::privacy::mask_personal;
use crate::model::Inquiry;

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
    if let Some(why) = inq.text_hidden()
        && (!revealed || inq.erased.is_some())
    {
        return Cow::Owned(format!("[text {why}]"));
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
    if crate::model::erase::event_is_content_free(what) {
        Cow::Borrowed(value)
    } else {
        for_display(inq, value, revealed, allowed)
    }
}
