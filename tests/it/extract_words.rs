//! The picture-credit labels extraction drops a paragraph by
//! (`[labels] credit` in `rules/extract/words.toml`) against the rule that
//! drops a caption ending with such a credit (`page.caption` in
//! `rules/boilerplate.toml`): the rule must know every label, but for the
//! few it has never matched (teaching it those would change its output; each
//! is listed here, and the test fails when the rule learns one).

use newsclean::rules::{RuleSet, builtin};

/// Labels the `page.caption` rule does not know (yet).
const NOT_IN_RULE: &[&str] = &["titelbild", "beitragsbild", "credits", "fot"];

#[test]
fn the_caption_rule_knows_the_credit_labels_of_extraction() {
    let words: toml::Table =
        toml::from_str(include_str!("../../rules/extract/words.toml")).unwrap();
    let labels = words["labels"]["credit"].as_array().unwrap();
    assert!(labels.len() > 10);
    let (rules, _) = RuleSet::load(&builtin::sources()).unwrap();
    for label in labels {
        let label = label.as_str().unwrap();
        let text = format!("The harbour at dawn. {label}: Jane Doe\n\nBody of the article.\n");
        let applied = rules.apply(&text);
        let dropped = applied.edits.iter().any(|e| &*e.rule == "page.caption");
        let expected = !NOT_IN_RULE.contains(&label);
        assert_eq!(dropped, expected, "{label}: {:?}", applied.text);
    }
}
