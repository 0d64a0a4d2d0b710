//! Accounting for every item of a run, in input order: its output to the
//! sink, its line in the manifest, its count in the summary, and a warning for
//! anything the user should hear about. Manifest lines are committed only
//! once the sink says the output before them is durable.

use crate::clean::Cleaned;
use crate::report::{Reporter, Summary};
use crate::sink::Sink;
use crate::sink::manifest::{Entry, Manifest, Status};
use crate::source::{Item, Limits};

pub struct Accounts {
    sink: Box<dyn Sink>,
    manifest: Option<Manifest>,
    reporter: Reporter,
    summary: Summary,
    limits: Limits,
}

impl Accounts {
    pub fn new(
        sink: Box<dyn Sink>,
        manifest: Option<Manifest>,
        reporter: Reporter,
        limits: Limits,
    ) -> Accounts {
        Accounts {
            sink,
            manifest,
            reporter,
            summary: Summary::default(),
            limits,
        }
    }

    /// Settles item number `n`: writes it, counts it, records it.
    pub fn settle(&mut self, n: u64, item: Item, cleaned: Option<Result<Cleaned, String>>) {
        let mut entry = Entry {
            n,
            id: item.id().to_string(),
            source: item.origin().to_string(),
            status: Status::Failed,
            reason: None,
            error: None,
            bytes_in: 0,
            bytes_out: 0,
            flags: Vec::new(),
        };
        self.summary.read += 1;
        match (item, cleaned) {
            (Item::Doc(doc), Some(result)) => {
                entry.bytes_in = doc.cut_from.unwrap_or(doc.bytes.len() as u64);
                self.summary.bytes_in += doc.bytes.len() as u64;
                self.reporter
                    .advance(doc.bytes.len() as u64, self.summary.read);
                if let Some(full) = doc.cut_from {
                    let why = format!(
                        "cut at {} of {full} bytes (--max-doc-bytes)",
                        self.limits.max_doc_bytes
                    );
                    self.reporter.warn(&doc.origin, &why);
                    entry.reason = Some(why);
                }
                match result.and_then(|c| {
                    self.sink
                        .write(n, &doc, &c)
                        .map(|()| c)
                        .map_err(|e| format!("cannot write output: {e}"))
                }) {
                    Ok(cleaned) => {
                        for w in &cleaned.warnings {
                            self.reporter.warn(&doc.origin, w);
                        }
                        self.summary.count_edits(&cleaned.edits);
                        self.summary.count_flags(&cleaned.meta.flags);
                        entry.flags = cleaned.meta.flags.clone();
                        self.summary.bytes_out += cleaned.text.len() as u64;
                        entry.bytes_out = cleaned.text.len() as u64;
                        entry.status = if cleaned.text.is_empty() {
                            self.summary.empty += 1;
                            Status::Empty
                        } else {
                            self.summary.cleaned += 1;
                            Status::Ok
                        };
                    }
                    Err(message) => self.fail(&mut entry, message),
                }
            }
            (Item::Skipped(s), _) => {
                self.summary.skipped += 1;
                if s.notable {
                    self.reporter
                        .warn(&s.origin, &format!("skipped: {}", s.reason));
                }
                entry.status = Status::Skipped;
                entry.bytes_in = s.bytes;
                entry.reason = Some(s.reason);
            }
            (Item::Failed(e), _) => self.fail(&mut entry, e.message),
            (Item::Doc(_), None) => self.fail(&mut entry, "document was not cleaned".into()),
        }
        if let Some(m) = &mut self.manifest {
            m.record(entry);
        }
    }

    fn fail(&mut self, entry: &mut Entry, message: String) {
        self.summary.failed += 1;
        self.reporter.warn(&entry.source, &message);
        entry.status = Status::Failed;
        entry.error = Some(message);
    }

    /// After a batch: lets the sink commit, and then the manifest.
    pub fn checkpoint(&mut self, max_pending: usize) {
        let pending = self.manifest.as_ref().map_or(0, Manifest::pending);
        match self.sink.checkpoint(pending >= max_pending) {
            Ok(true) => self.commit_manifest(),
            Ok(false) => {}
            Err(e) => self.output_failed(&e.to_string()),
        }
    }

    fn commit_manifest(&mut self) {
        if let Some(Err(e)) = self.manifest.as_mut().map(Manifest::commit) {
            self.output_failed(&format!("cannot write the manifest: {e}"));
        }
    }

    fn output_failed(&mut self, message: &str) {
        self.reporter.warn("output", message);
        self.summary.output_errors += 1;
    }

    /// Completes the output and the manifest, prints the summary and returns it.
    pub fn finish(mut self, other_shards: u64, already_done: u64) -> Summary {
        match self.sink.finish() {
            Ok(()) => self.commit_manifest(),
            Err(e) => self.output_failed(&e.to_string()),
        }
        self.summary.other_shards = other_shards;
        self.summary.already_done = already_done;
        self.reporter.finish(&mut self.summary);
        self.summary
    }
}
