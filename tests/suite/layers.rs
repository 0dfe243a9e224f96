//! The layers of ARCHITECTURE.md, checked against the code (#14): each
//! module's layer is read from the table there, every `crate::<module>`
//! a file of `src/<module>/` names (outside comments) is an edge, and an
//! edge must point to a lower layer: an import up the table, or sideways
//! to another module of the same layer, fails and names its file. Every
//! top-level module must be in the table, so a new one is placed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `module -> layer` from the table rows `| N | `a`, `b` | ... |`.
fn layers() -> BTreeMap<String, u32> {
    layer_table("")
}

/// `module -> layer` from the rows whose first cell is `{tag}N`: the
/// crate's table (no tag) or the table inside `ui/` (tag `ui `).
fn layer_table(tag: &str) -> BTreeMap<String, u32> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(layer), Some(modules)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        let Some(Ok(layer)) = layer.strip_prefix(tag).map(str::parse::<u32>) else {
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
    named_after(text, "crate::")
}

/// The names that follow `prefix` in `text` (`crate::ui::` gives `state`
/// for `crate::ui::state::View`), comments left out.
fn named_after(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        for (i, _) in code.match_indices(prefix) {
            if code[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[i + prefix.len()..];
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

/// The top-level module a file of `src/` belongs to (`lib`, `main` for
/// the crate roots).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Each edge `from -> to` that does not point to a lower layer, as
/// "from (layer a) -> to (layer b), in src/FILE" lines.
fn edges_not_pointing_down(
    layers: &BTreeMap<String, u32>,
    edges: &BTreeMap<(String, String), String>,
) -> Vec<String> {
    edges
        .iter()
        .filter(|((from, to), _)| {
            matches!((layers.get(from), layers.get(to)), (Some(a), Some(b)) if b >= a)
        })
        .map(|((a, b), file)| {
            format!(
                "{a} (layer {}) -> {b} (layer {}), in src/{file}",
                layers[a], layers[b]
            )
        })
        .collect()
}

/// Every `from -> to` edge between top-level modules, with the first
/// `file:line` that makes it.
fn module_edges(src: &Path) -> BTreeMap<(String, String), String> {
    let mut edges = BTreeMap::new();
    for file in crate::common::rust_files(src) {
        let module = module_of(src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file.strip_prefix(src).unwrap().display();
        for (n, line) in text.lines().enumerate() {
            for target in named_modules(line) {
                if target != module {
                    let at = format!("{rel}:{}", n + 1);
                    edges.entry((module.clone(), target)).or_insert(at);
                }
            }
        }
    }
    edges
}

#[test]
fn every_import_points_down_the_layers() {
    let layers = layers();
    assert!(
        layers.len() >= 14,
        "the layer table was not read: {layers:?}"
    );
    let src = root().join("src");
    let bad = edges_not_pointing_down(&layers, &module_edges(&src));
    assert!(
        bad.is_empty(),
        "imports that do not point down the layers of ARCHITECTURE.md:\n{}",
        bad.join("\n")
    );
}

/// Every edge between the modules of `src/ui/`: `crate::ui::<m>`
/// anywhere, `super::<m>` in a file whose parent is `ui` itself.
fn ui_edges(src: &Path) -> BTreeMap<(String, String), String> {
    let ui = src.join("ui");
    let mut edges = BTreeMap::new();
    for file in crate::common::rust_files(&ui) {
        let module = module_of(&ui, &file);
        if module == "mod" {
            continue;
        }
        let parent_is_ui = file.parent() == Some(ui.as_path()) || file.ends_with("mod.rs");
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file.strip_prefix(src).unwrap().display();
        for (n, line) in text.lines().enumerate() {
            let mut named = named_after(line, "crate::ui::");
            if parent_is_ui {
                named.extend(named_after(line, "super::"));
            }
            for target in named.into_iter().filter(|t| *t != module) {
                edges
                    .entry((module.clone(), target))
                    .or_insert_with(|| format!("{rel}:{}", n + 1));
            }
        }
    }
    edges
}

#[test]
fn inside_ui_every_import_points_down_its_own_layers() {
    let layers = layer_table("ui ");
    assert!(
        layers.len() >= 10,
        "the ui layer table was not read: {layers:?}"
    );
    let src = root().join("src");
    let edges = ui_edges(&src);
    let unplaced: BTreeSet<&String> = edges
        .keys()
        .map(|(from, _)| from)
        .filter(|m| !layers.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "ui modules missing from its layer table: {unplaced:?}"
    );
    let bad = edges_not_pointing_down(&layers, &edges);
    assert!(
        bad.is_empty(),
        "imports inside ui/ that do not point down its layers (ARCHITECTURE.md):\n{}",
        bad.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer() {
    let layers = layers();
    let src = root().join("src");
    let unplaced: BTreeSet<String> = crate::common::rust_files(&src)
        .iter()
        .map(|f| module_of(&src, f))
        .filter(|m| m != "lib" && m != "main" && !layers.contains_key(m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules missing from the layer table of ARCHITECTURE.md: {unplaced:?}"
    );
}

#[test]
fn the_check_fails_an_upward_or_sideways_import() {
    let layers: BTreeMap<String, u32> = [("model", 0), ("reply", 4), ("escalate", 4), ("ui", 9)]
        .into_iter()
        .map(|(m, l)| (m.to_string(), l))
        .collect();
    let edge = |a: &str, b: &str, f: &str| ((a.to_string(), b.to_string()), f.to_string());
    let edges: BTreeMap<_, _> = [
        edge("ui", "model", "ui/state.rs"),
        edge("model", "reply", "model/mod.rs"),
        edge("reply", "escalate", "reply/compose.rs"),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        edges_not_pointing_down(&layers, &edges),
        [
            "model (layer 0) -> reply (layer 4), in src/model/mod.rs",
            "reply (layer 4) -> escalate (layer 4), in src/reply/compose.rs",
        ]
    );
    assert_eq!(
        named_modules("use crate::queue::X; // crate::ui\nlet a = crate::store::f();"),
        BTreeSet::from(["queue".to_string(), "store".to_string()])
    );
}
