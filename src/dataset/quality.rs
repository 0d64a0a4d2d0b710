//! Quality signals of a cleaned text, as the Gopher (Rae et al. 2021) and C4
//! (Raffel et al. 2020) heuristic filters define them, so a dataset builder
//! can filter without reading the text again. They land in the metadata as
//! `quality`; [`super::filter`] drops documents by them.
//!
//! Words are whitespace-separated tokens; a line is a non-blank line of the
//! clean text (a paragraph of prose is one line).

use crate::extract::{ASCII_ALPHANUMERIC, is_ascii_space};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::sync::OnceLock;

/// The signals of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Signals {
    /// Whitespace-separated words (Gopher: 50 to 100,000).
    pub words: u64,
    /// Mean length in characters of the words, punctuation around them
    /// excluded (Gopher: 3 to 10).
    pub mean_word_length: f64,
    /// Share of words with at least one letter (Gopher: at least 0.8).
    pub alpha_words: f64,
    /// Hash signs and ellipses per word (Gopher: at most 0.1).
    pub symbol_word_ratio: f64,
    /// Share of lines ending in sentence punctuation, closing quotes and
    /// brackets aside (C4 keeps only such lines).
    pub sentence_lines: f64,
    /// Share of lines starting with a bullet (Gopher: at most 0.9).
    pub bullet_lines: f64,
    /// Share of lines ending in an ellipsis (Gopher: at most 0.3).
    pub ellipsis_lines: f64,
    /// Share of lines that repeat an earlier line (Gopher: at most 0.3) ...
    pub duplicate_lines: f64,
    /// ... and the share of characters in them (Gopher: at most 0.2).
    pub duplicate_line_chars: f64,
    /// Words of the stop-word list of `stop_words_lang` (Gopher: at least 2
    /// of "the, be, to, of, and, that, have, with"); absent (null) when no
    /// list fits: the document's language has none, or, its language
    /// unknown, no list matched a word (Arabic, Chinese...). A filter on it
    /// then keeps the document: no list is no evidence against the text.
    pub stop_words: Option<u64>,
    /// The language whose list was used: the document's `lang` when it has
    /// one with a list, else the list that matched most.
    pub stop_words_lang: Option<&'static str>,
}

/// Function words per language: Gopher's eight for English, the most
/// frequent function words for the other languages of the dev sets.
const STOP_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &["the", "be", "to", "of", "and", "that", "have", "with"],
    ),
    (
        "de",
        &[
            "der", "die", "das", "und", "zu", "den", "von", "mit", "ist", "nicht",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "de", "et", "à", "un", "une", "des", "est",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "de", "que", "y", "en", "los", "del", "se", "las",
        ],
    ),
    (
        "it",
        &["il", "di", "che", "e", "la", "per", "un", "in", "è", "non"],
    ),
    (
        "pt",
        &["o", "a", "de", "que", "e", "do", "da", "em", "um", "para"],
    ),
    (
        "nl",
        &[
            "de", "het", "een", "en", "van", "te", "dat", "die", "is", "niet",
        ],
    ),
    (
        "pl",
        &["i", "w", "się", "na", "nie", "z", "że", "do", "to", "jest"],
    ),
];

const BULLETS: &[char] = &[
    '•', '‣', '◦', '▪', '▫', '●', '○', '■', '□', '-', '*', '·', '–', '—', '➢', '►', '→',
];

/// The most characters a stop word of [`STOP_WORDS`] has ("nicht"): a
/// longer word is never looked up (lowercasing never shortens a word in
/// characters).
const LONGEST_STOP_WORD: usize = 5;

/// A word of up to seven bytes as one number (its bytes and its length),
/// for [`stop_word_lists`]; `None` for a longer one.
fn packed(word: impl ExactSizeIterator<Item = u8>) -> Option<u64> {
    let len = word.len();
    (len < 8).then(|| {
        let start = (len as u64) << 56;
        word.enumerate()
            .fold(start, |key, (i, x)| key | u64::from(x) << (8 * i))
    })
}

/// Each stop word (as [`packed`]) with the lists that hold it, one bit per
/// list of [`STOP_WORDS`].
fn stop_word_lists() -> &'static FxHashMap<u64, u8> {
    static LISTS: OnceLock<FxHashMap<u64, u8>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut map = FxHashMap::default();
        for (i, (_, list)) in STOP_WORDS.iter().enumerate() {
            for word in *list {
                debug_assert!(word.chars().count() <= LONGEST_STOP_WORD);
                let key = packed(word.bytes()).expect("a stop word fits in seven bytes");
                *map.entry(key).or_insert(0) |= 1 << i;
            }
        }
        map
    })
}

/// The lists of [`STOP_WORDS`] that hold `core` lowercased, as bits.
fn stop_word_bits(core: &str, chars: usize) -> u8 {
    if chars > LONGEST_STOP_WORD {
        return 0;
    }
    let key = if core.is_ascii() {
        packed(core.bytes().map(|x| x.to_ascii_lowercase()))
    } else {
        packed(core.to_lowercase().bytes())
    };
    key.and_then(|k| stop_word_lists().get(&k))
        .copied()
        .unwrap_or(0)
}

