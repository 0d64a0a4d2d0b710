//! Every kind of bad input from a real crawl: each gets a clear error naming
//! the document (or a reason to skip it), and the batch goes on.

use crate::common::*;
use std::fs;
use std::path::Path;

/// Cleans `inputs` (with `good.txt` after them) into a text tree; returns the
/// manifest entries, the stderr and the exit code.
fn clean_with_good(dir: &Path, extra_args: &[&str]) -> (Vec<serde_json::Value>, String, i32) {
    fs::write(dir.join("in/zz-good.txt"), "Good page.\n").unwrap();
    let out = dir.join("out");
    let run = newsclean()
        .arg("clean")
        .arg(dir.join("in"))
        .arg("-o")
        .arg(&out)
        .args(extra_args)
        .output()
        .unwrap();
    assert_eq!(
        fs::read_to_string(out.join("zz-good.txt")).unwrap(),
        "Good page.\n",
        "the batch goes on"
    );
    let entries = manifest(&out.join("manifest.jsonl"));
    (entries, stderr_of(&run), run.status.code().unwrap())
}

fn input_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("in")).unwrap();
    dir
}

#[test]
fn truncated_gzip_is_a_failed_document() {
    let dir = input_dir();
    let mut data = gz("<p>A page long enough to be cut in half.</p>"
        .repeat(200)
        .as_bytes());
    data.truncate(data.len() / 2);
    fs::write(dir.path().join("in/page.html.gz"), data).unwrap();
    let (entries, stderr, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(entries[0]["status"], "failed");
    assert_eq!(entries[0]["id"], "page.html");
    assert!(
        stderr.contains("page.html.gz: gzip member at byte 0"),
        "{stderr}"
    );
}

#[test]
fn a_truncated_warc_record_fails_after_the_good_records() {
    let dir = input_dir();
    let mut warc = sample_warc_records()[..3].concat();
    let last = warc_record(
        "response",
        "https://ex.com/b",
        "<urn:uuid:b>",
        &http("200 OK", "text/html", PAGE),
    );
    warc.extend_from_slice(&last[..last.len() - 40]);
    fs::write(dir.path().join("in/cut.warc"), warc).unwrap();
    let (entries, stderr, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&entries), (2, 0, 2, 1));
    assert_eq!(entries[3]["status"], "failed");
    assert!(
        entries[3]["error"]
            .as_str()
            .unwrap()
            .starts_with("truncated WARC record <urn:uuid:b>"),
        "{}",
        entries[3]
    );
    assert!(stderr.contains("cut.warc@"), "{stderr}");
}

