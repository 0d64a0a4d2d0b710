//! Checks that look past a single key: literals that word boundaries make
//! unmatchable, rules that an earlier rule leaves nothing to do, and examples
//! that their own rule does not produce. They run as the last step of
//! compiling, so `newsclean clean` refuses exactly what `rules check` rejects.

use super::diag::{Code, Diagnostic, Severity};
use super::examples::Alone;
use super::parse::RuleSource;
use super::prefilter;
use super::{Rule, RuleSet};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// What is wrong with a `find` literal, if anything.
pub struct Problem {
    pub severity: Severity,
    pub code: Code,
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
            code: Code::Unmatchable,
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
        code: Code::WordBoundary,
        message: format!(
            "`find` {end} with a space, so it can only match next to a second non-word character"
        ),
        help: format!(
            "matches need a non-word character on each side already; write `{}`",
            find.trim()
        ),
    })
}

/// Whose examples [`lint`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Examples {
    /// Every rule's: `rules check`, `rules test`, the test suite.
    All,
    /// Only those of rules from files on disk. The built-in files are embedded
    /// in the binary and their examples pass (`make test` runs them), and a
    /// built-in rule only ever follows other built-in rules, so running them
    /// again at every `clean` start would find nothing (and cost most of it).
    UserFiles,
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
pub fn lint(rules: &[Rule], sources: &[RuleSource], which: Examples) -> Vec<Diagnostic> {
    let source_of = |rule: &Rule| sources.iter().find(|s| s.name == rule.file);
    let text_of = |rule: &Rule| source_of(rule).map_or("", |s| s.text.as_str());
    let trusted = |rule: &Rule| {
        which == Examples::UserFiles && source_of(rule).is_some_and(|s| s.dir.is_none())
    };
    let at = |rule: &Rule, severity, code, span, message: String| {
        Diagnostic::at(severity, code, &rule.file, text_of(rule), span, message)
    };
    let mut out = Vec::new();
    // All line rules together, built only when an example needs it.
    let mut together: Option<RuleSet> = None;
    // Earlier line rules by pattern, for the same-pattern case.
    let mut earlier_by_pattern: HashMap<&str, Vec<&Rule>> = HashMap::new();
    for rule in rules {
        let witnessed = if rule.examples.is_empty() || trusted(rule) {
            // Most rules of a large generated file: nothing to run.
            Witnessed::default()
        } else {
            let together = together.get_or_insert_with(|| {
                RuleSet::new(rules.iter().filter(|r| r.is_line_rule()).cloned().collect())
            });
            run_examples(rule, text_of(rule), together, &mut out)
        };
        let shadow = rule.line_pattern().and_then(|pattern| {
            let earlier = earlier_by_pattern.entry(pattern).or_default();
            let found = earlier
                .iter()
                .find(|e| {
                    e.removes_line()
                        && e.within.covers(&rule.within)
                        && e.max_words
                            .is_none_or(|m| rule.max_words.is_some_and(|r| r <= m))
                        && e.languages.as_ref().is_none_or(|l| {
                            rule.languages
                                .as_ref()
                                .is_some_and(|r| r.iter().all(|x| l.contains(x)))
                        })
                })
                .copied();
            earlier.push(rule);
            found
        });
        let finding = match (shadow, witnessed.acted > 0 && !witnessed.reached) {
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
                    "in each of its {} example(s) that it changes, {} removes the line first",
                    witnessed.acted,
                    names(&witnessed.takers)
                ),
            )),
            (None, false) => None,
        };
        if !trusted(rule) {
            out.extend(slow_pattern(rule, text_of(rule)));
        }
        if let Some((message, help)) = finding {
            let d = at(
                rule,
                Severity::Warning,
                Code::Unreachable,
                rule.span.clone(),
                message,
            );
            out.push(d.with_help(help));
        }
    }
    out
}

