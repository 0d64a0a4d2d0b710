//! `make fuzz`: a mutation fuzzer on stable Rust, one target per reader
//! (WARC, gzip members, JSONL, HTTP heads) and one for extraction. Each
//! target starts from valid seeds, mutates them (bit flips, inserted,
//! deleted, repeated and spliced ranges, truncation) for a bounded time,
//! and checks that nothing panics and that every input is accounted for
//! (read whole, or with each problem named). A crash is written to
//! `target/fuzz/crashes/` and makes the run fail.
//!
//! cargo-fuzz needs a nightly compiler; this runs wherever the crate builds:
//! `cargo run --release --example fuzz -- [--seconds N] [--seed S] [TARGET...]`.

use newsclean::source::{self, InputFormat, Item};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

type Check = fn(&[u8]) -> Result<(), String>;

const TARGETS: &[(&str, Check)] = &[
    ("warc", |b| read_as(b, "f.warc", InputFormat::Warc)),
    ("gzip-members", |b| {
        read_as(b, "f.warc.gz", InputFormat::Warc)
    }),
    ("jsonl", |b| read_as(b, "f.jsonl", InputFormat::Jsonl)),
    ("http-heads", http_head),
    ("extract", extract),
];

fn main() {
    let mut seconds = 20u64;
    let mut seed = 0x5eed_u64;
    let mut only = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = args
                    .next()
                    .and_then(|s| s.parse().ok())
                    .expect("--seconds N")
            }
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).expect("--seed S"),
            name => only.push(name.to_string()),
        }
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut crashes = 0;
    for (name, check) in TARGETS {
        if !only.is_empty() && !only.iter().any(|o| o == name) {
            continue;
        }
        let seeds = seeds(name);
        let rng = fastrand::Rng::with_seed(seed);
        let (runs, found) = fuzz(name, *check, &seeds, rng, Duration::from_secs(seconds));
        println!("fuzz {name:13} {runs:8} inputs, {found} crashes");
        crashes += found;
    }
    if crashes > 0 {
        eprintln!("fuzz: {crashes} crashing inputs in target/fuzz/crashes/");
        std::process::exit(1);
    }
}

fn fuzz(
    name: &str,
    check: Check,
    seeds: &[Vec<u8>],
    mut rng: fastrand::Rng,
    time: Duration,
) -> (u64, u64) {
    let start = Instant::now();
    let (mut runs, mut found) = (0, 0);
    while start.elapsed() < time {
        let mut input = seeds[rng.usize(..seeds.len())].clone();
        for _ in 0..rng.usize(1..8) {
            mutate(&mut input, seeds, &mut rng);
        }
        runs += 1;
        let failure = match catch_unwind(AssertUnwindSafe(|| check(&input))) {
            Ok(Ok(())) => continue,
            Ok(Err(broken)) => broken,
            Err(panic) => panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "panic".into()),
        };
        found += 1;
        let dir = std::path::Path::new("target/fuzz/crashes");
        std::fs::create_dir_all(dir).expect("crash folder");
        let path = dir.join(format!("{name}-{runs}.bin"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(&input))
            .expect("crash file");
        eprintln!("fuzz {name}: {failure} ({})", path.display());
    }
    (runs, found)
}

fn mutate(input: &mut Vec<u8>, seeds: &[Vec<u8>], rng: &mut fastrand::Rng) {
    let len = input.len();
    let at = rng.usize(..=len);
    match rng.u8(..7) {
        0 if len > 0 => input[rng.usize(..len)] ^= 1 << rng.u8(..8),
        1 => {
            let bytes: Vec<u8> = (0..rng.usize(1..16)).map(|_| rng.u8(..)).collect();
            input.splice(at..at, bytes);
        }
        2 if len > 0 => {
            let end = (at + rng.usize(1..64)).min(len);
            input.drain(at.min(end)..end);
        }
        3 if len > 0 => {
            let from = rng.usize(..len);
            let piece = input[from..(from + rng.usize(1..256)).min(len)].to_vec();
            for _ in 0..rng.usize(1..4) {
                input.splice(at..at, piece.iter().copied());
            }
        }
        4 => input.truncate(at),
        5 => {
            let other = &seeds[rng.usize(..seeds.len())];
            let from = rng.usize(..=other.len());
            input.splice(at..at, other[from..].iter().copied());
        }
        _ => {
            let magic: &[&[u8]] = &[
                b"\r\n\r\n",
                b"Content-Length: 99999\r\n",
                b"\x1f\x8b\x08",
                b"\n",
                b"WARC/1.0\r\n",
                b"{\"id\":1,\"html\":\"<p>",
                b"</",
                b"<b>",
            ];
            input.splice(at..at, magic[rng.usize(..magic.len())].iter().copied());
        }
    }
}

