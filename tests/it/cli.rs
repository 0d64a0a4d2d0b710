//! The real binary, end to end: output layout, exit codes, failures that do not
//! stop a batch, rule files from the command line, the report.

use crate::common::newsclean;
use std::fs;
use std::path::Path;

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

const SPUN: &str =
    "Big News\n\n2024-01-18 05:38:00\n\nThey fought once morest the odds.\n\nLeave a Replay\n";

#[test]
fn output_tree_mirrors_the_input_tree_with_txt_extensions() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write(&input.path().join("a/b/page.txt"), SPUN);
    write(
        &input.path().join("top.htm"),
        "<html><body><p>Hello there.</p></body></html>",
    );
    write(&input.path().join("notes.md"), "not a page");
    newsclean()
        .arg("clean")
        .arg(input.path())
        .arg("-q")
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let page = fs::read_to_string(out.path().join("a/b/page.txt")).unwrap();
    assert_eq!(page, "Big News\n\nThey fought against the odds.\n");
    assert!(
        fs::read_to_string(out.path().join("top.txt"))
            .unwrap()
            .contains("Hello there.")
    );
    assert!(
        !out.path().join("notes.txt").exists(),
        "only .html/.htm/.txt files are picked up"
    );
}

#[test]
fn stdout_keeps_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["c.txt", "a.txt", "b.txt"];
    for name in names {
        write(&dir.path().join(name), &format!("Page {name}\n"));
    }
    let out = newsclean()
        .current_dir(dir.path())
        .args(["clean", "--stdout", "-q", "-j", "2"])
        .args(names)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "Page c.txt\n\nPage a.txt\n\nPage b.txt\n"
    );
}

#[test]
fn undecodable_bytes_do_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("bad.txt"),
        b"Caf\xe9 \xff\xfe news\n\nBody text.\n",
    )
    .unwrap();
    let out = newsclean()
        .arg("clean")
        .arg(dir.path().join("bad.txt"))
        .arg("-q")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Body text.")
    );
}

#[test]
fn a_broken_rule_file_is_refused_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("mine.toml");
    write(
        &rules,
        "[[rule]]\nid = \"x.bad\"\ndescription = \"bad regex\"\nkind = \"drop_line\"\npattern = '(unclosed'\n",
    );
    let assert = newsclean()
        .arg("clean")
        .arg("--rules")
        .arg(&rules)
        .arg("-")
        .write_stdin("x\n")
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("mine.toml:5:12: error[bad-regex]"),
        "{stderr}"
    );
    assert!(assert.get_output().stdout.is_empty());
}

#[test]
fn a_rule_file_named_like_a_builtin_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("typos.toml");
    write(&rules, "# no typo rules\n");
    newsclean()
        .arg("clean")
        .arg("--rules")
        .arg(&rules)
        .args(["-", "-q"])
        .write_stdin(SPUN)
        .assert()
        .success()
        .stdout("Big News\n\nThey fought once morest the odds.\n");
}

#[test]
fn without_default_rules_only_the_layout_is_applied() {
    newsclean()
        .args(["clean", "--no-default-rules", "-", "-q"])
        .write_stdin("Title  \n\n\n\nLeave a Replay")
        .assert()
        .success()
        .stdout("Title\n\nLeave a Replay\n");
}

#[test]
fn report_counts_hits_and_documents_per_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("in/one.txt"), SPUN);
    write(
        &dir.path().join("in/two.txt"),
        "Other\n\nonce morest and once morest.\n",
    );
    let report = dir.path().join("report.json");
    newsclean()
        .arg("clean")
        .arg(dir.path().join("in"))
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--report")
        .arg(&report)
        .arg("-q")
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(json["read"], 2);
    assert_eq!(json["cleaned"], 2);
    let spinner = &json["rules"]["spinner.synonym-inside-word"];
    assert_eq!(spinner["hits"], 3);
    assert_eq!(spinner["documents"], 2);
    assert_eq!(json["rules"]["footer.leave-a-reply"]["documents"], 1);
}

#[test]
fn summary_goes_to_stderr_unless_quiet() {
    let loud = newsclean()
        .args(["clean", "-"])
        .write_stdin(SPUN)
        .output()
        .unwrap();
    let stderr = String::from_utf8(loud.stderr).unwrap();
    assert!(stderr.contains("1 documents read: 1 cleaned"), "{stderr}");
    assert!(stderr.contains("top rules by hits:"), "{stderr}");
    let quiet = newsclean()
        .args(["clean", "-", "-q"])
        .write_stdin(SPUN)
        .output()
        .unwrap();
    assert!(quiet.stderr.is_empty());
}

