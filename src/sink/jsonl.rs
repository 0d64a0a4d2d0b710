//! JSONL output: one Dolma document (`{"id", "text", "source", "added",
//! "created", "metadata"}`, see [`crate::dataset::dolma`], with `"markdown"`
//! after `text` when asked for) per cleaned document, in input order;
//! documents left empty by cleaning are not written. To stdout it streams. To a file (`.jsonl`, or
//! gzip'd with `.jsonl.gz`) it goes through numbered part files in
//! `FILE.parts/`, each committed atomically; `finish` merges them by document
//! number into the final file, written atomically too. A killed run leaves
//! only committed parts, which `--resume` builds on (the states a kill can
//! leave are listed in ARCHITECTURE.md, "Scale and interruption").

use super::manifest::Records;
use super::{Sink, temp_file_in, write_atomic_with};
use crate::clean::Cleaned;
use crate::dataset::dolma::Shape;
use crate::source::Doc;
use flate2::{Compression, read::MultiGzDecoder, write::GzEncoder};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A part is committed once it holds this many documents or bytes.
const PART_DOCS: usize = 2048;
const PART_BYTES: u64 = 64 << 20;

/// Writes one document's JSON object (no newline): `record` when a worker
/// rendered it already, else rendered here.
pub(super) fn write_record(
    w: &mut impl Write,
    shape: &Shape,
    doc: &Doc,
    cleaned: &Cleaned,
    record: Option<&[u8]>,
) -> io::Result<()> {
    match record {
        Some(bytes) => w.write_all(bytes),
        None => shape.write_record(w, doc, cleaned),
    }
}

/// The part being filled.
struct Part {
    out: BufWriter<tempfile::NamedTempFile>,
    docs: usize,
    bytes: u64,
}

/// What a resumed run builds on.
pub struct Resume<'a> {
    /// The latest record of each document.
    pub done: &'a Records,
    /// The manifest, to number the lines of a finished output again.
    pub manifest: &'a Path,
}

/// JSONL to a file, through committed parts (`K.part`, numbered on across
/// runs); each line is `"order"<TAB>"key"<TAB>{json}` (`Doc::order`,
/// `Doc::key`). The merge orders lines by `order`: input order, whichever run
/// wrote them, even when inputs were added between runs.
pub struct JsonlFile {
    out: PathBuf,
    parts: PathBuf,
    current: Option<Part>,
    next_part: u64,
    shape: Shape,
    /// Lines the merged file must hold: those earlier runs recorded, and
    /// those written since.
    expected: u64,
}

impl JsonlFile {
    /// Prepares to write `out`. Without `resume` any earlier parts are
    /// removed. With it, the parts are kept, less the lines the manifest
    /// does not record as written (a kill came between their commit and
    /// their manifest lines; this run does them again); or a finished
    /// output becomes the first part again. Leftover temp files are removed.
    pub fn open(out: &Path, resume: Option<Resume>) -> io::Result<JsonlFile> {
        let parts = with_suffix(out, ".parts");
        let trash = with_suffix(&parts, ".done");
        if trash.exists() {
            std::fs::remove_dir_all(&trash)?;
        }
        super::remove_temps_beside(out)?;
        let mut next_part = 0;
        let expected = match &resume {
            None => {
                if parts.exists() {
                    std::fs::remove_dir_all(&parts)?;
                }
                0
            }
            Some(r) => {
                if parts.exists() {
                    next_part = prune(&parts, r.done)?;
                } else if out.exists() {
                    import(out, r, &parts)?;
                    next_part = 1;
                } else if r.done.written_count() > 0 {
                    return Err(io::Error::other(format!(
                        "the manifest records {} documents written to {}, but neither it nor its parts exist; run without --resume",
                        r.done.written_count(),
                        out.display()
                    )));
                }
                r.done.written_count()
            }
        };
        std::fs::create_dir_all(&parts)?;
        Ok(JsonlFile {
            out: out.to_path_buf(),
            parts,
            current: None,
            next_part,
            shape: Shape::default(),
            expected,
        })
    }

