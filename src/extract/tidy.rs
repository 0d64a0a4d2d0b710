//! The blocks of the article once its elements are walked: what is still not
//! article among them (link lists and the headings that label them, picture
//! credits, copies of earlier blocks, headings left with nothing after
//! them, labels at the edges, the article's own copy of the title), and how
//! the rest is laid out as paragraphs.

use super::decision::Decision;
use super::markup::joins;
use super::measure::{Measure, collapse_whitespace};
use super::page_type::Profile;
use super::post_labels;
use super::text::{Block, Kind};
use super::tuning::Tuning;
use super::words::{WORDS, has};
use rustc_hash::FxHashSet as HashSet;

/// The blocks tidying took out, each with the decision that took it.
pub type Removed = Vec<(Decision, Block)>;

/// Drops what is still not article from `blocks`, in order: link lists,
/// picture credits, copies, short paragraphs, trailing headings, edge
/// labels, the title's repeat, and on a forum thread the labels of its
/// posts; `tuning` holds their thresholds. On a page whose items are
/// links (a listing), links are not dropped. Returns what it dropped, and why.
pub fn tidy(
    blocks: &mut Vec<Block>,
    title: Option<&str>,
    profile: Profile,
    tuning: &Tuning,
) -> Removed {
    let mut removed = Vec::new();
    if !profile.links_are_items {
        drop_link_lists(blocks, tuning, &mut removed);
    }
    drop_credits(blocks, tuning.credit_max_chars, &mut removed);
    if !profile.keep_copies {
        drop_copies(blocks, tuning.copy_min_chars, &mut removed);
    }
    drop_short_paragraphs(blocks, tuning.short_paragraph_chars, &mut removed);
    drop_trailing_headings(blocks, &mut removed);
    trim_edges(blocks, tuning.edge_label_chars, &mut removed);
    if let Some(title) = title {
        drop_title_repeat(blocks, title, &mut removed);
    }
    if profile.post_labels {
        let repeats = post_labels::repeats(blocks, tuning);
        sort_out(blocks, &mut removed, Decision::PostLabel, |i, _| {
            !repeats[i]
        });
    }
    removed
}

/// Keeps the blocks that `keep` (given each block's index) accepts and moves
/// the others to `removed`, under `decision`.
fn sort_out(
    blocks: &mut Vec<Block>,
    removed: &mut Removed,
    decision: Decision,
    mut keep: impl FnMut(usize, &Block) -> bool,
) {
    for (i, block) in std::mem::take(blocks).into_iter().enumerate() {
        if keep(i, &block) {
            blocks.push(block);
        } else {
            removed.push((decision, block));
        }
    }
}

/// Moves the last block to `removed` while `drop` says so.
fn pop_while(
    blocks: &mut Vec<Block>,
    removed: &mut Removed,
    decision: Decision,
    drop: impl Fn(&Block) -> bool,
) {
    while blocks.last().is_some_and(&drop) {
        removed.extend(blocks.pop().map(|b| (decision, b)));
    }
}

/// Blocks made mostly of link text are navigation, related links or tag lists;
/// a heading right before such a block is its label. Items and rows are judged
/// with their whole list or table: a linked ingredient or product in a list of
/// text is not navigation.
fn drop_link_lists(blocks: &mut Vec<Block>, tuning: &Tuning, removed: &mut Removed) {
    let mut keep: Vec<bool> = blocks
        .iter()
        .map(|b| {
            b.measure.link_density() < tuning.link_list_density
                || (b.kind == Kind::Paragraph
                    && b.measure.plain_chars() >= tuning.prose_outside_links_chars)
        })
        .collect();
    for run in runs(blocks) {
        let mut whole = Measure::default();
        blocks[run.clone()]
            .iter()
            .for_each(|b| whole.add(b.measure));
        if whole.links_under(tuning.list_link_density) {
            keep[run].fill(true);
        }
    }
    // A heading that introduced a dropped list goes with it.
    for i in 0..blocks.len().saturating_sub(1) {
        let label = blocks[i].text.split_whitespace().count() < tuning.label_heading_words;
        if blocks[i].kind == Kind::Heading && !keep[i + 1] && label {
            keep[i] = false;
        }
    }
    sort_out(blocks, removed, Decision::LinkList, |i, _| keep[i]);
}

