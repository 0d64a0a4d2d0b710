//! Microbenchmarks of one page through each stage (`make bench-micro`), so a
//! regression shows before the whole-corpus run: decoding (UTF-8 and a legacy
//! charset), extracting an HTML page, applying the default rules, the whole
//! `clean` of a text page, and what a dataset run adds per document (quality
//! signals, the MinHash fingerprint, a look-up in the duplicate index).

use newsclean::dataset::dedup::{self, Fingerprint, Index};
use newsclean::dataset::{minhash, quality};
use newsclean::rules::{RuleSet, builtin};
use newsclean::source::Doc;
use newsclean::{clean, decode, extract};
use std::hint::black_box;
use std::sync::LazyLock;

/// The seed page, the debris-laden text the default rules are written for.
const PAGE: &str = include_str!("../samples/raw/spun-news.txt");

static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    RuleSet::load(&builtin::sources())
        .expect("built-in rules compile")
        .0
});

/// The seed page as a news article in HTML, with navigation and scripts around it.
static HTML: LazyLock<String> = LazyLock::new(|| {
    let mut blocks = PAGE.split("\n\n");
    let title = blocks.next().unwrap_or_default();
    let mut html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title} | Site</title>\
         <script>var x = 1;</script></head><body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>"
    );
    for b in blocks {
        html.push_str(&format!("<p>{b}</p>\n"));
    }
    html.push_str("</article><footer>© Site</footer></body></html>");
    html
});

fn main() {
    // Compile the rules and build the page before any timing starts.
    LazyLock::force(&RULES);
    LazyLock::force(&HTML);
    divan::main();
}

#[divan::bench]
fn decode_utf8() -> decode::Decoded<'static> {
    decode::decode(black_box(PAGE.as_bytes()), None)
}

#[divan::bench]
fn decode_windows_1252() -> decode::Decoded<'static> {
    static BYTES: LazyLock<Vec<u8>> =
        LazyLock::new(|| encoding_rs::WINDOWS_1252.encode(&HTML).0.into_owned());
    decode::decode(black_box(&BYTES), Some("text/html; charset=windows-1252"))
}

#[divan::bench]
fn extract_html() -> Result<extract::Page, extract::TooCostly> {
    extract::extract(black_box(&HTML))
}

#[divan::bench]
fn rules_apply() -> newsclean::rules::Applied {
    RULES.apply(black_box(PAGE))
}

#[divan::bench]
fn clean_text_page(bencher: divan::Bencher) {
    let doc = Doc {
        id: "spun-news.txt".into(),
        origin: "spun-news.txt".into(),
        bytes: PAGE.as_bytes().to_vec(),
        ..Doc::default()
    };
    bencher.bench(|| clean::clean(black_box(&doc), &RULES));
}

#[divan::bench]
fn quality_signals() -> quality::Signals {
    quality::signals(black_box(PAGE), None)
}

#[divan::bench]
fn minhash_signature() -> minhash::Signature {
    minhash::signature(black_box(PAGE))
}

/// One look-up in an index holding 10,000 texts, of a lightly edited copy of
/// one of them (band candidates, then the signature check).
#[divan::bench]
fn dedup_index_check(bencher: divan::Bencher) {
    let mut index = Index::new(0.8, dedup::DEFAULT_MAX_DOCS);
    for i in 0..10_000 {
        let text = format!("{i} {PAGE}");
        let fp =
            Fingerprint::of(&text.replace("the", &format!("t{i}")), dedup::Mode::Near).unwrap();
        index.check(&format!("d{i}"), &fp);
    }
    let copy = format!("0 {}", PAGE.replace("the", "t0")).replacen("Iran", "Iraq", 1);
    let fp = Fingerprint::of(&copy, dedup::Mode::Near).unwrap();
    let mut n = 0u64;
    bencher.bench_local(|| {
        n += 1;
        index.check(black_box(&format!("q{n}")), black_box(&fp))
    });
}
