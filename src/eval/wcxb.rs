//! The WCXB development split (`../shared/eval/wcxb-dev`), scored by the
//! benchmark's own method (its README): per page, the words of the prediction
//! and of the reference `main_content` (`\w+` of the lowercased text) are
//! compared as bags (counts matter) for precision, recall and F1; an empty
//! reference scores 1 only for an empty prediction, an empty prediction
//! scores 0. Figures are means over pages (macro averages), overall and per
//! page type. The `with` rate is the mean share of a page's must-contain
//! snippets found (case-insensitive), the `without` rate the same for its
//! must-not-contain snippets (lower is better).

use super::{collapse, extracted, read_gz};
use crate::clean::{Metadata, Options};
use crate::rules::RuleSet;
use anyhow::{Context, Result};
use rayon::prelude::*;
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;
use std::sync::LazyLock;

/// One page of the split, as `ground-truth.jsonl.gz` describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub file_id: String,
    /// Missing for a few pages.
    #[serde(default)]
    pub url: Option<String>,
    pub page_type: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub publish_date: Option<String>,
    pub main_content: String,
    #[serde(default)]
    pub with: Vec<String>,
    #[serde(default)]
    pub without: Vec<String>,
}

/// One page's score.
#[derive(Debug, Clone)]
pub struct PageScore {
    pub file_id: String,
    pub url: String,
    pub page_type: String,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Share of `with` snippets found; `None` when the page lists none.
    pub with_rate: Option<f64>,
    /// Share of `without` snippets found; `None` when the page lists none.
    pub without_rate: Option<f64>,
    /// `with` snippets not found.
    pub missed: Vec<String>,
    /// `without` snippets found.
    pub leaked: Vec<String>,
    /// The page type newsclean gave the page.
    pub predicted_type: String,
    /// Whether newsclean's title, author and date agree with the split's
    /// (see [`metadata_agrees`]); `None` where the split has no value.
    pub title_ok: Option<bool>,
    pub author_ok: Option<bool>,
    pub date_ok: Option<bool>,
    /// The date newsclean found (ISO 8601), to compare runs.
    pub date: Option<String>,
}

/// Means over a group of pages.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub with_rate: f64,
    pub without_rate: f64,
}

