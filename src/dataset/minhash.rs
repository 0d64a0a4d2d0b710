//! Fingerprints of a text for finding duplicates: an exact key (a hash of the
//! normalised words) and a MinHash signature over word 5-shingles, cut into
//! bands for locality-sensitive hashing (LSH).
//!
//! Normalising folds case and drops punctuation and layout, so a copy that
//! differs only in quotes, dashes or line breaks has the same exact key.
//! MinHash: each of [`HASHES`] hash functions `h_i(x) = (a_i * x + b_i) >> 32`
//! (multiply-shift over a 64-bit xxh3 hash of the shingle, with fixed odd
//! `a_i`) keeps its minimum over the document's shingles; the share of equal
//! minima between two documents estimates the Jaccard similarity of their
//! shingle sets. [`BANDS`] bands of [`ROWS`] rows: two documents become
//! candidates when any band is equal, which happens with probability
//! `1 - (1 - J^ROWS)^BANDS` (0.98 at J = 0.8, 0.62 at J = 0.6, 0.09 at
//! J = 0.4); every candidate is then checked against the threshold with the
//! signature itself. Everything is seeded with constants: the same text gives
//! the same fingerprint on every machine and in every run.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Words per shingle (as Gopher, datatrove and Dolma use).
pub const SHINGLE: usize = 5;
pub const BANDS: usize = 16;
pub const ROWS: usize = 7;
pub const HASHES: usize = BANDS * ROWS;

/// A document's MinHash signature, each minimum kept to 16 bits (b-bit
/// MinHash: two unequal minima agree by chance once in 65,536, which the
/// estimate ignores) and its band keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub mins: [u16; HASHES],
    pub bands: [u32; BANDS],
}

impl Signature {
    /// Estimated Jaccard similarity of the two shingle sets.
    pub fn similarity(&self, other: &Signature) -> f64 {
        let same = self
            .mins
            .iter()
            .zip(&other.mins)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / HASHES as f64
    }
}

/// Calls `each` with the words of `text`, lowercased, split at anything
/// not alphanumeric. Every document's words pass here twice (exact key and
/// signature), so the text is walked a byte at a time where it is ASCII
/// (a character is decoded only at a non-ASCII byte), and an ASCII word is
/// lowercased in one buffer, reused; any other goes through
/// `str::to_lowercase`, which it equals on ASCII.
fn for_each_word(text: &str, mut each: impl FnMut(&str)) {
    let mut buf = String::new();
    let mut word = |word: &str, ascii: bool| {
        if ascii {
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            each(&buf);
        } else {
            each(&word.to_lowercase());
        }
    };
    let bytes = text.as_bytes();
    // Whether the character at byte `i` is alphanumeric, and its length.
    let class = |i: usize| match text[i..].chars().next() {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        None => (false, 1),
    };
    let mut i = 0;
    while i < bytes.len() {
        let (alphanumeric, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => class(i),
        };
        if !alphanumeric {
            i += len;
            continue;
        }
        let (start, mut ascii) = (i, len == 1);
        i += len;
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                i += 1;
            } else if bytes[i].is_ascii() {
                break;
            } else {
                match class(i) {
                    (true, len) => i += len,
                    (false, _) => break,
                }
                ascii = false;
            }
        }
        word(&text[start..i], ascii);
    }
}

/// The exact key: a hash of the normalised words.
pub fn exact_key(text: &str) -> u64 {
    fingerprints(text, false).0
}

/// The exact key and, when `near`, the MinHash signature of `text`, from
/// one walk over its words.
pub fn fingerprints(text: &str, near: bool) -> (u64, Option<Signature>) {
    let mut joined = String::with_capacity(text.len());
    let mut word_hashes = Vec::new();
    for_each_word(text, |w| {
        joined.push_str(w);
        joined.push(' ');
        if near {
            word_hashes.push(xxh3_64(w.as_bytes()));
        }
    });
    (
        xxh3_64(joined.as_bytes()),
        near.then(|| signature_of_words(&word_hashes)),
    )
}

/// The fixed multipliers and offsets of the hash functions (splitmix64,
/// drawn in pairs: `a_0, b_0, a_1, b_1, ...`), kept as two arrays so the
/// loop over the functions, run for every shingle, is vectorised.
struct Coefficients {
    a: [u64; HASHES],
    b: [u64; HASHES],
}

fn coefficients() -> &'static Coefficients {
    static COEFFS: std::sync::OnceLock<Coefficients> = std::sync::OnceLock::new();
    COEFFS.get_or_init(|| {
        let mut state = 0x6e65_7773_636c_6561_u64; // "newsclea"
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let pairs: [(u64, u64); HASHES] = std::array::from_fn(|_| (next() | 1, next()));
        Coefficients {
            a: pairs.map(|(a, _)| a),
            b: pairs.map(|(_, b)| b),
        }
    })
}

/// Lowers each of `mins` to its hash function's value of `x`.
#[inline(always)]
fn lower_mins(mins: &mut [u32; HASHES], c: &Coefficients, x: u64) {
    for ((min, a), b) in mins.iter_mut().zip(&c.a).zip(&c.b) {
        let h = (a.wrapping_mul(x).wrapping_add(*b) >> 32) as u32;
        *min = (*min).min(h);
    }
}

