//! Word frequencies: whether a token is a word of the language, and how
//! common. English only, from wordfreq 3.1.1 (Robyn Speer,
//! <https://github.com/rspeer/wordfreq>; data CC BY-SA 4.0): its 50,000 most
//! frequent words (letters, apostrophes, hyphens), generated once into
//! `data/words-en.txt`, whose header carries the attribution and says how.

use std::collections::HashMap;
use std::sync::LazyLock;

const WORDS_EN: &str = include_str!("data/words-en.txt");
/// A part that starts more words than this is a prefix, not a swapped word.
const PREFIX_WORDS: usize = 5;
/// A part of a split must be at least this frequent (Zipf) to count as a word.
const COMMON_ZIPF: f32 = 3.0;

/// Word frequencies of one language, as Zipf values (log10 per billion words).
pub struct Dictionary {
    zipf: HashMap<&'static str, f32>,
    /// Words by their last 3 to 6 letters, for reading a swap back.
    by_suffix: HashMap<&'static str, Vec<&'static str>>,
}

impl Dictionary {
    /// English, from wordfreq (see the module doc).
    pub fn english() -> &'static Dictionary {
        static EN: LazyLock<Dictionary> = LazyLock::new(|| Dictionary::parse(WORDS_EN));
        &EN
    }

    fn parse(data: &'static str) -> Dictionary {
        let mut zipf = HashMap::new();
        let mut by_suffix: HashMap<&str, Vec<&str>> = HashMap::new();
        let mut current = 0.0;
        for line in data
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            if let Some(z) = line.strip_prefix('@') {
                current = z.parse::<f32>().unwrap_or(0.0) / 10.0;
                continue;
            }
            zipf.insert(line, current);
            for n in 3..=6 {
                if line.len() > n && line.is_char_boundary(line.len() - n) {
                    by_suffix
                        .entry(&line[line.len() - n..])
                        .or_default()
                        .push(line);
                }
            }
        }
        Dictionary { zipf, by_suffix }
    }

    pub fn zipf(&self, word: &str) -> Option<f32> {
        self.zipf.get(word).copied()
    }

    /// Whether `word` is a word, also as a regular inflection of one.
    pub fn knows(&self, word: &str) -> bool {
        if self.zipf.contains_key(word) {
            return true;
        }
        ["s", "es", "ed", "d", "ing", "ly", "er", "est"]
            .iter()
            .filter_map(|end| word.strip_suffix(end))
            .any(|stem| stem.len() >= 4 && self.zipf.contains_key(stem))
    }

    /// Whether many words start with `part` ("over", "under", "re"): a
    /// prefix that makes words of its own, not a word a spinner swapped in.
    pub fn prefix(&self, part: &str) -> bool {
        self.zipf
            .keys()
            .filter(|w| w.len() > part.len() + 2 && w.starts_with(part))
            .nth(PREFIX_WORDS)
            .is_some()
    }

    /// Whether `word` is a word at least as frequent as [`COMMON_ZIPF`].
    pub fn common(&self, word: &str) -> bool {
        self.zipf(word).is_some_and(|z| z >= COMMON_ZIPF)
    }

    /// The words that end in `ending` (3 to 6 letters).
    pub fn ending_in<'d>(&'d self, ending: &str) -> impl Iterator<Item = &'static str> + 'd {
        self.by_suffix.get(ending).into_iter().flatten().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dictionary_knows_words_and_their_inflections() {
        let d = Dictionary::english();
        assert!(d.zipf("the").unwrap() > 7.0);
        assert!(d.knows("afternoon") && d.knows("regroupings"));
        assert!(!d.knows("followingnoon") && !d.knows("morest"));
    }
}
