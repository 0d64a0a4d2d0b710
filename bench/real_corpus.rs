//! The real-text corpus: the article text newsclean extracts (with no rules)
//! from the real pages of `eval/trafilatura` and `../shared/eval/wcxb-dev`,
//! multilingual and with its own punctuation (curly quotes, dashes,
//! accents), with the debris the default rules remove injected at the head
//! and tail as in the synthetic corpus. Written once as JSONL (the crawl dump
//! case) and as one file per document for `sed -s` (a truncate rule's
//! `/marker/,$d` must end at its document's end, not delete the rest of the
//! corpus, as it did when the documents were one file).

use crate::words::{FOOTERS, Words};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct RealText {
    pub jsonl: PathBuf,
    /// The NUL-separated list (for `xargs -0 -a`) of the documents' text
    /// files, one per document.
    pub list: PathBuf,
    pub bytes: u64,
    pub pages: u64,
}

/// Builds the corpus under `dir` unless it is there.
pub fn ensure(dir: &Path, bin: &str, root: &Path) -> Result<RealText, String> {
    let io = |e: std::io::Error| e.to_string();
    let (jsonl, docs, list) = (
        dir.join("real.jsonl"),
        dir.join("docs"),
        dir.join("docs.list"),
    );
    if !jsonl.exists() || !list.exists() {
        let _ = std::fs::remove_dir_all(&docs);
        let _ = std::fs::remove_file(dir.join("real.txt"));
        std::fs::create_dir_all(&docs).map_err(io)?;
        std::fs::create_dir_all(dir).map_err(io)?;
        let extracted = dir.join("real-extracted.jsonl");
        let _ = std::fs::remove_file(&extracted);
        let pages = [
            root.join("eval/trafilatura/html"),
            root.join("../shared/eval/wcxb-dev/html"),
        ];
        let status = Command::new(bin)
            .args([
                "clean",
                "-q",
                "--no-default-rules",
                "--format",
                "jsonl",
                "-o",
            ])
            .arg(&extracted)
            .args(pages.iter().filter(|p| p.is_dir()))
            .stderr(std::process::Stdio::null())
            .status()
            .map_err(io)?;
        if !extracted.exists() {
            return Err(format!("extracting the real pages failed: {status}"));
        }
        let mut w = Words::new(11);
        let mut out_jsonl = std::io::BufWriter::new(std::fs::File::create(&jsonl).map_err(io)?);
        let (mut names, mut n) = (Vec::new(), 0);
        for line in std::fs::read_to_string(&extracted).map_err(io)?.lines() {
            let doc: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let Some(body) = doc["text"].as_str() else {
                continue;
            };
            let page = with_debris(&mut w, body);
            let record = serde_json::json!({ "id": doc["id"], "text": page });
            writeln!(out_jsonl, "{record}").map_err(io)?;
            let file = docs.join(format!("{n:05}.txt"));
            n += 1;
            std::fs::write(&file, &page).map_err(io)?;
            names.extend_from_slice(file.as_os_str().as_encoded_bytes());
            names.push(0);
        }
        out_jsonl.flush().map_err(io)?;
        std::fs::write(&list, names).map_err(io)?;
        let _ = std::fs::remove_file(dir.join("real-extracted.manifest.jsonl"));
        let _ = std::fs::remove_file(&extracted);
    }
    let body = std::fs::read_to_string(&jsonl).map_err(io)?;
    let mut bytes = 0;
    for entry in std::fs::read_dir(&docs).map_err(io)? {
        bytes += entry.and_then(|e| e.metadata()).map_err(io)?.len();
    }
    Ok(RealText {
        bytes,
        pages: body.lines().count() as u64,
        jsonl,
        list,
    })
}

/// `body` with a timestamp under the title, sometimes hashtags, an epoch, an
/// ad label, and a CMS footer at the end.
fn with_debris(w: &mut Words, body: &str) -> String {
    let mut paragraphs: Vec<String> = body.split("\n\n").map(str::to_string).collect();
    let at = 1.min(paragraphs.len());
    if w.chance(0.8) {
        paragraphs.insert(at, w.timestamp_line());
    }
    if w.chance(0.15) {
        paragraphs.insert(at, w.hashtag_line());
    }
    if paragraphs.len() > 4 && w.chance(0.3) {
        let mid = paragraphs.len() / 2;
        paragraphs.insert(mid, "Advertisement".into());
    }
    if w.chance(0.5) {
        paragraphs.push(w.epoch_line());
    }
    if w.chance(0.8) {
        paragraphs.push(w.pick(FOOTERS).join("\n"));
    }
    let mut text = paragraphs.join("\n\n");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
