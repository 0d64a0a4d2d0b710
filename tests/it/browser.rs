//! The review page (`diff --html`) in a real browser: headless Chromium opens
//! the page, its DOM after the script ran (`--dump-dom`) is checked for what
//! a reviewer must see, and a screenshot is taken (`target/browser/review.png`,
//! and `$NEWSCLEAN_SCREENSHOT` if set). Needs Chromium: `make test-browser`
//! installs Debian's `chromium` if it is missing and runs these tests, which
//! are ignored by a plain `cargo test`. `$CHROMIUM` names another binary.
//!
//! Views are chosen through the address (`#rule=ID`, `#show=unchanged`,
//! `#page=N`), as a reviewer's link would; the page keeps its filters there.

use crate::common::{newsclean, samples};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return path.into();
    }
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = Process::new("sh")
            .args(["-c", &format!("command -v {name}")])
            .output()
            .ok()
            .filter(|o| o.status.success());
        if let Some(o) = found {
            return String::from_utf8_lossy(&o.stdout).trim().into();
        }
    }
    panic!(
        "no Chromium found: run `make test-browser` (it installs Debian's chromium) or set CHROMIUM"
    );
}

/// Runs headless Chromium on `page` (with `fragment`) and the extra `args`;
/// returns its stdout.
fn browse(page: &Path, fragment: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!(
        "file://{}{fragment}",
        page.canonicalize().unwrap().display()
    );
    let out = Process::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(&url)
        .output()
        .expect("Chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The page's DOM once its script has run.
fn dom(page: &Path, fragment: &str) -> Html {
    Html::parse_document(&browse(page, fragment, &["--dump-dom"]))
}

fn all<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).unwrap()).collect()
}

fn text(el: &ElementRef) -> String {
    el.text().collect()
}

/// Writes the review page of `inputs` (`diff --html`) with `extra` arguments.
fn review_page(dir: &Path, name: &str, extra: &[&str], inputs: &[&str]) -> PathBuf {
    let page = dir.join(name);
    newsclean()
        .arg("diff")
        .args(extra)
        .arg("--html")
        .arg(&page)
        .args(inputs)
        .assert()
        .success();
    page
}

