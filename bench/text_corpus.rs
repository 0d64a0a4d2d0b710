//! The text corpus: spun-news pages like `samples/raw/spun-news.txt`, with the
//! debris of real crawls at the head and tail (timestamp, epoch and hashtag
//! lines, tag lists, CMS footers), ad labels in the middle and spinner typos and
//! doubled words in the prose. Files go 500 to a folder.

use crate::rule_sets;
use crate::words::{FOOTERS, Words};
use std::path::Path;

/// The misspellings the corpora contain: the first ones of every scaling set.
pub fn corpus_typos() -> Vec<String> {
    rule_sets::typo_pairs(10)
        .into_iter()
        .map(|(typo, _)| typo)
        .collect()
}

/// One page of text, about 2 to 12 KB.
pub fn page(w: &mut Words) -> String {
    let mut lines: Vec<String> = vec![w.title()];
    if w.chance(0.8) {
        lines.push(w.timestamp_line());
    }
    if w.chance(0.15) {
        lines.push(w.hashtag_line());
    }
    let paragraphs = w.rng.usize(6..36);
    let ad_at = w.chance(0.3).then(|| w.rng.usize(1..paragraphs));
    for i in 0..paragraphs {
        if ad_at == Some(i) {
            lines.push("Advertisement".to_string());
        }
        let mut p = String::new();
        w.paragraph(&mut p, 0.25);
        lines.push(p);
    }
    if w.chance(0.5) {
        lines.push(w.epoch_line());
    }
    if w.chance(0.5) {
        lines.push(w.hashtag_line());
    }
    if w.chance(0.2) {
        lines.push(format!("Tags: {}, {}, {}", w.word(), w.word(), w.word()));
    }
    if w.chance(0.8) {
        let footer = w.pick(FOOTERS);
        lines.push(footer.join("\n"));
    }
    let eol = if w.chance(0.05) { "\r\n" } else { "\n" };
    let mut text = lines.join("\n\n");
    text.push('\n');
    if eol != "\n" {
        text = text.replace('\n', eol);
    }
    text
}

/// Writes about `bytes` of pages under `dir`; returns (pages, bytes) written.
pub fn generate(dir: &Path, bytes: u64, seed: u64) -> std::io::Result<(u64, u64)> {
    let mut w = Words::new(seed).with_typos(corpus_typos());
    let (mut pages, mut written) = (0u64, 0u64);
    while written < bytes {
        let folder = dir.join(format!("{:04}", pages / 500));
        if pages % 500 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        let text = page(&mut w);
        std::fs::write(folder.join(format!("page-{pages:06}.txt")), &text)?;
        written += text.len() as u64;
        pages += 1;
    }
    Ok((pages, written))
}
