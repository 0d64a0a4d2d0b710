//! The HTML corpus: the text pages of [`crate::text_corpus`] dressed as real news
//! pages, in three layouts (an `<article>` page, a div-only page with `<br>`s, a
//! WordPress page with share block and comment form), each with navigation,
//! scripts, styles, JSON-LD and a site footer, and encoded in several charsets
//! (what encoding_rs cannot map becomes a numeric character reference, as a
//! browser would send it).

use crate::text_corpus;
use crate::words::Words;
use encoding_rs::{BIG5, EUC_KR, Encoding, GBK, SHIFT_JIS, UTF_8, WINDOWS_1252};
use std::fmt::Write;
use std::path::Path;

/// Charsets with a phrase in their script, and how often each is drawn.
const CHARSETS: &[(&Encoding, &str, u32)] = &[
    (UTF_8, "Zürich · “quoted” — café", 50),
    (WINDOWS_1252, "Zürich, “quoted” — café, naïve", 20),
    (SHIFT_JIS, "東京の記者会見で首相は述べた", 8),
    (GBK, "北京时间星期四，外交部发言人表示", 8),
    (EUC_KR, "서울에서 열린 기자회견에서 장관은 말했다", 7),
    (BIG5, "台北時間星期四，外交部發言人表示", 7),
];

const SCRIPT: &str = "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}\
gtag('js',new Date());gtag('config','G-XXXXXXX');(function(d,s){var j=d.createElement(s);\
j.async=true;j.src='https://cdn.example.net/ads.js';d.head.appendChild(j);})(document,'script');\n";
const STYLE: &str = "body{font-family:Georgia,serif;margin:0}.nav a{padding:4px 8px}\
.entry-content p{line-height:1.6}.share-buttons{display:flex}#comments{margin-top:2em}\n";

/// One HTML page (UTF-8 text) and the charset it should be stored in.
pub fn page(w: &mut Words) -> (String, &'static Encoding) {
    let total: u32 = CHARSETS.iter().map(|c| c.2).sum();
    let mut roll = w.rng.u32(..total);
    let &(enc, phrase, _) = CHARSETS
        .iter()
        .find(|c| {
            roll < c.2 || {
                roll -= c.2;
                false
            }
        })
        .expect("weights cover the roll");
    let text = text_corpus::page(w);
    let mut blocks: Vec<&str> = text.split("\n\n").map(str::trim).collect();
    let title = blocks.remove(0).to_string();
    let mut body = String::new();
    let site = w.pick(&[
        "Daily Courier",
        "The Morning Ledger",
        "Metro News",
        "Coast Herald",
    ]);
    let declare = match w.rng.u8(0..10) {
        0 => String::new(),
        1 => format!(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={}\">",
            enc.name()
        ),
        _ => format!("<meta charset=\"{}\">", enc.name()),
    };
    let _ = writeln!(
        body,
        "<!DOCTYPE html>\n<html lang=\"en\"><head>{declare}\n<title>{title} | {site}</title>\n\
         <meta property=\"og:title\" content=\"{title}\">\n\
         <meta property=\"og:site_name\" content=\"{site}\">\n\
         <link rel=\"canonical\" href=\"https://news.example.com/{}\">\n\
         <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"{title}\",\
         \"datePublished\":\"2024-01-18T05:38:00Z\"}}</script>",
        w.rng.u32(..1_000_000)
    );
    for _ in 0..w.rng.usize(2..6) {
        let _ = writeln!(
            body,
            "<script>{}</script>",
            SCRIPT.repeat(w.rng.usize(1..8))
        );
    }
    let _ = writeln!(
        body,
        "<style>{}</style>\n</head><body>",
        STYLE.repeat(w.rng.usize(1..6))
    );
    nav(w, &mut body);
    // A phrase in the charset's own script, so every charset carries its characters.
    blocks.insert(blocks.len().min(2), phrase);
    match w.rng.u8(0..3) {
        0 => article_layout(w, &mut body, &title, &blocks),
        1 => div_layout(w, &mut body, &title, &blocks),
        _ => wordpress_layout(w, &mut body, &title, &blocks),
    }
    let _ = writeln!(
        body,
        "<footer class=\"site-footer\"><p>© 2024 {site}. All rights reserved.</p>\
         <ul><li><a href=\"/privacy\">Privacy</a></li><li><a href=\"/terms\">Terms</a></li></ul>\
         </footer>\n<div class=\"cookie-banner\">We use cookies. <button>Accept</button></div>\n\
         </body></html>"
    );
    (body, enc)
}

