//! Mojibake repair undoes exactly the damage of reading UTF-8 as windows-1252,
//! once or twice, and leaves text alone that shows no such damage.

use newsclean::decode::mojibake::repair;
use proptest::prelude::*;

/// Prose pieces in several Latin-script languages, plus typographic punctuation.
const PIECES: &[&str] = &[
    "the ",
    "café ",
    "Zürich ",
    "Grüße ",
    "naïve ",
    "señor ",
    "à ",
    "Ångström ",
    "łódka ",
    "Œuvre ",
    "20 °C ",
    "© 2024 ",
    "“quoted” ",
    "it’s ",
    "— ",
    "… ",
    "€5 ",
    "São ",
    "ÉTÉ ",
    "déjà vu ",
    "straße ",
    "Ελληνικά ",
    "русский ",
    "3½ ",
    ", ",
    ". ",
];

/// What a UTF-8 text looks like after being read as windows-1252.
fn as_windows_1252(text: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode(text.as_bytes())
        .0
        .into_owned()
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..30).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn damage_done_once_is_undone(text in prose()) {
        // Latin-1 letters give the signature that gates repair ("Ã", "Â").
        prop_assume!(text.chars().any(|c| ('\u{a0}'..='\u{ff}').contains(&c)));
        let broken = as_windows_1252(&text);
        let (repaired, edits) = repair(&broken).expect("mojibake found");
        prop_assert_eq!(repaired, text);
        prop_assert!(!edits.is_empty());
    }

    #[test]
    fn damage_done_twice_is_undone(text in prose()) {
        prop_assume!(text.chars().any(|c| ('\u{a0}'..='\u{ff}').contains(&c)));
        let broken = as_windows_1252(&as_windows_1252(&text));
        prop_assert_eq!(repair(&broken).map(|(t, _)| t), Some(text));
    }

    #[test]
    fn correct_text_is_left_alone(text in prose()) {
        prop_assert!(repair(&text).is_none());
    }
}
