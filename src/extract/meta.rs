//! What a page says about itself: title, publication date, author, site name
//! and canonical URL, from `<meta>` (Open Graph, `article:*`, `name=author`),
//! JSON-LD (`headline`, `datePublished`, `dateModified`, `author`,
//! `publisher`), microdata dates, `<link rel=canonical>`, `<time>`, the
//! article's `<h1>` and `<title>`.

use super::PageMeta;
use super::dateline;
use super::measure::collapse_whitespace;
use super::page_type::Signals;
use super::tags;
use super::tuning::Tuning;
use html5ever::local_name;
use scraper::node::Element;
use scraper::{ElementRef, Html};
use serde_json::Value;

// The elements looked for are told by their tag and attribute names, asked
// as static atoms, where a CSS selector's matching machinery costs far more
// per element and every page is walked for them (the selector each stands
// for is named).

/// `time[datetime]`.
fn is_time_with_datetime(e: &Element) -> bool {
    is_time(e) && tags::attr(e, &local_name!("datetime")).is_some()
}

/// `time`: a `<time>` element, whose text is a date when it has no
/// `datetime`.
fn is_time(e: &Element) -> bool {
    e.name.local == local_name!("time")
}

/// `[itemprop="datePublished"]:not(meta), [itemprop="dateCreated"]:not(meta)`:
/// microdata dates on elements other than `<meta>` (`<abbr itemprop=
/// datePublished title=...>`, `<span itemprop=datePublished content=...>`).
fn is_itemprop_date(e: &Element) -> bool {
    e.name.local != local_name!("meta")
        && tags::attr(e, &local_name!("itemprop"))
            .is_some_and(|p| p == "datePublished" || p == "dateCreated")
}

/// `h1`.
fn is_h1(e: &Element) -> bool {
    e.name.local == local_name!("h1")
}

/// Values found in the page's `<meta>` and JSON-LD, before precedence is applied.
#[derive(Default)]
pub struct Found {
    /// What tells the page's type.
    pub signals: Signals,
    og_title: Option<String>,
    headline: Option<String>,
    site_name: Option<String>,
    /// Publication dates, in the order found (`<meta>` first, then JSON-LD).
    dates: Vec<String>,
    /// Dates of the last change, the fallback when no publication date reads.
    modified: Vec<String>,
    author: Option<String>,
    pub url: Option<String>,
    /// The first `<link rel=canonical>` holding a full URL.
    pub canonical: Option<String>,
    /// The longest JSON-LD `articleBody`, as written ([`super::ld_body`]).
    pub article_body: Option<String>,
}

/// Reads the page's metadata; `content` is the article found, whose `<h1>` and
/// `<time>` come before those elsewhere on the page.
#[cfg(test)]
pub fn read(doc: &Html, content: ElementRef) -> (Option<String>, PageMeta) {
    finish(scan(doc), doc, content, &Tuning::default())
}

/// Reads the page's `<meta>` elements, JSON-LD and canonical link, in one
/// walk over its elements.
pub fn scan(doc: &Html) -> Found {
    let mut found = Found::default();
    // JSON-LD is read after every `<meta>`, whose values come first.
    let mut json_ld_scripts = Vec::new();
    for el in doc.root_element().descendent_elements() {
        let e = el.value();
        match e.name() {
            "meta" => {
                if let Some(content) = e.attr("content") {
                    read_meta(e, content, &mut found);
                }
            }
            "script"
                if e.attr("type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) =>
            {
                json_ld_scripts.push(el);
            }
            "link" if found.canonical.is_none() && is_canonical(e) => {
                found.canonical = e
                    .attr("href")
                    .map(collapse_whitespace)
                    .filter(|h| is_url(h));
            }
            _ => {}
        }
    }
    for script in json_ld_scripts {
        let text: String = script.text().collect();
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            json_ld(&value, &mut found, 0);
        }
    }
    found
}

