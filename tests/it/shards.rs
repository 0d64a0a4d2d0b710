//! `--shard K/N`: independent runs that together clean every document exactly
//! once, each keeping input order.

use crate::common::*;
use std::collections::BTreeSet;
use std::fs;

fn ids(stdout: &[u8]) -> Vec<String> {
    jsonl_lines(stdout)
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn shards_cover_every_document_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(500)).unwrap();
    let warc = dir.path().join("crawl.warc.gz");
    fs::write(&warc, warc_gz(&sample_warc_records())).unwrap();
    let run = |shard: Option<&str>| {
        let mut cmd = newsclean();
        cmd.args(["clean", "-q", "--format", "jsonl"])
            .arg(&dump)
            .arg(&warc);
        if let Some(s) = shard {
            cmd.args(["--shard", s]);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        ids(&out.stdout)
    };
    let all = run(None);
    assert_eq!(all.len(), 501);
    let mut seen = Vec::new();
    for k in 0..3 {
        let shard = run(Some(&format!("{k}/3")));
        assert!(!shard.is_empty(), "a hash this even leaves no shard empty");
        // Each shard keeps input order: it is a subsequence of the full run.
        let mut full = all.iter();
        assert!(shard.iter().all(|id| full.any(|a| a == id)));
        seen.extend(shard);
    }
    assert_eq!(seen.len(), all.len(), "no document twice");
    let seen: BTreeSet<_> = seen.into_iter().collect();
    let all: BTreeSet<_> = all.into_iter().collect();
    assert_eq!(seen, all, "no document missing");
}

#[test]
fn shard_manifests_add_up_and_the_summary_names_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, jsonl_dump(100)).unwrap();
    let mut total = 0;
    for k in 0..2 {
        let out = dir.path().join(format!("s{k}.jsonl"));
        let run = newsclean()
            .args(["clean", "--shard", &format!("{k}/2")])
            .arg(&dump)
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let entries = manifest(&dir.path().join(format!("s{k}.manifest.jsonl")));
        total += entries.len();
        assert!(
            stderr_of(&run).contains(&format!("{} in other shards", 100 - entries.len())),
            "{}",
            stderr_of(&run)
        );
    }
    assert_eq!(total, 100);
}

#[test]
fn bad_shard_syntax_is_a_usage_error() {
    newsclean()
        .args(["clean", "--shard", "3/3", "-"])
        .assert()
        .code(2);
}
