//! `newsclean dedup`: duplicates across the outputs of several runs (the
//! shards of `--shard K/N`, the partitions of a Spark job), which no single
//! run sees together. It reads Dolma JSONL files in the order given, as one
//! stream in input order, and marks (or drops) every later copy exactly as
//! `clean --dedup` does within a run; [`super::order`] says in which order
//! the files are read. A line an earlier run already marked
//! is not indexed again; when its original turns out to be a copy of a
//! document of an earlier file, its `duplicate_of` is pointed at that first
//! copy, so the result equals one run over everything. Lines are written
//! back unchanged except for `metadata.duplicate_of`; a line that is not a
//! document is kept as it is and reported.

use super::dedup::{Fingerprint, Index, Mode};
use super::order::{InputLine, InputLines};
use crate::atomic::write_atomic_with;
use crate::exit;
use flate2::{Compression, write::GzEncoder};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

/// What the second pass does.
pub struct Pass {
    pub inputs: Vec<PathBuf>,
    /// A JSONL file (`.gz` compresses it), or stdout.
    pub output: Option<PathBuf>,
    pub mode: Mode,
    pub threshold: f64,
    pub drop: bool,
    pub max_index_docs: usize,
    /// No notes, only warnings.
    pub quiet: bool,
}

/// A Dolma line, its fields in their order; the rest kept as they were.
#[derive(Serialize, Deserialize)]
struct Line {
    id: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    added: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<Value>,
    #[serde(default)]
    metadata: Map<String, Value>,
    #[serde(flatten)]
    rest: Map<String, Value>,
}

/// The counts of a pass, printed at the end.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub documents: u64,
    /// Marked by an earlier run and left so (perhaps re-pointed).
    pub already_marked: u64,
    /// Found by this pass.
    pub found: u64,
    pub dropped: u64,
    /// Lines that are not documents (kept as they were).
    pub bad: u64,
}

const BATCH: usize = 1024;

/// One line read, with what the workers made of it.
struct Parsed {
    file: usize,
    number: usize,
    raw: Vec<u8>,
    line: Option<Line>,
    fingerprint: Option<Fingerprint>,
}

impl Pass {
    /// Runs the pass; returns its counts, or why it could not run.
    pub fn run(&self, pool: &rayon::ThreadPool) -> io::Result<Counts> {
        match &self.output {
            Some(path) => {
                let gzip = path.to_string_lossy().ends_with(".gz");
                let mut counts = Counts::default();
                write_atomic_with(path, |w| {
                    counts = if gzip {
                        let mut enc = GzEncoder::new(w, Compression::default());
                        let c = self.stream(pool, &mut enc)?;
                        enc.finish()?;
                        c
                    } else {
                        self.stream(pool, w)?
                    };
                    Ok(())
                })?;
                Ok(counts)
            }
            None => {
                let mut out = io::BufWriter::new(io::stdout().lock());
                let counts = self.stream(pool, &mut out)?;
                out.flush()?;
                Ok(counts)
            }
        }
    }

    fn stream(&self, pool: &rayon::ThreadPool, out: &mut dyn Write) -> io::Result<Counts> {
        let mut index = Index::new(self.threshold, self.max_index_docs);
        // Ids found to be copies here, and their originals: a mark of an
        // earlier run that names one of them is pointed further back.
        let mut moved: HashMap<String, String> = HashMap::new();
        let mut counts = Counts::default();
        let mut lines = InputLines::open(&self.inputs)?;
        if !lines.by_manifest() && self.inputs.len() > 1 && !self.quiet {
            exit::say(
                "dedup: not every input has its manifest beside it: files are taken in the order given",
            );
        }
        loop {
            let batch: Vec<InputLine> = lines.by_ref().take(BATCH).collect::<io::Result<_>>()?;
            if batch.is_empty() {
                break;
            }
            let parsed: Vec<Parsed> = pool.install(|| {
                batch
                    .into_par_iter()
                    .map(|(file, number, raw)| self.parse(file, number, raw))
                    .collect()
            });
            for p in parsed {
                if p.raw.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                let Some(mut line) = p.line else {
                    counts.bad += 1;
                    exit::say(format_args!(
                        "{}:{}: not a document with an id and a text; kept as it is",
                        lines.path(p.file).display(),
                        p.number
                    ));
                    out.write_all(&p.raw)?;
                    out.write_all(b"\n")?;
                    continue;
                };
                counts.documents += 1;
                let id = id_text(&line.id);
                let marked = line.metadata.get("duplicate_of").and_then(Value::as_str);
                let original = match marked {
                    Some(of) => {
                        counts.already_marked += 1;
                        Some(moved.get(of).cloned().unwrap_or_else(|| of.to_string()))
                    }
                    None => p.fingerprint.as_ref().and_then(|fp| index.check(&id, fp)),
                };
                let Some(original) = original else {
                    out.write_all(&p.raw)?;
                    out.write_all(b"\n")?;
                    continue;
                };
                if marked.is_none() {
                    counts.found += 1;
                    moved.insert(id, original.clone());
                }
                if self.drop {
                    counts.dropped += 1;
                    continue;
                }
                if marked == Some(original.as_str()) {
                    out.write_all(&p.raw)?;
                } else {
                    line.metadata.insert("duplicate_of".into(), original.into());
                    serde_json::to_writer(&mut *out, &line)?;
                }
                out.write_all(b"\n")?;
            }
        }
        if index.full() {
            exit::say(format_args!(
                "the duplicate index is full ({} distinct texts): later texts were only checked against the first ones",
                self.max_index_docs
            ));
        }
        Ok(counts)
    }

