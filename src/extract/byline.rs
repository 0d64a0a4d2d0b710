//! The author a page names in its text, for a page whose `<meta>` and
//! JSON-LD name none: the first element that says it holds the author
//! (`itemprop=author`, `rel=author`, a link to an author's page, or a class
//! or id with a word of `[byline] names` in `rules/extract/words.toml`)
//! whose text reads like a name: a few words, no digits, no sentence, with
//! a leading "By" (`[byline] leads`) taken off.

use super::clutter::names_element;
use super::measure::collapse_whitespace;
use super::tags;
use super::words::{WORDS, has};
use html5ever::local_name;
use scraper::{ElementRef, Html};

/// Most words of a name (a byline of two names joined by "and" fits).
const MAX_WORDS: usize = 6;
/// Most characters of a name.
const MAX_CHARS: usize = 60;

/// The author named in the page's text, if an element says it holds one.
pub fn find(doc: &Html) -> Option<String> {
    doc.root_element()
        .descendent_elements()
        .filter(|el| !matches!(el.value().name(), "script" | "style" | "head" | "meta"))
        .filter(holds_author)
        .find_map(|el| name_in(&el))
}

/// True when `el` says it holds the author's name.
fn holds_author(el: &ElementRef) -> bool {
    let value = el.value();
    let names = &WORDS.byline.names;
    tags::attr(value, &local_name!("itemprop")).is_some_and(|p| p.eq_ignore_ascii_case("author"))
        || tags::attr(value, &local_name!("rel")).is_some_and(|r| {
            r.split_whitespace()
                .any(|r| r.eq_ignore_ascii_case("author"))
        })
        || (value.name() == "a"
            && tags::attr(value, &local_name!("href")).is_some_and(|href| {
                names.may_be_in(href)
                    && href
                        .to_ascii_lowercase()
                        .split('/')
                        .any(|segment| has(names, segment))
            }))
        || names_element(el, names)
}

/// The name `el`'s text reads as, if it reads as one.
fn name_in(el: &ElementRef) -> Option<String> {
    let text = collapse_whitespace(&el.text().collect::<String>());
    let mut words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    while let Some(first) = words.first() {
        let bare = first.trim_end_matches(':').to_lowercase();
        if !has(&WORDS.byline.leads, &bare) {
            break;
        }
        words.remove(0);
    }
    let name = words.join(" ");
    let reads_as_name = !words.is_empty()
        && words.len() <= MAX_WORDS
        && name.chars().count() <= MAX_CHARS
        && name.chars().next().is_some_and(char::is_alphabetic)
        && !name
            .chars()
            .any(|c| c.is_ascii_digit() || "!?:;|@©/".contains(c))
        && !name.ends_with('.');
    reads_as_name.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn author(html: &str) -> Option<String> {
        find(&Html::parse_document(html))
    }

    #[test]
    fn a_byline_element_names_the_author() {
        assert_eq!(
            author(r#"<p class="byline">By <span class="authors--author">Sara Brown</span></p>"#)
                .as_deref(),
            Some("Sara Brown")
        );
        assert_eq!(
            author(r#"<div><a href="/author/reyan-perumal">Reyan Perumal</a></div>"#).as_deref(),
            Some("Reyan Perumal")
        );
        assert_eq!(
            author(r#"<span itemprop="author">von Hans Muster</span>"#).as_deref(),
            Some("Hans Muster")
        );
    }

    #[test]
    fn what_is_not_a_name_is_passed_over() {
        assert_eq!(
            author(r#"<div class="author-box">About the author: she wrote 12 books.</div>"#),
            None
        );
        assert_eq!(
            author(r#"<div class="author-and-date">By Ana Ruiz, 4 May 2024</div>"#),
            None
        );
        assert_eq!(
            author(r#"<div class="content"><p>Jane Doe</p></div>"#),
            None
        );
    }
}
