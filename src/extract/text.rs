//! The article's element to text blocks. Block elements become paragraphs, headings
//! their own paragraphs, list items and table rows lines, `<br>` a line break;
//! entities are already decoded by the parser; whitespace is collapsed (except
//! in `<pre>`). Clutter inside the article is skipped. Each block remembers how
//! much of its text sat in links (away from the page: jumps to an anchor in
//! the page are text), so link lists can be dropped afterwards.

use super::clutter::Pruner;
use super::content::MAX_DEPTH;
use ego_tree::NodeRef;
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
    /// Non-space characters of the text, and how many of them were link text.
    pub chars: usize,
    pub link_chars: usize,
}

impl Block {
    pub fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }
}

/// Elements that start and end a paragraph.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "figure"
            | "figcaption"
            | "center"
            | "details"
            | "summary"
            | "td"
            | "th"
            | "body"
            | "html"
            | "hr"
            | "fieldset"
            | "legend"
    )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Block elements that make a table cell a layout box rather than a datum.
fn is_layout_inside(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "table"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
    )
}

struct Walker<'p> {
    pruner: &'p Pruner,
    blocks: Vec<Block>,
    current: String,
    chars: usize,
    link_chars: usize,
    links: usize,
    pre: usize,
}

/// The text blocks under `root`, in order.
pub fn blocks(root: ElementRef, pruner: &Pruner) -> Vec<Block> {
    let mut walker = Walker {
        pruner,
        blocks: Vec::new(),
        current: String::new(),
        chars: 0,
        link_chars: 0,
        links: 0,
        pre: 0,
    };
    walker.node(*root, 0);
    walker.flush(Kind::Paragraph);
    walker.blocks
}

impl Walker<'_> {
    fn node(&mut self, node: NodeRef<Node>, depth: usize) {
        match node.value() {
            Node::Text(text) => self.text(text),
            Node::Element(el) => {
                let Some(element) = ElementRef::wrap(node) else {
                    return;
                };
                if self.pruner.drops(&element) {
                    return;
                }
                if depth >= MAX_DEPTH {
                    for t in element.text() {
                        self.text(t);
                    }
                    return;
                }
                let name = el.name();
                match name {
                    "br" => self.current.push('\n'),
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
                    "li" | "dt" | "dd" => self.wrapped(node, depth, Kind::Item),
                    "tr" if !is_layout_row(element) => self.row(node, depth),
                    _ if is_heading(name) => self.wrapped(node, depth, Kind::Heading),
                    _ if is_block_tag(name) => self.wrapped(node, depth, Kind::Paragraph),
                    _ => self.children(node, depth),
                }
            }
            _ => {}
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
        for cell in node.children() {
            let start = self.current.len();
            self.node_inline(cell, depth + 1);
            // A block inside the cell may have flushed the line (found by
            // `make fuzz`: slicing at the old length panicked).
            let start = start.min(self.current.len());
            if self.current[start..].trim().is_empty() {
                self.current.truncate(start);
            } else if !self.current[..start].trim().is_empty() {
                self.current.insert_str(start, " | ");
            }
        }
        self.flush(Kind::Row);
    }

    /// A table cell's content, without letting the cell itself start a block.
    fn node_inline(&mut self, cell: NodeRef<Node>, depth: usize) {
        match ElementRef::wrap(cell) {
            Some(el) if matches!(el.value().name(), "td" | "th") => {
                if !self.pruner.drops(&el) {
                    self.children(cell, depth);
                }
            }
            _ => self.node(cell, depth),
        }
    }

    fn text(&mut self, text: &str) {
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        self.chars += chars;
        if self.links > 0 {
            self.link_chars += chars;
        }
        if self.pre > 0 {
            self.current.push_str(text);
        } else {
            // Line breaks in the source are spaces; only <br> breaks a line.
            self.current.extend(
                text.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        }
    }

    /// Ends the current block, if it holds any text.
    fn flush(&mut self, kind: Kind) {
        let raw = std::mem::take(&mut self.current);
        let (chars, link_chars) = (self.chars, self.link_chars);
        self.chars = 0;
        self.link_chars = 0;
        let text = if kind == Kind::Pre {
            raw.trim_matches('\n').trim_end().to_string()
        } else {
            collapse(&raw)
        };
        if !text.is_empty() {
            self.blocks.push(Block {
                text,
                kind,
                chars,
                link_chars,
            });
        }
    }
}

/// Collapses whitespace inside each line and drops empty lines.
fn collapse(raw: &str) -> String {
    let lines: Vec<String> = raw
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// True for a link to a place in the same page (`href="#..."`).
fn is_in_page_link(a: &scraper::node::Element) -> bool {
    a.attr("href")
        .is_some_and(|h| h.trim_start().starts_with('#') && h.trim().len() > 1)
}

/// A row whose cells hold block elements lays out the page rather than data.
fn is_layout_row(row: ElementRef) -> bool {
    row.descendent_elements()
        .any(|e| is_layout_inside(e.value().name()))
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
        let density: Vec<f32> = blocks.iter().map(Block::link_density).collect();
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
}
