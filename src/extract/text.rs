//! The article's element to text blocks. Block elements become paragraphs, headings
//! their own paragraphs, list items and table rows lines, `<br>` a line break;
//! entities are already decoded by the parser; whitespace is collapsed (except
//! in `<pre>`). Clutter inside the article is skipped. Each block remembers how
//! much of its text sat in links (away from the page: jumps to an anchor in
//! the page are text), so link lists can be dropped afterwards. When asked
//! ([`blocks_with`]), it also gathers what Markdown needs ([`super::markup`]).

use super::clutter::Pruner;
use super::markup::{self, Form, Markup, MarkupOptions};
use super::measure::{Measure, push_collapsed};
use super::tags::{self, MAX_DEPTH};
mod md;

use ego_tree::{NodeId, NodeRef};
use md::MdState;
use scraper::{ElementRef, Node};

/// What kind of element a block came from; decides how blocks are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Paragraph,
    Heading,
    /// A list item: consecutive items become lines of one paragraph.
    Item,
    /// A table row, cells separated by ` | `: consecutive rows become lines.
    Row,
    Pre,
}

/// One paragraph (or line) of article text.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    pub kind: Kind,
    /// Its text's characters, link characters and punctuation.
    pub measure: Measure,
    /// The node its text starts in: where it stood in the page (for the
    /// review tools, which ask why it was left out).
    pub origin: Option<NodeId>,
    /// The block as Markdown, when Markdown output is asked for.
    pub markup: Option<Box<Markup>>,
}

#[cfg(test)]
impl Block {
    /// A block of `text` as extraction measures it ([`Measure::of_text`]),
    /// all of it link text when `linked`: the blocks of the tests.
    pub fn of_text(text: &str, kind: Kind, linked: bool) -> Block {
        Block {
            text: text.to_string(),
            kind,
            measure: Measure::of_text(text, linked),
            origin: None,
            markup: None,
        }
    }
}

struct Walker<'p> {
    pruner: &'p Pruner,
    blocks: Vec<Block>,
    current: String,
    /// What `current` measures, and the node its text starts in.
    measure: Measure,
    origin: Option<NodeId>,
    links: usize,
    pre: usize,
    /// How many times `current` was taken: a cell holding a block flushes
    /// the row's line, and byte offsets into it from before are void.
    flushes: usize,
    /// Markdown beside the text, when asked for.
    md: Option<MdState>,
}

/// The text blocks under `root`, in order, without Markdown.
pub fn blocks(root: ElementRef, pruner: &Pruner) -> Vec<Block> {
    blocks_with(root, pruner, None)
}

/// The text blocks under `root`, with their Markdown when `markup` is given.
pub fn blocks_with(root: ElementRef, pruner: &Pruner, markup: Option<MarkupOptions>) -> Vec<Block> {
    let mut walker = Walker {
        pruner,
        blocks: Vec::new(),
        current: String::new(),
        measure: Measure::default(),
        origin: None,
        links: 0,
        pre: 0,
        flushes: 0,
        md: markup.map(MdState::new),
    };
    walker.node(*root, 0);
    walker.flush(Kind::Paragraph);
    if let Some(md) = walker.md {
        // Images after the last block of text go with it.
        if let Some(m) = walker.blocks.last_mut().and_then(|b| b.markup.as_mut()) {
            m.images_after = md.images;
        }
    }
    walker.blocks
}

