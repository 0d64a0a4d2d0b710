//! Rule files: the data that says what boilerplate to drop and which typos to fix.
//!
//! [`parse`] reads TOML with spans, [`compile`] checks it and builds one
//! [`RuleSet`], [`apply`] runs a rule set over a document and returns the clean
//! text together with the list of [`Edit`]s that produced it. That list is the
//! one source of truth for explanations, diffs and per-rule statistics.
//! The default rule files are embedded in the binary ([`builtin`]).

pub mod apply;
mod automaton;
pub mod builtin;
pub mod compile;
mod context;
pub mod diag;
mod doubled;
pub mod examples;
mod footer;
mod here;
mod keys;
mod kind;
mod known_literals;
pub mod lint;
mod literals;
pub mod parse;
mod pattern;
pub(crate) mod prefilter;
mod relaxed;
mod replacement;
mod ruleset;

pub use crate::edit::{Edit, Kind};
pub use apply::Applied;
pub use diag::{Code, Diagnostic, Severity};
pub use kind::{COMMON_KEYS, KINDS, KindRow};
pub use parse::RuleSource;
pub use ruleset::RuleSet;

use std::sync::Arc;

/// Which lines a rule may touch, counted in non-blank lines from either end.
/// No limit on either side means anywhere.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Within {
    pub head: Option<usize>,
    pub tail: Option<usize>,
}

impl Within {
    pub fn anywhere(&self) -> bool {
        self.head.is_none() && self.tail.is_none()
    }

    /// `k` is the line's index among the `n` non-blank lines of the document.
    pub fn contains(&self, k: usize, n: usize) -> bool {
        if self.anywhere() {
            return true;
        }
        self.head.is_some_and(|h| k < h) || self.tail.is_some_and(|t| n - 1 - k < t)
    }

    /// Whether every line `other` allows, in any document, is allowed by `self` too.
    pub fn covers(&self, other: &Within) -> bool {
        let side = |mine: Option<usize>, theirs: Option<usize>| {
            theirs.is_none_or(|t| mine.is_some_and(|m| m >= t))
        };
        self.anywhere()
            || (!other.anywhere() && side(self.head, other.head) && side(self.tail, other.tail))
    }
}

/// One input/output pair that documents a rule and runs as a test.
#[derive(Debug, Clone)]
pub struct Example {
    pub input: String,
    pub output: String,
    pub line: usize,
    /// Byte span of the example in its rule file, for diagnostics.
    pub span: std::ops::Range<usize>,
}

/// A compiled rule, with where it was written.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Arc<str>,
    pub kind: Kind,
    pub description: String,
    pub file: String,
    pub line: usize,
    /// Byte span of the rule's `id` value in its file, for diagnostics.
    pub span: std::ops::Range<usize>,
    pub within: Within,
    /// The languages the rule applies to (`languages = ["en"]`); `None` for all.
    pub languages: Option<Vec<String>>,
    /// Languages the rule is turned off for by a configuration file
    /// (`[languages.de] skip = [...]` in `newsclean.toml`).
    pub skip_languages: Vec<String>,
    /// The kinds of page the rule applies to (`page_types = ["article"]`);
    /// `None` for all. Text that is not an HTML page has no type and gets it.
    pub page_types: Option<Vec<String>>,
    /// The `--favor` modes the rule runs in (`modes = ["precision",
    /// "balanced"]`); `None` for all.
    pub modes: Option<Vec<crate::extract::Favor>>,
    /// Whether the run's `--favor` mode is not one of `modes`
    /// ([`RuleSet::set_favor`]).
    pub off_in_mode: bool,
    /// A line rule leaves alone a line of more words than this (`max_words`):
    /// a call or a label stands short, a paragraph that mentions one is article.
    pub max_words: Option<usize>,
    /// A line rule stands down in a document where more lines than this match
    /// it in its head or tail window (`max_matches`): many matching lines are
    /// what the page is made of (the dates of a list of posts), not debris.
    pub max_matches: Option<usize>,
    pub examples: Vec<Example>,
    /// A folder of fixture pairs (`fixtures = "dir"`), run by `rules test`.
    pub fixtures: Option<std::path::PathBuf>,
    pub(crate) matcher: compile::Matcher,
}

