//! The prefilter literals of the built-in patterns, worked out ahead of time.
//!
//! [`required_of`] parses a pattern with Unicode case folding and extracts
//! its literals; for the built-in patterns that was half of a `clean` run's
//! start-up (about 10 ms of CPU at every start, for an answer that only
//! changes when a built-in pattern does). The answers are kept in
//! `builtin-literals.json`, keyed by the pattern as written, and looked up
//! instead. A pattern not in the file (a user's own, or a built-in one
//! edited since) is worked out as before, so a stale file costs time, never
//! a wrong answer; a unit test fails when the file and [`required_of`]
//! disagree on any built-in pattern, and `NEWSCLEAN_BLESS=1` rewrites it.

use super::prefilter::{Required, required_of};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The file's text, embedded in the binary.
const FILE: &str = include_str!("builtin-literals.json");

/// One pattern's answer, as stored: literals as text (a pattern whose
/// literals are not all UTF-8 is not stored).
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Entry {
    pattern: String,
    /// `None`: the pattern requires no literal.
    literals: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    folded: String,
}

impl Entry {
    #[cfg(test)]
    fn of(pattern: &str) -> Option<Entry> {
        let required = required_of(pattern);
        let literals = match &required {
            Some(r) => Some(
                r.literals
                    .iter()
                    .map(|l| String::from_utf8(l.clone()).ok())
                    .collect::<Option<Vec<String>>>()?,
            ),
            None => None,
        };
        Some(Entry {
            pattern: pattern.to_string(),
            literals,
            folded: required
                .map(|r| r.folded.iter().collect())
                .unwrap_or_default(),
        })
    }

    fn required(&self) -> Option<Required> {
        Some(Required {
            literals: self
                .literals
                .as_ref()?
                .iter()
                .map(|l| l.as_bytes().to_vec())
                .collect(),
            folded: self.folded.chars().collect(),
        })
    }
}

static KNOWN: LazyLock<FxHashMap<String, Option<Required>>> = LazyLock::new(|| {
    // A file that does not read only costs the time it was meant to save.
    let entries: Vec<Entry> = serde_json::from_str(FILE).unwrap_or_default();
    entries
        .into_iter()
        .map(|e| {
            let required = e.required();
            (e.pattern, required)
        })
        .collect()
});

/// What [`required_of`] answers for `pattern`, from the file when it is there.
pub(crate) fn required(pattern: &str) -> Option<Required> {
    match KNOWN.get(pattern) {
        Some(known) => known.clone(),
        None => required_of(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin;

    /// The file as it should be: every built-in pattern's answer, in rule order.
    fn fresh() -> String {
        let mut seen = std::collections::HashSet::new();
        let entries: Vec<Entry> = builtin::rule_set()
            .rules()
            .iter()
            .filter_map(|r| r.pattern())
            .filter(|p| seen.insert(p.to_string()))
            .filter_map(Entry::of)
            .collect();
        serde_json::to_string_pretty(&entries).unwrap() + "\n"
    }

    #[test]
    fn the_file_holds_what_the_builtin_patterns_require() {
        let fresh = fresh();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/rules/builtin-literals.json"
        );
        if std::env::var_os("NEWSCLEAN_BLESS").is_some() {
            std::fs::write(path, &fresh).unwrap();
            return;
        }
        assert!(
            FILE == fresh,
            "src/rules/builtin-literals.json is stale: NEWSCLEAN_BLESS=1 cargo test --lib known_literals rewrites it"
        );
        let entries: Vec<Entry> = serde_json::from_str(FILE).unwrap();
        assert!(entries.len() >= 30, "only {} patterns", entries.len());
        for e in &entries {
            assert_eq!(
                required(&e.pattern),
                required_of(&e.pattern),
                "{}",
                e.pattern
            );
        }
    }

    #[test]
    fn a_pattern_not_in_the_file_is_worked_out() {
        let p = r"(?i)\bnot a built-in pattern\b";
        assert!(!KNOWN.contains_key(p));
        assert_eq!(required(p), required_of(p));
        assert!(required(p).is_some());
    }
}
