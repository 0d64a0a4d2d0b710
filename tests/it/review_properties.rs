//! Invariants of the review views, checked on generated documents made of
//! prose and the debris the built-in rules remove.

use newsclean::review::{Reviewed, diff};
use newsclean::rules::{RuleSet, builtin};
use newsclean::source::Doc;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn defaults() -> &'static RuleSet {
    builtin::rule_set()
}

/// Lines a scraped page is made of: prose, and lines some rule removes or rewrites.
const LINES: &[&str] = &[
    "The council met on Monday.",
    "She had had enough of the the delays.",
    "They fought once morest the odds in the followingnoon.",
    "2024-01-18 05:38:00",
    "1705568933",
    "#Pakistan #Iran #border",
    "Advertisement",
    "Tags: Economy, Rates",
    "Leave a Reply",
    "Share this:",
    "Twitter",
    "Related Posts",
    "Your email address will not be published.",
    "",
    "   ",
    "Trailing spaces   ",
];

fn doc(text: &str) -> Doc {
    Doc {
        id: "page.txt".into(),
        origin: "page.txt".into(),
        bytes: text.as_bytes().to_vec(),
        ..Doc::default()
    }
}

proptest! {
    /// Every rule that made an edit is named on some hunk, and every hunk
    /// names something: no change goes unexplained, none is misattributed
    /// to a rule that did nothing.
    #[test]
    fn every_edit_is_named_on_a_hunk(lines in prop::collection::vec(prop::sample::select(LINES), 1..30)) {
        let text = lines.join("\n");
        let reviewed = Reviewed::new(&doc(&text), defaults());
        let hunks = diff::raw_vs_clean(&reviewed, 0);
        let labels: BTreeSet<&str> = hunks.iter().flat_map(|h| &h.labels).map(String::as_str).collect();
        let edited: BTreeSet<&str> = reviewed.edits().iter().map(|e| &*e.rule).collect();
        for rule in &edited {
            prop_assert!(labels.contains(rule), "{rule} made an edit but labels no hunk: {labels:?}");
        }
        for label in &labels {
            prop_assert!(*label == diff::LAYOUT || edited.contains(label), "{label} labels a hunk but made no edit");
        }
        prop_assert!(hunks.iter().all(|h| !h.labels.is_empty()));
        prop_assert_eq!(reviewed.changed(), !edited.is_empty());
    }

    /// The hunks of raw against clean hold exactly the lines that differ: the
    /// deleted lines come from the raw text and the inserted from the clean.
    #[test]
    fn hunks_hold_lines_of_each_side(lines in prop::collection::vec(prop::sample::select(LINES), 1..30)) {
        let text = lines.join("\n");
        let reviewed = Reviewed::new(&doc(&text), defaults());
        let raw: BTreeSet<&str> = reviewed.body.lines().collect();
        let clean: BTreeSet<&str> = reviewed.cleaned.text.lines().collect();
        for hunk in diff::raw_vs_clean(&reviewed, 1) {
            for line in &hunk.lines {
                let side = match line.tag {
                    similar::ChangeTag::Delete => &raw,
                    _ => &clean,
                };
                prop_assert!(side.contains(line.text.as_str()), "{:?} not on its side", line.text);
            }
        }
    }
}