fn nav(w: &mut Words, out: &mut String) {
    out.push_str("<header><nav class=\"nav\"><ul>");
    for _ in 0..w.rng.usize(15..60) {
        let word = w.word();
        let _ = write!(out, "<li><a href=\"/section/{word}\">{word}</a></li>");
    }
    out.push_str("</ul></nav></header>\n");
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn article_layout(w: &mut Words, out: &mut String, title: &str, blocks: &[&str]) {
    let _ = writeln!(out, "<main><article><h1>{}</h1>", escape(title));
    for b in blocks {
        let _ = writeln!(out, "<p>{}</p>", escape(b).replace('\n', "<br>"));
    }
    out.push_str("</article>\n<aside class=\"related-posts\"><h3>Related</h3><ul>");
    for _ in 0..5 {
        let _ = write!(out, "<li><a href=\"/story\">{}</a></li>", w.title());
    }
    out.push_str("</ul></aside></main>\n");
}

fn div_layout(w: &mut Words, out: &mut String, title: &str, blocks: &[&str]) {
    let _ = writeln!(
        out,
        "<div id=\"wrapper\"><div class=\"sidebar\"><div class=\"widget\">Most read</div></div>\
         <div id=\"content\"><div class=\"headline\"><b>{}</b></div><div class=\"story-body\">",
        escape(title)
    );
    for b in blocks {
        let _ = writeln!(out, "{}<br><br>", escape(b).replace('\n', "<br>"));
    }
    let _ = writeln!(
        out,
        "</div><div class=\"share\">Share on <a href=\"#\">Facebook</a> <a href=\"#\">X</a></div>\
         <div class=\"ad-slot\">{}</div></div></div>",
        w.title()
    );
}

fn wordpress_layout(w: &mut Words, out: &mut String, title: &str, blocks: &[&str]) {
    let _ = writeln!(
        out,
        "<div id=\"page\" class=\"site\"><div id=\"primary\"><article class=\"post type-post\">\
         <header class=\"entry-header\"><h1 class=\"entry-title\">{}</h1></header>\
         <div class=\"entry-content\">",
        escape(title)
    );
    for b in blocks {
        let _ = writeln!(out, "<p>{}</p>", escape(b).replace('\n', "<br>"));
    }
    out.push_str(
        "</div><div class=\"sharedaddy sd-sharing-enabled\"><h3>Share this:</h3><ul>\
         <li><a class=\"share-twitter\">Twitter</a></li><li><a class=\"share-facebook\">Facebook</a></li>\
         </ul></div></article>\n<div id=\"comments\" class=\"comments-area\"><div id=\"respond\">\
         <h3 id=\"reply-title\">Leave a Reply</h3><form><p>Your email address will not be published.</p>\
         <textarea name=\"comment\"></textarea><input type=\"submit\" value=\"Post Comment\"></form>\
         </div></div></div>\n",
    );
    let _ = writeln!(
        out,
        "<div class=\"widget tags\">{}</div></div>",
        w.hashtag_line()
    );
}

/// Writes about `bytes` of encoded pages under `dir`; returns (pages, bytes).
pub fn generate(dir: &Path, bytes: u64, seed: u64) -> std::io::Result<(u64, u64)> {
    let mut w = Words::new(seed).with_typos(text_corpus::corpus_typos());
    let (mut pages, mut written) = (0u64, 0u64);
    while written < bytes {
        let folder = dir.join(format!("{:04}", pages / 500));
        if pages % 500 == 0 {
            std::fs::create_dir_all(&folder)?;
        }
        let (html, enc) = page(&mut w);
        let (encoded, _, _) = enc.encode(&html);
        std::fs::write(folder.join(format!("page-{pages:06}.html")), &encoded)?;
        written += encoded.len() as u64;
        pages += 1;
    }
    Ok((pages, written))
}
