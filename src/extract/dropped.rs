//! What of a page's visible text the extractor left out, for the review page.
//! The page is walked once more with a pruner that only leaves out what a
//! browser does not show ([`Pruner::visible_only`]: scripts, styles, hidden
//! elements); the blocks that
//! walk finds and extraction did not keep are the dropped ones. Both walks are
//! the same [`text`](super::text) walker, so a kept block and its copy in the
//! page are the same string, and aligning them (a longest-common-subsequence
//! diff) tells what went. Each run says which [`Decision`] left it out:
//! the one tidying or the lead search recorded for its block, else the
//! furniture box around it ([`Pruner::why_dropped`]), else its standing
//! outside the article's box. Only the review tools ask for this: `clean`
//! never pays for it.

use super::clutter::Pruner;
use super::content::Found;
use super::decision::Decision;
use super::text::{self, Block};
use super::tidy::{self, Removed};
use ego_tree::NodeId;
use scraper::{ElementRef, Html};
use similar::{Algorithm, DiffOp};
use std::collections::HashMap;

/// A run of the page's visible text that extraction left out, standing
/// before the kept paragraph `before` (the number of paragraphs when it comes
/// after the last one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub before: usize,
    /// The decision that left it out.
    pub decision: Decision,
    /// The blocks of the run, one per line.
    pub text: String,
}

/// Most dropped blocks reported per page; a page of ten thousand menu
/// entries says enough with the first ones.
const MAX_BLOCKS: usize = 400;

/// What extraction knows of why a block went: the content search's finds
/// (the article's box, its lead candidates, the pruner) and the blocks that
/// tidying and the lead search took out.
pub struct Why<'a, 'd> {
    pub found: &'a Found<'d>,
    pub removed: &'a Removed,
}

impl Why<'_, '_> {
    /// The decision that left out `block` of the visible walk of `doc`.
    fn decision(
        &self,
        doc: &Html,
        block: &Block,
        recorded: &HashMap<NodeId, Decision>,
    ) -> Decision {
        let Some(origin) = block.origin else {
            return Decision::OutsideArticle;
        };
        if let Some(d) = recorded.get(&origin) {
            return *d;
        }
        let Some(node) = doc.tree.get(origin) else {
            return Decision::OutsideArticle;
        };
        let boxes: Vec<NodeId> = std::iter::once(self.found.root.id())
            .chain(self.found.leads.iter().map(|l| l.id()))
            .collect();
        // The outermost box left out, below the article's box: the walker
        // never entered it.
        let mut why = None;
        for el in node.ancestors().filter_map(ElementRef::wrap) {
            if boxes.contains(&el.id()) {
                return why.unwrap_or(Decision::OutsideArticle);
            }
            if let Some(d) = self.found.pruner.why_dropped(&el) {
                why = Some(d);
            }
        }
        Decision::OutsideArticle
    }
}

/// The visible blocks of `doc` that are not among `kept` (the blocks
/// extraction kept, before they are joined into paragraphs), grouped in runs
/// by the decision that left them out (`why`). `title` is shown apart, so
/// its copy in the page is not reported.
pub fn dropped(doc: &Html, kept: &[Block], title: Option<&str>, why: &Why) -> Vec<Dropped> {
    let visible_only = Pruner {
        visible_only: true,
        ..Pruner::default()
    };
    let page: Vec<Block> = text::blocks(doc.root_element(), &visible_only)
        .into_iter()
        .filter(|b| Some(b.text.as_str()) != title)
        .collect();
    let page_keys: Vec<&str> = page.iter().map(|b| b.text.as_str()).collect();
    let kept_keys: Vec<&str> = kept.iter().map(|b| b.text.as_str()).collect();
    let recorded: HashMap<NodeId, Decision> = why
        .removed
        .iter()
        .filter_map(|(d, b)| Some((b.origin?, *d)))
        .collect();
    let paragraph_of = tidy::paragraph_indices(kept);
    let paragraphs = paragraph_of.last().map_or(0, |p| p + 1);
    let mut out: Vec<Dropped> = Vec::new();
    let mut reported = 0;
    for op in similar::capture_diff_slices(Algorithm::Myers, &page_keys, &kept_keys) {
        // A block the pruner changed inside (a share button cut from a
        // paragraph) is a replacement, not a loss: only pure deletions count.
        let DiffOp::Delete {
            old_index,
            old_len,
            new_index,
        } = op
        else {
            continue;
        };
        let before = paragraph_of.get(new_index).copied().unwrap_or(paragraphs);
        let take = old_len.min(MAX_BLOCKS.saturating_sub(reported));
        if take == 0 {
            break;
        }
        reported += take;
        for block in &page[old_index..old_index + take] {
            let decision = why.decision(doc, block, &recorded);
            match out.last_mut() {
                Some(last) if last.before == before && last.decision == decision => {
                    last.text.push('\n');
                    last.text.push_str(&block.text);
                }
                _ => out.push(Dropped {
                    before,
                    decision,
                    text: block.text.clone(),
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::extract_reviewed;

    #[test]
    fn furniture_around_and_inside_the_article_is_reported_in_place() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract_reviewed(
            &format!(
                r#"<html><head><title>T</title><script>var x = 1;</script></head><body>
            <nav><a href="/">Home</a> <a href="/w">World</a></nav>
            <article><h1>T</h1><p>{long}</p><div class="share">Share on X</div><p>{more}</p></article>
            <footer>(c) Courier</footer><div hidden>secret</div></body></html>"#
            ),
            None,
            &Default::default(),
        )
        .unwrap();
        assert_eq!(page.blocks.len(), 2, "{:?}", page.blocks);
        let got: Vec<(usize, &str, &str)> = page
            .dropped
            .iter()
            .map(|d| (d.before, d.decision.id(), d.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, "extract.outside-article", "Home World"),
                (1, "extract.furniture-name", "Share on X"),
                (2, "extract.outside-article", "(c) Courier")
            ]
        );
    }

    #[test]
    fn each_run_names_the_decision_that_left_it_out() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract_reviewed(
            &format!(
                r#"<html><body><article><p>3 min read</p><p>{long}</p>
            <figure><img src=a.jpg><figcaption>The pier at dawn</figcaption></figure>
            <p>Foto: dpa</p><p>{more}</p>
            <h2>More news</h2><p><a href="/a">First story</a> <a href="/b">Second story</a></p>
            <p>{more} Again.</p><h3>Related</h3></article></body></html>"#
            ),
            None,
            &Default::default(),
        )
        .unwrap();
        let got: Vec<(&str, &str)> = page
            .dropped
            .iter()
            .map(|d| (d.decision.id(), d.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("extract.edge-label", "3 min read"),
                ("extract.caption", "The pier at dawn"),
                ("extract.credit", "Foto: dpa"),
                ("extract.link-list", "More news\nFirst story Second story"),
                ("extract.trailing-heading", "Related"),
            ]
        );
    }

    #[test]
    fn a_page_kept_whole_drops_nothing() {
        let page = extract_reviewed("<p>Mon</p><p>Tue</p>", None, &Default::default()).unwrap();
        assert!(page.dropped.is_empty(), "{:?}", page.dropped);
    }
}
