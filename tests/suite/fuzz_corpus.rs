//! The fuzz targets' seed corpora and the crashing inputs fuzzing found,
//! replayed as ordinary tests (stable, no libFuzzer): every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` goes through
//! `siaga::fuzzing::<target>`, which panics when an invariant breaks.
//!
//! Each test also insists on a minimum number of files, so that a folder
//! emptied, renamed or misspelt fails instead of testing nothing.

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every seed and regression of `target` through `check`; at least
/// `min_seeds` seeds and `min_regressions` regressions must exist.
fn replay(target: &str, check: fn(&[u8]), min_seeds: usize, min_regressions: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = files(&root.join("corpus").join(target));
    let regressions = files(&root.join("regressions").join(target));
    assert!(
        seeds.len() >= min_seeds,
        "fuzz/corpus/{target}/ has {} files, expected at least {min_seeds}",
        seeds.len()
    );
    assert!(
        regressions.len() >= min_regressions,
        "fuzz/regressions/{target}/ has {} files, expected at least {min_regressions}",
        regressions.len()
    );
    for path in seeds.iter().chain(&regressions) {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let outcome = std::panic::catch_unwind(|| check(&data));
        if let Err(panic) = outcome {
            eprintln!("input: {}", path.display());
            std::panic::resume_unwind(panic);
        }
    }
}

#[test]
fn x_mentions() {
    replay("x_mentions", siaga::fuzzing::x_mentions, 20, 0);
}

#[test]
fn mastodon_notifications() {
    replay(
        "mastodon_notifications",
        siaga::fuzzing::mastodon_notifications,
        15,
        3,
    );
}

#[test]
fn html_to_text() {
    replay("html_to_text", siaga::fuzzing::html_to_text, 40, 1);
}

#[test]
fn sanitize() {
    replay("sanitize", siaga::fuzzing::sanitize, 40, 2);
}

#[test]
fn config() {
    replay("config", siaga::fuzzing::config, 10, 0);
}

#[test]
fn protocol() {
    replay("protocol", siaga::fuzzing::protocol, 40, 2);
}
