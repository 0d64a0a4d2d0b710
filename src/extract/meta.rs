//! What a page says about itself: title, publication date, author, site name
//! and canonical URL, from `<meta>` (Open Graph, `article:*`, `name=author`),
//! JSON-LD (`headline`, `datePublished`, `author`, `publisher`), `<link
//! rel=canonical>`, `<time datetime>`, the article's `<h1>` and `<title>`.

use super::PageMeta;
use super::dateline;
use super::measure::collapse_whitespace;
use super::page_type::Signals;
use super::tuning::Tuning;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("static selector")
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta[content]"));
static JSON_LD: LazyLock<Selector> =
    LazyLock::new(|| selector(r#"script[type="application/ld+json"]"#));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector(r#"link[rel~="canonical"]"#));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime]"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));

/// Values found in the page's `<meta>` and JSON-LD, before precedence is applied.
#[derive(Default)]
pub struct Found {
    /// What tells the page's type.
    pub signals: Signals,
    og_title: Option<String>,
    headline: Option<String>,
    site_name: Option<String>,
    date: Option<String>,
    author: Option<String>,
    pub url: Option<String>,
    /// The longest JSON-LD `articleBody`, as written ([`super::ld_body`]).
    pub article_body: Option<String>,
}

/// Reads the page's metadata; `content` is the article found, whose `<h1>` and
/// `<time>` come before those elsewhere on the page.
#[cfg(test)]
pub fn read(doc: &Html, content: ElementRef) -> (Option<String>, PageMeta) {
    finish(scan(doc), doc, content, &Tuning::default())
}

/// Reads the page's `<meta>` elements and JSON-LD.
pub fn scan(doc: &Html) -> Found {
    let mut found = Found::default();
    for el in doc.select(&META) {
        let key = el
            .value()
            .attr("property")
            .or_else(|| el.value().attr("name"))
            .or_else(|| el.value().attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let value = collapse_whitespace(el.value().attr("content").unwrap_or(""));
        let slot = match key.as_str() {
            "og:title" | "twitter:title" => &mut found.og_title,
            "og:site_name" | "application-name" => &mut found.site_name,
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.date" => &mut found.date,
            "author" | "article:author" | "dc.creator" if !is_url(&value) => &mut found.author,
            "og:url" => &mut found.url,
            "og:type" => &mut found.signals.og_type,
            "generator" => &mut found.signals.generator,
            _ => continue,
        };
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value);
        }
    }
    for script in doc.select(&JSON_LD) {
        let text: String = script.text().collect();
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            json_ld(&value, &mut found, 0);
        }
    }
    found
}

/// Settles the page's title and metadata from what [`scan`] found and the
/// article found, `content`.
pub fn finish(
    found: Found,
    doc: &Html,
    content: ElementRef,
    tuning: &Tuning,
) -> (Option<String>, PageMeta) {
    let canonical = canonical(doc);
    let date = found
        .date
        .or_else(|| {
            content
                .select(&TIME)
                .chain(doc.select(&TIME))
                .filter_map(|t| t.value().attr("datetime"))
                .map(collapse_whitespace)
                .find(|d| !d.is_empty())
        })
        .or_else(|| dateline::in_url(found.signals.url.as_deref()?))
        .or_else(|| dateline::in_text(doc, content, tuning));
    let h1 = content
        .select(&H1)
        .chain(doc.select(&H1))
        .map(|h| collapse_whitespace(&h.text().collect::<String>()))
        .find(|t| !t.is_empty());
    let title_tag = doc
        .select(&TITLE)
        .next()
        .map(|t| collapse_whitespace(&t.text().collect::<String>()));
    let site_name = found.site_name;
    let stated = found.og_title.or(found.headline).or(h1);
    let title = match stated {
        Some(t) => Some(strip_site_name(&t, site_name.as_deref(), false)),
        None => title_tag.map(|t| strip_site_name(&t, site_name.as_deref(), true)),
    }
    .filter(|t| !t.is_empty());
    let iso = date.as_deref().and_then(super::date::iso8601);
    let meta = PageMeta {
        date_raw: date.filter(|raw| iso.as_ref() != Some(raw)),
        date: iso,
        site_name,
        url: canonical.or(found.url),
        author: found.author.or_else(|| super::byline::find(doc)),
        ..PageMeta::default()
    };
    (title, meta)
}

