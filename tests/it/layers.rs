//! The stages' order, kept: a module may use the modules of its own layer
//! and of the layers below it, never one of a later stage (ARCHITECTURE.md,
//! "One document's journey"). Read from the source, comments left out.

use std::path::Path;

/// Layers from the bottom up: shared types and helpers, then the stages in
/// the order a document goes through them, then what drives them.
const LAYERS: &[&[&str]] = &[
    &[
        "edit", "layout", "atomic", "exit", "faults", "budget", "lang",
    ],
    &["source"],
    &["select"],
    &["decode"],
    &["extract"],
    &["rules"],
    &["markdown"],
    &["clean"],
    &["dataset"],
    &["sink"],
    &["report", "review", "eval", "run", "suggest"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `crate::NAME` a file's code (not its comments) names.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + 7..];
            let names = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or(""),
                None => rest,
            };
            for name in names.split(',') {
                let name: String = name
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
    }
    out
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_uses_a_later_stage() {
    let mut all = Vec::new();
    files(Path::new("src"), &mut all);
    let mut wrong = Vec::new();
    for path in &all {
        let rel = path.strip_prefix("src").unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some(own) = layer(&module) else {
            assert!(
                ["lib", "main"].contains(&module.as_str()),
                "{} is in no layer of tests/it/layers.rs",
                path.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for used in uses(&text) {
            if let Some(theirs) = layer(&used).filter(|l| *l > own) {
                wrong.push(format!(
                    "{} (layer {own}) uses crate::{used} (layer {theirs})",
                    path.display()
                ));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
