//! Per-document budgets: what one hostile page may cost the HTML parser.
//! html5ever is quadratic on deeply nested elements (a million nested
//! `<div>`s take half an hour) and rebuilds every open formatting element
//! for each new block (a thousand unclosed `<b id=..>` before sixteen
//! thousand `<div>`s grow to gigabytes). [`ParseBudget`] counts the tags as
//! the parser is given them and stops it once a page passes a limit (see
//! `extract::parse`); the page's text is then taken with the tags stripped
//! instead, and the document says so: a page is never lost to its markup,
//! and one page never stops a batch.
//!
//! Time is budgeted too (`--max-doc-seconds`): a worker gives each document a
//! deadline ([`with_deadline`]), the stages check it between them and as they
//! go through a document's lines ([`check_deadline`]), and a document past
//! it is stopped there and failed with the reason; the batch goes on.

use std::cell::Cell;
use std::time::{Duration, Instant};

thread_local! {
    /// The running document's deadline and its budget, on this worker.
    static DEADLINE: Cell<Option<(Instant, Duration)>> = const { Cell::new(None) };
}

/// A document stopped at its deadline: the payload [`check_deadline`]
/// unwinds with, which `run::guarded` turns into the document's failure.
#[derive(Debug)]
pub struct Expired(pub Duration);

impl std::fmt::Display for Expired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "stopped after {:.3}s: more than --max-doc-seconds",
            self.0.as_secs_f64()
        )
    }
}

/// Runs `f` with a deadline `budget` from now on this thread (none: no
/// deadline), and clears it after, however `f` ends.
pub fn with_deadline<T>(budget: Option<Duration>, f: impl FnOnce() -> T) -> T {
    struct Clear;
    impl Drop for Clear {
        fn drop(&mut self) {
            DEADLINE.with(|d| d.set(None));
        }
    }
    DEADLINE.with(|d| d.set(budget.map(|b| (Instant::now() + b, b))));
    let _clear = Clear;
    f()
}

/// Stops the running document (unwinding with [`Expired`], without the
/// panic message) when it is past its deadline.
pub fn check_deadline() {
    if let Some((deadline, budget)) = DEADLINE.with(Cell::get)
        && Instant::now() >= deadline
    {
        std::panic::resume_unwind(Box::new(Expired(budget)));
    }
}

/// The most elements a page may have for the parser.
pub const MAX_ELEMENTS: usize = 400_000;
/// The deepest nesting of elements that need an end tag.
pub const MAX_DEPTH: usize = 2_000;
/// Open formatting elements times the elements after them: an estimate of
/// the parser's work rebuilding them.
pub const MAX_REBUILDS: u64 = 2_000_000;

/// A page the parser was stopped on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooCostly(pub String);

/// The estimates of the parser's work on the tags it was given so far,
/// held against the limits.
#[derive(Debug, Default)]
pub struct ParseBudget {
    elements: usize,
    depth: usize,
    formatting: u64,
    rebuilds: u64,
}

impl ParseBudget {
    /// Counts one tag (`name` in any case): why the page is too costly for
    /// the parser, once it is.
    pub fn count(&mut self, name: &[u8], end: bool, self_closing: bool) -> Option<TooCostly> {
        let kind = Kind::of(name);
        if end {
            match kind {
                Kind::Formatting => self.formatting = self.formatting.saturating_sub(1),
                Kind::Closed => self.depth = self.depth.saturating_sub(1),
                Kind::Unclosed => {}
            }
            return None;
        }
        self.elements += 1;
        if kind == Kind::Formatting {
            self.formatting += 1;
        } else {
            self.rebuilds += self.formatting;
            if kind == Kind::Closed && !self_closing {
                self.depth += 1;
            }
        }
        let why = if self.elements > MAX_ELEMENTS {
            format!("more than {MAX_ELEMENTS} elements")
        } else if self.depth > MAX_DEPTH {
            format!("elements nested more than {MAX_DEPTH} deep")
        } else if self.rebuilds > MAX_REBUILDS {
            format!("more than {MAX_REBUILDS} rebuilds of unclosed formatting elements")
        } else {
            return None;
        };
        Some(TooCostly(why))
    }
}

/// How the budget counts an element, by its name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// In [`FORMATTING`]: counted open until its end tag, and rebuilt
    /// before each other element meanwhile.
    Formatting,
    /// In [`VOID`] or [`OPTIONAL_END`]: not counted in the depth.
    Unclosed,
    /// Any other name (a comment's empty one too): one level deeper until
    /// its end tag.
    Closed,
}

