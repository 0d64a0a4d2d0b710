//! A dataset builder's view of `clean` and `dedup`: Dolma documents in and
//! out, JSONL keys, duplicates, quality filters, sidecars, and the second
//! pass across shards.

use crate::common::*;
use serde_json::{Value, json};
use std::fs;

/// Three texts long enough to fingerprint, each a few sentences.
const TEXTS: [&str; 3] = [
    "Night buses to the airport\n\nThe council voted on Tuesday to extend the night bus service to the airport, after a year in which passenger numbers doubled and the last train left before midnight. Drivers' unions welcomed the decision.\n",
    "Passes closed by the storm\n\nHeavy rain closed three mountain passes overnight and the ferry to the island was cancelled until further notice, the coast guard said on Friday, adding that the storm would move north.\n",
    "Library opens its doors\n\nThe new central library opened on Saturday, three years after construction began, with more than 400,000 books, a makerspace and a reading room that looks over the river.\n",
];

fn line(v: Value) -> String {
    format!("{v}\n")
}

/// A dump with copies: b0 = a0 exactly, c0 = a0 with another site's frame.
fn dump_with_copies() -> String {
    let framed = format!("Home | World | Sport\n\n{}\nShare on Facebook\n", TEXTS[0]);
    [
        json!({"id": "a0", "text": TEXTS[0]}),
        json!({"id": "a1", "text": TEXTS[1]}),
        json!({"id": "b0", "text": TEXTS[0]}),
        json!({"id": "a2", "text": TEXTS[2]}),
        json!({"id": "c0", "text": framed}),
        json!({"id": "short", "text": "Too short."}),
    ]
    .into_iter()
    .map(line)
    .collect()
}

#[test]
fn a_dolma_line_round_trips_with_its_fields_where_they_belong() {
    let input = line(json!({
        "id": "doc-1", "text": TEXTS[1], "source": "cc-news", "added": "2024-01-02T00:00:00Z",
        "created": "2023-12-31", "metadata": {"url": "https://news.example/a", "lang": "en"}
    }));
    let out = jsonl_filter("jsonl", &[])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc = &jsonl_lines(&out.stdout)[0];
    assert_eq!(doc["id"], "doc-1");
    assert_eq!(doc["source"], "cc-news");
    assert_eq!(doc["added"], "2024-01-02T00:00:00Z");
    assert_eq!(doc["created"], "2023-12-31");
    let meta = doc["metadata"].as_object().unwrap();
    assert_eq!(meta["url"], "https://news.example/a");
    assert_eq!(meta["lang"], "en");
    for nested in ["metadata", "extra_source", "added", "extra_url"] {
        assert!(!meta.contains_key(nested), "{nested} in {meta:?}");
    }
    assert!(meta["quality"]["words"].as_u64().unwrap() > 20);
    let keys: Vec<&str> = doc
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys.len(), 6, "{keys:?}");
}

#[test]
fn our_documents_get_source_added_and_created() {
    let page = "<html><head><meta property=\"article:published_time\" content=\"November 19, 2019, 07:47 PM EST\"></head>\
        <body><article><h1>Storm</h1><p>Heavy rain closed three mountain passes overnight, the coast guard said on Friday.</p></article></body></html>";
    let record = warc_record(
        "response",
        "https://News.Example.com/storm",
        "<urn:uuid:s>",
        &http("200 OK", "text/html", page),
    );
    let out = jsonl_filter("warc", &["--source", "host"])
        .write_stdin(record)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc = &jsonl_lines(&out.stdout)[0];
    assert_eq!(doc["source"], "news.example.com");
    assert_eq!(
        doc["added"], "2023-11-14T22:13:20Z",
        "SOURCE_DATE_EPOCH=1700000000"
    );
    assert_eq!(doc["created"], "2019-11-19T19:47:00-05:00");
    assert_eq!(doc["metadata"]["date"], "2019-11-19T19:47:00-05:00");
    assert_eq!(
        doc["metadata"]["date_raw"],
        "November 19, 2019, 07:47 PM EST"
    );
}

