//! HTML to a tree, as a browser builds it (html5ever, into scraper's tree),
//! without the text of the page's code: the body of a `<style>` and of a
//! `<script>` that is not a JSON data block.
//!
//! Nothing in newsclean reads that text (a browser never shows it; the
//! metadata reads JSON-LD, which is a data block and kept), yet it is two
//! fifths of a real page's bytes, and html5ever's tokenizer makes a token of
//! every line of it and the tree builder appends each to a text node. So
//! when the tree builder switches the tokenizer to raw text after such a
//! start tag, [`SkipCode`] drops the input up to the end tag the tokenizer
//! would stop at. It is exact or it does nothing: the end tag is looked for
//! as the tokenizer looks for it (`</script` or `</style`, any case, then a
//! space, `/` or `>`), and a script whose text holds `<!--` (where the
//! tokenizer's escape states begin and an end tag may not end it) is left
//! to the tokenizer. The elements stay in the tree, empty.
//!
//! After each tag, where the tokenizer reads on in its data state, the same
//! sink reads the plain stretch that follows itself ([`lexer`]: text, tags
//! and plain comments, in one pass each) and gives the tree builder the
//! tokens html5ever's tokenizer would have made, a character at a time;
//! the tokenizer reads what the lexer leaves to it.
//!
//! The same sink holds the parser to its budget ([`crate::budget`]): it
//! counts the tags as the tree builder is given them and, once a page is
//! past a limit, drops the rest of the input and reports the page as too
//! costly, so a hostile page costs at most what the limits allow.

use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{TokenizerResult, local_name, tendril::StrTendril};

mod lexer;

use super::Tuning;
use crate::budget::{ParseBudget, TooCostly, end_tag_at};
use std::cell::{Cell, RefCell};

/// Parses a page as a browser does. When a `<noscript>` holds a page's worth
/// of markup (forum engines and shops serve their whole content there to
/// clients without scripts), the page is parsed again as a browser without
/// scripts would, so that markup becomes elements; the content search
/// pardons a `<noscript>` that holds most of the page's text (see
/// [`super::clutter`]). Only then: parsing with scripting off moves the start
/// of `<body>` up to the first `<noscript>` in `<head>`.
pub(super) fn parse(html: &str, tuning: &Tuning) -> Result<scraper::Html, TooCostly> {
    let doc = parse_with(html, true)?;
    // The `<noscript>` elements are looked for in the tree's store of nodes,
    // in the order they were made, instead of in a walk of the whole tree
    // (any one will do); a node the parser took out of the tree is passed.
    let root = doc.tree.root().id();
    let holds_page = doc
        .tree
        .nodes()
        .filter_map(scraper::ElementRef::wrap)
        .any(|n| {
            n.value().name.local == local_name!("noscript")
                && n.text().map(str::len).sum::<usize>() >= tuning.noscript_page_bytes
                && n.text().any(|t| t.contains("<p") || t.contains("<div"))
                && n.ancestors().last().is_some_and(|top| top.id() == root)
        });
    if holds_page {
        parse_with(html, false)
    } else {
        Ok(doc)
    }
}

/// What `html5ever::driver` does for a whole document in one piece, with
/// [`SkipCode`] between the tokenizer and the tree builder; the tree, or
/// why the page is too costly to parse.
fn parse_with(html: &str, scripting_enabled: bool) -> Result<scraper::Html, TooCostly> {
    parse_reading(html, scripting_enabled).map(|(doc, _)| doc)
}

/// Bytes of a page not read by html5ever's tokenizer.
#[derive(Debug, Default, Clone, Copy)]
struct Passed {
    /// Read by the [`lexer`].
    lexed: usize,
    /// The text of code, passed over.
    code: usize,
}

