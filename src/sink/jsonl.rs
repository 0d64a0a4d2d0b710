//! JSONL output: one `{"id", "text", "metadata"}` object per cleaned document
//! (with `"markdown"` after `text` when asked for)
//! (the shape Dolma and datatrove read), in input order; documents left empty
//! by cleaning are not written. To stdout it streams. To a file (`.jsonl`, or
//! gzip'd with `.jsonl.gz`) it goes through numbered part files in
//! `FILE.parts/`, each committed atomically; `finish` merges them by document
//! number into the final file, written atomically too. A killed run leaves
//! only committed parts, which `--resume` builds on.

use super::{Sink, temp_file_in, write_atomic_with};
use crate::clean::Cleaned;
use crate::source::Doc;
use flate2::{Compression, read::MultiGzDecoder, write::GzEncoder};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A part is committed once it holds this many documents or bytes.
const PART_DOCS: usize = 2048;
const PART_BYTES: u64 = 64 << 20;

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<&'a str>,
    metadata: serde_json::Map<String, serde_json::Value>,
}

/// Writes one document's JSON object (no newline).
fn write_record(w: &mut dyn Write, doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
    let record = Record {
        id: &doc.id,
        text: &cleaned.text,
        markdown: cleaned.markdown.as_deref(),
        metadata: cleaned.meta.to_json(),
    };
    serde_json::to_writer(w, &record).map_err(io::Error::other)
}

/// JSONL on stdout, streamed.
pub struct JsonlStdout {
    out: BufWriter<io::Stdout>,
}

impl JsonlStdout {
    pub fn new() -> JsonlStdout {
        JsonlStdout {
            out: BufWriter::with_capacity(1 << 16, io::stdout()),
        }
    }
}

impl Default for JsonlStdout {
    fn default() -> Self {
        JsonlStdout::new()
    }
}

impl Sink for JsonlStdout {
    fn write(&mut self, _n: u64, doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
        if cleaned.text.is_empty() {
            return Ok(());
        }
        write_record(&mut self.out, doc, cleaned)?;
        self.out.write_all(b"\n")
    }

