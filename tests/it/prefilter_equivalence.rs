//! The rule engine's prefilter (required literals in one automaton) must never
//! change what the rules do: on generated multilingual text with curly quotes,
//! dashes and the letters whose case folds leave ASCII (ſ, the Kelvin sign),
//! every rule set gives the same text, edits and captures as the plain engine
//! that tries every regex on every line.

use newsclean::rules::{RuleSet, RuleSource, builtin};
use proptest::prelude::*;
use std::sync::OnceLock;

/// Rules of the kind users write: Unicode `\b`, `(?i)`, Unicode classes,
/// alternations, a replacement that creates a match for a later one.
const USER_RULES: &str = r#"
[[rule]]
id = "u.cafe"
kind = "drop_line"
description = "a word with an accent, case-insensitive"
pattern = '(?i)\bcafé\b'

[[rule]]
id = "u.strasse"
kind = "capture"
field = "street"
description = "a long s and a Kelvin sign fold to s and k"
pattern = '(?i)^(?:strasse|kelvin) (?P<value>\d+)'

[[rule]]
id = "u.end"
kind = "truncate"
within = "tail:3"
description = "an end marker near the tail"
pattern = '(?i)\bend of (?:story|report)\b'

[[rule]]
id = "u.over"
kind = "regex_replace"
description = "a capitalised word before über"
pattern = '\b\p{Lu}\w+ (?:über|uber)\b'
with = "[$0]"

[[rule]]
id = "u.dash"
kind = "regex_replace"
description = "spaced dashes"
pattern = '\s+[—–]\s+'
with = " - "

[[rule]]
id = "u.hyphen"
kind = "regex_replace"
description = "only matches once u.dash has run"
pattern = '(\w) - (\w)'
with = "$1 – $2"

[[rule]]
id = "u.digits"
kind = "drop_line"
description = "no literal at all"
pattern = '^\d+\W*$'

[[rule]]
id = "u.apostrophe"
kind = "regex_replace"
description = "a curly apostrophe"
pattern = "(?i)\\b(\\w+)’S\\b"
with = "$1's"
"#;

/// Example inputs of every built-in rule, cut into lines: text the rules act on.
fn example_lines() -> &'static Vec<String> {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        let mut lines: Vec<String> = builtin::rule_set()
            .rules()
            .iter()
            .flat_map(|r| r.examples.iter())
            .flat_map(|e| e.input.lines().map(str::to_string).collect::<Vec<_>>())
            .filter(|l| !l.trim().is_empty())
            .collect();
        lines.sort();
        lines.dedup();
        lines
    })
}

const FRAGMENTS: &[&str] = &[
    "the",
    "café",
    "Café",
    "CAFÉ",
    "cafe",
    "über",
    "Über",
    "uber",
    "Strasse",
    "ſtraſſe",
    "STRASSE",
    "kelvin",
    "\u{212A}elvin",
    "end of story",
    "End Of Report",
    "’s",
    "’S",
    "‘",
    "“",
    "”",
    "—",
    "–",
    " - ",
    "-",
    "naïve",
    "Zürich",
    "日本語",
    "señor",
    "ß",
    "Ärger",
    "Advertisement",
    "Foto: dpa",
    "© Getty Images",
    "#tag",
    "1706000000",
    "Share this:",
    "Mehr zum Thema",
    "Quelle: dpa",
    "Leave a Reply",
    "once morest",
    "the the",
    "x",
    "42",
    " ",
    " ",
    " ",
    ".",
    ",",
];

/// One generated line: an example line, maybe mutated, or fragments.
fn line() -> impl Strategy<Value = String> {
    let n = example_lines().len();
    prop_oneof![
        (0..n, 0..6usize, 0..FRAGMENTS.len()).prop_map(|(i, how, f)| {
            let l = &example_lines()[i];
            match how {
                0 => l.to_uppercase(),
                1 => l.replace('s', "ſ").replace('k', "\u{212A}"),
                2 => format!("{} {l}", FRAGMENTS[f]),
                3 => format!("{l}{}", FRAGMENTS[f]),
                4 => l.replace(' ', "’"),
                _ => l.clone(),
            }
        }),
        proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..12)
            .prop_map(|parts| parts.concat()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof![4 => line(), 1 => Just(String::new())], 0..30)
        .prop_map(|lines| lines.join("\n"))
}

fn user_set() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut sources = builtin::sources();
        sources.push(RuleSource {
            name: "user.toml".into(),
            text: USER_RULES.into(),
            dir: Some(".".into()),
        });
        let (set, _) = RuleSet::load(&sources).unwrap_or_else(|d| panic!("{d:?}"));
        set
    })
}

fn same_as_plain(set: &RuleSet, plain: &RuleSet, text: &str) -> Result<(), TestCaseError> {
    let fast = set.apply(text);
    let slow = plain.apply(text);
    prop_assert_eq!(&fast.text, &slow.text);
    prop_assert_eq!(&fast.edits, &slow.edits);
    prop_assert_eq!(&fast.captures, &slow.captures);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn builtin_rules_act_as_without_the_prefilter(text in document()) {
        static PLAIN: OnceLock<RuleSet> = OnceLock::new();
        let set = builtin::rule_set();
        same_as_plain(set, PLAIN.get_or_init(|| set.without_prefilter()), &text)?;
    }

    #[test]
    fn user_rules_act_as_without_the_prefilter(text in document()) {
        static PLAIN: OnceLock<RuleSet> = OnceLock::new();
        let set = user_set();
        same_as_plain(set, PLAIN.get_or_init(|| set.without_prefilter()), &text)?;
    }
}

/// The generated text does reach the rules: each user rule acts somewhere.
#[test]
fn the_generated_text_exercises_the_user_rules() {
    let text = "Café au lait\nstraſſe 12\nThe Haus über alles\nA — B\nIt’S\n42.\nEnd of story\n";
    let applied = user_set().apply(text);
    for id in [
        "u.cafe",
        "u.strasse",
        "u.over",
        "u.dash",
        "u.hyphen",
        "u.digits",
        "u.end",
        "u.apostrophe",
    ] {
        assert!(
            applied.edits.iter().any(|e| &*e.rule == id),
            "{id}: {:?}",
            applied.edits
        );
    }
}