    fn parse(&self, file: usize, number: usize, raw: Vec<u8>) -> Parsed {
        let line: Option<Line> = serde_json::from_slice(&raw).ok();
        let fingerprint = line
            .as_ref()
            .filter(|l| !l.metadata.contains_key("duplicate_of"))
            .and_then(|l| l.text.as_ref()?.as_str())
            .and_then(|text| Fingerprint::of(text, self.mode));
        let line = line.filter(|l| l.text.as_ref().is_some_and(Value::is_string));
        Parsed {
            file,
            number,
            raw,
            line,
            fingerprint,
        }
    }
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Counts {
    pub fn render(&self) -> String {
        let mut s = format!(
            "{} documents: {} duplicates ({} found by this pass, {} marked by earlier runs)",
            self.documents,
            self.found + self.already_marked,
            self.found,
            self.already_marked
        );
        if self.dropped > 0 {
            s.push_str(&format!(", {} dropped", self.dropped));
        }
        if self.bad > 0 {
            s.push_str(&format!(
                "; {} lines that are not documents kept as they were",
                self.bad
            ));
        }
        s
    }
}

/// Reads a whole (small) JSONL file, for tests.
#[cfg(test)]
fn read_lines(path: &std::path::Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "The council voted on Tuesday to extend the night bus service to the airport, after a year in which passenger numbers doubled.";
    const B: &str = "Heavy rain closed three mountain passes overnight and the ferry to the island was cancelled until further notice.";

    fn write(path: &std::path::Path, lines: &[Value]) {
        let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn copies_across_files_point_at_the_first_copy_of_all() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two, out) = (
            dir.path().join("1.jsonl"),
            dir.path().join("2.jsonl"),
            dir.path().join("o.jsonl"),
        );
        write(
            &one,
            &[json!({"id": "a", "text": A, "source": "s", "metadata": {"k": 1}})],
        );
        // Shard two saw b first and marked its own copy c.
        write(
            &two,
            &[
                json!({"id": "x", "text": B, "metadata": {}}),
                json!({"id": "b", "text": A, "metadata": {}}),
                json!({"id": "c", "text": A, "metadata": {"duplicate_of": "b"}}),
            ],
        );
        let pass = Pass {
            inputs: vec![one, two],
            output: Some(out.clone()),
            mode: Mode::Near,
            threshold: 0.8,
            drop: false,
            max_index_docs: 1000,
            quiet: true,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let counts = pass.run(&pool).unwrap();
        assert_eq!(
            (counts.documents, counts.found, counts.already_marked),
            (4, 1, 1)
        );
        let lines = read_lines(&out);
        assert_eq!(
            lines[0],
            json!({"id": "a", "text": A, "source": "s", "metadata": {"k": 1}})
        );
        assert_eq!(lines[1]["metadata"].get("duplicate_of"), None);
        assert_eq!(lines[2]["metadata"]["duplicate_of"], "a");
        assert_eq!(lines[3]["metadata"]["duplicate_of"], "a");
        let raw = std::fs::read_to_string(&out).unwrap();
        assert!(
            raw.lines()
                .nth(2)
                .unwrap()
                .starts_with("{\"id\":\"b\",\"text\":"),
            "{raw}"
        );
    }
}
