//! The `doubled_word` rule at run time: finding "the the" and "Middle East
//! East" in a line. It runs on every kept line, so words are found on bytes
//! (a table lookup per ASCII byte), and a pair of words is only compared when
//! one space separates them and their lengths agree.
//!
//! Which doublings are typos: a lower-case pair ("the the"); a capitalised
//! function word ("The The authorities", "The the"); a capitalised pair that
//! repeats the last word of a name begun before it ("the Middle East East").
//! A capitalised pair that stands on its own is a name and stays ("Goo Goo
//! Dolls", "Bora Bora", "Kiss Kiss Bang Bang"), and so does a capitalised word
//! followed by its lower-case copy ("Player player", a label beside a word).

use crate::extract::ASCII_ALPHANUMERIC;
use std::collections::HashSet;
use std::ops::Range;

/// Ranges of accidentally doubled words and their single form: "the the" and
/// "The the" become "the"/"The"; numbers and the `except` words are left alone.
/// Words are runs of letters and digits, joined by inner hyphens or apostrophes,
/// and a doubling only counts across exactly one space.
pub(crate) fn doubled_words(s: &str, except: &HashSet<String>) -> Vec<(Range<usize>, String)> {
    if !may_double(s) {
        return Vec::new();
    }
    doublings(s, except, |first, second| {
        !in_code_or_emphasis(s, first.clone(), second.clone()) && is_typo(s, first, second)
    })
}

/// The pairs of words exactly one space apart whose second repeats the first
/// ([`is_doubling`]) and that `accept` takes: the pair's range and the first
/// word. The second word of a taken pair does not start another pair.
fn doublings(
    s: &str,
    except: &HashSet<String>,
    accept: impl Fn(Range<usize>, Range<usize>) -> bool,
) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut prev: Option<Range<usize>> = None;
    for word in words(s) {
        if let Some(p) = prev.take() {
            if p.end + 1 == word.start
                && s.as_bytes()[p.end] == b' '
                && is_doubling(&s[p.clone()], &s[word.clone()], except)
                && accept(p.clone(), word.clone())
            {
                out.push((p.start..word.end, s[p].to_string()));
                continue;
            }
        }
        prev = Some(word);
    }
    out
}

/// The longest run of word bytes before a space whose every length
/// [`may_double`] tries; a longer one is a maybe.
const LONG_RUN: usize = 64;

/// Whether `s` may hold a doubling: a space with some bytes before it that
/// come again, ASCII case folded, just after it, neither run touching an
/// ASCII letter or digit on its outer side. Most lines have none, and one
/// pass over their bytes is cheaper than finding their words (0.59 G to 0.49 G
/// instructions on the real-text corpus). It never says no where
/// [`doubled_words`] finds a doubling: before a space, a word of ASCII
/// letters and digits can only start where their run does; where the run
/// holds a hyphen, an apostrophe or a non-ASCII byte, every length is tried,
/// or, past [`LONG_RUN`] bytes, the answer is maybe.
fn may_double(s: &str) -> bool {
    let b = s.as_bytes();
    // A word never starts or ends beside an ASCII letter or digit.
    let bounded = |i: usize| b.get(i).is_none_or(|&c| !ASCII_ALPHANUMERIC[c as usize]);
    // Whether the `len` bytes before the space at `space`, starting where a
    // word may start, come again after it, where a word may end.
    let again = |space: usize, len: usize| {
        let start = space - len;
        b.get(space + 1)
            .is_some_and(|c| c.eq_ignore_ascii_case(&b[start]))
            && (start == 0 || bounded(start - 1))
            && bounded(space + 1 + len)
            && b.get(space + 1..space + 1 + len)
                .is_some_and(|copy| copy.eq_ignore_ascii_case(&b[start..space]))
    };
    // The run of bytes a word can hold before `i`, and whether it is all
    // ASCII letters and digits (then a word can start only at its start).
    let (mut run, mut plain) = (0, true);
    for (i, &c) in b.iter().enumerate() {
        if ASCII_ALPHANUMERIC[c as usize] {
            continue;
        }
        if matches!(c, b'-' | b'\'' | 0x80..) {
            plain = false;
            continue;
        }
        if c == b' ' && i > run {
            // Past LONG_RUN bytes, trying every length could be quadratic
            // (a hostile run of accented letters): say maybe, and let the
            // words be walked.
            let found = if plain {
                again(i, i - run)
            } else {
                i - run > LONG_RUN || (1..=i - run).any(|len| again(i, len))
            };
            if found {
                return true;
            }
        }
        (run, plain) = (i + 1, true);
    }
    false
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

/// English function words: doubled, they are typos even when capitalised
/// ("The The authorities"), never names.
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by",
    "for", "from", "has", "have", "he", "her", "his", "i", "if", "in", "into", "it", "its", "not",
    "of", "on", "or", "our", "she", "than", "the", "their", "then", "there", "these", "they",
    "this", "those", "to", "under", "we", "were", "what", "when", "which", "who", "with", "would",
    "you", "your",
];

