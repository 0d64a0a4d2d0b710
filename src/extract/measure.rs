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

    /// Measures the text under `el` (itself included), as the page holds it:
    /// nothing left out; link text is the text under any `<a>`.
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

/// Words of `text` as `split_whitespace` counts them, without splitting:
/// every text node of every page is counted (the page's visible words),
/// and every cleaned document.
/// The characters of `text` that are not whitespace.
pub fn non_space_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while let Some(&b) = bytes.get(i) {
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

/// `char::is_whitespace` for an ASCII byte (vertical tab included, which
/// `u8::is_ascii_whitespace` leaves out).
fn is_ascii_space(b: u8) -> bool {
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
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    fn whitespace_collapses_to_single_spaces() {
        assert_eq!(collapse_whitespace("  a\n\t b\u{a0}c  "), "a b c");
    }
}
