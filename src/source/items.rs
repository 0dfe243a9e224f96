//! Reading a platform page item by item. A page is first read as a list of
//! raw JSON values; each item is then read on its own, so one bad item (a
//! `text: null`, an integer id, a field of the wrong type) is skipped and
//! recorded while the rest of the page is kept. Bytes that are not UTF-8
//! are replaced (U+FFFD) rather than losing the page: the citizen's message
//! around them still counts.
//!
//! What is recorded about a rejected item carries no content: its id (only
//! if it is a plain number), its place on the page and the kind of problem.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::SourceError;

/// An item left out of a page because it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The item's id, when it is a plain decimal number (never text).
    pub id: Option<String>,
    /// Its place on the page, from 0.
    pub index: usize,
    /// What was wrong, in serde's words with any quoted value cut out.
    pub reason: String,
}

/// A whole body as JSON: bytes that are not UTF-8 are replaced first.
/// The error, if any, says where and what kind, never what the body held.
pub fn decode(body: &[u8], what: &str) -> Result<Value, SourceError> {
    let text = String::from_utf8_lossy(body);
    serde_json::from_str(&text).map_err(|e| {
        SourceError::Malformed(format!(
            "not {what} ({:?} error at line {} column {}; {} bytes)",
            e.classify(),
            e.line(),
            e.column(),
            body.len()
        ))
    })
}

/// A serde_json error as kind and place, with nothing of the input: safe
/// for a message that may be logged (#20 item 12).
pub fn json_error(e: &serde_json::Error) -> String {
    match e.line() {
        0 => without_values(&e.to_string()),
        line => format!(
            "{:?} error at line {line} column {}",
            e.classify(),
            e.column()
        ),
    }
}

/// Read each value as a `T`; those that do not read are rejected.
pub fn each<T: DeserializeOwned>(values: Vec<Value>) -> (Vec<(usize, T)>, Vec<Rejected>) {
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for (index, value) in values.into_iter().enumerate() {
        let id = plain_id(&value);
        match serde_json::from_value::<T>(value) {
            Ok(item) => good.push((index, item)),
            Err(e) => bad.push(Rejected {
                id,
                index,
                reason: without_values(&e.to_string()),
            }),
        }
    }
    (good, bad)
}

/// A value's `id` when it is a decimal number (as a string or a JSON
/// number) of a sane length: safe to log.
pub fn plain_id(value: &Value) -> Option<String> {
    let id = match value.get("id")? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let plain = !id.is_empty() && id.len() <= 40 && id.bytes().all(|b| b.is_ascii_digit());
    plain.then_some(id)
}

/// serde's message with whatever it quotes of the input cut out:
/// `invalid type: string "…", expected u64` keeps `invalid type: string`
/// and `, expected u64`. A missing field's name is ours and stays.
pub fn without_values(message: &str) -> String {
    if message.starts_with("missing field") {
        return message.to_string();
    }
    let quote = |c: char| c == '"' || c == '`';
    match (message.find(quote), message.rfind(quote)) {
        (Some(first), Some(last)) => {
            format!("{}{}", message[..first].trim_end(), &message[last + 1..])
        }
        _ => message.to_string(),
    }
}

/// An array field of a page object: absent or null is empty, anything
/// but an array makes the page unreadable.
pub fn list(object: &mut Value, field: &str, what: &str) -> Result<Vec<Value>, SourceError> {
    match object.get_mut(field).map(Value::take) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(SourceError::Malformed(format!(
            "{what}: `{field}` is not a list"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        text: String,
    }

    #[test]
    fn bad_items_are_rejected_alone_and_say_no_content() {
        let values: Vec<Value> = serde_json::from_str(
            r#"[{"id":"1","text":"a"},{"id":"2","text":null},{"id":3,"text":"b"},
                {"id":"4","text":{"x":"rahasia"}},{"id":"5","text":"c"},{"text":"d"}]"#,
        )
        .unwrap();
        let (good, bad) = each::<Item>(values);
        assert_eq!(good.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 4]);
        let ids: Vec<_> = bad.iter().map(|r| r.id.as_deref()).collect();
        assert_eq!(ids, [Some("2"), Some("3"), Some("4"), None]);
        assert_eq!(bad[0].reason, "invalid type: null, expected a string");
        assert_eq!(bad[3].reason, "missing field `id`");
        assert!(bad.iter().all(|r| !r.reason.contains("rahasia")));
    }

    #[test]
    fn quoted_values_are_cut_out_of_messages() {
        assert_eq!(
            without_values(r#"invalid type: string "paspor saya A1234567", expected u64"#),
            "invalid type: string, expected u64"
        );
        assert_eq!(
            without_values("invalid type: integer `6281234567890`, expected a string"),
            "invalid type: integer, expected a string"
        );
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        let value = decode(b"[{\"id\":\"1\",\"text\":\"tolong \xff\xfe\"}]", "a page").unwrap();
        assert_eq!(value[0]["text"], "tolong \u{fffd}\u{fffd}");
        let err = decode(b"{\"text\":\"rahasia", "a page").unwrap_err();
        assert!(!err.to_string().contains("rahasia"), "{err}");
    }
}