/// Whether a doubling (`s[first]` and its copy `s[second]`) is part of code
/// or of a deliberate repetition, where it is not a typo: a word joined to an
/// identifier (`ngx_http_rewrite_module module`, `messages messages_ready`)
/// or a dotted name (`urllib3 urllib3.HTTPResponse`), a
/// pair after a command-line option (`mount -t proc proc`, `docker exec -it
/// ollama ollama`), or three copies or more ("layers layers layers",
/// "brunch, brunch brunch").
fn in_code_or_emphasis(s: &str, first: Range<usize>, second: Range<usize>) -> bool {
    let b = s.as_bytes();
    let joined = |i: Option<usize>| i.and_then(|i| b.get(i)).is_some_and(|&c| c == b'_');
    // A dot between letters or digits makes a dotted name (`urllib3.HTTPResponse`).
    let dotted = |dot: Option<usize>, next: Option<usize>| {
        dot.and_then(|i| b.get(i)) == Some(&b'.')
            && next
                .and_then(|i| b.get(i))
                .is_some_and(u8::is_ascii_alphanumeric)
    };
    if joined(first.start.checked_sub(1))
        || joined(Some(second.end))
        || dotted(Some(second.end), Some(second.end + 1))
        || dotted(first.start.checked_sub(1), first.start.checked_sub(2))
    {
        return true;
    }
    let before = &s[..first.start];
    let option = before
        .trim_end_matches(' ')
        .rsplit(' ')
        .next()
        .is_some_and(|t| {
            t.len() > 1
                && t.starts_with('-')
                && t[1..].starts_with(|c: char| c == '-' || c.is_ascii_alphabetic())
        });
    if option && before.ends_with(' ') {
        return true;
    }
    // A third copy, before or after, with only spaces or a comma between.
    let word = &s[first];
    let near = |gap: &str| gap.chars().all(|c| c == ' ' || c == ',') && gap.len() <= 2;
    let copy_before = last_word(before)
        .is_some_and(|r| near(&before[r.end..]) && before[r].eq_ignore_ascii_case(word));
    let after = &s[second.end..];
    let copy_after = words(after)
        .next()
        .is_some_and(|r| near(&after[..r.start]) && after[r].eq_ignore_ascii_case(word));
    copy_before || copy_after
}

/// Whether a doubling (`s[first]` and its copy `s[second]` after one space)
/// is a typo rather than a name (see the module documentation).
fn is_typo(s: &str, first: Range<usize>, second: Range<usize>) -> bool {
    let after = &s[second.end..];
    let second = &s[second];
    let a = &s[first.clone()];
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if !capitalised(a) {
        return true;
    }
    if FUNCTION_WORDS.contains(&a.to_lowercase().as_str()) {
        return true;
    }
    if !capitalised(second) {
        return false;
    }
    // "Middle East East": the word before the pair is capitalised, stands
    // inside a sentence, and is not a doubling itself ("Kiss Kiss Bang Bang").
    let before = s[..first.start].strip_suffix(' ').unwrap_or("");
    let Some(prev) = last_word(before).filter(|r| r.end == before.len()) else {
        return false;
    };
    let word = &before[prev.clone()];
    if !capitalised(word) || FUNCTION_WORDS.contains(&word.to_lowercase().as_str()) {
        return false;
    }
    let ahead = before[..prev.start].trim_end_matches(' ');
    let inside_sentence = ahead
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == ',');
    let prev_doubled = ahead
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case(word));
    // A capitalised word after the pair: the name goes on ("Gurudev Sri Sri
    // Ravi Shankar", "Chocolate Chicken Chicken Cake").
    let name_goes_on = after
        .strip_prefix(' ')
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_uppercase);
    inside_sentence && !prev_doubled && !name_goes_on
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

