//! A line rule's pattern as forward lazy DFAs, asked before its regex
//! ([`Quick`]): a looser form of it for every line, then the pattern
//! restricted to ASCII for an ASCII line the loose form lets through.
//!
//! A line rule only asks "does this line match?" until a line does (then a
//! capture rule reads its groups, a replacement its matches). That question
//! needs one forward automaton, where a full regex also builds a reverse one,
//! capture groups and a prefilter; so the regex is only compiled for a
//! pattern that matches somewhere, or that the DFAs cannot answer for.
//!
//! The loose form goes first on every line: the pattern without its Unicode
//! word boundaries, its long bounded repetitions unbounded and its large
//! classes (`\w`, `\d`) widened to any character past ASCII. It matches more
//! text, never less, so where it does not match the pattern cannot either,
//! and it runs in a small lazy DFA on any text: `.{0,120}` is one state
//! there, where an exact automaton needs one for each count, built as lines
//! first reach them (such states were the largest part of what the rules
//! build once per run on the real-text corpus).
//!
//! An ASCII line it lets through meets the pattern restricted to ASCII
//! (every class cut to its ASCII members), which matches there where the
//! pattern does, a Unicode `\b` included; its automaton is a fraction of the
//! pattern's, where `.` or `\w` take a dozen UTF-8 states or more, repeated
//! `{0,200}` times. Any other line it lets through meets the pattern's own
//! automaton, built then: a lazy DFA, or an NFA simulation when the pattern
//! has a Unicode `\b` (which the lazy DFA answers on ASCII only). Every
//! answer is exact, so the output is the same.

use super::prefilter::map_subs;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::pikevm::{self, PikeVM};
use regex_automata::nfa::thompson::{self, NFA, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::{Input, MatchError};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
    Repetition,
};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

type MakeCache = Box<dyn Fn() -> Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// A pattern's lazy DFAs: see the module's doc.
#[derive(Debug)]
pub(crate) struct Quick {
    /// The pattern restricted to ASCII, asked on the ASCII lines the loose
    /// form lets through.
    ascii: Option<Forward>,
    /// The loose form, asked first on every line.
    loose: Option<Forward>,
    /// The pattern's own automaton, for the other lines the loose form lets
    /// through; `None` when the pattern does not parse.
    exact: Option<Exact>,
}

impl Quick {
    /// The DFAs of `pattern`; one that cannot be built (the pattern does not
    /// parse, or its automaton is too big for a DFA's cache) is left out, and
    /// the regex answers in its place.
    pub(crate) fn new(pattern: &str) -> Quick {
        let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(pattern) else {
            return Quick {
                ascii: None,
                loose: None,
                exact: None,
            };
        };
        Quick {
            ascii: forward_nfa(&ascii_only(&hir)).and_then(Forward::new),
            loose: forward_nfa(&loose(&hir)).and_then(Forward::new),
            exact: Some(Exact {
                hir,
                engine: OnceLock::new(),
            }),
        }
    }

    /// Whether both DFAs were built (for the engine guard).
    #[cfg(test)]
    pub(crate) fn has_dfas(&self) -> bool {
        self.ascii.is_some() && self.loose.is_some()
    }

    /// Whether `hay` matches, when the automata can tell; `None` when only
    /// the regex can (an automaton could not be built, or gave up).
    pub(crate) fn is_match(&self, hay: &str) -> Option<bool> {
        if let Some(Ok(false)) = self.loose.as_ref().map(|dfa| dfa.search(hay)) {
            return Some(false);
        }
        if hay.is_ascii()
            && let Some(Ok(found)) = self.ascii.as_ref().map(|dfa| dfa.search(hay))
        {
            return Some(found);
        }
        self.exact.as_ref()?.is_match(hay)
    }
}

/// The pattern's own automaton, built when a line first needs it (few rules
/// ever meet such a line), with a pool of its caches.
struct Exact {
    hir: Hir,
    engine: OnceLock<Option<Engine>>,
}

enum Engine {
    Dfa(Box<Forward>),
    /// A Unicode `\b`, which a lazy DFA answers on ASCII text only.
    Nfa(PikeVM, Pool<pikevm::Cache, MakeVmCache>),
}

type MakeVmCache = Box<dyn Fn() -> pikevm::Cache + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl std::fmt::Debug for Exact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Exact").finish_non_exhaustive()
    }
}

