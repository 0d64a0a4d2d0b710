//! The page's comment section, kept on request (`--comments`): the
//! outermost elements whose class or id names comments (`#comments`,
//! `.comment-list`, `.commentlist`), outside the article, walked with the
//! comment boxes inside them pardoned (each comment, its author and text)
//! while their reply links, forms and metadata stay furniture. Extraction
//! drops comments otherwise ([`super::clutter`]).

use super::clutter::{Pruner, names_element};
use super::markup::MarkupOptions;
use super::text::{self, Block};
use scraper::{ElementRef, Html};

/// Words of a class or id that name a comment section or a comment.
const COMMENT_WORDS: &[&str] = &["comments", "comment", "commentlist"];

/// Words that keep a comment-named box furniture all the same: the reply
/// form, reply links, dates and pagination of the comments.
const STILL_FURNITURE: &[&str] = &[
    "respond",
    "reply",
    "form",
    "meta",
    "metadata",
    "navigation",
    "nav",
    "pagination",
    "count",
];

/// The blocks of the page's comment sections (those that do not hold the
/// `article`), in order.
pub fn blocks(
    doc: &Html,
    article: ElementRef,
    pruner: &Pruner,
    markup: Option<MarkupOptions>,
) -> Vec<Block> {
    let sections: Vec<ElementRef> = doc
        .root_element()
        .descendent_elements()
        .filter(|e| is_comment_box(e))
        .filter(|e| {
            !e.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| is_comment_box(&a))
        })
        .filter(|e| !article.ancestors().any(|a| a.id() == e.id()))
        .collect();
    let mut pruner = pruner.clone();
    for section in &sections {
        pruner.pardoned.insert(section.id());
        for el in section.descendent_elements() {
            if is_comment_box(&el) {
                pruner.pardoned.insert(el.id());
            } else if names_element(&el, STILL_FURNITURE) {
                // Reply links and dates: dropped unless they hold prose.
                pruner.link_boxes.insert(el.id());
            }
        }
    }
    sections
        .iter()
        .flat_map(|s| text::blocks_with(*s, &pruner, markup))
        .collect()
}

fn is_comment_box(el: &ElementRef) -> bool {
    names_element(el, COMMENT_WORDS) && !names_element(el, STILL_FURNITURE)
}
