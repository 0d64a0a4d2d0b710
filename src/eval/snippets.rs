//! The trafilatura snippet set (`eval/trafilatura`), scored as the trafilatura
//! project scores it (`eval/README.md`): each page lists snippets its article text must
//! contain and snippets it must not. Whitespace runs collapse to one space on
//! both sides; a `with` snippet found is a true positive, one missing a false
//! negative, a `without` snippet found a false positive; sums over all pages
//! give precision, recall and F1.

use super::{collapse, extracted, ratio, read_gz};
use crate::clean::Options;
use crate::rules::RuleSet;
use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One page of the set and what its text must and must not contain.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub file: String,
    #[serde(default)]
    pub with: Vec<String>,
    #[serde(default)]
    pub without: Vec<String>,
}

/// Counts over one page or over the set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_pos: usize,
    pub false_neg: usize,
    pub false_pos: usize,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.true_pos += other.true_pos;
        self.false_neg += other.false_neg;
        self.false_pos += other.false_pos;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }

    pub fn f1(&self) -> f64 {
        ratio(
            2 * self.true_pos,
            2 * self.true_pos + self.false_pos + self.false_neg,
        )
    }
}

/// One page's score, with the snippets that went wrong.
#[derive(Debug, Clone)]
pub struct PageScore {
    pub url: String,
    pub file: String,
    pub counts: Counts,
    /// `with` snippets not found.
    pub missed: Vec<String>,
    /// `without` snippets found.
    pub leaked: Vec<String>,
}

/// Loads `evaldata.json` from `dir`, in a stable order (by URL).
pub fn load(dir: &Path) -> Result<BTreeMap<String, Case>> {
    let path = dir.join("evaldata.json");
    let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
    serde_json::from_str(&text).with_context(|| path.display().to_string())
}

/// Reads a page of the set: `html/<file>.gz`.
pub fn read_page(dir: &Path, case: &Case) -> Result<Vec<u8>> {
    read_gz(&dir.join("html").join(format!("{}.gz", case.file)))
}

/// The snippets of `snippets` that `text` holds (whitespace runs compared as one space).
pub fn found<'a>(snippets: &'a [String], text: &str) -> Vec<&'a str> {
    let text = collapse(text);
    snippets
        .iter()
        .filter(|s| text.contains(&collapse(s)))
        .map(String::as_str)
        .collect()
}

/// Scores one page's text against its snippets.
pub fn score(url: &str, case: &Case, text: &str) -> PageScore {
    let text = collapse(text);
    let mut page = PageScore {
        url: url.to_string(),
        file: case.file.clone(),
        counts: Counts::default(),
        missed: Vec::new(),
        leaked: Vec::new(),
    };
    for snippet in &case.with {
        if text.contains(&collapse(snippet)) {
            page.counts.true_pos += 1;
        } else {
            page.counts.false_neg += 1;
            page.missed.push(snippet.clone());
        }
    }
    for snippet in &case.without {
        if text.contains(&collapse(snippet)) {
            page.counts.false_pos += 1;
            page.leaked.push(snippet.clone());
        }
    }
    page
}

/// Scores every page of the set in `dir` (in parallel), in URL order. A page
/// that cannot be read scores as if nothing was extracted.
pub fn run(dir: &Path, rules: &RuleSet) -> Result<Vec<PageScore>> {
    run_with(dir, rules, &Options::default())
}

/// [`run`], cleaning with `options` (an extraction mode, say).
pub fn run_with(dir: &Path, rules: &RuleSet, options: &Options) -> Result<Vec<PageScore>> {
    let cases = load(dir)?;
    let cases: Vec<(&String, &Case)> = cases.iter().collect();
    Ok(cases
        .par_iter()
        .map(|(url, case)| {
            let text = read_page(dir, case)
                .map(|bytes| extracted(bytes, Some(url), rules, options).0)
                .unwrap_or_default();
            score(url, case, &text)
        })
        .collect())
}

/// Sums page counts.
pub fn total(pages: &[PageScore]) -> Counts {
    let mut sum = Counts::default();
    pages.iter().for_each(|p| sum.add(p.counts));
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_match_across_whitespace_and_count_both_ways() {
        let case = Case {
            file: "x".into(),
            with: vec!["two  words".into(), "absent".into()],
            without: vec!["Footer\n text".into(), "gone".into()],
        };
        let page = score("u", &case, "A page with two\nwords.\n\nFooter text");
        assert_eq!(
            page.counts,
            Counts {
                true_pos: 1,
                false_neg: 1,
                false_pos: 1
            }
        );
        assert_eq!(page.missed, ["absent"]);
        assert_eq!(page.leaked, ["Footer\n text"]);
        assert!((page.counts.f1() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn found_keeps_the_snippets_the_text_holds_in_order() {
        let snippets: Vec<String> = vec!["two  words".into(), "absent".into(), "page".into()];
        assert_eq!(
            found(&snippets, "A page with two\nwords."),
            ["two  words", "page"]
        );
        assert!(found(&snippets, "").is_empty());
    }
}
