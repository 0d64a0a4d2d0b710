//! A line rule's pattern as forward lazy DFAs, asked before its regex
//! ([`Quick`]): the pattern itself, and its relaxed form, the pattern without
//! its Unicode word boundaries (`\b`, `\B`, `\b{start}`...).
//!
//! A line rule only asks "does this line match?" until a line does (then a
//! capture rule reads its groups, a replacement its matches). That question
//! needs one forward automaton, where a full regex also builds a reverse one,
//! capture groups and a prefilter; so the regex is only compiled for a
//! pattern that matches somewhere, or that the DFAs cannot answer for. The
//! pattern's DFA answers on any line when it has no Unicode `\b`, and on
//! ASCII lines when it has one (it stops at the first non-ASCII byte, where
//! a Unicode `\b` needs the slower engines). On such a line the relaxed form
//! goes first: dropping an assertion only lets more text match, so where it
//! does not match, the pattern cannot either, and it runs in a lazy DFA on
//! any text. Every answer is exact, so the output is the same.

use super::prefilter::map_subs;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchError};
use regex_syntax::hir::{Hir, HirKind, Look};
use std::panic::{RefUnwindSafe, UnwindSafe};

type MakeCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A pattern's lazy DFAs: see the module's doc.
#[derive(Debug)]
pub(crate) struct Quick {
    whole: Option<Forward>,
    relaxed: Option<Forward>,
    /// The NFA simulation of the pattern's own automaton, for a line that
    /// stopped its DFA and that the relaxed form matches.
    nfa: Option<Simulation>,
}

impl Quick {
    /// The DFAs of `pattern`; one that cannot be built (the pattern does not
    /// parse, or its automaton is too big for a DFA's cache) is left out, and
    /// the regex answers in its place.
    pub(crate) fn new(pattern: &str) -> Quick {
        let none = Quick {
            whole: None,
            relaxed: None,
            nfa: None,
        };
        let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
            return none;
        };
        let Some(nfa) = forward_nfa(&hir) else {
            return none;
        };
        let relaxed = hir
            .properties()
            .look_set()
            .contains_word_unicode()
            .then(|| forward_nfa(&without_unicode_words(&hir)).and_then(Forward::new))
            .flatten();
        Quick {
            nfa: relaxed.as_ref().and_then(|_| Simulation::new(nfa.clone())),
            whole: Forward::new(nfa),
            relaxed,
        }
    }

    /// Whether the pattern's DFA was built, and the relaxed form's when
    /// `relaxed` (for the engine guard).
    #[cfg(test)]
    pub(crate) fn has_dfas(&self, relaxed: bool) -> bool {
        self.whole.is_some() && self.relaxed.is_some() == relaxed
    }

    /// Whether `hay` matches, when the DFAs can tell; `None` when only the
    /// regex can (a Unicode `\b` on a line with non-ASCII text that the
    /// relaxed form matches).
    pub(crate) fn is_match(&self, hay: &str) -> Option<bool> {
        if let Some(Ok(found)) = self.whole.as_ref().map(|w| w.search(hay)) {
            return Some(found);
        }
        match self.relaxed.as_ref().map(|r| r.search(hay)) {
            Some(Ok(false)) => Some(false),
            _ => self.nfa.as_ref().map(|n| n.is_match(hay)),
        }
    }
}

/// The pattern's forward automaton, without capture groups. Each thread
/// keeps one compiler: it clears its buffers for the next pattern instead
/// of allocating and freeing them (among them a 10,000-entry table of
/// UTF-8 suffixes) for every pattern; the automaton is the same.
fn forward_nfa(hir: &Hir) -> Option<NFA> {
    thread_local! {
        static COMPILER: thompson::Compiler = {
            let mut compiler = thompson::Compiler::new();
            compiler.configure(thompson::Config::new().which_captures(WhichCaptures::None));
            compiler
        };
    }
    COMPILER.with(|compiler| compiler.build_from_hir(hir).ok())
}

/// The NFA simulation of a forward automaton and a pool of its caches: the
/// engine a regex falls back to for a Unicode `\b` on non-ASCII text.
struct Simulation {
    vm: PikeVM,
    caches: Pool<pikevm::Cache, MakeVmCache>,
}

type MakeVmCache = Box<dyn Fn() -> pikevm::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl std::fmt::Debug for Simulation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulation").finish_non_exhaustive()
    }
}

