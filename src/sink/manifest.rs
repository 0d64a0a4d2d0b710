//! The manifest: one JSON line per input document, with what became of it.
//! Lines are held back until the sink says the documents' output is durable,
//! so a line marked `ok` always has its output on disk; `--resume` reads the
//! manifest back to pass over what is done (failed documents are retried).
//! Each run opens its part of the manifest with a line of its settings (rule
//! fingerprint, options that change output); `--resume` refuses to go on
//! with other ones.

use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, Write};
use std::path::Path;

mod records;

use records::read_previous;
pub use records::{Previous, Recorded, Records, written_in_output_order};

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
    /// Cleaned, and left out of the output on purpose: below the quality
    /// filter, or a duplicate with `--dedup-drop` (reason given).
    Dropped,
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
    /// The document's number in the input stream of its run (0-based, across all inputs).
    pub n: u64,
    pub id: String,
    /// What `--resume` knows the document by (`Doc::key`), in full.
    pub key: String,
    /// Its place in input order (`Doc::order`), for a document that has output.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub order: String,
    /// Path, `path@offset` of a WARC record, or `path:line` of a JSONL line.
    pub source: String,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// The id of the first copy, for a duplicate (kept or dropped).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<String>,
    /// Where the document was written: its file in a tree, or the JSONL file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// What went wrong although it was cleaned (`rules_removed_most`,
    /// `extraction_kept_little`), as in its metadata.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// What a run's output depends on besides its inputs: the first line each
/// run writes to the manifest (`{"run": {...}}`). `--resume` goes on only
/// when they are the same, so an output never mixes two cleanings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// newsclean's version.
    pub newsclean: String,
    /// The fingerprint of the rule files (`rules::fingerprint`).
    pub rules: String,
    /// `text` or `jsonl`.
    pub format: String,
    pub input_format: String,
    pub max_doc_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// The other options that change what is written: extraction (`--favor`,
    /// what it keeps, Markdown) and the dataset stage (duplicates, filters,
    /// `--source`, sidecars), in one canonical line.
    #[serde(default)]
    pub options: String,
}

impl Settings {
    /// How `self` (this run) differs from `earlier`, for the user.
    fn differences(&self, earlier: &Settings) -> Vec<String> {
        let mut out = Vec::new();
        let mut differ = |what: &str, then: &dyn std::fmt::Debug, now: &dyn std::fmt::Debug| {
            out.push(format!("{what}: {then:?} then, {now:?} now"));
        };
        if self.newsclean != earlier.newsclean {
            differ("newsclean version", &earlier.newsclean, &self.newsclean);
        }
        if self.rules != earlier.rules {
            differ("rule files (fingerprint)", &earlier.rules, &self.rules);
        }
        if self.format != earlier.format {
            differ("--format", &earlier.format, &self.format);
        }
        if self.input_format != earlier.input_format {
            differ("--input-format", &earlier.input_format, &self.input_format);
        }
        if self.max_doc_bytes != earlier.max_doc_bytes {
            differ(
                "--max-doc-bytes",
                &earlier.max_doc_bytes,
                &self.max_doc_bytes,
            );
        }
        if self.shard != earlier.shard {
            differ("--shard", &earlier.shard, &self.shard);
        }
        if self.options != earlier.options {
            let (then, now) = changed_options(&earlier.options, &self.options);
            differ("output options", &then, &now);
        }
        out
    }
}

/// The items of two option lines that differ (`identify: true` then,
/// `identify: false` now), rather than two lines of some hundred options;
/// the whole lines when their items do not line up.
fn changed_options(then: &str, now: &str) -> (String, String) {
    fn items(line: &str) -> Vec<&str> {
        line.split([',', '{', '}'])
            .map(str::trim)
            .flat_map(|part| {
                // `key=value` items stand side by side; `key: value` ones
                // have a comma between them.
                if part.contains('=') {
                    part.split_whitespace().collect()
                } else {
                    vec![part]
                }
            })
            .filter(|item| !item.is_empty())
            .collect()
    }
    let (a, b) = (items(then), items(now));
    if a.len() != b.len() {
        return (then.to_string(), now.to_string());
    }
    let pick = |items: &[&str]| {
        let changed = (0..a.len()).filter(|&i| a[i] != b[i]);
        changed.map(|i| items[i]).collect::<Vec<_>>().join(", ")
    };
    (pick(&a), pick(&b))
}

