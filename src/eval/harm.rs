//! The harm figure (`make eval`, `tests/it/harm_floor.rs`): what the text rules
//! remove from the article itself. Each page is prepared once (decode,
//! extract) and cleaned twice, without any text rule and with the rules under
//! test; the words the rules removed are compared, as bags of the benchmark's
//! `\w+` words, with the page's reference text (the `with` snippets of
//! `eval/trafilatura`, the `main_content` of the WCXB split).
//!
//! A page's *harm* is the number of reference words it lost to the rules:
//! for each word, the copies of it that the text without rules shared with
//! the reference, less those the clean text still shares. Every other word the
//! rules removed is *debris*. Words are attributed to rules through the edits
//! the rule engine records: a word lost on a page is shared among the edits
//! that removed a copy of it, in proportion to the copies each removed, so
//! the figures do not depend on the order the rules ran in.

use super::{html_doc, snippets, wcxb};
use crate::clean::{self, Options};
use crate::rules::{Kind, RuleSet};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A page loses "much" of its article to rules past this share of its reference words.
pub const PAGE_LOSS_LIMIT: f64 = 0.02;

/// What one rule removed: reference words (harm) and other words (debris).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Removed {
    pub edits: usize,
    pub harm: f64,
    pub debris: f64,
}

impl Removed {
    fn add(&mut self, other: Removed) {
        self.edits += other.edits;
        self.harm += other.harm;
        self.debris += other.debris;
    }

    /// All words removed.
    pub fn words(&self) -> f64 {
        self.harm + self.debris
    }

    /// Harm as a share of all words removed.
    pub fn harm_share(&self) -> f64 {
        let all = self.words();
        if all == 0.0 { 0.0 } else { self.harm / all }
    }
}

/// What the rules removed from one page.
#[derive(Debug, Clone, Default)]
pub struct PageHarm {
    /// The page's name in its set (file name or `file_id`).
    pub page: String,
    pub url: String,
    /// What kind of page extraction took it for (`article`, `listing`, ...).
    pub page_type: String,
    /// Words of the reference text.
    pub reference_words: usize,
    /// Words of the page's text without the rules.
    pub text_words: usize,
    /// Per rule id.
    pub rules: BTreeMap<String, Removed>,
    /// Every edit of a rule, in document order.
    pub edits: Vec<EditHarm>,
}

/// What one edit removed.
#[derive(Debug, Clone)]
pub struct EditHarm {
    pub rule: String,
    pub kind: Kind,
    pub line: usize,
    pub removed: Removed,
    /// The text the edit removed or changed.
    pub before: String,
}

impl PageHarm {
    /// Everything the rules removed from the page.
    pub fn total(&self) -> Removed {
        let mut sum = Removed::default();
        self.rules.values().for_each(|r| sum.add(*r));
        sum
    }

    /// The share of the reference words the rules removed.
    pub fn loss(&self) -> f64 {
        if self.reference_words == 0 {
            0.0
        } else {
            self.total().harm / self.reference_words as f64
        }
    }

    /// The rules that removed reference words here, most harmful first.
    pub fn harmful_rules(&self) -> Vec<(&str, f64)> {
        let mut list: Vec<(&str, f64)> = self
            .rules
            .iter()
            .filter(|(_, r)| r.harm > 0.0)
            .map(|(id, r)| (id.as_str(), r.harm))
            .collect();
        list.sort_by(|a, b| b.1.total_cmp(&a.1));
        list
    }
}

/// A word bag: word -> copies.
type Bag<'a> = HashMap<&'a str, usize>;

fn bag(words: &[String]) -> Bag<'_> {
    let mut bag = Bag::new();
    for w in words {
        *bag.entry(w.as_str()).or_default() += 1;
    }
    bag
}

/// What `rules` remove from the HTML page `bytes`, extracted with
/// `options`, against its reference text.
pub fn measure(
    page: &str,
    url: &str,
    bytes: Vec<u8>,
    reference: &str,
    (rules, options): (&RuleSet, &Options),
) -> PageHarm {
    measure_against(
        page,
        url,
        bytes,
        |_| reference.to_string(),
        (rules, options),
    )
}