/// Hash signs and ellipses (`...`, `…`) in `text`. A run of dots never
/// spans whitespace, so counting over the whole text counts what counting
/// word by word would.
fn symbols_in(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let hashes = memchr::memchr_iter(b'#', bytes).count();
    let dots = memchr::memmem::find_iter(bytes, "...").count();
    let ellipses = memchr::memmem::find_iter(bytes, "\u{2026}").count();
    (hashes + dots + ellipses) as u64
}

/// What the word signals count.
#[derive(Debug, Default, PartialEq)]
struct WordCounts {
    words: u64,
    /// Characters of the words without the punctuation around them.
    letters: u64,
    /// Words with a letter.
    alpha: u64,
    /// Words of each list of [`STOP_WORDS`].
    stop: [u64; STOP_WORDS.len()],
}

impl WordCounts {
    /// The counts of the whitespace-separated words of `text`, as
    /// `split_whitespace` gives them. Every word of every document passes
    /// here, so the text is split at ASCII whitespace a byte at a time, and a
    /// word of ASCII bytes (most) is counted on the spot, its core (the word
    /// without the punctuation around it) spanning its first to its last
    /// letter or digit; a piece with a byte past ASCII, which may hold other
    /// whitespace, is split and counted character by character.
    fn of(text: &str) -> WordCounts {
        let mut c = WordCounts::default();
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if is_ascii_space(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut ascii = true;
            while let Some(&x) = b.get(i) {
                if x <= b' ' && is_ascii_space(x) {
                    break;
                }
                ascii &= x.is_ascii();
                i += 1;
            }
            if ascii {
                let alphanumeric = |x: &u8| ASCII_ALPHANUMERIC[*x as usize];
                let word = &b[start..i];
                let core = match word.iter().position(alphanumeric) {
                    Some(first) => {
                        let last = word.iter().rposition(alphanumeric).unwrap_or(first);
                        &text[start + first..=start + last]
                    }
                    None => "",
                };
                let alpha = core.bytes().any(|x| x.is_ascii_alphabetic());
                c.count(core, core.len(), alpha);
            } else {
                for word in text[start..i].split_whitespace() {
                    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
                    let alpha = core.chars().any(char::is_alphabetic);
                    c.count(core, core.chars().count(), alpha);
                }
            }
        }
        c
    }

    /// Counts one word by its core, of `chars` characters.
    fn count(&mut self, core: &str, chars: usize, alpha: bool) {
        self.words += 1;
        self.letters += chars as u64;
        self.alpha += u64::from(alpha);
        if core.is_empty() {
            return;
        }
        let mut bits = stop_word_bits(core, chars);
        while bits != 0 {
            self.stop[bits.trailing_zeros() as usize] += 1;
            bits &= bits - 1;
        }
    }
}

/// The signals of `text`; `lang` is the document's language when known
/// (an ISO 639-1 code, or a tag such as `en-US`).
pub fn signals(text: &str, lang: Option<&str>) -> Signals {
    let mut s = Signals::default();
    let WordCounts {
        words,
        letters,
        alpha,
        stop: counts,
    } = WordCounts::of(text);
    s.words = words;
    let symbols = symbols_in(text);
    let share = |n: u64, of: u64| {
        if of == 0 {
            0.0
        } else {
            round(n as f64 / of as f64)
        }
    };
    s.mean_word_length = share(letters, s.words);
    s.alpha_words = share(alpha, s.words);
    s.symbol_word_ratio = share(symbols, s.words);
    // The hook for language identification: a stated language picks its
    // list (or none); without one, the list that matched most words.
    let chosen = match lang {
        Some(l) => {
            let code = l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase();
            STOP_WORDS.iter().position(|(c, _)| *c == code)
        }
        // Most hits; ties to the earlier list (English first).
        None => (0..counts.len())
            .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
            .filter(|&i| counts[i] > 0),
    };
    s.stop_words = chosen.map(|i| counts[i]);
    s.stop_words_lang = chosen.map(|i| STOP_WORDS[i].0);
    let (mut lines, mut sentence, mut bullets, mut ellipsis) = (0u64, 0u64, 0u64, 0u64);
    let (mut dup_lines, mut dup_chars, mut chars) = (0u64, 0u64, 0u64);
    let mut seen = FxHashSet::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        lines += 1;
        let len = line.chars().count() as u64;
        chars += len;
        let end = line.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
        if end.ends_with("...") || end.ends_with('…') {
            ellipsis += 1;
        } else if end.ends_with(['.', '!', '?', '。', '！', '？', '؟', '।']) {
            sentence += 1;
        }
        if line.starts_with(BULLETS) {
            bullets += 1;
        }
        if !seen.insert(line) {
            dup_lines += 1;
            dup_chars += len;
        }
    }
    s.sentence_lines = share(sentence, lines);
    s.bullet_lines = share(bullets, lines);
    s.ellipsis_lines = share(ellipsis, lines);
    s.duplicate_lines = share(dup_lines, lines);
    s.duplicate_line_chars = share(dup_chars, chars);
    s
}

