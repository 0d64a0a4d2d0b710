//! What is not article: elements dropped with everything inside them, by tag
//! (scripts, navigation, asides, image captions, site headers and footers,
//! forms), by ARIA role,
//! by being hidden, or by a class or id that names page furniture (share
//! buttons, related posts, comments, newsletter boxes, cookie banners, ads,
//! sidebars, widgets, breadcrumbs, tag lists).
//!
//! Site headers, footers and forms, and everything named like furniture, are
//! only *suspects*: some pages wrap the whole article in a `<form>`, a
//! `<header>` left open, or a `<div class="widget">`. The content search
//! ([`super::content`]) pardons a suspect that turns out to hold most of the
//! page's text; [`Pruner`] carries those pardons to the text walker.
//!
//! Class and id values are matched by whole words, never by substring: a value
//! is split at `-`, `_`, spaces, digits and camelCase humps, so `ad` matches
//! `top-ad` and `adSlot` but not `header`, `shadow` or `load`, and `tags`
//! matches `post-tags` but not `stage`.

use ego_tree::NodeId;
use scraper::ElementRef;
use std::collections::HashSet;

/// Tags that never hold article text.
const DROPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "iframe",
    "svg",
    "canvas",
    "button",
    "select",
    "input",
    "textarea",
    "option",
    "object",
    "embed",
    "audio",
    "video",
    "map",
    "dialog",
    "menu",
    "head",
    "link",
    "meta",
    "label",
    "figcaption",
];

/// Tags of page furniture that some pages misuse to wrap the article.
const SUSPECT_TAGS: &[&str] = &["header", "footer", "form"];

/// ARIA roles of page furniture.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
    "alertdialog",
    "menu",
    "menubar",
    "toolbar",
];

/// Words that, as a whole word of a class or id, mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "sharedaddy",
    "shariff",
    "social",
    "socials",
    "related",
    "comment",
    "comments",
    "respond",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adsense",
    "sponsor",
    "sponsored",
    "promo",
    "sidebar",
    "widget",
    "widgets",
    "breadcrumb",
    "breadcrumbs",
    "tags",
    "tagcloud",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "popup",
    "modal",
    "pagination",
    "pager",
    "byline",
    "meta",
    "dateline",
    "author",
    "disqus",
    "outbrain",
    "taboola",
    "teaser",
    "teasers",
    "recommended",
    "banner",
    "toolbar",
    "masthead",
    "skip",
    "print",
    "rating",
    "noprint",
];

/// Class prefixes that WordPress and other engines put on the article itself
/// to list its taxonomy (`tag-ads`, `category-comments`): never furniture.
const TAXONOMY_PREFIXES: &[&str] = &[
    "tag-",
    "category-",
    "format-",
    "status-",
    "type-",
    "postid-",
];

/// Elements that hold the article by definition: never dropped for their class.
fn is_semantic_content(el: &ElementRef) -> bool {
    let name = el.value().name();
    name == "article"
        || name == "main"
        || name == "body"
        || name == "html"
        || el
            .value()
            .attr("itemprop")
            .is_some_and(|p| p.eq_ignore_ascii_case("articleBody"))
}

/// What to do with an element and everything inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Keep,
    Drop,
    /// Furniture by its tag, class or id, unless it holds the article.
    Suspect,
}

/// Judges one element by its tag, role, visibility, class and id.
pub fn judge(el: &ElementRef) -> Verdict {
    let value = el.value();
    let name = value.name();
    if DROPPED_TAGS.contains(&name) || value.attr("hidden").is_some() {
        return Verdict::Drop;
    }
    if let Some(style) = value.attr("style") {
        let style: String = style
            .split_whitespace()
            .collect::<String>()
            .to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return Verdict::Drop;
        }
    }
    if let Some(role) = value.attr("role")
        && DROPPED_ROLES.iter().any(|r| role.eq_ignore_ascii_case(r))
    {
        return Verdict::Suspect;
    }
    if SUSPECT_TAGS.contains(&name) {
        return Verdict::Suspect;
    }
    if is_semantic_content(el) {
        return Verdict::Keep;
    }
    let id = value.id().into_iter();
    if id.chain(value.classes()).any(names_furniture) {
        Verdict::Suspect
    } else {
        Verdict::Keep
    }
}

/// Decides what is dropped, given the suspects pardoned for holding the article.
#[derive(Debug, Clone, Default)]
pub struct Pruner {
    pub pardoned: HashSet<NodeId>,
}

impl Pruner {
    /// True when `el` and everything inside it is left out.
    pub fn drops(&self, el: &ElementRef) -> bool {
        match judge(el) {
            Verdict::Keep => false,
            Verdict::Drop => true,
            Verdict::Suspect => !self.pardoned.contains(&el.id()),
        }
    }
}

/// True when one class or id value names page furniture.
pub fn names_furniture(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if TAXONOMY_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return false;
    }
    words(value).any(|w| FURNITURE_WORDS.contains(&w.as_str()))
}

/// The words of a class or id: split at non-letters and camelCase humps, lowercased.
fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in value.chars() {
        if !c.is_alphabetic() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_separators_digits_and_humps() {
        let w: Vec<String> = words("relatedPosts top-ad_2x AdSense").collect();
        assert_eq!(w, ["related", "posts", "top", "ad", "x", "ad", "sense"]);
    }

    #[test]
    fn furniture_is_matched_by_whole_words() {
        for yes in [
            "share-buttons",
            "top-ad",
            "adSlot",
            "post-tags",
            "sidebar",
            "comments-area",
        ] {
            assert!(names_furniture(yes), "{yes}");
        }
        for no in [
            "header-title",
            "shadow",
            "load-more-x",
            "stage",
            "entry-content",
            "tag-ads",
        ] {
            assert!(!names_furniture(no), "{no}");
        }
    }

    #[test]
    fn article_is_never_dropped_for_its_class() {
        let html = scraper::Html::parse_document(
            r#"<article class="post comments-open"><p>x</p></article><div class="comments">c</div>"#,
        );
        let sel = |s| scraper::Selector::parse(s).unwrap();
        let article = html.select(&sel("article")).next().unwrap();
        let comments = html.select(&sel("div")).next().unwrap();
        assert_eq!(judge(&article), Verdict::Keep);
        assert_eq!(judge(&comments), Verdict::Suspect);
    }
}
