//! The hostile tester's battery, its inputs: broken gzip members in a WARC,
//! a charset that contradicts the bytes, pathological and endless inputs,
//! and what the fuzzer found. Each test failed on the code before the fix it
//! names (issue 13); the runs' side is in `hostile.rs`.

use crate::common::*;
use crate::hostile::{run, warc_pages};
use std::fs;
use std::path::Path;

/// Item 6: a `.warc.gz` with one member per record, the middle one broken.
fn warc_gz_with_a_broken_member(break_it: impl Fn(&mut Vec<u8>)) -> (Vec<u8>, usize) {
    let records = warc_pages(3);
    let mut members: Vec<Vec<u8>> = (0..3)
        .map(|i| {
            let one = warc_pages(3);
            let len = one.len() / 3;
            let _ = &records;
            gz(&one[i * len..(i + 1) * len])
        })
        .collect();
    break_it(&mut members[1]);
    let first = members[0].len();
    (members.concat(), first)
}

fn clean_warc_gz(bytes: Vec<u8>) -> (Vec<serde_json::Value>, Vec<serde_json::Value>, i32) {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("crawl.warc.gz");
    fs::write(&dump, bytes).unwrap();
    let out = dir.path().join("out.jsonl");
    let done = run(&[&dump, &"-o", &out]);
    let docs = jsonl_lines(&fs::read(&out).unwrap());
    let entries = manifest(&dir.path().join("out.manifest.jsonl"));
    (docs, entries, done.status.code().unwrap())
}

#[test]
fn a_gzip_member_with_a_wrong_checksum_fails_its_record_and_the_next_is_read() {
    // The data inflate as they should; only the CRC-32 in the trailer is off.
    let (bytes, _) = warc_gz_with_a_broken_member(|m| {
        let at = m.len() - 8;
        m[at] ^= 0xff;
    });
    let (docs, entries, code) = clean_warc_gz(bytes);
    assert_eq!(code, 1);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["<urn:uuid:00000000>", "<urn:uuid:00000002>"]);
    let (ok, _, _, failed) = statuses(&entries);
    assert_eq!((ok, failed), (2, 1), "{entries:?}");
    let failure = entries.iter().find(|e| e["status"] == "failed").unwrap();
    assert!(
        failure["error"].as_str().unwrap().contains("is broken"),
        "{failure}"
    );
}

#[test]
fn a_gzip_member_with_garbled_data_fails_and_the_reader_goes_on() {
    let (bytes, _) = warc_gz_with_a_broken_member(|m| {
        let mid = m.len() / 2;
        for b in &mut m[mid..mid + 8] {
            *b ^= 0x5a;
        }
    });
    let (docs, entries, code) = clean_warc_gz(bytes);
    assert_eq!(code, 1);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["<urn:uuid:00000000>", "<urn:uuid:00000002>"],
        "the record after it is read"
    );
    assert!(statuses(&entries).3 >= 1);
    for doc in &docs {
        assert!(
            !doc["text"].as_str().unwrap().contains('\u{FFFD}'),
            "no garbled text: {doc}"
        );
    }
}

#[test]
fn a_broken_checksum_of_one_member_holding_everything_fails_every_record() {
    let mut bytes = gz(&warc_pages(5));
    let at = bytes.len() - 8;
    bytes[at] ^= 0xff;
    let (docs, entries, code) = clean_warc_gz(bytes);
    assert_eq!(code, 1);
    assert!(
        docs.is_empty(),
        "nothing of a member that fails its checksum is output"
    );
    assert_eq!(statuses(&entries).3, 5, "{entries:?}");
}

/// Item 7: an HTTP charset the bytes contradict loses to the bytes.
#[test]
fn an_http_charset_that_contradicts_the_bytes_loses_to_them() {
    let page =
        "<html><body><p>The council approved the new budget on Tuesday evening.</p></body></html>";
    for charset in ["iso-2022-kr", "utf-16le"] {
        let doc = clean_warc_response(
            "https://ex.com/a",
            &http("200 OK", &format!("text/html; charset={charset}"), page),
        );
        assert_eq!(
            doc["text"], "The council approved the new budget on Tuesday evening.\n",
            "{charset}: {doc}"
        );
    }
}

/// Item 11: one page must not stop the batch. The parser is spared pages
/// that would cost it gigabytes or hours; their text is still taken.
#[test]
fn pathological_html_is_cleaned_without_the_parser() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let formatting: String = (0..1000)
        .map(|i| format!("<b id=b{i}>"))
        .collect::<String>()
        + "<p>Lead sentence of the story.</p>"
        + &"<div>x</div>".repeat(16_000);
    fs::write(input.join("a-formatting.html"), formatting).unwrap();
    let nested = "<div>".repeat(200_000) + "<p>Deep sentence of the story.</p>";
    fs::write(input.join("b-nested.html"), nested).unwrap();
    fs::write(input.join("c-good.html"), "<p>A good page.</p>").unwrap();
    let out = dir.path().join("out");
    let done = run(&[&input, &"-o", &out]);
    assert!(done.status.success(), "{}", stderr_of(&done));
    assert_stderr_contains(&done, "HTML too costly to parse");
    assert!(
        fs::read_to_string(out.join("a-formatting.txt"))
            .unwrap()
            .contains("Lead sentence of the story.")
    );
    assert!(
        fs::read_to_string(out.join("b-nested.txt"))
            .unwrap()
            .contains("Deep sentence of the story.")
    );
    assert_eq!(
        fs::read_to_string(out.join("c-good.txt")).unwrap(),
        "A good page.\n"
    );
}

/// Item 11: an endless input is read to a bound, not forever.
#[cfg(target_os = "linux")]
#[test]
fn an_endless_input_ends() {
    newsclean()
        .args(["clean", "-q", "--stdout", "/dev/zero"])
        // A guard against hanging, not a measure: the read ends after 1 GiB.
        .timeout(std::time::Duration::from_secs(300))
        .assert()
        .success();
}

/// What `make fuzz` found, kept as regressions: each input cleans without a
/// failure (a panic inside cleaning fails the document and loses its text).
#[test]
fn inputs_the_fuzzer_found_clean_without_failing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-found");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let done = run(&[&path, &"--stdout"]);
        assert!(
            done.status.success(),
            "{}: {}",
            path.display(),
            stderr_of(&done)
        );
    }
}
