//! A pattern's relaxed form: the pattern without its Unicode word boundaries
//! (`\b`, `\B`, `\b{start}`...), tried first on lines with non-ASCII text.
//! Dropping an assertion only lets more text match, so where the relaxed form
//! does not match, the pattern cannot either; and unlike the pattern, it runs
//! in a lazy DFA on any text (a Unicode `\b` sends every line with a
//! non-ASCII character to the far slower NFA simulation).
//!
//! The relaxed form only ever answers "may this line match?", so it is built
//! as a forward lazy DFA alone, from the parsed pattern: no reverse automaton,
//! no capture groups, no prefilter and no second parse of a printed pattern,
//! which a full regex would build (its build was a third of the rules' start
//! cost on a run of a few hundred pages). Its answer is exact whatever the
//! engine, so the output is the same.

use regex_automata::Input;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_syntax::hir::{Capture, Hir, HirKind, Look, Repetition};
use std::panic::{RefUnwindSafe, UnwindSafe};

type MakeCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The relaxed form of one pattern, ready to ask of lines: a forward lazy DFA
/// and a pool of its caches, one per thread asking at once.
pub(crate) struct Relaxed {
    dfa: DFA,
    caches: Pool<Cache, MakeCache>,
}

impl std::fmt::Debug for Relaxed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Relaxed").finish_non_exhaustive()
    }
}

impl Relaxed {
    /// The relaxed form of `pattern`; `None` when it has no Unicode word
    /// boundary (the pattern runs in a lazy DFA as it is), or does not parse,
    /// or its automaton could not be built: then the pattern itself decides.
    pub(crate) fn new(pattern: &str) -> Option<Relaxed> {
        let hir = relaxed_hir(pattern)?;
        let nfa = thompson::Compiler::new()
            .configure(thompson::Config::new().which_captures(WhichCaptures::None))
            .build_from_hir(&hir)
            .ok()?;
        let dfa = DFA::builder().build_from_nfa(nfa).ok()?;
        let for_pool = dfa.clone();
        let make: MakeCache = Box::new(move || for_pool.create_cache());
        Some(Relaxed {
            dfa,
            caches: Pool::new(make),
        })
    }

    /// Whether the relaxed form matches somewhere in `hay`; true as well when
    /// the lazy DFA gave up (the pattern itself then decides).
    pub(crate) fn may_match(&self, hay: &str) -> bool {
        let mut cache = self.caches.get();
        self.dfa
            .try_search_fwd(&mut cache, &Input::new(hay).earliest(true))
            .map_or(true, |found| found.is_some())
    }
}

/// `pattern` without its Unicode word boundaries, parsed; `None` when it has
/// none or does not parse.
fn relaxed_hir(pattern: &str) -> Option<Hir> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    hir.properties()
        .look_set()
        .contains_word_unicode()
        .then(|| without_unicode_words(&hir))
}

/// The relaxed form of `pattern` as a pattern (for the tests that check it
/// with other engines).
#[cfg(test)]
pub(crate) fn relaxed_pattern(pattern: &str) -> Option<String> {
    relaxed_hir(pattern).map(|hir| hir.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_patterns_drop_only_unicode_word_boundaries() {
        assert_eq!(relaxed_pattern(r"(?-u:\b)x"), None);
        assert!(Relaxed::new(r"(?-u:\b)x").is_none());
        let relaxed = relaxed_pattern(r"(?i)\bfoo\b").unwrap();
        let re = regex::Regex::new(&relaxed).unwrap();
        assert!(re.is_match("éFOOé") && !re.is_match("fo o"));
    }

    #[test]
    fn the_lazy_dfa_answers_as_the_relaxed_regex_does() {
        let pattern = r"(?i)^(?:\bsign up\b.{0,20}|\bfoto\s*©\s*\w+)$";
        let dfa = Relaxed::new(pattern).unwrap();
        let re = regex::Regex::new(&relaxed_pattern(pattern).unwrap()).unwrap();
        for hay in [
            "Sign up — now",
            "xsign upx",
            "sign up for a newsletter that runs far too long",
            "Foto © Zürich",
            "Foto: Zürich",
            "ſign up ’",
            "",
        ] {
            assert_eq!(dfa.may_match(hay), re.is_match(hay), "{hay}");
        }
    }
}
