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
//! property test in `tests/prefilter_equivalence.rs` compares the two).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor, Seq};
use regex_syntax::hir::{Capture, Class, Hir, HirKind, Look, Repetition};

/// Literals, ASCII-lowercased, one of which occurs in every match.
pub(crate) type Required = Vec<Vec<u8>>;

/// The required literals of a pattern, or `None` when a match may be made of
/// anything (no literal is required) or the pattern does not parse.
pub(crate) fn required_of(pattern: &str) -> Option<Required> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    required(&fold_ascii_case(&hir))
}

/// `hir` with every class that only spells one ASCII letter in two cases
/// (`[Ee]`) replaced by that letter, lowercased. The result is not the same
/// language; it only serves literal extraction for a case-insensitive search.
/// `[Kk\u{212A}]` (the Kelvin sign) and `[Ssſ]` stay classes, so that their
/// other spellings stay among the literals.
fn fold_ascii_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(class) => match one_ascii_letter(class) {
            Some(b) => Hir::literal([b]),
            None => hir.clone(),
        },
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(fold_ascii_case).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(fold_ascii_case).collect()),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(fold_ascii_case(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(fold_ascii_case(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// The lowercase letter a class of one or two ASCII characters that are the
/// same letter stands for.
fn one_ascii_letter(class: &Class) -> Option<u8> {
    let chars: Vec<u32> = match class {
        Class::Unicode(c) => c
            .iter()
            .flat_map(|r| u32::from(r.start())..=u32::from(r.end()))
            .take(3)
            .collect(),
        Class::Bytes(c) => c
            .iter()
            .flat_map(|r| u32::from(r.start())..=u32::from(r.end()))
            .take(3)
            .collect(),
    };
    let first = u8::try_from(*chars.first()?).ok()?;
    let lower = first.to_ascii_lowercase();
    let same = chars.len() <= 2
        && chars
            .iter()
            .all(|&c| u8::try_from(c).is_ok_and(|b| b.to_ascii_lowercase() == lower));
    (same && lower.is_ascii_alphabetic()).then_some(lower)
}

/// A set of literals one of which is in every match of `hir`, the most
/// selective of those found: the prefixes or suffixes of the whole, of each
/// tail of a concatenation, of each part, and the union over an alternation.
fn required(hir: &Hir) -> Option<Required> {
    let mut best: Option<Required> = None;
    let mut offer = |found: Option<Required>| {
        if let Some(found) = found {
            if best
                .as_ref()
                .is_none_or(|b| selectivity(&found) > selectivity(b))
            {
                best = Some(found);
            }
        }
    };
    offer(usable(extract(hir, ExtractKind::Prefix)));
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
            let union: Option<Required> =
                subs.iter()
                    .map(required)
                    .try_fold(Vec::new(), |mut all, one| {
                        all.extend(one?);
                        Some(all)
                    });
            offer(union.map(|mut all| {
                all.sort_unstable();
                all.dedup();
                all
            }));
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

/// A finite sequence of non-empty literals, lowercased; `None` otherwise (an
/// infinite sequence, or one holding the empty string, requires nothing).
fn usable(seq: Seq) -> Option<Required> {
    let lits = seq.literals()?;
    if lits.iter().any(|l| l.is_empty()) {
        return None;
    }
    let mut out: Required = lits
        .iter()
        .map(|l| l.as_bytes().to_ascii_lowercase())
        .collect();
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// How well a set filters: longer literals first (up to 8 bytes, past which
/// length hardly matters), then fewer of them.
fn selectivity(set: &Required) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(usize::MAX);
    (shortest.min(8), std::cmp::Reverse(set.len()))
}

/// `pattern` without its Unicode word boundaries (`\b`, `\B`, `\b{start}`...),
/// as a pattern; `None` when it has none. Dropping an assertion only lets
/// more text match, so where this relaxed form does not match, the pattern
/// cannot either; and unlike the pattern, it runs in the regex crate's lazy
/// DFA on any text (a Unicode `\b` sends every line with a non-ASCII
/// character to the far slower NFA simulation).
pub(crate) fn relaxed_pattern(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    hir.properties()
        .look_set()
        .contains_word_unicode()
        .then(|| without_unicode_words(&hir).to_string())
}

fn without_unicode_words(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(
            Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode,
        ) => Hir::empty(),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_unicode_words).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_unicode_words).collect())
        }
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(without_unicode_words(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(without_unicode_words(&cap.sub)),
            ..cap.clone()
        }),
        _ => hir.clone(),
    }
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
    if anchored || required(&fold_ascii_case(&hir)).is_some() {
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
    ac: Option<AhoCorasick>,
    /// For each literal of `ac`: the slots that require it.
    owners: Vec<Vec<u32>>,
    /// Slots without a required literal: candidates on every line.
    always: Vec<u32>,
}

impl Prefilter {
    /// `required[i]`: the required literals of slot `i`, if it has any.
    pub fn new(required: &[Option<Required>]) -> Prefilter {
        let mut literals: Vec<&[u8]> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        let mut always = Vec::new();
        for (slot, req) in required.iter().enumerate() {
            let slot = u32::try_from(slot).expect("fewer than 2^32 rules");
            let Some(req) = req else {
                always.push(slot);
                continue;
            };
            for lit in req {
                let at = *index.entry(lit.as_slice()).or_insert_with(|| {
                    literals.push(lit.as_slice());
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[at].push(slot);
            }
        }
        let ac = (!literals.is_empty()).then(|| {
            let build = |kind| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .kind(kind)
                    .build(&literals)
            };
            // A DFA scans fastest; past its size limit, the builder's choice.
            build(Some(AhoCorasickKind::DFA))
                .or_else(|_| build(None))
                .expect("literal automaton within size limits")
        });
        Prefilter { ac, owners, always }
    }

    /// The slots that may match `hay`, sorted, into `out`.
    pub fn candidates(&self, hay: &str, out: &mut Vec<u32>) {
        out.clear();
        out.extend_from_slice(&self.always);
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(hay) {
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
        // (?i)s also matches ſ (U+017F), k the Kelvin sign (U+212A).
        let r = req(r"(?i)ask");
        assert!(r.contains(&"ask".to_string()), "{r:?}");
        assert!(r.contains(&"aſk".to_string()), "{r:?}");
        assert!(r.contains(&"as\u{212A}".to_string()), "{r:?}");
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
    fn relaxed_patterns_drop_only_unicode_word_boundaries() {
        assert_eq!(relaxed_pattern(r"(?-u:\b)x"), None);
        let relaxed = relaxed_pattern(r"(?i)\bfoo\b").unwrap();
        let re = regex::Regex::new(&relaxed).unwrap();
        assert!(re.is_match("éFOOé") && !re.is_match("fo o"));
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
    }
}
