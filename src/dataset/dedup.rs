//! Finding duplicates in input order: the first copy of a text is kept as it
//! is, every later copy names it in `duplicate_of`. `exact` compares the hash
//! of the normalised text ([`minhash::exact_key`]); `near` also compares
//! MinHash signatures through LSH bands ([`minhash`]) and takes a document
//! whose estimated Jaccard similarity to an earlier one reaches the threshold.
//!
//! The index sees documents one at a time in input order (the sink's order),
//! so its answers do not depend on the thread count. It holds only the first
//! copies: per document an 8-byte exact key, the 224-byte signature, 16
//! band entries of 8 bytes and the id, about 400 bytes with the tables'
//! slack. A later copy that matches a duplicate but not its original is not
//! found (duplicates are not indexed, which keeps the state to the distinct
//! texts). When `max_docs` distinct texts are held, later texts are still
//! checked but no longer added, and [`Index::full`] says so.

use super::minhash::{self, BANDS, Signature};
use rustc_hash::FxHashMap;

/// How duplicates are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Mode {
    /// No duplicate detection.
    Off,
    /// Same text once case, punctuation and layout are folded.
    Exact,
    /// Exact, and MinHash/LSH over word 5-shingles above a Jaccard threshold.
    #[default]
    Near,
}

/// What a worker computed for the index: cheap to make in parallel.
#[derive(Debug, Clone)]
pub struct Fingerprint {
    pub exact: u64,
    pub signature: Option<Box<Signature>>,
}

impl Fingerprint {
    pub fn of(text: &str, mode: Mode) -> Option<Fingerprint> {
        (mode != Mode::Off).then(|| {
            let (exact, signature) = minhash::fingerprints(text, mode == Mode::Near);
            Fingerprint {
                exact,
                signature: signature.map(Box::new),
            }
        })
    }
}

/// The first copies seen so far.
pub struct Index {
    threshold: f64,
    max_docs: usize,
    // Keys are hashes already (xxh3 of the text, of a band): Fx's one
    // multiply spreads them, SipHash only costs the ordered thread time.
    exact: FxHashMap<u64, u32>,
    bands: Vec<FxHashMap<u32, u32>>,
    signatures: Vec<[u16; minhash::SLOTS]>,
    /// The ids of the first copies, one after another; `ends[i]` ends id `i`.
    ids: String,
    ends: Vec<usize>,
    full: bool,
}

/// How many distinct texts an index holds by default (about 4 GB).
pub const DEFAULT_MAX_DOCS: usize = 10_000_000;

impl Index {
    pub fn new(threshold: f64, max_docs: usize) -> Index {
        Index {
            threshold,
            max_docs,
            exact: FxHashMap::default(),
            bands: (0..BANDS).map(|_| FxHashMap::default()).collect(),
            signatures: Vec::new(),
            ids: String::new(),
            ends: Vec::new(),
            full: false,
        }
    }

    fn id(&self, i: u32) -> &str {
        let i = i as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.ids[start..self.ends[i]]
    }

    /// Whether texts were left out of the index for want of room.
    pub fn full(&self) -> bool {
        self.full
    }

    /// The id of the earlier document `fp` duplicates, or `None` after
    /// recording it as a first copy.
    pub fn check(&mut self, id: &str, fp: &Fingerprint) -> Option<String> {
        if let Some(&i) = self.exact.get(&fp.exact) {
            return Some(self.id(i).to_string());
        }
        if let Some(sig) = &fp.signature {
            let mut candidates: Vec<u32> = sig
                .bands
                .iter()
                .zip(&self.bands)
                .filter_map(|(key, table)| table.get(key).copied())
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            // The earliest similar enough document is the original.
            for i in candidates {
                if minhash::similarity(&self.signatures[i as usize], &sig.mins) >= self.threshold {
                    return Some(self.id(i).to_string());
                }
            }
        }
        self.add(id, fp);
        None
    }

    fn add(&mut self, id: &str, fp: &Fingerprint) {
        if self.ends.len() >= self.max_docs {
            self.full = true;
            return;
        }
        let i = self.ends.len() as u32;
        self.ids.push_str(id);
        self.ends.push(self.ids.len());
        self.exact.insert(fp.exact, i);
        if let Some(sig) = &fp.signature {
            for (key, table) in sig.bands.iter().zip(&mut self.bands) {
                table.entry(*key).or_insert(i);
            }
            self.signatures.push(sig.mins);
        } else {
            self.signatures.push([0; minhash::SLOTS]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "The council voted on Tuesday to extend the night bus service to the airport, \
        after a year in which passenger numbers doubled and the last train left before midnight. \
        Drivers' unions welcomed the decision but asked for a second depot near the terminal, \
        which the council said it would study before the next budget is put to a vote in spring.";
    const B: &str = "Heavy rain closed three mountain passes overnight and the ferry to the \
        island was cancelled until further notice, the coast guard said on Friday, adding that \
        the storm was expected to move north by Sunday.";

    fn run(mode: Mode, texts: &[&str]) -> Vec<Option<String>> {
        let mut index = Index::new(0.8, DEFAULT_MAX_DOCS);
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| index.check(&format!("d{i}"), &Fingerprint::of(t, mode).unwrap()))
            .collect()
    }

    #[test]
    fn exact_finds_copies_and_names_the_first() {
        let copy = A.replace(", ", " , ");
        let got = run(Mode::Exact, &[A, B, &copy, A]);
        assert_eq!(got, [None, None, Some("d0".into()), Some("d0".into())]);
    }

    #[test]
    fn near_finds_copies_with_a_framing_line_but_not_other_texts() {
        let framed = format!("From our partners\n\n{A}\n\nShare this story");
        let edited = A.replace("Tuesday", "Wednesday");
        assert_eq!(run(Mode::Exact, &[A, &framed])[1], None);
        let got = run(Mode::Near, &[A, B, &framed, &edited]);
        assert_eq!(got, [None, None, Some("d0".into()), Some("d0".into())]);
    }

    #[test]
    fn a_full_index_still_checks_but_adds_nothing() {
        let mut index = Index::new(0.8, 1);
        let fp = |t: &str| Fingerprint::of(t, Mode::Near).unwrap();
        assert_eq!(index.check("a", &fp(A)), None);
        assert_eq!(index.check("b", &fp(B)), None);
        assert!(index.full());
        assert_eq!(index.check("c", &fp(B)), None);
        assert_eq!(index.check("d", &fp(A)).as_deref(), Some("a"));
    }
}
