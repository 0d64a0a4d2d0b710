//! The five named character references real pages are full of (`&quot;`
//! in the JSON of data attributes above all, then `&amp;`, `&nbsp;`, `&lt;`
//! and `&gt;`), written as the characters they stand for before the
//! tokenizer reads them, in the input it will read in its data state.
//!
//! html5ever reads a named reference a character at a time, looking each
//! longer prefix up in its table of 2,231 names and pushing back what it
//! read past the longest match: on real pages this was 9% of all the
//! instructions of a run. A character costs it nothing. The rewrite is
//! exact: the tree is the one the page itself makes.
//!
//! - A reference is rewritten only where the tokenizer decodes it: in text
//!   read in the data state and in attribute values. Never in a comment, a
//!   declaration, a tag or attribute name, or the text of an element the
//!   tokenizer may read raw (`<script>`, `<style>`, `<title>`,
//!   `<textarea>`...).
//! - What the tokenizer reads next in the data state is known only right
//!   after it gave the tree builder a tag and the tree builder did not
//!   switch it to raw text ([`super::SkipCode`]). From there a [`Stretch`]
//!   runs over whole tags and the text between them, and ends after the
//!   first tag whose element may be read raw (whether it is, only the tree
//!   builder knows: `<style>` in an `<svg>` is not), or before anything
//!   whose reading depends on more than the bytes (`<![CDATA[`), or before
//!   a tag, comment or declaration not closed in the input at hand.
//! - A character stands for its reference only where it is not markup
//!   there: `&lt;` stays a (numeric) reference in text, `&gt;` in an
//!   unquoted value, `&quot;` in an unquoted value (where a `"` first would
//!   open a quoted one) and in a value quoted with `"` (whose quotes become
//!   `'` when the value holds no `'`), and `&amp;` wherever a letter, digit
//!   or `#` follows it.

use memchr::{memchr, memchr2, memmem};

/// The start of the input the tokenizer reads next in its data state, up to
/// the end of a tag, with its references rewritten.
pub(super) struct Stretch {
    /// Bytes of the input the stretch covers (to the end of its last tag).
    pub len: usize,
    /// Tags in it: the tree builder is given as many before the input after
    /// it is read.
    pub tags: u32,
    /// The rewritten text of those bytes; `None` when nothing changed.
    pub text: Option<String>,
}

/// Elements whose text the tree builder may have the tokenizer read raw.
const RAW: [&[u8]; 10] = [
    b"script",
    b"style",
    b"title",
    b"textarea",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
    b"plaintext",
];

/// Where a reference stands, for what may replace it.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    Text,
    /// A value quoted with `"`.
    DoubleQuoted,
    /// A value quoted with `'` (or with `"` turned to `'`).
    SingleQuoted,
    Unquoted,
}

/// The stretch of `html` that the tokenizer, in the data state, reads next.
pub(super) fn stretch(html: &str) -> Stretch {
    let mut scan = Scan {
        src: html,
        out: String::new(),
        copied: 0,
        edits: 0,
    };
    let bytes = html.as_bytes();
    // After the last whole tag: its end, and the output up to it.
    let mut kept = Kept::default();
    let mut i = 0;
    while let Some(found) = memchr2(b'<', b'&', &bytes[i..]) {
        let at = i + found;
        if bytes[at] == b'&' {
            i = scan.reference(at, Place::Text);
            continue;
        }
        let Some(markup) = markup_at(bytes, at, &mut scan) else {
            break;
        };
        i = markup.end;
        if markup.tag {
            kept = scan.keep(markup.end, kept.tags + 1);
            if markup.raw {
                break;
            }
        }
    }
    scan.finish(kept)
}

/// What one `<` starts.
struct Markup {
    /// Where the markup ends.
    end: usize,
    /// A start or end tag (the tree builder is given a token).
    tag: bool,
    /// The start tag of an element that may be read raw.
    raw: bool,
}

/// Reads the markup at `lt` (a `<`) as the tokenizer in the data state
/// does, rewriting the references in its attribute values; `None` where the
/// stretch must end before it.
fn markup_at(bytes: &[u8], lt: usize, scan: &mut Scan) -> Option<Markup> {
    let after = |end: usize| Markup {
        end,
        tag: false,
        raw: false,
    };
    let rest = &bytes[lt + 1..];
    match rest.first() {
        Some(c) if c.is_ascii_alphabetic() => {
            let (name, end) = tag_at(bytes, lt + 1, scan)?;
            let raw = RAW.iter().any(|r| r.eq_ignore_ascii_case(name));
            Some(Markup {
                end,
                tag: true,
                raw,
            })
        }
        Some(b'/') => match rest.get(1) {
            Some(c) if c.is_ascii_alphabetic() => {
                let (_, end) = tag_at(bytes, lt + 2, scan)?;
                Some(Markup {
                    end,
                    tag: true,
                    raw: false,
                })
            }
            // `</>` is dropped; `</` at the end is text.
            Some(b'>') => Some(after(lt + 3)),
            None => Some(after(lt + 2)),
            // A bogus comment, to the first `>`.
            Some(_) => close_at(bytes, lt + 2).map(after),
        },
        Some(b'!') if rest.starts_with(b"!--") => comment_end(bytes, lt).map(after),
        // CDATA in foreign content, a bogus comment elsewhere: the tree
        // builder knows which.
        Some(b'!') if rest.starts_with(b"![CDATA[") => None,
        // A doctype or a bogus comment: both end at the first `>`.
        Some(b'!' | b'?') => close_at(bytes, lt + 2).map(after),
        // A `<` of text.
        _ => Some(after(lt + 1)),
    }
}

