//! Golden samples: the real binary cleans `samples/raw` and every output must
//! equal its twin in `samples/expected`, byte for byte. A change in cleaned
//! output therefore shows up as a diff of `samples/expected` in review.
//! To accept new output on purpose: `NEWSCLEAN_BLESS=1 cargo test --test it golden::`.
//! `samples/markdown/` does the same for Markdown output, one page per
//! construct (headings, lists, tables, quotes and code, links and images, and
//! the rules' edits on Markdown).

use crate::common::{files_under, newsclean};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The cleaned pages under `root`: every file but the run's manifest
/// (`dumps` checks that).
fn pages_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = files_under(root);
    files.remove(Path::new("manifest.jsonl"));
    files
}

fn clean_samples(threads: &str) -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    clean_tree("samples/raw", &["-j", threads])
}

/// Cleans `raw` into a tree with `args`; the files written, by path.
fn clean_tree(raw: &str, args: &[&str]) -> (tempfile::TempDir, BTreeMap<PathBuf, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    newsclean()
        .args(["clean", raw, "-q"])
        .args(args)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let files = pages_under(out.path());
    (out, files)
}

#[test]
fn samples_clean_to_their_expected_output() {
    let (_dir, actual) = clean_samples("2");
    let count = same_as_expected(&actual, Path::new("samples/expected"));
    assert!(
        count >= 9,
        "samples/ should hold the seed and at least eight pages"
    );
}

#[test]
fn markdown_samples_render_to_their_expected_markdown() {
    let args = ["--format", "markdown", "--links", "--images", "--comments"];
    let (_dir, actual) = clean_tree("samples/markdown/raw", &args);
    let count = same_as_expected(&actual, Path::new("samples/markdown/expected"));
    assert!(count >= 6, "one Markdown sample per construct");
    assert!(
        actual
            .keys()
            .all(|k| k.extension().is_some_and(|e| e == "md"))
    );
}

#[test]
fn asking_for_markdown_leaves_the_text_as_it_was() {
    let texts = |dir: &str, extra: &[&str]| -> Vec<serde_json::Value> {
        let out = newsclean()
            .args(["clean", dir, "-q", "--format", "jsonl"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].clone())
            .collect()
    };
    for dir in ["samples/raw", "samples/markdown/raw"] {
        let plain = texts(dir, &[]);
        let with_markdown = texts(dir, &["--markdown", "--links", "--images"]);
        assert!(!plain.is_empty());
        assert_eq!(plain, with_markdown, "{dir}");
    }
}

/// Compares a cleaned tree with its expected twin (writing it first with
/// `NEWSCLEAN_BLESS`); returns how many files were expected.
fn same_as_expected(actual: &BTreeMap<PathBuf, Vec<u8>>, expected_root: &Path) -> usize {
    if std::env::var_os("NEWSCLEAN_BLESS").is_some() {
        for (rel, bytes) in actual {
            let path = expected_root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    let expected = pages_under(expected_root);
    let mut problems = Vec::new();
    for (rel, want) in &expected {
        match actual.get(rel) {
            None => problems.push(format!("{}: no output produced", rel.display())),
            Some(got) if got != want => {
                let diff = similar::TextDiff::from_lines(
                    std::str::from_utf8(want).unwrap_or("<binary>"),
                    std::str::from_utf8(got).unwrap_or("<binary>"),
                );
                problems.push(format!(
                    "{} differs (- expected, + actual):\n{}",
                    rel.display(),
                    diff.unified_diff().context_radius(2)
                ));
            }
            Some(_) => {}
        }
    }
    for rel in actual.keys().filter(|k| !expected.contains_key(*k)) {
        problems.push(format!(
            "{}: output has no expected twin in {}",
            rel.display(),
            expected_root.display()
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    expected.len()
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let (_a, one) = clean_samples("1");
    let (_b, two) = clean_samples("2");
    assert_eq!(one, two);
}

#[test]
fn seed_page_cleans_to_the_published_expected_output() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed");
    let raw = shared.join("spun-news.txt");
    if !raw.exists() {
        // The seed also lives in samples/, which the golden test covers.
        eprintln!("skipping: {} not found", raw.display());
        return;
    }
    let want = std::fs::read(shared.join("spun-news.clean.txt")).unwrap();
    newsclean()
        .args(["clean", "--stdout", "-q"])
        .arg(&raw)
        .assert()
        .success()
        .stdout(want);
}
