//! Helpers shared by the tests: the binary, WARC and JSONL builders, and
//! reading a manifest back.
#![allow(dead_code)]

use assert_cmd::Command;
use flate2::{Compression, write::GzEncoder};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The binary, with the run time fixed (`added` in the output) so that two
/// runs give the same bytes, and colourless whatever the environment says.
pub fn newsclean() -> Command {
    let mut cmd = Command::cargo_bin("newsclean").unwrap();
    cmd.env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

/// The number of documents in `samples/raw`.
pub fn samples() -> usize {
    std::fs::read_dir("samples/raw").unwrap().count()
}

pub fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// One WARC record, uncompressed.
pub fn warc_record(kind: &str, uri: &str, id: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-18T05:38:00Z\r\n\
         WARC-Record-ID: {id}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// `newsclean clean` as a stdin-to-stdout filter: `input_format` in, JSONL
/// out; `extra` goes before the final `-`.
pub fn jsonl_filter(input_format: &str, extra: &[&str]) -> Command {
    let mut cmd = newsclean();
    cmd.args([
        "clean",
        "-q",
        "--input-format",
        input_format,
        "--format",
        "jsonl",
    ])
    .args(extra)
    .arg("-");
    cmd
}

/// Cleans one WARC response record given on stdin; returns its JSONL object.
pub fn clean_warc_response(uri: &str, block: &[u8]) -> Value {
    let warc = warc_record("response", uri, "<urn:uuid:one>", block);
    let out = jsonl_filter("warc", &[])
        .write_stdin(warc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    jsonl_lines(&out.stdout).swap_remove(0)
}

/// An HTTP response block.
pub fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}").into_bytes()
}

pub const PAGE: &str =
    "<html><head><title>T</title></head><body><p>The article body.</p></body></html>";

/// A small crawl: warcinfo, request, an HTML response, an image, a 404.
pub fn sample_warc_records() -> Vec<Vec<u8>> {
    vec![
        warc_record("warcinfo", "", "<urn:uuid:info>", b"software: test\r\n"),
        warc_record(
            "request",
            "https://ex.com/a",
            "<urn:uuid:req>",
            b"GET /a HTTP/1.1\r\n\r\n",
        ),
        warc_record(
            "response",
            "https://ex.com/a",
            "<urn:uuid:page-a>",
            &http("200 OK", "text/html; charset=utf-8", PAGE),
        ),
        warc_record(
            "response",
            "https://ex.com/logo.png",
            "<urn:uuid:img>",
            &http("200 OK", "image/png", "\u{1}PNG"),
        ),
        warc_record(
            "response",
            "https://ex.com/gone",
            "<urn:uuid:gone>",
            &http("404 Not Found", "text/html", "<p>gone</p>"),
        ),
    ]
}

/// Records gzip'd one member each, as crawlers write `.warc.gz`.
pub fn warc_gz(records: &[Vec<u8>]) -> Vec<u8> {
    records.iter().flat_map(|r| gz(r)).collect()
}

/// A JSONL dump of `n` pages with ids `doc-0` ...
pub fn jsonl_dump(n: usize) -> String {
    (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("doc-{i}"),
                "html": format!("<html><body><h1>Story {i}</h1><p>Paragraph {i} once morest the odds.</p><p>Second paragraph of story {i}.</p></body></html>"),
                "lang": "en",
            })
            .to_string()
                + "\n"
        })
        .collect()
}

/// The document entries of a manifest (without the line each run opens with).
pub fn manifest(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v.get("run").is_none())
        .collect()
}

/// How many manifest entries have each status: (ok, empty, skipped, failed).
pub fn statuses(entries: &[Value]) -> (usize, usize, usize, usize) {
    let count = |s: &str| entries.iter().filter(|e| e["status"] == s).count();
    (
        count("ok"),
        count("empty"),
        count("skipped"),
        count("failed"),
    )
}

pub fn jsonl_lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Fails, showing the whole stderr, unless it contains `needle`.
pub fn assert_stderr_contains(out: &std::process::Output, needle: &str) {
    let stderr = stderr_of(out);
    assert!(
        stderr.contains(needle),
        "no {needle:?} in stderr:\n{stderr}"
    );
}

/// Every file under `root` (or `root` itself when it is a file, under the
/// empty path), by path relative to `root`, with its bytes.
pub fn files_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if root.is_file() {
        out.insert(PathBuf::new(), std::fs::read(root).unwrap());
        return out;
    }
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The one way to record expected output: `actual` must equal the file at
/// `path` (relative to the crate root; a missing file expects nothing).
/// With `NEWSCLEAN_BLESS=1` the file is rewritten instead (removed when
/// `actual` is empty), to review with `git diff`.
pub fn assert_expected(path: &Path, actual: &str) {
    if let Err(diff) = check_expected(path, actual) {
        panic!("{diff}");
    }
}

/// [`assert_expected`] as a result: what differs, as a unified diff.
pub fn check_expected(path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("NEWSCLEAN_BLESS").is_some() {
        if actual.is_empty() {
            let _ = std::fs::remove_file(path);
        } else {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, actual).unwrap();
        }
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&expected, actual);
    Err(format!(
        "{} differs (- expected, + actual; NEWSCLEAN_BLESS=1 re-records):\n{}",
        path.display(),
        diff.unified_diff().context_radius(2)
    ))
}

/// Runs the binary with `args`; returns stdout and checks the exit code.
pub fn output_of(args: &[&str], code: i32) -> String {
    let out = newsclean().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
