//! The Markdown side of the text walker ([`super`]): what it gathers beside
//! each block's text when Markdown output is asked for (inline markup, list
//! forms and numbers, quote depth, headings' levels, images), handed to
//! [`super::super::markup`] with the block.

use super::super::markup::{self, Form, Markup, MarkupOptions};
use super::super::measure::collapse_whitespace;
use super::super::tags;
use super::{Kind, Walker, is_in_page_link};
use ego_tree::NodeRef;
use scraper::Node;

/// What the walker gathers for Markdown: `current`'s text with inline
/// markup, and where in the structure the walk is.
pub(super) struct MdState {
    pub(super) options: MarkupOptions,
    pub(super) current: String,
    /// Open lists, innermost last: ordered, and the next item's number.
    pub(super) lists: Vec<(bool, u32)>,
    /// The form of the list item being walked, until a block takes it.
    pub(super) item: Option<Form>,
    /// List items the walk is inside (their later blocks are indented).
    pub(super) in_items: u8,
    pub(super) quote: u8,
    /// Inside a table cell (`|` is escaped).
    pub(super) cells: usize,
    /// The level of the heading being walked.
    pub(super) heading: u8,
    /// Images that stood alone, for the next block.
    pub(super) images: Vec<String>,
}

/// Inline elements that become Markdown emphasis or code.
fn emphasis(name: &str) -> Option<&'static str> {
    match name {
        "em" | "i" => Some("*"),
        "strong" | "b" => Some("**"),
        "code" | "kbd" | "samp" | "tt" => Some("`"),
        _ => None,
    }
}

impl Walker<'_> {
    /// Walks the elements whose Markdown differs from their plain text
    /// (emphasis, links, images, quotes, lists, headings); false for the
    /// others, and for everything inside `<pre>`, which stays as it is.
    pub(super) fn markup_element(&mut self, node: NodeRef<Node>, name: &str, depth: usize) -> bool {
        let Some(md) = &mut self.md else {
            return false;
        };
        if self.pre > 0 {
            return false;
        }
        let el = match node.value() {
            Node::Element(el) => el,
            _ => return false,
        };
        match name {
            "img" if md.options.images => {
                let alt = el.attr("alt").unwrap_or_default();
                let src = el.attr("src").or_else(|| el.attr("data-src"));
                if let Some(src) = src.and_then(markup::url) {
                    let alt = collapse_whitespace(alt);
                    md.current.push_str("![");
                    markup::escape_inline(&alt, true, &mut md.current);
                    md.current.push_str("](");
                    md.current.push_str(&src);
                    md.current.push(')');
                }
            }
            "a" if md.options.links && !is_in_page_link(el) => {
                let target = el.attr("href").and_then(markup::url);
                let start = md.current.len();
                self.links += 1;
                self.spanned(node, depth, start, "[", target.map(|t| format!("]({t})")));
                self.links -= 1;
            }
            "blockquote" => {
                md.quote += 1;
                self.wrapped(node, depth, Kind::Paragraph);
                if let Some(md) = &mut self.md {
                    md.quote -= 1;
                }
            }
            "ul" | "ol" => {
                let start = el.attr("start").and_then(|s| s.trim().parse().ok());
                md.lists.push((name == "ol", start.unwrap_or(1)));
                self.wrapped(node, depth, Kind::Paragraph);
                if let Some(md) = &mut self.md {
                    md.lists.pop();
                }
            }
            _ if tags::is_heading(name) => {
                md.heading = name[1..].parse().unwrap_or(1);
                self.wrapped(node, depth, Kind::Heading);
            }
            _ => match emphasis(name) {
                Some(mark) => {
                    let start = md.current.len();
                    self.spanned(node, depth, start, mark, Some(mark.to_string()));
                }
                None => return false,
            },
        }
        true
    }

    /// Walks `node`'s children, then wraps what they added to the Markdown
    /// (from `start`) in `open` and `close`; without `close`, or when a block
    /// was flushed meanwhile, the text stays plain.
    fn spanned(
        &mut self,
        node: NodeRef<Node>,
        depth: usize,
        start: usize,
        open: &str,
        close: Option<String>,
    ) {
        let flushes = self.flushes;
        self.children(node, depth);
        if let (Some(md), Some(close)) = (&mut self.md, close) {
            if self.flushes == flushes {
                markup::wrap(&mut md.current, start, open, &close);
            }
        }
    }
}

impl MdState {
    pub(super) fn new(options: MarkupOptions) -> MdState {
        MdState {
            options,
            current: String::new(),
            lists: Vec::new(),
            item: None,
            in_items: 0,
            quote: 0,
            cells: 0,
            heading: 1,
            images: Vec::new(),
        }
    }

    /// Takes the Markdown of the block being flushed, whose raw text was
    /// `raw_text` and whose text is `text` (none when it is empty: its lone
    /// images wait for the next block).
    pub(super) fn take(&mut self, raw_text: &str, kind: Kind, text: &str) -> Option<Box<Markup>> {
        let raw_md = std::mem::take(&mut self.current);
        let (mut lines, images) = markup::align(raw_text, &raw_md, kind == Kind::Pre);
        self.images.extend(images);
        if text.is_empty() {
            return None;
        }
        if lines.len() != text.split('\n').count() {
            // Never expected; the text is what counts, so it is the Markdown.
            lines = text
                .split('\n')
                .map(|l| {
                    let mut out = String::new();
                    markup::escape_inline(l, false, &mut out);
                    out
                })
                .collect();
        }
        let item = match kind {
            Kind::Item | Kind::Paragraph => self.item.take(),
            _ => None,
        };
        let form = match kind {
            Kind::Heading => Form::Heading(self.heading.clamp(1, 6)),
            Kind::Pre => Form::Pre,
            Kind::Row => Form::Row,
            Kind::Item | Kind::Paragraph => item.unwrap_or(Form::Paragraph),
        };
        Some(Box::new(Markup {
            form,
            quote: self.quote,
            // A block inside an item, after the item's first: indented.
            indent: if item.is_some() { 0 } else { self.in_items },
            lines,
            images: std::mem::take(&mut self.images),
            images_after: Vec::new(),
        }))
    }
}
