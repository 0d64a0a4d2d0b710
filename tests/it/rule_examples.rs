//! Every example of every built-in rule runs here: a rule file's examples are
//! its tests.

use newsclean::rules::{RuleSet, builtin, examples};

#[test]
fn builtin_rules_compile_without_findings() {
    let (set, warnings) = RuleSet::load(&builtin::sources()).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n\n")
        )
    });
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(set.rules().len() >= 10);
    for rule in set.rules() {
        assert!(
            !rule.description.is_empty(),
            "{} has no description",
            rule.id
        );
        assert!(!rule.examples.is_empty(), "{} has no examples", rule.id);
    }
}

#[test]
fn builtin_rule_examples_pass() {
    let (set, _) = RuleSet::load(&builtin::sources()).expect("built-in rules compile");
    let failures = examples::check(set.rules());
    let report: Vec<String> = failures
        .iter()
        .map(|f| {
            format!(
                "{} ({}:{}): input {:?}\n  expected {:?}\n  actual   {:?}",
                f.rule.id, f.rule.file, f.example.line, f.example.input, f.expected, f.actual
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", report.join("\n"));
}