/// The page's `<link rel=canonical>`, when it is a full URL.
pub fn canonical(doc: &Html) -> Option<String> {
    doc.select(&CANONICAL)
        .filter_map(|l| l.value().attr("href"))
        .map(collapse_whitespace)
        .find(|h| is_url(h))
}

/// Walks JSON-LD (objects, arrays, `@graph`) for article fields.
fn json_ld(value: &Value, found: &mut Found, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| json_ld(v, found, depth + 1)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                json_ld(graph, found, depth + 1);
            }
            match map.get("@type") {
                Some(Value::String(t)) => found.signals.ld_types.push(t.clone()),
                Some(Value::Array(ts)) => found
                    .signals
                    .ld_types
                    .extend(ts.iter().filter_map(Value::as_str).map(str::to_string)),
                _ => {}
            }
            let text = |key: &str| {
                map.get(key)
                    .and_then(Value::as_str)
                    .map(collapse_whitespace)
            };
            let fill = |slot: &mut Option<String>, v: Option<String>| {
                if slot.is_none() {
                    *slot = v.filter(|v| !v.is_empty());
                }
            };
            if let Some(body) = map.get("articleBody").and_then(Value::as_str) {
                let longer = found
                    .article_body
                    .as_ref()
                    .is_none_or(|b| b.len() < body.len());
                if longer && !body.trim().is_empty() {
                    found.article_body = Some(body.to_string());
                }
            }
            fill(&mut found.headline, text("headline"));
            fill(&mut found.date, text("datePublished"));
            fill(&mut found.author, map.get("author").and_then(name_of));
            if let Some(publisher) = map.get("publisher") {
                fill(&mut found.site_name, name_of(publisher));
            }
        }
        _ => {}
    }
}

/// The name of a JSON-LD person or organisation (or a list of them).
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !is_url(s) => Some(collapse_whitespace(s)),
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(collapse_whitespace),
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn is_url(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//")
}

/// Separators between a page's title and its site's name.
const SEPARATORS: &[&str] = &[" | ", " – ", " — ", " - ", " :: ", " « ", " » ", " · "];

/// Removes the site name after (or before) a separator: the part that is the
/// site name, or else (when `guess`) a short last part after a long first one.
pub fn strip_site_name(title: &str, site: Option<&str>, guess: bool) -> String {
    for sep in SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        let is_site = |part: &str| {
            site.is_some_and(|s| {
                part.eq_ignore_ascii_case(s) || part.to_lowercase().contains(&s.to_lowercase())
            })
        };
        if is_site(tail) {
            return head.trim().to_string();
        }
        if let Some((first, rest)) = title.split_once(sep)
            && is_site(first)
        {
            return rest.trim().to_string();
        }
        if guess && tail.split_whitespace().count() <= 3 && head.chars().count() >= 15 {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_name_is_stripped_from_titles() {
        assert_eq!(
            strip_site_name("Big rain in Lima | The Daily", None, true),
            "Big rain in Lima"
        );
        assert_eq!(
            strip_site_name("The Daily – Big rain in Lima", Some("The Daily"), false),
            "Big rain in Lima"
        );
        assert_eq!(
            strip_site_name("Rain - a history", None, true),
            "Rain - a history"
        );
        assert_eq!(
            strip_site_name(
                "Well-known - and loved - places to visit",
                Some("Site"),
                false
            ),
            "Well-known - and loved - places to visit"
        );
    }

    #[test]
    fn json_ld_graph_gives_headline_date_author_and_publisher() {
        let html = Html::parse_document(
            r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle",
            "headline":"Storm  hits","datePublished":"2024-03-01T10:00:00Z",
            "author":[{"name":"Ana"},{"name":"Bo"}],"publisher":{"name":"Courier"}}]}</script>"#,
        );
        let (title, meta) = read(&html, html.root_element());
        assert_eq!(title.as_deref(), Some("Storm hits"));
        assert_eq!(meta.date.as_deref(), Some("2024-03-01T10:00:00+00:00"));
        assert_eq!(meta.date_raw.as_deref(), Some("2024-03-01T10:00:00Z"));
        assert_eq!(meta.author.as_deref(), Some("Ana, Bo"));
        assert_eq!(meta.site_name.as_deref(), Some("Courier"));
    }
}
