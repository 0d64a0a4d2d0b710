//! The compiled rules and the shared matchers that run them: a [`Prefilter`]
//! of the line rules' required literals, one Aho-Corasick automaton for all
//! literals ([`Literals`]), a [`Prefilter`] of the regex replacements. No regex is ever combined with another, so no
//! number of rules can exceed the regex crate's size limits.

use super::compile::{Compiled, Matcher, compile_with};
use super::diag::Diagnostic;
use super::known_literals;
use super::lint::Examples;
use super::literals::Literals;
use super::parse::RuleSource;
use super::pattern::Pattern;
use super::prefilter::{Prefilter, Required};
use super::relaxed::Quick;
use super::{Rule, Within};
use crate::extract::Favor;
use std::sync::{Arc, OnceLock};

/// Line-level rules (drop_line, truncate, capture) behind one prefilter.
#[derive(Debug, Clone)]
pub(crate) struct LineSet {
    /// Rule indices, in order; prefilter slot `i` belongs to `rules[i]`.
    pub rules: Vec<usize>,
    pub filter: Prefilter,
}

impl LineSet {
    fn new(rules: Vec<usize>, required: &[Option<Required>]) -> LineSet {
        let mine: Vec<Option<Required>> = rules.iter().map(|&i| required[i].clone()).collect();
        LineSet {
            filter: Prefilter::new(&mine),
            rules,
        }
    }
}

/// The compiled rules plus the shared automata that run them.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    /// Every line rule.
    pub(crate) all_lines: LineSet,
    /// Whether any line rule has no position limit: the lines away from the
    /// head and tail meet no line rule otherwise.
    pub(crate) any_unlimited: bool,
    /// The union of the limited line rules' windows; `None` if there are none.
    pub(crate) edge_window: Option<Within>,
    pub(crate) literals: Option<Literals>,
    pub(crate) regex_rules: Vec<usize>,
    /// Slot `i` belongs to `regex_rules[i]`.
    pub(crate) regex_filter: Prefilter,
    pub(crate) doubled_rules: Vec<usize>,
    /// By rule index: the rule's pattern as forward lazy DFAs, asked before
    /// its regex ([`Quick`]); built at first use, so that start-up does not
    /// pay for it.
    quick: Arc<[OnceLock<Quick>]>,
    /// Every regex asked alone, without the DFAs (the plain engine of
    /// [`RuleSet::without_prefilter`]).
    plain: bool,
}

impl RuleSet {
    /// Turns off the rules whose `modes` leave out `favor`, the run's
    /// `--favor` mode (and turns the others back on); how many are off.
    pub fn set_favor(&mut self, favor: Favor) -> usize {
        for rule in &mut self.rules {
            rule.off_in_mode = rule.modes.as_ref().is_some_and(|m| !m.contains(&favor));
        }
        self.rules.iter().filter(|r| r.off_in_mode).count()
    }

    /// Turns off, for documents in language `lang`, every rule whose id is
    /// `pattern` or starts with what precedes a final `*`; how many it
    /// turned off.
    pub fn skip_in_language(&mut self, lang: &str, pattern: &str) -> usize {
        let matches = |id: &str| match pattern.strip_suffix('*') {
            Some(prefix) => id.starts_with(prefix),
            None => id == pattern,
        };
        let mut n = 0;
        for rule in self.rules.iter_mut().filter(|r| matches(&r.id)) {
            if !rule.skip_languages.iter().any(|l| l == lang) {
                rule.skip_languages.push(lang.to_string());
            }
            n += 1;
        }
        n
    }

