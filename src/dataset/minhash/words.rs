//! The normalised words of a text, for its fingerprints
//! ([`super::fingerprints`]): its runs of alphanumeric characters,
//! lowercased. Every word of every document passes here once, so the walk
//! and the lowercasing take the cheap path wherever the text allows
//! (ASCII, Latin-1) and give what `char::is_alphanumeric` and
//! `str::to_lowercase` give; the tests compare them character by
//! character.

use crate::extract::ASCII_ALPHANUMERIC;

/// Calls `each` with the bytes of the words of `text`, lowercased, split at
/// anything not alphanumeric. Every word of every document passes here, so
/// the text is walked a byte at a time where it is ASCII; a character is
/// decoded only at a non-ASCII byte, and looked up in [`alphanumeric`]. A
/// word of up to 64 bytes in ASCII and Latin-1 letters (most words of the
/// languages written in Latin script) is lowercased into a buffer on the
/// stack as it is read ([`lower_latin1`]); any other word goes through
/// `str::to_lowercase`, which those two equal where they apply.
pub(super) fn for_each_word(text: &str, mut each: impl FnMut(&[u8])) {
    let bytes = text.as_bytes();
    let mut lower = [0u8; 64];
    // Whether the character at byte `i` is alphanumeric, and its length.
    let class = |i: usize| match text[i..].chars().next() {
        Some(c) => (alphanumeric(c), c.len_utf8()),
        None => (false, 1),
    };
    let mut i = 0;
    while i < bytes.len() {
        let (is_alphanumeric, len) = match bytes[i] {
            b if b.is_ascii() => (ASCII_ALPHANUMERIC[b as usize], 1),
            _ => class(i),
        };
        if !is_alphanumeric {
            i += len;
            continue;
        }
        // The word, lowercased into `lower` as it is read, as long as it
        // fits and is ASCII or Latin-1 (whose characters' UTF-8 starts with
        // 0xc2 or 0xc3).
        let (start, mut n, mut latin1) = (i, 0, true);
        while i < bytes.len() {
            let b = bytes[i];
            if ASCII_ALPHANUMERIC[b as usize] {
                if let Some(l) = lower.get_mut(n) {
                    *l = b | 0x20;
                }
                n += 1;
                i += 1;
            } else if b.is_ascii() {
                break;
            } else {
                match class(i) {
                    (true, len) => {
                        latin1 &= b <= 0xc3;
                        if latin1 && n + 2 <= lower.len() {
                            lower[n] = b;
                            lower[n + 1] = lower_latin1(b, bytes[i + 1]);
                        }
                        n += len;
                        i += len;
                    }
                    (false, _) => break,
                }
            }
        }
        if latin1 && n <= lower.len() {
            each(&lower[..n]);
        } else {
            each(text[start..i].to_lowercase().as_bytes());
        }
    }
}

/// The second byte of the lowercase of a Latin-1 character written `lead
/// second` in UTF-8 (`lead` 0xc2 or 0xc3). An ASCII letter lowercases by
/// `b | 0x20` (which leaves a digit as it is); so do the capitals of
/// Latin-1 (U+00C0 to U+00DE, written `0xc3 0x80..=0x9e`) on their second
/// byte, and its other alphanumerics (`0xc2 ..`, `0xc3 0x9f..`: `ß`, the
/// small letters, `ª`, `µ`, `²`) are lowercase already. A unit test checks
/// every character of Latin-1 against `str::to_lowercase`.
fn lower_latin1(lead: u8, second: u8) -> u8 {
    if lead == 0xc3 && second < 0x9f {
        second | 0x20
    } else {
        second
    }
}

/// `char::is_alphanumeric`, from a table of one bit per character below
/// U+3000 (Latin, Greek, Cyrillic, the scripts of the Middle East and
/// India, general punctuation such as `’` and `—`), which it builds at
/// first use from `char::is_alphanumeric` itself; that answers from a
/// search of Unicode's ranges each time.
fn alphanumeric(c: char) -> bool {
    const TABLE: usize = 0x3000;
    static BITS: std::sync::OnceLock<[u64; TABLE / 64]> = std::sync::OnceLock::new();
    let code = c as usize;
    if code >= TABLE {
        return c.is_alphanumeric();
    }
    let bits = BITS.get_or_init(|| {
        let mut bits = [0u64; TABLE / 64];
        for c in (0..TABLE as u32).filter_map(char::from_u32) {
            bits[c as usize / 64] |= u64::from(c.is_alphanumeric()) << (c as usize % 64);
        }
        bits
    });
    bits[code / 64] >> (code % 64) & 1 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_match_the_plain_definition(text: &str) {
        let plain: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut seen = Vec::new();
        for_each_word(text, |w| seen.push(String::from_utf8(w.to_vec()).unwrap()));
        assert_eq!(seen, plain, "{text:?}");
    }

    #[test]
    fn words_are_the_lowercased_alphanumeric_runs() {
        words_match_the_plain_definition("Ünïcode ΣΟΦΟΣ and ASCII-words, 3.5 “quotes” ÉTÉ x");
        words_match_the_plain_definition("STRAßE ÀÉÎÕÜÝÞ µ² ×÷ ŁÓDŹ naïve KELVIN\u{212a}");
        words_match_the_plain_definition(&"LONG".repeat(20));
        words_match_the_plain_definition(&"ÉTÉ".repeat(20));
        for len in 61..=65 {
            words_match_the_plain_definition(&format!("{}É {}", "A".repeat(len), "B".repeat(len)));
        }
        words_match_the_plain_definition("endsÉ");
        words_match_the_plain_definition("");
    }

    proptest::proptest! {
        #[test]
        fn words_are_the_plain_definition_s(
            text in "([a-zA-Z0-9]{1,5}|[ .,'’—\n-]|[ÀàéÉßÞ×µªİŁΣς²٣]|\u{a0}|\u{301}|\u{212a}){0,30}"
        ) {
            words_match_the_plain_definition(&text);
        }
    }

    #[test]
    fn the_table_of_alphanumerics_is_the_standard_library_s() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    /// Every alphanumeric character of ASCII and Latin-1, alone and in a
    /// word, is lowercased as `str::to_lowercase` lowercases it.
    #[test]
    fn latin1_words_are_lowercased_as_the_standard_library_does() {
        for c in ('\0'..='\u{ff}').filter(|c| c.is_alphanumeric()) {
            words_match_the_plain_definition(&format!(
                "{c} A{c}b{c}ÉÿDß {}",
                c.to_string().repeat(40)
            ));
        }
    }
}
