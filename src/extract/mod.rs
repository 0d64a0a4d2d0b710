//! HTML to article text. Owns recognising HTML by its content, finding the main
//! content of a page, dropping everything around it, and lifting page metadata
//! (title, date, site name, canonical URL, author).
//!
//! [`parse`] builds the page's tree as a browser does (without the text of
//! its scripts and styles, which nothing reads); [`content`] finds the
//! element that holds the article, and [`lead`] the
//! elements above it that may hold its standfirst; [`clutter`] says what
//! inside them is not article (asking [`prose`] what is text all the same);
//! [`text`] turns them into blocks; [`tidy`] drops what is still not article
//! among the blocks and lays them out as paragraphs; [`meta`] reads what the
//! page says about itself, and [`date`] writes its date as ISO 8601;
//! [`ld_body`] replaces the blocks by the page's JSON-LD `articleBody` when
//! they hold little of it. This
//! module ties them together; for the review tools, [`dropped`] says what of
//! the page's visible text was left out.

mod byline;
mod clutter;
mod comments;
mod content;
pub mod date;
mod dateline;
mod decision;
mod dropped;
mod ld_body;
mod lead;
pub mod markup;
mod measure;
mod meta;
mod page_type;
mod parse;
mod post_labels;
mod prose;
mod repeated;
mod tags;
mod text;
mod tidy;
pub mod tuning;
mod words;

pub use crate::budget::TooCostly;
pub use decision::Decision;
pub use dropped::Dropped;
pub use markup::{Form, MarkupOptions, MdLine};
pub use measure::{ASCII_ALPHANUMERIC, count_words, is_ascii_space};
pub use page_type::PageType;
use text::Block;
pub use tuning::{Favor, Tuning};

/// What extraction keeps and how it trades precision for recall; the
/// default is today's behaviour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The row of the tuning table (`--favor`).
    pub tuning: Tuning,
    /// Data tables are kept (`--tables`, the default; `--no-tables` drops them).
    pub tables: bool,
    /// Gather what Markdown output needs, with these links and images.
    pub markup: Option<MarkupOptions>,
    /// Keep the page's comment section (`--comments`).
    pub comments: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tuning: Tuning::default(),
            tables: true,
            markup: None,
            comments: false,
        }
    }
}

/// The article found in a page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub title: Option<String>,
    /// Paragraphs of the article body, in order, whitespace collapsed; list
    /// items and table rows are lines of one paragraph.
    pub blocks: Vec<String>,
    /// The Markdown of each paragraph of `blocks`, line for line, when asked for.
    pub markup: Option<Vec<Vec<MdLine>>>,
    /// The paragraphs of the comment section, when asked for, and their Markdown.
    pub comments: Vec<String>,
    pub comments_markup: Option<Vec<Vec<MdLine>>>,
    pub meta: PageMeta,
    /// What of the page's visible text was left out, in place; only filled
    /// by [`extract_reviewed`].
    pub dropped: Vec<Dropped>,
    /// Words of all the page's visible text, article or not: what extraction
    /// chose from (for the `extraction_kept_little` flag).
    pub visible_words: usize,
}

/// Metadata a page states about itself.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    /// The publication date in ISO 8601 (see [`date`]).
    pub date: Option<String>,
    /// The publication date as the page states it, when it differs from `date`.
    pub date_raw: Option<String>,
    pub site_name: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// What kind of page this is (see [`page_type`]).
    pub page_type: PageType,
}

/// How far into a document to look for markup.
const SNIFF_BYTES: usize = 4096;

/// Tags whose presence near the start marks a document as HTML.
const TELLTALE_TAGS: &[&str] = &[
    "<html", "<head", "<body", "<title", "<meta", "<div", "<p>", "<p ", "<br", "<span", "<table",
    "<script", "<link", "<a href", "<article", "<h1", "<h2", "<ul", "<li",
];

/// True when `text` is an HTML document rather than plain text, whatever its
/// file name says: a doctype or `<html>` at the start, or a start with `<` and
/// a known tag near it, or several kinds of known tags in the first kilobytes.
pub fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let mut end = head.len().min(SNIFF_BYTES);
    while !head.is_char_boundary(end) {
        end -= 1;
    }
    let lower = head[..end].to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") {
        return true;
    }
    let kinds = TELLTALE_TAGS.iter().filter(|t| lower.contains(*t)).count();
    (lower.starts_with('<') && kinds >= 1) || kinds >= 3
}

/// Extracts the article from an HTML page, as newsclean does by default.
pub fn extract(html: &str) -> Result<Page, TooCostly> {
    extract_with(html, None, &Options::default())
}