    /// Builds the shared matchers for `rules`, which must have compiled cleanly.
    pub fn new(rules: Vec<Rule>) -> RuleSet {
        let mut line_rules = Vec::new();
        let mut any_unlimited = false;
        let mut edge_window: Option<Within> = None;
        let mut regex_rules = Vec::new();
        // The required literals of each rule's pattern, by rule index.
        let mut required: Vec<Option<Required>> = vec![None; rules.len()];
        let mut doubled_rules = Vec::new();
        let mut literals = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            match &rule.matcher {
                Matcher::Line(re) | Matcher::Capture { re, .. } => {
                    required[i] = known_literals::required(re.as_str());
                    line_rules.push(i);
                    if rule.within.anywhere() {
                        any_unlimited = true;
                    } else {
                        edge_window = Some(union(edge_window.unwrap_or_default(), rule.within));
                    }
                }
                Matcher::RegexReplace { re, .. } => {
                    required[i] = known_literals::required(re.as_str());
                    regex_rules.push(i);
                }
                Matcher::Literal(lits) => {
                    literals.extend(lits.iter().enumerate().map(|(j, lit)| (lit, (i, j))));
                }
                Matcher::Doubled { .. } => doubled_rules.push(i),
            }
        }
        let literals = Literals::new(literals);
        RuleSet {
            quick: (0..rules.len()).map(|_| OnceLock::new()).collect(),
            plain: false,
            all_lines: LineSet::new(line_rules, &required),
            any_unlimited,
            edge_window,
            regex_filter: LineSet::new(regex_rules.clone(), &required).filter,
            literals,
            rules,
            regex_rules,
            doubled_rules,
        }
    }

    /// Compiles `sources` into a rule set, or returns every finding if any is
    /// an error. Every example runs, as in `rules check`.
    pub fn load(sources: &[RuleSource]) -> Result<(RuleSet, Vec<Diagnostic>), Vec<Diagnostic>> {
        RuleSet::load_with(sources, Examples::All)
    }

    /// [`RuleSet::load`] for a run (`clean`, `explain`, `diff`): the built-in
    /// files' examples are not run again (see [`Examples::UserFiles`]).
    pub fn load_for_run(
        sources: &[RuleSource],
    ) -> Result<(RuleSet, Vec<Diagnostic>), Vec<Diagnostic>> {
        RuleSet::load_with(sources, Examples::UserFiles)
    }

    fn load_with(
        sources: &[RuleSource],
        which: Examples,
    ) -> Result<(RuleSet, Vec<Diagnostic>), Vec<Diagnostic>> {
        let Compiled {
            rules, diagnostics, ..
        } = compile_with(sources, which);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(diagnostics);
        }
        Ok((RuleSet::new(rules), diagnostics))
    }

    /// The rules, in the order they run.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether rule `i`'s pattern matches `hay`: asked of its lazy DFAs
    /// first ([`Quick`]), of its regex only where they cannot tell.
    pub(crate) fn is_match(&self, i: usize, pattern: &Pattern, hay: &str) -> bool {
        if !self.plain
            && let Some(answer) = self.quick[i]
                .get_or_init(|| Quick::new(pattern.as_str()))
                .is_match(hay)
        {
            return answer;
        }
        pattern.is_match(hay)
    }

    /// The same rules with every regex tried on every line, and asked alone:
    /// the plain engine that the prefilter and the DFAs must agree with (the
    /// equivalence tests use it).
    #[doc(hidden)]
    pub fn without_prefilter(&self) -> RuleSet {
        let none = vec![None; self.rules.len()];
        let unfiltered = |set: &LineSet| LineSet::new(set.rules.clone(), &none);
        RuleSet {
            all_lines: unfiltered(&self.all_lines),
            regex_filter: LineSet::new(self.regex_rules.clone(), &none).filter,
            plain: true,
            ..self.clone()
        }
    }
}

