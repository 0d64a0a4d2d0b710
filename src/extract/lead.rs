//! The article's lead when it sits outside the box that holds the body.
//!
//! Many sites put the standfirst (intro, teaser, "Vorspann", "chapo") in the
//! article's header, a level or two above the element that holds the body
//! paragraphs, so the content search ([`super::content`]) descends past it.
//! This module looks back from that element: at each of the few levels above
//! it, the elements before it that hold prose are collected, nearest first,
//! until one that reads like navigation. It never climbs out of an
//! `<article>` or `<main>`: what sits before the article is not its lead.
//! Only prose paragraphs of the collected elements are kept
//! ([`is_lead_prose`]); titles, bylines and labels around them are not.

use super::clutter::Pruner;
use super::measure::Measure;
use super::tags::{self, Container};
use super::text::{Block, Kind};
use super::tuning::Tuning;
use scraper::ElementRef;

/// The elements before `root` that may hold its lead, in document order,
/// looking up to `pruner.tuning.lead_levels` levels above it. `measured`
/// gives what the content search measured of an element (none for an
/// element it did not measure).
pub fn candidates<'a>(
    root: ElementRef<'a>,
    pruner: &Pruner,
    measured: impl Fn(&ElementRef) -> Option<Measure>,
) -> Vec<ElementRef<'a>> {
    let mut found = Vec::new();
    let mut child = root;
    for _ in 0..pruner.tuning.lead_levels {
        if Container::bounds_article(&child) {
            break;
        }
        let Some(parent) = child.parent().and_then(ElementRef::wrap) else {
            break;
        };
        if tags::is_page_root(parent.value().name()) {
            break;
        }
        for sibling in child.prev_siblings().filter_map(ElementRef::wrap) {
            if pruner.drops(&sibling) {
                continue;
            }
            let Some(m) = measured(&sibling) else {
                continue;
            };
            if m.chars > 0 && m.link_density() > pruner.tuning.lead_nav_density {
                break;
            }
            found.push(sibling);
        }
        child = parent;
    }
    found.reverse();
    found
}

/// A block that can be a lead: a paragraph of prose, long enough and hardly
/// linked (a byline, a dateline, a label or a teaser link is not).
pub fn is_lead_prose(block: &Block, tuning: &Tuning) -> bool {
    block.kind == Kind::Paragraph
        && block.measure.chars >= tuning.lead_min_chars
        && block.measure.link_density() <= tuning.lead_link_density_max
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str, kind: Kind, link_chars: usize) -> Block {
        let mut block = Block::of_text(text, kind, false);
        block.measure.link_chars = link_chars;
        block
    }

    #[test]
    fn only_prose_paragraphs_can_lead() {
        let t = Tuning::default();
        let prose = "The city council voted on Tuesday to close the old bridge to cars for good.";
        assert!(is_lead_prose(&block(prose, Kind::Paragraph, 0), &t));
        assert!(!is_lead_prose(&block(prose, Kind::Heading, 0), &t));
        assert!(!is_lead_prose(&block(prose, Kind::Paragraph, 40), &t));
        assert!(!is_lead_prose(
            &block("By Jane Doe, Reuters", Kind::Paragraph, 0),
            &t
        ));
    }
}
