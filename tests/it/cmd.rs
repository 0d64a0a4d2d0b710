//! Command-line cases as data: each `tests/cmd/NAME.toml` runs the real
//! binary once and `NAME.stdout` / `NAME.stderr` hold what it must print
//! (a missing file: nothing). Re-record them all with
//! `NEWSCLEAN_BLESS=1 cargo test --test it cmd::` and review `git diff`.
//!
//! A case file:
//!
//! ```toml
//! # What the case shows (a comment).
//! args = ["clean", "-", "-q"]   # after `newsclean`
//! stdin = "text\n"               # optional
//! status = 0                     # the exit code, 0 when absent
//! env = { NAME = "value" }       # optional, on top of the tests' defaults
//! ```
//!
//! It runs in the repository's root, or, when a folder `NAME.in/` exists, in
//! a temporary copy of it (its own files, any output the case writes there),
//! with `{root}` in `args` standing for the repository's root. In what is
//! printed, that folder reads `[CWD]`, the root `[ROOT]`, and the run's
//! elapsed time and throughput `[ELAPSED]`, so that expected output is the
//! same on every machine.

use crate::common::{check_expected, newsclean};
use rayon::prelude::*;
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const DIR: &str = "tests/cmd";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    args: Vec<String>,
    #[serde(default)]
    stdin: Option<String>,
    #[serde(default)]
    status: i32,
    #[serde(default)]
    env: BTreeMap<String, String>,
}

/// Copies the folder `from` into `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs one case; a description of what differs, if anything.
fn run(toml_path: &Path) -> Result<(), String> {
    let stem = toml_path.with_extension("");
    let text = std::fs::read_to_string(toml_path).unwrap();
    let case: Case = toml::from_str(&text).map_err(|e| format!("{}: {e}", toml_path.display()))?;
    let root = std::env::current_dir().unwrap();
    let input = PathBuf::from(format!("{}.in", stem.display()));
    let sandbox = tempfile::tempdir().unwrap();
    let cwd = if input.is_dir() {
        copy_tree(&input, sandbox.path());
        sandbox.path().to_path_buf()
    } else {
        root.clone()
    };
    let root_text = root.to_str().unwrap();
    let mut cmd = newsclean();
    cmd.current_dir(&cwd)
        .args(case.args.iter().map(|a| a.replace("{root}", root_text)))
        .envs(&case.env);
    if let Some(stdin) = &case.stdin {
        cmd.write_stdin(stdin.as_bytes());
    }
    let out = cmd.output().unwrap();
    let elapsed = Regex::new(r"in [0-9.]+s \([0-9.]+ MB/s\)").unwrap();
    let normal = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes)
            .replace(cwd.to_str().unwrap(), "[CWD]")
            .replace(root_text, "[ROOT]");
        elapsed.replace_all(&text, "in [ELAPSED]").into_owned()
    };
    let stdout = normal(&out.stdout);
    let stderr = normal(&out.stderr);
    let mut problems = Vec::new();
    if out.status.code() != Some(case.status) {
        problems.push(format!(
            "exit code {:?}, expected {}\nstderr:\n{stderr}",
            out.status.code(),
            case.status
        ));
    }
    for (ext, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Err(diff) = check_expected(&stem.with_extension(ext), text) {
            problems.push(diff);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}:\n{}", toml_path.display(), problems.join("\n")))
    }
}

#[test]
fn every_case_prints_what_it_records() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "the cases are in {DIR}");
    let failures: Vec<String> = cases.par_iter().filter_map(|c| run(c).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
