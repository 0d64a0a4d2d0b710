//! A suite of broken rule files, one mistake each, read like a spec: every
//! file in `tests/broken-rules/` says in its header which findings
//! `newsclean rules check` must report (`# expect: LINE:COL level[code]`,
//! optionally `FILE:` first when the finding is in another file, such as a
//! word list) and what their help lines say (`# help: text`). The check must
//! report exactly those findings, at exactly those places, and exit 2 when
//! one of them is an error (0 when all are warnings). A file whose header says
//! `with-defaults` is checked together with the built-in rule files.

use crate::common::newsclean;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const DIR: &str = "tests/broken-rules";

struct Case {
    path: PathBuf,
    expected: BTreeSet<String>,
    helps: Vec<String>,
    with_defaults: bool,
}

fn case(path: &Path) -> Case {
    let text = std::fs::read_to_string(path).unwrap();
    let mut expected = BTreeSet::new();
    let mut helps = Vec::new();
    for line in text.lines().take_while(|l| l.starts_with('#')) {
        if let Some(spec) = line.strip_prefix("# expect: ") {
            let (place, finding) = spec.split_once(' ').expect("`LINE:COL level[code]`");
            let at = if place.chars().next().unwrap().is_ascii_digit() {
                format!("{}:{place}", path.display())
            } else {
                format!("{DIR}/{place}")
            };
            expected.insert(format!("{at}: {finding}"));
        } else if let Some(help) = line.strip_prefix("# help: ") {
            helps.push(help.to_string());
        }
    }
    Case {
        path: path.to_path_buf(),
        with_defaults: text.lines().next().unwrap_or("").contains("with-defaults"),
        expected,
        helps,
    }
}

/// `file:line:col: level[code]` of every finding printed.
fn findings(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|l| {
            let (at, rest) = l.split_once(": ")?;
            let finding = rest.split_once("]:")?.0;
            (finding.starts_with("error[") || finding.starts_with("warning["))
                .then(|| format!("{at}: {finding}]"))
        })
        .collect()
}

#[test]
fn every_broken_rule_file_is_reported_where_the_mistake_is() {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut kinds = BTreeSet::new();
    let mut problems = Vec::new();
    for path in &paths {
        let case = case(path);
        assert!(
            !case.expected.is_empty(),
            "{}: no `# expect:` line",
            path.display()
        );
        let mut cmd = newsclean();
        cmd.args(["rules", "check"]);
        if !case.with_defaults {
            cmd.arg("--no-default-rules");
        }
        let out = cmd.arg(&case.path).output().unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let got = findings(&stdout);
        if got != case.expected {
            problems.push(format!(
                "{}: expected {:?}\n  got {:?}\n{stdout}",
                path.display(),
                case.expected,
                got
            ));
        }
        for help in &case.helps {
            if !stdout
                .lines()
                .any(|l| l.contains("= help:") && l.contains(help.as_str()))
            {
                problems.push(format!(
                    "{}: no help line with {help:?}\n{stdout}",
                    path.display()
                ));
            }
        }
        let errors = case.expected.iter().any(|f| f.contains(": error["));
        let want = if errors { 2 } else { 0 };
        if out.status.code() != Some(want) {
            problems.push(format!(
                "{}: exit code {:?}, expected {want}",
                path.display(),
                out.status.code()
            ));
        }
        kinds.extend(
            case.expected
                .iter()
                .map(|f| f.rsplit_once(' ').unwrap().1.to_string()),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(
        kinds.len() >= 12,
        "the suite should cover at least 12 kinds of mistakes, has {kinds:?}"
    );
}

#[test]
fn clean_refuses_the_rules_that_check_rejects() {
    let out = newsclean()
        .args(["clean", "--rules"])
        .arg(Path::new(DIR).join("example-fails.toml"))
        .arg("-")
        .write_stdin("Body.\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing may be cleaned");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("example-fails.toml:9:3: error[example-fails]"),
        "{stderr}"
    );
}

#[test]
fn clean_runs_with_rules_that_only_have_warnings() {
    newsclean()
        .args(["clean", "-q", "--rules"])
        .arg(Path::new(DIR).join("word-boundary.toml"))
        .arg("-")
        .write_stdin("Body.\n")
        .assert()
        .success()
        .stdout("Body.\n");
}

#[test]
fn every_check_code_has_a_broken_rule_file_and_a_readme_row() {
    let mut headers = String::new();
    for entry in std::fs::read_dir(DIR).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        headers.extend(
            text.lines()
                .filter(|l| l.starts_with("# expect:"))
                .map(|l| l.to_string() + "\n"),
        );
    }
    let readme = std::fs::read_to_string("rules/README.md").unwrap();
    for code in newsclean::rules::Code::ALL {
        let name = code.name();
        assert!(
            headers.contains(&format!("[{name}]")),
            "no file in {DIR} expects `{name}`"
        );
        assert!(
            readme.lines().any(|l| l.starts_with("| `")
                && l.split(" | ")
                    .next()
                    .unwrap()
                    .contains(&format!("`{name}`"))),
            "rules/README.md has no row for `{name}`"
        );
    }
}
