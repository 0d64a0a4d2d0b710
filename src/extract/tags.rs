//! What a tag is, for every stage of extraction: one vocabulary of HTML
//! elements, asked by the scorer ([`super::content`]), the walker
//! ([`super::text`]), [`super::clutter`], [`super::prose`], [`super::lead`]
//! and [`super::dropped`]. Nothing here depends on a page: only on a tag's
//! name (and, for containers, its `role` and `itemprop`).
//!
//! Two questions about blocks are asked: the scorer asks
//! [`ends_scored_block`] (does this element end the run of text that scores
//! as one paragraph? every element that is not [`is_inline`]), the walker
//! asks [`starts_paragraph`] (does this element start a paragraph of its own
//! in the output?). They agree on page furniture that some pages misuse as
//! wrappers (`header`, `footer`, `form`, `nav`, `aside`: blocks to both; the
//! walker used to run them inline, and making it agree left the output of
//! both dev sets byte-identical). They still differ on purpose on headings,
//! list items, rows and `<pre>` (blocks of their own kind to the walker, see
//! [`super::text`]) and on unknown or custom elements: scoring them as
//! blocks keeps a widget's text from adding to the paragraph around it,
//! walking them inline keeps a sentence wrapped in one whole.

use html5ever::{LocalName, local_name, ns};
use scraper::ElementRef;
use scraper::node::Element;

/// The value of `el`'s attribute `name`, as [`Element::attr`] gives it,
/// for the attributes asked of every element of every page (`style`,
/// `hidden`, `role`, `itemprop`): `name` is a static atom
/// (`local_name!("role")`), compared as one, where `Element::attr` interns
/// its name at every call and compares names as strings.
pub fn attr<'a>(el: &'a Element, name: &LocalName) -> Option<&'a str> {
    el.attrs
        .iter()
        .find(|(q, _)| q.local == *name && q.ns == ns!() && q.prefix.is_none())
        .map(|(_, value)| &**value)
}

/// `el`'s classes, the words of its `class` attribute as
/// [`Element::classes`] gives them, but neither interned nor deduplicated:
/// `Element::classes` makes every class of every element an atom of the
/// global string cache (a hash and a locked set insert per word) the first
/// time it is asked, and extraction asks it of every element.
pub fn classes(el: &Element) -> impl Iterator<Item = &str> {
    class_values(el).flat_map(str::split_ascii_whitespace)
}

/// `el`'s `class` values, whole.
pub fn class_values(el: &Element) -> impl Iterator<Item = &str> {
    el.attrs
        .iter()
        .filter(|(q, _)| q.local == local_name!("class"))
        .map(|(_, value)| &**value)
}

/// `el`'s `role`.
pub fn role(el: &Element) -> Option<&str> {
    attr(el, &local_name!("role"))
}

/// Nesting deeper than this is measured and walked as flat text (hostile
/// pages): a safety limit, not a threshold to tune.
pub const MAX_DEPTH: usize = 200;

/// Phrasing elements: their text flows into the paragraph around them.
const INLINE: &[&str] = &[
    "a", "span", "b", "i", "em", "strong", "u", "small", "big", "sub", "sup", "abbr", "cite",
    "code", "q", "mark", "font", "time", "s", "strike", "del", "ins", "kbd", "var", "dfn", "bdi",
    "bdo", "img", "br", "wbr", "label", "tt", "data", "nobr",
];

/// True for a phrasing element, whose text belongs to the paragraph around it.
pub fn is_inline(name: &str) -> bool {
    INLINE.contains(&name)
}

/// The scorer's question: true when an element ends the run of text that
/// scores as one paragraph (every element that is not [`is_inline`]).
pub fn ends_scored_block(name: &str) -> bool {
    !is_inline(name)
}

/// Elements the walker makes a paragraph of (headings, items, rows and
/// `<pre>` are blocks of their own kind; see [`super::text`]).
const PARAGRAPH: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "ul",
    "ol",
    "dl",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "figure",
    "figcaption",
    "center",
    "details",
    "summary",
    "td",
    "th",
    "body",
    "html",
    "hr",
    "fieldset",
    "legend",
    // Furniture that may wrap the article, a block to the scorer too.
    "header",
    "footer",
    "form",
    "nav",
    "aside",
];

/// The walker's question: true when an element starts and ends a paragraph
/// of the output text.
pub fn starts_paragraph(name: &str) -> bool {
    PARAGRAPH.contains(&name)
}

/// True for `<h1>` to `<h6>`.
pub fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// True for the elements whose children are the lines of one paragraph: list
/// items and the terms and descriptions of a `<dl>`.
pub fn is_item(name: &str) -> bool {
    matches!(name, "li" | "dt" | "dd")
}

/// True for a table cell.
pub fn is_cell(name: &str) -> bool {
    matches!(name, "td" | "th")
}

/// True for the elements a list of links or a related-stories box is built
/// from: the boxes the content search may find to be mostly links.
pub fn is_box(name: &str) -> bool {
    matches!(name, "div" | "section" | "ul" | "ol" | "table" | "dl")
}

/// True for a block element that makes a table cell a layout box rather
/// than a datum.
pub fn lays_out_cell(name: &str) -> bool {
    is_heading(name) || matches!(name, "p" | "div" | "table" | "ul" | "ol" | "blockquote")
}

