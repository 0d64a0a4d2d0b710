//! The default rule files, embedded in the binary so that newsclean works with
//! no files around. `--rules` adds files; a file with the same name as a
//! built-in one replaces it.

use super::{RuleSet, RuleSource};
use std::sync::OnceLock;

/// Every file under `rules/` that the defaults use, by name.
const FILES: &[(&str, &str)] = &[
    ("metadata.toml", include_str!("../../rules/metadata.toml")),
    (
        "boilerplate.toml",
        include_str!("../../rules/boilerplate.toml"),
    ),
    ("typos.toml", include_str!("../../rules/typos.toml")),
    ("spinner.tsv", include_str!("../../rules/spinner.tsv")),
    ("doubled-ok.txt", include_str!("../../rules/doubled-ok.txt")),
];

/// The built-in rule files (TOML only), in the order they run.
pub fn sources() -> Vec<RuleSource> {
    FILES
        .iter()
        .filter(|(name, _)| name.ends_with(".toml"))
        .map(|(name, text)| RuleSource {
            name: format!("rules/{name}"),
            text: (*text).to_string(),
            dir: None,
        })
        .collect()
}

/// A built-in file by name (for `list = "..."` in built-in rule files).
pub fn file(name: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// Names of the built-in TOML files, for `--rules` replacement.
pub fn names() -> impl Iterator<Item = &'static str> {
    FILES
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| n.ends_with(".toml"))
}

/// The built-in rules, compiled once per process. They are checked by the
/// test suite, so failing to compile them here is a bug, not an input error.
pub fn rule_set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| {
        RuleSet::load_for_run(&sources())
            .unwrap_or_else(|_| panic!("the built-in rules do not compile"))
            .0
    })
}