/// Like [`extract_with`], and also says what of the page's visible text it
/// left out ([`Page::dropped`]), for the review tools.
pub fn extract_reviewed(
    html: &str,
    url: Option<&str>,
    options: &Options,
) -> Result<Page, TooCostly> {
    extract_page(html, url, options, true)
}

/// Extracts the main content from an HTML page fetched from `url` (when
/// known: it tells the page's type; else the page's canonical URL does),
/// with `options`. The page's type chooses how its content is found
/// ([`page_type::Profile`]). A page whose markup would cost the parser more
/// than its budget ([`crate::budget`]) is not extracted.
pub fn extract_with(html: &str, url: Option<&str>, options: &Options) -> Result<Page, TooCostly> {
    extract_page(html, url, options, false)
}

fn extract_page(
    html: &str,
    url: Option<&str>,
    options: &Options,
    report_dropped: bool,
) -> Result<Page, TooCostly> {
    let doc = parse::parse(html, &options.tuning)?;
    crate::budget::check_deadline();
    let mut scanned = meta::scan(&doc);
    scanned.signals.url = url
        .map(str::to_string)
        .or_else(|| scanned.canonical.clone())
        .or_else(|| scanned.url.clone());
    let stated = page_type::stated(&scanned.signals);
    let profile = stated.unwrap_or_default().profile(&scanned.signals);
    let mut search = Search::run(&doc, profile, options);
    let page_type = match stated {
        Some(stated) if stated != PageType::Service => stated,
        None if page_type::has_prose(&search.blocks) => PageType::Article,
        _ => {
            // A page that says nothing and has no prose is a listing: its
            // items are links, so it is searched again as one, and that
            // search is kept when it finds much more text. So is a page
            // that only says it is a service (a site's home page is one by
            // its URL, and so are many news and blog front pages, whose
            // first teaser holds prose enough), prose or not, with a gain
            // of its own; it keeps its type unless that search is kept. A
            // page that says nothing and marks one `<article>` (a page of
            // teasers marks each) stays an article when that search is not
            // kept: it is short, not a list.
            let listing = PageType::Listing.profile(&scanned.signals);
            let again = Search::run(&doc, listing, options);
            let gain = match stated {
                Some(_) => options.tuning.front_page_search_gain,
                None => options.tuning.listing_search_gain,
            };
            if again.chars(false) as f32 >= search.chars(true) as f32 * gain {
                search = again;
                PageType::Listing
            } else if stated.is_none() && page_type::one_article(&doc) {
                PageType::Article
            } else {
                stated.unwrap_or(PageType::Listing)
            }
        }
    };
    let Search {
        found,
        mut blocks,
        not_lead,
    } = search;
    if let Some(body) = scanned.article_body.take() {
        if ld_body::prefer(&blocks, &body, &options.tuning) {
            blocks = ld_body::blocks(&body, &found.pruner, options.markup);
        }
    }
    // Tidying follows the page's type, even where the search as its type
    // was not kept: a page called a listing keeps its items' links and the
    // lines they share.
    let profile = page_type.profile(&scanned.signals);
    let (title, mut meta) = meta::finish(scanned, &doc, found.root, &options.tuning);
    meta.page_type = page_type;
    let mut removed = tidy::tidy(&mut blocks, title.as_deref(), profile, &options.tuning);
    let dropped = if report_dropped {
        removed.extend(not_lead.into_iter().map(|b| (Decision::NotLead, b)));
        let why = dropped::Why {
            found: &found,
            removed: &removed,
        };
        dropped::dropped(&doc, &blocks, title.as_deref(), &why)
    } else {
        Vec::new()
    };
    let markup = options
        .markup
        .and_then(|_| markup::paragraph_lines(&blocks));
    let comments = match options.comments {
        true => comments::blocks(&doc, found.root, &found.pruner, options.markup),
        false => Vec::new(),
    };
    let comments_markup = options
        .markup
        .and_then(|_| markup::paragraph_lines(&comments));
    Ok(Page {
        title,
        blocks: tidy::paragraphs(blocks),
        markup,
        comments: tidy::paragraphs(comments),
        comments_markup,
        meta,
        dropped,
        visible_words: visible_words(&doc),
    })
}

/// What the content search found with one profile, walked into blocks.
struct Search<'a> {
    found: content::Found<'a>,
    /// The lead's prose, then the body's blocks.
    blocks: Vec<Block>,
    /// The blocks of the lead candidates that are not lead prose.
    not_lead: Vec<Block>,
}