    fn checkpoint(&mut self, _force: bool) -> io::Result<bool> {
        self.out.flush()?;
        Ok(true)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The part being filled.
struct Part {
    out: BufWriter<tempfile::NamedTempFile>,
    docs: usize,
    bytes: u64,
}

/// JSONL to a file, through committed parts.
pub struct JsonlFile {
    out: PathBuf,
    parts: PathBuf,
    current: Option<Part>,
    next_part: u64,
}

impl JsonlFile {
    /// Prepares to write `out`. Without `resume` any earlier parts are removed;
    /// with it they are kept, and a finished output of an earlier run becomes
    /// the first part again (its lines are the `ok` documents numbered `ok`).
    pub fn open(out: &Path, resume: bool, ok: &[u64]) -> io::Result<JsonlFile> {
        let parts = with_suffix(out, ".parts");
        let mut next_part = 0;
        if !resume {
            if parts.exists() {
                std::fs::remove_dir_all(&parts)?;
            }
        } else if parts.exists() {
            next_part = existing_parts(&parts)?.len() as u64;
        } else if out.exists() {
            import(out, ok, &parts.join(part_name(0)))?;
            next_part = 1;
        } else if !ok.is_empty() {
            return Err(io::Error::other(format!(
                "the manifest records {} documents written to {}, but neither it nor its parts exist; run without --resume",
                ok.len(),
                out.display()
            )));
        }
        std::fs::create_dir_all(&parts)?;
        Ok(JsonlFile {
            out: out.to_path_buf(),
            parts,
            current: None,
            next_part,
        })
    }

    fn commit(&mut self) -> io::Result<()> {
        let Some(part) = self.current.take() else {
            return Ok(());
        };
        let tmp = part.out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_data()?;
        tmp.persist(self.parts.join(part_name(self.next_part)))
            .map_err(|e| e.error)?;
        self.next_part += 1;
        Ok(())
    }
}

impl Sink for JsonlFile {
    fn write(&mut self, n: u64, doc: &Doc, cleaned: &Cleaned) -> io::Result<()> {
        if cleaned.text.is_empty() {
            return Ok(());
        }
        let part = match &mut self.current {
            Some(part) => part,
            None => self.current.insert(Part {
                out: BufWriter::with_capacity(1 << 16, temp_file_in(&self.parts)?),
                docs: 0,
                bytes: 0,
            }),
        };
        write!(part.out, "{n}\t")?;
        write_record(&mut part.out, doc, cleaned)?;
        part.out.write_all(b"\n")?;
        part.docs += 1;
        part.bytes += cleaned.text.len() as u64;
        Ok(())
    }

    fn checkpoint(&mut self, force: bool) -> io::Result<bool> {
        let due = self
            .current
            .as_ref()
            .is_none_or(|p| force || p.docs >= PART_DOCS || p.bytes >= PART_BYTES);
        if due {
            self.commit()?;
        }
        Ok(due)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.commit()?;
        let parts = existing_parts(&self.parts)?;
        let gzip = self.out.to_string_lossy().ends_with(".gz");
        write_atomic_with(&self.out, |w| {
            if gzip {
                let mut enc = GzEncoder::new(w, Compression::default());
                merge(&parts, &mut enc)?;
                enc.finish().map(drop)
            } else {
                merge(&parts, w)
            }
        })?;
        // Out of the way in one step, so a kill never leaves half the parts.
        let trash = with_suffix(&self.parts, ".done");
        if trash.exists() {
            std::fs::remove_dir_all(&trash)?;
        }
        std::fs::rename(&self.parts, &trash)?;
        std::fs::remove_dir_all(&trash)
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = OsString::from(path.as_os_str());
    s.push(suffix);
    PathBuf::from(s)
}

fn part_name(k: u64) -> String {
    format!("{k:06}.part")
}

/// The committed parts in `dir`, in order; unfinished temp files are removed.
fn existing_parts(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut parts = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "part") {
            parts.push(path);
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    parts.sort();
    Ok(parts)
}

/// Writes the lines of all `parts` ordered by document number, without the
/// number; a document in two parts (committed, then redone after a kill
/// before its manifest line) is written once.
fn merge(parts: &[PathBuf], out: &mut dyn Write) -> io::Result<()> {
    let mut readers = Vec::new();
    let mut heads: Vec<Vec<u8>> = Vec::new();
    let mut heap = BinaryHeap::new();
    for (i, path) in parts.iter().enumerate() {
        readers.push(BufReader::with_capacity(1 << 16, File::open(path)?));
        heads.push(Vec::new());
        if let Some(n) = next_line(&mut readers[i], &mut heads[i])? {
            heap.push(Reverse((n, i)));
        }
    }
    let mut last = None;
    while let Some(Reverse((n, i))) = heap.pop() {
        if last != Some(n) {
            let line = &heads[i];
            let tab = memchr::memchr(b'\t', line).map_or(0, |t| t + 1);
            out.write_all(&line[tab..])?;
            last = Some(n);
        }
        if let Some(n) = next_line(&mut readers[i], &mut heads[i])? {
            heap.push(Reverse((n, i)));
        }
    }
    Ok(())
}

/// Reads one `n\tjson\n` line of a part into `line`; returns `n`.
fn next_line(r: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<u64>> {
    line.clear();
    if r.read_until(b'\n', line)? == 0 {
        return Ok(None);
    }
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "malformed part line");
    let tab = memchr::memchr(b'\t', line).ok_or_else(bad)?;
    let n = std::str::from_utf8(&line[..tab])
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or_else(bad)?;
    Ok(Some(n))
}

/// Turns a finished output back into a part, numbering its lines with `ok`.
fn import(out: &Path, ok: &[u64], part: &Path) -> io::Result<()> {
    let file = File::open(out)?;
    let reader: Box<dyn Read> = if out.to_string_lossy().ends_with(".gz") {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut lines = BufReader::new(reader).split(b'\n');
    let mut numbers = ok.iter();
    write_atomic_with(part, |w| {
        loop {
            match (lines.next().transpose()?, numbers.next()) {
                (None, None) => return Ok(()),
                (Some(line), Some(n)) => {
                    write!(w, "{n}\t")?;
                    w.write_all(&line)?;
                    w.write_all(b"\n")?;
                }
                _ => {
                    return Err(io::Error::other(format!(
                        "{} does not hold the {} documents its manifest records as ok; run without --resume",
                        out.display(),
                        ok.len()
                    )));
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::write_atomic;

    fn write_part(dir: &Path, k: u64, lines: &[(u64, &str)]) {
        let text: String = lines.iter().map(|(n, l)| format!("{n}\t{l}\n")).collect();
        write_atomic(&dir.join(part_name(k)), text.as_bytes()).unwrap();
    }

    #[test]
    fn parts_merge_by_number_once_each() {
        let dir = tempfile::tempdir().unwrap();
        write_part(dir.path(), 0, &[(0, "a"), (1, "b"), (5, "f")]);
        write_part(dir.path(), 1, &[(1, "b"), (2, "c"), (9, "j")]);
        let parts = existing_parts(dir.path()).unwrap();
        let mut out = Vec::new();
        merge(&parts, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\nb\nc\nf\nj\n");
    }

    #[test]
    fn a_finished_output_is_imported_as_a_part() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.jsonl");
        std::fs::write(&out, "{\"id\":\"x\"}\n{\"id\":\"y\"}\n").unwrap();
        let part = dir.path().join("p");
        import(&out, &[3, 7], &part).unwrap();
        assert_eq!(
            std::fs::read_to_string(&part).unwrap(),
            "3\t{\"id\":\"x\"}\n7\t{\"id\":\"y\"}\n"
        );
        assert!(import(&out, &[3], &part).is_err());
    }
}
