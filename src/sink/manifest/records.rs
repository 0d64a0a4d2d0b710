//! Reading a manifest back: the latest record of every document that
//! earlier runs wrote down, for `--resume` and for a JSONL output that must
//! know which of its lines are durable.

use super::{Entry, RunLine, Settings, Status};
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

/// What earlier runs recorded: the latest record of every document.
#[derive(Debug, Default)]
pub struct Previous {
    pub records: Records,
}

/// What earlier runs recorded, by each document's key, stored in full (see
/// `Doc::key`): whether it is done, and whether its output was written.
#[derive(Debug, Default)]
pub struct Records {
    by_key: HashMap<String, Recorded>,
}

/// The latest record of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// Passed over by `--resume` (failed documents are not: they are retried).
    pub done: bool,
    /// Its cleaned text was written (a JSONL line, a file of a tree).
    pub written: bool,
}

impl Records {
    /// Records the latest status of a document; a later line overrides an earlier one.
    pub fn note(&mut self, key: &str, recorded: Recorded) {
        match self.by_key.get_mut(key) {
            Some(r) => *r = recorded,
            None => {
                self.by_key.insert(key.to_string(), recorded);
            }
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|r| r.done)
    }

    /// Whether the latest record says the document's output was written.
    pub fn written(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|r| r.written)
    }

    /// How many documents are recorded as written.
    pub fn written_count(&self) -> u64 {
        self.by_key.values().filter(|r| r.written).count() as u64
    }

    pub fn len(&self) -> usize {
        self.by_key.values().filter(|r| r.done).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The keys of the documents that are done, for the run's selection.
    pub fn into_done(self) -> std::collections::HashSet<String> {
        self.by_key
            .into_iter()
            .filter(|(_, r)| r.done)
            .map(|(key, _)| key)
            .collect()
    }
}

/// One complete line of a manifest.
enum Line {
    Run(Settings),
    Entry(Entry),
}

/// Reads the complete lines of a manifest, in order, until `each` says stop;
/// returns the length of the file up to the last complete line.
fn read_lines(file: &File, mut each: impl FnMut(Line)) -> io::Result<u64> {
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut keep = 0u64;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            return Ok(keep);
        }
        let parsed = match serde_json::from_slice::<Entry>(&line) {
            Ok(entry) => Line::Entry(entry),
            Err(e) => match serde_json::from_slice::<RunLine>(&line) {
                Ok(run) => Line::Run(run.run),
                Err(_) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("manifest line at byte {keep} is not a manifest entry: {e}"),
                    ));
                }
            },
        };
        keep += n as u64;
        each(parsed);
    }
}

/// Reads what earlier runs recorded; returns the length of the file up to
/// the last complete line and the settings of the last run.
pub(super) fn read_previous(
    file: &mut File,
    previous: &mut Previous,
) -> io::Result<(u64, Option<Settings>)> {
    let mut last = None;
    let keep = read_lines(file, |line| match line {
        Line::Run(settings) => last = Some(settings),
        Line::Entry(entry) => previous.records.note(
            &entry.key,
            Recorded {
                done: entry.status.is_done(),
                written: entry.status == Status::Ok,
            },
        ),
    })?;
    Ok((keep, last))
}

/// The documents written by earlier runs, as (order, key), in the order a
/// JSONL output holds them: input order.
pub fn written_in_output_order(path: &Path, done: &Records) -> io::Result<Vec<(String, String)>> {
    let mut written = Vec::new();
    read_lines(&File::open(path)?, |line| match line {
        Line::Entry(e) if e.status == Status::Ok && done.written(&e.key) => {
            written.push((e.order, e.key));
        }
        _ => {}
    })?;
    written.sort_unstable();
    Ok(written)
}
