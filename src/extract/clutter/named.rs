//! The furniture words one class or id value names ([`Named`]), for
//! [`super::named_furniture`]: every element's classes are judged on every
//! pass over a page, so each word is looked up once, in one map of all the
//! lists it could be in; and whether an id only spells the box's heading
//! ([`is_heading_slug`]), so names nothing; and which parts of a value a
//! machine made ([`without_hashes`]), whose humps spell nothing.

use super::{for_each_word, furniture, is_taxonomy};
use crate::extract::tags;
use rustc_hash::FxHashMap;
use scraper::ElementRef;
use std::cell::RefCell;
use std::sync::LazyLock;

/// Which lists of furniture words one class or id value names, as
/// [`super::names_any`] asks each, in one pass over its words: every element's
/// classes are judged, for every pass over the page.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Named {
    pub strong: bool,
    pub weak: bool,
    pub content: bool,
    pub thread: bool,
    pub review: bool,
}

impl Named {
    const STRONG: u8 = 1;
    const WEAK: u8 = 2;
    const CONTENT: u8 = 4;
    const THREAD: u8 = 8;
    const DESCRIBING: u8 = 16;
    const REVIEW: u8 = 32;

    /// What `value` names. Pages repeat their class values (every item of
    /// a list, every page of a site), so each thread keeps the answers of
    /// the values it last met ([`CACHED`] at most; then it starts afresh):
    /// one hash of the value instead of splitting it into words and looking
    /// each up.
    pub(super) fn of(value: &str) -> Named {
        thread_local! {
            static SEEN: RefCell<Seen<Named>> = RefCell::default();
        }
        SEEN.with_borrow_mut(|seen| seen.answer(value, Named::of_words))
    }

    fn of_words(value: &str) -> Named {
        let mut named = Named::default();
        if is_taxonomy(value) {
            return named;
        }
        let lists = Named::lists();
        let mut after_describing = false;
        for_each_word(value, |w| {
            let flags = lists.get(w).copied().unwrap_or(0);
            if !after_describing {
                named.strong |= flags & Named::STRONG != 0;
                named.weak |= flags & Named::WEAK != 0;
                named.content |= flags & Named::CONTENT != 0;
                named.thread |= flags & Named::THREAD != 0;
                named.review |= flags & Named::REVIEW != 0;
            }
            after_describing = flags & Named::DESCRIBING != 0;
            false
        });
        named
    }

    /// Every word of the six lists [`Named::of`] asks, with the lists that
    /// hold it as flags: one lookup per word instead of five.
    fn lists() -> &'static FxHashMap<&'static str, u8> {
        static LISTS: LazyLock<FxHashMap<&'static str, u8>> = LazyLock::new(|| {
            let f = furniture();
            let mut lists = FxHashMap::default();
            for (list, flag) in [
                (&f.strong, Named::STRONG),
                (&f.weak, Named::WEAK),
                (&f.content, Named::CONTENT),
                (&f.thread, Named::THREAD),
                (&f.describing, Named::DESCRIBING),
                (&f.reviews, Named::REVIEW),
            ] {
                for word in list.iter() {
                    *lists.entry(word.as_str()).or_insert(0) |= flag;
                }
            }
            lists
        });
        &LISTS
    }
}

/// What the classes of one whole `class` value name, summed as
/// [`super::named_furniture`] asks them, and whether one hides its box
/// ([`super::has_hidden_class`]): one hash of the value, where
/// splitting it into classes and asking each costs more (elements carry
/// several classes, and the same sets of them across a page's items).
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct ClassNames {
    /// A class names strong furniture and no comment thread.
    pub strong_alone: bool,
    /// A class names strong furniture.
    pub strong: bool,
    /// A class names reviews.
    pub review: bool,
    /// A class names weak furniture.
    pub weak: bool,
    /// A class names content and no weak furniture.
    pub content: bool,
    /// A class is one of the `hidden_classes` (in any case).
    pub hidden: bool,
}

impl ClassNames {
    /// What the classes of `value` name, remembered per thread as
    /// [`Named::of`] remembers one class.
    pub(super) fn of(value: &str) -> ClassNames {
        thread_local! {
            static SEEN: RefCell<Seen<ClassNames>> = RefCell::default();
        }
        SEEN.with_borrow_mut(|seen| {
            seen.answer(value, |value| {
                let mut sum = ClassNames::default();
                let hidden = &furniture().hidden_classes;
                for class in value.split_ascii_whitespace() {
                    sum.hidden |= hidden.iter().any(|h| class.eq_ignore_ascii_case(h));
                    let named = Named::of(class);
                    sum.strong_alone |= named.strong && !named.thread;
                    sum.strong |= named.strong;
                    sum.review |= named.review;
                    sum.weak |= named.weak;
                    sum.content |= named.content && !named.weak;
                }
                sum
            })
        })
    }
}

/// The answers a thread keeps about the class and id values it last met
/// ([`CACHED`] at most; then it starts afresh).
struct Seen<T>(FxHashMap<Box<str>, T>);