impl Simulation {
    fn new(nfa: NFA) -> Option<Simulation> {
        let vm = PikeVM::new_from_nfa(nfa).ok()?;
        let for_pool = vm.clone();
        let make: MakeVmCache = Box::new(move || for_pool.create_cache());
        Some(Simulation {
            vm,
            caches: Pool::new(make),
        })
    }

    fn is_match(&self, hay: &str) -> bool {
        self.vm.is_match(&mut self.caches.get(), hay)
    }
}

/// A forward lazy DFA and a pool of its caches, one per thread asking at once.
struct Forward {
    dfa: DFA,
    caches: Pool<Cache, MakeCache>,
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forward").finish_non_exhaustive()
    }
}

impl Forward {
    fn new(nfa: NFA) -> Option<Forward> {
        // A Unicode `\b` is answered on ASCII text; the search stops, with
        // an error, at the first byte past ASCII. Like the regex crate's own
        // lazy DFA, it gives up on a pattern whose states it keeps throwing
        // away (an automaton that blows up on the text), and the slower
        // engines answer instead.
        let config = DFA::config()
            .unicode_word_boundary(true)
            .minimum_cache_clear_count(Some(3))
            .minimum_bytes_per_state(Some(10));
        let dfa = DFA::builder().configure(config).build_from_nfa(nfa).ok()?;
        let for_pool = dfa.clone();
        let make: MakeCache = Box::new(move || for_pool.create_cache());
        Some(Forward {
            dfa,
            caches: Pool::new(make),
        })
    }

    /// Whether the automaton matches somewhere in `hay`; an error where it
    /// stopped without an answer (at a byte past ASCII, or giving up).
    fn search(&self, hay: &str) -> Result<bool, MatchError> {
        let mut cache = self.caches.get();
        self.dfa
            .try_search_fwd(&mut cache, &Input::new(hay).earliest(true))
            .map(|found| found.is_some())
    }
}

/// `pattern` without its Unicode word boundaries, parsed; `None` when it has
/// none or does not parse.
#[cfg(test)]
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
        _ => map_subs(hir, without_unicode_words),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relaxed_patterns_drop_only_unicode_word_boundaries() {
        assert_eq!(relaxed_pattern(r"(?-u:\b)x"), None);
        assert!(Quick::new(r"(?-u:\b)x").relaxed.is_none());
        let relaxed = relaxed_pattern(r"(?i)\bfoo\b").unwrap();
        let re = regex::Regex::new(&relaxed).unwrap();
        assert!(re.is_match("éFOOé") && !re.is_match("fo o"));
    }

    #[test]
    fn the_dfas_answer_as_the_regex_does_or_leave_it_to_the_regex() {
        let pattern = r"(?i)^(?:\bsign up\b.{0,20}|\bfoto\s*©\s*\w+)$";
        let quick = Quick::new(pattern);
        let re = regex::Regex::new(pattern).unwrap();
        for (hay, answered) in [
            ("Sign up now", true),
            ("xsign upx", true),
            ("sign up for a newsletter that runs far too long", true),
            ("", true),
            // Non-ASCII: the relaxed form rules these out ...
            ("Foto: Zürich", true),
            ("Fo to ’", true),
            ("éfoto © x", true),
            // ... and lets these through to the NFA simulation (`(?i)s`
            // matches the long s).
            ("ſign up ’", false),
            ("Sign up — now", false),
            ("Foto © Zürich", false),
            ("Sign upé", false),
        ] {
            let got = quick.is_match(hay);
            assert_eq!(got, Some(re.is_match(hay)), "{hay}");
            let dfas = Quick {
                nfa: None,
                ..Quick::new(pattern)
            };
            assert_eq!(dfas.is_match(hay).is_some(), answered, "{hay}");
        }
        // A DFA that blows up gives up, and the regex answers.
        let blowup = r"(?:a|b)*a(?:a|b){20}c";
        let quick = Quick::new(blowup);
        let mut state = 7u32;
        let hay: String = (0..200_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                if state >> 16 & 1 == 0 { 'a' } else { 'b' }
            })
            .collect();
        assert!(quick.whole.as_ref().unwrap().search(&hay).is_err());
        assert_eq!(quick.is_match(&hay), None);
        // Without a Unicode `\b`, the pattern's DFA answers on any line.
        let plain = Quick::new(r"(?i)^quelle\s*:\s*.{1,100}$");
        assert!(plain.relaxed.is_none());
        assert_eq!(plain.is_match("Quelle: Zürich – dpa"), Some(true));
        assert_eq!(plain.is_match("Zürich"), Some(false));
    }
}