/// Loads `ground-truth.jsonl.gz` from `dir`, in file order.
pub fn load(dir: &Path) -> Result<Vec<Case>> {
    let path = dir.join("ground-truth.jsonl.gz");
    let bytes = read_gz(&path)?;
    let mut cases = Vec::new();
    for (n, line) in bytes.lines().enumerate() {
        let line = line.with_context(|| path.display().to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let case =
            serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        cases.push(case);
    }
    Ok(cases)
}

/// Reads a page of the split: `html/<file_id>.html.gz`.
pub fn read_page(dir: &Path, case: &Case) -> Result<Vec<u8>> {
    read_gz(&dir.join("html").join(format!("{}.html.gz", case.file_id)))
}

/// The words the benchmark compares: `\w+` runs of the lowercased text.
pub fn words(text: &str) -> Vec<String> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\w+").expect("valid"));
    let lower = text.to_lowercase();
    WORD.find_iter(&lower)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Word-bag precision, recall and F1 of `predicted` against `reference`.
pub fn bag_scores(predicted: &[String], reference: &[String]) -> (f64, f64, f64) {
    match (predicted.is_empty(), reference.is_empty()) {
        (true, true) => return (1.0, 1.0, 1.0),
        (_, true) | (true, _) => return (0.0, 0.0, 0.0),
        _ => {}
    }
    let mut left: HashMap<&str, usize> = HashMap::new();
    for word in reference {
        *left.entry(word).or_default() += 1;
    }
    let mut common = 0usize;
    for word in predicted {
        if let Some(n) = left.get_mut(word.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    let precision = common as f64 / predicted.len() as f64;
    let recall = common as f64 / reference.len() as f64;
    let f1 = if common == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (precision, recall, f1)
}

/// Scores one page's extracted body text and metadata.
pub fn score_page(case: &Case, text: &str, meta: &Metadata) -> PageScore {
    let agrees = |reference: &Option<String>, found: &Option<String>, field| {
        let reference = reference.as_deref().filter(|r| !r.trim().is_empty())?;
        Some(
            found
                .as_deref()
                .is_some_and(|f| metadata_agrees(field, reference, f)),
        )
    };
    PageScore {
        predicted_type: meta.page_type.clone().unwrap_or_default(),
        title_ok: agrees(&case.title, &meta.title, Field::Title),
        author_ok: agrees(&case.author, &meta.author, Field::Author),
        date_ok: agrees(&case.publish_date, &meta.date, Field::Date),
        date: meta.date.clone(),
        ..score(case, text)
    }
}

/// A metadata field compared with the split's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Author,
    Date,
}

/// True when a value newsclean found agrees with the split's: a title with
/// the same words; an author whose words hold the reference's or are held
/// by them (a byline lists more names, or fewer); a date on the same day.
pub fn metadata_agrees(field: Field, reference: &str, found: &str) -> bool {
    match field {
        Field::Title => words(reference) == words(found),
        Field::Author => {
            let (r, f) = (words(reference), words(found));
            let holds = |a: &[String], b: &[String]| b.iter().all(|w| a.contains(w));
            !f.is_empty() && (holds(&r, &f) || holds(&f, &r))
        }
        Field::Date => {
            let day = |s: &str| s.trim().get(..10).map(str::to_string);
            day(reference).is_some() && day(reference) == day(found)
        }
    }
}

/// Share of pages whose title, author and date agree with the split's,
/// each over the pages where the split has that field.
pub fn metadata_accuracy(pages: &[PageScore]) -> [(Field, usize, f64); 3] {
    let rate = |pick: fn(&PageScore) -> Option<bool>| {
        let known: Vec<bool> = pages.iter().filter_map(pick).collect();
        let ok = known.iter().filter(|b| **b).count();
        (known.len(), ok as f64 / known.len().max(1) as f64)
    };
    let (t, a, d) = (
        rate(|p| p.title_ok),
        rate(|p| p.author_ok),
        rate(|p| p.date_ok),
    );
    [
        (Field::Title, t.0, t.1),
        (Field::Author, a.0, a.1),
        (Field::Date, d.0, d.1),
    ]
}

/// Scores one page's extracted body text.
pub fn score(case: &Case, text: &str) -> PageScore {
    let (precision, recall, f1) = bag_scores(&words(text), &words(&case.main_content));
    let hay = collapse(&text.to_lowercase());
    let found = |s: &String| hay.contains(&collapse(&s.to_lowercase()));
    let share = |list: &[String]| {
        (!list.is_empty())
            .then(|| list.iter().filter(|s| found(s)).count() as f64 / list.len() as f64)
    };
    PageScore {
        file_id: case.file_id.clone(),
        url: case.url.clone().unwrap_or_default(),
        page_type: case.page_type.clone(),
        precision,
        recall,
        f1,
        with_rate: share(&case.with),
        without_rate: share(&case.without),
        missed: case.with.iter().filter(|s| !found(s)).cloned().collect(),
        leaked: case.without.iter().filter(|s| found(s)).cloned().collect(),
        predicted_type: String::new(),
        title_ok: None,
        author_ok: None,
        date_ok: None,
        date: None,
    }
}

/// Scores every page of the split in `dir` (in parallel), in file order. A
/// page that cannot be read scores as if nothing was extracted.
pub fn run(dir: &Path, rules: &RuleSet) -> Result<Vec<PageScore>> {
    run_with(dir, rules, &Options::default())
}

/// [`run`], cleaning with `options` (an extraction mode, say).
pub fn run_with(dir: &Path, rules: &RuleSet, options: &Options) -> Result<Vec<PageScore>> {
    let cases = load(dir)?;
    Ok(cases
        .par_iter()
        .map(|case| {
            let (text, meta) = read_page(dir, case)
                .map(|bytes| extracted(bytes, case.url.as_deref(), rules, options))
                .unwrap_or_default();
            score_page(case, &text, &meta)
        })
        .collect())
}

/// Means over `pages`.
pub fn summary<'a>(pages: impl IntoIterator<Item = &'a PageScore>) -> Summary {
    let mut sum = Summary::default();
    let (mut with_pages, mut without_pages) = (0usize, 0usize);
    for page in pages {
        sum.pages += 1;
        sum.precision += page.precision;
        sum.recall += page.recall;
        sum.f1 += page.f1;
        if let Some(rate) = page.with_rate {
            with_pages += 1;
            sum.with_rate += rate;
        }
        if let Some(rate) = page.without_rate {
            without_pages += 1;
            sum.without_rate += rate;
        }
    }
    let mean = |total: f64, n: usize| if n == 0 { 0.0 } else { total / n as f64 };
    Summary {
        pages: sum.pages,
        precision: mean(sum.precision, sum.pages),
        recall: mean(sum.recall, sum.pages),
        f1: mean(sum.f1, sum.pages),
        with_rate: mean(sum.with_rate, with_pages),
        without_rate: mean(sum.without_rate, without_pages),
    }
}

/// Means per page type, by type name.
pub fn by_type(pages: &[PageScore]) -> BTreeMap<String, Summary> {
    let mut groups: BTreeMap<String, Vec<&PageScore>> = BTreeMap::new();
    for page in pages {
        groups.entry(page.page_type.clone()).or_default().push(page);
    }
    groups
        .into_iter()
        .map(|(kind, pages)| (kind, summary(pages)))
        .collect()
}

/// Pages counted by their type in the split (rows) and the type newsclean
/// gave them (columns), both in name order.
pub fn confusion(pages: &[PageScore]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut table: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for page in pages {
        *table
            .entry(page.page_type.clone())
            .or_default()
            .entry(page.predicted_type.clone())
            .or_default() += 1;
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(reference: &str, with: &[&str], without: &[&str]) -> Case {
        Case {
            file_id: "0001".into(),
            url: Some("u".into()),
            page_type: "article".into(),
            title: None,
            author: None,
            publish_date: None,
            main_content: reference.into(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn metadata_agrees_by_words_and_by_day() {
        assert!(metadata_agrees(
            Field::Title,
            "Rain in Lima",
            "rain in  LIMA"
        ));
        assert!(!metadata_agrees(
            Field::Title,
            "Rain in Lima",
            "Rain in Lima | Courier"
        ));
        assert!(metadata_agrees(Field::Author, "Ana Ruiz", "By Ana Ruiz"));
        assert!(metadata_agrees(
            Field::Author,
            "Ana Ruiz and Bo Li",
            "Ana Ruiz"
        ));
        assert!(!metadata_agrees(Field::Author, "Ana Ruiz", "Courier Staff"));
        assert!(metadata_agrees(
            Field::Date,
            "2024-05-14",
            "2024-05-14T08:30:00+02:00"
        ));
        assert!(!metadata_agrees(Field::Date, "2024-05-14", "14.05.2024"));
    }

    #[test]
    fn words_are_lowercased_unicode_word_runs() {
        assert_eq!(
            words("Zürich’s 2024 news—Łódź_x!"),
            ["zürich", "s", "2024", "news", "łódź_x"]
        );
    }

    #[test]
    fn bags_count_repeated_words() {
        let w = |s: &str| words(s);
        // Prediction "a a b" against reference "a b c": 2 words in common.
        let (p, r, f1) = bag_scores(&w("a a b"), &w("a b c"));
        assert!((p - 2.0 / 3.0).abs() < 1e-9 && (r - 2.0 / 3.0).abs() < 1e-9);
        assert!((f1 - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(bag_scores(&[], &[]), (1.0, 1.0, 1.0));
        assert_eq!(bag_scores(&w("x"), &[]), (0.0, 0.0, 0.0));
        assert_eq!(bag_scores(&[], &w("x")), (0.0, 0.0, 0.0));
    }

    #[test]
    fn snippet_rates_ignore_case_and_whitespace_and_skip_empty_lists() {
        let page = score(
            &case("Body text here", &["BODY text", "absent"], &["footer"]),
            "Body\ntext here\n\nFooter",
        );
        assert_eq!(page.with_rate, Some(0.5));
        assert_eq!(page.without_rate, Some(1.0));
        assert_eq!(page.missed, ["absent"]);
        let none = score(&case("x", &[], &[]), "x");
        assert_eq!((none.with_rate, none.without_rate), (None, None));
        let sum = summary([&page, &none]);
        assert_eq!(sum.pages, 2);
        assert!(
            (sum.with_rate - 0.5).abs() < 1e-9,
            "pages with no snippets are skipped"
        );
    }
}