/// The elements `is` holds for in the article found, `content`, then in the
/// whole page (the article's own `<h1>` or `<time>` comes first), in the
/// order `content.select` and `doc.select` would give them: the article's
/// descendants in document order, then the page's elements in the order the
/// parser made them, passing those it took out of the tree.
fn content_first<'a>(
    doc: &'a Html,
    content: ElementRef<'a>,
    is: fn(&Element) -> bool,
) -> impl Iterator<Item = ElementRef<'a>> {
    let inside = content.descendants().skip(1).filter_map(ElementRef::wrap);
    inside.chain(in_page(doc)).filter(move |e| is(e.value()))
}

/// The page's elements in the parser's store, as `doc.select` visits them.
fn in_page(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.parent().is_some())
}

/// A `<link>` whose `rel` holds `canonical` (in any case, as selectors
/// match `rel` in HTML).
fn is_canonical(e: &scraper::node::Element) -> bool {
    e.attr("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|r| r.eq_ignore_ascii_case("canonical"))
    })
}

/// Takes what one `<meta content=...>` says.
fn read_meta(e: &scraper::node::Element, content: &str, found: &mut Found) {
    let key = e
        .attr("property")
        .or_else(|| e.attr("name"))
        .or_else(|| e.attr("itemprop"))
        .unwrap_or("")
        .to_ascii_lowercase();
    let list = match key.as_str() {
        "article:published_time"
        | "og:published_time"
        | "datepublished"
        | "date"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "publish_date"
        | "published"
        | "published_time"
        | "parsely-pub-date"
        | "sailthru.date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.date"
        | "dcterms.created" => Some(&mut found.dates),
        "article:modified_time"
        | "og:updated_time"
        | "datemodified"
        | "dcterms.modified"
        | "last-modified" => Some(&mut found.modified),
        _ => None,
    };
    if let Some(list) = list {
        let value = collapse_whitespace(content);
        if !value.is_empty() {
            list.push(value);
        }
        return;
    }
    let value = || collapse_whitespace(content);
    let slot = match key.as_str() {
        "og:title" | "twitter:title" => &mut found.og_title,
        "og:site_name" | "application-name" => &mut found.site_name,
        "author" | "article:author" | "dc.creator" if !is_url(&value()) => &mut found.author,
        "og:url" => &mut found.url,
        "og:type" => &mut found.signals.og_type,
        "generator" => &mut found.signals.generator,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(value()).filter(|v| !v.is_empty());
    }
}

/// Settles the page's title and metadata from what [`scan`] found and the
/// article found, `content`.
pub fn finish(
    found: Found,
    doc: &Html,
    content: ElementRef,
    tuning: &Tuning,
) -> (Option<String>, PageMeta) {
    let url = found.signals.url.clone();
    let attrs = |is: fn(&Element) -> bool, names: &'static [&'static str]| {
        content_first(doc, content, is).filter_map(move |e| {
            let value = names.iter().find_map(|n| e.value().attr(n))?;
            Some(collapse_whitespace(value))
        })
    };
    // Every source in order of trust; the first that reads as a date wins.
    let candidates = found
        .dates
        .into_iter()
        .chain(attrs(is_itemprop_date, &["content", "datetime", "title"]))
        .chain(attrs(is_time_with_datetime, &["datetime"]))
        .chain(content_first(doc, content, is_time).map(|t| {
            let text: String = t.text().collect();
            collapse_whitespace(&text)
        }))
        .chain(
            std::iter::once_with(|| {
                let in_url = url.as_deref().and_then(dateline::in_url);
                in_url.or_else(|| dateline::in_text(doc, content, tuning))
            })
            .flatten(),
        )
        .chain(found.modified);
    let (date, date_raw) = settle_date(candidates);
    let h1 = content_first(doc, content, is_h1)
        .map(|h| collapse_whitespace(&h.text().collect::<String>()))
        .find(|t| !t.is_empty());
    let title_tag = in_page(doc)
        .find(|e| e.value().name.local == local_name!("title"))
        .map(|t| collapse_whitespace(&t.text().collect::<String>()));
    let site_name = found.site_name;
    let stated = found.og_title.or(found.headline).or(h1);
    let title = match stated {
        Some(t) => Some(strip_site_name(&t, site_name.as_deref(), false)),
        None => title_tag.map(|t| strip_site_name(&t, site_name.as_deref(), true)),
    }
    .filter(|t| !t.is_empty());
    let meta = PageMeta {
        date_raw,
        date,
        site_name,
        url: found.canonical.or(found.url),
        author: found.author.or_else(|| super::byline::find(doc)),
        ..PageMeta::default()
    };
    (title, meta)
}