impl Kind {
    /// The kind of the element `name` (any case). Every tag of every page
    /// is counted, so the name is compared as one number, its bytes in
    /// lower case, with the lists' names made numbers at compile time; a
    /// name longer than eight bytes is in none of the lists.
    fn of(name: &[u8]) -> Kind {
        let Some(key) = name_key(name) else {
            return Kind::Closed;
        };
        if FORMATTING_KEYS.contains(&key) {
            Kind::Formatting
        } else if UNCLOSED_KEYS.contains(&key) {
            Kind::Unclosed
        } else {
            Kind::Closed
        }
    }
}

/// A name of at most eight bytes as a number, in ASCII lower case.
const fn name_key(name: &[u8]) -> Option<u64> {
    if name.len() > 8 {
        return None;
    }
    let mut bytes = [0u8; 8];
    let mut i = 0;
    while i < name.len() {
        bytes[i] = name[i].to_ascii_lowercase();
        i += 1;
    }
    Some(u64::from_le_bytes(bytes))
}

/// The numbers of `names` ([`name_key`]), in `N` slots; one too long for a
/// number fails the build.
const fn name_keys<const N: usize>(names: &[&[&str]]) -> [u64; N] {
    let mut keys = [0u64; N];
    let (mut list, mut at) = (0, 0);
    while list < names.len() {
        let mut i = 0;
        while i < names[list].len() {
            keys[at] = match name_key(names[list][i].as_bytes()) {
                Some(key) => key,
                None => panic!("a listed tag name is longer than eight bytes"),
            };
            at += 1;
            i += 1;
        }
        list += 1;
    }
    assert!(at == N, "N is the number of names");
    keys
}

const FORMATTING_KEYS: [u64; FORMATTING.len()] = name_keys(&[FORMATTING]);
const UNCLOSED_KEYS: [u64; VOID.len() + OPTIONAL_END.len()] = name_keys(&[VOID, OPTIONAL_END]);

/// The text of a page with its tags stripped: the contents of `script`,
/// `style` and comments dropped, block elements made paragraph breaks, the
/// common entities decoded, whitespace collapsed.
pub fn strip_tags(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) {
        push_text(&mut out, &html[at..lt]);
        let Some(tag) = tag_at(bytes, lt) else {
            out.push('<');
            at = lt + 1;
            continue;
        };
        let name = String::from_utf8_lossy(tag.name).to_ascii_lowercase();
        at = tag.end_at;
        match name.as_str() {
            "script" | "style" | "template" if !tag.end => {
                // Their content is not text, and may hold `<` of its own.
                let close = format!("</{name}");
                at = match end_tag_at(&bytes[at..], close.as_bytes()) {
                    Some(i) => memchr::memchr(b'>', &bytes[at + i..])
                        .map_or(bytes.len(), |j| at + i + j + 1),
                    None => bytes.len(),
                };
            }
            "br" => out.push('\n'),
            n if BLOCK.contains(&n) => out.push_str("\n\n"),
            _ => {}
        }
    }
    push_text(&mut out, &html[at..]);
    let mut text = String::with_capacity(out.len());
    for para in out.split("\n\n") {
        let lines: Vec<String> = para
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            text.push_str(&lines.join("\n"));
            text.push_str("\n\n");
        }
    }
    text
}

/// Text between tags: its line breaks are spaces (only `<br>` and blocks
/// break lines), its entities decoded.
fn push_text(out: &mut String, text: &str) {
    let text = text.replace(['\n', '\r'], " ");
    let mut rest = text.as_str();
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..].find(';').map(|i| i + 1).filter(|&i| i <= 10);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end + 1)));
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

/// One tag, for [`strip_tags`]: its name, whether it closes, and where it
/// ends.
struct Tag<'a> {
    /// ASCII letters and digits (empty for a comment or declaration).
    name: &'a [u8],
    end: bool,
    end_at: usize,
}

/// Where the first `end` (any case) followed by a space, `/` or `>` starts:
/// where the tokenizer in a raw-text state sees an end tag (`end` is
/// `</` and the element's name, in lower case).
pub(crate) fn end_tag_at(text: &[u8], end: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&text[from..], b"</") {
        let at = from + found;
        let name_end = at + end.len();
        if text.len() > name_end
            && text[at..name_end].eq_ignore_ascii_case(end)
            && matches!(
                text[name_end],
                b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'
            )
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The tag starting at `lt` (a `<`); a comment or declaration is returned
/// with an empty name, so that its inside is passed over.
fn tag_at(bytes: &[u8], lt: usize) -> Option<Tag<'_>> {
    let rest = &bytes[lt + 1..];
    if rest.starts_with(b"!--") {
        let close =
            memchr::memmem::find(&rest[3..], b"-->").map_or(bytes.len(), |i| lt + 4 + i + 3);
        return Some(Tag {
            name: b"",
            end: true,
            end_at: close.min(bytes.len()),
        });
    }
    let end = rest.first() == Some(&b'/');
    let name_start = lt + 1 + usize::from(end);
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let gt = memchr::memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |i| name_start + i + 1);
    Some(Tag {
        name: &bytes[name_start..name_start + name_len],
        end,
        end_at: gt,
    })
}

