//! Accounting for every item of a run, in input order: its output to the
//! sink, its line in the manifest, its count in the summary, and a warning for
//! anything the user should hear about. Manifest lines are committed only
//! once the sink says the output before them is durable.

use crate::dataset::{Examined, Gate, Verdict};
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
    /// Duplicates and the quality filter, decided in input order.
    gate: Option<Gate>,
    /// Stdout was closed by its reader (`| head`): the run stops quietly.
    stdout_closed: bool,
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
            gate: None,
            stdout_closed: false,
        }
    }

    /// With `--resume`: the first copies earlier runs wrote go into the
    /// duplicate index before anything new is judged, so a resumed run marks
    /// copies as an uninterrupted one does (outputs that cannot be read back,
    /// a text tree, start with an empty index).
    pub fn resume_gate(&mut self) -> std::io::Result<()> {
        let Some(gate) = &mut self.gate else {
            return Ok(());
        };
        self.sink.written(&mut |id, text, duplicate_of| {
            if duplicate_of.is_none() {
                gate.seed(id, text);
            }
        })
    }

    /// Decides on duplicates and the quality filter with `gate`.
    pub fn with_gate(self, gate: Gate) -> Accounts {
        Accounts {
            gate: Some(gate),
            ..self
        }
    }

    /// Takes the gate's verdict on a cleaned document: counts it, marks the
    /// entry; `false` when the document is not to be written.
    fn pass_gate(&mut self, id: &str, examined: &mut Examined, entry: &mut Entry) -> bool {
        let Some(gate) = &mut self.gate else {
            return true;
        };
        if examined.cleaned.meta.extra.contains_key("id_generated") {
            self.summary.generated_ids += 1;
        }
        match gate.judge(id, examined) {
            Verdict::Keep { duplicate_of } => {
                self.summary.duplicates += u64::from(duplicate_of.is_some());
                entry.duplicate_of = duplicate_of;
                true
            }
            Verdict::Drop {
                reason,
                duplicate_of,
            } => {
                if duplicate_of.is_some() {
                    self.summary.duplicates += 1;
                    self.summary.dropped_duplicates += 1;
                } else {
                    self.summary.filtered += 1;
                }
                entry.status = Status::Dropped;
                entry.reason = Some(match entry.reason.take() {
                    Some(cut) => format!("{cut}; {reason}"),
                    None => reason,
                });
                entry.duplicate_of = duplicate_of;
                false
            }
        }
    }

    /// Whether the output's reader has gone (a closed pipe on stdout).
    pub fn stdout_closed(&self) -> bool {
        self.stdout_closed
    }

    /// Settles item number `n`: writes it, counts it, records it.
    pub fn settle(&mut self, n: u64, item: Item, cleaned: Option<Result<Examined, String>>) {
        let mut entry = Entry {
            n,
            id: item.id().to_string(),
            key: item.key().to_string(),
            order: String::new(),
            source: item.origin().to_string(),
            status: Status::Failed,
            reason: None,
            error: None,
            bytes_in: 0,
            bytes_out: 0,
            duplicate_of: None,
            output: None,
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
                let mut result = result;
                let keep = match &mut result {
                    Ok(c) => self.pass_gate(&doc.id, c, &mut entry),
                    Err(_) => true,
                };
                let written = result.and_then(|examined| {
                    let Examined {
                        cleaned: c, record, ..
                    } = examined;
                    if !keep {
                        return Ok(c);
                    }
                    match self.sink.write(&doc, &c, record.as_deref()) {
                        Ok(()) => Ok(c),
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                            self.stdout_closed = true;
                            Err(String::new())
                        }
                        Err(e) => Err(format!("cannot write output: {e}")),
                    }
                });
                if self.stdout_closed {
                    return;
                }
                match written {
                    Ok(cleaned) => {
                        for w in &cleaned.warnings {
                            self.reporter.warn(&doc.origin, w);
                        }
                        self.summary.count_edits(&cleaned.edits);
                        self.summary.count_flags(&cleaned.meta.flags);
                        entry.flags = cleaned.meta.flags.clone();
                        entry.order = doc.order.clone();
                        if keep {
                            self.summary.bytes_out += cleaned.text.len() as u64;
                            entry.bytes_out = cleaned.text.len() as u64;
                            entry.status = if cleaned.text.is_empty() {
                                self.summary.empty += 1;
                                Status::Empty
                            } else {
                                entry.output =
                                    self.sink.output_path(&doc).map(|p| p.display().to_string());
                                self.summary.cleaned += 1;
                                Status::Ok
                            };
                        }
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
        self.commit(pending >= max_pending);
    }

    /// Asks the sink to commit (`force`: now), and when it did, commits the
    /// manifest. When the sink cannot, the held documents are recorded as
    /// failed, so that `--resume` does them again.
    fn commit(&mut self, force: bool) {
        match self.sink.checkpoint(force) {
            Ok(true) => self.commit_manifest(),
            Ok(false) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => self.stdout_closed = true,
            Err(e) => {
                let message = format!("cannot commit output: {e}");
                if let Some(m) = &mut self.manifest {
                    m.fail_pending(&message);
                }
                self.commit_manifest();
                self.output_failed(&message);
            }
        }
    }

    /// The run stops early (Ctrl-C, a closed stdout): commits what is done,
    /// without finishing the output (a JSONL file keeps its parts for
    /// `--resume`). Returns how many documents are done.
    pub fn interrupt(&mut self) -> u64 {
        self.commit(true);
        self.reporter.abandon();
        self.summary.cleaned + self.summary.empty + self.summary.skipped
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

    /// Completes the manifest, then the output (a JSONL file is merged only
    /// once the manifest records all it holds), prints the summary and returns it.
    pub fn finish(mut self, other_shards: u64, already_done: u64) -> Summary {
        self.commit(true);
        if let Err(e) = self.sink.finish() {
            self.output_failed(&e.to_string());
        }
        if self.gate.as_ref().is_some_and(Gate::index_full) {
            self.reporter.warn(
                "dedup",
                "the duplicate index is full: later texts were only checked against the first ones",
            );
        }
        self.summary.other_shards = other_shards;
        self.summary.already_done = already_done;
        self.reporter.finish(&mut self.summary);
        self.summary
    }
}
