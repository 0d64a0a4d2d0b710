//! The words extraction reads, as data: `rules/extract/words.toml` (class
//! and id words of furniture and content, ARIA roles, comment-section words,
//! picture-credit labels, sign-off greetings, byline words, month names),
//! embedded in the binary like the built-in rules and parsed once, at first
//! use. The file documents each list; the code that asks is named there.

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Deserializer};
use std::sync::{LazyLock, OnceLock};

/// Every list of `words.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub furniture: Furniture,
    pub comments: Comments,
    pub labels: Labels,
    pub byline: Byline,
    pub dates: Dates,
}

/// `[byline]`: the author named in the page's text ([`super::byline`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Byline {
    pub names: WordList,
    pub leads: Vec<String>,
}

/// `[furniture]`: what class and id words say of a box ([`super::clutter`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Furniture {
    pub strong: WordList,
    pub weak: WordList,
    pub caption: WordList,
    pub content: WordList,
    pub thread: WordList,
    pub reviews: WordList,
    pub banner: WordList,
    pub taxonomy_prefixes: Vec<String>,
    pub describing: WordList,
    pub hidden_classes: Vec<String>,
    pub roles: Vec<String>,
}

/// `[comments]`: the comment section ([`super::comments`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comments {
    pub section: WordList,
    pub still_furniture: WordList,
}

/// `[labels]`: paragraphs judged by their first word ([`super::tidy`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub credit: Vec<String>,
    pub sign_off: Vec<String>,
}

/// `[dates]`: month names, January first ([`super::date`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    pub months: Vec<Vec<String>>,
}

/// The text of the embedded word lists.
pub const SOURCE: &str = include_str!("../../rules/extract/words.toml");

/// The word lists, parsed at first use.
pub static WORDS: LazyLock<Words> =
    LazyLock::new(|| toml::from_str(SOURCE).expect("rules/extract/words.toml is valid"));

/// True when `list` holds `word`.
pub fn has(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// A list of words asked for one word at a time, for every class and id of
/// every element of a page: the words in the file's order, and a hash set of
/// them, so a question costs one lookup, not a pass over the list.
#[derive(Debug)]
pub struct WordList {
    words: Vec<String>,
    set: FxHashSet<String>,
    /// The list's ASCII words in one automaton that ignores ASCII case,
    /// built at first use ([`WordList::may_be_in`]).
    scout: OnceLock<Option<AhoCorasick>>,
}

impl WordList {
    /// True when the list holds `word` (as [`has`] says, faster).
    pub fn contains_word(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    /// False when no word of the list can be a word of `value`: the words of
    /// an ASCII class or id are pieces of it, lowercased, so a list word none
    /// of whose spellings appears in it is none of them. One scan of the
    /// value instead of splitting it and looking up each piece.
    pub fn may_be_in(&self, value: &str) -> bool {
        if !value.is_ascii() {
            return true;
        }
        let scout = self.scout.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(self.words.iter().filter(|w| w.is_ascii()))
                .ok()
        });
        scout.as_ref().is_none_or(|ac| ac.is_match(value))
    }
}

impl From<Vec<String>> for WordList {
    fn from(words: Vec<String>) -> Self {
        let set = words.iter().cloned().collect();
        WordList {
            words,
            set,
            scout: OnceLock::new(),
        }
    }
}

impl std::ops::Deref for WordList {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.words
    }
}

impl<'de> Deserialize<'de> for WordList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(d).map(WordList::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_parse_lowercase_without_repeats() {
        let w = &*WORDS;
        assert_eq!(w.dates.months.len(), 12);
        let lists: [&[String]; 16] = [
            &w.furniture.strong,
            &w.furniture.banner,
            &w.furniture.reviews,
            &w.furniture.weak,
            &w.furniture.caption,
            &w.furniture.content,
            &w.furniture.thread,
            &w.furniture.taxonomy_prefixes,
            &w.furniture.describing,
            &w.furniture.roles,
            &w.comments.section,
            &w.comments.still_furniture,
            &w.labels.credit,
            &w.labels.sign_off,
            &w.byline.names,
            &w.byline.leads,
        ];
        for list in lists
            .into_iter()
            .chain(w.dates.months.iter().map(Vec::as_slice))
        {
            for (i, word) in list.iter().enumerate() {
                assert_eq!(*word, word.to_lowercase(), "{word}");
                assert!(!list[..i].contains(word), "{word} twice");
            }
        }
        for word in w.furniture.thread.iter().chain(w.furniture.banner.iter()) {
            assert!(has(&w.furniture.strong, word), "{word}");
        }
    }
}
