//! The page's comment section, kept on request (`--comments`): the
//! outermost elements whose class or id names comments (`#comments`,
//! `.comment-list`, `.commentlist`), outside the article, walked with the
//! comment boxes inside them pardoned (each comment, its author and text)
//! while their reply links, forms and metadata stay furniture. Extraction
//! drops comments otherwise ([`super::clutter`]).

use super::clutter::{Pruner, names_element};
use super::markup::MarkupOptions;
use super::text::{self, Block};
use super::words::WORDS;
use scraper::{ElementRef, Html};

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
            } else if names_element(&el, &WORDS.comments.still_furniture) {
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
    let words = &WORDS.comments;
    names_element(el, &words.section) && !names_element(el, &words.still_furniture)
}