impl Rule {
    /// Whether a match of this rule takes the whole line away (so that no later
    /// line rule sees it): `truncate`, `drop_line`, `capture` without `keep_line`.
    pub fn removes_line(&self) -> bool {
        match &self.matcher {
            compile::Matcher::Line(_) => true,
            compile::Matcher::Capture { keep_line, .. } => !keep_line,
            _ => false,
        }
    }

    /// Whether the rule applies to some languages only (`languages`, or a
    /// `[languages.xx] skip` of `newsclean.toml`).
    pub fn depends_on_language(&self) -> bool {
        self.languages.is_some() || !self.skip_languages.is_empty()
    }

    /// Whether the rule applies to a document in language `lang`. A document
    /// whose language is not known is given every rule.
    pub fn applies_to(&self, lang: Option<&str>) -> bool {
        if lang.is_some_and(|l| self.skip_languages.iter().any(|s| s == l)) {
            return false;
        }
        match (&self.languages, lang) {
            (Some(list), Some(lang)) => list.iter().any(|l| l == lang),
            _ => true,
        }
    }

    /// Whether the rule applies to a page of this type (every rule does when
    /// the type is not known).
    pub fn applies_to_page(&self, page_type: Option<&str>) -> bool {
        match (&self.page_types, page_type) {
            (Some(list), Some(t)) => list.iter().any(|l| l == t),
            _ => true,
        }
    }

    /// Whether this rule decides about whole lines (as opposed to rewriting inside them).
    pub fn is_line_rule(&self) -> bool {
        self.kind.row().line_rule
    }

    /// The line pattern of a line rule.
    pub fn line_pattern(&self) -> Option<&str> {
        match &self.matcher {
            compile::Matcher::Line(re) | compile::Matcher::Capture { re, .. } => Some(re.as_str()),
            _ => None,
        }
    }

    /// The regex of a line rule or a `regex_replace`.
    pub fn pattern(&self) -> Option<&str> {
        match &self.matcher {
            compile::Matcher::RegexReplace { re, .. } => Some(re.as_str()),
            _ => self.line_pattern(),
        }
    }

    /// What the rule matches and writes, for tools that translate rules
    /// into another language (the benchmark's `sed -E` script).
    pub fn form(&self) -> Form<'_> {
        match &self.matcher {
            compile::Matcher::Line(re) => Form::Line {
                pattern: re.as_str(),
                keep_line: false,
            },
            compile::Matcher::Capture { re, keep_line, .. } => Form::Line {
                pattern: re.as_str(),
                keep_line: *keep_line,
            },
            compile::Matcher::Literal(lits) => Form::Literals(lits),
            compile::Matcher::RegexReplace { re, with } => Form::RegexReplace {
                pattern: re.as_str(),
                with,
            },
            compile::Matcher::Doubled { .. } => Form::Doubled,
        }
    }

    /// What decides the rule's behaviour, as text: two rules with equal
    /// signatures make the same edits. Used to tell which rules a change touched.
    pub fn signature(&self) -> String {
        format!(
            "{}|{:?}|{:?}|{:?}|{}",
            self.kind.name(),
            self.within,
            (&self.languages, &self.skip_languages, &self.page_types),
            (self.max_words, self.max_matches),
            self.matcher.signature()
        )
    }
}

/// What a rule matches and writes ([`Rule::form`]).
#[derive(Debug)]
pub enum Form<'r> {
    /// A line rule: the pattern a line must match; `keep_line` for a
    /// `capture` that leaves its line.
    Line { pattern: &'r str, keep_line: bool },
    /// A `replace` rule's literals.
    Literals(&'r [compile::Literal]),
    /// A `regex_replace` rule.
    RegexReplace { pattern: &'r str, with: &'r str },
    /// A `doubled_word` rule.
    Doubled,
}

/// A rule set from one TOML text, for tests; panics when it does not compile.
#[cfg(test)]
pub(crate) fn test_rules(toml: &str) -> RuleSet {
    let source = RuleSource {
        name: "test.toml".into(),
        text: toml.into(),
        dir: None,
    };
    RuleSet::load(&[source]).expect("rules compile").0
}