impl Exact {
    /// `None` when the automaton cannot be built, or its DFA gives up: the
    /// regex answers.
    fn is_match(&self, hay: &str) -> Option<bool> {
        let engine = self.engine.get_or_init(|| {
            let hir = &self.hir;
            let nfa = forward_nfa(hir)?;
            if !hir.properties().look_set().contains_word_unicode() {
                return Forward::new(nfa).map(|dfa| Engine::Dfa(Box::new(dfa)));
            }
            let vm = PikeVM::new_from_nfa(nfa).ok()?;
            let for_pool = vm.clone();
            let make: MakeVmCache = Box::new(move || for_pool.create_cache());
            Some(Engine::Nfa(vm, Pool::new(make)))
        });
        match engine.as_ref()? {
            Engine::Dfa(dfa) => dfa.search(hay).ok(),
            Engine::Nfa(vm, caches) => Some(vm.is_match(&mut caches.get(), hay)),
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

/// The loose form of `pattern`, as a pattern (for the tests that check it
/// with other engines).
#[cfg(test)]
pub(crate) fn loose_pattern(pattern: &str) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    Some(loose(&hir).to_string())
}

/// A repetition bound above this many is dropped in the loose form.
const LOOSE_BOUND: u32 = 8;

/// A class with more ranges past ASCII than this (`\w`, `\d`, `\p{L}`) is
/// widened to all of them in the loose form; a smaller one (`(?i)s`, which
/// holds `ſ`) stays as it is, lest the loose form let through lines that
/// only the pattern's own automaton could then rule out.
const WIDE_CLASS_RANGES: usize = 3;

fn wide(class: &ClassUnicode) -> bool {
    class
        .ranges()
        .iter()
        .filter(|r| !r.end().is_ascii())
        .nth(WIDE_CLASS_RANGES)
        .is_some()
}

/// The loose form of `hir` (see the module's doc): a Unicode word boundary
/// matches the empty string, `X{m,n}` with `n` above [`LOOSE_BOUND`] is
/// `X{m,}`, and a class of many ranges past ASCII holds every character past
/// ASCII. Each step only lets more text match.
fn loose(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(
            Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode,
        ) => Hir::empty(),
        HirKind::Repetition(rep) if rep.max.is_some_and(|max| max > LOOSE_BOUND) => {
            Hir::repetition(Repetition {
                min: rep.min,
                max: None,
                greedy: rep.greedy,
                sub: Box::new(loose(&rep.sub)),
            })
        }
        HirKind::Class(Class::Unicode(class)) if wide(class) => {
            let mut class = class.clone();
            class.union(&ClassUnicode::new([ClassUnicodeRange::new(
                '\u{80}',
                char::MAX,
            )]));
            Hir::class(Class::Unicode(class))
        }
        _ => map_subs(hir, loose),
    }
}

/// `hir` restricted to ASCII: every class cut to its ASCII members, every
/// literal past ASCII made a failure. On an ASCII line it matches where
/// `hir` does (case folding into `ſ` or the Kelvin sign aside, which an
/// ASCII line does not hold either), a Unicode `\b` being the ASCII one there.
fn ascii_only(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Literal(lit) if !lit.0.is_ascii() => Hir::fail(),
        HirKind::Class(Class::Unicode(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut class = class.clone();
            class.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7F)]));
            Hir::class(Class::Bytes(class))
        }
        _ => map_subs(hir, ascii_only),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loose_form_matches_more_never_less() {
        let loose = |p: &str| regex::Regex::new(&loose_pattern(p).unwrap()).unwrap();
        // Unicode word boundaries go, ASCII ones stay.
        let words = loose(r"(?i)\bfoo\b");
        assert!(words.is_match("éFOOé") && !words.is_match("fo o"));
        assert!(!loose(r"(?-u:\b)x").is_match("yx"));
        // Long bounds go, short ones stay.
        let bounded = loose(r"^a.{0,20}b\d{2}$");
        assert!(bounded.is_match(&format!("a{}b12", "x".repeat(30))));
        assert!(!bounded.is_match("ab123"));
        // A class past ASCII holds every character past ASCII, and keeps
        // its ASCII members as they were.
        let greek = loose(r"^[\p{Greek}x]$");
        assert!(greek.is_match("ж") && greek.is_match("x") && !greek.is_match("y"));
    }

    #[test]
    fn the_ascii_form_matches_as_the_pattern_on_ascii_text() {
        let pattern = r"(?i)\b(?:kelvin|straße|\w+ café)\b.{0,5}";
        let ascii =
            regex::Regex::new(&ascii_only(&regex_syntax::parse(pattern).unwrap()).to_string())
                .unwrap();
        let re = regex::Regex::new(pattern).unwrap();
        for hay in [
            "KELVIN x", "Kelvinx", "strasse", "a cafe", "the cafe", "A Kelvin",
        ] {
            assert!(hay.is_ascii());
            assert_eq!(ascii.is_match(hay), re.is_match(hay), "{hay}");
        }
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
            // Non-ASCII: the loose form rules these out ...
            ("Foto: Zürich", true),
            ("Fo to ’", true),
            ("éfoto © x", true),
            // ... and lets these through to the NFA simulation (`(?i)s`
            // matches the long s, and so any character past ASCII).
            ("ſign up ’", false),
            ("Sign up — now", false),
            ("Foto © Zürich", false),
            ("Sign upé", false),
        ] {
            let got = quick.is_match(hay);
            assert_eq!(got, Some(re.is_match(hay)), "{hay}");
            let dfas = Quick {
                exact: None,
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
        assert!(quick.ascii.as_ref().unwrap().search(&hay).is_err());
        assert_eq!(quick.is_match(&hay), None);
        // Without a Unicode `\b`, the pattern's own DFA answers on any line
        // that the loose form lets through.
        let plain = Quick::new(r"(?i)^quelle\s*:\s*.{1,100}$");
        assert_eq!(plain.is_match("Quelle: Zürich – dpa"), Some(true));
        assert_eq!(plain.is_match("Zürich"), Some(false));
    }
}
