//! `/`: search the current view as you type. Results replace the list,
//! ranked; Enter opens the selected match (as fzf) and keeps the results
//! to come back to, to move in and act on; Esc brings back the view exactly
//! as it was, selection included.

use crate::model::Inquiry;
use crate::ui::action::Effect;
use crate::ui::action::TextKey;
use crate::ui::state::{SavedList, Search, State};

use super::nav;

/// Most results one search shows.
pub const SEARCH_LIMIT: usize = 500;

pub fn start(state: &mut State) -> Vec<Effect> {
    match state.search.as_mut() {
        Some(search) => search.editing = true,
        None => {
            state.search = Some(Search {
                text: String::new(),
                editing: true,
                saved: SavedList {
                    rows: state.rows.clone(),
                    more: state.more,
                    selected: state.selected,
                    offset: state.offset,
                },
                error: None,
                running: false,
                rerun: false,
                fresh: true,
            });
        }
    }
    Vec::new()
}

/// Esc: the view as it was before the search.
pub fn leave(state: &mut State) -> Vec<Effect> {
    let Some(search) = state.search.take() else {
        return Vec::new();
    };
    let saved = search.saved;
    state.rows = saved.rows;
    state.more = saved.more;
    state.selected = saved.selected;
    state.offset = saved.offset;
    nav::keep_selection_visible(state);
    // The view may have changed meanwhile.
    state.loading = true;
    vec![nav::reload(state)]
}

pub fn key(state: &mut State, key: TextKey) -> Vec<Effect> {
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    match key {
        TextKey::Esc => return leave(state),
        TextKey::Enter => {
            search.editing = false;
            // As in fzf: Enter opens the match the officer is on, once the
            // results shown are this text's (`fresh` until they land; an
            // empty text has none) and its last run did not fail.
            let found = !search.fresh && search.error.is_none();
            return if found { nav::open(state) } else { Vec::new() };
        }
        TextKey::Char(c) => {
            search.text.push(c);
            search.fresh = true;
        }
        TextKey::Backspace => {
            search.text.pop();
            search.fresh = true;
        }
        TextKey::ClearLine => {
            search.text.clear();
            search.fresh = true;
        }
        TextKey::Down => return nav::move_selection(state, 1),
        TextKey::Up => return nav::move_selection(state, -1),
    }
    refresh(state)
}

/// Run the search for the current text (one running, one pending).
pub fn refresh(state: &mut State) -> Vec<Effect> {
    let view = state.current_view().query(SEARCH_LIMIT);
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    if search.text.trim().is_empty() {
        search.error = None;
        let saved = search.saved.clone();
        state.rows = saved.rows;
        state.more = saved.more;
        state.selected = saved.selected;
        state.offset = saved.offset;
        return Vec::new();
    }
    if search.running {
        search.rerun = true;
        return Vec::new();
    }
    search.running = true;
    vec![Effect::Search {
        view,
        text: search.text.clone(),
        limit: SEARCH_LIMIT,
    }]
}

pub fn done(state: &mut State, text: String, result: Result<Vec<Inquiry>, String>) -> Vec<Effect> {
    let Some(search) = state.search.as_mut() else {
        return Vec::new();
    };
    search.running = false;
    if std::mem::take(&mut search.rerun) || search.text != text {
        return refresh(state);
    }
    match result {
        Ok(rows) => {
            search.error = None;
            state.more = false;
            let fresh = std::mem::take(&mut search.fresh);
            nav::replace_rows(state, rows);
            if fresh {
                state.selected = 0;
                state.offset = 0;
            }
            nav::detail_effect(state)
        }
        Err(e) => {
            search.error = Some(e);
            Vec::new()
        }
    }
}