/// Rules that the regex crate cannot put in one combined automaton used to
/// panic `clean` (CompiledTooBig): each regex now runs on its own, behind
/// the literal prefilter.
#[test]
fn large_and_many_regex_rules_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let big = "[[rule]]\nid = \"t.a\"\nkind = \"drop_line\"\ndescription = \"d\"\npattern = '^a\\w{200}$'\n\n\
               [[rule]]\nid = \"t.b\"\nkind = \"drop_line\"\ndescription = \"d\"\npattern = '^b\\w{200}$'\n";
    write(&dir.path().join("big.toml"), big);
    let many: String = (0..20_000)
        .map(|i| {
            format!(
                "[[rule]]\nid = \"r.{i}\"\nkind = \"regex_replace\"\ndescription = \"d\"\npattern = '\\bzq{i}x\\b'\nwith = \"w{i}\"\n"
            )
        })
        .collect();
    write(&dir.path().join("many.toml"), &many);
    let page = dir.path().join("page.txt");
    write(
        &page,
        &format!("Title\n\nSee zq19999x and zq7x.\n\na{}\n", "x".repeat(200)),
    );
    for rules in ["big.toml", "many.toml"] {
        let out = newsclean()
            .args(["clean", "-q", "--stdout", "--rules"])
            .arg(dir.path().join(rules))
            .arg(&page)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{rules}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if rules == "big.toml" {
            assert_eq!(stdout, "Title\n\nSee zq19999x and zq7x.\n");
        } else {
            assert!(stdout.contains("See w19999 and w7."), "{stdout}");
        }
    }
}

#[test]
fn a_rule_file_named_like_a_built_in_one_says_which_built_in_rules_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shadow/boilerplate.toml");
    write(
        &file,
        "[[rule]]\nid = \"footer.leave-a-reply\"\ndescription = \"mine\"\nkind = \"truncate\"\npattern = '^Leave a Replay$'\n",
    );
    let out = newsclean()
        .args(["clean", "--stdout", "-q", "--rules"])
        .arg(&file)
        .arg("-")
        .write_stdin(SPUN)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("replaces the built-in rules/boilerplate.toml"),
        "{stderr}"
    );
    assert!(stderr.contains("footer.related"), "{stderr}");
    assert!(
        !stderr.contains("footer.leave-a-reply,") && !stderr.ends_with("footer.leave-a-reply\n"),
        "a rule the file defines again is not listed: {stderr}"
    );
}

/// Runs the binary with `args` and the reading end of stdout (`out`) or
/// stderr (`!out`) closed before it starts writing; its exit code and what
/// the other stream said.
fn with_closed(out: bool, args: &[&str]) -> (Option<i32>, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout: Box<dyn Read> = Box::new(child.stdout.take().unwrap());
    let stderr: Box<dyn Read> = Box::new(child.stderr.take().unwrap());
    let (closed, mut other) = if out {
        (stdout, stderr)
    } else {
        (stderr, stdout)
    };
    drop(closed);
    let mut text = String::new();
    other.read_to_string(&mut text).unwrap();
    (child.wait().unwrap().code(), text)
}

#[test]
fn a_closed_stdout_ends_every_command_quietly_with_success() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("dump.warc.gz");
    fs::write(
        &warc,
        crate::common::warc_gz(&crate::common::sample_warc_records()),
    )
    .unwrap();
    let warc = warc.to_str().unwrap();
    for args in [
        &["clean", warc, "-q"][..],
        &["clean", "samples/raw", "--format", "jsonl"],
        &["diff", "samples/raw"],
        &["diff", "--stat", "samples/raw"],
        &["diff", "--json", "samples/raw"],
        &["explain", "samples/raw/spun-news.txt"],
        &["rules", "list"],
        &["rules", "test"],
        &["rules", "check"],
        &["completions", "bash"],
        &["man"],
    ] {
        let (code, stderr) = with_closed(true, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_stderr_never_panics() {
    for (args, want) in [
        (
            &[
                "clean",
                "--stdout",
                "missing.txt",
                "samples/raw/spun-news.txt",
            ][..],
            1,
        ),
        (&["clean", "--stdout", "samples/raw/spun-news.txt"], 0),
        (&["rules", "check", "no-such-rules.toml"], 2),
        (&["diff", "no-such-folder"], 1),
    ] {
        let (code, _) = with_closed(false, args);
        assert_eq!(code, Some(want), "{args:?}");
    }
}