/// Four decimals are plenty for a threshold, and keep the JSON short.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

impl Signals {
    /// A signal by its name in the metadata, for filter expressions.
    pub fn get(&self, name: &str) -> Option<f64> {
        Some(match name {
            "words" => self.words as f64,
            "mean_word_length" => self.mean_word_length,
            "alpha_words" => self.alpha_words,
            "symbol_word_ratio" => self.symbol_word_ratio,
            "sentence_lines" => self.sentence_lines,
            "bullet_lines" => self.bullet_lines,
            "ellipsis_lines" => self.ellipsis_lines,
            "duplicate_lines" => self.duplicate_lines,
            "duplicate_line_chars" => self.duplicate_line_chars,
            "stop_words" => self.stop_words? as f64,
            _ => return None,
        })
    }

    /// The names [`Signals::get`] knows.
    pub const NAMES: [&'static str; 10] = [
        "words",
        "mean_word_length",
        "alpha_words",
        "symbol_word_ratio",
        "sentence_lines",
        "bullet_lines",
        "ellipsis_lines",
        "duplicate_lines",
        "duplicate_line_chars",
        "stop_words",
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word counts as the plain definitions give them, character by character.
    fn plain_counts(text: &str) -> (WordCounts, u64) {
        let mut c = WordCounts::default();
        let mut symbols = 0;
        for word in text.split_whitespace() {
            c.words += 1;
            symbols += word.matches('#').count() + word.matches("...").count();
            symbols += word.matches('\u{2026}').count();
            let core = word.trim_matches(|c: char| !c.is_alphanumeric());
            c.letters += core.chars().count() as u64;
            c.alpha += u64::from(core.chars().any(char::is_alphabetic));
            let lower = core.to_lowercase();
            for (i, (_, list)) in STOP_WORDS.iter().enumerate() {
                c.stop[i] += u64::from(!core.is_empty() && list.contains(&lower.as_str()));
            }
        }
        (c, symbols as u64)
    }

    proptest::proptest! {
        #[test]
        fn word_counts_are_the_plain_definitions(
            text in "([a-zA-Z0-9]{1,6}|[ \t\n\x0B\u{a0}\u{2003}\u{3000}]|[.#…,'’—-]|[ÀàéÉßİ]|la|ET|Nicht|der|и){0,40}"
        ) {
            let (plain, symbols) = plain_counts(&text);
            proptest::prop_assert_eq!(WordCounts::of(&text), plain);
            proptest::prop_assert_eq!(symbols_in(&text), symbols);
        }
    }

    #[test]
    fn prose_scores_like_prose() {
        let s = signals(
            "Storm closes the ferry\n\nThe ferry to the island was cancelled, and the \
             coast guard said that the storm would move north with the wind.\n",
            None,
        );
        assert_eq!(s.words, 25);
        assert_eq!(s.stop_words_lang, Some("en"));
        assert_eq!(s.stop_words, Some(10)); // the x6, to, and, that, with
        assert_eq!(s.sentence_lines, 0.5);
        assert_eq!(s.alpha_words, 1.0);
        assert_eq!(s.duplicate_lines, 0.0);
        assert!(s.mean_word_length > 3.0 && s.mean_word_length < 6.0);
    }

    #[test]
    fn menus_and_hashtags_score_like_debris() {
        let s = signals("• Home\n• News\n• Home\n#tag #tag2 ...\n", Some("en"));
        assert_eq!(s.bullet_lines, 0.75);
        assert_eq!(s.duplicate_lines, 0.25);
        assert_eq!(s.ellipsis_lines, 0.25);
        assert_eq!(s.symbol_word_ratio, round(3.0 / 9.0));
        assert_eq!(s.stop_words, Some(0), "English was stated");
        assert!(s.alpha_words < 0.8);
    }

    #[test]
    fn stop_words_are_found_whatever_their_case_and_script() {
        let s = signals("À LA maison, ET les étés; Nicht, NICHTS.", Some("fr"));
        assert_eq!(s.stop_words, Some(4)); // à, la, et, les
        let de = signals("À LA maison, ET les étés; Nicht, NICHTS.", Some("de"));
        assert_eq!(de.stop_words, Some(1)); // nicht, not nichts
    }

    #[test]
    fn the_documents_language_picks_the_list() {
        let text = "Die Stadt und der Fluss: das ist nicht die Frage.";
        assert_eq!(signals(text, None).stop_words_lang, Some("de"));
        assert_eq!(signals(text, Some("de-AT")).stop_words, Some(7));
        let en = signals(text, Some("en"));
        assert_eq!((en.stop_words_lang, en.stop_words), (Some("en"), Some(0)));
        let unlisted = signals(text, Some("xx"));
        assert_eq!(
            (unlisted.stop_words_lang, unlisted.stop_words),
            (None, None)
        );
        let arabic = signals("الجيل الذي سعى النظام لتدجينه", None);
        assert_eq!(
            (arabic.stop_words_lang, arabic.get("stop_words")),
            (None, None)
        );
    }
}
