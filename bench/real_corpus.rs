//! The real-text corpus: the article text newsclean extracts (with no rules)
//! from the real pages of `eval/trafilatura` and `../shared/eval/wcxb-dev`,
//! multilingual and with its own punctuation (curly quotes, dashes,
//! accents), with the debris the default rules remove injected at the head
//! and tail as in the synthetic corpus. Written once as JSONL (the crawl dump
//! case) and as one text file for `sed`.

use crate::words::{FOOTERS, Words};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct RealText {
    pub jsonl: PathBuf,
    pub text: PathBuf,
    pub bytes: u64,
    pub pages: u64,
}

/// Builds the corpus under `dir` unless it is there.
pub fn ensure(dir: &Path, bin: &str, root: &Path) -> Result<RealText, String> {
    let io = |e: std::io::Error| e.to_string();
    let (jsonl, text) = (dir.join("real.jsonl"), dir.join("real.txt"));
    if !jsonl.exists() || !text.exists() {
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
        let mut out_text = std::io::BufWriter::new(std::fs::File::create(&text).map_err(io)?);
        for line in std::fs::read_to_string(&extracted).map_err(io)?.lines() {
            let doc: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let Some(body) = doc["text"].as_str() else {
                continue;
            };
            let page = with_debris(&mut w, body);
            let record = serde_json::json!({ "id": doc["id"], "text": page });
            writeln!(out_jsonl, "{record}").map_err(io)?;
            out_text.write_all(page.as_bytes()).map_err(io)?;
        }
        out_jsonl.flush().map_err(io)?;
        out_text.flush().map_err(io)?;
        let _ = std::fs::remove_file(dir.join("real-extracted.manifest.jsonl"));
        let _ = std::fs::remove_file(&extracted);
    }
    let body = std::fs::read_to_string(&jsonl).map_err(io)?;
    Ok(RealText {
        bytes: std::fs::metadata(&text).map_err(io)?.len(),
        pages: body.lines().count() as u64,
        jsonl,
        text,
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
