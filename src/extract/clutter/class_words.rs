//! Class and id values as words: a value is split at `-`, `_`, spaces,
//! digits and camelCase humps, lowercased, so furniture words match whole
//! words only (`ad` in `top-ad` and `adSlot`, never in `header` or `load`);
//! taxonomy classes (`tag-ads`) and machine-made parts (`jXK9ad`) name
//! nothing.

use super::{furniture, named, tags};
use crate::extract::words::WordList;
use scraper::ElementRef;

/// True when a class or id of `el` has one of `words_list` as a whole word.
/// A whole `class` value none of the list's words appears in is passed with
/// one scan ([`WordList::may_be_in`]) instead of one per class.
pub fn names_element(el: &ElementRef, words_list: &WordList) -> bool {
    let value = el.value();
    value.id().is_some_and(|id| names_any(id, words_list))
        || tags::class_values(value)
            .filter(|whole| words_list.may_be_in(whole))
            .flat_map(str::split_ascii_whitespace)
            .any(|n| names_any(n, words_list))
}

/// True when one class or id value has one of `words` as a whole word
/// (taxonomy classes such as `tag-ads` name nothing).
pub(super) fn names_any(value: &str, words_list: &WordList) -> bool {
    if !words_list.may_be_in(value) {
        return false;
    }
    let f = furniture();
    if is_taxonomy(value) {
        return false;
    }
    // `has-ads`, `with-sidebar`, `no-comments` describe what is around.
    let (mut hit, mut after_describing) = (false, false);
    for_each_word(value, |w| {
        hit = hit || (words_list.contains_word(w) && !after_describing);
        after_describing = f.describing.contains_word(w);
        hit
    });
    hit
}

/// True for a taxonomy class (`tag-ads`, `category-news`): it names what the
/// page is about, not what the box is.
pub(super) fn is_taxonomy(value: &str) -> bool {
    furniture().taxonomy_prefixes.iter().any(|p| {
        // `p` is lower case: the value's start in ASCII lower case.
        value
            .as_bytes()
            .get(..p.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(p.as_bytes()))
    })
}

/// Calls `each` with the words of a class or id, split at non-letters and
/// camelCase humps, lowercased, until it returns true. A machine-made part
/// of it (`jXK9ad`, `old-record-id-J79RdEZm...`; [`named::without_hashes`])
/// spells no words: its humps are chance.
pub(super) fn for_each_word(value: &str, each: impl FnMut(&str) -> bool) {
    match named::without_hashes(value) {
        Some(clean) => words_of(&clean, each),
        None => words_of(value, each),
    }
}

/// [`for_each_word`] on a value without machine-made parts. Every element's
/// classes pass here, so an ASCII value (nearly all) is split on its bytes
/// into a buffer on the stack; any other value goes char by char.
fn words_of(value: &str, mut each: impl FnMut(&str) -> bool) {
    const STACK: usize = 128;
    if value.is_ascii() && value.len() <= STACK {
        let mut word = [0u8; STACK];
        let (mut len, mut prev_lower) = (0, false);
        for &b in value.as_bytes() {
            if !b.is_ascii_alphabetic() {
                if len > 0 && each(ascii_word(&word[..std::mem::take(&mut len)])) {
                    return;
                }
                prev_lower = false;
                continue;
            }
            let hump = b.is_ascii_uppercase() && prev_lower && len > 0;
            if hump && each(ascii_word(&word[..std::mem::take(&mut len)])) {
                return;
            }
            prev_lower = b.is_ascii_lowercase();
            word[len] = b.to_ascii_lowercase();
            len += 1;
        }
        if len > 0 {
            each(ascii_word(&word[..len]));
        }
        return;
    }
    let mut word = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphabetic() {
            if !word.is_empty() && each(&word) {
                return;
            }
            word.clear();
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            if each(&word) {
                return;
            }
            word.clear();
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        each(&word);
    }
}

/// The ASCII letters [`for_each_word`] gathered, as a `str`.
fn ascii_word(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// The words of a class or id, as [`for_each_word`] gives them.
#[cfg(test)]
pub(super) fn words(value: &str) -> impl Iterator<Item = String> {
    let mut out = Vec::new();
    for_each_word(value, |w| {
        out.push(w.to_string());
        false
    });
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The scout never says no where a piece of the value is a list word.
        #[test]
        fn the_scout_passes_every_value_with_a_list_word(
            value in "[a-zA-Z0-9_ -]{0,12}(Author|author|AUTHOR|byline|Writer)?[a-zA-Z0-9_ -]{0,12}",
        ) {
            let list = &crate::extract::words::WORDS.byline.names;
            let has_word = words(&value).any(|w| list.contains_word(&w));
            prop_assert!(!has_word || list.may_be_in(&value), "{value}");
        }
    }

    #[test]
    fn the_scout_reads_humps_and_any_case() {
        let list = &crate::extract::words::WORDS.byline.names;
        assert!(list.may_be_in("postAuthorBox") && names_any("postAuthorBox", list));
        assert!(list.may_be_in("entry-BYLINE") && names_any("entry-BYLINE", list));
        assert!(!list.may_be_in("entry-header flex items-center"));
        assert!(list.may_be_in("café-author"), "a value past ASCII is split");
    }
}
