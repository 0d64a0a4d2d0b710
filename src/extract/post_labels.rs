//! The labels of a forum thread's posts: the short lines that the engine
//! prints in every post beside the member's words (a member's rank,
//! "Offline", "Posts: 98", "1 Like", the thread's title over each reply).
//! The same short line standing in many posts is the thread's furniture,
//! not what its members wrote; its first copy stays (it may be a member's
//! name or the thread's title), the others go.
//!
//! No words here: a line is a label by its length and its repeats alone
//! ([`Tuning::post_label_chars`], [`Tuning::post_label_repeats`]). Lines
//! that are links (members' names, which a thread's text keeps), dates (when
//! each post was written) and code are never labels.

use super::date;
use super::text::{Block, Kind};
use super::tuning::Tuning;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// True when `block` can be a post's label: a short line of plain text
/// that is no date.
fn may_be_label(block: &Block, tuning: &Tuning) -> bool {
    !matches!(block.kind, Kind::Pre | Kind::Row)
        && block.measure.chars > 0
        && block.measure.chars <= tuning.post_label_chars
        && block.measure.link_chars == 0
        && date::iso8601(&block.text).is_none()
}

/// For each block, whether it is a repeat of a post's label: a line that
/// may be a label, standing at least [`Tuning::post_label_repeats`] times
/// among `blocks`, after its first copy. 0 repeats finds none.
pub fn repeats(blocks: &[Block], tuning: &Tuning) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    if tuning.post_label_repeats == 0 {
        return out;
    }
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for block in blocks.iter().filter(|b| may_be_label(b, tuning)) {
        *counts.entry(block.text.as_str()).or_default() += 1;
    }
    let mut seen: HashSet<&str> = HashSet::default();
    for (i, block) in blocks.iter().enumerate() {
        let text = block.text.as_str();
        let repeated = counts
            .get(text)
            .is_some_and(|n| *n >= tuning.post_label_repeats);
        if repeated && !seen.insert(text) {
            out[i] = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str, kind: Kind, linked: bool) -> Block {
        Block::of_text(text, kind, linked)
    }

    fn thread(posts: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        for i in 0..posts {
            blocks.push(block("samfan", Kind::Paragraph, true));
            blocks.push(block("Senior Member", Kind::Paragraph, false));
            blocks.push(block("Oct 8, 2024", Kind::Paragraph, false));
            blocks.push(block("fi", Kind::Pre, false));
            let words = format!("Reply {i}: the driver update fixed it for me as well.");
            blocks.push(block(&words, Kind::Paragraph, false));
        }
        blocks
    }

    #[test]
    fn a_short_line_in_every_post_goes_after_its_first_copy() {
        let blocks = thread(4);
        let dropped: Vec<&str> = repeats(&blocks, &Tuning::default())
            .iter()
            .zip(&blocks)
            .filter(|(d, _)| **d)
            .map(|(_, b)| b.text.as_str())
            .collect();
        assert_eq!(dropped, ["Senior Member"; 3]);
    }

    #[test]
    fn too_few_posts_or_none_asked_drop_nothing() {
        assert!(!repeats(&thread(2), &Tuning::default()).contains(&true));
        let off = Tuning {
            post_label_repeats: 0,
            ..Tuning::default()
        };
        assert!(!repeats(&thread(4), &off).contains(&true));
    }
}
