//! A hostile tester's battery: every way a batch run was found to lose or
//! corrupt documents with exit 0 or an `ok` manifest. Each test failed on the
//! code before the fix it names (issue 13).

use crate::common::*;
use std::fs;
use std::path::{Path, PathBuf};

/// A WARC of `n` HTML responses, each with its own record id.
pub(crate) fn warc_pages(n: usize) -> Vec<u8> {
    (0..n)
        .flat_map(|i| {
            let body = format!(
                "<html><body><h1>Story {i}</h1><p>Paragraph {i} of a story long enough to keep.</p></body></html>"
            );
            warc_record(
                "response",
                &format!("https://ex.com/{i}"),
                &format!("<urn:uuid:{i:08}>"),
                &http("200 OK", "text/html; charset=utf-8", &body),
            )
        })
        .collect()
}

pub(crate) fn run(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    let mut cmd = newsclean();
    cmd.arg("clean").arg("-q");
    for a in args {
        cmd.arg(a);
    }
    cmd.output().unwrap()
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn ok_count(manifest_path: &Path) -> usize {
    statuses(&manifest(manifest_path)).0
}

/// Item 1: all records of a single-member `.warc.gz` share the origin
/// `crawl.warc.gz@0`; resume must know them apart.
#[test]
fn resume_knows_the_records_of_a_single_gzip_member_apart() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("crawl.warc.gz");
    fs::write(&dump, gz(&warc_pages(3000))).unwrap();
    let full = dir.path().join("full.jsonl");
    assert!(run(&[&dump, &"-o", &full]).status.success());

    let out = dir.path().join("out.jsonl");
    let killed = newsclean()
        .args(["clean", "-q", "-j", "1"])
        .arg(&dump)
        .arg("-o")
        .arg(&out)
        .env("NEWSCLEAN_KILL_AT", "manifest-committed")
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the run was killed");
    let manifest_path = dir.path().join("out.manifest.jsonl");
    let done = manifest(&manifest_path).len();
    assert!(
        done > 0 && done < 3000,
        "{done} records done before the kill"
    );

    let resumed = run(&[&dump, &"-o", &out, &"--resume"]);
    assert!(resumed.status.success(), "{}", stderr_of(&resumed));
    assert_eq!(lines(&out), lines(&full), "every record cleaned once");
    assert_eq!(ok_count(&manifest_path), 3000);
}

/// Item 3: files added before the earlier ones must not displace them. The
/// added documents copy the earlier ones: which of two copies is the first
/// one is decided in the order documents are first cleaned, so the duplicate
/// marks (tested in `dataset.rs`) are left out of this comparison.
#[test]
fn resume_into_jsonl_after_inputs_were_added_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("b.jsonl"), jsonl_dump(5)).unwrap();
    let out = dir.path().join("out.jsonl");
    assert!(
        run(&[&input, &"-o", &out, &"--dedup", &"off"])
            .status
            .success()
    );
    let added = jsonl_dump(3).replace("doc-", "new-");
    fs::write(input.join("a.jsonl"), added).unwrap();

    let resumed = run(&[&input, &"-o", &out, &"--resume", &"--dedup", &"off"]);
    assert!(resumed.status.success(), "{}", stderr_of(&resumed));
    let ids: Vec<String> = jsonl_lines(&fs::read(&out).unwrap())
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "new-0", "new-1", "new-2", "doc-0", "doc-1", "doc-2", "doc-3", "doc-4"
        ],
        "every document, in input order"
    );
    let fresh = dir.path().join("fresh.jsonl");
    assert!(
        run(&[&input, &"-o", &fresh, &"--dedup", &"off"])
            .status
            .success()
    );
    assert_eq!(lines(&out), lines(&fresh), "as a fresh run makes it");
    assert_eq!(ok_count(&dir.path().join("out.manifest.jsonl")), 8);
}