#[test]
fn a_truncated_warc_gz_keeps_the_records_before_the_cut() {
    let dir = input_dir();
    let mut data = warc_gz(&sample_warc_records());
    data.truncate(data.len() - 10);
    fs::write(dir.path().join("in/cut.warc.gz"), data).unwrap();
    let (entries, _, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(entries[2]["id"], "<urn:uuid:page-a>");
    assert_eq!(entries[2]["status"], "ok");
    let failed = entries.iter().find(|e| e["status"] == "failed").unwrap();
    assert!(
        failed["error"]
            .as_str()
            .unwrap()
            .contains("gzip member at byte"),
        "{failed}"
    );
}

#[test]
fn a_file_named_warc_that_is_not_one_is_refused() {
    let dir = input_dir();
    fs::write(dir.path().join("in/fake.warc"), "<html>not a warc</html>\n").unwrap();
    let (entries, stderr, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(entries[0]["status"], "failed");
    assert!(stderr.contains("fake.warc: not a WARC file"), "{stderr}");
}

#[test]
fn a_malformed_record_is_skipped_and_the_next_one_read() {
    let dir = input_dir();
    let records = sample_warc_records();
    let broken = b"WARC/1.0\r\nWARC-Type: response\r\nno colon here\r\n\r\n".to_vec();
    let warc = [records[2].clone(), broken, records[2].clone()].concat();
    fs::write(dir.path().join("in/mixed.warc"), warc).unwrap();
    let (entries, _, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    let status: Vec<&str> = entries
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(status, ["ok", "failed", "ok", "ok"]);
}

#[test]
fn invalid_json_lines_fail_one_by_one() {
    let dir = input_dir();
    fs::write(
        dir.path().join("in/d.jsonl"),
        "{\"id\":\"a\",\"text\":\"One.\"}\n{broken\n[1,2]\n\n{\"id\":\"b\",\"html\":\"<p>Two.</p>\"}\n",
    )
    .unwrap();
    let (entries, stderr, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&entries), (3, 0, 0, 2));
    assert_eq!(
        entries[1]["source"].as_str().unwrap().rsplit(':').next(),
        Some("2")
    );
    assert!(stderr.contains("d.jsonl:3: invalid JSON"), "{stderr}");
    assert_eq!(
        entries[3]["source"].as_str().unwrap().rsplit(':').next(),
        Some("5")
    );
}

#[test]
fn binary_and_empty_files_are_accounted_for() {
    let dir = input_dir();
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
    fs::write(dir.path().join("in/image.html"), binary).unwrap();
    fs::write(dir.path().join("in/empty.txt"), "").unwrap();
    fs::write(dir.path().join("in/empty.warc"), "").unwrap();
    fs::write(dir.path().join("in/empty.jsonl.gz"), gz(b"")).unwrap();
    let (entries, stderr, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 0);
    let by_id = |id: &str| entries.iter().find(|e| e["id"] == id).unwrap().clone();
    assert_eq!(by_id("image.html")["status"], "skipped");
    assert!(
        by_id("image.html")["reason"]
            .as_str()
            .unwrap()
            .starts_with("binary content")
    );
    assert_eq!(by_id("empty.txt")["status"], "empty");
    assert_eq!(by_id("empty.warc")["reason"], "empty file");
    assert_eq!(by_id("empty.jsonl")["reason"], "empty file");
    assert!(
        stderr.contains("image.html: skipped: binary content"),
        "{stderr}"
    );
}

#[test]
fn a_gzip_bomb_is_refused() {
    let dir = input_dir();
    fs::write(
        dir.path().join("in/bomb.html.gz"),
        gz(&vec![b' '; 64 << 20]),
    )
    .unwrap();
    let (entries, stderr, code) = clean_with_good(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(entries[0]["status"], "failed");
    assert!(stderr.contains("decompression bomb"), "{stderr}");
}

#[test]
fn a_100_mb_single_line_is_cut_as_text_and_refused_as_jsonl() {
    let dir = input_dir();
    let line = "word ".repeat(20 << 20);
    fs::write(dir.path().join("in/huge.txt"), &line).unwrap();
    fs::write(
        dir.path().join("in/huge.jsonl"),
        format!(
            "{{\"id\":\"big\",\"text\":\"{line}\"}}\n{{\"id\":\"small\",\"text\":\"Small.\"}}\n"
        ),
    )
    .unwrap();
    drop(line);
    let (entries, stderr, code) = clean_with_good(dir.path(), &["--max-doc-bytes", "1000000"]);
    assert_eq!(code, 1);
    let txt = entries.iter().find(|e| e["id"] == "huge.txt").unwrap();
    assert_eq!(txt["status"], "ok");
    assert_eq!(txt["bytes_in"], 100u64 << 20);
    assert!(txt["bytes_out"].as_u64().unwrap() <= 1_000_000);
    assert_eq!(
        txt["reason"],
        format!("cut at 1000000 of {} bytes (--max-doc-bytes)", 100u64 << 20)
    );
    let big = entries.iter().find(|e| e["id"] == "huge.jsonl:1").unwrap();
    assert_eq!(big["status"], "failed");
    assert!(
        big["error"].as_str().unwrap().contains("longer than"),
        "{big}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["id"] == "small" && e["status"] == "ok")
    );
    assert!(stderr.contains("huge.txt: cut at 1000000"), "{stderr}");
}