impl<'a> Search<'a> {
    fn run(doc: &'a scraper::Html, profile: page_type::Profile, options: &Options) -> Self {
        let mut found = content::main_content(doc, profile, &options.tuning);
        crate::budget::check_deadline();
        found.pruner.drop_tables = !options.tables;
        let (mut blocks, not_lead): (Vec<Block>, Vec<Block>) = found
            .leads
            .iter()
            .flat_map(|el| text::blocks_with(*el, &found.pruner, options.markup))
            .partition(|b| lead::is_lead_prose(b, &options.tuning));
        blocks.extend(text::blocks_with(found.root, &found.pruner, options.markup));
        Search {
            found,
            blocks,
            not_lead,
        }
    }

    /// The text found, in non-space characters, without link text when
    /// `plain`.
    fn chars(&self, plain: bool) -> usize {
        let chars = |m: &measure::Measure| if plain { m.plain_chars() } else { m.chars };
        self.blocks.iter().map(|b| chars(&b.measure)).sum()
    }
}

/// Counts the words of the text a browser would show: every text node outside
/// `<head>`, scripts, styles and templates.
fn visible_words(doc: &scraper::Html) -> usize {
    let hidden = |node: &ego_tree::NodeRef<scraper::Node>| {
        node.value()
            .as_element()
            .is_some_and(|e| tags::hides_counted_words(e.name()))
    };
    let mut words = 0;
    let mut stack = vec![doc.tree.root()];
    while let Some(node) = stack.pop() {
        if hidden(&node) {
            continue;
        }
        if let Some(text) = node.value().as_text() {
            words += count_words(text);
        }
        stack.extend(node.children());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page of an ordinary document (no test page here is too costly).
    fn extract(html: &str) -> Page {
        super::extract(html).expect("within the parser's budget")
    }

    fn extract_with(html: &str, url: Option<&str>, options: &Options) -> Page {
        super::extract_with(html, url, options).expect("within the parser's budget")
    }

    #[test]
    fn html_is_recognised_by_content() {
        assert!(looks_like_html("\u{feff}  <!DOCTYPE html><p>x"));
        assert!(looks_like_html("<div class=a>Hello</div>"));
        assert!(looks_like_html("junk\n<head><title>t</title></head><body>"));
        assert!(!looks_like_html("Title\n\nA <p> tag is a paragraph."));
        assert!(!looks_like_html("<3 love\n\nplain text"));
    }

    #[test]
    fn article_text_comes_without_furniture() {
        let page = extract(
            r#"<html><head><title>Rain in Lima | Courier</title></head><body>
            <nav><a href="/">Home</a></nav>
            <article><h1>Rain in Lima</h1><p>It rained&nbsp;a lot, said  everyone.<br>Again.</p>
            <ul><li>One, two.</li><li>Three.</li></ul>
            <div class="share-buttons">Share on X</div></article>
            <footer>(c) Courier</footer></body></html>"#,
        );
        assert_eq!(page.title.as_deref(), Some("Rain in Lima"));
        assert_eq!(
            page.blocks,
            [
                "It rained a lot, said everyone.\nAgain.",
                "One, two.\nThree."
            ]
        );
    }

    #[test]
    fn a_lead_above_the_body_box_is_kept_without_the_byline_or_the_nav() {
        let body: String = (0..6)
            .map(|i| {
                format!("<p>Paragraph {i} of the story, with facts, quotes and more words.</p>")
            })
            .collect();
        let page = extract(&format!(
            r#"<html><body><div class="page"><div class="col">
            <div class="menu"><a href="/a">World news</a> <a href="/b">Local news</a></div>
            <div class="head"><h1>Bridge closes</h1><p>By Jane Doe</p>
            <p class="intro">The old bridge closes to cars for good, the town council decided on Tuesday night.</p></div>
            <div class="wrap"><div class="body">{body}</div></div>
            </div></div></body></html>"#
        ));
        assert_eq!(
            page.blocks[0],
            "The old bridge closes to cars for good, the town council decided on Tuesday night."
        );
        assert_eq!(
            page.blocks[1],
            "Paragraph 0 of the story, with facts, quotes and more words."
        );
        assert_eq!(page.blocks.len(), 7);
    }

    #[test]
    fn metadata_comes_from_meta_tags_json_ld_and_canonical() {
        let read = |name: &str| {
            let path = format!("{}/samples/raw/{name}", env!("CARGO_MANIFEST_DIR"));
            extract(&std::fs::read_to_string(path).unwrap())
        };
        let wp = read("wordpress-article.html");
        assert_eq!(
            wp.title.as_deref(),
            Some("Harbour Town Votes to Rebuild Its Old Pier")
        );
        assert_eq!(wp.meta.date.as_deref(), Some("2024-05-14T08:30:00+00:00"));
        assert_eq!(wp.meta.author.as_deref(), Some("Maria Oyelaran"));
        assert_eq!(wp.meta.site_name.as_deref(), Some("Coastal Chronicle"));
        assert_eq!(
            wp.meta.url.as_deref(),
            Some("https://coastal-chronicle.example/2024/05/harbour-pier/")
        );
        let ld = read("json-ld-article.html");
        assert_eq!(ld.meta.date.as_deref(), Some("2024-02-03T06:00:00+01:00"));
        assert_eq!(ld.meta.author.as_deref(), Some("Lena Brunner, Tom Aebi"));
        assert_eq!(
            ld.meta.url.as_deref(),
            Some("https://alpine-post.example/science/glacier-ice")
        );
        let soup = read("div-soup.html");
        assert_eq!(
            soup.title.as_deref(),
            Some("Night trains return to the valley line")
        );
        assert_eq!(soup.meta.date, None);
    }

    #[test]
    fn deeply_nested_pages_keep_their_text_without_overflowing() {
        // The parser's budget stops a page of more than 2,000 nested
        // `<div>`s, but unclosed formatting elements nest deeper within it.
        for (depth, tag) in [(crate::budget::MAX_DEPTH - 3, "div"), (5_000, "i")] {
            let html = format!(
                "<html><body>{}<p>Deep inside, a sentence survives.</p>{}</body></html>",
                format!("<{tag}>").repeat(depth),
                format!("</{tag}>").repeat(depth)
            );
            let page = extract(&html);
            assert_eq!(page.blocks, ["Deep inside, a sentence survives."], "{tag}");
        }
    }

    #[test]
    fn a_page_of_short_lines_is_kept_whole() {
        assert_eq!(extract("<p>x").blocks, ["x"]);
        let page = extract("<h1>T</h1><p>Mon</p><p>Tue</p>");
        assert_eq!(page.title.as_deref(), Some("T"));
        assert_eq!(page.blocks, ["Mon", "Tue"]);
    }

    #[test]
    fn picture_credits_are_dropped_wherever_they_stand() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract(&format!(
            "<body><p>{long}</p><p>© Getty Images</p><p>{more}</p><p>Foto: dpa</p>\
             <p>Fotos zeigen: {long}</p><p>{more} Again.</p></body>"
        ));
        assert_eq!(
            page.blocks,
            [
                long.to_string(),
                more.into(),
                format!("Fotos zeigen: {long}"),
                format!("{more} Again.")
            ]
        );
    }

    #[test]
    fn link_lists_go_but_linked_words_in_text_stay() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract(&format!(
            r#"<body><article><p>{long}</p>
            <h2>More news</h2><p><a href="/a">First story</a> <a href="/b">Second story</a></p>
            <ul><li>200 g flour</li><li>3 eggs</li><li>1 pack <a href="/p">Brandname baking powder</a></li>
            <li>100 g butter, soft</li><li>1 lemon, its juice and zest</li><li>a pinch of salt</li></ul>
            <h2>Police arrested three men after a chase through the old town on Monday</h2>
            <p><a href="/c">Third story</a></p>
            <p><a href="/d">Ministers and the regional governments of the north and the south of the country</a> met on Tuesday,
            <a href="/e">the agency said in a statement on its website</a>, to agree on a plan for the coming winter that nobody
            outside the room has seen yet.</p>
            <p>{more}</p></article></body>"#
        ));
        // Too little prose to tell, but one `<article>`: an article's tidying.
        assert_eq!(page.meta.page_type, PageType::Article);
        assert_eq!(page.blocks.len(), 5, "{:?}", page.blocks);
        assert!(page.blocks[1].contains("Brandname"));
        assert!(page.blocks[2].starts_with("Police arrested"));
        assert!(page.blocks[3].starts_with("Ministers"));
    }

    fn teaser_grid() -> String {
        let cards: String = (0..12)
            .map(|i| {
                format!(
                    "<div class=card><h3><a href=/s/{i}>Story {i}: the council votes on the new bridge</a></h3>\
                     <span>{i} May</span></div>"
                )
            })
            .collect();
        format!(
            "<body><div class=top><a href=/>Home</a> <a href=/w>World</a></div>\
             <div class=grid>{cards}</div></body>"
        )
    }

    #[test]
    fn a_page_of_linked_teasers_that_says_nothing_is_searched_as_a_listing() {
        // Whether it says nothing or only has a site's home URL (a
        // service's by the URL rules): with no prose, its links are its items.
        for url in [None, Some("https://news.example/")] {
            let page = extract_with(&teaser_grid(), url, &Options::default());
            assert_eq!(page.meta.page_type, PageType::Listing, "{url:?}");
            let text = page.blocks.join("\n");
            for i in 0..12 {
                assert!(text.contains(&format!("Story {i}: the council")), "{text}");
            }
        }
    }

    #[test]
    fn a_page_called_a_listing_keeps_the_lines_its_items_share() {
        // No prose, no links: the search as a listing finds no more text,
        // so it keeps the article search, but the page is a listing and
        // its offers' shared fine print is each offer's.
        let offers: String = (0..6)
            .map(|i| {
                format!(
                    "<div class=offer><h3>Offer {i}</h3><span>Save {i}0% today</span>\
                     <p>Not valid with other offers or coupons, some restrictions may apply.</p></div>"
                )
            })
            .collect();
        let page = extract_with(
            &format!("<body><div class=offers>{offers}</div></body>"),
            None,
            &Options::default(),
        );
        assert_eq!(page.meta.page_type, PageType::Listing);
        let text = page.blocks.join("\n");
        assert_eq!(
            text.matches("Not valid with other offers").count(),
            6,
            "{text}"
        );
    }

    #[test]
    fn a_front_page_whose_first_teaser_holds_prose_is_a_listing() {
        let excerpt = "<p>The first story of the day, told at some length on the front page, \
                       with its quotes and its facts, before the reader clicks through to it. The council met on Tuesday, and the vote on \
                       the bridge was closer than anyone in the town had thought it would be.</p>";
        let page = teaser_grid().replace(
            "<div class=grid>",
            &format!(
                "<div class=grid><div class=lead>{}</div>",
                excerpt.repeat(2)
            ),
        );
        let url = Some("https://news.example/");
        let page = extract_with(&page, url, &Options::default());
        assert_eq!(page.meta.page_type, PageType::Listing);
        assert!(page.blocks.join("\n").contains("Story 11: the council"));
        // A service page whose prose is its content stays one.
        let long =
            "A sentence of the page that is long enough to count as prose, about what we do. ";
        let service = format!(
            "<body><div><p>{}</p><p>{}</p></div></body>",
            long.repeat(2),
            long.repeat(2)
        );
        let page = extract_with(&service, url, &Options::default());
        assert_eq!(page.meta.page_type, PageType::Service);
    }

    #[test]
    fn a_salutation_and_a_sign_off_frame_the_text() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract(&format!(
            "<body><p>Share</p><p>Dear readers,</p><p>{long}</p><p>{more}</p><p>Cheers, Sam</p></body>"
        ));
        assert_eq!(page.blocks, ["Dear readers,", long, more, "Cheers, Sam"]);
        let page = extract(&format!(
            "<body><p>{long}</p><p>{more}</p><p>Xavier Dupont</p></body>"
        ));
        assert_eq!(page.blocks, [long, more]);
    }

    #[test]
    fn a_thread_served_in_noscript_is_read_as_markup() {
        let posts: String = (0..25)
            .map(|i| format!("<div class=post><p>Reply {i}: I had the same problem, and the fix was to update the driver.</p></div>"))
            .collect();
        let page = extract(&format!(
            "<html><head><noscript><img src=/pixel></noscript></head><body>\
             <div id=app></div><noscript>You need JavaScript.</noscript>\
             <noscript><div id=main-outlet>{posts}</div></noscript></body></html>"
        ));
        assert_eq!(page.blocks.len(), 25, "{:?}", page.blocks);
        assert!(page.blocks[24].starts_with("Reply 24:"));
        let notice = extract(&format!(
            "<body><noscript>You need to enable JavaScript to run this app.</noscript>{posts}</body>"
        ));
        assert!(notice.blocks.iter().all(|b| !b.contains("JavaScript")));
    }

    #[test]
    fn streamed_react_content_is_kept_and_a_closed_aside_dropped() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract(&format!(
            "<body><main><template id=B:0></template></main>\
             <aside><p>{long} In the sidebar.</p></aside>\
             <div hidden id=S:0><p>{long}</p><p>{more}</p></div><div hidden><p>Secret.</p></div></body>"
        ));
        assert_eq!(page.blocks, [long, more]);
    }

    #[test]
    fn an_aside_left_open_does_not_swallow_the_article() {
        let long = "A sentence of the article that is long enough to count as text.";
        let more = "Another sentence of the article, long enough to count as text too.";
        let page = extract(&format!(
            "<body><aside class=banner><a href=/news>News</a></div>\
             <main><article><h1>Title</h1><p>{long}</p><p>{more}</p></article></main></body>"
        ));
        assert_eq!(page.blocks, [long, more]);
    }
}