/// [`parse_with`], and how much of the page the tokenizer did not read.
fn parse_reading(
    html: &str,
    scripting_enabled: bool,
) -> Result<(scraper::Html, Passed), TooCostly> {
    let input = BufferQueue::default();
    let opts = TreeBuilderOpts {
        scripting_enabled,
        ..Default::default()
    };
    let builder = TreeBuilder::new(
        scraper::HtmlTreeSink::new(scraper::Html::new_document()),
        opts,
    );
    let tokenizer = Tokenizer::new(
        SkipCode {
            builder,
            input: &input,
            budget: RefCell::default(),
            too_costly: RefCell::default(),
            passed: Cell::default(),
        },
        Default::default(),
    );
    input.push_back(StrTendril::from_slice(html));
    // The tokenizer pauses after a script and at a `<meta charset>`; the
    // page is decoded already and its scripts are not run.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let Tokenizer { sink, .. } = tokenizer;
    match sink.too_costly.into_inner() {
        Some(why) => Err(why),
        None => Ok((sink.builder.sink.finish(), sink.passed.get())),
    }
}

/// The tree builder, and the input it is fed from, so that the text of code
/// can be passed over and the parse stopped (see the module's comment).
struct SkipCode<'q, B> {
    builder: B,
    input: &'q BufferQueue,
    budget: RefCell<ParseBudget>,
    /// Set when the parse was stopped.
    too_costly: RefCell<Option<TooCostly>>,
    passed: Cell<Passed>,
}

impl<B: TokenSink> SkipCode<'_, B> {
    /// Gives the tree builder a token: counted against the budget, and
    /// with the text of code passed over.
    fn give(&self, token: Token, line_number: u64) -> TokenSinkResult<B::Handle> {
        let mut code = None;
        if let Token::TagToken(tag) = &token {
            let end = tag.kind == TagKind::EndTag;
            let count = self
                .budget
                .borrow_mut()
                .count(tag.name.as_bytes(), end, tag.self_closing);
            if let Some(why) = count {
                while self.input.pop_front().is_some() {}
                *self.too_costly.borrow_mut() = Some(why);
                return TokenSinkResult::Continue;
            }
            code = code_end(tag);
        }
        let result = self.builder.process_token(token, line_number);
        if let (Some((end, kind)), TokenSinkResult::RawData(now)) = (code, &result)
            && *now == kind
        {
            let mut passed = self.passed.get();
            passed.code += skip_to(self.input, end, kind == RawKind::ScriptData);
            self.passed.set(passed);
        }
        result
    }

    /// Gives the tree builder the tokens of the input that follows a tag
    /// ([`lexer`]) and drops that input; `result` is the tag's, and is
    /// returned unless a token of the stretch has one that is not
    /// `Continue`.
    fn lex(&self, mut result: TokenSinkResult<B::Handle>, line: u64) -> TokenSinkResult<B::Handle> {
        let Some(front) = self.input.peek_front_chunk_mut().map(|f| f.clone()) else {
            return result;
        };
        let used = lexer::lex(&front, |token| match self.give(token, line) {
            TokenSinkResult::Continue | TokenSinkResult::EncodingIndicator(_) => {
                self.too_costly.borrow().is_none()
            }
            other => {
                result = other;
                false
            }
        });
        // A parse stopped for its cost has no input left.
        if used == 0 || self.too_costly.borrow().is_some() {
            return result;
        }
        let mut passed = self.passed.get();
        passed.lexed += used;
        self.passed.set(passed);
        match self.input.peek_front_chunk_mut() {
            // The queue must hold no empty chunk.
            Some(front) if front.len() == used => {
                drop(front);
                self.input.pop_front();
            }
            Some(mut front) => front.pop_front(used as u32),
            None => {}
        }
        result
    }
}

