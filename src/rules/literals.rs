//! Literal `replace` rules at run time: every literal of every rule in one
//! Aho-Corasick automaton, a scout that finds the next line that can hold a
//! match (so most lines never meet the automaton), word boundaries, and the
//! case of the replacement.

use super::automaton::Automaton;
use super::compile::Literal;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use std::sync::{Arc, OnceLock};

/// The automata of all literals.
#[derive(Debug, Clone)]
pub(crate) struct Literals {
    /// Every occurrence, overlaps included, ASCII case ignored: run only on
    /// the lines the scout points at.
    all: Arc<OnceLock<AhoCorasick>>,
    /// The `find` of every pattern of `all`, to build it at first use.
    finds: Arc<Vec<String>>,
    /// For each pattern of `all`: (rule index, literal index).
    pub owner: Vec<(usize, usize)>,
    /// Leftmost-first search for the next place any literal can match. For a
    /// few literals it holds only the three spellings a replacement accepts
    /// (lower, Title, UPPER), case-sensitively, which lets it use a SIMD
    /// prefilter; for many, one ASCII-case-insensitive automaton, an NFA at
    /// first and a DFA once a run has scanned enough text ([`Automaton`]).
    scout: Automaton,
}

/// Literal counts up to which the scout holds spellings (3 per literal, within
/// the 64 patterns of the SIMD prefilter).
const FEW: usize = 21;
#[cfg(test)]
const MANY: usize = 100;

impl Literals {
    /// `lits`: each literal with its owner, in rule order.
    pub fn new(lits: Vec<(&Literal, (usize, usize))>) -> Option<Literals> {
        if lits.is_empty() {
            return None;
        }
        let finds: Vec<&str> = lits.iter().map(|(l, _)| l.find.as_str()).collect();
        let mut builder = AhoCorasick::builder();
        builder.match_kind(MatchKind::LeftmostFirst);
        let scout = if lits.len() <= FEW {
            let mut spellings: Vec<String> = lits.iter().flat_map(|(l, _)| spellings(l)).collect();
            spellings.sort();
            spellings.dedup();
            Automaton::new(&builder, &spellings)
        } else {
            Automaton::new(builder.ascii_case_insensitive(true), &finds)
        }
        .expect("literal automaton within size limits");
        Some(Literals {
            all: Arc::default(),
            finds: Arc::new(finds.iter().map(|f| f.to_string()).collect()),
            owner: lits.into_iter().map(|(_, o)| o).collect(),
            scout,
        })
    }

    /// Every occurrence, overlaps included, ASCII case ignored: run only on
    /// the lines the scout points at, so built when it first points at one
    /// (an NFA, the quickest to build: half of the start-up with 10,000
    /// literals otherwise).
    pub fn all(&self) -> &AhoCorasick {
        self.all.get_or_init(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                .build(&*self.finds)
                .expect("literal automaton within size limits")
        })
    }

    /// A cursor over `text` saying which lines may hold a literal.
    pub fn scout<'a>(&'a self, text: &'a str) -> Scout<'a> {
        let mut scout = Scout {
            ac: self.scout.get(text.len()),
            text,
            next: None,
        };
        scout.search(0);
        scout
    }
}

/// The spellings of a literal that a replacement can accept: the literal
/// itself, and unless it is case-sensitive its Title and UPPER forms (see
/// [`cased_replacement`]; other forms are left alone, so need not be found).
fn spellings(lit: &Literal) -> Vec<String> {
    if lit.case_sensitive {
        return vec![lit.find.clone()];
    }
    let mut title = lit.find.clone();
    if let Some(first) = title
        .find(char::is_alphabetic)
        .and_then(|i| title.get_mut(i..i + 1))
    {
        // An ASCII letter; a non-ASCII one has no other spelling here.
        first.make_ascii_uppercase();
    }
    vec![lit.find.clone(), title, lit.find.to_ascii_uppercase()]
}

/// Where the next literal can start in a text: one search covers every line
/// up to it.
pub(crate) struct Scout<'a> {
    ac: &'a AhoCorasick,
    text: &'a str,
    /// The leftmost start of a match at or after the last search's start.
    next: Option<usize>,
}

impl Scout<'_> {
    /// The leftmost match at or after `from` that starts a word. A match
    /// inside a word is skipped: no literal may start there (replacements are
    /// word-bounded), so nothing it could hide is lost.
    fn search(&mut self, mut from: usize) {
        self.next = loop {
            let input = Input::new(self.text).span(from..self.text.len());
            match self.ac.find(input) {
                Some(m) if !starts_word(self.text, m.start()) => from = m.start() + 1,
                found => break found.map(|m| m.start()),
            }
        };
    }

    /// Where in `line` (a span of the text) the first literal may start, as an
    /// offset into the line; `None` when none can. Lines must come in order.
    pub fn first_in(&mut self, line: std::ops::Range<usize>) -> Option<usize> {
        if self.next.is_some_and(|next| next < line.start) {
            self.search(line.start);
        }
        self.next
            .filter(|&next| next < line.end)
            .map(|next| next - line.start)
    }
}

