//! The `doubled_word` rule at run time: finding "the the" and "Middle East
//! East" in a line. It runs on every kept line, so words are found on bytes
//! (a table lookup per ASCII byte), and a pair of words is only compared when
//! one space separates them and their lengths agree.

use std::collections::HashSet;
use std::ops::Range;

/// Ranges of accidentally doubled words and their single form: "the the" and
/// "The the" become "the"/"The"; numbers and the `except` words are left alone.
/// Words are runs of letters and digits, joined by inner hyphens or apostrophes,
/// and a doubling only counts across exactly one space.
pub(crate) fn doubled_words(s: &str, except: &HashSet<String>) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut prev: Option<Range<usize>> = None;
    for word in words(s) {
        if let Some(p) = prev.take() {
            if p.end + 1 == word.start
                && s.as_bytes()[p.end] == b' '
                && is_doubling(&s[p.clone()], &s[word.clone()], except)
            {
                out.push((p.start..word.end, s[p].to_string()));
                continue;
            }
        }
        prev = Some(word);
    }
    out
}

/// `b` repeats `a`: the same word, or its lower-case copy ("The the"), and
/// neither a number nor an exception.
fn is_doubling(a: &str, b: &str, except: &HashSet<String>) -> bool {
    a.len() == b.len()
        && a.eq_ignore_ascii_case(b)
        && (a == b || b.chars().all(|c| !c.is_uppercase()))
        && !a.chars().all(|c| c.is_numeric())
        && !except.contains(&a.to_lowercase())
}

/// The character at byte `i` of `s` and its length; ASCII without decoding.
#[inline]
fn char_at(s: &str, i: usize) -> (char, usize) {
    let b = s.as_bytes()[i];
    if b.is_ascii() {
        (b as char, 1)
    } else {
        let c = s[i..].chars().next().expect("i is a char boundary");
        (c, c.len_utf8())
    }
}

fn alphanumeric_at(s: &str, i: usize) -> bool {
    i < s.len() && char_at(s, i).0.is_alphanumeric()
}

/// `ASCII_ALPHANUMERIC[b]`: a table lookup is the cheapest test in the hot loop.
static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The end of the word starting at byte `start` of `s` (`start` itself when
/// no word starts there): letters and digits, and a hyphen or apostrophe with a
/// letter or digit on both sides.
#[inline]
fn word_end(s: &str, start: usize) -> usize {
    let b = s.as_bytes();
    let mut i = start;
    while i < b.len() {
        if ASCII_ALPHANUMERIC[b[i] as usize] {
            i += 1;
            continue;
        }
        let (c, n) = char_at(s, i);
        let joins = i > start && matches!(c, '-' | '\'' | '\u{2019}') && alphanumeric_at(s, i + n);
        if c.is_alphanumeric() || joins {
            i += n;
        } else {
            break;
        }
    }
    i
}

/// Word ranges in `s` (see [`word_end`]).
fn words(s: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let b = s.as_bytes();
        while i < b.len() && !ASCII_ALPHANUMERIC[b[i] as usize] {
            if b[i].is_ascii() {
                i += 1;
                continue;
            }
            let (c, n) = char_at(s, i);
            if c.is_alphanumeric() {
                break;
            }
            i += n;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        i = word_end(s, start);
        Some(start..i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doubled_words_respect_exceptions_numbers_and_hyphens() {
        let except = ["had".to_string()].into_iter().collect();
        let found = |s: &str| {
            doubled_words(s, &except)
                .into_iter()
                .map(|(r, w)| (s[r].to_string(), w))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("in the the end"),
            vec![("the the".into(), "the".into())]
        );
        assert_eq!(found("The the end"), vec![("The the".into(), "The".into())]);
        assert!(found("she had had enough").is_empty());
        assert!(found("in 2024 2024").is_empty());
        assert!(found("Boutros Boutros-Ghali").is_empty());
        assert!(found("the  the").is_empty(), "only a single space counts");
        assert!(found("the The Times").is_empty());
        assert_eq!(
            found("Middle East East"),
            vec![("East East".into(), "East".into())]
        );
    }

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let s = "it's well-known - ok";
        let w: Vec<&str> = words(s).map(|r| &s[r]).collect();
        assert_eq!(w, vec!["it's", "well-known", "ok"]);
        let s = "«Zürich’s» café-bar, x- 'y' 2024";
        let w: Vec<&str> = words(s).map(|r| &s[r]).collect();
        assert_eq!(w, vec!["Zürich’s", "café-bar", "x", "y", "2024"]);
    }

    /// Words by the definition, one `char` at a time: the reference for [`words`].
    fn reference_words(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut chars = s.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut end = start + c.len_utf8();
            while let Some(&(i, c)) = chars.peek() {
                let joins = matches!(c, '-' | '\'' | '\u{2019}')
                    && s[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if c.is_alphanumeric() || joins {
                    end = i + c.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(&s[start..end]);
        }
        out
    }

    proptest! {
        /// The byte-level word finder agrees with the definition.
        #[test]
        fn words_match_the_definition(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("the"), Just("The"), Just("East"), Just("well-known"), Just("it's"),
                    Just("it’s"), Just("Zürich"), Just("café"), Just("2024"), Just("x"),
                    Just(" "), Just("  "), Just("-"), Just("'"), Just("’"), Just(","),
                    Just("—"), Just("東京"), Just("_"),
                ],
                0..16,
            ),
        ) {
            let s = parts.concat();
            let fast: Vec<&str> = words(&s).map(|r| &s[r]).collect();
            prop_assert_eq!(fast, reference_words(&s));
        }
    }
}
