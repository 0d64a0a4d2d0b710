//! The compiled rules and the shared matchers that run them: one `RegexSet`
//! for all line rules (and a smaller one for the lines away from the head and
//! tail, where position-limited rules cannot apply), one Aho-Corasick automaton
//! for all literals ([`Literals`]), one `RegexSet` for all regex replacements.

use super::compile::{Compiled, Matcher, compile};
use super::diag::Diagnostic;
use super::literals::Literals;
use super::parse::RuleSource;
use super::{Rule, Within};
use regex::RegexSet;

/// Line-level rules (drop_line, truncate, capture) in one `RegexSet`.
#[derive(Debug, Clone)]
pub(crate) struct LineSet {
    /// Rule indices, in order; `set` pattern `i` belongs to `rules[i]`.
    pub rules: Vec<usize>,
    pub set: RegexSet,
}

impl LineSet {
    fn new(all: &[Rule], rules: Vec<usize>) -> LineSet {
        let patterns = rules.iter().map(|&i| match &all[i].matcher {
            Matcher::Line(re) | Matcher::Capture { re, .. } => re.as_str(),
            _ => unreachable!("only line rules"),
        });
        LineSet {
            set: RegexSet::new(patterns).expect("patterns compiled one by one"),
            rules,
        }
    }
}

/// The compiled rules plus the shared automata that run them.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    /// Every line rule: for lines near the head or tail.
    pub(crate) all_lines: LineSet,
    /// The line rules without a position limit: for the other lines.
    pub(crate) middle_lines: LineSet,
    /// The union of the limited line rules' windows; `None` if there are none.
    pub(crate) edge_window: Option<Within>,
    pub(crate) literals: Option<Literals>,
    pub(crate) regex_rules: Vec<usize>,
    pub(crate) regex_set: RegexSet,
    pub(crate) doubled_rules: Vec<usize>,
}

impl RuleSet {
    /// Builds the shared matchers for `rules`, which must have compiled cleanly.
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        let mut line_rules = Vec::new();
        let mut middle_rules = Vec::new();
        let mut edge_window: Option<Within> = None;
        let mut regex_rules = Vec::new();
        let mut regex_patterns = Vec::new();
        let mut doubled_rules = Vec::new();
        let mut literals = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            match &rule.matcher {
                Matcher::Line(_) | Matcher::Capture { .. } => {
                    line_rules.push(i);
                    if rule.within.anywhere() {
                        middle_rules.push(i);
                    } else {
                        edge_window = Some(union(edge_window.unwrap_or_default(), rule.within));
                    }
                }
                Matcher::RegexReplace { re, .. } => {
                    regex_rules.push(i);
                    regex_patterns.push(re.as_str());
                }
                Matcher::Literal(lits) => {
                    literals.extend(lits.iter().enumerate().map(|(j, lit)| (lit, (i, j))));
                }
                Matcher::Doubled { .. } => doubled_rules.push(i),
            }
        }
        let literals = Literals::new(literals);
        RuleSet {
            all_lines: LineSet::new(&rules, line_rules),
            middle_lines: LineSet::new(&rules, middle_rules),
            edge_window,
            regex_set: RegexSet::new(&regex_patterns).expect("patterns compiled one by one"),
            literals,
            rules,
            regex_rules,
            doubled_rules,
        }
    }

    /// Compiles `sources` into a rule set, or returns every finding if any is an error.
    pub fn load(sources: &[RuleSource]) -> Result<(RuleSet, Vec<Diagnostic>), Vec<Diagnostic>> {
        let Compiled {
            rules, diagnostics, ..
        } = compile(sources);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok((RuleSet::new(rules), diagnostics))
    }

    /// The rules, in the order they run.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
}

/// The smallest window holding two limited windows.
fn union(a: Within, b: Within) -> Within {
    Within {
        head: a.head.max(b.head),
        tail: a.tail.max(b.tail),
    }
}
