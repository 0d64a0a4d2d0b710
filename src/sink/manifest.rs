//! The manifest: one JSON line per input document, with what became of it.
//! Lines are held back until the sink says the documents' output is durable,
//! so a line marked `ok` always has its output on disk; `--resume` reads the
//! manifest back to pass over what is done (failed documents are retried).

use crate::select::Done;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Seek, Write};
use std::path::Path;

/// What became of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Cleaned and written.
    Ok,
    /// Nothing was left after cleaning.
    Empty,
    /// Not a page to clean (reason given).
    Skipped,
    /// Could not be read, cleaned or written (error given).
    Failed,
}

impl Status {
    /// Done documents are passed over by `--resume`; failed ones are retried.
    pub fn is_done(self) -> bool {
        self != Status::Failed
    }
}

/// One manifest line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The document's number in the input stream (0-based, across all inputs).
    pub n: u64,
    pub id: String,
    /// Path, `path@offset` of a WARC record, or `path:line` of a JSONL line.
    pub source: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// What went wrong although it was cleaned (`rules_removed_most`,
    /// `extraction_kept_little`), as in its metadata.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// The manifest file being appended to.
pub struct Manifest {
    file: BufWriter<File>,
    pending: Vec<Entry>,
}

/// What an earlier run recorded: the done documents, and the numbers of the
/// `ok` ones in order (what a JSONL output holds, line for line).
#[derive(Debug, Default)]
pub struct Previous {
    pub done: Done,
    pub ok: Vec<u64>,
}

impl Manifest {
    /// Starts a new manifest at `path`, or with `resume` continues the one
    /// there, returning what it recorded. A line cut short by a kill is dropped.
    pub fn open(path: &Path, resume: bool) -> io::Result<(Manifest, Previous)> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut previous = Previous::default();
        let file = if resume && path.exists() {
            let mut file = OpenOptions::new().read(true).append(true).open(path)?;
            let keep = read_previous(&mut file, &mut previous)?;
            file.set_len(keep)?;
            file.seek(io::SeekFrom::End(0))?;
            file
        } else {
            File::create(path)?
        };
        previous.ok.sort_unstable();
        Ok((
            Manifest {
                file: BufWriter::new(file),
                pending: Vec::new(),
            },
            previous,
        ))
    }

    /// Holds `entry` until the next [`Manifest::commit`].
    pub fn record(&mut self, entry: Entry) {
        self.pending.push(entry);
    }

    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Writes the held lines: their documents' output is now durable.
    pub fn commit(&mut self) -> io::Result<()> {
        for entry in self.pending.drain(..) {
            serde_json::to_writer(&mut self.file, &entry)?;
            self.file.write_all(b"\n")?;
        }
        self.file.flush()
    }
}

/// Reads complete lines; returns the length of the file up to the last one.
fn read_previous(file: &mut File, previous: &mut Previous) -> io::Result<u64> {
    let mut reader = BufReader::new(&*file);
    let mut line = Vec::new();
    let mut keep = 0u64;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            return Ok(keep);
        }
        let entry: Entry = serde_json::from_slice(&line).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("manifest line at byte {keep} is not a manifest entry: {e}"),
            )
        })?;
        keep += n as u64;
        previous.done.note(&entry.source, entry.status.is_done());
        if entry.status == Status::Ok {
            previous.ok.push(entry.n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u64, status: Status) -> Entry {
        Entry {
            n,
            id: format!("d{n}"),
            source: format!("f:{n}"),
            status,
            reason: None,
            error: None,
            bytes_in: 1,
            bytes_out: 1,
            flags: Vec::new(),
        }
    }

    #[test]
    fn resume_reads_done_entries_and_drops_a_cut_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let (mut m, _) = Manifest::open(&path, false).unwrap();
        m.record(entry(0, Status::Ok));
        m.record(entry(1, Status::Failed));
        m.record(entry(2, Status::Skipped));
        m.commit().unwrap();
        drop(m);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"n\":3,\"id\":").unwrap();
        drop(f);
        let (mut m, prev) = Manifest::open(&path, true).unwrap();
        assert!(prev.done.contains("f:0") && prev.done.contains("f:2"));
        assert!(!prev.done.contains("f:1"), "failed documents are retried");
        assert_eq!(prev.ok, vec![0]);
        m.record(entry(1, Status::Ok));
        m.commit().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 4);
        assert!(text.ends_with("\"bytes_out\":1}\n"));
    }
}
