//! Writes a synthetic crawl, `.warc.gz` with one gzip member per record, for
//! the scale benchmark (`make bench-warc`): a warcinfo record, then per page a
//! request and a response (HTML news pages with navigation, boilerplate footer
//! and spinner typos; now and then an image, a 404 or a Latin-1 page).
//!
//!     cargo run --release --example gen_warc -- OUT.warc.gz [SIZE_MB]
//!
//! SIZE_MB (default 1100) is the size of the compressed file to reach. The
//! output is deterministic: the same arguments give the same bytes.

use flate2::{Compression, write::GzEncoder};
use std::fs::File;
use std::io::{BufWriter, Write};

/// xorshift64*: small, deterministic, good enough for filler text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ten", "ra", "vo", "sel", "an", "dri", "po", "que", "st", "ur", "ix", "ben",
    "ca", "tor", "mun", "el", "sha", "gri", "ot", "pel", "ny", "zu", "har", "wi", "ed", "lan",
    "fo",
];

fn word(rng: &mut Rng) -> String {
    (0..1 + rng.below(3))
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len() as u64) as usize])
        .collect()
}

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(18);
    let mut s: Vec<String> = (0..n).map(|_| word(rng)).collect();
    if rng.below(20) == 0 {
        s.push("once morest".into());
    }
    s.push(format!("{}", rng.below(100_000)));
    let mut text = s.join(" ");
    text[..1].make_ascii_uppercase();
    text + "."
}

fn page(rng: &mut Rng, i: u64) -> String {
    let title = (0..6).map(|_| word(rng)).collect::<Vec<_>>().join(" ");
    let mut html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/sport\">Sport</a></nav>\
         <article><h1>{title}</h1><p>2024-01-{:02} 05:38:00</p>",
        1 + i % 28
    );
    for _ in 0..8 + rng.below(30) {
        html.push_str("<p>");
        for _ in 0..2 + rng.below(5) {
            html.push_str(&sentence(rng));
            html.push(' ');
        }
        html.push_str("</p>\n");
    }
    html.push_str(
        "<h3>Leave a Replay</h3><p>Your email address will not be published.</p></article>\
         <footer>Copyright 2024 Example News</footer></body></html>\n",
    );
    html
}

fn record(out: &mut impl Write, kind: &str, uri: &str, id: u64, ctype: &str, block: &[u8]) {
    let mut gz = GzEncoder::new(Vec::with_capacity(block.len() / 2), Compression::fast());
    let date = format!("2024-01-{:02}T{:02}:00:00Z", 1 + id % 28, id % 24);
    write!(
        gz,
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{id:012x}>\r\n\
         Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .unwrap();
    gz.write_all(block).unwrap();
    gz.write_all(b"\r\n\r\n").unwrap();
    out.write_all(&gz.finish().unwrap()).unwrap();
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: gen_warc OUT.warc.gz [SIZE_MB]");
    let size_mb: u64 = args.next().map_or(1100, |s| s.parse().expect("SIZE_MB"));
    let target = size_mb * 1_000_000;
    let file = File::create(&path).expect("create output");
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut written = 0u64;
    let mut id = 0u64;
    let info = b"software: newsclean gen_warc\r\nformat: WARC File Format 1.0\r\n";
    record(
        &mut out,
        "warcinfo",
        "",
        id,
        "application/warc-fields",
        info,
    );
    let mut pages = 0u64;
    while written < target {
        id += 1;
        let uri = format!("https://news{}.example/world/{}-story.html", id % 97, id);
        let request = format!("GET /world/{id}-story.html HTTP/1.1\r\nHost: news.example\r\n\r\n");
        record(
            &mut out,
            "request",
            &uri,
            id * 2,
            "application/http; msgtype=request",
            request.as_bytes(),
        );
        let (head, body): (String, Vec<u8>) = match id % 50 {
            7 => (
                "HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n".into(),
                (0..20_000).map(|_| rng.next() as u8).collect(),
            ),
            13 => (
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n".into(),
                b"<p>Not found</p>".to_vec(),
            ),
            23 => {
                let html = page(&mut rng, id).replace("Home", "Caf\u{e9}");
                let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
                (
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n".into(),
                    latin1.into_owned(),
                )
            }
            _ => (
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".into(),
                page(&mut rng, id).into_bytes(),
            ),
        };
        let block = [head.as_bytes(), &body].concat();
        record(
            &mut out,
            "response",
            &uri,
            id * 2 + 1,
            "application/http; msgtype=response",
            &block,
        );
        pages += 1;
        if pages % 1000 == 0 {
            out.flush().unwrap();
            written = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        }
    }
    out.flush().unwrap();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "{path}: {pages} pages, {} records, {size} bytes",
        2 * pages + 1
    );
}
