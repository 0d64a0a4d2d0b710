//! Crawl dumps through the real binary: WARC and JSONL in, a text tree or
//! JSONL out, the manifest and the summary accounting for every document.

use crate::common::*;
use std::fs;

#[test]
fn warc_gz_responses_become_jsonl_documents_with_warc_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("crawl.warc.gz");
    fs::write(&warc, warc_gz(&sample_warc_records())).unwrap();
    let manifest_path = dir.path().join("m.jsonl");
    let out = newsclean()
        .args(["clean", "--format", "jsonl", "--manifest"])
        .arg(&manifest_path)
        .arg(&warc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let docs = jsonl_lines(&out.stdout);
    assert_eq!(docs.len(), 1, "only the HTML response is a document");
    let doc = &docs[0];
    assert_eq!(doc["id"], "<urn:uuid:page-a>");
    assert!(doc["text"].as_str().unwrap().contains("The article body."));
    let meta = &doc["metadata"];
    assert_eq!(meta["url"], "https://ex.com/a");
    assert_eq!(meta["warc_date"], "2024-01-18T05:38:00Z");
    assert_eq!(meta["warc_record_id"], "<urn:uuid:page-a>");
    assert!(meta["source"].as_str().unwrap().contains("crawl.warc.gz@"));

    let entries = manifest(&manifest_path);
    assert_eq!(statuses(&entries), (1, 0, 4, 0));
    let reasons: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["reason"].as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "WARC warcinfo record",
            "WARC request record",
            "not HTML (Content-Type: image/png)",
            "HTTP status 404"
        ]
    );
    // Each record's source is the offset of its gzip member.
    let offsets: Vec<u64> = entries
        .iter()
        .map(|e| {
            let s = e["source"].as_str().unwrap();
            s.rsplit_once('@').unwrap().1.parse().unwrap()
        })
        .collect();
    let mut expected = vec![0u64];
    for r in &sample_warc_records()[..4] {
        expected.push(expected.last().unwrap() + gz(r).len() as u64);
    }
    assert_eq!(offsets, expected);
    assert!(
        stderr_of(&out)
            .contains("5 documents read: 1 cleaned, 0 empty after cleaning, 4 skipped, 0 failed"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn warc_records_go_one_file_each_under_a_folder_named_after_the_warc() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("2024")).unwrap();
    fs::write(
        input.join("2024/crawl.warc"),
        sample_warc_records().concat(),
    )
    .unwrap();
    let out = dir.path().join("out");
    newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("-q")
        .assert()
        .success();
    let folder = out.join("2024/crawl.warc");
    let names: Vec<String> = fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["000002-ex.com_a.txt"]);
    let text = fs::read_to_string(folder.join(&names[0])).unwrap();
    assert!(text.contains("The article body."), "{text}");
    assert_eq!(
        statuses(&manifest(&out.join("manifest.jsonl"))),
        (1, 0, 4, 0)
    );
}

#[test]
fn jsonl_fields_are_carried_through_with_each_key_once() {
    let line = r#"{"id": 7, "text": "Title\n\nBody once morest all.", "url": "https://ex.com/7", "source": "cc-2024", "lang": "de"}"#;
    let out = jsonl_filter("jsonl", &[])
        .write_stdin(format!("{line}\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let raw = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(raw.matches("\"url\"").count(), 1, "{raw}");
    assert_eq!(raw.matches("\"source\"").count(), 2, "{raw}");
    let doc = &jsonl_lines(&out.stdout)[0];
    assert_eq!(doc["id"], "7");
    assert_eq!(doc["text"], "Title\n\nBody against all.\n");
    assert_eq!(doc["metadata"]["url"], "https://ex.com/7");
    // newsclean identifies the language itself: the input's field is kept beside it.
    assert_eq!(doc["metadata"]["extra_lang"], "de");
    assert_eq!(raw.matches("\"lang\"").count(), 1, "{raw}");
    assert_eq!(doc["source"], "cc-2024", "a Dolma source stays top-level");
    assert_eq!(doc["metadata"]["source"], "<stdin>:1");
}

#[test]
fn jsonl_gz_output_is_written_whole_with_its_manifest_beside() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl.gz");
    fs::write(&dump, gz(jsonl_dump(50).as_bytes())).unwrap();
    let to_stdout = newsclean()
        .args(["clean", "-q", "--format", "jsonl"])
        .arg(&dump)
        .output()
        .unwrap();
    let out = dir.path().join("clean.jsonl.gz");
    newsclean()
        .args(["clean", "-q", "-j", "2"])
        .arg(&dump)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mut written = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::MultiGzDecoder::new(fs::File::open(&out).unwrap()),
        &mut written,
    )
    .unwrap();
    assert_eq!(written, to_stdout.stdout);
    assert_eq!(jsonl_lines(&written).len(), 50);
    let entries = manifest(&dir.path().join("clean.manifest.jsonl"));
    assert_eq!(statuses(&entries), (50, 0, 0, 0));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "no parts or temp files left: {leftovers:?}"
    );
}

