//! The `crises` tree: the crises officers opened on the desk (#16). A
//! crisis is the desk's own bookkeeping, not an act on an inquiry (the
//! tags it gives are, and go through the history), so the tree is outside
//! the history chain. Each open and close is one transaction, flushed;
//! closing keeps the record.
//!
//! `crises`: name -> `Crisis` (JSON).

use jiff::Timestamp;

use super::{Store, StoreError, StoreResult, abort, from_json, to_json};
use crate::model::Crisis;

fn refused<T>(why: crate::i18n::Said) -> super::TxResult<T> {
    abort(StoreError::Refused(why))
}

impl Store {
    /// Keep `crisis` as opened. Refused if a crisis of its name is open,
    /// or was (its record stays: open it under a new name).
    pub fn open_crisis(&self, crisis: &Crisis) -> StoreResult<()> {
        let _writing = self.writing();
        self.committed(self.crises.transaction(|tx| {
            if let Some(bytes) = tx.get(crisis.name.as_bytes())? {
                let kept: Crisis = match from_json(&bytes, "crisis") {
                    Ok(kept) => kept,
                    Err(e) => return abort(e),
                };
                return refused(match kept.closed_at {
                    None => crate::said!(
                        "refused-crisis-open",
                        name = &kept.name,
                        by = &kept.opened_by,
                        at = kept.opened_at.to_string()
                    ),
                    Some(at) => crate::said!(
                        "refused-crisis-was-closed",
                        name = &kept.name,
                        at = at.to_string()
                    ),
                });
            }
            tx.insert(crisis.name.as_bytes(), to_json(crisis))?;
            Ok(())
        }))?;
        self.settle()
    }

    /// Close the open crisis `name`: `officer` at `now`. Its record stays.
    pub fn close_crisis(&self, name: &str, officer: &str, now: Timestamp) -> StoreResult<Crisis> {
        let _writing = self.writing();
        let closed = self.committed(self.crises.transaction(|tx| {
            let Some(bytes) = tx.get(name.as_bytes())? else {
                return refused(crate::said!("refused-no-crisis", name = name));
            };
            let mut crisis: Crisis = match from_json(&bytes, "crisis") {
                Ok(c) => c,
                Err(e) => return abort(e),
            };
            if let Some(at) = crisis.closed_at {
                return refused(crate::said!(
                    "refused-crisis-closed",
                    name = name,
                    at = at.to_string()
                ));
            }
            crisis.closed_by = Some(officer.to_string());
            crisis.closed_at = Some(now);
            tx.insert(name.as_bytes(), to_json(&crisis))?;
            Ok(crisis)
        }))?;
        self.settle()?;
        Ok(closed)
    }

    /// Every crisis, open and closed, by name.
    pub fn crises(&self) -> StoreResult<Vec<Crisis>> {
        self.crises
            .iter()
            .values()
            .map(|v| from_json(&self.named(v.map_err(StoreError::from))?, "crisis"))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crisis(name: &str) -> Crisis {
        Crisis {
            name: name.into(),
            places: vec!["Khartoum".into()],
            keywords: vec![],
            template: None,
            opened_by: "ana".into(),
            opened_at: Timestamp::now(),
            closed_by: None,
            closed_at: None,
        }
    }

    fn refusal(r: StoreResult<impl std::fmt::Debug>) -> String {
        match r {
            Err(StoreError::Refused(why)) => why.to_string(),
            other => panic!("not refused: {other:?}"),
        }
    }

    #[test]
    fn a_crisis_is_opened_once_closed_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("db")).unwrap();
        store.open_crisis(&crisis("sudan")).unwrap();
        let twice = refusal(store.open_crisis(&crisis("sudan")));
        assert!(twice.contains("crisis sudan is already open"), "{twice}");
        let closed = store
            .close_crisis("sudan", "budi", Timestamp::now())
            .unwrap();
        assert_eq!(closed.closed_by.as_deref(), Some("budi"));
        let again = refusal(store.close_crisis("sudan", "budi", Timestamp::now()));
        assert!(again.contains("already closed"), "{again}");
        let reopen = refusal(store.open_crisis(&crisis("sudan")));
        assert!(reopen.contains("open it under a new name"), "{reopen}");
        assert!(
            refusal(store.close_crisis("nosuch", "budi", Timestamp::now())).contains("no crisis")
        );
        drop(store);
        let store = Store::open(&dir.path().join("db")).unwrap();
        let kept = store.crises().unwrap();
        assert_eq!(kept.len(), 1);
        assert!(!kept[0].is_open(), "closing keeps the record");
    }
}
