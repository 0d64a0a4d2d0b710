//! `newsclean diff` on the real binary: its JSON edit list, its exit code
//! with `--exit-code`, and an unreadable document reported while the others
//! are diffed.

use crate::common::{newsclean, output_of, samples};
use std::collections::BTreeSet;
use std::fs;

#[test]
fn diff_json_is_the_edit_list() {
    let out = output_of(&["diff", "--json", "samples/raw"], 0);
    let docs: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), samples(), "one line per document");
    let spun = docs
        .iter()
        .find(|d| d["id"] == "spun-news.txt")
        .expect("the seed page");
    let rules: BTreeSet<&str> = spun["edits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains("footer.leave-a-reply"), "{rules:?}");
    let clean = docs
        .iter()
        .find(|d| d["id"] == "clean-article.txt")
        .unwrap();
    assert_eq!(clean["edits"], serde_json::json!([]));
}

#[test]
fn diff_reports_an_unreadable_document_and_goes_on() {
    let out = newsclean()
        .args(["diff", "no-such-page.txt", "samples/raw/spun-news.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("no-such-page.txt"), "{stderr}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.starts_with("--- samples/raw/spun-news.txt (raw)"),
        "{stdout}"
    );
}

#[test]
fn diff_exit_code_says_whether_anything_changed() {
    output_of(&["diff", "--exit-code", "samples/raw/clean-article.txt"], 0);
    output_of(&["diff", "--exit-code", "samples/raw"], 1);
    output_of(&["diff", "--exit-code", "--stat", "samples/raw"], 1);
    output_of(&["diff", "samples/raw"], 0);
    output_of(
        &[
            "diff",
            "--exit-code",
            "--before",
            "rules",
            "--after",
            "rules",
            "samples/raw",
        ],
        0,
    );
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.toml");
    fs::write(
        &extra,
        "[[rule]]\nid = \"page.cooling-centres\"\nkind = \"drop_line\"\n\
         description = \"drops one sentence of one sample\"\n\
         pattern = 'authorities opened cooling centres'\n",
    )
    .unwrap();
    let extra = extra.to_str().unwrap();
    output_of(&["diff", "--exit-code", "--after", extra, "samples/raw"], 1);
    output_of(&["diff", "--after", extra, "samples/raw"], 0);
}