/// The end of the first `>` from `from`.
fn close_at(bytes: &[u8], from: usize) -> Option<usize> {
    memchr(b'>', &bytes[from..]).map(|i| from + i + 1)
}

/// The end of the comment opened at `lt` (`<!--`): the first `-->`, which
/// may share the opening's dashes (`<!-->` and `<!--->` are whole
/// comments), or the first `--!>` after the opening.
fn comment_end(bytes: &[u8], lt: usize) -> Option<usize> {
    let dashes = memmem::find(&bytes[lt + 2..], b"-->").map(|i| lt + 2 + i + 3);
    // A `--!>` counts only before the first `-->`: looking past it would
    // read the rest of the page at every comment.
    let before = dashes.unwrap_or(bytes.len()).max(lt + 4);
    memmem::find(&bytes[lt + 4..before], b"--!>")
        .map(|i| lt + 4 + i + 4)
        .or(dashes)
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Reads a tag whose name starts at `name_at`, as the tokenizer's tag
/// states do, rewriting the references in its attribute values; its name
/// and end, or `None` when the input ends inside it.
fn tag_at<'a>(bytes: &'a [u8], name_at: usize, scan: &mut Scan) -> Option<(&'a [u8], usize)> {
    let n = bytes.len();
    let mut i = name_at;
    while i < n && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    let name = &bytes[name_at..i];
    let skip_spaces = |mut i: usize| {
        while i < n && is_space(bytes[i]) {
            i += 1;
        }
        i
    };
    loop {
        // Before an attribute's name; `/` (self-closing) only matters before `>`.
        i = skip_spaces(i);
        match bytes.get(i)? {
            b'>' => return Some((name, i + 1)),
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name's first character is taken whatever it is (`=` too).
        i += 1;
        while i < n && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        i = skip_spaces(i);
        if *bytes.get(i)? != b'=' {
            continue;
        }
        i = skip_spaces(i + 1);
        match *bytes.get(i)? {
            quote @ (b'"' | b'\'') => {
                let close = i + 1 + memchr(quote, &bytes[i + 1..])?;
                scan.value(i, close, quote);
                i = close + 1;
            }
            b'>' => return Some((name, i + 1)),
            _ => {
                let start = i;
                while i < n && !is_space(bytes[i]) && bytes[i] != b'>' {
                    i += 1;
                }
                if i == n {
                    return None;
                }
                scan.references(start, i, Place::Unquoted);
            }
        }
    }
}

/// The rewritten text so far.
struct Scan<'a> {
    src: &'a str,
    out: String,
    /// Bytes of `src` that `out` stands for.
    copied: usize,
    edits: usize,
}

/// Where the last whole tag of a stretch ended.
#[derive(Default, Clone, Copy)]
struct Kept {
    end: usize,
    tags: u32,
    out_len: usize,
    copied: usize,
    edits: usize,
}

