//! A page's date where no `<meta>`, JSON-LD or `<time datetime>` states it:
//! in its URL (`/2024/05/14/a-story`, `/2024-05-14-a-story`) or in a
//! dateline by its title ("Updated May 6, 2025", "By Ann Lee | 14 May 2024").
//!
//! A URL gives a date only with its year, month and day. The text is read
//! from the article's `<h1>` on, over [`Tuning::dateline_nodes`] runs of
//! text, and before it over [`Tuning::dateline_nodes_before`] (a dateline
//! may stand above the title); only short runs
//! ([`Tuning::dateline_max_chars`]) are read, so a date quoted in a sentence
//! of the article is not taken for the page's. A date is written with a
//! month name (`[dates]` of `rules/extract/words.toml`), or as
//! `2024-05-14` or `14.05.2024`; [`super::date::iso8601`] reads what is
//! found.

use super::date::iso8601;
use super::measure::non_space_chars;
use super::tags;
use super::tuning::Tuning;
use super::words::WORDS;
use ego_tree::NodeRef;
use regex::Regex;
use scraper::{ElementRef, Html, Node};
use std::collections::VecDeque;
use std::sync::LazyLock;

/// A full date in a URL's path: year, month and day as path steps or joined
/// by dashes, followed by a step, a dash, a dot or the end.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/.?#-]|$)")
        .expect("static regex")
});

/// A date written in text: a month name with a day and a year, either way
/// round, or the numeric forms `2024-05-14` and `14.05.2024`.
static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<String> = WORDS
        .dates
        .months
        .iter()
        .flatten()
        .map(|m| regex::escape(m))
        .collect();
    // Longest first, so `september` is not read as `sep`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let month = format!("(?:{})", names.join("|"));
    let day = r"\d{1,2}(?:st|nd|rd|th|\.)?";
    Regex::new(&format!(
        r"(?i)\b(?:{month}\.?\s+{day},?\s+\d{{4}}|{day}\s+{month}\.?,?\s+\d{{4}}|\d{{4}}-\d\d-\d\d|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})\b"
    ))
    .expect("month names make a regex")
});

/// The date in `url`'s path, as `YYYY-MM-DD`.
pub fn in_url(url: &str) -> Option<String> {
    let c = URL_DATE.captures(url)?;
    let raw = format!("{}-{:0>2}-{:0>2}", &c[1], &c[2], &c[3]);
    iso8601(&raw)
}

/// The first date of a short run of text by the page's title (its first
/// `<h1>`, inside `content` if it holds one), as written.
pub fn in_text(doc: &Html, content: ElementRef, tuning: &Tuning) -> Option<String> {
    let title = first_h1(content).or_else(|| first_h1(doc.root_element()))?;
    let first = title.descendants().find(|n| n.value().is_text())?.id();
    let mut runs = doc
        .root_element()
        .descendants()
        .filter(|n| n.value().is_text());
    let mut before = VecDeque::with_capacity(tuning.dateline_nodes_before + 1);
    for n in runs.by_ref() {
        if n.id() == first {
            break;
        }
        if is_shown(&n) {
            before.push_front(n);
            before.truncate(tuning.dateline_nodes_before);
        }
    }
    let title_on = std::iter::once(doc.tree.get(first)?).chain(runs.filter(is_shown));
    title_on
        .take(tuning.dateline_nodes)
        .chain(before)
        .find_map(|n| dateline(n.value().as_text()?, tuning))
}

/// The first date of `text` when it is a short run of text, as written.
fn dateline(text: &str, tuning: &Tuning) -> Option<String> {
    if non_space_chars(text) > tuning.dateline_max_chars || !has_four_digits(text) {
        return None;
    }
    TEXT_DATE
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .find(|raw| iso8601(raw).is_some())
}

/// True when `text` holds four digits in a row, as every form of
/// [`TEXT_DATE`] does (`char::is_numeric` holds for every character `\d`
/// matches): most runs of text have none, and the regex, whose Unicode `\b`
/// cannot run in a DFA on non-ASCII text, need not look.
fn has_four_digits(text: &str) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if c.is_numeric() { run + 1 } else { 0 };
        run == 4
    })
}

/// The first `<h1>` under `root`.
fn first_h1(root: ElementRef) -> Option<ElementRef> {
    root.descendent_elements()
        .find(|e| e.value().name() == "h1")
}

/// True for text a browser shows (not in a script, a style or `<head>`).
fn is_shown(node: &NodeRef<Node>) -> bool {
    node.ancestors().all(|a| {
        a.value()
            .as_element()
            .is_none_or(|e| !tags::hides_counted_words(e.name()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_gives_a_date_only_with_its_day() {
        assert_eq!(
            in_url("https://x.example/2025/12/19/what-people-love").as_deref(),
            Some("2025-12-19")
        );
        assert_eq!(
            in_url("https://x.example/blog/2025-12-17-minisgl").as_deref(),
            Some("2025-12-17")
        );
        assert_eq!(in_url("https://x.example/2025/12/story"), None);
        assert_eq!(in_url("https://x.example/2025/13/40/story"), None);
        assert_eq!(in_url("https://x.example/p/123456789"), None);
    }

    fn dated(html: &str) -> Option<String> {
        let doc = Html::parse_document(html);
        let body = doc.root_element();
        in_text(&doc, body, &Tuning::default())
    }

    #[test]
    fn a_dateline_by_the_title_gives_the_date() {
        let page = "<body><div>Today: June 1, 2026</div><h1>Title</h1>\
                    <p>By Ann Lee <span>⋅ Updated May 6, 2025</span></p><p>Text.</p></body>";
        assert_eq!(dated(page).as_deref(), Some("May 6, 2025"));
        let above = "<body><p>14. Juni 2017</p><h1>Titel</h1><p>Text.</p></body>";
        assert_eq!(dated(above).as_deref(), Some("14. Juni 2017"));
        assert_eq!(
            dated("<body><h1>T</h1><p>Posted 2024-05-14</p></body>").as_deref(),
            Some("2024-05-14")
        );
    }

    #[test]
    fn four_digits_in_a_row_are_asked_for() {
        assert!(has_four_digits("May 6, 2025"));
        assert!(has_four_digits("١٤ مايو ٢٠٢٤"));
        assert!(!has_four_digits("12.5.25, 3 p.m."));
        assert!(!has_four_digits(""));
    }

    #[test]
    fn no_title_a_sentence_or_a_wrong_day_gives_none() {
        assert_eq!(dated("<body><p>May 6, 2025</p></body>"), None);
        let sentence = "<body><h1>T</h1><p>The law that passed on May 6, 2025 changed how \
                        the town pays for its roads, its schools and its bridges.</p></body>";
        assert_eq!(dated(sentence), None);
        assert_eq!(
            dated("<body><h1>T</h1><p>February 31, 2025</p></body>"),
            None
        );
    }
}
