//! Which posts were deleted on X since they were fetched:
//! `GET /2/tweets?ids=`, a hundred ids a request.

use serde::Deserialize;

use super::XClient;
use crate::source::{SourceError, http, ids, items};

/// The most ids one `GET /2/tweets` takes.
pub const LOOKUP_MAX_IDS: usize = 100;

/// A `GET /2/tweets?ids=` answer: the posts that exist in `data`, one
/// problem per post that does not in `errors`.
#[derive(Debug, Deserialize)]
pub(super) struct Lookup {
    data: Option<Vec<LookedUp>>,
    errors: Option<Vec<LookupError>>,
}

#[derive(Debug, Deserialize)]
pub(super) struct LookedUp {
    id: String,
}

#[derive(Debug, Deserialize)]
pub(super) struct LookupError {
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    resource_id: Option<String>,
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    resource_type: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
}

impl LookupError {
    /// X's words for a post that is no more: `type` ends in
    /// `resource-not-found` (or, without a type, the title "Not Found
    /// Error"), about a tweet asked for in `ids`. An "Authorization Error"
    /// (suspended or protected author) is not a deletion.
    pub(super) fn not_found_id(&self) -> Option<String> {
        let not_found = match &self.kind {
            Some(kind) => kind.ends_with("/resource-not-found"),
            None => self.title.as_deref() == Some("Not Found Error"),
        };
        let about_ids = self.parameter.as_deref().is_none_or(|p| p == "ids")
            && self.resource_type.as_deref().is_none_or(|t| t == "tweet");
        if !not_found || !about_ids {
            return None;
        }
        match &self.value {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => self.resource_id.clone(),
        }
    }
}

/// The ids among `asked` that a `GET /2/tweets?ids=` answer reports as
/// not found (deleted, or its author deactivated), in the order asked,
/// each once. Posts that exist, that we may not see (suspended or
/// protected authors), errors about other resources, and ids not asked
/// are never reported. An answer with neither `data` nor `errors` is
/// `Malformed`.
pub fn parse_gone(body: &[u8], asked: &[String]) -> Result<Vec<String>, SourceError> {
    let lookup: Lookup = serde_json::from_slice(body).map_err(|e| {
        SourceError::Malformed(format!(
            "not an X lookup answer ({}); {}",
            items::json_error(&e),
            http::body_shape(body)
        ))
    })?;
    if lookup.data.is_none() && lookup.errors.is_none() {
        return Err(SourceError::Malformed(format!(
            "an X lookup answer with neither data nor errors: {}",
            http::body_shape(body)
        )));
    }
    let present: Vec<&str> = lookup
        .data
        .iter()
        .flatten()
        .map(|t| t.id.as_str())
        .collect();
    let not_found: Vec<String> = lookup
        .errors
        .iter()
        .flatten()
        .filter_map(LookupError::not_found_id)
        .collect();
    let mut gone: Vec<String> = Vec::new();
    for id in asked {
        if not_found.contains(id) && !present.contains(&id.as_str()) && !gone.contains(id) {
            gone.push(id.clone());
        }
    }
    Ok(gone)
}

impl XClient {
    /// Which of `ids` were deleted on X: `GET /2/tweets?ids=`, up to
    /// [`LOOKUP_MAX_IDS`] per request, the ids each time that X reports
    /// not found (see [`parse_gone`]). Ids that are no tweet ids (a direct
    /// message's `dm:...`) are not asked about and never reported. The
    /// first failing request ends the sweep with its error (rate limit,
    /// refused token, server error), as a fetch does; see
    /// [`Self::gone_partial`] to keep what was found before it.
    pub async fn gone(&self, ids: &[String]) -> Result<Vec<String>, SourceError> {
        match self.gone_partial(ids).await {
            (gone, None) => Ok(gone),
            (_, Some(e)) => Err(e),
        }
    }

    /// As [`Self::gone`], but what the requests before a failing one found
    /// is kept, beside the error that stopped the sweep.
    pub async fn gone_partial(&self, ids: &[String]) -> (Vec<String>, Option<SourceError>) {
        let url = format!("{}/2/tweets", self.base);
        let mut seen = std::collections::HashSet::new();
        let asked: Vec<String> = ids
            .iter()
            .filter(|id| ids::x(id, "id").is_ok() && seen.insert(id.as_str()))
            .cloned()
            .collect();
        let mut gone = Vec::new();
        for chunk in asked.chunks(LOOKUP_MAX_IDS) {
            let joined = chunk.join(",");
            let found = match self.get(&url, &[("ids", joined.as_str())]).await {
                Ok(body) => parse_gone(&body, chunk),
                Err(e) => Err(e),
            };
            match found {
                Ok(found) => gone.extend(found),
                Err(e) => return (gone, Some(e)),
            }
        }
        (gone, None)
    }
}
