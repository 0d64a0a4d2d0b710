//! Checks that look past a single key: literals that word boundaries make
//! unmatchable, rules that an earlier rule leaves nothing to do, and examples
//! that their own rule does not produce. They run as the last step of
//! compiling, so `newsclean clean` refuses exactly what `rules check` rejects.

use super::diag::{Diagnostic, Severity};
use super::examples::Alone;
use super::parse::RuleSource;
use super::{Rule, RuleSet};
use std::collections::BTreeSet;
use std::sync::Arc;

/// What is wrong with a `find` literal, if anything.
pub struct Problem {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

/// Literal replacements see one line at a time, and a match counts only when
/// the characters on either side of it are not word characters (letters,
/// digits, `_`). A line break in `find` therefore never matches; a space at
/// either end only matches where a second non-word character stands beyond it
/// ("the " matches in "the , x", never in "the cat").
pub fn unmatchable_literal(find: &str) -> Option<Problem> {
    if find.contains(['\n', '\r']) {
        return Some(Problem {
            severity: Severity::Error,
            code: "unmatchable",
            message: "`find` contains a line break, but rules see one line at a time".into(),
            help: "split it into one rule per line, or use a line rule".into(),
        });
    }
    let end = if find.starts_with(char::is_whitespace) {
        "starts"
    } else if find.ends_with(char::is_whitespace) {
        "ends"
    } else {
        return None;
    };
    Some(Problem {
        severity: Severity::Warning,
        code: "word-boundary",
        message: format!(
            "`find` {end} with a space, so it can only match next to a second non-word character"
        ),
        help: format!(
            "matches need a non-word character on each side already; write `{}`",
            find.trim()
        ),
    })
}

/// Finds the rules that never get to act, and the examples their rule fails.
///
/// A line rule R is **unreachable** when an earlier line rule E that removes
/// the lines it matches (`truncate`, `drop_line`, `capture` without
/// `keep_line`) takes every line R would act on, because either
/// - E has the same pattern as R and a `within` window covering R's, or
/// - R acts on some of its own examples, and in every one of them, run through
///   all line rules in order, an earlier rule drops R's line or truncates the
///   document above it.
pub fn lint(rules: &[Rule], sources: &[RuleSource]) -> Vec<Diagnostic> {
    let text_of = |rule: &Rule| {
        sources
            .iter()
            .find(|s| s.name == rule.file)
            .map_or("", |s| s.text.as_str())
    };
    let at = |rule: &Rule, severity, code, span, message: String| {
        Diagnostic::at(severity, code, &rule.file, text_of(rule), span, message)
    };
    let mut out = Vec::new();
    let line_rules: Vec<Rule> = rules.iter().filter(|r| r.is_line_rule()).cloned().collect();
    let together = RuleSet::new(line_rules.clone());
    for (i, rule) in rules.iter().enumerate() {
        let alone = Alone::new(rule);
        let mut acted = 0;
        let mut reached = false;
        let mut takers = BTreeSet::new();
        for example in &rule.examples {
            let outcome = alone.run(&example.input);
            let expected = alone.expected(&example.output);
            if outcome.text != expected {
                let d = at(
                    rule,
                    Severity::Error,
                    "example-fails",
                    example.span.clone(),
                    format!("rule `{}` does not produce this example's output", rule.id),
                );
                out.push(d.with_help(format!(
                    "expected {:?}, got {:?}; `newsclean rules test` shows the diff",
                    expected, outcome.text
                )));
            }
            if rule.removes_line() && !outcome.edits.is_empty() {
                acted += 1;
                let full = together.apply(&example.input);
                reached |= full.edits.iter().any(|e| e.rule == rule.id);
                for mine in &outcome.edits {
                    takers.extend(
                        full.edits
                            .iter()
                            .filter(|e| e.span.contains(&mine.span.start))
                            .map(|e| e.rule.clone()),
                    );
                }
            }
        }
        let shadow = rule
            .is_line_rule()
            .then(|| shadowed_by(rule, &rules[..i]))
            .flatten();
        let finding = match (shadow, acted > 0 && !reached) {
            (Some(e), _) => Some((
                format!(
                    "rule `{}` can never match: `{}` has the same pattern and runs first",
                    rule.id, e.id
                ),
                format!(
                    "`{}` ({}:{}) takes every line this rule matches",
                    e.id, e.file, e.line
                ),
            )),
            (None, true) => Some((
                format!(
                    "rule `{}` acts on none of its examples once earlier rules have run",
                    rule.id
                ),
                format!(
                    "in each of its {acted} example(s) that it changes, {} removes the line first",
                    names(&takers)
                ),
            )),
            (None, false) => None,
        };
        if let Some((message, help)) = finding {
            let d = at(
                rule,
                Severity::Warning,
                "unreachable",
                rule.span.clone(),
                message,
            );
            out.push(d.with_help(help));
        }
    }
    out
}

/// An earlier rule that removes every line `rule` could match: same pattern,
/// and a window at least as wide.
fn shadowed_by<'r>(rule: &Rule, earlier: &'r [Rule]) -> Option<&'r Rule> {
    let pattern = rule.line_pattern()?;
    earlier.iter().find(|e| {
        e.removes_line() && e.line_pattern() == Some(pattern) && e.within.covers(&rule.within)
    })
}

fn names(ids: &BTreeSet<Arc<str>>) -> String {
    if ids.is_empty() {
        return "an earlier rule".into();
    }
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_with_line_breaks_never_match() {
        let p = unmatchable_literal("two\nlines").unwrap();
        assert_eq!((p.severity, p.code), (Severity::Error, "unmatchable"));
    }

    #[test]
    fn literals_padded_with_spaces_are_flagged() {
        let p = unmatchable_literal("the ").unwrap();
        assert_eq!((p.severity, p.code), (Severity::Warning, "word-boundary"));
        assert!(p.help.contains("`the`"), "{}", p.help);
        assert!(unmatchable_literal(" once morest").is_some());
    }

    #[test]
    fn ordinary_literals_pass() {
        assert!(unmatchable_literal("once morest").is_none());
        assert!(unmatchable_literal("--").is_none());
        assert!(unmatchable_literal("(sic)").is_none());
    }
}