impl<B: TokenSink> TokenSink for SkipCode<'_, B> {
    type Handle = B::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<B::Handle> {
        let is_tag = matches!(token, Token::TagToken(_));
        let result = self.give(token, line_number);
        // After a tag the tokenizer reads on in the data state, unless the
        // tree builder switched it to raw text.
        match result {
            TokenSinkResult::RawData(_) | TokenSinkResult::Plaintext => result,
            _ if is_tag && self.too_costly.borrow().is_none() => self.lex(result, line_number),
            _ => result,
        }
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// For the start tag of code whose text nothing reads, the end tag that
/// closes it (lower case, without its `>`) and the raw-text state the
/// tokenizer reads its text in.
fn code_end(tag: &Tag) -> Option<(&'static [u8], RawKind)> {
    if tag.kind != TagKind::StartTag {
        return None;
    }
    match tag.name {
        local_name!("style") => Some((b"</style", RawKind::Rawtext)),
        local_name!("script") if !is_data_block(tag) => Some((b"</script", RawKind::ScriptData)),
        _ => None,
    }
}

/// A `<script>` whose `type` names JSON holds data (JSON-LD among them),
/// which the metadata may read.
fn is_data_block(tag: &Tag) -> bool {
    tag.attrs
        .iter()
        .any(|a| a.name.local == local_name!("type") && names_json(&a.value))
}

/// True when a `type` value holds "json", in any case.
fn names_json(value: &str) -> bool {
    value
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"json"))
}