impl Walker<'_> {
    fn node(&mut self, node: NodeRef<Node>, depth: usize) {
        match node.value() {
            Node::Text(text) => {
                if self.origin.is_none() && !text.trim().is_empty() {
                    self.origin = Some(node.id());
                }
                self.text(text)
            }
            Node::Element(el) => {
                let Some(element) = ElementRef::wrap(node) else {
                    return;
                };
                if self.pruner.drops(&element) {
                    return;
                }
                if depth >= MAX_DEPTH {
                    self.origin.get_or_insert(node.id());
                    for t in element.text() {
                        self.text(t);
                    }
                    return;
                }
                let name = el.name();
                if self.md.is_some() && self.markup_element(node, name, depth) {
                    return;
                }
                match name {
                    "br" => self.push_break(),
                    // A jump within the page (a table of contents) is not a link away.
                    "a" if is_in_page_link(el) => self.children(node, depth),
                    "a" => {
                        self.links += 1;
                        self.children(node, depth);
                        self.links -= 1;
                    }
                    "pre" => {
                        self.flush(Kind::Paragraph);
                        self.pre += 1;
                        self.children(node, depth);
                        self.pre -= 1;
                        self.flush(Kind::Pre);
                    }
                    _ if tags::is_item(name) => self.item(node, name, depth),
                    "tr" if !is_layout_row(element) => self.row(node, depth),
                    _ if tags::is_heading(name) => self.wrapped(node, depth, Kind::Heading),
                    _ if tags::starts_paragraph(name) => self.wrapped(node, depth, Kind::Paragraph),
                    _ => self.children(node, depth),
                }
            }
            _ => {}
        }
    }

    /// A list item (or a term or description of a `<dl>`): lines of one
    /// paragraph in text, `-` or `1.` in Markdown.
    fn item(&mut self, node: NodeRef<Node>, name: &str, depth: usize) {
        self.flush(Kind::Paragraph);
        if let Some(md) = &mut self.md {
            let (ordinal, nesting) = match md.lists.last_mut() {
                Some((ordered, next)) if name == "li" => {
                    let ordinal = ordered.then_some(*next);
                    *next += 1;
                    (ordinal, md.lists.len() - 1)
                }
                _ => (None, md.lists.len()),
            };
            md.item = Some(Form::Item {
                ordinal,
                depth: nesting.min(u8::MAX as usize) as u8,
            });
            md.in_items = md.in_items.saturating_add(1);
        }
        self.wrapped(node, depth, Kind::Item);
        if let Some(md) = &mut self.md {
            md.item = None;
            md.in_items -= 1;
        }
    }

    fn children(&mut self, node: NodeRef<Node>, depth: usize) {
        for child in node.children() {
            self.node(child, depth + 1);
        }
    }

    fn wrapped(&mut self, node: NodeRef<Node>, depth: usize, kind: Kind) {
        self.flush(Kind::Paragraph);
        self.children(node, depth);
        self.flush(kind);
    }

    /// A data row: its cells on one line, separated by ` | `.
    fn row(&mut self, node: NodeRef<Node>, depth: usize) {
        self.flush(Kind::Paragraph);
        if let Some(md) = &mut self.md {
            md.cells += 1;
        }
        for cell in node.children() {
            let start = self.current.len();
            let md_start = self.md.as_ref().map_or(0, |md| md.current.len());
            let flushes = self.flushes;
            self.node_inline(cell, depth + 1);
            if self.flushes != flushes {
                // The cell held a block: the line was flushed under us.
                continue;
            }
            let md = self.md.as_mut().map(|md| &mut md.current);
            if self.current[start..].trim().is_empty() {
                self.current.truncate(start);
                if let Some(md) = md {
                    md.truncate(md_start);
                }
            } else if !self.current[..start].trim().is_empty() {
                self.current.insert_str(start, " | ");
                if let Some(md) = md {
                    md.insert_str(md_start, " | ");
                }
            }
        }
        if let Some(md) = &mut self.md {
            md.cells -= 1;
        }
        self.flush(Kind::Row);
    }

    /// A table cell's content, without letting the cell itself start a block.
    fn node_inline(&mut self, cell: NodeRef<Node>, depth: usize) {
        match ElementRef::wrap(cell) {
            Some(el) if tags::is_cell(el.value().name()) => {
                if !self.pruner.drops(&el) {
                    self.children(cell, depth);
                }
            }
            _ => self.node(cell, depth),
        }
    }

    fn text(&mut self, text: &str) {
        self.measure.add(Measure::of_text(text, self.links > 0));
        let start = self.current.len();
        if self.pre > 0 {
            self.current.push_str(text);
        } else {
            // Line breaks in the source are spaces; only <br> breaks a line.
            self.current.extend(
                text.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        }
        if let Some(md) = &mut self.md {
            let added = &self.current[start..];
            if self.pre > 0 {
                md.current.push_str(added);
            } else {
                markup::escape_inline(added, md.cells > 0, &mut md.current);
            }
        }
    }

    fn push_break(&mut self) {
        self.current.push('\n');
        if let Some(md) = &mut self.md {
            md.current.push('\n');
        }
    }

    /// Ends the current block, if it holds any text.
    fn flush(&mut self, kind: Kind) {
        let raw = std::mem::take(&mut self.current);
        self.flushes += 1;
        let measure = std::mem::take(&mut self.measure);
        let origin = self.origin.take();
        let text = if kind == Kind::Pre {
            raw.trim_matches('\n').trim_end().to_string()
        } else {
            collapse(&raw)
        };
        let markup = self.md.as_mut().and_then(|md| md.take(&raw, kind, &text));
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                kind,
                measure,
                origin,
                markup,
            });
        }
    }
}

/// Collapses whitespace inside each line and drops empty lines.
fn collapse(raw: &str) -> String {
    let mut text = String::with_capacity(raw.len());
    for line in raw.split('\n') {
        push_collapsed(&mut text, line, "\n");
    }
    text
}

/// True for a link to a place in the same page (`href="#..."`).
fn is_in_page_link(a: &scraper::node::Element) -> bool {
    a.attr("href")
        .is_some_and(|h| h.trim_start().starts_with('#') && h.trim().len() > 1)
}

/// A row whose cells hold block elements lays out the page rather than data.
fn is_layout_row(row: ElementRef) -> bool {
    row.descendent_elements()
        .any(|e| tags::lays_out_cell(e.value().name()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jumps_within_the_page_are_not_link_text() {
        let html = scraper::Html::parse_document(
            r##"<ul><li><a href="#q1">What did the study find?</a></li>
            <li><a href="/other">Another story</a></li><li><a href="#">Menu</a></li></ul>"##,
        );
        let root = html.root_element();
        let blocks = blocks(root, &Pruner::default());
        let density: Vec<f32> = blocks.iter().map(|b| b.measure.link_density()).collect();
        assert_eq!(density, [0.0, 1.0, 1.0]);
    }

    #[test]
    fn ruby_readings_are_left_out() {
        let html = scraper::Html::parse_document(
            "<p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて</p>",
        );
        let blocks = blocks(html.root_element(), &Pruner::default());
        assert_eq!(blocks[0].text, "法律ができて");
    }

    #[test]
    fn a_cell_holding_a_block_breaks_the_row_without_panicking() {
        // A <pre> or <li> in a data cell flushes the row's line mid-row.
        let html = scraper::Html::parse_document(
            "<table><tr><td>Name of the thing</td><td><pre>  code\n  </pre></td>\
             <td>after</td></tr></table>",
        );
        let blocks = blocks(html.root_element(), &Pruner::default());
        let text: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(text, ["Name of the thing", "  code", "after"]);
    }
}