/// Item 4: resuming with other rules would mix two cleanings.
#[test]
fn resume_after_the_rules_changed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("d.jsonl");
    fs::write(&dump, jsonl_dump(3)).unwrap();
    let out = dir.path().join("out");
    assert!(run(&[&dump, &"-o", &out]).status.success());
    let rules = dir.path().join("mine.toml");
    fs::write(
        &rules,
        "[[rule]]\nid = \"x.story\"\ndescription = \"story lines\"\nkind = \"drop_line\"\npattern = '^Story'\n",
    )
    .unwrap();
    let resumed = run(&[&dump, &"-o", &out, &"--resume", &"--rules", &rules]);
    assert_eq!(resumed.status.code(), Some(2));
    assert_stderr_contains(&resumed, "rule files (fingerprint)");
    assert_stderr_contains(&resumed, "Run without --resume");
    let other = run(&[&dump, &"-o", &out, &"--resume", &"--max-doc-bytes", &"100"]);
    assert_eq!(other.status.code(), Some(2));
    assert_stderr_contains(&other, "--max-doc-bytes: 8388608 then, 100 now");
    // Only what changed is named, not every option.
    for (options, named) in [
        (["--favor", "recall"], "\"descend_share: 0.8, "),
        (["--dedup", "off"], "\"dedup=Near\" then, \"dedup=Off\" now"),
    ] {
        let changed = run(&[&dump, &"-o", &out, &"--resume", &options[0], &options[1]]);
        assert_eq!(changed.status.code(), Some(2), "{options:?}");
        assert_stderr_contains(&changed, &format!("output options: {named}"));
        assert!(!stderr_of(&changed).contains("prose_paragraph_chars"));
    }
    // The same command resumes.
    assert!(run(&[&dump, &"-o", &out, &"--resume"]).status.success());
}

/// Item 5: inputs whose cleaned text would land on one file.
#[test]
fn inputs_that_would_collide_in_a_tree_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("page.txt"), "Text.\n").unwrap();
    fs::write(input.join("page.html"), "<p>Html.</p>").unwrap();
    let out = dir.path().join("out");
    let refused = run(&[&input, &"-o", &out]);
    assert_eq!(refused.status.code(), Some(2));
    assert_stderr_contains(&refused, "would both be written to page.txt");
    assert!(!out.join("page.txt").exists(), "nothing was written");

    let dumps = dir.path().join("dumps");
    fs::create_dir(&dumps).unwrap();
    fs::write(dumps.join("crawl.warc"), warc_pages(2)).unwrap();
    fs::write(dumps.join("crawl.warc.gz"), gz(&warc_pages(2))).unwrap();
    let refused = run(&[&dumps, &"-o", &out]);
    assert_eq!(refused.status.code(), Some(2));
    assert_stderr_contains(&refused, "would both be written to crawl.warc");
    // Into JSONL nothing collides: every record is kept.
    let jsonl = dir.path().join("all.jsonl");
    assert!(run(&[&dumps, &"-o", &jsonl]).status.success());
    assert_eq!(lines(&jsonl).len(), 4);
}

/// Item 8: outputs over inputs.
#[test]
fn outputs_never_overwrite_or_land_in_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let raw = "<html><body><p>Raw page, keep me.</p></body></html>";
    fs::write(input.join("page.txt"), raw).unwrap();
    let page = input.join("page.txt");

    let same = run(&[&input, &"-o", &input]);
    assert_eq!(same.status.code(), Some(2));
    assert_stderr_contains(&same, "is the same as the input");
    let inside = run(&[&input, &"-o", &input.join("out")]);
    assert_eq!(inside.status.code(), Some(2));
    assert_stderr_contains(&inside, "inside the input");
    let manifest_on_input = run(&[&page, &"-o", &dir.path().join("o"), &"--manifest", &page]);
    assert_eq!(manifest_on_input.status.code(), Some(2));
    let jsonl_in_input = run(&[&input, &"-o", &input.join("x.jsonl")]);
    assert_eq!(jsonl_in_input.status.code(), Some(2));
    let input_in_output = run(&[&page, &"-o", &dir.path()]);
    assert_eq!(input_in_output.status.code(), Some(2));
    assert_stderr_contains(&input_in_output, "inside the output folder");
    assert_eq!(
        fs::read_to_string(&page).unwrap(),
        raw,
        "the input is intact"
    );
    assert_eq!(fs::read_dir(&input).unwrap().count(), 1, "nothing added");
}

/// Item 9: a second run into the same output is refused while the first holds it.
#[cfg(target_os = "linux")]
#[test]
fn a_second_run_into_a_locked_output_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("d.jsonl");
    fs::write(&dump, jsonl_dump(2)).unwrap();

    let out = dir.path().join("out.jsonl");
    let held = fs::File::create(dir.path().join("out.jsonl.lock")).unwrap();
    assert!(newsclean::sink::try_lock(&held).unwrap());
    let second = run(&[&dump, &"-o", &out]);
    assert_eq!(second.status.code(), Some(2));
    assert_stderr_contains(&second, "another newsclean run is writing this output");
    assert!(!out.exists());
    drop(held);
    assert!(run(&[&dump, &"-o", &out]).status.success());
    assert!(
        !dir.path().join("out.jsonl.lock").exists(),
        "the lock file goes at the end"
    );

    let tree = dir.path().join("tree");
    fs::create_dir(&tree).unwrap();
    let held = fs::File::open(&tree).unwrap();
    assert!(newsclean::sink::try_lock(&held).unwrap());
    let second = run(&[&dump, &"-o", &tree]);
    assert_eq!(second.status.code(), Some(2));
    assert!(!tree.join("manifest.jsonl").exists());
}