const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];
/// Elements whose end tag may be left out: not counted in the depth.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rp", "rt", "html", "head", "body",
];
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "main",
    "aside",
    "nav",
    "title",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_past_its_deadline_is_stopped_and_the_next_one_starts_afresh() {
        let stopped = std::panic::catch_unwind(|| {
            with_deadline(Some(Duration::ZERO), || {
                check_deadline();
                "finished"
            })
        });
        let payload = stopped.expect_err("past its deadline");
        assert!(payload.downcast_ref::<Expired>().is_some());
        // Cleared after the unwind: no deadline leaks to the next document.
        assert_eq!(
            with_deadline(None, || {
                check_deadline();
                1
            }),
            1
        );
        check_deadline();
        let long = Some(Duration::from_secs(3600));
        assert_eq!(
            with_deadline(long, || {
                check_deadline();
                2
            }),
            2
        );
    }

    /// Counts the tags of a page as the parser is given them (the
    /// tokenizer's tags; a plain scan does here).
    fn budget_of(html: &str) -> Option<TooCostly> {
        let mut budget = ParseBudget::default();
        let mut at = 0;
        while let Some(lt) = memchr::memchr(b'<', &html.as_bytes()[at..]).map(|i| at + i) {
            at = lt + 1;
            if let Some(tag) = tag_at(html.as_bytes(), lt) {
                at = tag.end_at;
                let self_closing = html[..tag.end_at].ends_with("/>");
                let why = budget.count(tag.name, tag.end, self_closing);
                if why.is_some() {
                    return why;
                }
            }
        }
        None
    }

    #[test]
    fn ordinary_pages_fit() {
        let page = "<html><head><title>T</title></head><body><div><p>One<p>Two<b>bold</b><br>\
                    <ul><li>a<li>b</ul><svg><path/></svg></div></body></html>";
        assert_eq!(budget_of(&page.repeat(200)), None);
    }

    #[test]
    fn tag_names_are_told_apart_as_the_lists_say_in_any_case() {
        for (list, kind) in [
            (FORMATTING, Kind::Formatting),
            (VOID, Kind::Unclosed),
            (OPTIONAL_END, Kind::Unclosed),
        ] {
            for name in list {
                assert_eq!(Kind::of(name.as_bytes()), kind, "{name}");
                let upper = name.to_ascii_uppercase();
                assert_eq!(Kind::of(upper.as_bytes()), kind, "{upper}");
            }
        }
        for other in [
            "",
            "div",
            "bb",
            "abbr",
            "colgroups",
            "blockquote",
            "Section",
        ] {
            assert_eq!(Kind::of(other.as_bytes()), Kind::Closed, "{other}");
        }
    }

    #[test]
    fn the_pathological_pages_do_not() {
        let why = |html: &str| budget_of(html).map(|TooCostly(why)| why);
        let nested = "<div>".repeat(100_000);
        assert_eq!(why(&nested).unwrap(), "elements nested more than 2000 deep");
        assert_eq!(why(&"<div>".repeat(MAX_DEPTH)), None);
        let formatting: String = (0..1000)
            .map(|i| format!("<b id=b{i}>"))
            .collect::<String>()
            + &"<div>x</div>".repeat(16_000);
        assert!(why(&formatting).unwrap().contains("rebuilds"));
        let closed = "<b>x</b>".repeat(1000) + &"<div>x</div>".repeat(16_000);
        assert_eq!(why(&closed), None);
        let many = "<br>".repeat(MAX_ELEMENTS + 1);
        assert!(why(&many).unwrap().contains("elements"));
    }

    #[test]
    fn stripping_ends_code_where_the_tokenizer_would() {
        assert_eq!(
            strip_tags("<script>a</scripts>b</SCRIPT\t>c<style>d</style>e"),
            "ce\n\n"
        );
        assert_eq!(strip_tags("<p>f</p><template>g"), "f\n\n");
    }

    #[test]
    fn stripping_keeps_the_text() {
        let html = "<html><head><style>p{}</style><script>if (a<b) x();</script></head>\
                    <body><h1>Title &amp; more</h1><!-- <p>hidden</p> --><div><p>First\n  para</p>\
                    <p>Second&nbsp;one &#8211; end</p></div></body></html>";
        assert_eq!(
            strip_tags(html),
            "Title & more\n\nFirst para\n\nSecond one – end\n\n"
        );
    }
}