#[test]
fn other_jsonl_shapes_are_read_by_their_keys() {
    let input = [
        json!({"doc": {"key": "k1"}, "raw_html": "<p>One paragraph of a page that is long enough.</p>"}),
        json!({"content": "A text without an id."}),
        json!({"doc": {"key": "k3"}, "raw_html": 42}),
        json!({"doc": {"key": "k4"}, "content": "Still read after a bad line."}),
    ]
    .into_iter()
    .map(line)
    .collect::<String>();
    let run = || {
        jsonl_filter(
            "jsonl",
            &[
                "--id-key",
                "doc.key",
                "--html-key",
                "raw_html",
                "--text-key",
                "content",
            ],
        )
        .write_stdin(input.clone())
        .output()
        .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(1), "one line failed");
    assert_stderr_contains(
        &out,
        "<stdin>:3: no page: \"raw_html\" is a number, no \"content\"",
    );
    let docs = jsonl_lines(&out.stdout);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids[0], "k1");
    assert_eq!(ids[2], "k4");
    assert_eq!(ids[1].len(), 16, "a generated id: {ids:?}");
    assert_eq!(docs[1]["metadata"]["id_generated"], true);
    assert_eq!(
        jsonl_lines(&run().stdout)[1]["id"],
        ids[1],
        "generated ids are stable"
    );
    assert!(
        !docs[0]["metadata"].as_object().unwrap().contains_key("doc"),
        "an emptied parent goes"
    );
}

#[test]
fn duplicates_are_marked_the_same_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    fs::write(&dump, dump_with_copies()).unwrap();
    let mut outputs = Vec::new();
    for j in ["1", "3"] {
        let out = dir.path().join(format!("out-{j}.jsonl"));
        let report = dir.path().join(format!("report-{j}.json"));
        newsclean()
            .args(["clean", "-q", "-j", j, "--report"])
            .arg(&report)
            .arg(&dump)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        outputs.push(fs::read(&out).unwrap());
        let report: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
        assert_eq!(
            (report["duplicates"].as_u64(), report["cleaned"].as_u64()),
            (Some(2), Some(6))
        );
    }
    assert_eq!(outputs[0], outputs[1]);
    let docs = jsonl_lines(&outputs[0]);
    let marks: Vec<Option<&str>> = docs
        .iter()
        .map(|d| d["metadata"]["duplicate_of"].as_str())
        .collect();
    assert_eq!(marks, [None, None, Some("a0"), None, Some("a0"), None]);
    let entries = manifest(&dir.path().join("out-3.manifest.jsonl"));
    assert_eq!(entries[4]["duplicate_of"], "a0");
    assert!(
        entries[4]["output"]
            .as_str()
            .unwrap()
            .ends_with("out-3.jsonl")
    );
}