/// The numbers of the per-rule table: rule id -> (edits, documents).
fn rule_table(html: &Html) -> Vec<(String, u64, u64)> {
    all(html, "#nc-rules tbody tr")
        .iter()
        .map(|row| {
            let cells: Vec<String> = row
                .children()
                .filter_map(ElementRef::wrap)
                .map(|c| text(&c))
                .collect();
            (
                cells[0].clone(),
                cells[1].parse().unwrap(),
                cells[2].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
#[ignore = "needs Chromium: make test-browser"]
fn the_review_page_shows_rules_documents_and_what_extraction_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let page = review_page(dir.path(), "review.html", &[], &["samples/raw"]);
    let html = dom(&page, "");

    // The summary line and the per-rule table, as `diff --stat` counts them.
    let summary = text(&all(&html, "#nc-summary")[0]);
    let stat = String::from_utf8(
        newsclean()
            .args(["diff", "--stat", "samples/raw"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(summary, stat.lines().last().unwrap(), "summary line");
    let table = rule_table(&html);
    assert_eq!(table.len(), stat.lines().count() - 2, "one row per rule");
    let changed: usize = summary
        .split(", ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();

    // By default the changed documents show, named by their title.
    let docs = all(&html, "section.doc");
    assert_eq!(docs.len(), changed, "changed documents shown");
    let titles: Vec<String> = all(&html, "section.doc h2").iter().map(text).collect();
    assert!(
        titles.contains(&"Heatwave Breaks Records Across Southern Europe".to_string()),
        "{titles:?}"
    );

    // Removed text is struck through, labelled and coloured by its rule.
    let struck = all(&html, "section.doc del");
    assert!(!struck.is_empty());
    let rules: Vec<&str> = table.iter().map(|r| r.0.as_str()).collect();
    for del in &struck {
        let rule = del.value().attr("title").expect("rule on hover");
        assert!(
            rule.split(" + ").all(|r| rules.contains(&r)),
            "{rule} is a rule of the table"
        );
        assert!(
            del.value().classes().any(|c| c.starts_with('r')),
            "coloured"
        );
    }
    let leave = struck
        .iter()
        .find(|d| text(d) == "Leave a Reply Cancel reply")
        .expect("comment form struck through");
    assert_eq!(leave.value().attr("title"), Some("footer.leave-a-reply"));

    // What extraction dropped from an HTML page is shown, greyed, in place.
    let dropped: Vec<String> = all(&html, ".ln.x").iter().map(text).collect();
    assert!(
        dropped
            .iter()
            .any(|d| d.contains("Click to share on Twitter")),
        "{dropped:?}"
    );
    let hidden = dom(&page, "#show=all&dropped=0");
    assert!(
        all(&hidden, ".ln.x").is_empty(),
        "dropped blocks can be hidden"
    );
    assert_eq!(
        all(&hidden, "section.doc").len(),
        samples(),
        "all documents"
    );

    // Filtering by rule shows exactly the documents the table counts for it.
    for (rule, _, documents) in &table {
        let filtered = dom(&page, &format!("#rule={rule}"));
        let shown = all(&filtered, "section.doc");
        assert_eq!(shown.len() as u64, *documents, "documents of {rule}");
        for doc in &shown {
            let chips: Vec<String> = doc
                .select(&Selector::parse(".chip").unwrap())
                .map(|c| text(&c))
                .collect();
            assert!(chips.contains(rule), "{rule} in {chips:?}");
        }
        if rule == "footer.leave-a-reply" {
            break;
        }
    }
    let unchanged = dom(&page, "#show=unchanged");
    assert_eq!(all(&unchanged, "section.doc").len(), samples() - changed);
    assert!(
        all(&unchanged, "section.doc del").is_empty(),
        "nothing struck in unchanged documents"
    );

    // The screenshot a reviewer (and the issue) sees.
    let shot = Path::new("target/browser/review.png");
    std::fs::create_dir_all(shot.parent().unwrap()).unwrap();
    browse(
        &page,
        "",
        &[
            &format!(
                "--screenshot={}",
                shot.canonicalize()
                    .unwrap_or_else(|_| std::env::current_dir().unwrap().join(shot))
                    .display()
            ),
            "--window-size=1280,1600",
        ],
    );
    let png = std::fs::read(shot).expect("screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    assert!(
        png.len() > 30_000,
        "a page with content, not a blank one ({} bytes)",
        png.len()
    );
    if let Some(copy) = std::env::var_os("NEWSCLEAN_SCREENSHOT") {
        std::fs::copy(shot, copy).unwrap();
    }
}

#[test]
#[ignore = "needs Chromium: make test-browser"]
fn ten_thousand_documents_are_shown_fifty_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for i in 0..10_000 {
        // Every other page carries a timestamp line the default rules drop.
        let stamp = if i % 2 == 0 {
            "2024-01-18 05:38\n\n"
        } else {
            ""
        };
        let body =
            format!("Story {i:05}\n\n{stamp}Paragraph of story {i} with enough words to read.\n");
        std::fs::write(corpus.join(format!("{i:05}.txt")), body).unwrap();
    }
    let page = review_page(
        dir.path(),
        "big.html",
        &["-j", "2"],
        &[corpus.to_str().unwrap()],
    );
    let html = dom(&page, "");
    assert_eq!(all(&html, "section.doc").len(), 50, "one page of documents");
    assert_eq!(text(&all(&html, "#nc-pager .page")[0]), "page 1 of 100");
    assert_eq!(
        text(&all(&html, "#nc-status")[0]),
        "documents 1\u{2013}50 of 5000 (10000 in all)"
    );
    assert_eq!(
        all(&html, "script.nc-chunk").len(),
        100,
        "data in chunks of 100 documents"
    );
    let last = dom(&page, "#page=100");
    let titles: Vec<String> = all(&last, "section.doc h2").iter().map(text).collect();
    assert_eq!(titles.last().map(String::as_str), Some("Story 09998"));
    let all_docs = dom(&page, "#show=all&page=200");
    assert_eq!(
        text(&all(&all_docs, "#nc-pager .page")[0]),
        "page 200 of 200"
    );
}

#[test]
#[ignore = "needs Chromium: make test-browser"]
fn hostile_text_is_shown_as_text_and_links_only_go_to_the_web() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("hostile.html");
    std::fs::write(
        &doc,
        r#"<html><head><title>Hi &lt;/script&gt;&lt;script&gt;document.title='owned'&lt;/script&gt;</title>
        <link rel="canonical" href="javascript:alert(1)"></head><body>
        <p>Body with &lt;img src=x onerror=alert(1)&gt; in it, long enough to be the article text here.</p>
        <p>2024-01-18 05:38</p></body></html>"#,
    )
    .unwrap();
    let page = review_page(
        dir.path(),
        "hostile.html.review.html",
        &[],
        &[doc.to_str().unwrap()],
    );
    let html = dom(&page, "#show=all");
    assert!(
        all(&html, "section.doc img").is_empty(),
        "markup in text stays text"
    );
    assert_eq!(
        all(&html, "script").len(),
        all(&html, "script[type='application/json']").len() + 1
    );
    let h2 = text(&all(&html, "section.doc h2")[0]);
    assert!(h2.contains("document.title='owned'"), "{h2}");
    assert!(
        all(&html, "section.doc .meta a").is_empty(),
        "no link to a javascript: URL"
    );
}

#[test]
#[ignore = "needs Chromium: make test-browser"]
fn a_rule_change_groups_the_documents_by_the_rules_that_differ() {
    let dir = tempfile::tempdir().unwrap();
    let after = dir.path().join("extra.toml");
    std::fs::write(
        &after,
        r#"[[rule]]
id = "page.cooling-centres"
kind = "drop_line"
description = "A test rule: drops one sentence of one sample"
pattern = 'authorities opened cooling centres'
"#,
    )
    .unwrap();
    let page = review_page(
        dir.path(),
        "change.html",
        &["--after", after.to_str().unwrap()],
        &["samples/raw"],
    );
    let html = dom(&page, "");
    let groups = all(&html, "#nc-groups tbody tr");
    assert_eq!(groups.len(), 1);
    assert!(text(&groups[0]).contains("page.cooling-centres"));
    let docs = all(&html, "section.doc");
    assert_eq!(docs.len(), 1);
    let del = all(&html, "section.doc del");
    assert_eq!(del.len(), 1);
    assert_eq!(
        text(&del[0]),
        "The authorities opened cooling centres in 30 cities."
    );
    assert_eq!(del[0].value().attr("title"), Some("page.cooling-centres"));
    let in_group = dom(&page, "#group=0");
    assert_eq!(all(&in_group, "section.doc").len(), 1);
    let other = dom(&page, "#rule=meta.epoch-line");
    assert!(all(&other, "section.doc").is_empty());
}