/// The minima of every hash function over the shingles of `word_hashes`
/// (one shingle of all words when there are fewer than [`SHINGLE`]).
#[inline(always)]
fn shingle_mins(word_hashes: &[u64], c: &Coefficients) -> [u32; HASHES] {
    let mut mins = [u32::MAX; HASHES];
    let width = SHINGLE.min(word_hashes.len().max(1));
    for window in word_hashes.windows(width) {
        let mut x = 0u64;
        for (i, h) in window.iter().enumerate() {
            x ^= h.rotate_left(i as u32 * 13);
        }
        let x = xxh3_64_with_seed(&x.to_le_bytes(), width as u64);
        lower_mins(&mut mins, c, x);
    }
    mins
}

/// [`shingle_mins`] compiled for AVX2: four 64-bit lanes where the baseline
/// x86-64 build has two, and an unsigned 32-bit minimum in one instruction.
/// The same integer arithmetic, so the same minima.
///
/// # Safety
/// Only to be called on a CPU with AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn shingle_mins_avx2(word_hashes: &[u64], c: &Coefficients) -> [u32; HASHES] {
    shingle_mins(word_hashes, c)
}

/// [`shingle_mins`] compiled for AVX-512 (F and DQ): eight 64-bit lanes,
/// and a 64-bit multiply in one instruction where AVX2 needs three and
/// shifts. The same integer arithmetic, so the same minima.
///
/// # Safety
/// Only to be called on a CPU with AVX-512 F and DQ.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
unsafe fn shingle_mins_avx512(word_hashes: &[u64], c: &Coefficients) -> [u32; HASHES] {
    shingle_mins(word_hashes, c)
}

/// The MinHash signature of `text` (of its one shingle of all words when
/// it has fewer than [`SHINGLE`]).
pub fn signature(text: &str) -> Signature {
    let mut word_hashes = Vec::new();
    for_each_word(text, |w| word_hashes.push(xxh3_64(w.as_bytes())));
    signature_of_words(&word_hashes)
}

/// The signature of a text by the hashes of its words. The loop over the
/// hash functions, run for every shingle, is most of a signature's cost
/// (`perf`), so it runs in AVX-512 or AVX2 where the CPU has them.
fn signature_of_words(word_hashes: &[u64]) -> Signature {
    let coeffs = coefficients();
    #[cfg(target_arch = "x86_64")]
    let mins = if std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512f")
    {
        // SAFETY: the CPU has AVX-512 F and DQ, checked just above.
        unsafe { shingle_mins_avx512(word_hashes, coeffs) }
    } else if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { shingle_mins_avx2(word_hashes, coeffs) }
    } else {
        shingle_mins(word_hashes, coeffs)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let mins = shingle_mins(word_hashes, coeffs);
    let bands = std::array::from_fn(|band| {
        let mut bytes = [0u8; ROWS * 4];
        for (chunk, m) in bytes.chunks_exact_mut(4).zip(&mins[band * ROWS..]) {
            chunk.copy_from_slice(&m.to_le_bytes());
        }
        xxh3_64_with_seed(&bytes, band as u64) as u32
    });
    Signature {
        mins: mins.map(|m| (m >> 16) as u16),
        bands,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The council voted on Tuesday to extend the night bus service to the airport, \
        after a year in which passenger numbers doubled and the last train left before midnight. \
        Drivers' unions welcomed the decision but asked for a second depot near the terminal.";

    fn words_match_the_plain_definition(text: &str) {
        let plain: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut seen = Vec::new();
        for_each_word(text, |w| seen.push(w.to_string()));
        assert_eq!(seen, plain, "{text:?}");
    }

    #[test]
    fn words_are_the_lowercased_alphanumeric_runs() {
        words_match_the_plain_definition("Ünïcode ΣΟΦΟΣ and ASCII-words, 3.5 “quotes” ÉTÉ x");
        words_match_the_plain_definition("endsÉ");
        words_match_the_plain_definition("");
    }

    proptest::proptest! {
        #[test]
        fn words_are_the_plain_definition_s(
            text in "([a-zA-Z0-9]{1,5}|[ .,'’—\n-]|[ÀàéÉßİΣς²٣]|\u{a0}|\u{301}){0,30}"
        ) {
            words_match_the_plain_definition(&text);
        }
    }

    #[test]
    fn layout_and_case_do_not_change_the_exact_key() {
        let other = TEXT.to_uppercase().replace(". ", ".\n\n");
        assert_eq!(exact_key(TEXT), exact_key(&other));
        assert_ne!(
            exact_key(TEXT),
            exact_key(&TEXT.replace("Tuesday", "Monday"))
        );
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

    /// The vector builds must give the minima the baseline build gives (run
    /// where the CPU has them).
    #[test]
    fn the_simd_builds_give_the_baseline_minima() {
        let mut hashes = Vec::new();
        for_each_word(&TEXT.repeat(7), |w| hashes.push(xxh3_64(w.as_bytes())));
        for words in [&hashes[..], &hashes[..3], &hashes[..1], &[]] {
            let want = shingle_mins(words, coefficients());
            #[cfg(target_arch = "x86_64")]
            {
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2.
                    assert_eq!(unsafe { shingle_mins_avx2(words, coefficients()) }, want);
                }
                if std::arch::is_x86_feature_detected!("avx512dq")
                    && std::arch::is_x86_feature_detected!("avx512f")
                {
                    // SAFETY: the CPU has AVX-512 F and DQ.
                    assert_eq!(unsafe { shingle_mins_avx512(words, coefficients()) }, want);
                }
            }
            assert!(words.is_empty() || want.iter().any(|&m| m != u32::MAX));
        }
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
}
