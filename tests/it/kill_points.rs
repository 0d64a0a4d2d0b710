//! The states a kill can leave, one test per kill point (ARCHITECTURE.md,
//! "Scale and interruption"): the run aborts there (`NEWSCLEAN_KILL_AT`, as
//! abrupt as `kill -9`), `--resume` finishes it to the output an
//! uninterrupted run gives, with one manifest record per document, no temp
//! file left, and a second `--resume` changes nothing. Then the signals:
//! Ctrl-C commits and says how to resume; a closed stdout ends quietly.

use crate::common::*;
use newsclean::faults::KILL_POINTS;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// More than one JSONL part (2,048 documents each).
const DOCS: usize = 3000;

fn clean(dump: &Path, out: &Path, extra: &[&str], kill_at: Option<&str>) -> std::process::Output {
    let mut cmd = newsclean();
    cmd.args(["clean", "-q", "-j", "1"])
        .arg(dump)
        .arg("-o")
        .arg(out)
        .args(extra);
    if let Some(point) = kill_at {
        cmd.env("NEWSCLEAN_KILL_AT", point);
    }
    cmd.output().unwrap()
}

/// The output under `root` without its manifest, by relative path.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = files_under(root);
    files.retain(|path, _| !path.ends_with("manifest.jsonl"));
    files
}

/// The temp files left anywhere under `dir`.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir)
        .into_keys()
        .filter(|path| path.to_string_lossy().contains(".newsclean-"))
        .map(|path| dir.join(path))
        .collect()
}

/// Kills a run into `out` at `point`, resumes it twice and checks the result.
fn kill_and_resume(point: &str, jsonl: bool) {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(DOCS)).unwrap();
    let (full, out, manifest_path) = if jsonl {
        (
            dir.path().join("full.jsonl"),
            dir.path().join("out.jsonl"),
            dir.path().join("out.manifest.jsonl"),
        )
    } else {
        (
            dir.path().join("full"),
            dir.path().join("out"),
            dir.path().join("out/manifest.jsonl"),
        )
    };
    assert!(clean(&dump, &full, &[], None).status.success());
    let killed = clean(&dump, &out, &[], Some(point));
    assert!(
        killed.status.code().is_none(),
        "{point}: the run was not killed: {}",
        stderr_of(&killed)
    );
    let name = point.split(':').next().unwrap();
    assert_stderr_contains(&killed, &format!("killed at {name}"));

    for round in ["first", "second"] {
        let resumed = clean(&dump, &out, &["--resume"], None);
        assert!(
            resumed.status.success(),
            "{point}, {round} resume: {}",
            stderr_of(&resumed)
        );
        assert!(
            snapshot(&out) == snapshot(&full),
            "{point}, {round} resume: output differs from an uninterrupted run"
        );
        let entries = manifest(&manifest_path);
        let (ok, ..) = statuses(&entries);
        assert_eq!(
            ok, DOCS,
            "{point}, {round} resume: ok documents in the manifest"
        );
        let mut keys: Vec<&str> = entries
            .iter()
            .filter(|e| e["status"] == "ok")
            .map(|e| e["key"].as_str().unwrap())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), DOCS, "{point}: each document recorded ok once");
        assert_eq!(
            temp_files(dir.path()),
            Vec::<PathBuf>::new(),
            "{point}: temp files left"
        );
        assert!(
            !dir.path().join("out.jsonl.parts").exists(),
            "{point}: parts left"
        );
    }
}

#[test]
fn every_kill_point_of_a_jsonl_run_resumes_to_the_same_output() {
    for point in KILL_POINTS.iter().filter(|p| !p.starts_with("tree")) {
        kill_and_resume(point, true);
    }
}

#[test]
fn every_kill_point_of_a_text_tree_resumes_to_the_same_output() {
    kill_and_resume("tree-file-written:100", false);
    kill_and_resume("manifest-committed", false);
}

#[test]
fn the_kill_points_are_the_documented_ones() {
    let architecture =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md")).unwrap();
    for point in KILL_POINTS {
        assert!(
            architecture.contains(&format!("`{point}`")),
            "{point} is not described in ARCHITECTURE.md"
        );
    }
}

/// Starts a run of many documents and waits until its manifest records some.
fn start_and_wait(dump: &Path, out: &Path, manifest_path: &Path) -> std::process::Child {
    // As `newsclean()` does: a fixed `added` time, so runs compare byte for byte.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NEWSCLEAN_COMMIT_EVERY", "250")
        .args(["clean", "-q", "-j", "1"])
        .arg(dump)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before the signal"
        );
        if fs::read_to_string(manifest_path).is_ok_and(|m| m.lines().count() > 1) {
            return child;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_commits_what_is_done_and_says_how_to_resume() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(5_000)).unwrap();
    let out = dir.path().join("out.jsonl");
    let manifest_path = dir.path().join("out.manifest.jsonl");
    let mut child = start_and_wait(&dump, &out, &manifest_path);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let (code, stderr) = ended(&mut child);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted") && stderr.contains("--resume"),
        "{stderr}"
    );
    assert!(!out.exists(), "no partial output");
    assert_eq!(
        temp_files(dir.path()),
        Vec::<PathBuf>::new(),
        "no temp files"
    );
    let recorded = manifest(&manifest_path).len();
    let in_parts: usize = fs::read_dir(dir.path().join("out.jsonl.parts"))
        .unwrap()
        .map(|p| {
            fs::read_to_string(p.unwrap().path())
                .unwrap()
                .lines()
                .count()
        })
        .sum();
    assert!(
        recorded > 0 && recorded == in_parts,
        "{recorded} recorded, {in_parts} in parts"
    );

    let resumed = clean(&dump, &out, &["--resume"], None);
    assert!(resumed.status.success(), "{}", stderr_of(&resumed));
    let full = dir.path().join("full.jsonl");
    assert!(clean(&dump, &full, &[], None).status.success());
    assert!(
        fs::read(&out).unwrap() == fs::read(&full).unwrap(),
        "resumed output differs"
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(20_000)).unwrap();
    let manifest_path = dir.path().join("m.jsonl");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("newsclean"))
        .args(["clean", "--stdout", "-j", "1", "--manifest"])
        .arg(&manifest_path)
        .arg(&dump)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe is closed here, as `| head -c 16` closes it.
    let (code, stderr) = ended(&mut child);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        !stderr.contains("Broken pipe") && !stderr.contains("failed"),
        "{stderr}"
    );
    let written = manifest(&manifest_path).len();
    assert!(
        written < 20_000,
        "the run stopped, not cleaned all: {written}"
    );
}

/// Waits for `child` to end: its exit code and what it said on stderr.
fn ended(child: &mut std::process::Child) -> (Option<i32>, String) {
    let code = child.wait().unwrap().code();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (code, stderr)
}
