//! Which regexes a line could match, found with one automaton instead of
//! running every regex on every line: the design of a search tool.
//!
//! For each pattern, [`required`] works out a set of literals such that every
//! match contains one of them (from regex-syntax's literal extraction, on the
//! pattern with ASCII case folded away, so `(?i)leave a reply` needs only
//! "leave a reply" and not its 2^11 spellings). All those literals go into one
//! ASCII-case-insensitive Aho-Corasick automaton; one pass over a line then
//! names the only regexes that can match it. A pattern with no such set
//! (`^\d{10}$`) is a candidate on every line; `rules check` says so when it has
//! no position limit either ([`Slowness`]).
//!
//! The filter only ever lets through more lines than the regex matches, never
//! fewer, so output is the same as running every regex on every line (the
//! property test in `tests/it/prefilter_equivalence.rs` compares the two).

use super::automaton::Automaton;
use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};

/// What the prefilter looks for on behalf of one pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Required {
    /// Literals, ASCII-lowercased, one of which occurs in every match...
    pub literals: Vec<Vec<u8>>,
    /// ...unless the text holds one of these characters, which `(?i)` matches
    /// as an ASCII letter (ſ for s, the Kelvin sign for k) and which the
    /// literals leave out; a line holding one meets every pattern.
    pub folded: Vec<char>,
}

/// The required literals of a pattern, or `None` when a match may be made of
/// anything (no literal is required) or the pattern does not parse.
pub(crate) fn required_of(pattern: &str) -> Option<Required> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let mut folded = Vec::new();
    let literals = required(&fold_ascii_case(&hir, &mut folded))?;
    folded.sort_unstable();
    folded.dedup();
    Some(Required { literals, folded })
}

/// `hir` with every class that only spells one ASCII letter (`[Ee]`, also
/// `[Ssſ]` and `[Kk\u{212A}]`) replaced by that letter, lowercased; the
/// non-ASCII members so dropped go to `folded`. The result is not the same
/// language; it only serves literal extraction for a case-insensitive search.
fn fold_ascii_case(hir: &Hir, folded: &mut Vec<char>) -> Hir {
    let fold = |h: &Hir| fold_ascii_case(h, folded);
    match hir.kind() {
        HirKind::Class(class) => match one_ascii_letter(class) {
            Some((b, others)) => {
                folded.extend(others);
                Hir::literal([b])
            }
            None => hir.clone(),
        },
        _ => map_subs(hir, fold),
    }
}

/// `hir` rebuilt with `f` applied to each of its direct sub-expressions (a
/// leaf comes back as it is): the walk that a rewrite of one kind of node
/// shares with every other.
pub(super) fn map_subs(hir: &Hir, mut f: impl FnMut(&Hir) -> Hir) -> Hir {
    match hir.kind() {
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(&mut f).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(&mut f).collect()),
        // Field by field: `..rep.clone()` would copy the whole subtree only
        // to drop it, at every level of nesting.
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(f(&rep.sub)),
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(f(&cap.sub)),
        }),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// The lowercase ASCII letter a class spells in one or two cases, with the
/// non-ASCII characters that case folding adds to it (ſ, the Kelvin sign).
fn one_ascii_letter(class: &Class) -> Option<(u8, Vec<char>)> {
    let chars: Vec<char> = match class {
        Class::Unicode(c) => c.iter().flat_map(|r| r.start()..=r.end()).take(4).collect(),
        Class::Bytes(c) => c
            .iter()
            .flat_map(|r| r.start()..=r.end())
            .take(4)
            .map(char::from)
            .collect(),
    };
    let (ascii, others): (Vec<char>, Vec<char>) = chars.iter().partition(|c| c.is_ascii());
    let lower = ascii.first()?.to_ascii_lowercase();
    let one_letter = lower.is_ascii_alphabetic()
        && ascii.len() <= 2
        && ascii.iter().all(|c| c.to_ascii_lowercase() == lower)
        && others.iter().all(|&c| matches!(c, '\u{17F}' | '\u{212A}'))
        && chars.len() < 4;
    one_letter.then_some((lower as u8, others))
}

