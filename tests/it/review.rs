//! The review commands on the real binary, where a check needs more than a
//! recorded output (`tests/cmd/` holds those): `rules list`,
//! `diff --before/--after` against an answer computed by cleaning twice,
//! colour, the review page, completions and the man page (`diff`'s own
//! output and exit code: `diff_cmd.rs`).

use crate::common::{assert_expected, newsclean, output_of, samples};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

#[test]
fn colour_follows_the_environment() {
    let plain = output_of(&["diff", "samples/raw/spun-news.txt"], 0);
    assert!(!plain.contains('\x1b'), "no colour when piped or NO_COLOR");
    let forced = newsclean()
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .args(["diff", "samples/raw/spun-news.txt"])
        .output()
        .unwrap();
    let coloured = String::from_utf8(forced.stdout).unwrap();
    assert!(
        coloured.contains("\x1b[31m-2024-01-18 05:38:00"),
        "{coloured}"
    );
}

#[test]
fn rules_list_shows_hits_from_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    newsclean()
        .args(["clean", "samples/raw", "-q", "-o"])
        .arg(dir.path().join("out"))
        .arg("--report")
        .arg(&report)
        .assert()
        .success();
    let out = output_of(&["rules", "list", "--report", report.to_str().unwrap()], 0);
    let line = out
        .lines()
        .find(|l| l.starts_with("meta.timestamp-line "))
        .expect("listed");
    assert!(line.contains("capture"), "{line}");
    assert!(line.contains("rules/metadata.toml:"), "{line}");
    assert!(line.contains("6 hits     6 docs"), "{line}");
    let json: serde_json::Value =
        serde_json::from_str(&output_of(&["rules", "list", "--json"], 0)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 38);
    assert_eq!(json[0]["id"], "meta.updated-line");
}

#[test]
fn rules_test_passes_the_builtin_rules() {
    let out = output_of(&["rules", "test"], 0);
    assert!(out.ends_with("0 failed, in 0 rule(s)\n"), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("pass ")).count(), 38);
}

/// Copies `rules/` to a temporary folder and applies `edit` to one file.
fn edited_rules(file: &str, edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // rules/extract: extraction's words, not rules
        }
        fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let path = dir.path().join(file);
    let text = fs::read_to_string(&path).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit must change the rule file");
    fs::write(&path, changed).unwrap();
    dir
}

/// Cleans `samples/raw` with the rule folder `rules` into a fresh folder.
fn clean_with(rules: &Path) -> (tempfile::TempDir, Vec<(String, Vec<u8>)>) {
    let out = tempfile::tempdir().unwrap();
    newsclean()
        .args(["clean", "samples/raw", "-q", "--rules"])
        .arg(rules)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(out.path())
        .unwrap()
        // The run's manifest.jsonl is not a cleaned document.
        .filter(|e| e.as_ref().unwrap().file_name() != "manifest.jsonl")
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    (out, files)
}

/// The documents whose `clean` output differs between two rule folders,
/// found by cleaning twice and comparing files: the answer `diff
/// --before/--after` must give, computed without it.
fn documents_that_change(before: &Path, after: &Path) -> BTreeSet<String> {
    let (_a, a) = clean_with(before);
    let (_b, b) = clean_with(after);
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        // The samples are .txt files, so output names are their ids.
        .map(|(x, _)| x.0.clone())
        .collect()
}

#[test]
fn before_after_lists_exactly_the_documents_that_change() {
    // Narrow the comment-form truncate to the last two lines: the pages whose
    // "Leave a Reply" stands further up keep their comment form.
    let after = edited_rules("boilerplate.toml", |text| {
        text.replacen(
            "kind = \"truncate\"\nwithin = \"tail:15\"\npattern = '(?i)^leave",
            "kind = \"truncate\"\nwithin = \"tail:2\"\npattern = '(?i)^leave",
            1,
        )
    });
    let want = documents_that_change(Path::new("rules"), after.path());
    assert!(!want.is_empty(), "the edit should change some samples");

    let after_arg = after.path().to_str().unwrap();
    let json = output_of(
        &[
            "diff",
            "--json",
            "--before",
            "rules",
            "--after",
            after_arg,
            "samples/raw",
        ],
        0,
    );
    let listed: BTreeSet<String> = json
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(listed, want);

    let text = output_of(
        &[
            "diff",
            "--before",
            "rules",
            "--after",
            after_arg,
            "samples/raw",
        ],
        0,
    );
    for id in &want {
        assert!(
            text.lines().any(|l| l == format!("  {id}")),
            "{id} not listed:\n{text}"
        );
    }
    let summary = text.lines().last().unwrap();
    assert!(
        summary.starts_with(&format!(
            "rule change: {} of {} documents change (footer.leave-a-reply {})",
            want.len(),
            samples(),
            want.len()
        )),
        "{summary}"
    );
    assert_expected(Path::new("tests/expected/diff-before-after.txt"), &text);
}

