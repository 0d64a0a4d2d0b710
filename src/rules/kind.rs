//! The rule kinds, one row each: the name a rule file gives, the keys the
//! kind uses besides those every rule has, which of them it needs, and
//! whether it decides about whole lines. Parsing, checking (`unused-key`,
//! `missing-key`, `unknown-kind` with its hint), `rules list` and the
//! README's key table all read this table; `compile::build_matcher` turns a
//! row's keys into the kind's matcher.

use crate::edit::Kind;

/// One kind's row of the table.
#[derive(Debug)]
pub struct KindRow {
    pub kind: Kind,
    /// The `kind = "..."` of a rule file.
    pub name: &'static str,
    /// The keys this kind uses besides [`COMMON_KEYS`]; any other is an
    /// `unused-key` warning.
    pub keys: &'static [&'static str],
    /// Whether a match decides about the whole line (drop, truncate,
    /// capture) rather than rewriting inside it.
    pub line_rule: bool,
}

/// Keys every rule may have, whatever its kind.
pub const COMMON_KEYS: &[&str] = &[
    "id",
    "kind",
    "description",
    "within",
    "languages",
    "page_types",
    "modes",
    "examples",
    "fixtures",
];

/// Every kind, in the order of `Kind`'s variants.
pub const KINDS: &[KindRow] = &[
    KindRow {
        kind: Kind::DropLine,
        name: "drop_line",
        keys: &["pattern", "max_words", "max_matches"],
        line_rule: true,
    },
    KindRow {
        kind: Kind::Truncate,
        name: "truncate",
        keys: &["pattern", "max_words", "max_matches"],
        line_rule: true,
    },
    KindRow {
        kind: Kind::Capture,
        name: "capture",
        keys: &[
            "pattern",
            "field",
            "each",
            "keep_line",
            "max_words",
            "max_matches",
        ],
        line_rule: true,
    },
    KindRow {
        kind: Kind::Replace,
        name: "replace",
        keys: &["find", "with", "list"],
        line_rule: false,
    },
    KindRow {
        kind: Kind::RegexReplace,
        name: "regex_replace",
        keys: &["pattern", "with"],
        line_rule: false,
    },
    KindRow {
        kind: Kind::DoubledWord,
        name: "doubled_word",
        keys: &["except", "list"],
        line_rule: false,
    },
];

impl Kind {
    /// This kind's row of [`KINDS`].
    pub fn row(self) -> &'static KindRow {
        &KINDS[self as usize]
    }

    /// The name a rule file gives this kind.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    /// The kind a rule file names, if any.
    pub fn named(name: &str) -> Option<Kind> {
        KINDS.iter().find(|r| r.name == name).map(|r| r.kind)
    }

    /// Every kind's name, in table order.
    pub fn names() -> Vec<&'static str> {
        KINDS.iter().map(|r| r.name).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse::RULE_KEYS;
    use std::collections::BTreeSet;

    #[test]
    fn rows_are_in_variant_order() {
        for (i, row) in KINDS.iter().enumerate() {
            assert_eq!(row.kind as usize, i, "{}", row.name);
        }
    }

    #[test]
    fn the_keys_a_rule_accepts_are_the_common_keys_and_the_kinds_keys() {
        let from_table: BTreeSet<&str> = COMMON_KEYS
            .iter()
            .chain(KINDS.iter().flat_map(|r| r.keys))
            .copied()
            .collect();
        let accepted: BTreeSet<&str> = RULE_KEYS.iter().copied().collect();
        assert_eq!(from_table, accepted);
    }

    /// The README's key table says which kinds use each key (a key may
    /// have several rows): it must say what the table does.
    #[test]
    fn the_readme_key_table_matches_the_kind_table() {
        let readme = include_str!("../../rules/README.md");
        let mut said: std::collections::BTreeMap<&str, BTreeSet<&str>> = Default::default();
        for line in readme.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split(" | ").collect();
            let kinds: BTreeSet<&str> = cells[1].split(", ").map(str::trim).collect();
            if !kinds
                .iter()
                .all(|k| *k == "all" || Kind::named(k).is_some())
            {
                continue; // not a row of the key table
            }
            for key in cells[0].split('`').skip(1).step_by(2) {
                said.entry(key).or_default().extend(kinds.iter().copied());
            }
        }
        for key in RULE_KEYS {
            let want: BTreeSet<&str> = if COMMON_KEYS.contains(key) {
                BTreeSet::from(["all"])
            } else {
                KINDS
                    .iter()
                    .filter(|r| r.keys.contains(key))
                    .map(|r| r.name)
                    .collect()
            };
            assert_eq!(
                said.get(key),
                Some(&want),
                "rules/README.md rows of `{key}`"
            );
        }
    }
}
