//! Scoring extraction on the two development sets (`make eval`,
//! `tests/it/eval_floor.rs`): [`snippets`] is the trafilatura set
//! (`eval/trafilatura`, must-contain and must-not-contain snippets, summed),
//! [`wcxb`] the WCXB development split (`../shared/eval/wcxb-dev`, word-bag
//! precision and recall against a reference text, averaged per page and per
//! page type), [`harm`] what the text rules remove from the reference text,
//! [`peers`] the text other extractors made of the same pages.
//!
//! Both score what `newsclean clean` writes (decode, extract, rules) minus the
//! leading title paragraph: the reference extractors are scored on the article
//! body alone, with the title in their metadata.

pub mod harm;
pub mod peers;
pub mod snippets;
pub mod wcxb;

use crate::clean::{self, Metadata};
use crate::rules::RuleSet;
use crate::source::{Doc, Hints};
use anyhow::{Context, Result};
use std::io::Read;
use std::path::Path;

/// The article body newsclean makes of the HTML page `bytes` fetched from
/// `url`, cleaning with `options` (the clean text without the title paragraph
/// that leads it), and the metadata it found. The URL matters: it tells the
/// page's type, as a crawler's record would.
pub fn extracted(
    bytes: Vec<u8>,
    url: Option<&str>,
    rules: &RuleSet,
    options: &clean::Options,
) -> (String, Metadata) {
    let cleaned = clean::clean_with_options(&html_doc(bytes, url), rules, options);
    let text = match (&cleaned.meta.title, cleaned.text.split_once("\n\n")) {
        (Some(title), Some((first, rest))) if first == title => rest.to_string(),
        (Some(title), None) if cleaned.text.trim_end() == title => String::new(),
        _ => cleaned.text,
    };
    (text, cleaned.meta)
}

/// A page of a set, fetched from `url` when known, as a document known to be HTML.
fn html_doc(bytes: Vec<u8>, url: Option<&str>) -> Doc {
    Doc {
        bytes,
        hints: Hints {
            is_html: Some(true),
            url: url.map(str::to_string),
            ..Hints::default()
        },
        ..Doc::default()
    }
}

/// Reads a gzip'd page of a set.
pub fn read_gz(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| path.display().to_string())?;
    let mut bytes = Vec::new();
    flate2::read::MultiGzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| path.display().to_string())?;
    Ok(bytes)
}

/// Whitespace runs collapsed to one space, as both scorers compare text.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}