    /// Shapes documents with `shape` (its `source` and `added`).
    pub fn shaped(self, shape: Shape) -> JsonlFile {
        JsonlFile { shape, ..self }
    }

    fn commit(&mut self) -> io::Result<()> {
        let Some(part) = self.current.take() else {
            return Ok(());
        };
        let tmp = part.out.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_data()?;
        tmp.persist(self.parts.join(part_name(self.next_part)))
            .map_err(|e| e.error)?;
        crate::faults::kill_point("part-committed");
        self.next_part += 1;
        Ok(())
    }
}

impl Sink for JsonlFile {
    fn write(&mut self, doc: &Doc, cleaned: &Cleaned, record: Option<&[u8]>) -> io::Result<()> {
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
        serde_json::to_writer(&mut part.out, &doc.order)?;
        part.out.write_all(b"\t")?;
        serde_json::to_writer(&mut part.out, &doc.key)?;
        part.out.write_all(b"\t")?;
        write_record(&mut part.out, &self.shape, doc, cleaned, record)?;
        part.out.write_all(b"\n")?;
        part.docs += 1;
        part.bytes += cleaned.text.len() as u64;
        self.expected += 1;
        Ok(())
    }

    fn output_path(&self, _doc: &Doc) -> Option<PathBuf> {
        Some(self.out.clone())
    }

    fn written(&self, each: &mut dyn FnMut(&str, &str, Option<&str>)) -> io::Result<()> {
        let parts = existing_parts(&self.parts)?;
        in_order(&parts, &mut |record| {
            let doc: serde_json::Value = serde_json::from_slice(record)?;
            let field = |v: &serde_json::Value| v.as_str().map(str::to_string);
            let (Some(id), Some(text)) = (field(&doc["id"]), field(&doc["text"])) else {
                return Ok(());
            };
            each(&id, &text, doc["metadata"]["duplicate_of"].as_str());
            Ok(())
        })
        .map(|_| ())
    }

    fn checkpoint(&mut self, force: bool) -> io::Result<bool> {
        let due = self.current.as_ref().is_none_or(|p| {
            force || p.docs >= crate::faults::commit_every(PART_DOCS) || p.bytes >= PART_BYTES
        });
        if due {
            self.commit()?;
        }
        Ok(due)
    }