/// Drops the input before the first end tag `end` (a prefix of the front
/// chunk, which holds the rest of the page): the bytes the tokenizer would
/// read as raw text. Drops nothing when no such end tag follows, or, with
/// `escapes`, when `<!--` comes before it. Returns the bytes dropped.
fn skip_to(input: &BufferQueue, end: &[u8], escapes: bool) -> usize {
    let Some(mut front) = input.peek_front_chunk_mut() else {
        return 0;
    };
    let Some(at) = end_tag_at(front.as_bytes(), end) else {
        return 0;
    };
    if escapes && memchr::memmem::find(&front.as_bytes()[..at], b"<!--").is_some() {
        return 0;
    }
    // `at` is where an ASCII `<` starts, so a character boundary, and the
    // end tag stays, so the chunk is not left empty.
    front.pop_front(at as u32);
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as a list of lines (depth, then an element with its
    /// attributes, a text or a comment), and whether each text line is the
    /// text of code ([`code_end`]'s elements): what [`parse_with`] may leave
    /// out.
    fn shape(doc: &scraper::Html) -> Vec<(String, bool)> {
        let mut lines = Vec::new();
        for node in doc.tree.root().descendants() {
            let depth = node.ancestors().count();
            let line = match node.value() {
                scraper::Node::Element(e) => {
                    let mut attrs: Vec<_> = e.attrs().collect();
                    attrs.sort();
                    format!("{depth} <{:?} {attrs:?}>", e.name)
                }
                scraper::Node::Text(t) => format!("{depth} {:?}", &**t),
                scraper::Node::Comment(c) => format!("{depth} <!--{:?}-->", &**c),
                _ => continue,
            };
            let code = node.value().is_text()
                && node
                    .parent()
                    .and_then(|p| p.value().as_element().cloned())
                    .is_some_and(|e| {
                        e.name.ns == html5ever::ns!(html)
                            && (e.name.local == local_name!("style")
                                || e.name.local == local_name!("script")
                                    && !e.attr("type").is_some_and(names_json))
                    });
            lines.push((line, code));
        }
        lines
    }

    /// The tree [`parse_with`] builds is html5ever's, but for code elements
    /// (see [`code_end`]) whose text may be left out; returns how many were.
    fn check(html: &str) -> Result<usize, String> {
        check_with(html, true)
    }

    /// [`check`], with scripting on or off (`<noscript>` read as markup).
    fn check_with(html: &str, scripting_enabled: bool) -> Result<usize, String> {
        use html5ever::tendril::TendrilSink;
        let opts = html5ever::ParseOpts {
            tree_builder: TreeBuilderOpts {
                scripting_enabled,
                ..Default::default()
            },
            ..Default::default()
        };
        let sink = scraper::HtmlTreeSink::new(scraper::Html::new_document());
        let reference = shape(&html5ever::parse_document(sink, opts).one(html));
        let ours = shape(&parse_with(html, scripting_enabled).unwrap());
        let mut skipped = 0;
        let mut at = 0;
        for (line, _) in &ours {
            while reference
                .get(at)
                .is_some_and(|(r, code)| r != line && *code)
            {
                skipped += 1;
                at += 1;
            }
            match reference.get(at) {
                Some((r, _)) if r == line => at += 1,
                r => return Err(format!("{html:?}: {line} where html5ever has {r:?}")),
            }
        }
        let rest = &reference[at..];
        if rest.iter().any(|(_, code)| !code) {
            return Err(format!("{html:?}: html5ever has more: {rest:?}"));
        }
        Ok(skipped + rest.len())
    }

    #[test]
    fn the_text_of_scripts_and_styles_is_left_out_and_the_rest_kept() {
        let page = "<html><head><title>T</title><style>p { x: 1 }\n.a { }</style>\
            <script>var a = '<p>no</p>';\nvar b = 1;</script></head>\
            <body><p>one</p><SCRIPT type=module>f()</SCRIPT ><p>two</p>\
            <style media=all>b{}</style/><p>three</p></body></html>";
        assert_eq!(check(page), Ok(4));
        let doc = parse_with(page, true).unwrap();
        let text: String = doc.root_element().text().collect();
        assert_eq!(text, "Tonetwothree");
        let scripts = scraper::Selector::parse("script, style").unwrap();
        assert_eq!(doc.select(&scripts).count(), 4);
    }

    #[test]
    fn json_data_blocks_keep_their_text() {
        let page = r#"<script type="application/ld+json">{"a": 1}</script>
            <script type="Application/JSON">[1]</script><p>x</p>"#;
        assert_eq!(check(page), Ok(0));
        let doc = parse_with(page, true).unwrap();
        assert!(doc.root_element().text().any(|t| t == r#"{"a": 1}"#));
    }

    /// Where the tokenizer would not stop at the first `</script`, nothing
    /// is left out, and the tree is html5ever's.
    #[test]
    fn what_the_tokenizer_reads_otherwise_is_left_to_it() {
        for page in [
            // Escaped: `<script>` inside `<!--` makes `</script>` not end it.
            "<script><!-- <script> </script> --></script><p>after</p>",
            "<script>a</scripts><p>in the script</p></script><p>after</p>",
            "<script>a</script",
            "<style>never closed <p>x</p>",
            "<svg><script>svg text</script><style>s</style></svg><p>after</p>",
            "<textarea><script>x</script></textarea><p>after</p>",
            "<!-- <script> --><p>kept</p><script>x</script>",
        ] {
            let skipped = check(page).unwrap();
            let doc = parse_with(page, true).unwrap();
            let kept: String = doc.root_element().text().collect();
            let all: String = scraper::Html::parse_document(page)
                .root_element()
                .text()
                .collect();
            assert_eq!(skipped == 0, kept == all, "{page}");
        }
        assert_eq!(check("<script>a</scripts>b</SCRIPT\t><p>c</p>"), Ok(1));
        assert_eq!(check("<script>\r\n</script\r\n>x"), Ok(1));
    }

    #[test]
    fn a_page_in_noscript_is_parsed_with_scripting_off() {
        let page = format!(
            "<html><head><script>x()</script></head><body><noscript>{}</noscript></body></html>",
            "<div><p>prose</p></div>".repeat(200)
        );
        let doc = parse(&page, &Tuning::default()).unwrap();
        let p = scraper::Selector::parse("noscript p").unwrap();
        assert_eq!(doc.select(&p).count(), 200);
    }

    /// The parse stops at the first limit: the rest of the page is not
    /// read (had it been, its 400,001 elements would be the reason).
    #[test]
    fn a_page_past_the_parsers_budget_is_stopped_there() {
        use crate::budget::{MAX_DEPTH, MAX_ELEMENTS};
        let past = |html: &str| {
            parse_with(html, true)
                .map(|_| ())
                .map_err(|TooCostly(why)| why)
        };
        let deep = "<div>".repeat(MAX_DEPTH + 1) + &"<br>".repeat(MAX_ELEMENTS + 1);
        assert_eq!(
            past(&deep),
            Err("elements nested more than 2000 deep".into())
        );
        assert_eq!(past(&("<div>".repeat(MAX_DEPTH) + "<p>x</p>")), Ok(()));
        let formatting: String = (0..1000)
            .map(|i| format!("<b id=b{i}>"))
            .collect::<String>()
            + &"<div>x</div>".repeat(16_000);
        assert!(past(&formatting).unwrap_err().contains("rebuilds"));
        // Tags inside a script are not tags.
        let script = format!("<script>{}</script><p>x</p>", "<div>".repeat(MAX_DEPTH + 1));
        assert_eq!(past(&script), Ok(()));
    }

    /// What keeps the parse fast can fail unseen: the lexer may come to
    /// stop early and leave the tokenizer to read a page a character at a
    /// time, with the same tree. On the first 40 real pages of
    /// `eval/trafilatura`, the tokenizer itself reads under 9% of what is
    /// not passed over as code (8.4% when this test was written: titles,
    /// JSON-LD and `<noscript>` text, doctypes, what the lexer stops at).
    #[test]
    fn the_tokenizer_is_left_little_of_real_pages() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/trafilatura/html");
        let mut pages: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        pages.sort();
        let (mut left, mut not_code) = (0, 0);
        for page in &pages[..40] {
            // (`eval::read_gz` is a later layer than the parse.)
            let mut bytes = Vec::new();
            let file = std::fs::File::open(page).unwrap();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(file), &mut bytes)
                .unwrap();
            let html = String::from_utf8_lossy(&bytes);
            let (_, passed) = parse_reading(&html, true).unwrap();
            not_code += html.len() - passed.code;
            left += html.len() - passed.code - passed.lexed;
        }
        let share = left as f64 / not_code as f64;
        assert!(
            share < 0.09,
            "the tokenizer read {:.1}% of the markup",
            share * 100.0
        );
    }

    proptest::proptest! {
        /// Pages made of the pieces where the tokenizer's states turn.
        #[test]
        fn the_tree_is_html5evers_but_for_the_text_of_code(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "<script>", "</script>", "</SCRIPT ", "</script/", "</scripts>", "<style>",
                "</style>", "<!--", "-->", "<", "/", ">", "x y", "\n", "\r", "<p>", "</p>",
                "<svg>", "</svg>", "<noscript>", "<textarea>", "</textarea>", "<title>",
                "<template>", "<a title=\"", "\"", "<script type=application/ld+json>",
                "<table>", "<math>", "<![CDATA[", "]]>", "<!--<script>", "<script><!--",
                // Character references where the tokenizer decodes them, and where not.
                "&quot;", "&amp;", "&amp;x", "&amp;#", "&nbsp;", "&lt;", "&gt;", "&lt;p&gt;",
                "&amp;lt;", "&quot", "&", "<a title='", "'", " b=", "=", "<i x=&quot;",
                "<b c=\"&quot;'&quot;\">", "<!--!>", "--!>", "<!DOCTYPE html>", "<?x>", "</ x>",
                "</>", "<select>", "<xmp>", "<iframe>", "<plaintext>", "<noembed>", "<br/>",
                // What the lexer reads, and what it leaves to the tokenizer.
                "&#8217;", "&#x41;", "&#128;", "&#0;", "&#13;", "&rsquo;", "&notin;", "&not",
                "&copy", "&#", "<P CLASS=a>", " class=b", " class='c'", "\r\n", "\r", "\0",
                "<!-- a -->", "<!-- a - -->", "<pre>", "<td>", "<tr>", "<html>", "<body>",
                "<head>", "<meta charset=utf-8>", "<img src=x/>", "<p/>", "<a b=>", "</p x=y>",
            ]), 0..40),
            scripting in proptest::bool::ANY,
        ) {
            let page = pieces.concat();
            if let Err(e) = check_with(&page, scripting) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }
}
