//! The places and countries a text names, each with the role the words
//! before it give it, and the one among them that a suggestion names.

use super::marker::{Marker, Role, marker, taken_before};
use super::tokens::{Token, tokens_key};
use super::{Gazetteer, Kind, Target};

/// A place or country found in the text.
#[derive(Debug, Clone)]
pub(super) struct Mention<'g> {
    pub(super) target: &'g Target,
    /// As written.
    pub(super) text: String,
    pub(super) role: Role,
    /// The token of the word that gave the role.
    pub(super) marker_at: Option<usize>,
    /// Qualifies the place before it ("Sabah" in "Tawau, Sabah").
    pub(super) qualifier: bool,
}

/// Where the scan for mentions is: what it found, and where the last
/// match ended.
struct Scan<'g> {
    out: Vec<Mention<'g>>,
    /// Where the last match (a mention or a mask) ended.
    floor: usize,
    /// Where the last mention ended.
    last_mention_end: Option<usize>,
}

impl Scan<'_> {
    /// "dibawa dari Malaysia ke Kamboja": taken to, across the origin, is
    /// where they are.
    fn taken_across_origin(
        &self,
        tokens: &[Token],
        role: Option<Role>,
        marker_at: Option<usize>,
    ) -> Option<Role> {
        match (role, self.out.last()) {
            (Some(Role::Going), Some(prev))
                if self.last_mention_end.is_some_and(|e| Some(e) == marker_at)
                    && prev.role == Role::Origin
                    && prev.marker_at.is_some_and(|m| taken_before(tokens, m)) =>
            {
                Some(Role::Here)
            }
            (role, _) => role,
        }
    }
}

impl Gazetteer {
    /// Every place and country named, in order, with its role.
    pub(super) fn mentions<'g>(&'g self, text: &str, tokens: &[Token]) -> Vec<Mention<'g>> {
        let mut scan = Scan {
            out: Vec::new(),
            floor: 0,
            last_mention_end: None,
        };
        let mut i = 0;
        while i < tokens.len() {
            let Some((len, entry)) = self.longest_at(tokens, i) else {
                i += 1;
                continue;
            };
            let (start, end) = (i, i + len);
            let found = entry
                .target
                .as_ref()
                .map(|target| (target, self.role_of(tokens, start, end, &scan)));
            scan.floor = end;
            i = end;
            let Some((target, (Some(role), marker_at))) = found else {
                continue;
            };
            let appositive = scan.last_mention_end == Some(start);
            let qualifier = appositive
                && scan
                    .out
                    .last()
                    .is_some_and(|m| m.target.kind == Kind::Place);
            scan.out.push(Mention {
                target,
                text: text[tokens[start].start..tokens[end - 1].end].to_string(),
                role,
                marker_at,
                qualifier,
            });
            scan.last_mention_end = Some(end);
        }
        scan.out
    }

    /// The role of the phrase at `tokens[start..end]` (None: not a place
    /// here), and the token of the word that gave it.
    fn role_of(
        &self,
        tokens: &[Token],
        start: usize,
        end: usize,
        scan: &Scan,
    ) -> (Option<Role>, Option<usize>) {
        let gated = self.gated.contains(&tokens_key(&tokens[start..end]));
        let appositive = scan.last_mention_end == Some(start);
        let mut marker_at = None;
        let role = match marker(tokens, start, scan.floor) {
            Marker::Language => None,
            _ if appositive && !gated => Some(scan.out.last().map_or(Role::Named, |m| m.role)),
            Marker::Role {
                role,
                immediate,
                at,
            } => {
                marker_at = at;
                (!gated || immediate && role != Role::Affiliation).then_some(role)
            }
            Marker::None => (!gated).then_some(Role::Named),
        };
        (scan.taken_across_origin(tokens, role, marker_at), marker_at)
    }
}

/// The mention chosen, and the country mention it won inside, if any.
pub(super) struct Chosen {
    pub(super) index: usize,
    pub(super) inside: Option<usize>,
}

/// The mention the suggestion names: see the rules in the module's header.
pub(super) fn choose(mentions: &[Mention]) -> Option<Chosen> {
    let candidates = || mentions.iter().enumerate().filter(|(_, m)| !m.qualifier);
    let (best, winner) =
        candidates().max_by_key(|(i, m)| (m.role, m.target.kind == Kind::Place, *i))?;
    if winner.target.kind == Kind::Country {
        let inside = candidates()
            .filter(|(_, m)| {
                m.target.kind == Kind::Place
                    && m.target.iso2 == winner.target.iso2
                    && m.role >= Role::Named
            })
            .max_by_key(|(i, m)| (m.role, *i));
        if let Some((index, _)) = inside {
            return Some(Chosen {
                index,
                inside: Some(best),
            });
        }
    }
    Some(Chosen {
        index: best,
        inside: None,
    })
}
