//! What can go wrong with the store, in words the officer can act on: in
//! English as `Display` (logs and tests read it), and in the officer's
//! language for the errors met most.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::disk;
use crate::i18n::{Lang, Said};
use crate::model::InquiryId;
use crate::tr;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "the store at {path} is in use by another siaga process{holder}.\n\
         Close that siaga, or if `siaga serve` runs on this host, start siaga as its client."
    )]
    Locked { path: PathBuf, holder: String },
    #[error("could not open the store at {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("storage error: {0}")]
    Sled(sled::Error),
    /// No room to write (ENOSPC, a quota, a file-size limit): nothing of
    /// the change was stored, and the store carries on once there is room.
    #[error(
        "{}: nothing of this change was stored; free some space and try again (no restart needed)",
        disk::full_words(dir, detail)
    )]
    DiskFull { dir: PathBuf, detail: String },
    /// The store's files are damaged (a flipped bit, a torn file).
    #[error(
        "the store{} is damaged: {detail}.\n\
         `siaga check` names what is unreadable; `siaga salvage --into NEW_DIR` copies everything readable into a fresh store",
        disk::at_words(path)
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("inquiry {0} does not exist")]
    NotFound(InquiryId),
    #[error("a stored record is unreadable ({what}): {detail}")]
    Corrupt { what: String, detail: String },
    /// A rule said no: in the catalog's words where it has them
    /// (`said!`), else as the rule wrote it.
    #[error("{0}")]
    Refused(Said),
    /// The inquiry must rest (restricted at the person's request, or
    /// erased): nothing may be sent or delivered for it.
    #[error("{0}")]
    Withheld(Said),
    #[error("inquiry {id} is claimed by {holder}{}; confirm to take it over", since.map(|t| format!(" since {t}")).unwrap_or_default())]
    ClaimedBy {
        id: InquiryId,
        holder: String,
        since: Option<Timestamp>,
    },
    #[error("invalid identity: {0}")]
    InvalidIdentity(String),
}

impl StoreError {
    /// The error as a sentence: a refusal's own, else its English words.
    pub fn said(&self) -> Said {
        match self {
            StoreError::Refused(s) | StoreError::Withheld(s) => s.clone(),
            other => Said::plain(other.to_string()),
        }
    }

    /// What the officer reads when a command ends with this error, in
    /// `lang`. English is the `Display` above (logs and tests read it);
    /// what the error carries (a path, a detail, a rule's own words)
    /// stays as it is.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Id => self.words(lang).unwrap_or_else(|| self.to_string()),
        }
    }

    /// The catalog's words for the errors an officer meets most; None for
    /// the rest. In English they are the `Display`'s (a unit test checks).
    fn words(&self, lang: Lang) -> Option<String> {
        let path = |p: &Path| p.display().to_string();
        Some(match self {
            StoreError::Locked { path: at, holder } => format!(
                "{}\n{}",
                tr!(lang, "cli-store-locked", path = path(at), holder = holder),
                tr!(lang, "cli-store-locked-what-to-do")
            ),
            StoreError::DiskFull { dir, detail } => {
                let place = if dir.as_os_str().is_empty() {
                    tr!(lang, "store-the-store")
                } else {
                    path(dir)
                };
                if disk::is_file_too_large(detail) {
                    tr!(lang, "store-file-too-large", place = place, detail = detail)
                } else {
                    tr!(lang, "store-disk-full", place = place, detail = detail)
                }
            }
            StoreError::Damaged { path: at, detail } => {
                let damaged = if at.as_os_str().is_empty() {
                    tr!(lang, "store-damaged", detail = detail)
                } else {
                    tr!(lang, "store-damaged-at", path = path(at), detail = detail)
                };
                format!("{damaged}\n{}", tr!(lang, "store-damaged-what-to-do"))
            }
            StoreError::NotFound(id) => tr!(lang, "store-not-found", id = id.to_string()),
            StoreError::Refused(why) | StoreError::Withheld(why) if why.is_catalogued() => {
                why.in_lang(lang)
            }
            StoreError::Refused(why) | StoreError::Withheld(why) => {
                tr!(lang, "store-refused", why = &why.text)
            }
            StoreError::ClaimedBy { id, holder, since } => match since {
                Some(t) => tr!(
                    lang,
                    "store-claimed-by-since",
                    id = id.to_string(),
                    holder = holder,
                    since = t.to_string()
                ),
                None => tr!(
                    lang,
                    "store-claimed-by",
                    id = id.to_string(),
                    holder = holder
                ),
            },
            StoreError::Open { .. }
            | StoreError::Sled(_)
            | StoreError::Corrupt { .. }
            | StoreError::InvalidIdentity(_) => return None,
        })
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[cfg(test)]
mod describe_tests {
    use super::*;

    fn samples() -> Vec<StoreError> {
        let dir = PathBuf::from("/srv/siaga");
        vec![
            StoreError::Locked {
                path: dir.clone(),
                holder: " (pid 42)".into(),
            },
            StoreError::DiskFull {
                dir: dir.clone(),
                detail: std::io::ErrorKind::StorageFull.to_string(),
            },
            StoreError::DiskFull {
                dir: PathBuf::new(),
                detail: std::io::ErrorKind::FileTooLarge.to_string(),
            },
            StoreError::Damaged {
                path: dir,
                detail: "sled found damaged data".into(),
            },
            StoreError::Damaged {
                path: PathBuf::new(),
                detail: "sled found damaged data".into(),
            },
            StoreError::NotFound(InquiryId(99999)),
            StoreError::Refused("closing needs a reason".into()),
            StoreError::Withheld("restricted".into()),
            StoreError::ClaimedBy {
                id: InquiryId(3),
                holder: "budi".into(),
                since: None,
            },
            StoreError::ClaimedBy {
                id: InquiryId(3),
                holder: "budi".into(),
                since: Some(Timestamp::UNIX_EPOCH),
            },
        ]
    }

    #[test]
    fn the_english_words_are_the_display() {
        for e in samples() {
            assert_eq!(e.words(Lang::En), Some(e.to_string()));
            assert_eq!(e.describe(Lang::En), e.to_string());
        }
    }

    #[test]
    fn an_officer_reads_the_error_in_indonesian() {
        for e in samples() {
            assert_ne!(e.describe(Lang::Id), e.to_string(), "{e:?}");
        }
        assert_eq!(
            StoreError::NotFound(InquiryId(99999)).describe(Lang::Id),
            "aduan 99999 tidak ada"
        );
        assert_eq!(
            StoreError::Refused("closing needs a reason".into()).describe(Lang::Id),
            "ditolak: closing needs a reason",
            "a rule's own words stay as they are"
        );
        let sled = StoreError::InvalidIdentity("x".into());
        assert_eq!(sled.describe(Lang::Id), sled.to_string());
    }
}