/// The line that opens each run's part of the manifest.
#[derive(Serialize, Deserialize)]
struct RunLine {
    run: Settings,
}

/// The manifest file being appended to. Its file is locked for the run: a
/// second run on the same manifest is refused.
pub struct Manifest {
    file: BufWriter<File>,
    pending: Vec<Entry>,
}

/// Why a manifest cannot be used.
#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    /// Another run holds it.
    Locked,
    /// `--resume` with settings other than the earlier runs'.
    Mismatch(Vec<String>),
    /// `--resume` on a manifest with no run line (an older newsclean's).
    Unversioned,
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> OpenError {
        OpenError::Io(e)
    }
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Io(e) => write!(f, "{e}"),
            OpenError::Locked => write!(f, "another newsclean run is using it"),
            OpenError::Mismatch(diffs) => write!(
                f,
                "--resume would mix two cleanings in one output; the earlier run differs in {}. \
                 Run without --resume to clean everything again, or resume with the same rules and options",
                diffs.join("; ")
            ),
            OpenError::Unversioned => write!(
                f,
                "written by an older newsclean, without the rules' fingerprint; run without --resume"
            ),
        }
    }
}

impl std::error::Error for OpenError {}

impl Manifest {
    /// Starts a new manifest at `path`, or with `resume` continues the one
    /// there, returning what it recorded; either way it opens with a line of
    /// this run's `settings`. A line cut short by a kill is dropped.
    pub fn open(
        path: &Path,
        resume: bool,
        settings: &Settings,
    ) -> Result<(Manifest, Previous), OpenError> {
        if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        // Opened without truncating, so that a second run finds the lock
        // before it destroys anything.
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        if !super::try_lock(&file)? {
            return Err(OpenError::Locked);
        }
        let mut previous = Previous::default();
        if resume {
            let (keep, last) = read_previous(&mut file, &mut previous)?;
            match last {
                Some(earlier) if earlier != *settings => {
                    return Err(OpenError::Mismatch(settings.differences(&earlier)));
                }
                None if keep > 0 => return Err(OpenError::Unversioned),
                _ => {}
            }
            file.set_len(keep)?;
        } else {
            file.set_len(0)?;
        }
        file.seek(io::SeekFrom::End(0))?;
        let mut file = BufWriter::new(file);
        serde_json::to_writer(
            &mut file,
            &RunLine {
                run: settings.clone(),
            },
        )
        .map_err(io::Error::from)?;
        file.write_all(b"\n")?;
        file.flush()?;
        Ok((
            Manifest {
                file,
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

    /// The output of the held documents could not be made durable: they are
    /// recorded as failed, so that `--resume` does them again.
    pub fn fail_pending(&mut self, message: &str) {
        for entry in &mut self.pending {
            if entry.status == Status::Ok || entry.status == Status::Empty {
                entry.status = Status::Failed;
                entry.error = Some(message.to_string());
            }
        }
    }

    /// Writes the held lines: their documents' output is now durable.
    pub fn commit(&mut self) -> io::Result<()> {
        for entry in self.pending.drain(..) {
            serde_json::to_writer(&mut self.file, &entry)?;
            self.file.write_all(b"\n")?;
        }
        self.file.flush()?;
        crate::faults::kill_point("manifest-committed");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAILED: Recorded = Recorded {
        done: false,
        written: false,
    };
    const OK: Recorded = Recorded {
        done: true,
        written: true,
    };

    #[test]
    fn a_later_failure_or_success_overrides() {
        let mut done = Records::default();
        done.note("a:1", FAILED);
        assert!(!done.contains("a:1"));
        done.note("a:1", OK);
        assert!(done.contains("a:1") && done.written("a:1"));
        assert_eq!((done.len(), done.written_count()), (1, 1));
    }

    #[test]
    fn keys_are_kept_whole_not_hashed() {
        // Two keys with the same 64-bit hash would shadow each other in a
        // set of hashes; whole keys never do.
        let mut done = Records::default();
        done.note("crawl.warc.gz@0#<urn:a>", OK);
        assert!(!done.contains("crawl.warc.gz@0"));
        assert!(!done.contains("crawl.warc.gz@0#<urn:b>"));
    }

    fn entry(n: u64, status: Status) -> Entry {
        Entry {
            n,
            id: format!("d{n}"),
            key: format!("f@{n}"),
            order: format!("{n:03}"),
            source: format!("f:{n}"),
            status,
            reason: None,
            error: None,
            bytes_in: 1,
            bytes_out: 1,
            duplicate_of: None,
            output: None,
            flags: Vec::new(),
        }
    }

    fn settings() -> Settings {
        Settings {
            newsclean: "0".into(),
            rules: "r1".into(),
            format: "jsonl".into(),
            input_format: "auto".into(),
            max_doc_bytes: 100,
            shard: None,
            options: String::new(),
        }
    }

    #[test]
    fn resume_reads_done_entries_and_drops_a_cut_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let (mut m, _) = Manifest::open(&path, false, &settings()).unwrap();
        m.record(entry(0, Status::Ok));
        m.record(entry(1, Status::Failed));
        m.record(entry(2, Status::Skipped));
        m.commit().unwrap();
        drop(m);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"n\":3,\"id\":").unwrap();
        drop(f);
        let (mut m, prev) = Manifest::open(&path, true, &settings()).unwrap();
        assert!(prev.records.contains("f@0") && prev.records.contains("f@2"));
        assert!(
            !prev.records.contains("f@1"),
            "failed documents are retried"
        );
        assert_eq!(prev.records.written_count(), 1);
        m.record(entry(1, Status::Ok));
        m.commit().unwrap();
        drop(m);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 6, "{text}");
        assert!(text.ends_with("\"bytes_out\":1}\n"));
        let (_, prev) = Manifest::open(&path, true, &settings()).unwrap();
        let written = written_in_output_order(&path, &prev.records).unwrap();
        let keys: Vec<&str> = written.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(keys, ["f@0", "f@1"]);
    }

    #[test]
    fn resume_with_other_rules_or_options_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        drop(Manifest::open(&path, false, &settings()).unwrap());
        let other = Settings {
            rules: "r2".into(),
            max_doc_bytes: 5,
            ..settings()
        };
        let Err(OpenError::Mismatch(diffs)) = Manifest::open(&path, true, &other) else {
            panic!("resumed with other settings");
        };
        assert_eq!(diffs.len(), 2, "{diffs:?}");
        assert!(diffs[0].contains("\"r1\" then, \"r2\" now"), "{diffs:?}");
        // Without --resume, a new manifest starts.
        assert!(Manifest::open(&path, false, &other).is_ok());
    }

    #[test]
    fn a_manifest_of_an_older_newsclean_is_not_resumed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let old = "{\"n\":0,\"id\":\"a\",\"key\":\"a\",\"source\":\"a\",\"status\":\"ok\",\"bytes_in\":1,\"bytes_out\":1}\n";
        std::fs::write(&path, old).unwrap();
        assert!(matches!(
            Manifest::open(&path, true, &settings()),
            Err(OpenError::Unversioned)
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_second_run_on_the_same_manifest_is_locked_out() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.jsonl");
        let (mut first, _) = Manifest::open(&path, false, &settings()).unwrap();
        first.record(entry(0, Status::Ok));
        first.commit().unwrap();
        assert!(matches!(
            Manifest::open(&path, false, &settings()),
            Err(OpenError::Locked)
        ));
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 2, "the second run truncated nothing");
    }
}