#[test]
fn dropped_duplicates_and_short_pages_are_counted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (dump, out, report) = (
        dir.path().join("d.jsonl"),
        dir.path().join("o.jsonl"),
        dir.path().join("r.json"),
    );
    fs::write(&dump, dump_with_copies()).unwrap();
    let run = newsclean()
        .args([
            "clean",
            "--dedup-drop",
            "--min-words",
            "5",
            "--filter",
            "stop_words >= 2",
            "--report",
        ])
        .arg(&report)
        .arg(&dump)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_stderr_contains(
        &run,
        "dataset: 2 duplicates (0 kept with duplicate_of, 2 dropped), 1 filtered out",
    );
    let ids: Vec<Value> = jsonl_lines(&fs::read(&out).unwrap())
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(ids, ["a0", "a1", "a2"]);
    let entries = manifest(&dir.path().join("o.manifest.jsonl"));
    let dropped: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e["status"] == "dropped")
        .map(|e| (e["id"].as_str().unwrap(), e["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dropped,
        [
            ("b0", "duplicate of a0"),
            ("c0", "duplicate of a0"),
            ("short", "filtered: words is 2, needs >= 5")
        ]
    );
    let report: Value = serde_json::from_slice(&fs::read(&report).unwrap()).unwrap();
    assert_eq!(report["read"], 6);
    assert_eq!(
        (report["cleaned"].as_u64(), report["filtered"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(report["dropped_duplicates"], 2);
}

#[test]
fn a_bad_filter_is_a_usage_error() {
    let out = newsclean()
        .args(["clean", "--filter", "wrods > 3", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_contains(&out, "unknown signal \"wrods\"");
}

#[test]
fn a_text_tree_keeps_metadata_beside_each_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir_all(input.join("a")).unwrap();
    fs::write(input.join("a/page.txt"), TEXTS[2]).unwrap();
    let out = dir.path().join("out");
    newsclean()
        .args(["clean", "-q", "--meta", "sidecar", "--source", "my-crawl"])
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let meta: Value =
        serde_json::from_slice(&fs::read(out.join("a/page.meta.json")).unwrap()).unwrap();
    assert_eq!(meta["id"], "a/page.txt");
    assert_eq!(meta["source"], "my-crawl");
    assert_eq!(meta["metadata"]["title"], "Library opens its doors");
    // A sidecar shows the metadata, so the language is identified.
    assert_eq!(meta["metadata"]["lang"], "en");
    assert!(meta.get("text").is_none());
    let entries = manifest(&out.join("manifest.jsonl"));
    assert_eq!(
        entries[0]["output"],
        out.join("a/page.txt").display().to_string()
    );
}

#[test]
fn the_second_pass_over_shards_gives_the_marks_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    let mut text = String::new();
    for copy in 0..6 {
        for (i, t) in TEXTS.iter().enumerate() {
            text.push_str(&line(json!({"id": format!("t{i}-{copy}"), "text": t})));
        }
    }
    fs::write(&dump, text).unwrap();
    let single = dir.path().join("single.jsonl");
    newsclean()
        .args(["clean", "-q"])
        .arg(&dump)
        .arg("-o")
        .arg(&single)
        .assert()
        .success();
    let mut shards = Vec::new();
    for k in 0..3 {
        let out = dir.path().join(format!("shard-{k}.jsonl"));
        newsclean()
            .args(["clean", "-q", "--shard", &format!("{k}/3")])
            .arg(&dump)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        shards.push(out);
    }
    let merged = dir.path().join("merged.jsonl");
    let run = newsclean()
        .arg("dedup")
        .args(&shards)
        .arg("-o")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_stderr_contains(&run, "18 documents: 15 duplicates");
    let marks = |path: &std::path::Path| -> Vec<(String, Value)> {
        let mut v: Vec<(String, Value)> = jsonl_lines(&fs::read(path).unwrap())
            .iter()
            .map(|d| {
                (
                    d["id"].as_str().unwrap().to_string(),
                    d["metadata"]["duplicate_of"].clone(),
                )
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(marks(&merged), marks(&single));
    let single_lines = jsonl_lines(&fs::read(&single).unwrap());
    let merged_lines = jsonl_lines(&fs::read(&merged).unwrap());
    let order = |docs: &[Value]| docs.iter().map(|d| d["id"].clone()).collect::<Vec<_>>();
    assert_eq!(
        order(&merged_lines),
        order(&single_lines),
        "merged in input order by the manifests"
    );
}

#[test]
fn no_signals_leaves_language_and_quality_out_and_the_text_alone() {
    let input: String = TEXTS
        .iter()
        .enumerate()
        .map(|(i, t)| line(json!({"id": i, "text": t})))
        .collect();
    let run = |extra: &[&str]| {
        let out = jsonl_filter("jsonl", extra)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        jsonl_lines(&out.stdout)
    };
    let (full, lean) = (run(&[]), run(&["--no-signals"]));
    assert_eq!(full.len(), TEXTS.len());
    assert_eq!(lean.len(), full.len());
    for (f, l) in full.iter().zip(&lean) {
        assert_eq!(f["text"], l["text"]);
        assert_eq!(f["metadata"]["lang"], "en");
        assert!(f["metadata"]["quality"]["words"].as_u64().unwrap() > 20);
        let meta = l["metadata"].as_object().unwrap();
        for key in ["lang", "lang_confidence", "quality"] {
            assert!(!meta.contains_key(key), "{key} in {meta:?}");
        }
        assert_eq!(f["metadata"]["title"], l["metadata"]["title"]);
    }
    // The filter judges by the signals: it cannot go without them.
    let out = newsclean()
        .args(["clean", "--no-signals", "--min-words", "5", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_stderr_contains(&out, "--no-signals");
}