/// A set of literals one of which is in every match of `hir`, the most
/// selective of those found: the prefixes or suffixes of the whole, of each
/// tail of a concatenation, of each part, and the union over an alternation.
fn required(hir: &Hir) -> Option<Literals> {
    // Most patterns start with a word: its spellings are enough.
    let prefixes = usable(extract(hir, ExtractKind::Prefix));
    if prefixes.as_ref().is_some_and(|p| selectivity(p).0 >= 4) {
        return prefixes;
    }
    let mut best: Option<Literals> = None;
    let mut offer = |found: Option<Literals>| {
        if let Some(found) = found {
            if best
                .as_ref()
                .is_none_or(|b| selectivity(&found) > selectivity(b))
            {
                best = Some(found);
            }
        }
    };
    offer(prefixes);
    offer(usable(extract(hir, ExtractKind::Suffix)));
    match hir.kind() {
        HirKind::Concat(subs) => {
            for i in 1..subs.len() {
                // A tail after a literal or an assertion is already part of
                // the tail before it.
                if !matches!(subs[i - 1].kind(), HirKind::Literal(_) | HirKind::Look(_)) {
                    let tail = Hir::concat(subs[i..].to_vec());
                    offer(usable(extract(&tail, ExtractKind::Prefix)));
                }
            }
            for sub in subs {
                offer(required(sub));
            }
        }
        HirKind::Alternation(subs) => {
            let union: Option<Literals> =
                subs.iter()
                    .map(required)
                    .try_fold(Vec::new(), |mut all, one| {
                        all.extend(one?);
                        Some(all)
                    });
            offer(union.map(minimal));
        }
        HirKind::Repetition(rep) if rep.min >= 1 => offer(required(&rep.sub)),
        HirKind::Capture(cap) => offer(required(&cap.sub)),
        _ => {}
    }
    best
}

fn extract(hir: &Hir, kind: ExtractKind) -> Seq {
    Extractor::new().kind(kind).extract(hir)
}

/// Literals, ASCII-lowercased, one of which occurs in every match.
type Literals = Vec<Vec<u8>>;

/// A finite sequence of non-empty literals, lowercased; `None` otherwise (an
/// infinite sequence, or one holding the empty string, requires nothing).
fn usable(seq: Seq) -> Option<Literals> {
    let lits = seq.literals()?;
    if lits.iter().any(|l| l.is_empty()) {
        return None;
    }
    Some(minimal(
        lits.iter()
            .map(|l| l.as_bytes().to_ascii_lowercase())
            .collect(),
    ))
}

/// The same requirement with fewer literals: sorted, without duplicates and
/// without any literal that holds another one (text holding it holds the
/// other too).
fn minimal(mut lits: Literals) -> Literals {
    lits.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    lits.dedup();
    let mut kept: Literals = Vec::with_capacity(lits.len());
    for lit in lits {
        if !kept.iter().any(|k| memchr::memmem::find(&lit, k).is_some()) {
            kept.push(lit);
        }
    }
    kept.sort_unstable();
    kept
}

/// How well a set filters: longer literals first (up to 8 bytes, past which
/// length hardly matters), then fewer of them.
fn selectivity(set: &Literals) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(usize::MAX);
    (shortest.min(8), std::cmp::Reverse(set.len()))
}

/// Why a pattern runs on every line it is offered, if it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slowness {
    /// A Unicode `\b` (or `\B`): on a line with any non-ASCII character the
    /// regex crate leaves its DFAs for the much slower NFA simulation.
    pub unicode_word_boundary: bool,
}

/// `Some` when `pattern` has no required literal and is not anchored at the
/// start of the line (`^`), so that it is searched from every position of
/// every line. Position limits (`within`) are the caller's business.
pub(crate) fn slowness(pattern: &str) -> Option<Slowness> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let anchored = hir.properties().look_set_prefix().contains(Look::Start);
    if anchored || required(&fold_ascii_case(&hir, &mut Vec::new())).is_some() {
        return None;
    }
    Some(Slowness {
        unicode_word_boundary: hir.properties().look_set().contains_word_unicode(),
    })
}

/// The candidate regexes of a line: slot `i` is the `i`-th pattern given to
/// [`Prefilter::new`].
#[derive(Debug, Clone)]
pub(crate) struct Prefilter {
    /// Every required literal of every pattern, ASCII case ignored.
    ac: Option<Automaton>,
    /// For each literal of `ac`: the slots that require it.
    owners: Vec<Vec<u32>>,
    /// Slots without a required literal: candidates on every line.
    always: Vec<u32>,
    /// Characters the literals leave out (see [`Required::folded`]), UTF-8.
    folded: Vec<Vec<u8>>,
    /// Every slot, for a line holding one of them.
    every: Vec<u32>,
}