#[test]
fn duplicate_and_hostile_ids_stay_inside_the_output_and_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(5000);
    let ids = [
        "same",
        "same",
        "../../escape",
        "/etc/passwd",
        "nul\u{0}byte",
        &long,
        "..",
    ];
    let dump: String = ids
        .iter()
        .map(|id| {
            serde_json::json!({"id": id, "text": format!("Text of {}", id.len())}).to_string()
                + "\n"
        })
        .collect();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("d.jsonl"), dump).unwrap();
    let out = dir.path().join("out");
    newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-q")
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mut names: Vec<String> = fs::read_dir(out.join("d.jsonl"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), ids.len(), "{names:?}");
    assert!(names.iter().all(|n| n.len() < 100 && !n.starts_with('.')));
    assert_eq!(names[0], "000001-same.txt");
    assert_eq!(names[1], "000002-same.txt");
    let outside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        outside.len(),
        2,
        "nothing written beside in/ and out/: {outside:?}"
    );
}

#[test]
fn jsonl_output_is_identical_whatever_the_thread_count() {
    let dump = jsonl_dump(600);
    let run = |threads: &str| {
        jsonl_filter("jsonl", &["-j", threads])
            .write_stdin(dump.clone())
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(jsonl_lines(&one).len(), 600);
    assert_eq!(one, run("2"));
}

#[test]
fn manifest_and_summary_account_for_every_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(&input).unwrap();
    fs::write(input.join("a.txt"), "Big News\n\nBody.\n").unwrap();
    fs::write(input.join("b.txt"), "   \n\n").unwrap();
    fs::write(input.join("c.warc"), sample_warc_records().concat()).unwrap();
    fs::write(
        input.join("d.jsonl"),
        "{\"id\":\"ok\",\"text\":\"Fine.\"}\nnot json\n{\"id\":\"x\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let run = newsclean()
        .arg("clean")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1), "two JSONL lines failed");
    let entries = manifest(&out.join("manifest.jsonl"));
    let (ok, empty, skipped, failed) = statuses(&entries);
    assert_eq!((ok, empty, skipped, failed), (3, 1, 4, 2));
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["read"], entries.len());
    assert_eq!(json["read"], ok + empty + skipped + failed);
    assert_eq!(json["cleaned"], ok);
    assert_eq!(json["empty"], empty);
    assert_eq!(json["skipped"], skipped);
    assert_eq!(json["failed"], failed);
    let numbers: Vec<u64> = entries.iter().map(|e| e["n"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (0..10).collect::<Vec<_>>());
    let errors: Vec<&str> = entries.iter().filter_map(|e| e["error"].as_str()).collect();
    assert!(errors[0].starts_with("invalid JSON"), "{errors:?}");
    assert!(errors[1].contains("no \"html\", no \"text\""), "{errors:?}");
    assert_stderr_contains(&run, "d.jsonl:2: invalid JSON");
}

#[cfg(unix)]
#[test]
fn symlink_loops_in_input_folders_are_walked_once() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("sub")).unwrap();
    fs::write(input.join("sub/page.txt"), "Hello.\n").unwrap();
    std::os::unix::fs::symlink(&input, input.join("sub/loop")).unwrap();
    let out = newsclean()
        .args(["clean", "--stdout"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), "Hello.\n");
    assert_stderr_contains(&out, "1 documents read");
}

#[cfg(unix)]
#[test]
fn output_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("page.txt"), "Hello.\n").unwrap();
    let tree = dir.path().join("out");
    let file = dir.path().join("out.jsonl");
    for out in [&tree, &file] {
        newsclean()
            .arg("clean")
            .arg(dir.path().join("page.txt"))
            .arg("-q")
            .arg("-o")
            .arg(out)
            .assert()
            .success();
    }
    for path in [tree.join("page.txt"), file] {
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_ne!(
            mode & 0o044,
            0,
            "{}: readable by others as umask allows",
            path.display()
        );
    }
}

#[test]
fn the_http_charset_of_a_warc_record_reaches_decoding() {
    let mut body = b"<html><body><p>Caf".to_vec();
    body.push(0xe9);
    body.extend_from_slice(b" au lait.</p></body></html>");
    let mut block =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1252\r\n\r\n".to_vec();
    block.extend_from_slice(&body);
    let doc = clean_warc_response("https://ex.com/cafe", &block);
    assert!(
        doc["text"].as_str().unwrap().contains("Café au lait."),
        "{doc}"
    );
    assert_eq!(doc["metadata"]["encoding"], "windows-1252");
}

#[test]
fn chunked_and_gzip_encoded_warc_bodies_are_decoded() {
    let page = "<html><body><article><p>Chunks and gzip, undone.</p></article></body></html>";
    let zipped = gz(page.as_bytes());
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
        Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
        .to_vec();
    let (first, second) = zipped.split_at(zipped.len() / 2);
    for chunk in [first, second] {
        block.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        block.extend_from_slice(chunk);
        block.extend_from_slice(b"\r\n");
    }
    block.extend_from_slice(b"0\r\n\r\n");
    let doc = clean_warc_response("https://ex.com/z", &block);
    assert_eq!(doc["text"], "Chunks and gzip, undone.\n", "{doc}");
}
