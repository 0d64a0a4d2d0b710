//! The tokens of the plain stretches of a page, read in one pass where
//! html5ever's tokenizer reads a character at a time.
//!
//! html5ever's tokenizer runs a state machine over every character of a tag
//! and pushes each character of a tag's and an attribute's name to a buffer
//! of its own, and it reads a character reference through its table of
//! 2,231 names one prefix at a time: on real pages this was two fifths of
//! all the instructions of a run. After a tag, where the tokenizer reads on
//! in its data state, [`lex`] reads what follows as the tokenizer would and
//! gives the tree builder the same tokens: text (character references and
//! line ends as the tokenizer decodes them), start and end tags with their
//! attributes, and plain comments. The tree is the one html5ever builds.
//!
//! It stops, and leaves the rest to the tokenizer, before anything it does
//! not read exactly the same way, and before anything whose reading depends
//! on the tree builder:
//! - the start tag of an element whose text may be read raw (`<script>`,
//!   `<style>`, `<title>`, `<textarea>`...): the tree builder decides, and
//!   the tokenizer must know the tag to find its end;
//! - `<!` other than a plain comment (doctypes, `<![CDATA[`, comments
//!   holding `--` or `<!`), `<?`, `</` before anything but a letter;
//! - a NUL, and a character reference it does not decode for sure (one
//!   without its `;`, or a number the tokenizer would replace);
//! - anything not whole in the input at hand (a tag without its `>`, text
//!   up to the end, where a `\r\n` or a reference may be cut in two).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};
use memchr::{memchr, memchr3, memmem};

/// Elements whose text the tree builder may have the tokenizer read raw.
fn may_be_raw(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("title")
            | local_name!("textarea")
            | local_name!("xmp")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("noscript")
            | local_name!("plaintext")
    )
}

/// Gives `give` the tokens `src` starts with, as the tokenizer reads them in
/// its data state, until `give` returns false or the input holds what is
/// left to the tokenizer; returns the length of the input whose tokens were
/// given.
pub(super) fn lex(src: &StrTendril, mut give: impl FnMut(Token) -> bool) -> usize {
    let bytes = src.as_bytes();
    let mut text = Text::new(0);
    let mut i = 0;
    loop {
        let Some(found) = memchr3(b'<', b'&', b'\0', &bytes[i..]) else {
            // Text to the end of the input: the next input may go on with it.
            return text.start;
        };
        let at = i + found;
        match bytes[at] {
            b'&' => match reference(bytes, at) {
                Ref::Char(c, len) => {
                    text.decoded(src, at, len, c);
                    i = at + len;
                }
                Ref::Literal => i = at + 1,
                Ref::Unknown => return text.give(src, at, &mut give).1,
            },
            b'<' => match markup(src, at) {
                Markup::Text => i = at + 1,
                Markup::Token(token, end) => {
                    if !text.give(src, at, &mut give).0 {
                        return at;
                    }
                    if !give(token) {
                        return end;
                    }
                    text = Text::new(end);
                    i = end;
                }
                Markup::Stop => return text.give(src, at, &mut give).1,
            },
            _ => return text.give(src, at, &mut give).1,
        }
    }
}

/// The text since the last token, with what its references stand for.
struct Text {
    /// Where it starts in the input.
    start: usize,
    /// Decoded so far (set at the first reference), and the input it covers.
    decoded: Option<(String, usize)>,
}

impl Text {
    fn new(start: usize) -> Text {
        Text {
            start,
            decoded: None,
        }
    }

    /// Takes the reference at `at` (`len` bytes) as `c`.
    fn decoded(&mut self, src: &str, at: usize, len: usize, c: char) {
        let (out, copied) = self
            .decoded
            .get_or_insert_with(|| (String::new(), self.start));
        push_lines(out, &src[*copied..at]);
        out.push(c);
        *copied = at + len;
    }

    /// Gives the text up to `end` as a token, if there is any; whether to
    /// go on, and the end of what was given.
    fn give(
        self,
        src: &StrTendril,
        end: usize,
        give: &mut impl FnMut(Token) -> bool,
    ) -> (bool, usize) {
        let text = match self.decoded {
            Some((mut out, copied)) => {
                push_lines(&mut out, &src[copied..end]);
                StrTendril::from(out)
            }
            None if self.start == end => return (true, end),
            None => slice(src, self.start, end),
        };
        (give(Token::CharacterTokens(text)), end)
    }
}

