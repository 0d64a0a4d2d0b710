//! What kind of page a page is: an article, a listing of articles, a
//! collection of products, a forum thread, a product, documentation, a
//! service's page. Decided from what the page states about itself (JSON-LD
//! `@type`, `og:type`, the software that made it), from the shape of its URL,
//! and, for a page that says nothing, from whether its text has prose. The
//! evidence and its order are data: `page_types.toml` beside this file,
//! which documents them.
//!
//! The type chooses the extraction [`Profile`]: a forum keeps its posts
//! (which pages name `comment`), a listing or a collection keeps its items
//! (which are links). It is recorded as `page_type` in the metadata, for a
//! dataset to filter on.

use super::text::{Block, Kind};
use regex::Regex;
use serde::Deserialize;
use std::sync::LazyLock;

/// The kinds of pages told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PageType {
    #[default]
    Article,
    Listing,
    Collection,
    Forum,
    Product,
    Documentation,
    Service,
}

impl PageType {
    /// Every type, in the order of the variants.
    pub const ALL: [PageType; 7] = [
        PageType::Article,
        PageType::Listing,
        PageType::Collection,
        PageType::Forum,
        PageType::Product,
        PageType::Documentation,
        PageType::Service,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Listing => "listing",
            PageType::Collection => "collection",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
        }
    }

    /// How extraction treats a page of this type, with these signals.
    pub fn profile(self, signals: &Signals) -> Profile {
        Profile {
            keep_comments: self == PageType::Forum && !is_question_answer(signals),
            links_are_items: matches!(self, PageType::Listing | PageType::Collection),
            titled_teasers: self == PageType::Article,
            drop_reviews: self == PageType::Product,
            keep_copies: matches!(self, PageType::Listing | PageType::Documentation),
            post_labels: self == PageType::Forum,
        }
    }
}

/// What extraction does differently for a type of page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Profile {
    /// Boxes named `comment` are the posts of a thread, not furniture.
    pub keep_comments: bool,
    /// Links are the page's items, not navigation: link text scores as
    /// text, and boxes and blocks of links are kept.
    pub links_are_items: bool,
    /// A short card whose heading is one link is a teaser (another story's
    /// title over its excerpt), whatever its share of link text: on an
    /// article, not on the hub of a documentation or a service, whose cards
    /// are its sections ([`super::repeated`]).
    pub titled_teasers: bool,
    /// Boxes named `reviews` are customers' reviews, not the product's
    /// description: furniture ([`super::clutter`]; the `reviews` words of
    /// `rules/extract/words.toml`).
    pub drop_reviews: bool,
    /// A paragraph that repeats an earlier one word for word is kept: a
    /// listing's items and a documentation hub's cards share their lines
    /// ([`super::tidy`]); elsewhere a copy is a carousel's slide or a box
    /// printed once per screen size.
    pub keep_copies: bool,
    /// The short lines repeated in a thread's posts (a member's rank,
    /// "Offline") are its furniture ([`super::post_labels`]).
    pub post_labels: bool,
}

/// What the page says about itself that tells its type.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    pub url: Option<String>,
    /// Every JSON-LD `@type` in the page.
    pub ld_types: Vec<String>,
    pub og_type: Option<String>,
    pub generator: Option<String>,
}

#[derive(Deserialize)]
struct ValuesRule {
    #[serde(rename = "type")]
    page_type: PageType,
    values: Vec<String>,
}

#[derive(Deserialize)]
struct UrlRule {
    #[serde(rename = "type")]
    page_type: PageType,
    pattern: String,
}

#[derive(Deserialize)]
struct ProseRule {
    min_paragraphs: usize,
    min_chars: usize,
    max_link_share: f32,
}

#[derive(Deserialize)]
struct QuestionAnswer {
    values: Vec<String>,
    pattern: String,
}

#[derive(Deserialize)]
struct Table {
    question_answer: QuestionAnswer,
    schema: Vec<ValuesRule>,
    og: Vec<ValuesRule>,
    generator: Vec<ValuesRule>,
    url: Vec<UrlRule>,
    weak_schema: Vec<ValuesRule>,
    prose: ProseRule,
}

struct Compiled {
    table: Table,
    urls: Vec<(PageType, Regex)>,
    question_url: Regex,
}

static TABLE: LazyLock<Compiled> = LazyLock::new(|| {
    let table: Table =
        toml::from_str(include_str!("page_types.toml")).expect("page_types.toml is valid");
    let urls = table
        .url
        .iter()
        .map(|r| {
            let re = Regex::new(&format!("(?i){}", r.pattern)).expect("page_types.toml regex");
            (r.page_type, re)
        })
        .collect();
    let question_url = Regex::new(&table.question_answer.pattern).expect("page_types.toml regex");
    Compiled {
        table,
        urls,
        question_url,
    }
});