/// A warning for a pattern that every line meets in full: no literal that
/// each match must contain (for the prefilter to look for) and neither a `^`
/// anchor nor a `within` limit to cut the search short.
fn slow_pattern(rule: &Rule, source: &str) -> Option<Diagnostic> {
    if !rule.within.anywhere() {
        return None;
    }
    let pattern = rule.pattern()?;
    let slow = prefilter::slowness(pattern)?;
    let mut message = format!(
        "rule `{}` will be slow: its pattern has no literal that every match contains, \
         and no position limit, so it is searched on every line",
        rule.id
    );
    if slow.unicode_word_boundary {
        message.push_str(
            ", and its Unicode `\\b` leaves the fast engines on every line with a non-ASCII character",
        );
    }
    let d = Diagnostic::at(
        Severity::Warning,
        Code::SlowPattern,
        &rule.file,
        source,
        rule.span.clone(),
        message,
    );
    Some(d.with_help(
        "require a word (`(?i)\\bsubscribe\\b`), anchor it with `^`, or add a `within` limit",
    ))
}

/// What a rule's examples showed about it among all line rules.
#[derive(Default)]
struct Witnessed {
    /// Examples the rule acts on when it runs alone.
    acted: usize,
    /// Whether it acts on any of them among all line rules.
    reached: bool,
    /// The rules that took its lines where it did not.
    takers: BTreeSet<Arc<str>>,
}

/// Runs `rule`'s examples alone, reporting those it fails, and, for a rule
/// that removes lines, through all line rules together.
fn run_examples(
    rule: &Rule,
    source: &str,
    together: &RuleSet,
    out: &mut Vec<Diagnostic>,
) -> Witnessed {
    let alone = Alone::new(rule);
    let mut seen = Witnessed::default();
    for example in &rule.examples {
        let outcome = alone.run(&example.input);
        let expected = alone.expected(&example.output);
        if outcome.text != expected {
            let d = Diagnostic::error(
                Code::ExampleFails,
                &rule.file,
                source,
                example.span.clone(),
                format!("rule `{}` does not produce this example's output", rule.id),
            );
            out.push(d.with_help(format!(
                "expected {:?}, got {:?}; `newsclean rules test` shows the diff",
                expected, outcome.text
            )));
        }
        if rule.removes_line() && !outcome.edits.is_empty() {
            seen.acted += 1;
            let full = together.apply(&example.input);
            seen.reached |= full.edits.iter().any(|e| e.rule == rule.id);
            for mine in &outcome.edits {
                seen.takers.extend(
                    full.edits
                        .iter()
                        .filter(|e| e.span.contains(&mine.span.start))
                        .map(|e| e.rule.clone()),
                );
            }
        }
    }
    seen
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
        assert_eq!((p.severity, p.code), (Severity::Error, Code::Unmatchable));
    }

    #[test]
    fn literals_padded_with_spaces_are_flagged() {
        let p = unmatchable_literal("the ").unwrap();
        assert_eq!(
            (p.severity, p.code),
            (Severity::Warning, Code::WordBoundary)
        );
        assert!(p.help.contains("`the`"), "{}", p.help);
        assert!(unmatchable_literal(" once morest").is_some());
    }

    #[test]
    fn windows_cover_narrower_windows_on_the_same_sides() {
        use crate::rules::compile::parse_within;
        let w = |s: &str| parse_within(s).unwrap();
        let anywhere = crate::rules::Within::default();
        assert!(anywhere.covers(&w("tail:5")));
        assert!(w("tail:10").covers(&w("tail:5")));
        assert!(!w("tail:5").covers(&w("tail:10")));
        assert!(!w("tail:10").covers(&w("head:2")));
        assert!(w("head:3, tail:10").covers(&w("head:2, tail:4")));
        assert!(!w("tail:10").covers(&anywhere));
    }

    #[test]
    fn ordinary_literals_pass() {
        assert!(unmatchable_literal("once morest").is_none());
        assert!(unmatchable_literal("--").is_none());
        assert!(unmatchable_literal("(sic)").is_none());
    }
}