/// [`measure`] with a reference that depends on the text without rules: a
/// snippet set's reference is the `with` snippets that text holds, since
/// rules cannot take away a snippet extraction never found (and the words of
/// such a snippet would only meet common words elsewhere in the bag).
fn measure_against(
    page: &str,
    url: &str,
    bytes: Vec<u8>,
    reference: impl FnOnce(&str) -> String,
    (rules, options): (&RuleSet, &Options),
) -> PageHarm {
    let doc = html_doc(bytes, Some(url).filter(|u| !u.is_empty()));
    let prepared = clean::prepare_with(&doc, options);
    let bare = prepared.clean_with(&RuleSet::new(Vec::new()));
    let cleaned = prepared.clean_with(rules);
    let reference = wcxb::words(&reference(&bare.text));
    let (before, after) = (wcxb::words(&bare.text), wcxb::words(&cleaned.text));
    let (reference_bag, before_bag, after_bag) = (bag(&reference), bag(&before), bag(&after));
    // Per edit of a text rule, the copies of each word it removed.
    let repairs = prepared.repairs.len();
    let edits = &cleaned.edits[repairs..];
    let removals: Vec<(&str, HashMap<String, usize>)> = edits
        .iter()
        .map(|e| {
            let mut gone: HashMap<String, usize> = HashMap::new();
            for w in wcxb::words(&e.before) {
                *gone.entry(w).or_default() += 1;
            }
            for w in wcxb::words(&e.after) {
                if let Some(n) = gone.get_mut(&w) {
                    *n = n.saturating_sub(1);
                }
            }
            (&*e.rule, gone)
        })
        .collect();
    let mut removed_by_all: HashMap<&str, usize> = HashMap::new();
    for (_, gone) in &removals {
        for (w, n) in gone {
            *removed_by_all.entry(w.as_str()).or_default() += n;
        }
    }
    // The reference copies of each word the rules took away.
    let lost = |w: &str| -> f64 {
        let r = reference_bag.get(w).copied().unwrap_or(0);
        let t0 = before_bag.get(w).copied().unwrap_or(0);
        let t1 = after_bag.get(w).copied().unwrap_or(0);
        r.min(t0).saturating_sub(r.min(t1)) as f64
    };
    let mut result = PageHarm {
        page: page.to_string(),
        url: url.to_string(),
        page_type: prepared.meta.page_type.clone().unwrap_or_default(),
        reference_words: reference.len(),
        text_words: before.len(),
        rules: BTreeMap::new(),
        edits: Vec::new(),
    };
    for ((rule, gone), edit) in removals.iter().zip(edits) {
        let mut this = Removed {
            edits: 1,
            ..Removed::default()
        };
        for (w, &n) in gone {
            if n == 0 {
                continue;
            }
            let all = removed_by_all[w.as_str()] as f64;
            let harm = (lost(w) * n as f64 / all).min(n as f64);
            this.harm += harm;
            this.debris += n as f64 - harm;
        }
        result.edits.push(EditHarm {
            rule: rule.to_string(),
            kind: edit.kind,
            line: edit.line,
            removed: this,
            before: edit.before.clone(),
        });
        result.rules.entry(rule.to_string()).or_default().add(this);
    }
    result
}

/// Measures every page of the set in `dir`: a snippet set (`evaldata.json`,
/// the reference is its `with` snippets) or a WCXB split (`main_content`).
/// A page that cannot be read is left out. Pages are extracted with `options`.
pub fn run(dir: &Path, rules: &RuleSet, options: &Options) -> Result<Vec<PageHarm>> {
    if dir.join("evaldata.json").exists() {
        let cases = snippets::load(dir)?;
        let cases: Vec<_> = cases.iter().collect();
        Ok(cases
            .par_iter()
            .filter_map(|(url, case)| {
                let bytes = snippets::read_page(dir, case).ok()?;
                let found = |bare: &str| snippets::found(&case.with, bare).join("\n");
                Some(measure_against(
                    &case.file,
                    url,
                    bytes,
                    found,
                    (rules, options),
                ))
            })
            .collect())
    } else {
        let cases = wcxb::load(dir)?;
        Ok(cases
            .par_iter()
            .filter_map(|case| {
                let bytes = wcxb::read_page(dir, case).ok()?;
                let url = case.url.as_deref().unwrap_or_default();
                Some(measure(
                    &case.file_id,
                    url,
                    bytes,
                    &case.main_content,
                    (rules, options),
                ))
            })
            .collect())
    }
}