/// Item 10: a file name that is not UTF-8 is cleaned and accounted for.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_cleaned() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let latin1 = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let other = std::ffi::OsStr::from_bytes(b"caf\xe8.txt");
    fs::write(input.join(latin1), "Caf\u{e9} page.\n").unwrap();
    fs::write(input.join(other), "Other page.\n").unwrap();
    let out = dir.path().join("out");
    let done = run(&[&input, &"-o", &out]);
    assert!(done.status.success(), "{}", stderr_of(&done));
    assert_eq!(
        fs::read_to_string(out.join(latin1)).unwrap(),
        "Caf\u{e9} page.\n"
    );
    assert_eq!(
        fs::read_to_string(out.join(other)).unwrap(),
        "Other page.\n"
    );
    let entries = manifest(&out.join("manifest.jsonl"));
    assert_eq!(statuses(&entries).0, 2);
    let keys: Vec<&str> = entries.iter().map(|e| e["key"].as_str().unwrap()).collect();
    assert!(keys[0] != keys[1], "two names, two keys: {keys:?}");
    let again = run(&[&input, &"-o", &out, &"--resume"]);
    assert!(again.status.success());
    assert_eq!(
        manifest(&out.join("manifest.jsonl")).len(),
        2,
        "nothing redone"
    );
}

/// Item 13: `--max-doc-bytes` near the top of the range does not wrap.
#[test]
fn a_huge_max_doc_bytes_does_not_wrap() {
    let words: String = (0..20_000).map(|i| format!("w{i} ")).collect();
    let block = http("200 OK", "text/html", &format!("<p>{words}</p>"));
    let warc = warc_record("response", "https://ex.com/", "<urn:uuid:big>", &block);
    let out = jsonl_filter("warc", &["--max-doc-bytes", "18446744073709551615"])
        .write_stdin(warc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc = &jsonl_lines(&out.stdout)[0];
    assert!(doc["metadata"].get("cut_from_bytes").is_none(), "{doc}");
    let text = doc["text"].as_str().unwrap().trim_end();
    assert!(
        text.starts_with("w0 w1 ") && text.ends_with(" w19999") && text.len() + 1 >= words.len(),
        "{} of {} bytes kept",
        text.len(),
        words.len()
    );
}

/// Leftovers of a killed run are temp files; `--resume` removes them.
#[test]
fn resume_removes_leftover_temp_files() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("d.jsonl");
    fs::write(&dump, jsonl_dump(3)).unwrap();
    let out = dir.path().join("out");
    assert!(run(&[&dump, &"-o", &out]).status.success());
    let stale: PathBuf = out.join("d.jsonl/.000001-doc-0.txt.newsclean-AbCdEf.tmp");
    fs::write(&stale, "half a file").unwrap();
    let jsonl = dir.path().join("o.jsonl");
    assert!(run(&[&dump, &"-o", &jsonl]).status.success());
    let stale_beside = dir.path().join(".o.jsonl.newsclean-XyZ123.tmp");
    fs::write(&stale_beside, "half a merge").unwrap();
    assert!(run(&[&dump, &"-o", &out, &"--resume"]).status.success());
    assert!(run(&[&dump, &"-o", &jsonl, &"--resume"]).status.success());
    assert!(!stale.exists() && !stale_beside.exists());
}

/// A resumed run starts with the duplicate index of the documents written
/// before it, so copies of them are marked as one uninterrupted run marks them.
#[test]
fn resume_into_jsonl_marks_copies_of_documents_done_before() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(input.join("a.jsonl"), jsonl_dump(3)).unwrap();
    let out = dir.path().join("out.jsonl");
    assert!(run(&[&input, &"-o", &out]).status.success());
    fs::write(
        input.join("b.jsonl"),
        jsonl_dump(3).replace("doc-", "copy-"),
    )
    .unwrap();

    let resumed = run(&[&input, &"-o", &out, &"--resume"]);
    assert!(resumed.status.success(), "{}", stderr_of(&resumed));
    let marks: Vec<Option<String>> = jsonl_lines(&fs::read(&out).unwrap())
        .iter()
        .map(|d| d["metadata"]["duplicate_of"].as_str().map(str::to_string))
        .collect();
    let doc = |i: usize| Some(format!("doc-{i}"));
    assert_eq!(marks, [None, None, None, doc(0), doc(1), doc(2)]);
    let fresh = dir.path().join("fresh.jsonl");
    assert!(run(&[&input, &"-o", &fresh]).status.success());
    assert_eq!(lines(&out), lines(&fresh), "as a fresh run makes it");
}
