//! How much text something holds, for every stage of extraction: one
//! [`Measure`] (characters, link characters, sentence punctuation) of a
//! string, a subtree or a block, so link density and text length mean the
//! same everywhere; and [`collapse_whitespace`], the one way runs of
//! whitespace become one space.
//!
//! Characters are non-space characters (whitespace is layout, not text);
//! link characters are those inside a link; punctuation counts sentence
//! marks only (`,` `.` `!` `?` `;` `:` before a space or the end, so dots in
//! URLs and numbers do not count, and the CJK marks anywhere).

use ego_tree::NodeRef;
use scraper::{ElementRef, Node};

/// Text measured: its characters, how many of them sat in links, and its
/// sentence punctuation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    /// Non-space characters.
    pub chars: usize,
    /// Non-space characters inside links.
    pub link_chars: usize,
    /// Sentence punctuation marks.
    pub punct: usize,
}

impl Measure {
    /// Measures one run of text, all of it link text when `in_link`.
    pub fn of_text(text: &str, in_link: bool) -> Measure {
        let (chars, punct) = chars_and_marks(text);
        Measure {
            chars,
            link_chars: if in_link { chars } else { 0 },
            punct,
        }
    }

    /// Measures the text under `node`, all of it link text when `in_link`,
    /// without recursion (for subtrees nested too deep to walk).
    pub fn of_subtree_flat(node: NodeRef<Node>, in_link: bool) -> Measure {
        let mut total = Measure::default();
        for d in node.descendants() {
            if let Node::Text(t) = d.value() {
                total.add(Measure::of_text(t, in_link));
            }
        }
        total
    }

    /// Measures the text under `el` (itself included), as the tree holds it:
    /// nothing left out (the tree holds no script or style text, see
    /// `extract::parse`); link text is the text under any `<a>`.
    pub fn of_element(el: &ElementRef) -> Measure {
        use ego_tree::iter::Edge;
        let is_link = |n: NodeRef<Node>| n.value().as_element().is_some_and(|e| e.name() == "a");
        let mut total = Measure::default();
        let mut links = 0usize;
        for edge in el.traverse() {
            match edge {
                Edge::Open(n) if is_link(n) => links += 1,
                Edge::Close(n) if is_link(n) => links -= 1,
                Edge::Open(n) => {
                    if let Node::Text(t) = n.value() {
                        total.add(Measure::of_text(t, links > 0));
                    }
                }
                Edge::Close(_) => {}
            }
        }
        total
    }

    pub fn add(&mut self, other: Measure) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.punct += other.punct;
    }

    /// Share of the characters that sit in links; 1 for no text at all
    /// (nothing there is no prose).
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            1.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }

    /// True when the link characters are fewer than `share` of the
    /// characters (of at least one): the same test as `link_density() <
    /// share` but for rounding, kept as the list and paragraph tests were
    /// tuned with it.
    pub fn links_under(&self, share: f32) -> bool {
        (self.link_chars as f32) < share * self.chars.max(1) as f32
    }

    /// Characters outside links.
    pub fn plain_chars(&self) -> usize {
        self.chars - self.link_chars
    }
}

/// Non-space characters and sentence punctuation marks of `text` (see the
/// module's doc), in one pass: every text node of every page is measured,
/// so ASCII is read as bytes and only other characters are decoded.
fn chars_and_marks(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut chars, mut punct, mut i) = (0, 0, 0);
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            i += 1;
            if is_ascii_space(b) {
                continue;
            }
            chars += 1;
            if matches!(b, b',' | b'.' | b'!' | b'?' | b';' | b':') && space_or_end_at(text, i) {
                punct += 1;
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        if matches!(c, '，' | '。' | '、' | '！' | '？') {
            punct += 1;
        }
    }
    (chars, punct)
}

/// The characters of `text` that are not whitespace.
pub fn non_space_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Words of `text` as `split_whitespace` counts them, without splitting:
/// every text node of every page is counted (the page's visible words),
/// and every cleaned document. A word starts at a non-space character after
/// a space or at the start; eight ASCII bytes are judged at once in a `u64`
/// ([`ascii_spaces`]), any other character is decoded and asked
/// `char::is_whitespace`.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while let Some(&b) = bytes.get(i) {
        if let Some(block) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                let spaces = ascii_spaces(x);
                let before = spaces << 1 | u32::from(!in_word);
                words += (!spaces & before & 0xff).count_ones() as usize;
                in_word = spaces & 0x80 == 0;
                i += 8;
                continue;
            }
        }
        let space = if b.is_ascii() {
            i += 1;
            is_ascii_space(b)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            c.is_whitespace()
        };
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