/// Per rule id, summed over `pages`.
pub fn by_rule(pages: &[PageHarm]) -> BTreeMap<String, Removed> {
    let mut sum: BTreeMap<String, Removed> = BTreeMap::new();
    for page in pages {
        for (id, removed) in &page.rules {
            sum.entry(id.clone()).or_default().add(*removed);
        }
    }
    sum
}

/// Per page type (as extraction classified the page), summed over `pages`.
pub fn by_page_type(pages: &[PageHarm]) -> BTreeMap<String, Removed> {
    let mut sum: BTreeMap<String, Removed> = BTreeMap::new();
    for page in pages {
        sum.entry(page.page_type.clone())
            .or_default()
            .add(page.total());
    }
    sum
}

/// Everything the rules removed over `pages`.
pub fn total(pages: &[PageHarm]) -> Removed {
    let mut sum = Removed::default();
    pages.iter().for_each(|p| sum.add(p.total()));
    sum
}

/// The pages that lost more than [`PAGE_LOSS_LIMIT`] of their reference
/// words to rules, worst first.
pub fn harmed_pages(pages: &[PageHarm]) -> Vec<&PageHarm> {
    let mut list: Vec<&PageHarm> = pages
        .iter()
        .filter(|p| p.loss() > PAGE_LOSS_LIMIT)
        .collect();
    list.sort_by(|a, b| b.loss().total_cmp(&a.loss()));
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_rules;

    const PAGE: &str = "<html><body><article><h1>Title here</h1>\
        <p>The storm hit the coast on Monday and the town flooded flooded.</p>\
        <p>Related</p><p>Rescue teams worked through the night to reach people.</p>\
        </article></body></html>";

    #[test]
    fn harm_counts_reference_words_and_debris_the_rest() {
        let rules = test_rules(
            r#"
[[rule]]
id = "t.related"
kind = "truncate"
description = "d"
pattern = '^Related$'

[[rule]]
id = "t.doubled"
kind = "doubled_word"
description = "d"
"#,
        );
        let reference = "The storm hit the coast on Monday and the town flooded.\n\n\
                         Rescue teams worked through the night to reach people.";
        let options = Options::default();
        let page = measure(
            "p",
            "u",
            PAGE.as_bytes().to_vec(),
            reference,
            (&rules, &options),
        );
        let related = page.rules["t.related"];
        // "Related" is debris; the nine words of the last paragraph are harm.
        assert_eq!(related.edits, 1);
        assert!((related.harm - 9.0).abs() < 1e-9, "{related:?}");
        assert!((related.debris - 1.0).abs() < 1e-9, "{related:?}");
        // The doubled "flooded" was one copy too many: debris.
        let doubled = page.rules["t.doubled"];
        assert!((doubled.harm, doubled.debris) == (0.0, 1.0), "{doubled:?}");
        assert_eq!(page.reference_words, 20);
        assert!((page.loss() - 9.0 / 20.0).abs() < 1e-9);
        assert_eq!(harmed_pages(std::slice::from_ref(&page)).len(), 1);
        assert_eq!(page.harmful_rules(), [("t.related", 9.0)]);
    }

    #[test]
    fn a_word_lost_is_shared_among_the_edits_that_removed_it() {
        let rules = test_rules(
            r#"
[[rule]]
id = "t.a"
kind = "drop_line"
description = "d"
pattern = '^Alpha beta\.$'

[[rule]]
id = "t.b"
kind = "drop_line"
description = "d"
pattern = '^Beta gamma\.$'
"#,
        );
        let html =
            "<html><body><p>Alpha beta.</p><p>Beta gamma.</p><p>Kept text.</p></body></html>";
        // The reference holds one "beta": of the two removed, one is harm.
        let options = Options::default();
        let page = measure(
            "p",
            "u",
            html.as_bytes().to_vec(),
            "beta",
            (&rules, &options),
        );
        let (a, b) = (page.rules["t.a"], page.rules["t.b"]);
        assert!((a.harm - 0.5).abs() < 1e-9 && (b.harm - 0.5).abs() < 1e-9);
        assert!((page.total().harm - 1.0).abs() < 1e-9);
        assert!((page.total().debris - 3.0).abs() < 1e-9);
    }
}