/// The last word of `s`, as [`words`] finds it, found from the end: it ends
/// at the last letter or digit, and holds no whitespace, so only the text
/// after the last whitespace before that is walked. (Walking all of `s` for
/// every doubling made a line of one word repeated quadratic.)
fn last_word(s: &str) -> Option<Range<usize>> {
    let end = s.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    let from = s[..end]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    words(&s[from..])
        .last()
        .map(|r| from + r.start..from + r.end)
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
            found("in the Middle East East"),
            vec![("East East".into(), "East".into())]
        );
    }

    /// The doublings found in `s` with no exception words.
    fn found(s: &str) -> Vec<String> {
        doubled_words(s, &HashSet::new())
            .into_iter()
            .map(|(r, _)| s[r].to_string())
            .collect()
    }

    #[test]
    fn capitalised_doublings_are_names_unless_they_repeat_a_name_or_a_function_word() {
        // Names stay.
        assert!(found("the Goo Goo Dolls played").is_empty());
        assert!(found("The Goo Goo Dolls played").is_empty());
        assert!(found("Bora Bora is lovely.").is_empty());
        assert!(found("We flew to Bora Bora. Then Walla Walla").is_empty());
        assert!(found("Kiss Kiss Bang Bang (2005)").is_empty());
        assert!(found("LA LA Land, Sri Sri and Phi Phi").is_empty());
        assert!(found("Player player, WINDOW window").is_empty());
        assert!(found("led by Gurudev Sri Sri Ravi Shankar").is_empty());
        assert!(found("created Chocolate Chicken Chicken Cake.").is_empty());
        // Typos go.
        assert_eq!(found("The The authorities"), ["The The"]);
        assert_eq!(found("The the report"), ["The the"]);
        assert_eq!(found("talks in New York York on Monday"), ["York York"]);
        assert_eq!(found("in the Middle East East increase"), ["East East"]);
        assert_eq!(found("and and then"), ["and and"]);
    }

    #[test]
    fn a_doubled_word_longer_than_the_quick_tests_run_is_found() {
        let word = format!("x-{}", "a".repeat(LONG_RUN + 10));
        let line = format!("in the {word} {word} end");
        assert!(may_double(&line));
        assert_eq!(found(&line), [format!("{word} {word}")]);
    }

    #[test]
    fn code_and_emphasis_are_not_typos() {
        assert!(found("The ngx_http_rewrite_module module is used").is_empty());
        assert!(found("list_queues name messages messages_ready").is_empty());
        assert!(found("read it from the urllib3 urllib3.HTTPResponse at").is_empty());
        assert!(found("call os.path path and go").is_empty());
        assert_eq!(found("he said the the. Then"), ["the the"]);
        assert!(found("mount -t proc proc /mnt/proc").is_empty());
        assert!(found("sudo docker exec -it ollama ollama pull qwen").is_empty());
        assert!(found("time and time again- layers layers layers!").is_empty());
        assert!(found("Best for: brunch, brunch brunch.").is_empty());
        // Still typos: a doubling beside other words, or after a dash.
        assert_eq!(
            found("it is the the best - the the end"),
            ["the the", "the the"]
        );
        assert_eq!(found("one, two two three"), ["two two"]);
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
                    Just("—"), Just("東京"), Just("_"), Just("\u{a0}"), Just("\t"),
                ],
                0..16,
            ),
        ) {
            let s = parts.concat();
            let fast: Vec<&str> = words(&s).map(|r| &s[r]).collect();
            prop_assert_eq!(fast, reference_words(&s));
            prop_assert_eq!(last_word(&s), words(&s).last());
        }

        /// The quick test never turns a doubling away: where it says no,
        /// walking the words finds none either. A part is often written
        /// twice, so that doublings are common.
        #[test]
        fn may_double_never_misses_a_doubling(
            parts in proptest::collection::vec(
                (prop_oneof![
                    Just("the"), Just("The"), Just("THE"), Just("then"), Just("East"),
                    Just("east"), Just("well-known"), Just("known"), Just("it's"), Just("s"),
                    Just("it’s"), Just("Zürich"), Just("café"), Just("é"), Just("2024"),
                    Just(" "), Just("  "), Just("-"), Just("'"), Just("’"), Just(","),
                    Just("."), Just("—"), Just("東京"), Just("_"), Just("-t"), Just("x-the"),
                ], any::<bool>()),
                0..12,
            ),
        ) {
            let s: String = parts
                .iter()
                .map(|&(p, twice)| if twice { format!("{p} {p}") } else { p.to_string() })
                .collect();
            let all = doublings(&s, &HashSet::new(), |_, _| true);
            prop_assert!(may_double(&s) || all.is_empty(), "{s:?}: {all:?}");
        }
    }
}