/// Inline elements that a class can name like furniture while they are part
/// of a sentence (`<span class="dateline">`; see [`super::prose`]).
pub fn is_sentence_part(name: &str) -> bool {
    matches!(
        name,
        "span" | "b" | "strong" | "em" | "i" | "small" | "time"
    )
}

/// True for `<body>` and `<html>`, the page itself.
pub fn is_page_root(name: &str) -> bool {
    matches!(name, "body" | "html")
}

/// Tags whose content a browser does not show as text (what the review page
/// does not count as dropped).
pub const INVISIBLE: &[&str] = &[
    "head", "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object",
    "embed", "audio", "video", "select", "option", "textarea",
];

/// True for the elements whose text the count of a page's visible words
/// leaves out (the `extraction_kept_little` flag): fewer than [`INVISIBLE`],
/// as the flag's threshold was set with.
pub fn hides_counted_words(name: &str) -> bool {
    matches!(
        name,
        "head" | "script" | "style" | "noscript" | "template" | "svg"
    )
}

/// Tags that never hold article text. Every element of every page is asked,
/// so a `match` on the name, not a search of a list.
pub fn never_text(name: &str) -> bool {
    matches!(
        name,
        "script"
        | "style"
        | "template"
        | "nav"
        | "iframe"
        | "svg"
        | "canvas"
        | "button"
        | "select"
        | "input"
        | "textarea"
        | "option"
        | "object"
        | "embed"
        | "audio"
        | "video"
        | "map"
        | "dialog"
        | "menu"
        | "head"
        | "link"
        | "meta"
        | "label"
        | "figcaption"
        | "address"
        // Ruby annotations: the reading of the characters they sit on.
        | "rt"
        | "rp"
    )
}

/// Tags of page furniture that some pages misuse to wrap the article.
pub const SUSPECT_FURNITURE: &[&str] = &["header", "footer", "form"];

/// Tags dropped unless they hold one of the elements listed with them: a
/// `<noscript>` usually holds a notice or a tracking pixel, but forum
/// engines serve their whole thread there; an `<aside>` left open can
/// swallow the rest of the page, article and all.
pub const MAYBE_PAGE: &[(&str, &[&str])] = &[
    (
        "noscript",
        &["p", "div", "article", "li", "table", "h1", "h2"],
    ),
    ("aside", &["main", "article", "h1"]),
];

/// What a hidden box (`hidden`, `display:none`) must hold to be a suspect
/// instead of dropped: the page's title or article, as a page that stays
/// hidden until its scripts have run does; footnotes, menus and modals do not.
pub const HIDDEN_PAGE: &[&str] = &["main", "article", "h1"];

/// The page's own statements of where its article is, in the order the
/// content search trusts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// `[itemprop=articleBody]`: the body of the article, its lead often
    /// just before it.
    ArticleBody,
    /// `<article>`.
    Article,
    /// `<main>` or `[role=main]`.
    Main,
}

impl Container {
    /// Every kind, most trusted first.
    pub const ALL: [Container; 3] = [Container::ArticleBody, Container::Article, Container::Main];

    /// True when `el` is a container of this kind.
    pub fn marks(self, el: &ElementRef) -> bool {
        let value = el.value();
        match self {
            Container::ArticleBody => attr(value, &local_name!("itemprop"))
                .is_some_and(|p| p.eq_ignore_ascii_case("articleBody")),
            Container::Article => value.name() == "article",
            Container::Main => value.name() == "main" || role(value) == Some("main"),
        }
    }

    /// True when `el` bounds the article: its lead is inside it or nowhere.
    /// (`[itemprop=articleBody]` does not: it marks the body, and the lead
    /// often stands just before it.)
    pub fn bounds_article(el: &ElementRef) -> bool {
        Container::Article.marks(el) || Container::Main.marks(el)
    }

    /// True when `el` holds the article by definition, so no class or id
    /// makes it furniture: a container of any kind, or the page itself.
    pub fn holds_article(el: &ElementRef) -> bool {
        is_page_root(el.value().name()) || Container::ALL.iter().any(|k| k.marks(el))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scorer_and_the_walker_disagree_only_where_documented() {
        for name in ["li", "h2", "pre", "tr", "x-card"] {
            assert!(ends_scored_block(name) && !starts_paragraph(name), "{name}");
        }
        for name in [
            "p", "div", "td", "figure", "header", "footer", "form", "nav", "aside",
        ] {
            assert!(ends_scored_block(name) && starts_paragraph(name), "{name}");
        }
        for name in INLINE {
            assert!(!starts_paragraph(name), "{name}");
        }
    }

    #[test]
    fn containers_are_told_by_tag_role_and_itemprop() {
        let html = scraper::Html::parse_fragment(
            r#"<div itemprop="articleBody"></div><article></article><div role="main"></div>
            <main></main><section></section>"#,
        );
        let kinds: Vec<Vec<Container>> = html
            .root_element()
            .child_elements()
            .map(|e| Container::ALL.into_iter().filter(|k| k.marks(&e)).collect())
            .collect();
        use Container::*;
        assert_eq!(
            kinds,
            [
                vec![ArticleBody],
                vec![Article],
                vec![Main],
                vec![Main],
                vec![]
            ]
        );
    }
}
