//! The layers of ARCHITECTURE.md, checked against the code (#14): each
//! module's layer is read from the table there, every `crate::<module>`
//! a file of `src/<module>/` names (outside comments) is an edge, and an
//! edge that points to a higher layer must be one of the known
//! departures below. A new upward import fails; so does a departure that
//! is gone, so this list only shrinks as #14 removes them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Upward imports as they are today (ARCHITECTURE.md, "Known departures").
const KNOWN_DEPARTURES: [(&str, &str); 17] = [
    ("config", "daemon"),
    ("config", "escalate"),
    ("config", "queue"),
    ("config", "records"),
    ("config", "reply"),
    ("config", "store"),
    ("config", "ui"),
    ("escalate", "queue"),
    ("model", "escalate"),
    ("model", "reply"),
    ("queue", "daemon"),
    ("records", "queue"),
    ("reply", "ingest"),
    ("reply", "queue"),
    ("store", "escalate"),
    ("store", "records"),
    ("store", "reply"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `module -> layer` from the table rows `| N | `a`, `b` | ... |`.
fn layers() -> BTreeMap<String, u32> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(layer), Some(modules)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let Ok(layer) = layer.parse::<u32>() else {
            continue;
        };
        for name in modules.split(',') {
            let name = name.trim().trim_matches('`');
            if !name.is_empty() {
                out.insert(name.to_string(), layer);
            }
        }
    }
    out
}

/// The modules `text` names as `crate::<module>`, comments left out.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn imports_point_down_the_layers_but_for_the_known_departures() {
    let layers = layers();
    assert!(
        layers.len() >= 12,
        "the layer table was not read: {layers:?}"
    );
    let src = root().join("src");
    let files = crate::common::rust_files(&src);
    let mut upward = BTreeMap::<(String, String), String>::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let Some(&from) = layers.get(&module) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for target in named_modules(&text) {
            if layers.get(&target).is_some_and(|&to| to > from) {
                upward
                    .entry((module.clone(), target))
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN_DEPARTURES
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    let new: Vec<String> = upward
        .iter()
        .filter(|(edge, _)| !known.contains(*edge))
        .map(|((a, b), file)| {
            format!(
                "{a} (layer {}) -> {b} (layer {}), in src/{file}",
                layers[a], layers[b]
            )
        })
        .collect();
    assert!(
        new.is_empty(),
        "imports that point up the layers of ARCHITECTURE.md:\n{}",
        new.join("\n")
    );
    let gone: Vec<&(String, String)> = known.iter().filter(|e| !upward.contains_key(*e)).collect();
    assert!(
        gone.is_empty(),
        "departures that no longer exist: take them out of KNOWN_DEPARTURES: {gone:?}"
    );
}