/// True when no word character comes right before byte `at` of `s`.
fn starts_word(s: &str, at: usize) -> bool {
    s[..at].chars().next_back().is_none_or(|c| !is_word_char(c))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when the match `start..end` of `s` is not inside a longer word.
pub(crate) fn word_bounded(s: &str, start: usize, end: usize) -> bool {
    let before = starts_word(s, start);
    let after = s[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

/// The replacement in the case of the match: lower, Title or UPPER; a match in
/// mixed case is left alone. A case-sensitive literal needs an exact match.
pub(crate) fn cased_replacement(lit: &Literal, matched: &str) -> Option<String> {
    if lit.case_sensitive {
        return (matched == lit.find).then(|| lit.with.clone());
    }
    let mut letters = matched.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let (mut upper, mut lower) = (0, 0);
    for c in letters {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    match (first_upper, upper, lower) {
        (false, 0, _) => Some(lit.with.clone()),
        (true, 0, _) => {
            let mut chars = lit.with.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
        }
        (true, _, 0) => Some(lit.with.to_uppercase()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lit(find: &str, with: &str) -> Literal {
        Literal {
            find: find.into(),
            with: with.into(),
            case_sensitive: find.chars().any(char::is_uppercase),
        }
    }

    #[test]
    fn replacement_takes_the_case_of_the_match() {
        let l = lit("once morest", "against");
        assert_eq!(
            cased_replacement(&l, "once morest").as_deref(),
            Some("against")
        );
        assert_eq!(
            cased_replacement(&l, "Once morest").as_deref(),
            Some("Against")
        );
        assert_eq!(
            cased_replacement(&l, "ONCE MOREST").as_deref(),
            Some("AGAINST")
        );
        assert_eq!(cased_replacement(&l, "oNcE morest"), None);
    }

    #[test]
    fn a_find_with_capitals_matches_exactly() {
        let l = lit("Middle East East", "Middle East");
        assert_eq!(
            cased_replacement(&l, "Middle East East").as_deref(),
            Some("Middle East")
        );
        assert_eq!(cased_replacement(&l, "middle east east"), None);
    }

    #[test]
    fn literals_need_word_boundaries() {
        assert!(word_bounded("a once morest b", 2, 13));
        assert!(!word_bounded("xonce morest", 1, 12));
        assert!(!word_bounded("once morests", 0, 11));
        assert!(word_bounded("(once morest)", 1, 12));
    }

    #[test]
    fn spellings_are_lower_title_and_upper() {
        assert_eq!(
            spellings(&lit("once morest", "against")),
            ["once morest", "Once morest", "ONCE MOREST"]
        );
        assert_eq!(spellings(&lit("'tis", "it is"))[1], "'Tis");
        assert_eq!(
            spellings(&lit("Middle East East", "x")),
            ["Middle East East"]
        );
    }

    proptest! {
        /// The scout never hides a line where a replacement would happen.
        #[test]
        fn scout_finds_every_replaceable_match(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("once morest"), Just("Once morest"), Just("ONCE MOREST"), Just("oNce morest"),
                    Just("followingnoon"), Just("FollowingNoon"), Just("Middle East East"),
                    Just("middle east east"), Just("x"), Just(" "), Just("é"), Just("\n"),
                    Just("once"), Just(" morest"), Just("xonce morest"),
                ],
                0..12,
            ),
            few in any::<bool>(),
        ) {
            let mut lits = vec![
                lit("once morest", "against"),
                lit("followingnoon", "afternoon"),
                lit("Middle East East", "Middle East"),
            ];
            if !few {
                lits.extend((0..=MANY).map(|i| lit(&format!("filler{i}"), "f")));
            }
            let set = Literals::new(lits.iter().enumerate().map(|(i, l)| (l, (0, i))).collect()).unwrap();
            let text = parts.concat();
            let mut scout = set.scout(&text);
            let mut start = 0;
            for line in text.split('\n') {
                let span = start..start + line.len();
                let replaceable = set.all().find_overlapping_iter(line).any(|m| {
                    let (_, li) = set.owner[m.pattern().as_usize()];
                    word_bounded(line, m.start(), m.end())
                        && cased_replacement(&lits[li], &line[m.range()]).is_some()
                });
                let first = scout.first_in(span);
                let found = |from: usize| set.all().find_overlapping_iter(Input::new(line).span(from..line.len())).any(|m| {
                    let (_, li) = set.owner[m.pattern().as_usize()];
                    word_bounded(line, m.start(), m.end())
                        && cased_replacement(&lits[li], &line[m.range()]).is_some()
                });
                prop_assert!(first.is_some_and(found) || !replaceable, "{line:?}");
                start += line.len() + 1;
            }
        }
    }
}