/// `src[from..to]` as a tendril, with its line ends as the tokenizer reads
/// them (`\r\n` and `\r` as `\n`); sharing `src`'s buffer where it can.
fn slice(src: &StrTendril, from: usize, to: usize) -> StrTendril {
    let part = &src[from..to];
    if memchr(b'\r', part.as_bytes()).is_none() {
        return src.subtendril(from as u32, (to - from) as u32);
    }
    let mut out = String::with_capacity(part.len());
    push_lines(&mut out, part);
    StrTendril::from(out)
}

/// Appends `part` with `\r\n` and `\r` read as `\n`.
fn push_lines(out: &mut String, part: &str) {
    let mut lines = part.split('\r');
    out.push_str(lines.next().unwrap_or_default());
    for line in lines {
        out.push('\n');
        out.push_str(line.strip_prefix('\n').unwrap_or(line));
    }
}

/// A character reference, as the tokenizer reads it.
enum Ref {
    /// The character it stands for, and its length.
    Char(char, usize),
    /// Not a reference: the `&` is text.
    Literal,
    /// Left to the tokenizer.
    Unknown,
}

/// The references most pages hold, in the order of how many.
const COMMON: [(&[u8], char); 5] = [
    (b"quot;", '"'),
    (b"amp;", '&'),
    (b"nbsp;", '\u{a0}'),
    (b"lt;", '<'),
    (b"gt;", '>'),
];

/// Reads the reference at `amp` (a `&`).
fn reference(bytes: &[u8], amp: usize) -> Ref {
    match bytes.get(amp + 1) {
        None => Ref::Unknown,
        Some(b'#') => numeric(bytes, amp),
        Some(c) if c.is_ascii_alphanumeric() => {
            // The five that real pages are full of, before the table.
            let name = &bytes[amp + 1..];
            for (common, c) in COMMON {
                if name.starts_with(common) {
                    return Ref::Char(c, common.len() + 1);
                }
            }
            // `name;` is a whole name of the table or nothing: no name goes
            // on past a `;`, so no longer one can match.
            let len = name
                .iter()
                .take(40)
                .position(|c| !c.is_ascii_alphanumeric());
            let Some(len) = len.filter(|&len| name[len] == b';') else {
                return Ref::Unknown;
            };
            let name = std::str::from_utf8(&name[..=len]).unwrap_or_default();
            match html5ever::data::NAMED_ENTITIES.get(name) {
                Some(&(c, 0)) if c != 0 => {
                    char::from_u32(c).map_or(Ref::Unknown, |c| Ref::Char(c, len + 2))
                }
                _ => Ref::Unknown,
            }
        }
        Some(_) => Ref::Literal,
    }
}

/// Reads a numeric reference (`&#...;`) whose number stands for itself.
fn numeric(bytes: &[u8], amp: usize) -> Ref {
    let (radix, digits_at) = match bytes.get(amp + 2) {
        Some(b'x' | b'X') => (16, amp + 3),
        _ => (10, amp + 2),
    };
    let digits = bytes[digits_at.min(bytes.len())..]
        .iter()
        .take(8)
        .take_while(|c| char::from(**c).is_digit(radix))
        .count();
    let end = digits_at + digits;
    if digits == 0 || digits > 6 || bytes.get(end) != Some(&b';') {
        return Ref::Unknown;
    }
    let digits = std::str::from_utf8(&bytes[digits_at..end]).unwrap_or_default();
    match u32::from_str_radix(digits, radix) {
        // 0 and the C1 controls are replaced; surrogates and numbers past
        // Unicode are not characters.
        Ok(n) if n != 0 && !(0x80..=0x9f).contains(&n) => {
            char::from_u32(n).map_or(Ref::Unknown, |c| Ref::Char(c, end + 1 - amp))
        }
        _ => Ref::Unknown,
    }
}

