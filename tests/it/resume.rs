//! `--resume`: a run killed half way (`kill -9`, for real) and run again
//! finishes with output identical to an uninterrupted run, no document twice
//! or missing, and no partial file ever; failed documents are retried.

use crate::common::*;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const DOCS: usize = 5_000;
/// A text tree commits its manifest every few thousand documents (one
/// `syncfs`), here every `COMMIT_EVERY`, so the run must be long enough to be
/// killed after a commit and before the end.
const TREE_DOCS: usize = 5_000;
/// Documents between commits in these runs (`NEWSCLEAN_COMMIT_EVERY`).
const COMMIT_EVERY: &str = "250";

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("newsclean")
}

/// Starts a run, waits until `committed` says some output is durable, kills it
/// with SIGKILL and checks it really was interrupted.
fn kill_midway(args: &[&Path], extra: &[&str], committed: impl Fn() -> bool) {
    let mut child = Command::new(binary())
        // The run time (`added`) of the killed run and of the resumed one alike.
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NEWSCLEAN_COMMIT_EVERY", COMMIT_EVERY)
        .arg("clean")
        .args(args)
        .args(["-q", "-j", "1"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the run ended ({status}) before it could be killed; make the input larger");
        }
        if committed() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Runs `newsclean clean FLAGS DUMP -o OUT` to the end.
fn clean_to(dump: &Path, out: &Path, flags: &[&str]) -> std::process::Output {
    newsclean()
        .arg("clean")
        .args(flags)
        .arg(dump)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

/// Whether the manifest records a document: its first line is the run's
/// settings, written before the output is opened, so a kill right after it
/// would find no parts yet and test nothing of a resume.
fn documents_recorded(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|m| m.matches('\n').count() >= 2)
}

/// Manifest lines written whole (a kill may cut the last one; resume drops it).
fn complete_lines(path: &Path) -> usize {
    fs::read_to_string(path).unwrap().matches('\n').count()
}

fn assert_each_source_once(entries: &[serde_json::Value], docs: usize) {
    let sources: HashSet<&str> = entries
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(entries.len(), docs, "one manifest line per document");
    assert_eq!(sources.len(), docs, "no document recorded twice");
}

#[test]
fn killed_jsonl_run_resumes_to_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(DOCS)).unwrap();
    let full = dir.path().join("full.jsonl");
    assert!(clean_to(&dump, &full, &["-q"]).status.success());

    let out = dir.path().join("out.jsonl");
    let parts = dir.path().join("out.jsonl.parts");
    let manifest_path = dir.path().join("out.manifest.jsonl");
    kill_midway(&[&dump, Path::new("-o"), &out], &[], || {
        documents_recorded(&manifest_path)
    });
    assert!(!out.exists(), "no partial output file");
    let done = complete_lines(&manifest_path);
    assert!(
        done > 0 && done < DOCS,
        "{done} documents done before the kill"
    );
    assert!(parts.exists());

    assert!(clean_to(&dump, &out, &["-q", "--resume"]).status.success());
    assert!(
        fs::read(&out).unwrap() == fs::read(&full).unwrap(),
        "resumed output differs"
    );
    assert!(!parts.exists(), "parts are removed once merged");
    assert_each_source_once(&manifest(&manifest_path), DOCS);
}

#[test]
fn killed_text_tree_run_resumes_to_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(TREE_DOCS)).unwrap();
    let full = dir.path().join("full");
    assert!(clean_to(&dump, &full, &["-q"]).status.success());

    let out = dir.path().join("out");
    let manifest_path = out.join("manifest.jsonl");
    kill_midway(&[&dump, Path::new("-o"), &out], &[], || {
        documents_recorded(&manifest_path)
    });
    let done = complete_lines(&manifest_path);
    assert!(
        done > 0 && done < TREE_DOCS,
        "{done} documents done before the kill"
    );
    let temp_files = files_under(&out)
        .keys()
        .filter(|p| p.to_string_lossy().contains(".newsclean-"))
        .count();
    assert!(
        temp_files <= 1,
        "at most the file being written when killed"
    );

    assert!(clean_to(&dump, &out, &["-q", "--resume"]).status.success());
    let strip = |mut files: BTreeMap<PathBuf, Vec<u8>>| {
        files.retain(|p, _| {
            !p.ends_with("manifest.jsonl") && !p.to_string_lossy().contains(".newsclean-")
        });
        files
    };
    assert!(
        strip(files_under(&out)) == strip(files_under(&full)),
        "resumed tree differs"
    );
    assert_each_source_once(&manifest(&manifest_path), TREE_DOCS);
}

#[test]
fn failed_documents_are_retried_and_land_in_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    let good = jsonl_dump(5);
    let mut lines: Vec<&str> = good.lines().collect();
    let fixed = lines[2];
    lines[2] = "{broken";
    fs::write(&dump, lines.join("\n") + "\n").unwrap();
    let out = dir.path().join("out.jsonl");
    assert_eq!(clean_to(&dump, &out, &["-q"]).status.code(), Some(1));
    assert_eq!(jsonl_lines(&fs::read(&out).unwrap()).len(), 4);

    lines[2] = fixed;
    fs::write(&dump, lines.join("\n") + "\n").unwrap();
    let second = clean_to(&dump, &out, &["--resume"]);
    assert!(second.status.success());
    assert!(
        stderr_of(&second).contains("1 documents read: 1 cleaned"),
        "only the failed document is read again: {}",
        stderr_of(&second)
    );
    let fresh = dir.path().join("fresh.jsonl");
    assert!(clean_to(&dump, &fresh, &["-q"]).status.success());
    assert_eq!(fs::read(&out).unwrap(), fs::read(&fresh).unwrap());
}

#[test]
fn resume_without_a_manifest_is_a_usage_error() {
    newsclean()
        .args(["clean", "--resume", "-"])
        .write_stdin("x")
        .assert()
        .code(2);
}
