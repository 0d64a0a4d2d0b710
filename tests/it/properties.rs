//! Invariants of the rule engine, checked on generated text.

use newsclean::layout::layout;
use newsclean::rules::{Kind, RuleSet, builtin};
use proptest::prelude::*;

fn defaults() -> &'static RuleSet {
    builtin::rule_set()
}

/// Words of ordinary prose, including the traps the rules must leave alone.
const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "on",
    "Monday",
    "that",
    "had",
    "had had",
    "that that",
    "Bora Bora",
    "Walla Walla",
    "#MeToo",
    "2024",
    "1,705,568",
    "\"quoted\"",
    "once more",
    "following",
    "after",
    "against",
    "reply",
    "share",
    "related",
    "comments",
    "advertisement",
    "Middle East",
    "5.25%",
];

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 3..14).prop_map(|mut w| {
        // A doubled word is exactly what the doubled-word rule fixes: avoid making one.
        let last = |s: &str| s.rsplit(' ').next().unwrap_or("").to_lowercase();
        let first = |s: &str| s.split(' ').next().unwrap_or("").to_lowercase();
        w.dedup_by(|b, a| last(a) == first(b));
        let mut s = w.join(" ");
        s.push('.');
        s
    })
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(sentence(), 1..4), 1..8).prop_map(|paras| {
        paras
            .iter()
            .map(|p| p.join(" "))
            .collect::<Vec<_>>()
            .join("\n\n")
    })
}

proptest! {
    /// Clean prose passes through the default rules untouched (up to layout).
    #[test]
    fn clean_prose_is_left_alone(text in article()) {
        let applied = defaults().apply(&text);
        prop_assert!(applied.edits.is_empty(), "{:?}", applied.edits);
        prop_assert_eq!(layout(&applied.text), layout(&text));
    }

    /// Every literal replacement says exactly what it replaced, where.
    #[test]
    fn replace_edits_point_at_what_they_replaced(text in article(), at in 0usize..1000) {
        let words: Vec<&str> = text.split(' ').collect();
        let i = at % words.len();
        let spun = [&words[..i], &["once morest"], &words[i..]].concat().join(" ");
        let applied = defaults().apply(&spun);
        let replaced: Vec<_> = applied.edits.iter().filter(|e| e.kind == Kind::Replace).collect();
        prop_assert!(!replaced.is_empty());
        for e in replaced {
            prop_assert_eq!(&spun[e.span.clone()], e.before.as_str());
        }
        prop_assert!(!applied.text.contains("once morest"));
    }

    /// The rules never panic, whatever the input, and the output is a layout fixpoint.
    #[test]
    fn any_text_is_handled(text in "(?s).{0,400}") {
        let out = layout(&defaults().apply(&text).text);
        prop_assert_eq!(layout(&out), out);
    }

    /// Rules only remove or rewrite: a line in the output that no inline rule
    /// touched is a line of the input.
    #[test]
    fn untouched_lines_come_from_the_input(text in article()) {
        let doc = format!("Title\n\n2024-01-18 05:38:00\n\n{text}\n\n#tag #line\n\nLeave a Replay\n");
        let applied = defaults().apply(&doc);
        for line in applied.text.lines() {
            prop_assert!(doc.lines().any(|l| l == line), "{:?} is not an input line", line);
        }
        prop_assert!(!applied.text.contains("Leave a Replay"));
        prop_assert!(!applied.text.contains("2024-01-18 05:38:00"));
    }
}