/// Reads `bytes` as a file named `name`: every item must be named, and a
/// document's bytes must respect the size limit.
fn read_as(bytes: &[u8], name: &str, format: InputFormat) -> Result<(), String> {
    let mut problem = None;
    source::read_bytes(bytes.to_vec(), name, format, &mut |item| {
        let ok = match &item {
            Item::Doc(d) => !d.key.is_empty() && d.bytes.len() <= 1 << 20,
            Item::Skipped(s) => !s.key.is_empty(),
            Item::Failed(e) => !e.key.is_empty() && !e.message.is_empty(),
        };
        if !ok && problem.is_none() {
            problem = Some(format!("badly accounted item: {:?}", item.key()));
        }
    });
    problem.map_or(Ok(()), Err)
}

fn http_head(bytes: &[u8]) -> Result<(), String> {
    if let Ok(head) = source::http::parse(bytes) {
        let raw = bytes.get(head.body_start..).unwrap_or_default().to_vec();
        if let Ok((body, _)) = source::http::body(&head, raw, 1 << 16) {
            if body.len() > 1 << 16 {
                return Err(format!("body of {} bytes past the limit", body.len()));
            }
        }
    }
    Ok(())
}

fn extract(bytes: &[u8]) -> Result<(), String> {
    let doc = source::Doc {
        id: "f.html".into(),
        key: "f.html".into(),
        bytes: bytes.to_vec(),
        hints: source::Hints {
            is_html: Some(true),
            ..Default::default()
        },
        ..Default::default()
    };
    let prepared = newsclean::clean::prepare(&doc);
    if prepared.body.len() > 4 * bytes.len() + 64 {
        return Err(format!(
            "{} bytes of text from {} bytes",
            prepared.body.len(),
            bytes.len()
        ));
    }
    Ok(())
}

/// Valid inputs of each kind to start from.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let page = |i: usize| {
        format!(
            "<html><head><meta charset=utf-8><title>Story {i} | Site</title></head><body><nav><a href=/>Home</a></nav>\
             <article><h1>Story {i}</h1><p>First paragraph of story {i}, long enough to be kept.</p>\
             <p>Second &amp; last paragraph.</p></article><footer>Leave a Reply</footer></body></html>"
        )
    };
    let http = |i: usize, extra: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\r\n{}",
            page(i)
        )
        .into_bytes()
    };
    let record = |i: usize, kind: &str, block: &[u8]| {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: https://ex.com/{i}\r\nWARC-Record-ID: <urn:uuid:{i}>\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    let gz = |b: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    };
    let chunked = {
        let body = page(9);
        format!("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/html\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n", body.len()).into_bytes()
    };
    let mut gzipped_body =
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/html\r\n\r\n".to_vec();
    gzipped_body.extend(gz(page(7).as_bytes()));
    let warc: Vec<Vec<u8>> = vec![
        record(0, "warcinfo", b"software: fuzz\r\n"),
        record(1, "request", b"GET / HTTP/1.1\r\n\r\n"),
        record(2, "response", &http(2, "")),
        record(3, "response", &chunked),
        record(4, "response", &gzipped_body),
        record(5, "response", b"HTTP/1.1 404 Not Found\r\n\r\n"),
    ];
    match target {
        "warc" => vec![warc.concat(), warc[2].clone()],
        "gzip-members" => vec![warc.iter().flat_map(|r| gz(r)).collect(), gz(&warc.concat())],
        "jsonl" => vec![
            (0..4)
                .map(|i| serde_json::json!({"id": format!("d{i}"), "html": page(i), "url": "https://ex.com"}).to_string() + "\n")
                .collect::<String>()
                .into_bytes(),
            b"{\"id\":1,\"text\":\"plain\"}\n{broken\n\n{\"id\":\"x\"}\n".to_vec(),
        ],
        "http-heads" => vec![http(1, ""), chunked, gzipped_body, b"HTTP/1.0 301 Moved\nLocation: /\n\n".to_vec()],
        _ => {
            let mut pages: Vec<Vec<u8>> = (0..3).map(|i| page(i).into_bytes()).collect();
            if let Ok(dir) = std::fs::read_dir("samples/raw") {
                pages.extend(dir.flatten().filter_map(|e| std::fs::read(e.path()).ok()));
            }
            pages
        }
    }
}