impl Scan<'_> {
    fn edit(&mut self, at: usize, len: usize, with: &str) {
        self.out.push_str(&self.src[self.copied..at]);
        self.out.push_str(with);
        self.copied = at + len;
        self.edits += 1;
    }

    fn keep(&self, end: usize, tags: u32) -> Kept {
        Kept {
            end,
            tags,
            out_len: self.out.len(),
            copied: self.copied,
            edits: self.edits,
        }
    }

    /// The stretch to the end of the last whole tag.
    fn finish(mut self, kept: Kept) -> Stretch {
        let text = (kept.edits > 0).then(|| {
            self.out.truncate(kept.out_len);
            self.out.push_str(&self.src[kept.copied..kept.end]);
            self.out
        });
        Stretch {
            len: kept.end,
            tags: kept.tags,
            text,
        }
    }

    /// Rewrites the references in the value quoted with `quote` from `open`
    /// to `close` (the quotes' places); a value in `"` holding `&quot;` and
    /// no `'` is quoted with `'` instead, so the `"` can stand as it is.
    fn value(&mut self, open: usize, close: usize, quote: u8) {
        let inside = &self.src.as_bytes()[open + 1..close];
        let Some(amp) = memchr(b'&', inside) else {
            return;
        };
        let holds_quot = || {
            memchr::memchr_iter(b'&', &inside[amp..])
                .any(|i| inside[amp + i..].starts_with(b"&quot;"))
        };
        if quote == b'\'' {
            self.references(open + 1, close, Place::SingleQuoted);
        } else if memchr(b'\'', inside).is_none() && holds_quot() {
            self.edit(open, 1, "'");
            self.references(open + 1, close, Place::SingleQuoted);
            self.edit(close, 1, "'");
        } else {
            self.references(open + 1, close, Place::DoubleQuoted);
        }
    }

    /// Rewrites the references from `from` to `to`, all in `place`.
    fn references(&mut self, from: usize, to: usize, place: Place) {
        let mut i = from;
        while let Some(found) = memchr(b'&', &self.src.as_bytes()[i..to]) {
            i = self.reference(i + found, place);
        }
    }

    /// Rewrites the reference at `amp` (a `&`) if it is one of the five;
    /// returns where reading goes on.
    fn reference(&mut self, amp: usize, place: Place) -> usize {
        let bytes = self.src.as_bytes();
        let name = &bytes[amp + 1..];
        let (len, with) = if name.starts_with(b"quot;") {
            let markup = matches!(place, Place::DoubleQuoted | Place::Unquoted);
            (6, if markup { "&#34;" } else { "\"" })
        } else if name.starts_with(b"amp;") {
            let next = bytes.get(amp + 5);
            let plain = next.is_some_and(|c| !c.is_ascii_alphanumeric() && *c != b'#');
            (5, if plain { "&" } else { "&#38;" })
        } else if name.starts_with(b"nbsp;") {
            (6, "\u{a0}")
        } else if name.starts_with(b"lt;") {
            (4, if place == Place::Text { "&#60;" } else { "<" })
        } else if name.starts_with(b"gt;") {
            (
                4,
                if place == Place::Unquoted {
                    "&#62;"
                } else {
                    ">"
                },
            )
        } else {
            return amp + 1;
        };
        self.edit(amp, len, with);
        amp + len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(html: &str) -> (String, u32) {
        let s = stretch(html);
        let text = s.text.unwrap_or_else(|| html[..s.len].to_string());
        (text, s.tags)
    }

    #[test]
    fn references_become_characters_where_they_are_not_markup() {
        let (text, tags) = rewritten(
            "a &quot;b&quot; &amp; c&amp;d &lt;p&gt;&nbsp;\
             <i title=\"say &quot;hi&quot; &lt;3\" data-x='&quot;' u=&quot;&gt;>x</i>",
        );
        assert_eq!(
            text,
            "a \"b\" & c&#38;d &#60;p>\u{a0}\
             <i title='say \"hi\" <3' data-x='\"' u=&#34;&#62;>x</i>"
        );
        assert_eq!(tags, 2);
        // A value in `"` holding a `'` keeps its quotes; `&quot;` stays a reference.
        let (text, _) = rewritten("<a title=\"it's &quot;x&quot;\">");
        assert_eq!(text, "<a title=\"it's &#34;x&#34;\">");
    }

    #[test]
    fn nothing_is_rewritten_where_the_tokenizer_does_not_decode() {
        for page in [
            "<!-- &quot; --><p>",
            "<!DOCTYPE x &quot;><p>",
            "<? &amp; ><p>",
            "</ &amp;><p>",
            "<p &quot;=1 x&amp;y>",
        ] {
            let (text, tags) = rewritten(page);
            assert_eq!(text, page);
            assert!(tags >= 1, "{page}");
        }
    }

    #[test]
    fn a_stretch_ends_after_a_tag_that_may_open_raw_text_or_before_the_unknown() {
        let s = stretch("<p>&amp; </p><SCRIPT a=b>&quot;</script><p>&quot;</p>");
        assert_eq!((s.len, s.tags), (25, 3));
        assert_eq!(s.text.as_deref(), Some("<p>& </p><SCRIPT a=b>"));
        // Text after the last tag waits for the next stretch.
        let s = stretch("<p>x</p>&quot;<![CDATA[&quot;]]>");
        assert_eq!((s.len, s.tags, s.text), (8, 2, None));
        let s = stretch("<p>&quot;<a title='&quot;");
        assert_eq!((s.len, s.tags), (3, 1));
        assert_eq!(s.text, None);
        let s = stretch("<!-- unclosed <p>");
        assert_eq!((s.len, s.tags), (0, 0));
    }

    #[test]
    fn comments_end_where_the_tokenizer_ends_them() {
        for (page, end) in [
            ("<!-->", 5),
            ("<!--->", 6),
            ("<!---->", 7),
            ("<!-- a --!>", 11),
            ("<!----!>", 8),
            ("<!-- <!-- -->", 13),
        ] {
            assert_eq!(comment_end(page.as_bytes(), 0), Some(end), "{page}");
        }
        // `--!>` needs two dashes after the opening ones.
        assert_eq!(comment_end(b"<!--!>x-->", 0), Some(10));
        assert_eq!(comment_end(b"<!---!>x-->", 0), Some(11));
    }
}