/// The smallest window holding two limited windows.
fn union(a: Within, b: Within) -> Within {
    Within {
        head: a.head.max(b.head),
        tail: a.tail.max(b.tail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::builtin;
    use crate::rules::relaxed::loose_pattern;
    use regex_automata::{Input, hybrid};

    /// Text that every Unicode `\b` stumbles on: curly quotes, dashes,
    /// accents, CJK, the long s and the Kelvin sign.
    const NON_ASCII: &str =
        "Zürich’s café — “naïve” señor – 日本語, ſtraße \u{212A}elvin: Foto © 2024 Quelle: dpa";

    /// The guard of the rule engine's speed: on a line with non-ASCII text,
    /// the first engine each built-in pattern meets is a lazy DFA (the
    /// regex-automata builder refuses Unicode word boundaries, and its search
    /// gives up where it could not go on), and every rule that may act
    /// anywhere in a document has literals for the prefilter.
    #[test]
    fn builtin_patterns_stay_in_a_dfa_on_non_ascii_text() {
        let set = builtin::rule_set();
        let long = [NON_ASCII; 20].join(" ");
        let mut checked = 0;
        for rule in set.rules() {
            let Some(pattern) = rule.pattern() else {
                continue;
            };
            // What runs first on such a line, as on any, is the loose
            // form's lazy DFA.
            let first = loose_pattern(pattern).expect("a built-in pattern parses");
            let quick = Quick::new(pattern);
            assert!(
                quick.has_dfas(),
                "{}: a lazy DFA of the pattern was not built",
                rule.id
            );
            let dfa = hybrid::regex::Regex::new(&first)
                .unwrap_or_else(|e| panic!("{}: no lazy DFA for non-ASCII lines: {e}", rule.id));
            let mut cache = dfa.create_cache();
            for hay in [NON_ASCII, &long] {
                let searched = dfa.try_search(&mut cache, &Input::new(hay));
                assert!(
                    searched.is_ok(),
                    "{}: the lazy DFA gave up: {searched:?}",
                    rule.id
                );
            }
            if rule.within.anywhere() {
                assert!(
                    crate::rules::prefilter::slowness(pattern).is_none(),
                    "{}: no required literal, and no position limit",
                    rule.id
                );
            }
            checked += 1;
        }
        assert!(checked >= 30, "only {checked} patterns");
    }

    #[test]
    fn the_guard_can_tell_a_unicode_word_boundary() {
        assert!(hybrid::regex::Regex::new(r"(?i)\bfoo\b").is_err());
        let relaxed = loose_pattern(r"(?i)\bfoo\b").unwrap();
        assert!(hybrid::regex::Regex::new(&relaxed).is_ok());
    }

    #[test]
    fn non_ascii_lines_meet_the_pattern_only_where_the_relaxed_form_matches() {
        let src = crate::rules::RuleSource {
            name: "t.toml".into(),
            text: "[[rule]]\nid = \"t\"\nkind = \"drop_line\"\ndescription = \"d\"\npattern = '(?i)\\bfoto\\b'\n".into(),
            dir: None,
        };
        let (set, _) = RuleSet::load(&[src]).unwrap();
        let Matcher::Line(re) = &set.rules[0].matcher else {
            unreachable!()
        };
        assert!(!set.is_match(0, re, "Fo to — ’"));
        assert!(!set.is_match(0, re, "éfotoé — ’"));
        assert!(set.is_match(0, re, "é foto — ’"));
        assert!(set.is_match(0, re, "a FOTO"));
        assert!(!set.is_match(0, re, "plain ASCII"));
    }

    #[test]
    fn a_rule_runs_only_in_the_favor_modes_it_declares() {
        let mut set = crate::rules::test_rules(
            r#"
[[rule]]
id = "ad"
description = "An affiliate notice"
kind = "drop_line"
modes = ["precision", "balanced"]
pattern = '^This post contains affiliate links\.$'

[[rule]]
id = "date"
description = "A date line"
kind = "drop_line"
pattern = '^\d{4}-\d{2}-\d{2}$'
"#,
        );
        let text = "Body.\nThis post contains affiliate links.\n2024-01-18\n";
        assert_eq!(set.apply(text).text, "Body.\n");
        assert_eq!(set.set_favor(Favor::Recall), 1);
        let applied = set.apply(text);
        assert_eq!(applied.text, "Body.\nThis post contains affiliate links.\n");
        assert_eq!(applied.edits.len(), 1);
        assert_eq!(set.set_favor(Favor::Precision), 0);
        assert_eq!(set.apply(text).text, "Body.\n");
    }
}
