//! Fingerprints of a text for finding duplicates: an exact key (a hash of the
//! normalised words) and a MinHash-style signature over word 5-shingles, cut
//! into bands for locality-sensitive hashing (LSH).
//!
//! Normalising ([`words`]) folds case and drops punctuation and layout, so a
//! copy that differs only in quotes, dashes or line breaks has the same
//! exact key. Each word is hashed once (xxh3 of its lowercased form); the
//! exact key is the xxh3 of that sequence of word hashes, and a shingle's
//! hash combines the hashes of its words.
//!
//! The signature is a fast similarity sketch (Dahlgaard, Knudsen and Thorup,
//! "Fast Similarity Sketching", FOCS 2017): [`SLOTS`] slots, each keeping a
//! minimum, filled in rounds. In round `r < SLOTS` every shingle is hashed
//! once more (a 64-bit mix of its hash and `r`), which picks its slot and
//! its value `r + u` (`u` in [0, 1)); in round `SLOTS + j` every shingle
//! offers a value to slot `j` alone, so every slot is filled by round
//! `2 * SLOTS`. The rounds stop as soon as every slot holds a value: a later
//! round's values are all larger, so stopping early changes nothing. A
//! document of a few hundred shingles or more fills every slot in round 0
//! (one hash per shingle, whatever the number of slots); a short one needs a
//! few rounds (about `SLOTS * ln SLOTS` shingle hashes in all). As in
//! MinHash, two documents' slots are equal with probability the Jaccard
//! similarity `J` of their shingle sets, and the share of equal slots
//! estimates `J` about as closely as [`SLOTS`] independent MinHash functions
//! do (the paper's bounds; the tests check it on generated texts).
//!
//! [`BANDS`] bands of [`ROWS`] slots: two documents become candidates when
//! any band is equal, which happens with probability about
//! `1 - (1 - J^ROWS)^BANDS` (0.98 at J = 0.8, 0.62 at J = 0.6, 0.09 at
//! J = 0.4); every candidate is then checked against the threshold with the
//! signature itself, whose slots are kept to 16 bits. Everything is seeded
//! with constants: the same text gives the same fingerprint on every
//! machine, in every run and for any thread count. Nothing stores
//! fingerprints: a run (`--resume`, `newsclean dedup` included) computes
//! them from the text.

mod words;

use words::for_each_word;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle (as Gopher, datatrove and Dolma use).
pub const SHINGLE: usize = 5;
pub const BANDS: usize = 16;
pub const ROWS: usize = 7;
pub const SLOTS: usize = BANDS * ROWS;

/// A document's signature: each slot's minimum kept to 16 bits (a hash of
/// the full value, so two different minima agree by chance once in 65,536,
/// which the estimate ignores), and its band keys, made from the full values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: [u16; SLOTS],
    pub bands: [u32; BANDS],
}

impl Signature {
    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        similarity(&self.mins, &other.mins)
    }
}

/// The share of equal slots of two signatures' slots: the estimated
/// Jaccard similarity of their shingle sets.
pub fn similarity(a: &[u16; SLOTS], b: &[u16; SLOTS]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / SLOTS as f64
}

/// The exact key: a hash of the normalised words.
pub fn exact_key(text: &str) -> u64 {
    fingerprints(text, false).0
}

/// The exact key and, when `near`, the signature of `text`, from one walk
/// over its words.
pub fn fingerprints(text: &str, near: bool) -> (u64, Option<Signature>) {
    let words = word_hashes(text);
    let bytes: Vec<u8> = words.iter().flat_map(|h| h.to_le_bytes()).collect();
    (xxh3_64(&bytes), near.then(|| signature_of_words(&words)))
}

/// The signature of `text` (of its one shingle of all words when it has
/// fewer than [`SHINGLE`]).
pub fn signature(text: &str) -> Signature {
    signature_of_words(&word_hashes(text))
}

/// The xxh3 hash of each normalised word of `text`.
fn word_hashes(text: &str) -> Vec<u64> {
    let mut hashes = Vec::new();
    for_each_word(text, |w| hashes.push(xxh3_64(w)));
    hashes
}

/// The hash of each shingle of `word_hashes` (one shingle of all words
/// when there are fewer than [`SHINGLE`]): its words' hashes, each rotated
/// by its place, and its width, combined by exclusive or. It is mixed
/// further in each round by [`round_hash`].
fn shingle_hashes(word_hashes: &[u64]) -> Vec<u64> {
    let width = SHINGLE.min(word_hashes.len().max(1));
    word_hashes
        .windows(width)
        .map(|window| {
            let mut x = width as u64;
            for (i, h) in window.iter().enumerate() {
                x ^= h.rotate_left(i as u32 * 13);
            }
            x
        })
        .collect()
}