/// What a `<` starts.
enum Markup {
    /// A `<` of text.
    Text,
    /// A token, and where it ends.
    Token(Token, usize),
    Stop,
}

fn markup(src: &StrTendril, lt: usize) -> Markup {
    let bytes = src.as_bytes();
    let token = match bytes.get(lt + 1) {
        Some(c) if c.is_ascii_alphabetic() => tag(src, lt + 1, TagKind::StartTag),
        Some(b'/') => match bytes.get(lt + 2) {
            Some(c) if c.is_ascii_alphabetic() => tag(src, lt + 2, TagKind::EndTag),
            _ => None,
        },
        Some(b'!') => comment(src, lt),
        None | Some(b'?') => None,
        Some(_) => return Markup::Text,
    };
    token.map_or(Markup::Stop, |(token, end)| Markup::Token(token, end))
}

/// Space as the tag states read it (`\r` being read as `\n`).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn skip_spaces(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    i
}

/// A name as the tokenizer makes it: ASCII letters in lower case; `None`
/// with a NUL (which it replaces).
fn name(name: &str) -> Option<LocalName> {
    let bytes = name.as_bytes();
    if bytes.contains(&0) {
        return None;
    }
    Some(if bytes.iter().any(u8::is_ascii_uppercase) {
        LocalName::from(name.to_ascii_lowercase())
    } else {
        LocalName::from(name)
    })
}

