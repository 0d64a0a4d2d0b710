//! What of a page's visible text the extractor left out, for the review page.
//! The page is walked once more with a pruner that only leaves out what a
//! browser does not show ([`Pruner::visible_only`]: scripts, styles, hidden
//! elements); the blocks that
//! walk finds and extraction did not keep are the dropped ones. Both walks are
//! the same [`text`](super::text) walker, so a kept block and its copy in the
//! page are the same string, and aligning them (a longest-common-subsequence
//! diff) tells what went. Only the review tools ask for this: `clean` never
//! pays for it.

use super::clutter::Pruner;
use super::text::{self, Block};
use super::tidy;
use scraper::Html;
use similar::{Algorithm, DiffOp};

/// A run of the page's visible text that extraction left out, standing
/// before the kept paragraph `before` (the number of paragraphs when it comes
/// after the last one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    pub before: usize,
    /// The blocks of the run, one per line.
    pub text: String,
}

/// Most dropped blocks reported per page; a page of ten thousand menu
/// entries says enough with the first ones.
const MAX_BLOCKS: usize = 400;

/// The visible blocks of `doc` that are not among `kept` (the blocks
/// extraction kept, before they are joined into paragraphs), grouped in runs.
/// `title` is shown apart, so its copy in the page is not reported.
pub fn dropped(doc: &Html, kept: &[Block], title: Option<&str>) -> Vec<Dropped> {
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
        let text: Vec<&str> = page_keys[old_index..old_index + take].to_vec();
        match out.last_mut() {
            Some(last) if last.before == before => {
                last.text.push('\n');
                last.text.push_str(&text.join("\n"));
            }
            _ => out.push(Dropped {
                before,
                text: text.join("\n"),
            }),
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
        let page = extract_reviewed(
            &format!(
                r#"<html><head><title>T</title><script>var x = 1;</script></head><body>
            <nav><a href="/">Home</a> <a href="/w">World</a></nav>
            <article><h1>T</h1><p>{long}</p><div class="share">Share on X</div><p>{long}</p></article>
            <footer>(c) Courier</footer><div hidden>secret</div></body></html>"#
            ),
            None,
            &Default::default(),
        );
        assert_eq!(page.blocks.len(), 2, "{:?}", page.blocks);
        let got: Vec<(usize, &str)> = page
            .dropped
            .iter()
            .map(|d| (d.before, d.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [(0, "Home World"), (1, "Share on X"), (2, "(c) Courier")]
        );
    }

    #[test]
    fn a_page_kept_whole_drops_nothing() {
        let page = extract_reviewed("<p>Mon</p><p>Tue</p>", None, &Default::default());
        assert!(page.dropped.is_empty(), "{:?}", page.dropped);
    }
}
