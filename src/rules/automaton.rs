//! An Aho-Corasick automaton that is cheap to build and fast once it pays:
//! an NFA at first, a DFA once a run has scanned a megabyte with it. Used by
//! the rules' prefilter and the literal scout, whose DFAs would otherwise be
//! most of a small run's start-up.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

/// An Aho-Corasick automaton that starts as an NFA, cheap to build, and
/// becomes a DFA, far costlier to build (10 ms for the built-in rules' 500
/// literals, 70 ms for 10,000; most of a small run's start-up) but faster to
/// scan, once a run has scanned enough text with it for the DFA to pay.
#[derive(Debug, Clone)]
pub(crate) struct Automaton {
    nfa: AhoCorasick,
    later: Arc<Later>,
}

#[derive(Debug)]
struct Later {
    builder: AhoCorasickBuilder,
    patterns: Vec<Vec<u8>>,
    /// Bytes scanned with the NFA so far (in all threads).
    scanned: AtomicUsize,
    /// Built once `scanned` passes [`Automaton::UPGRADE`]; `None` inside
    /// when the DFA would be too large.
    dfa: OnceLock<Option<AhoCorasick>>,
    /// Set by the thread that builds `dfa`.
    building: AtomicBool,
}

impl Automaton {
    const UPGRADE: usize = 1 << 20;

    /// `builder` says everything but the kind of automaton.
    pub fn new(
        builder: &AhoCorasickBuilder,
        patterns: &[impl AsRef<[u8]>],
    ) -> Result<Automaton, aho_corasick::BuildError> {
        let nfa = builder
            .clone()
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(patterns)?;
        Ok(Automaton {
            nfa,
            later: Arc::new(Later {
                builder: builder.clone(),
                patterns: patterns.iter().map(|p| p.as_ref().to_vec()).collect(),
                scanned: AtomicUsize::new(0),
                dfa: OnceLock::new(),
                building: AtomicBool::new(false),
            }),
        })
    }

    /// The automaton to scan `len` more bytes with.
    pub fn get(&self, len: usize) -> &AhoCorasick {
        let later = &*self.later;
        if let Some(dfa) = later.dfa.get() {
            return dfa.as_ref().unwrap_or(&self.nfa);
        }
        if later.scanned.fetch_add(len, Ordering::Relaxed) + len < Automaton::UPGRADE {
            return &self.nfa;
        }
        // One thread builds the DFA; the others go on with the NFA meanwhile
        // instead of waiting for it (which cost a `-j2` run's wall time).
        if later.building.swap(true, Ordering::AcqRel) {
            return &self.nfa;
        }
        let mut builder = later.builder.clone();
        let dfa = builder
            .kind(Some(AhoCorasickKind::DFA))
            .build(&later.patterns)
            .ok();
        let dfa = later.dfa.get_or_init(|| dfa);
        dfa.as_ref().unwrap_or(&self.nfa)
    }

    #[cfg(test)]
    pub(crate) fn upgraded(&self) -> bool {
        self.later.dfa.get().is_some_and(Option::is_some)
    }
}