    /// Merges the parts into the output. Called once the manifest records
    /// every document of the parts, so that a kill at any point after this
    /// leaves either the parts or a finished output that the manifest
    /// describes line for line.
    fn finish(&mut self) -> io::Result<()> {
        self.commit()?;
        crate::faults::kill_point("before-merge");
        let parts = existing_parts(&self.parts)?;
        let gzip = self.out.to_string_lossy().ends_with(".gz");
        let expected = self.expected;
        write_atomic_with(&self.out, |w| {
            let lines = if gzip {
                let mut enc = GzEncoder::new(w, Compression::default());
                let lines = merge(&parts, &mut enc)?;
                enc.finish()?;
                lines
            } else {
                merge(&parts, w)?
            };
            if lines != expected {
                return Err(io::Error::other(format!(
                    "the parts in {} hold {lines} documents where the manifest records {expected}; \
                     the parts are kept, nothing was merged",
                    self.parts.display()
                )));
            }
            crate::faults::kill_point("merge-written");
            Ok(())
        })?;
        crate::faults::kill_point("merged");
        // Out of the way in one step, so a kill never leaves half the parts.
        let trash = with_suffix(&self.parts, ".done");
        std::fs::rename(&self.parts, &trash)?;
        crate::faults::kill_point("parts-trashed");
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

/// Rewrites each part without the lines `done` does not record as written;
/// returns the number for the next part. Each part is replaced atomically,
/// so a kill half way leaves parts pruned or not, and pruning again is the same.
fn prune(dir: &Path, done: &Records) -> io::Result<u64> {
    let parts = existing_parts(dir)?;
    for path in &parts {
        let mut reader = BufReader::with_capacity(1 << 16, File::open(path)?);
        let mut line = Vec::new();
        let mut kept = Vec::new();
        let mut dropped = 0;
        while let Some((_, key)) = next_line(&mut reader, &mut line)? {
            if done.written(&key) {
                kept.extend_from_slice(&line);
            } else {
                dropped += 1;
            }
        }
        if dropped > 0 {
            super::write_atomic(path, &kept)?;
        }
    }
    Ok(parts.len() as u64)
}

/// Writes the lines of all `parts` in input order, without their order and
/// key; returns how many it wrote.
fn merge(parts: &[PathBuf], out: &mut dyn Write) -> io::Result<u64> {
    in_order(parts, &mut |record| out.write_all(record))
}

/// Hands `each` the JSON object (with its newline) of every line of all
/// `parts`, in input order; returns how many there were.
fn in_order(parts: &[PathBuf], each: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<u64> {
    let mut readers = Vec::new();
    let mut heads: Vec<Vec<u8>> = Vec::new();
    let mut heap = BinaryHeap::new();
    for (i, path) in parts.iter().enumerate() {
        readers.push(BufReader::with_capacity(1 << 16, File::open(path)?));
        heads.push(Vec::new());
        if let Some((order, _)) = next_line(&mut readers[i], &mut heads[i])? {
            heap.push(Reverse((order, i)));
        }
    }
    let mut count = 0;
    while let Some(Reverse((_, i))) = heap.pop() {
        each(record_of(&heads[i]))?;
        count += 1;
        if let Some((order, _)) = next_line(&mut readers[i], &mut heads[i])? {
            heap.push(Reverse((order, i)));
        }
    }
    Ok(count)
}

/// The JSON object (with its newline) of a part line.
fn record_of(line: &[u8]) -> &[u8] {
    let after = |from: usize| memchr::memchr(b'\t', &line[from..]).map_or(from, |t| from + t + 1);
    &line[after(after(0))..]
}

/// Reads one `"order"\t"key"\tjson\n` line of a part into `line`; returns
/// the order and the key.
fn next_line(r: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<Option<(String, String)>> {
    line.clear();
    if r.read_until(b'\n', line)? == 0 {
        return Ok(None);
    }
    let mut fields = line.splitn(3, |&b| b == b'\t');
    let mut string = || -> io::Result<String> {
        fields
            .next()
            .and_then(|f| serde_json::from_slice(f).ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "malformed part line"))
    };
    Ok(Some((string()?, string()?)))
}

/// Turns a finished output back into the first part: its lines are the
/// documents the manifest records as written, in output order. Refused,
/// leaving nothing behind, when the counts differ.
fn import(out: &Path, resume: &Resume, parts: &Path) -> io::Result<()> {
    let written = super::manifest::written_in_output_order(resume.manifest, resume.done)?;
    let file = File::open(out)?;
    let reader: Box<dyn Read> = if out.to_string_lossy().ends_with(".gz") {
        Box::new(MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    let mut lines = BufReader::new(reader).split(b'\n');
    let mut written = written.iter();
    let mut tmp = BufWriter::new(super::temp_file_for(out)?);
    loop {
        match (lines.next().transpose()?, written.next()) {
            (None, None) => break,
            (Some(line), Some((order, key))) => {
                serde_json::to_writer(&mut tmp, order)?;
                tmp.write_all(b"\t")?;
                serde_json::to_writer(&mut tmp, key)?;
                tmp.write_all(b"\t")?;
                tmp.write_all(&line)?;
                tmp.write_all(b"\n")?;
            }
            _ => {
                return Err(io::Error::other(format!(
                    "{} does not hold the {} documents its manifest records as written; run without --resume",
                    out.display(),
                    resume.done.written_count()
                )));
            }
        }
    }
    let tmp = tmp.into_inner().map_err(|e| e.into_error())?;
    tmp.as_file().sync_data()?;
    std::fs::create_dir_all(parts)?;
    tmp.persist(parts.join(part_name(0))).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sink::manifest::Recorded;
    use crate::sink::write_atomic;

    fn write_part(dir: &Path, k: u64, lines: &[(&str, &str)]) {
        let text: String = lines
            .iter()
            .map(|(order, l)| format!("\"{order}\"\t\"k-{l}\"\t{l}\n"))
            .collect();
        write_atomic(&dir.join(part_name(k)), text.as_bytes()).unwrap();
    }

    fn merged(dir: &Path) -> String {
        let parts = existing_parts(dir).unwrap();
        let mut out = Vec::new();
        let lines = merge(&parts, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(lines as usize, out.lines().count());
        out
    }

    #[test]
    fn parts_merge_in_input_order() {
        let dir = tempfile::tempdir().unwrap();
        write_part(dir.path(), 0, &[("0\\u0000b", "b"), ("0\\u0000c", "c")]);
        write_part(dir.path(), 1, &[("0\\u0000d", "d"), ("1\\u0000a", "z")]);
        // A resumed run's documents (a file added that sorts first, a
        // failure retried) land in their place in input order.
        write_part(dir.path(), 2, &[("0\\u0000a", "a"), ("0\\u0000c1", "c1")]);
        assert_eq!(merged(dir.path()), "a\nb\nc\nc1\nd\nz\n");
    }

    #[test]
    fn pruning_keeps_only_what_the_manifest_records() {
        let dir = tempfile::tempdir().unwrap();
        write_part(dir.path(), 0, &[("0", "a"), ("1", "b"), ("2", "c")]);
        std::fs::write(dir.path().join(".newsclean-x.tmp"), "half").unwrap();
        let mut done = Records::default();
        for key in ["k-a", "k-c"] {
            done.note(
                key,
                Recorded {
                    done: true,
                    written: true,
                },
            );
        }
        assert_eq!(prune(dir.path(), &done).unwrap(), 1);
        assert_eq!(merged(dir.path()), "a\nc\n");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp removed"
        );
    }

    #[test]
    fn a_finished_output_is_imported_as_a_part_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("o.jsonl");
        let manifest = dir.path().join("o.manifest.jsonl");
        std::fs::write(&out, "{\"id\":\"x\"}\n{\"id\":\"y\"}\n").unwrap();
        let entry = |n: u64, key: &str, status: &str| {
            format!(
                "{{\"n\":{n},\"id\":\"i\",\"key\":\"{key}\",\"order\":\"{n}\",\"source\":\"s\",\"status\":\"{status}\",\"bytes_in\":1,\"bytes_out\":1}}\n"
            )
        };
        let run = "{\"run\":{\"newsclean\":\"0\",\"rules\":\"r\",\"format\":\"jsonl\",\"input_format\":\"auto\",\"max_doc_bytes\":1}}\n";
        std::fs::write(
            &manifest,
            [
                run,
                &entry(1, "b", "ok"),
                &entry(0, "a", "ok"),
                &entry(2, "c", "empty"),
            ]
            .concat(),
        )
        .unwrap();
        let mut done = Records::default();
        for key in ["a", "b"] {
            done.note(
                key,
                Recorded {
                    done: true,
                    written: true,
                },
            );
        }
        let parts = dir.path().join("o.jsonl.parts");
        let resume = Resume {
            done: &done,
            manifest: &manifest,
        };
        import(&out, &resume, &parts).unwrap();
        assert_eq!(
            std::fs::read_to_string(parts.join(part_name(0))).unwrap(),
            "\"0\"\t\"a\"\t{\"id\":\"x\"}\n\"1\"\t\"b\"\t{\"id\":\"y\"}\n"
        );
        std::fs::remove_dir_all(&parts).unwrap();
        std::fs::write(
            &manifest,
            [
                run,
                &entry(0, "a", "ok"),
                &entry(1, "b", "ok"),
                &entry(2, "c", "ok"),
            ]
            .concat(),
        )
        .unwrap();
        done.note(
            "c",
            Recorded {
                done: true,
                written: true,
            },
        );
        let resume = Resume {
            done: &done,
            manifest: &manifest,
        };
        assert!(import(&out, &resume, &parts).is_err());
        assert!(!parts.exists(), "a refused import leaves nothing behind");
    }
}