/// `ASCII_ALPHANUMERIC[b]`: whether byte `b` is an ASCII letter or digit.
/// One load per byte where the word finders' hot loops would make three
/// comparisons (the doubled-word rule, the duplicate fingerprints).
pub static ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The high bit of each of eight bytes.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Which of eight ASCII bytes (little-endian in `x`, every high bit clear)
/// are spaces as [`is_ascii_space`] says: bit `j` for byte `j`. Each byte is
/// compared in its own lane (SWAR): no sum carries into the next byte, as
/// none exceeds 0x7f + 0x7f.
fn ascii_spaces(x: u64) -> u32 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let lanes = |b: u8| u64::from_le_bytes([b; 8]);
    // A lane's high bit in `not_blank`: its byte is not b' '; in
    // `from_tab & !past_cr`: it is one of b'\t'..=b'\r'.
    let t = x ^ lanes(b' ');
    let not_blank = ((t & LOW7) + LOW7) | t;
    let from_tab = x + lanes(0x80 - b'\t');
    let past_cr = x + lanes(0x80 - (b'\r' + 1));
    let space = (!not_blank | (from_tab & !past_cr)) & HIGH;
    // Gather the eight high bits into the low byte.
    ((space >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// `char::is_whitespace` for an ASCII byte (vertical tab included, which
/// `u8::is_ascii_whitespace` leaves out).
pub fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// True when `text` ends at byte `i` or a whitespace character starts there.
fn space_or_end_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        None => true,
        Some(&b) if b.is_ascii() => is_ascii_space(b),
        Some(_) => text[i..].chars().next().is_some_and(char::is_whitespace),
    }
}

/// `text` with every run of whitespace (line breaks included) made one
/// space, and none at the ends.
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_collapsed(&mut out, text, "");
    out
}

/// Pushes `text` onto `out` as [`collapse_whitespace`] makes it, after
/// `separator` when `out` holds something already and `text` has a word.
pub fn push_collapsed(out: &mut String, text: &str, separator: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        match i {
            0 if !out.is_empty() => out.push_str(separator),
            0 => {}
            _ => out.push(' '),
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_counts_characters_links_and_sentence_marks_only() {
        let m = Measure::of_text(" Hello, world. See example.com or 3.5! ", false);
        assert_eq!((m.chars, m.link_chars, m.punct), (32, 0, 3));
        let m = Measure::of_text("你好，世界。", true);
        assert_eq!((m.chars, m.link_chars, m.punct), (6, 6, 2));
        assert_eq!(Measure::default().link_density(), 1.0);
    }

    #[test]
    fn an_element_counts_the_text_of_its_links() {
        let html = scraper::Html::parse_fragment(
            r#"<p id=x>Read <a href="/a">more <b>here</b></a> now.</p><a href="/b">out</a>"#,
        );
        let sel = scraper::Selector::parse("#x").unwrap();
        let p = html.select(&sel).next().unwrap();
        let m = Measure::of_element(&p);
        assert_eq!((m.chars, m.link_chars), (16, 8));
        assert_eq!(m.plain_chars(), 8);
    }

    #[test]
    fn one_pass_counts_as_counting_chars_and_marks_apart() {
        // The plain definitions, char by char, against the one-pass count.
        let reference = |text: &str| {
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            let mut it = text.chars().peekable();
            let mut punct = 0;
            while let Some(c) = it.next() {
                let ends = it.peek().is_none_or(|n| n.is_whitespace());
                if matches!(c, '，' | '。' | '、' | '！' | '？')
                    || (matches!(c, ',' | '.' | '!' | '?' | ';' | ':') && ends)
                {
                    punct += 1;
                }
            }
            (chars, punct)
        };
        for text in [
            "",
            "a.",
            "Hi, you.\u{b}Then: x;\u{a0}y!\u{3000}z? w.\u{2003}",
            "“Quoted,” she said — “yes.” Fin.",
            "价格，。、！？ok.\u{85}",
            "\t\r\n\u{c} . , ",
        ] {
            assert_eq!(chars_and_marks(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            " ",
            "one",
            " two  words ",
            "a\u{b}b\u{a0}c\u{3000}d\u{2003}e\u{85}f",
            "“Quoted,” she said — héllo wörld\n\ntwo",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn every_ascii_byte_in_every_lane_is_judged_as_is_ascii_space_judges_it() {
        for b in 0..0x80u8 {
            for j in 0..8 {
                let mut lanes = [b'a'; 8];
                lanes[j] = b;
                let want = u32::from(is_ascii_space(b)) << j;
                assert_eq!(
                    ascii_spaces(u64::from_le_bytes(lanes)),
                    want,
                    "{b:#x} in {j}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Long runs of ASCII (counted a block at a time) mixed with other
        /// characters, spaces among them, at every alignment.
        #[test]
        fn words_in_long_mixed_text_are_counted_as_split_whitespace_counts_them(
            text in "([a-z \t\n\r\u{b}\u{c}.,]{0,70}|[\u{a0}\u{3000}\u{2003}\u{85}\t\n\u{b}é—’x]{0,3}){0,12}"
        ) {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    proptest::proptest! {
        /// One buffer, written as the words are read, holds what joining
        /// the words with single spaces makes; lines joined the same way.
        #[test]
        fn collapsed_text_is_its_words_joined_by_single_spaces(
            text in "([a-z]{0,5}|[ \t\n\u{a0}\u{2028}\u{3000}é]{0,3}){0,12}",
            before in "|x|\n",
        ) {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(collapse_whitespace(&text), words.clone());
            let mut out = before.clone();
            push_collapsed(&mut out, &text, "\n");
            let expected = match (before.is_empty(), words.is_empty()) {
                (false, false) => format!("{before}\n{words}"),
                _ => before + &words,
            };
            proptest::prop_assert_eq!(out, expected);
        }
    }

    #[test]
    fn whitespace_collapses_to_single_spaces() {
        assert_eq!(collapse_whitespace("  a\n\t b\u{a0}c  "), "a b c");
    }
}
