//! The `learned` tree: the desk's learned model (#19), as the counts it
//! was trained on (`triage::learn::Model::to_bytes`). It is derived from
//! what people wrote and so is personal data: kept in the store, so a
//! backup carries it and an erasure's effect on it is the next training
//! (which reads only what is not erased or restricted). Outside the
//! history: training is the desk's bookkeeping, not an act on an inquiry.
//!
//! `learned`: `model` -> the model's bytes.

use super::{Store, StoreResult};

const MODEL: &[u8] = b"model";

impl Store {
    /// Keep `bytes` as the desk's model, replacing the last; flushed.
    pub fn save_model(&self, bytes: &[u8]) -> StoreResult<()> {
        let _writing = self.writing();
        self.named(
            self.learned
                .insert(MODEL, bytes)
                .map(drop)
                .map_err(Into::into),
        )?;
        self.settle()
    }

    /// The desk's model as last trained, if ever.
    pub fn model_bytes(&self) -> StoreResult<Option<Vec<u8>>> {
        Ok(self.learned.get(MODEL)?.map(|b| b.to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_is_kept_across_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let store = Store::open(dir.path()).unwrap();
            assert_eq!(store.model_bytes().unwrap(), None);
            store.save_model(b"first").unwrap();
            store.save_model(b"second").unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(
            store.model_bytes().unwrap().as_deref(),
            Some(&b"second"[..])
        );
    }
}