/// A shingle's hash in round `round`: splitmix64's finaliser (a bijection
/// that spreads every input bit over the output) of the shingle's hash
/// offset by the round.
#[inline(always)]
fn round_hash(shingle: u64, round: u64) -> u64 {
    let mut z = shingle ^ round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Each slot's minimum over the shingles, as `round << 32 | u` (`u` the
/// low 32 bits of the round's hash), `u64::MAX` for every slot of a text
/// without words. Rounds below [`SLOTS`] choose a slot by the high 32 bits
/// of the hash; round `SLOTS + j` offers every shingle to slot `j` and is
/// run only while `j` is empty (its values could change no filled slot).
/// A shingle that repeats counts once. More than `16 * SLOTS` distinct
/// shingles leave a slot empty after round 0 about once in 80,000 texts,
/// so a text of more shingles that does is mostly repeats: the later
/// rounds see each of its shingles once (a long text of a few distinct
/// shingles costs them for its distinct ones, not 224 times its length).
fn sketch(mut shingles: Vec<u64>) -> [u64; SLOTS] {
    let mut mins = [u64::MAX; SLOTS];
    let mut empty = SLOTS;
    if shingles.is_empty() {
        return mins;
    }
    for round in 0..SLOTS {
        for &x in &shingles {
            let h = round_hash(x, round as u64);
            let slot = (((h >> 32) * SLOTS as u64) >> 32) as usize;
            let min = &mut mins[slot];
            empty -= usize::from(*min == u64::MAX);
            *min = (*min).min((round as u64) << 32 | (h & 0xffff_ffff));
        }
        if empty == 0 {
            return mins;
        }
        if round == 0 && shingles.len() > 16 * SLOTS {
            shingles.sort_unstable();
            shingles.dedup();
        }
    }
    for (slot, min) in mins.iter_mut().enumerate() {
        if *min == u64::MAX {
            let round = (SLOTS + slot) as u64;
            let u = shingles.iter().map(|&x| round_hash(x, round) & 0xffff_ffff);
            *min = round << 32 | u.min().unwrap_or(u64::MAX >> 32);
        }
    }
    mins
}

/// The signature of a text by the hashes of its words.
fn signature_of_words(word_hashes: &[u64]) -> Signature {
    let mins = sketch(shingle_hashes(word_hashes));
    let bands = std::array::from_fn(|band| {
        let mut bytes = [0u8; ROWS * 8];
        for (chunk, m) in bytes.chunks_exact_mut(8).zip(&mins[band * ROWS..]) {
            chunk.copy_from_slice(&m.to_le_bytes());
        }
        xxh3_64_with_seed(&bytes, band as u64) as u32
    });
    Signature {
        // The high bits of a product with an odd constant depend on every
        // bit of the value, the random low 32 bits included.
        mins: mins.map(|m| (m.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 48) as u16),
        bands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The council voted on Tuesday to extend the night bus service to the airport, \
        after a year in which passenger numbers doubled and the last train left before midnight. \
        Drivers' unions welcomed the decision but asked for a second depot near the terminal.";

    #[test]
    fn layout_and_case_do_not_change_the_exact_key() {
        let other = TEXT.to_uppercase().replace(". ", ".\n\n");
        assert_eq!(exact_key(TEXT), exact_key(&other));
        assert_ne!(
            exact_key(TEXT),
            exact_key(&TEXT.replace("Tuesday", "Monday"))
        );
        // The words' order and their boundaries count, not only their hashes.
        assert_ne!(exact_key("bus night"), exact_key("night bus"));
        assert_ne!(exact_key("nightbus"), exact_key("night bus"));
    }

    #[test]
    fn similarity_tracks_the_share_of_shared_shingles() {
        let same = signature(TEXT);
        assert_eq!(same, signature(TEXT));
        assert_eq!(same.similarity(&signature(TEXT)), 1.0);
        let edited = signature(&TEXT.replace("doubled", "tripled"));
        let s = same.similarity(&edited);
        assert!(s > 0.6 && s < 1.0, "{s}");
        let unrelated = signature(
            "Heavy rain closed three mountain passes overnight and the ferry to the \
             island was cancelled until further notice, the coast guard said on Friday.",
        );
        assert!(same.similarity(&unrelated) < 0.1);
    }

    #[test]
    fn a_short_text_is_one_shingle() {
        assert_eq!(
            signature("Breaking news").mins,
            signature("breaking  NEWS!").mins
        );
        assert_ne!(
            signature("Breaking news").mins,
            signature("news breaking").mins
        );
    }

    /// `count` shingle hashes drawn from `rng`.
    fn shingles(rng: &mut fastrand::Rng, count: usize) -> Vec<u64> {
        (0..count).map(|_| rng.u64(..)).collect()
    }

    #[test]
    fn every_slot_is_filled_and_neither_order_nor_repeats_count() {
        let mut rng = fastrand::Rng::with_seed(11);
        for count in [1, 2, 5, 40, 112, 500, 3000] {
            let set = shingles(&mut rng, count);
            let mins = sketch(set.clone());
            assert!(mins.iter().all(|&m| m != u64::MAX), "{count}");
            let mut shuffled = [&set[..], &set[..count / 2]].concat();
            rng.shuffle(&mut shuffled);
            assert_eq!(sketch(shuffled), mins, "{count}");
            assert_eq!(sketch(set.repeat(20)), mins, "{count}");
        }
        assert_eq!(
            signature(&"spam ".repeat(3000)),
            signature("spam spam spam spam spam")
        );
        assert_eq!(sketch(Vec::new()), [u64::MAX; SLOTS]);
    }

    /// The rounds stop once every slot is filled; had they stopped too early
    /// for one of two sets, the union's slots would not be the smaller of
    /// the two sets' slots.
    #[test]
    fn the_sketch_of_a_union_is_the_slotwise_minimum() {
        let mut rng = fastrand::Rng::with_seed(12);
        for (a, b) in [(1, 1), (3, 200), (30, 30), (150, 2000), (1, 5000)] {
            let (a, b) = (shingles(&mut rng, a), shingles(&mut rng, b));
            let (sa, sb) = (sketch(a.clone()), sketch(b.clone()));
            let union = sketch([a, b].concat());
            let want: Vec<u64> = sa.iter().zip(&sb).map(|(x, y)| *x.min(y)).collect();
            assert_eq!(union.to_vec(), want);
        }
    }

    /// A text of `len` words drawn from a vocabulary of 3,000.
    fn text(rng: &mut fastrand::Rng, len: usize) -> Vec<String> {
        (0..len)
            .map(|_| format!("w{}", rng.usize(..3000)))
            .collect()
    }

    fn jaccard(a: &str, b: &str) -> f64 {
        let set = |t: &str| -> std::collections::HashSet<u64> {
            shingle_hashes(&word_hashes(t)).into_iter().collect()
        };
        let (a, b) = (set(a), set(b));
        a.intersection(&b).count() as f64 / a.union(&b).count() as f64
    }

    /// On generated texts of 6 to 3,000 words and copies with words
    /// replaced, dropped or added, the estimate is within 0.2 of the exact
    /// Jaccard similarity of the shingle sets (over 4 standard deviations of
    /// 112 independent minima), and unbiased: the mean error is within 0.02,
    /// the mean absolute error below 0.05.
    #[test]
    fn the_estimate_agrees_with_the_exact_jaccard_similarity() {
        let mut rng = fastrand::Rng::with_seed(13);
        let mut errors = Vec::new();
        for len in [6, 12, 30, 60, 150, 400, 1000, 3000] {
            for _ in 0..40 {
                let original = text(&mut rng, len);
                let mut copy = original.clone();
                for _ in 0..rng.usize(..=len / 8 + 1) {
                    let i = rng.usize(..copy.len());
                    match rng.u8(..3) {
                        0 => copy[i] = format!("x{}", rng.u32(..)),
                        1 if copy.len() > 1 => drop(copy.remove(i)),
                        _ => copy.insert(i, format!("y{}", rng.u32(..))),
                    }
                }
                let (a, b) = (original.join(" "), copy.join(". "));
                let exact = jaccard(&a, &b);
                let estimate = signature(&a).similarity(&signature(&b));
                assert!((estimate - exact).abs() < 0.2, "{len}: {estimate} {exact}");
                errors.push(estimate - exact);
            }
        }
        let n = errors.len() as f64;
        let mean = errors.iter().sum::<f64>() / n;
        let mean_abs = errors.iter().map(|e| e.abs()).sum::<f64>() / n;
        assert!(mean.abs() < 0.02 && mean_abs < 0.05, "{mean} {mean_abs}");
    }
}