/// True for a question-and-answer page (`[question_answer]`).
fn is_question_answer(signals: &Signals) -> bool {
    let qa = &TABLE.table.question_answer;
    signals
        .ld_types
        .iter()
        .any(|t| qa.values.iter().any(|v| v.eq_ignore_ascii_case(t)))
        || signals
            .url
            .as_deref()
            .is_some_and(|u| TABLE.question_url.is_match(u))
}

/// The type the page states or its URL shows, if any (steps 1 to 5 of
/// `page_types.toml`).
pub fn stated(signals: &Signals) -> Option<PageType> {
    let t = &TABLE.table;
    let has_type = |rules: &[ValuesRule]| {
        rules.iter().find_map(|r| {
            signals
                .ld_types
                .iter()
                .any(|ty| r.values.iter().any(|v| v.eq_ignore_ascii_case(ty)))
                .then_some(r.page_type)
        })
    };
    // A generator names itself and then its version ("Discourse 3.2").
    let is_value = |rules: &[ValuesRule], value: Option<&str>, prefix: bool| {
        let value = value?.trim().to_ascii_lowercase();
        rules
            .iter()
            .find(|r| {
                r.values.iter().any(|v| {
                    let v = v.to_ascii_lowercase();
                    value == v || (prefix && value.starts_with(&v))
                })
            })
            .map(|r| r.page_type)
    };
    let by_url = || {
        let url = signals.url.as_deref()?;
        TABLE
            .urls
            .iter()
            .find(|(_, re)| re.is_match(url))
            .map(|(ty, _)| *ty)
    };
    has_type(&t.schema)
        .or_else(|| is_value(&t.og, signals.og_type.as_deref(), false))
        .or_else(|| is_value(&t.generator, signals.generator.as_deref(), true))
        .or_else(by_url)
        .or_else(|| has_type(&t.weak_schema))
}

/// True when the extracted blocks hold prose enough for an article (step 6).
pub fn has_prose(blocks: &[Block]) -> bool {
    let rule = &TABLE.table.prose;
    blocks
        .iter()
        .filter(|b| {
            b.kind == Kind::Paragraph
                && b.measure.chars >= rule.min_chars
                && b.measure.link_density() < rule.max_link_share
        })
        .count()
        >= rule.min_paragraphs
}

/// True when the page marks one `<article>` element and only one: a page
/// of teasers marks each of them, an article page its article.
pub fn one_article(doc: &scraper::Html) -> bool {
    static ARTICLE: LazyLock<scraper::Selector> =
        LazyLock::new(|| scraper::Selector::parse("article").expect("valid selector"));
    doc.select(&ARTICLE).take(2).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(url: &str, ld: &[&str], og: Option<&str>) -> Signals {
        Signals {
            url: Some(url.into()),
            ld_types: ld.iter().map(|s| s.to_string()).collect(),
            og_type: og.map(str::to_string),
            generator: None,
        }
    }

    #[test]
    fn stated_types_come_before_the_url() {
        let s = signals("https://x.example/forum/a", &["NewsArticle"], None);
        assert_eq!(stated(&s), Some(PageType::Article));
        let s = signals("https://x.example/t/why-it-broke/123", &[], Some("article"));
        assert_eq!(stated(&s), Some(PageType::Forum));
        let s = signals("https://x.example/2024/05/a-story", &[], Some("article"));
        assert_eq!(stated(&s), None);
        let s = signals("https://shop.example/products/blue-mug", &[], None);
        assert_eq!(stated(&s), Some(PageType::Product));
        let s = signals("https://shop.example/", &[], Some("website"));
        assert_eq!(stated(&s), Some(PageType::Service));
        for url in [
            "https://x.example/showthread.php?t=7",
            "https://x.example/viewtopic.php?id=9",
        ] {
            assert_eq!(
                stated(&signals(url, &[], None)),
                Some(PageType::Forum),
                "{url}"
            );
        }
    }

    #[test]
    fn profiles_follow_the_type() {
        let thread = signals("https://x.example/t/why/1", &[], None);
        assert!(PageType::Forum.profile(&thread).keep_comments);
        let question = signals("https://x.example/questions/12/why", &[], None);
        assert!(!PageType::Forum.profile(&question).keep_comments);
        assert!(PageType::Listing.profile(&thread).links_are_items);
        assert!(PageType::Article.profile(&thread).titled_teasers);
        assert!(!PageType::Documentation.profile(&thread).titled_teasers);
        assert!(!PageType::Article.profile(&thread).links_are_items);
    }
}