/// The index ranges of consecutive list items, and of consecutive table rows.
fn runs(blocks: &[Block]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=blocks.len() {
        if i == blocks.len() || blocks[i].kind != blocks[start].kind {
            if matches!(blocks[start].kind, Kind::Item | Kind::Row) {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// Paragraphs shorter than `max_chars` that do not end a sentence, wherever
/// they stand: datelines, labels, teaser titles (the precision mode's
/// choice; by default none go).
fn drop_short_paragraphs(blocks: &mut Vec<Block>, max_chars: usize, removed: &mut Removed) {
    sort_out(blocks, removed, Decision::ShortParagraph, |_, b| {
        b.kind != Kind::Paragraph || b.measure.chars >= max_chars || ends_sentence(&b.text)
    });
}

/// True when `text` ends like a sentence.
fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', '"', '”', '。', '！', '？'])
}

/// A heading with nothing after it introduced something that was dropped.
fn drop_trailing_headings(blocks: &mut Vec<Block>, removed: &mut Removed) {
    pop_while(blocks, removed, Decision::TrailingHeading, |b| {
        b.kind == Kind::Heading
    });
}

/// Picture credits and copyright lines left as paragraphs of their own
/// ("© Getty Images", "Foto: dpa", "Bild: Jahr Media"), wherever they sit:
/// they belong to an image, not to the text.
fn drop_credits(blocks: &mut Vec<Block>, max_chars: usize, removed: &mut Removed) {
    let is_credit = |b: &Block| {
        if b.kind != Kind::Paragraph || b.measure.chars > max_chars {
            return false;
        }
        let text = b.text.trim_start_matches(['(', '[', ' ']);
        if text.starts_with('©') {
            return true;
        }
        text.split_once(':').is_some_and(|(label, _)| {
            let label = label.trim().to_lowercase();
            has(&WORDS.labels.credit, &label)
        })
    };
    sort_out(blocks, removed, Decision::Credit, |_, b| !is_credit(b));
}

/// Blocks of at least `min_chars` whose text an earlier block holds word
/// for word: a carousel's slides, a pull quote, a box that a page prints
/// once for each screen size. The first stays; 0 keeps them all.
fn drop_copies(blocks: &mut Vec<Block>, min_chars: usize, removed: &mut Removed) {
    if min_chars == 0 {
        return;
    }
    let mut seen = HashSet::default();
    sort_out(blocks, removed, Decision::Copy, |_, b| {
        b.kind != Kind::Paragraph
            || b.measure.chars < min_chars
            || seen.insert(collapse_whitespace(&b.text))
    });
}

/// Drops label paragraphs (shorter than `label_chars`, not ending a sentence:
/// labels, datelines and credits such as "Photo: Reuters", "3 min read")
/// before the first and after the last real one (a page of nothing but short
/// lines keeps them). A salutation ending with a
/// comma ("Dear readers,") opens the text and a sign-off closes it.
/// List items and table rows are left alone: a list may end an article.
fn trim_edges(blocks: &mut Vec<Block>, label_chars: usize, removed: &mut Removed) {
    let is_label = |b: &Block| {
        b.kind == Kind::Paragraph && b.measure.chars < label_chars && !ends_sentence(&b.text)
    };
    if !blocks
        .iter()
        .any(|b| b.kind != Kind::Heading && !is_label(b))
    {
        // Nothing but short lines: that is the page, not its labels.
        return;
    }
    let is_sign_off = |b: &Block| {
        let first = b
            .text
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty());
        first.is_some_and(|w| has(&WORDS.labels.sign_off, &w.to_lowercase()))
    };
    pop_while(blocks, removed, Decision::EdgeLabel, |b| {
        is_label(b) && !is_sign_off(b)
    });
    let lead = blocks
        .iter()
        .take_while(|b| is_label(b) && !b.text.ends_with(','))
        .count();
    removed.extend(blocks.drain(..lead).map(|b| (Decision::EdgeLabel, b)));
}

/// The title leads the text already: drop the article's own copy of it.
fn drop_title_repeat(blocks: &mut Vec<Block>, title: &str, removed: &mut Removed) {
    let key = |s: &str| collapse_whitespace(s).to_lowercase();
    let title = key(title);
    if let Some(pos) = blocks.iter().take(3).position(|b| key(&b.text) == title) {
        removed.push((Decision::TitleRepeat, blocks.remove(pos)));
    }
}

/// For each block, the index of the paragraph [`paragraphs`] puts it in.
pub fn paragraph_indices(blocks: &[Block]) -> Vec<usize> {
    let mut prev = None;
    let mut next = 0;
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        if !joins(prev, block.kind) {
            next += 1;
        }
        out.push(next - 1);
        prev = Some(block.kind);
    }
    out
}

/// Joins consecutive list items (and table rows) as lines of one paragraph.
pub fn paragraphs(blocks: Vec<Block>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<Kind> = None;
    for block in blocks {
        match out.last_mut() {
            Some(last) if joins(prev, block.kind) => {
                last.push('\n');
                last.push_str(&block.text);
            }
            _ => out.push(block.text),
        }
        prev = Some(block.kind);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str, kind: Kind) -> Block {
        Block::of_text(text, kind, false)
    }

    #[test]
    fn a_paragraph_printed_twice_is_kept_once_and_shared_items_stay() {
        let slide = "Colorful design that lets you shine in every room you enter.";
        let item = "Phone consultation with one of our professional resume experts.";
        let mut blocks = vec![
            block(slide, Kind::Paragraph),
            block(item, Kind::Item),
            block(&format!("  {slide} "), Kind::Paragraph),
            block(item, Kind::Item),
            block("Short, said twice.", Kind::Paragraph),
            block("Short, said twice.", Kind::Paragraph),
        ];
        let mut removed = Removed::new();
        drop_copies(&mut blocks, 40, &mut removed);
        assert_eq!(blocks.len(), 5, "{blocks:?}");
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].0, Decision::Copy);
        assert_eq!(removed[0].1.text.trim(), slide);
        let mut kept = blocks.clone();
        drop_copies(&mut kept, 0, &mut removed);
        assert_eq!(kept.len(), blocks.len());
    }
}
