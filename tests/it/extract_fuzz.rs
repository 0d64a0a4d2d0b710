//! The extractor over arbitrary HTML: generated pages of nested elements
//! that real pages misuse (tables with blocks in their cells, `<pre>` in
//! rows, `<noscript>` holding markup, open `<aside>`s, hidden streamed boxes,
//! JSON-LD with odd dates), interleaved with raw bytes of markup soup. It
//! must never panic, and what it returns must be laid out as promised.
//! `PROPTEST_CASES=100000 cargo test --release --test it extract_fuzz::` runs it
//! longer.

use newsclean::extract::{extract, extract_with};
use proptest::prelude::*;

const TAGS: &[&str] = &[
    "div",
    "p",
    "span",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "pre",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "a",
    "br",
    "h1",
    "h2",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "form",
    "noscript",
    "template",
    "section",
    "ruby",
    "rt",
    "script",
    "style",
    "figure",
    "figcaption",
    "blockquote",
    "b",
    "em",
    "select",
    "option",
    "svg",
    "time",
];

const ATTRS: &[&str] = &[
    "",
    " class=\"comment\"",
    " class=\"post-content\"",
    " class=\"related teaser\"",
    " class=\"widget\"",
    " hidden",
    " hidden id=\"S:0\"",
    " id=\"S:\"",
    " role=\"navigation\"",
    " style=\"display:none\"",
    " href=\"#top\"",
    " href=\"/x\"",
    " itemprop=\"articleBody\"",
    " datetime=\"2024-02-30T25:61:00+99:00\"",
    " datetime=\"Tue, 14 May 2024 08:30:00 GMT\"",
];

const TEXTS: &[&str] = &[
    "The council voted on Tuesday to close the old bridge, said the mayor.",
    "Share",
    "  \n\t ",
    "é漢字ß🙂\u{200b}\u{feff}",
    "<",
    "&amp;&#x0;&#xD800;&nbsp;",
    "a | b",
    "Reply 1: same problem here.",
    "<p>markup inside a noscript</p><div>and more</div>",
    "\r\n\r\n",
];

fn node(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        prop::sample::select(TEXTS).prop_map(str::to_string),
        "[ -~]{0,40}",
        any::<String>().prop_map(|s| s.chars().take(30).collect()),
    ];
    if depth == 0 {
        return leaf.boxed();
    }
    prop_oneof![
        2 => leaf,
        5 => (
            prop::sample::select(TAGS),
            prop::sample::select(ATTRS),
            prop::collection::vec(node(depth - 1), 0..5),
            any::<bool>(),
        )
            .prop_map(|(tag, attr, children, close)| {
                let inner = children.concat();
                if close {
                    format!("<{tag}{attr}>{inner}</{tag}>")
                } else {
                    format!("<{tag}{attr}>{inner}")
                }
            }),
    ]
    .boxed()
}

const HEADS: &[&str] = &[
    "",
    "<head><noscript><img src=/p></noscript><title>A | Site</title></head>",
    r#"<head><script type="application/ld+json">{"@type":["NewsArticle"],"datePublished":"2024-13-01","author":[{"name":""},"x"]}</script></head>"#,
    r#"<head><meta property="og:type" content="product.group"><meta name="generator" content="Discourse 3"></head>"#,
    r#"<head><meta property="article:published_time" content="  "><link rel="canonical" href="https://x.example/t/a/1"></head>"#,
];

fn page() -> impl Strategy<Value = String> {
    (
        prop::sample::select(HEADS),
        prop::collection::vec(node(5), 0..6),
    )
        .prop_map(|(head, body)| format!("<!DOCTYPE html><html>{head}<body>{}", body.concat()))
}

/// Page furniture, some of it broken, to put around an article.
const FURNITURE: &[&str] = &[
    "<nav><a href=/a>Home</a> <a href=/b>World</a></nav>",
    "<aside class=related><ul><li><a href=/c>Another story about the bridge</a></li></ul>",
    "<div class=comments><div class=comment><p>First! Great article, thanks.</p></div></div>",
    "<footer>(c) Courier <a href=/privacy>Privacy</a>",
    "<div class=share>Share on X</div>",
    "<noscript>You need to enable JavaScript.</noscript>",
    "<div hidden id=\"S:1\"><a href=/d>More stories</a></div>",
    "<table><tr><td><pre>x</pre></td><td>Subscribe</td></tr>",
    "<form><input name=q><button>Search</button></form>",
    "<header><a href=/>Courier</a></header>",
];

/// Every block holds text, and only preformatted text (`<pre>`, kept as it
/// is) holds a blank line.
fn laid_out(html: &str, blocks: &[String]) -> Result<(), TestCaseError> {
    let pre = html.to_ascii_lowercase().contains("<pre");
    for block in blocks {
        prop_assert!(!block.trim().is_empty(), "empty block in {blocks:?}");
        prop_assert!(
            pre || !block.contains("\n\n"),
            "blank line inside {block:?}"
        );
    }
    Ok(())
}

/// 512 cases in `make test`; `PROPTEST_CASES` asks for more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(512)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn generated_pages_never_panic(html in page(), url in prop::option::of("https?://[a-z./]{0,20}")) {
        // A page too costly for the parser is the caller's to strip.
        let Ok(page) = extract_with(&html, url.as_deref(), &Default::default()) else {
            return Ok(());
        };
        laid_out(&html, &page.blocks)?;
        if let Some(title) = &page.title {
            prop_assert!(!title.trim().is_empty());
        }
    }

    #[test]
    fn arbitrary_text_never_panics(html in any::<String>()) {
        if let Ok(page) = extract(&html) {
            laid_out(&html, &page.blocks)?;
        }
    }

    #[test]
    fn a_paragraph_of_prose_survives_any_furniture_around_it(noise in prop::collection::vec(prop::sample::select(FURNITURE), 0..8)) {
        let prose = "The council voted on Tuesday to close the old bridge to cars for good, \
                     said the mayor, who had argued for years that it was unsafe.";
        let html = format!(
            "<html><body><div class=\"story\"><p>{prose}</p><p>{prose}</p></div>{}</body></html>",
            noise.concat()
        );
        let page = extract(&html).expect("a small page is within the parser's budget");
        prop_assert!(page.blocks.iter().any(|b| b.contains("close the old bridge")), "{:?}", page.blocks);
    }
}