/// The first of `candidates` that reads as a date, as ISO 8601, with the
/// value as written when it differs; when none reads, no date and the first
/// value as written.
fn settle_date(candidates: impl Iterator<Item = String>) -> (Option<String>, Option<String>) {
    let mut first = None;
    for raw in candidates.filter(|c| !c.is_empty()) {
        if let Some(iso) = super::date::iso8601(&raw) {
            let raw = (iso != raw).then_some(raw);
            return (Some(iso), raw);
        }
        first.get_or_insert(raw);
    }
    (None, first)
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
            found
                .dates
                .extend(text("datePublished").filter(|d| !d.is_empty()));
            found
                .modified
                .extend(text("dateModified").filter(|d| !d.is_empty()));
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

    #[test]
    fn the_first_date_that_reads_wins_and_the_modified_date_comes_last() {
        let date = |html: &str| {
            let html = Html::parse_document(html);
            let (_, meta) = read(&html, html.root_element());
            (meta.date, meta.date_raw)
        };
        // A publication date that does not read gives way to a later source.
        let (iso, raw) = date(
            r#"<meta name="pubdate" content="soon"><p><time datetime="2024-05-14">May 14</time></p>"#,
        );
        assert_eq!((iso.as_deref(), raw), (Some("2024-05-14"), None));
        // Microdata on an element other than <meta>, in its title.
        let (iso, _) = date(
            r#"<abbr itemprop="datePublished" title="2025-12-19T15:18:00-05:00">Dec 19</abbr>"#,
        );
        assert_eq!(iso.as_deref(), Some("2025-12-19T15:18:00-05:00"));
        // A <time> without datetime, by its text.
        let (iso, raw) = date("<p><time>December 3, 2025</time></p>");
        assert_eq!(iso.as_deref(), Some("2025-12-03"));
        assert_eq!(raw.as_deref(), Some("December 3, 2025"));
        // The date of the last change only when nothing else gives one.
        let modified =
            r#"<meta property="article:modified_time" content="2023-06-12T10:39:42+00:00">"#;
        let (iso, _) = date(modified);
        assert_eq!(iso.as_deref(), Some("2023-06-12T10:39:42+00:00"));
        let (iso, _) = date(&format!(
            r#"{modified}<meta name="date" content="2021-01-02">"#
        ));
        assert_eq!(iso.as_deref(), Some("2021-01-02"));
        // Nothing reads: no date, the first value as written.
        assert_eq!(
            date(r#"<meta name="date" content="soon">"#),
            (None, Some("soon".into()))
        );
    }

    #[test]
    fn one_walk_keeps_meta_before_json_ld_and_finds_the_canonical_link() {
        let html = Html::parse_document(
            r#"<script type="Application/LD+JSON">{"author":{"name":"Ld Name"},"datePublished":"2024-01-02"}</script>
            <link rel="stylesheet" href="a.css"><link rel="Canonical" href="/relative">
            <link rel="alternate canonical" href="https://example.com/story">
            <meta name="author" content="Meta Name"><meta name="date" content="2023-05-06">"#,
        );
        let (_, meta) = read(&html, html.root_element());
        assert_eq!(meta.author.as_deref(), Some("Meta Name"));
        assert_eq!(meta.date.as_deref(), Some("2023-05-06"));
        assert_eq!(meta.url.as_deref(), Some("https://example.com/story"));
    }
}