impl<T> Default for Seen<T> {
    fn default() -> Self {
        Seen(FxHashMap::default())
    }
}

impl<T: Copy> Seen<T> {
    /// The answer about `value`, worked out by `work` the first time.
    fn answer(&mut self, value: &str, work: impl FnOnce(&str) -> T) -> T {
        if let Some(answer) = self.0.get(value) {
            return *answer;
        }
        let answer = work(value);
        if self.0.len() >= CACHED {
            self.0.clear();
        }
        self.0.insert(value.into(), answer);
        answer
    }
}

/// The most class and id values a thread keeps the answers of.
const CACHED: usize = 4096;

/// True when `id` is the slug of `el`'s heading (its own text when it is a
/// heading, else that of the first heading among its first elements):
/// documentation generators and Markdown renderers name a section after its
/// title (`<section id="respond-to-review-comments">`), which then says
/// nothing of what the box is. A trailing number (`-1`) is allowed; a
/// heading of fewer than [`MIN_WORDS`] words does not count.
pub(super) fn is_heading_slug(el: &ElementRef, id: &str) -> bool {
    const LOOK_AT: usize = 8;
    let heading = std::iter::once(*el)
        .chain(el.descendants().skip(1).filter_map(ElementRef::wrap))
        .take(LOOK_AT)
        .find(|e| tags::is_heading(e.value().name()));
    let Some(heading) = heading else {
        return false;
    };
    let slug = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let mut id_words = slug(id);
    let title = slug(&heading.text().collect::<String>());
    if id_words.len() > title.len()
        && id_words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        id_words.pop();
    }
    title.len() >= MIN_WORDS && id_words == title
}

/// Words a heading needs for its slug to pass as a title: "Comments" and
/// "Related posts" head the furniture they name.
const MIN_WORDS: usize = 3;

/// `value` without its machine-made parts, or none when it has none: a run
/// of letters and digits of [`HASH_MIN_LEN`] or more, with a digit, a
/// capital and a small letter (not hexadecimal), that
/// changes between digits, lower and upper case ([`HASH_CHANGES`] of its
/// length or more, a capital before lower case not counted: that is a word's
/// start). Obfuscated and hashed class names (`jXK9ad`, `B2T1ad`, a record
/// id `J79RdEZmDo4NBhxLOVlc6nu7nRb`) are such runs; `navBar2016`,
/// `ad728x90` and `adSlot300x250` are not.
pub(super) fn without_hashes(value: &str) -> Option<String> {
    // Most values have no digit or no capital, so no such run: one pass
    // over the bytes answers for them without splitting.
    let bytes = value.as_bytes();
    if bytes.len() < HASH_MIN_LEN
        || !bytes.iter().any(u8::is_ascii_digit)
        || !bytes.iter().any(u8::is_ascii_uppercase)
    {
        return None;
    }
    let is_part = |c: char| c.is_ascii_alphanumeric();
    let hashes = value.split(|c| !is_part(c)).any(is_hash);
    hashes.then(|| {
        value
            .split(|c| !is_part(c))
            .filter(|part| !is_hash(part))
            .collect::<Vec<_>>()
            .join("-")
    })
}

/// Shortest machine-made run ([`without_hashes`]).
const HASH_MIN_LEN: usize = 6;
/// Least share of a run's characters at which it changes kind.
const HASH_CHANGES: f32 = 0.4;

fn is_hash(part: &str) -> bool {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Lower,
        Upper,
        Digit,
    }
    let kind = |b: u8| match b {
        b'a'..=b'z' => Kind::Lower,
        b'A'..=b'Z' => Kind::Upper,
        _ => Kind::Digit,
    };
    let bytes = part.as_bytes();
    let has = |test: fn(&u8) -> bool| bytes.iter().any(test);
    if bytes.len() < HASH_MIN_LEN
        || !(has(u8::is_ascii_digit) && has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase))
    {
        return false;
    }
    let changes = bytes
        .windows(2)
        .filter(|w| {
            let (a, b) = (kind(w[0]), kind(w[1]));
            a != b && !(a == Kind::Upper && b == Kind::Lower)
        })
        .count();
    changes as f32 >= HASH_CHANGES * bytes.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_answer_is_the_answer() {
        let values = [
            "sidebar",
            "entry-content",
            "post-meta",
            "tag-ads",
            "product-reviews",
            "comments",
            "x",
        ];
        for value in values {
            let first = Named::of(value);
            assert_eq!(first, Named::of_words(value), "{value}");
            assert_eq!(Named::of(value), first, "{value}");
        }
        assert!(Named::of("sidebar").strong || Named::of("sidebar").weak);
        assert!(Named::of("product-reviews").review && Named::of("comments").thread);
        // Past the bound the thread starts afresh, and still answers right.
        for i in 0..=CACHED {
            Named::of(&format!("item-{i}"));
        }
        for value in values {
            assert_eq!(Named::of(value), Named::of_words(value), "{value}");
        }
    }
}
