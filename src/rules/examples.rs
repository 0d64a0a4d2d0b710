//! Running each rule's examples: every example goes through its own rule alone,
//! then through the output layout, and must give its `output` exactly (up to
//! the final newline, which the layout always adds).

use super::{Example, Rule, RuleSet};
use crate::clean::layout;

/// An example whose rule did not produce the expected output.
#[derive(Debug, Clone)]
pub struct Failure<'r> {
    pub rule: &'r Rule,
    pub example: &'r Example,
    pub expected: String,
    pub actual: String,
}

/// What `rule` alone makes of `input`, laid out as newsclean writes it.
pub fn run_one(rule: &Rule, input: &str) -> String {
    let alone = RuleSet::new(vec![rule.clone()]);
    layout(&alone.apply(input).text)
}

/// Runs every example of every rule; returns the failures.
pub fn check<'r>(rules: &'r [Rule]) -> Vec<Failure<'r>> {
    let mut failures = Vec::new();
    for rule in rules {
        for example in &rule.examples {
            let actual = run_one(rule, &example.input);
            let expected = layout(&example.output);
            if actual != expected {
                failures.push(Failure {
                    rule,
                    example,
                    expected,
                    actual,
                });
            }
        }
    }
    failures
}
