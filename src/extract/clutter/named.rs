//! The furniture words one class or id value names ([`Named`]), for
//! [`super::named_furniture`]: every element's classes are judged on every
//! pass over a page, so each word is looked up once, in one map of all the
//! lists it could be in.

use super::{for_each_word, furniture, is_taxonomy};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// Which lists of furniture words one class or id value names, as
/// [`super::names_any`] asks each, in one pass over its words: every element's
/// classes are judged, for every pass over the page.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Named {
    pub strong: bool,
    pub weak: bool,
    pub content: bool,
    pub thread: bool,
}

impl Named {
    const STRONG: u8 = 1;
    const WEAK: u8 = 2;
    const CONTENT: u8 = 4;
    const THREAD: u8 = 8;
    const DESCRIBING: u8 = 16;

    pub(super) fn of(value: &str) -> Named {
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
            }
            after_describing = flags & Named::DESCRIBING != 0;
            false
        });
        named
    }

    /// Every word of the five lists [`Named::of`] asks, with the lists that
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