#[test]
fn before_after_with_identical_rules_changes_nothing() {
    let same = edited_rules("boilerplate.toml", |text| format!("{text}\n# a comment\n"));
    let out = output_of(
        &[
            "diff",
            "--before",
            "rules",
            "--after",
            same.path().to_str().unwrap(),
            "samples/raw",
        ],
        0,
    );
    assert_eq!(
        out,
        format!(
            "\nrule change: 0 of {} documents change, -0 +0 lines\n",
            samples()
        )
    );
}

#[test]
fn explain_reads_stdin_and_speaks_json() {
    let out = newsclean()
        .args(["explain", "--json", "-"])
        .write_stdin("Big News\n\n2024-01-18 05:38:00\n\nThey fought once morest the odds.\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["origin"], "<stdin>");
    let edits = json["edits"].as_array().unwrap();
    let summary: Vec<(&str, u64, &str, &str)> = edits
        .iter()
        .map(|e| {
            (
                e["rule"].as_str().unwrap(),
                e["line"].as_u64().unwrap(),
                e["before"].as_str().unwrap(),
                e["after"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("meta.timestamp-line", 3, "2024-01-18 05:38:00", ""),
            ("spinner.synonym-inside-word", 5, "once morest", "against"),
        ]
    );
}

#[test]
fn the_review_page_is_one_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let out = newsclean()
        .args(["diff", "samples/raw", "--html"])
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty(), "the page replaces the diff");
    let html = fs::read_to_string(&page).unwrap();
    // Outside the documents' data (their URLs), nothing refers to the web.
    let markup: String = html
        .split("<script type=\"application/json\"")
        .map(|part| part.split_once("</script>").map_or(part, |(_, rest)| rest))
        .collect();
    for external in ["src=", "<link", "@import", "url(", "http://", "https://"] {
        assert!(!markup.contains(external), "no external asset: {external}");
    }
    let start = html.find("id=\"nc-index\">").unwrap() + "id=\"nc-index\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let index: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let docs = index["docs"].as_array().unwrap();
    assert_eq!(docs.len(), samples());
    let wp = docs
        .iter()
        .find(|d| d["id"] == "wordpress-article.html")
        .unwrap();
    assert_eq!(
        wp["url"],
        "https://coastal-chronicle.example/2024/05/harbour-pier/"
    );
    assert!(
        wp["x"].as_u64().unwrap() > 0,
        "what extraction dropped is counted"
    );
    assert!(html.contains("<a class=\"rule\" data-rule=\"footer.leave-a-reply\""));
    // explain writes the same page for one document.
    let one = dir.path().join("one.html");
    newsclean()
        .args(["explain", "samples/raw/spun-news.txt", "--html"])
        .arg(&one)
        .assert()
        .success();
    assert!(
        fs::read_to_string(&one)
            .unwrap()
            .contains("typo.doubled-word")
    );
}

#[test]
fn color_flag_overrides_the_environment_and_completions_and_man_come_from_clap() {
    let forced = output_of(
        &["--color", "always", "diff", "samples/raw/spun-news.txt"],
        0,
    );
    assert!(forced.contains("\x1b[31m-2024-01-18 05:38:00"), "{forced}");
    let never = newsclean()
        .env("CLICOLOR_FORCE", "1")
        .args(["diff", "samples/raw/spun-news.txt", "--color", "never"])
        .output()
        .unwrap();
    assert!(!String::from_utf8(never.stdout).unwrap().contains('\x1b'));
    let bash = output_of(&["completions", "bash"], 0);
    assert!(bash.contains("_newsclean()") && bash.contains("--no-default-rules"));
    let zsh = output_of(&["completions", "zsh"], 0);
    assert!(zsh.contains("#compdef newsclean"));
    let man = output_of(&["man"], 0);
    assert!(
        man.contains(".TH newsclean 1") && man.contains("completions"),
        "{man}"
    );
}
