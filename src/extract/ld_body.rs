//! The JSON-LD `articleBody` as a second source of the article's text.
//!
//! Many publishers state the whole text of the article in their JSON-LD.
//! When the text found in the page's markup is short or is not the article
//! (a teaser, a consent wall, boxes of boilerplate around a body that
//! scripts fill in), that statement is the better source: the page's blocks
//! are replaced by the `articleBody`'s paragraphs. It is used only when it
//! is long enough to be an article ([`Tuning::ld_body_min_chars`]) and the
//! blocks found hold few of its words ([`Tuning::ld_body_cover`]), so a
//! page whose markup holds the article keeps its own blocks, their layout
//! and their Markdown.

use super::clutter::Pruner;
use super::markup::{self, Form, Markup, MarkupOptions};
use super::measure::{Measure, collapse_whitespace, non_space_chars};
use super::text::{self, Block, Kind};
use super::tuning::Tuning;
use std::collections::HashMap;

/// True when `body`, the page's `articleBody`, should replace `blocks`, the
/// text found in its markup: it is long enough to be an article and the
/// blocks hold less than [`Tuning::ld_body_cover`] of its words.
pub fn prefer(blocks: &[Block], body: &str, tuning: &Tuning) -> bool {
    if non_space_chars(body) < tuning.ld_body_min_chars {
        return false;
    }
    let wanted = words(body);
    let mut left: HashMap<&str, usize> = HashMap::new();
    for block in blocks {
        for word in words(&block.text) {
            *left.entry(word).or_default() += 1;
        }
    }
    let mut covered = 0usize;
    for word in &wanted {
        if let Some(n) = left.get_mut(word).filter(|n| **n > 0) {
            *n -= 1;
            covered += 1;
        }
    }
    (covered as f32) < tuning.ld_body_cover * wanted.len() as f32
}

/// The blocks of `body`: a body written as markup is walked as the page is
/// (with `pruner`), a plain one is a paragraph per line.
pub fn blocks(body: &str, pruner: &Pruner, markup: Option<MarkupOptions>) -> Vec<Block> {
    if looks_like_markup(body) {
        let fragment = scraper::Html::parse_fragment(body);
        return text::blocks_with(fragment.root_element(), pruner, markup);
    }
    body.lines()
        .map(decode_entities)
        .filter(|line| !line.is_empty())
        .map(|line| paragraph(line, markup.is_some()))
        .collect()
}

fn paragraph(text: String, with_markup: bool) -> Block {
    let markup = with_markup.then(|| {
        let mut inline = String::new();
        markup::escape_inline(&text, false, &mut inline);
        Box::new(Markup {
            form: Form::Paragraph,
            quote: 0,
            indent: 0,
            lines: vec![inline],
            images: Vec::new(),
            images_after: Vec::new(),
        })
    });
    Block {
        measure: Measure::of_text(&text, false),
        text,
        kind: Kind::Paragraph,
        origin: None,
        markup,
    }
}

/// A line of plain text with its character references (`&amp;`, `&#8217;`),
/// which some pages leave in their JSON, decoded; whitespace collapsed.
fn decode_entities(line: &str) -> String {
    if !line.contains('&') {
        return collapse_whitespace(line);
    }
    let fragment = scraper::Html::parse_fragment(line);
    collapse_whitespace(&fragment.root_element().text().collect::<String>())
}

/// A body that holds paragraph or line-break tags.
fn looks_like_markup(body: &str) -> bool {
    let lower = body.to_ascii_lowercase();
    ["<p>", "<p ", "<br", "<div", "<h2", "<li"]
        .iter()
        .any(|tag| lower.contains(tag))
}

/// Runs of letters and digits.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block {
        paragraph(text.to_string(), false)
    }

    #[test]
    fn the_body_replaces_blocks_that_hold_little_of_it() {
        let body = "The council voted on Tuesday to rebuild the old pier. \
                    Work starts in May and ends before the summer season.\n\
                    Residents had asked for a new pier for years, the mayor said.";
        let tuning = Tuning {
            ld_body_min_chars: 50,
            ld_body_cover: 0.5,
            ..Tuning::default()
        };
        assert!(prefer(&[block("Subscribe to read more.")], body, &tuning));
        let same: Vec<Block> = body.lines().map(block).collect();
        assert!(!prefer(&same, body, &tuning));
        let short = Tuning {
            ld_body_min_chars: 10_000,
            ..tuning
        };
        assert!(!prefer(&[block("Subscribe.")], body, &short));
        assert!(!prefer(&[], body, &Tuning::default()), "off by default");
    }

    #[test]
    fn a_plain_body_is_a_paragraph_per_line_and_markup_is_walked() {
        let pruner = Pruner::default();
        let plain = blocks("First  line.\n\n Second &amp; last.\n", &pruner, None);
        let texts: Vec<&str> = plain.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["First line.", "Second & last."]);
        let marked = blocks("<p>One.</p><p>Two &amp; three.</p>", &pruner, None);
        let texts: Vec<&str> = marked.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two & three."]);
    }
}