impl Prefilter {
    /// `required[i]`: the required literals of slot `i`, if it has any.
    pub fn new(required: &[Option<Required>]) -> Prefilter {
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut always = Vec::new();
        let mut folded: Vec<char> = Vec::new();
        for (slot, req) in required.iter().enumerate() {
            let slot = u32::try_from(slot).expect("fewer than 2^32 rules");
            let Some(req) = req else {
                always.push(slot);
                continue;
            };
            folded.extend(&req.folded);
            for lit in &req.literals {
                let at = *index.entry(lit.as_slice()).or_insert_with(|| {
                    literals.push(lit.as_slice());
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[at].push(slot);
            }
        }
        let ac = (!literals.is_empty()).then(|| {
            let mut builder = AhoCorasick::builder();
            builder
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true);
            Automaton::new(&builder, &literals).expect("literal automaton within size limits")
        });
        folded.sort_unstable();
        folded.dedup();
        Prefilter {
            ac,
            owners,
            always,
            folded: folded.iter().map(|c| c.to_string().into_bytes()).collect(),
            every: (0..required.len() as u32).collect(),
        }
    }

    /// The slots that may match `hay`, sorted, into `out`.
    pub fn candidates(&self, hay: &str, out: &mut Vec<u32>) {
        out.clear();
        let bytes = hay.as_bytes();
        if !hay.is_ascii()
            && self
                .folded
                .iter()
                .any(|c| memchr::memmem::find(bytes, c).is_some())
        {
            out.extend_from_slice(&self.every);
            return;
        }
        out.extend_from_slice(&self.always);
        if let Some(ac) = &self.ac {
            for m in ac.get(hay.len()).find_overlapping_iter(hay) {
                out.extend_from_slice(&self.owners[m.pattern().as_usize()]);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(p: &str) -> Vec<String> {
        required_of(p)
            .map(|r| r.literals)
            .unwrap_or_default()
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect()
    }

    #[test]
    fn case_insensitive_words_need_one_spelling() {
        assert_eq!(req(r"(?i)^leave a reply\b"), ["leave a reply"]);
        assert_eq!(req(r"(?i)\bhilf mit\b"), ["hilf mit"]);
    }

    #[test]
    fn inner_literals_after_a_wildcard_count() {
        let r = req(r"(?i)^.{0,80}(?:\bfollow me on\b|\bdonate today\b).{0,10}$");
        assert_eq!(r, ["donate today", "follow me on"]);
    }

    #[test]
    fn alternations_need_a_literal_in_every_branch() {
        assert_eq!(required_of(r"foo|\d+"), None);
        assert_eq!(req(r"(?:foo|bar)\d"), ["bar", "foo"]);
    }

    #[test]
    fn letters_with_other_unicode_folds_keep_their_spellings() {
        // (?i)s also matches ſ (U+017F), k the Kelvin sign (U+212A): the
        // literals leave them out, and a line holding them meets every regex.
        let r = required_of(r"(?i)ask").unwrap();
        assert_eq!(r.literals, [b"ask".to_vec()]);
        assert_eq!(r.folded, ['\u{17F}', '\u{212A}']);
        let f = Prefilter::new(&[Some(r), required_of("xyz")]);
        let mut out = Vec::new();
        f.candidates("a\u{212A}", &mut out);
        assert_eq!(out, [0, 1]);
        f.candidates("Ask", &mut out);
        assert_eq!(out, [0]);
    }

    #[test]
    fn patterns_without_literals_are_unfiltered_and_slow_unless_anchored() {
        assert_eq!(required_of(r"^\d{10}$"), None);
        assert_eq!(slowness(r"^\d{10}$"), None);
        assert_eq!(
            slowness(r"\w+\b\d"),
            Some(Slowness {
                unicode_word_boundary: true
            })
        );
        assert_eq!(slowness(r"(?i)\bfoo\b"), None);
    }

    #[test]
    fn candidates_are_the_slots_whose_literal_occurs() {
        let f = Prefilter::new(&[
            required_of(r"(?i)\bfoo\b"),
            required_of(r"^\d+$"),
            required_of(r"bar|baz"),
        ]);
        let mut out = Vec::new();
        f.candidates("a FOO and a bAz", &mut out);
        assert_eq!(out, [0, 1, 2]);
        f.candidates("nothing here", &mut out);
        assert_eq!(out, [1]);
        // Past a megabyte the automaton becomes a DFA, with the same answers.
        let long = "nothing here, but a FOO ".repeat(50_000);
        f.candidates(&long, &mut out);
        f.candidates(&long, &mut out);
        assert!(f.ac.as_ref().unwrap().upgraded());
        assert_eq!(out, [0, 1]);
        f.candidates("a bar", &mut out);
        assert_eq!(out, [1, 2]);
    }
}