/// Reads a tag whose name starts at `name_at`, as the tokenizer's tag
/// states do; `None` for the start tag of an element that may be read raw,
/// or when the tag is not whole.
fn tag(src: &StrTendril, name_at: usize, kind: TagKind) -> Option<(Token, usize)> {
    let bytes = src.as_bytes();
    let n = bytes.len();
    let mut i = name_at;
    while i < n && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    let tag_name = name(&src[name_at..i])?;
    if kind == TagKind::StartTag && may_be_raw(&tag_name) {
        return None;
    }
    let mut tag = Tag {
        kind,
        name: tag_name,
        self_closing: false,
        attrs: Vec::new(),
        had_duplicate_attributes: false,
    };
    loop {
        i = skip_spaces(bytes, i);
        match *bytes.get(i)? {
            b'>' => return Some((Token::TagToken(tag), i + 1)),
            b'/' => {
                if *bytes.get(i + 1)? == b'>' {
                    tag.self_closing = true;
                    return Some((Token::TagToken(tag), i + 2));
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        // The name's first character is taken whatever it is (`=` too).
        let name_at = i;
        i += 1;
        while i < n && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let attr_name = name(&src[name_at..i])?;
        i = skip_spaces(bytes, i);
        let mut value = StrTendril::new();
        if *bytes.get(i)? == b'=' {
            i = skip_spaces(bytes, i + 1);
            match *bytes.get(i)? {
                quote @ (b'"' | b'\'') => {
                    let close = i + 1 + memchr(quote, &bytes[i + 1..])?;
                    value = attribute_value(src, i + 1, close)?;
                    i = close + 1;
                }
                // `<a b=>`: an empty value, and the tag ends.
                b'>' => {}
                _ => {
                    let start = i;
                    while i < n && !is_space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                    if i == n {
                        return None;
                    }
                    value = attribute_value(src, start, i)?;
                }
            }
        }
        // The first of two attributes of one name stands.
        if tag.attrs.iter().any(|a| a.name.local == attr_name) {
            tag.had_duplicate_attributes = true;
        } else {
            tag.attrs.push(Attribute {
                name: QualName::new(None, ns!(), attr_name),
                value,
            });
        }
    }
}

/// The value in `src[from..to]`, its references decoded; `None` with a
/// NUL or a reference left to the tokenizer.
fn attribute_value(src: &StrTendril, from: usize, to: usize) -> Option<StrTendril> {
    let bytes = &src.as_bytes()[..to];
    if memchr3(b'&', b'\0', b'\r', &bytes[from..]).is_none() {
        return Some(src.subtendril(from as u32, (to - from) as u32));
    }
    let mut text = Text::new(from);
    let mut i = from;
    while let Some(found) = memchr(b'&', &bytes[i..]) {
        let at = i + found;
        match reference(src.as_bytes(), at) {
            Ref::Char(c, len) if at + len <= to => {
                text.decoded(src, at, len, c);
                i = at + len;
            }
            Ref::Literal => i = at + 1,
            _ => return None,
        }
    }
    if memchr(0, &bytes[from..]).is_some() {
        return None;
    }
    let (mut out, copied) = text.decoded.unwrap_or((String::new(), from));
    push_lines(&mut out, &src[copied..to]);
    Some(StrTendril::from(out))
}

/// Reads a plain comment at `lt` (`<!--`): one whose text holds no `--`
/// and no `<!` and does not start with `-` or `>`, all of which the
/// tokenizer reads in states of their own.
fn comment(src: &StrTendril, lt: usize) -> Option<(Token, usize)> {
    let bytes = src.as_bytes();
    let body_at = lt + 4;
    if !bytes[lt..].starts_with(b"<!--") || matches!(bytes.get(body_at), None | Some(b'-' | b'>')) {
        return None;
    }
    // The first `--` ends a plain comment, or ends the plain reading (and
    // the tokenizer reads at least that far, so no byte is looked at twice).
    let len = memmem::find(&bytes[body_at..], b"--")?;
    let body = &bytes[body_at..body_at + len];
    let plain = bytes.get(body_at + len + 2) == Some(&b'>')
        && memmem::find(body, b"<!").is_none()
        && memchr(0, body).is_none();
    plain.then(|| {
        let end = body_at + len;
        (Token::CommentToken(slice(src, body_at, end)), end + 3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens `html` starts with, as text, and the length lexed.
    fn tokens(html: &str) -> (Vec<String>, usize) {
        let mut seen = Vec::new();
        let used = lex(&StrTendril::from_slice(html), |t| {
            seen.push(match t {
                Token::CharacterTokens(t) => format!("{:?}", &*t),
                Token::CommentToken(t) => format!("<!--{:?}-->", &*t),
                Token::TagToken(t) => {
                    let attrs: Vec<_> = t
                        .attrs
                        .iter()
                        .map(|a| format!("{}={:?}", &*a.name.local, &*a.value))
                        .collect();
                    let end = if t.kind == TagKind::EndTag { "/" } else { "" };
                    let closing = if t.self_closing { " /" } else { "" };
                    format!("<{end}{} {}{closing}>", &*t.name, attrs.join(" "))
                }
                _ => "?".into(),
            });
            true
        });
        (seen, used)
    }

    #[test]
    fn text_tags_and_comments_are_read_as_the_tokenizer_reads_them() {
        let html = "a &amp; b&lt;c&#8217;&#x41;&rsquo; & x<P Class=A class=b data-x='&quot;1&quot;' \
             hidden t=\"&<\" u=v/ w= >x\r\ny</p\t><br/><!-- note -->< 3<i>";
        let (seen, used) = tokens(html);
        assert_eq!(
            seen,
            [
                "\"a & b<c’A’ & x\"",
                "<p class=\"A\" data-x=\"\\\"1\\\"\" hidden=\"\" t=\"&<\" u=\"v/\" w=\"\">",
                "\"x\\ny\"",
                "</p >",
                "<br  />",
                "<!--\" note \"-->",
                "\"< 3\"",
                "<i >",
            ]
        );
        assert_eq!(used, html.len());
    }

    #[test]
    fn it_stops_before_what_it_leaves_to_the_tokenizer() {
        for (html, given) in [
            ("<p>a<script>x</script>", 2),
            ("<p>a&copy 2024<b>", 2),
            ("<p>a&#128;<b>", 2),
            ("<p>a\0<b>", 2),
            ("<p><!DOCTYPE html>", 1),
            ("<p><!-- a -- b -->", 1),
            ("<p><!---->", 1),
            ("<p><?php ?>", 1),
            ("<p></ x>", 1),
            ("<p><a href=\"x", 1),
            ("<p title='&notin'>", 0),
        ] {
            let (seen, _) = tokens(html);
            assert_eq!(seen.len(), given, "{html}: {seen:?}");
        }
        // Text up to the end is left: it may go on in the next input.
        assert_eq!(tokens("<p>text\r").1, 3);
    }
}
