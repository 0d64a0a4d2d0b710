//! Drives a batch: a reader thread streams items from the sources, keeps the
//! ones this run selects (shard, resume) and sends them in batches through a
//! bounded queue; each batch is cleaned on rayon workers; results go to the
//! sink and the manifest in input order, so output is identical whatever the
//! thread count, and memory stays bounded whatever the size of the dump.

mod account;
mod outputs;

use crate::clean;
use crate::dataset::{self, Gate};
use crate::exit::{self, Exit};
use crate::faults;
use crate::report::Reporter;
use crate::rules::RuleSet;
use crate::select::{Selection, Shard, Verdict};
use crate::sink::jsonl::{JsonlFile, Resume};
use crate::sink::manifest::{Manifest, Previous, Settings};
use crate::sink::{self, Sink, StdoutForm};
use crate::source::{self, Doc, DocError, Input, InputFormat, Item, JsonlKeys, Limits};
use account::Accounts;
use anyhow::Context;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Everything a run needs, resolved from the command line once.
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: Output,
    pub rules: RuleSet,
    /// The fingerprint of the rule files, recorded in the manifest.
    pub rules_fingerprint: String,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    pub report: Option<PathBuf>,
    pub quiet: bool,
    pub input_format: InputFormat,
    pub limits: Limits,
    /// Where the manifest goes, if anywhere.
    pub manifest: Option<PathBuf>,
    pub shard: Option<Shard>,
    /// Pass over what the manifest records as done.
    pub resume: bool,
    /// The keys JSONL input lines are read by.
    pub keys: JsonlKeys,
    /// Output shape, quality signals and filter, duplicates.
    pub dataset: dataset::Options,
    /// What extraction favours and keeps, and whether Markdown is made.
    pub clean: clean::Options,
    /// A text tree or stdout gets the Markdown instead of the text.
    pub markdown: bool,
    /// The time one document may take (`--max-doc-seconds`); none: no limit.
    pub doc_time: Option<std::time::Duration>,
}

pub enum Output {
    /// Plain text on stdout.
    Stdout,
    /// A mirrored tree of `.txt` files under this folder.
    Dir(PathBuf),
    /// JSONL on stdout.
    JsonlStdout,
    /// JSONL in this file (gzip'd when it ends in `.gz`).
    JsonlFile(PathBuf),
}

/// Documents per batch handed to the workers, and bytes per batch.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 16 << 20;
/// Batches the reader may run ahead of the workers.
const QUEUE_BATCHES: usize = 2;
/// Manifest lines held back before the sink is asked to commit anyway.
const MAX_PENDING: usize = 16 << 10;

type Batch = Vec<(u64, Item)>;

/// Runs a batch: how it ended, or why it could not start.
pub fn run(config: Config) -> anyhow::Result<Exit> {
    let pool = pool(config.threads)?;
    let inputs = source::collect_inputs(&config.inputs);
    outputs::check(&config, &inputs).map_err(anyhow::Error::msg)?;
    let lock = outputs::lock(&config.output).map_err(anyhow::Error::msg)?;
    let (manifest, previous) = match &config.manifest {
        Some(path) => {
            let (m, p) = Manifest::open(path, config.resume, &settings(&config))
                .with_context(|| format!("{}: cannot use manifest", path.display()))?;
            (Some(m), p)
        }
        None => (None, Previous::default()),
    };
    let sink = open_sink(&config, &previous).context("cannot open output")?;
    let interrupted = on_interrupt().context("cannot set up Ctrl-C handling")?;
    let reporter = Reporter::new(total_bytes(&inputs), config.quiet);
    let selection = Selection {
        shard: config.shard,
        done: previous.records.into_done(),
    };
    let reading = Reading {
        format: config.input_format,
        limits: config.limits,
        selection,
        keys: config.keys.clone(),
        stop: Arc::new(AtomicBool::new(false)),
    };
    let mut accounts = Accounts::new(sink, manifest, reporter, config.limits)
        .with_gate(Gate::new(&config.dataset));
    if config.resume {
        accounts
            .resume_gate()
            .context("cannot read back the earlier output for --resume")?;
    }
    let (other_shards, already_done) = stream_items(
        inputs,
        reading,
        &pool,
        |doc| {
            guarded(|| {
                crate::budget::with_deadline(config.doc_time, || {
                    config.dataset.examine(clean::clean_with_options(
                        doc,
                        &config.rules,
                        &config.clean,
                    ))
                })
            })
        },
        |step| {
            match step {
                Step::Item(n, item, cleaned) => accounts.settle(n, item, cleaned),
                Step::BatchDone => accounts.checkpoint(faults::commit_every(MAX_PENDING)),
                Step::Waiting => {}
            }
            !accounts.stdout_closed() && !interrupted.load(Ordering::Relaxed)
        },
    );
    if accounts.stdout_closed() {
        // `| head`: the reader has what it wanted; nothing to report.
        accounts.interrupt();
        return Ok(Exit::Ok);
    }
    if interrupted.load(Ordering::Relaxed) {
        let done = accounts.interrupt();
        exit::say(format_args!(
            "interrupted; {done} documents are done and recorded{}",
            match &config.manifest {
                Some(path) => format!(
                    " in {}. Run the same command with --resume to go on",
                    path.display()
                ),
                None => String::new(),
            }
        ));
        return Ok(Exit::Interrupted);
    }
    let mut summary = accounts.finish(other_shards, already_done);
    if let Some(lock) = lock.filter(|_| summary.output_errors == 0) {
        lock.release();
    }
    if let Some(path) = &config.report {
        let json = serde_json::to_vec_pretty(&summary).expect("summary serialises");
        if let Err(e) = sink::write_atomic(path, &json) {
            exit::say(format_args!("{}: cannot write report: {e}", path.display()));
            summary.output_errors += 1;
        }
    }
    Ok(if summary.failed > 0 || summary.output_errors > 0 {
        Exit::SomeFailed
    } else {
        Exit::Ok
    })
}

/// What the run's output depends on besides its inputs, for the manifest.
fn settings(config: &Config) -> Settings {
    Settings {
        newsclean: env!("CARGO_PKG_VERSION").to_string(),
        rules: config.rules_fingerprint.clone(),
        format: match config.output {
            Output::Stdout | Output::Dir(_) => "text",
            Output::JsonlStdout | Output::JsonlFile(_) => "jsonl",
        }
        .to_string(),
        input_format: clap::ValueEnum::to_possible_value(&config.input_format)
            .map_or_else(String::new, |p| p.get_name().to_string()),
        max_doc_bytes: config.limits.max_doc_bytes as u64,
        shard: config.shard.map(|s| format!("{}/{}", s.index, s.count)),
        options: output_options(config),
    }
}

/// The options besides the rules and formats that change what a run writes,
/// as one line: a resumed run must have the same.
fn output_options(config: &Config) -> String {
    let d = &config.dataset;
    format!(
        "{:?} markdown={} source={:?} dedup={:?} threshold={} dedup_drop={} filter={:?} sidecar={}",
        config.clean,
        config.markdown,
        d.shape.source,
        d.dedup,
        d.threshold,
        d.drop_duplicates,
        d.filter,
        d.sidecar
    )
}

/// A flag that Ctrl-C (SIGINT) or SIGTERM sets; a second Ctrl-C ends the
/// process at once.
fn on_interrupt() -> std::io::Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        use signal_hook::flag;
        for signal in [SIGINT, SIGTERM] {
            flag::register_conditional_shutdown(
                signal,
                i32::from(Exit::Interrupted.code()),
                flag.clone(),
            )?;
            flag::register(signal, flag.clone())?;
        }
    }
    Ok(flag)
}

fn open_sink(config: &Config, previous: &Previous) -> std::io::Result<Box<dyn Sink>> {
    let shape = &config.dataset.shape;
    Ok(match &config.output {
        Output::Stdout => Box::new(sink::Stdout::new(if config.markdown {
            StdoutForm::Markdown
        } else {
            StdoutForm::Text
        })),
        Output::Dir(root) => {
            if config.resume {
                sink::remove_temps_under(root)?;
            }
            Box::new(sink::TextTree {
                root: root.clone(),
                sidecar: config.dataset.sidecar.then(|| shape.clone()),
                markdown: config.markdown,
            })
        }
        Output::JsonlStdout => Box::new(sink::Stdout::new(StdoutForm::Jsonl(shape.clone()))),
        Output::JsonlFile(path) => {
            let manifest = config.manifest.as_deref().unwrap_or(Path::new(""));
            let resume = config.resume.then_some(Resume {
                done: &previous.records,
                manifest,
            });
            Box::new(JsonlFile::open(path, resume)?.shaped(shape.clone()))
        }
    })
}

/// The worker pool; 0 threads means one per core.
pub fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")
}

/// How the reader thread reads: the input format, the caps, the selection,
/// and the flag that tells it to stop early.
#[derive(Default)]
pub struct Reading {
    pub format: InputFormat,
    pub limits: Limits,
    pub selection: Selection,
    pub keys: JsonlKeys,
    pub stop: Arc<AtomicBool>,
}

/// The batch machinery of every command over documents, in its simple form:
/// each readable document with its result of `work`, or the reason it could
/// not be read, goes to `consume` in input order. Records that are not pages
/// (a WARC request, a binary file) are passed over.
pub fn stream<T: Send>(
    inputs: Vec<Input>,
    pool: &rayon::ThreadPool,
    work: impl Fn(&Doc) -> T + Sync,
    mut consume: impl FnMut(Result<(Doc, T), DocError>),
) {
    stream_items(inputs, Reading::default(), pool, work, |step| {
        match step {
            Step::Item(_, Item::Doc(doc), Some(result)) => consume(Ok((doc, result))),
            Step::Item(_, Item::Failed(e), _) => consume(Err(e)),
            _ => {}
        }
        true
    });
}

/// What [`stream_items`] hands on.
// Built and matched at once, never stored: boxing the item would only add
// an allocation per document.
#[allow(clippy::large_enum_variant)]
pub enum Step<T> {
    /// Item number `n`, with the result of the work if it is a document.
    Item(u64, Item, Option<T>),
    /// The items of a batch have all been handed on.
    BatchDone,
    /// Nothing to hand on yet: the reader is slow.
    Waiting,
}

/// The batch machinery in full: a reader thread numbers every item of
/// `inputs`, keeps those `reading.selection` takes and sends them in batches
/// through a bounded queue; each batch's documents go through `work` on
/// `pool`; `on` receives every item (with its result if it is a document)
/// in input order, and hears when a batch is done; when it answers `false`
/// the run stops (the reader too) and `on` hears nothing more. `on` is also
/// asked with [`Step::Waiting`] while the reader is slow to deliver, so that
/// a Ctrl-C is heard. Returns how many items belonged to other shards and
/// how many were done.
pub fn stream_items<T: Send>(
    inputs: Vec<Input>,
    reading: Reading,
    pool: &rayon::ThreadPool,
    work: impl Fn(&Doc) -> T + Sync,
    mut on: impl FnMut(Step<T>) -> bool,
) -> (u64, u64) {
    let (tx, rx) = mpsc::sync_channel::<Batch>(QUEUE_BATCHES);
    let stop = reading.stop.clone();
    let reader = std::thread::spawn(move || read_batches(&inputs, &reading, tx));
    'batches: loop {
        let batch = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(batch) => batch,
            Err(mpsc::RecvTimeoutError::Timeout) if on(Step::Waiting) => continue,
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let results: Vec<Option<T>> = pool.install(|| {
            batch
                .par_iter()
                .map(|(_, item)| match item {
                    Item::Doc(doc) => Some(work(doc)),
                    _ => None,
                })
                .collect()
        });
        for ((n, item), result) in batch.into_iter().zip(results) {
            if !on(Step::Item(n, item, result)) {
                break 'batches;
            }
        }
        if !on(Step::BatchDone) {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    drop(rx);
    reader.join().unwrap_or_default()
}

/// The reader thread: numbers every item, keeps those selected, and sends them
/// in batches. Returns how many belonged to other shards and how many were done.
fn read_batches(inputs: &[Input], reading: &Reading, tx: mpsc::SyncSender<Batch>) -> (u64, u64) {
    let (mut n, mut other_shards, mut already_done) = (0u64, 0u64, 0u64);
    let mut batch = Vec::with_capacity(BATCH_DOCS);
    let mut bytes = 0;
    let (format, limits) = (reading.format, reading.limits);
    let stop = &reading.stop;
    source::read_all(inputs, format, limits, &reading.keys, stop, &mut |item| {
        match reading.selection.judge(item.id(), item.key()) {
            Verdict::Take => {
                if let Item::Doc(doc) = &item {
                    bytes += doc.bytes.len();
                }
                batch.push((n, item));
                if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                    // The receiver hangs up when the run stops early.
                    if tx.send(std::mem::take(&mut batch)).is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    bytes = 0;
                }
            }
            Verdict::OtherShard => other_shards += 1,
            Verdict::AlreadyDone => already_done += 1,
        }
        n += 1;
    });
    if !batch.is_empty() {
        let _ = tx.send(batch);
    }
    (other_shards, already_done)
}

/// Runs `f`, turning a panic into an error message, so that one hostile
/// document is reported as failed instead of stopping the batch.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        if let Some(expired) = panic.downcast_ref::<crate::budget::Expired>() {
            return expired.to_string();
        }
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("internal error while cleaning: {what}")
    })
}

/// The total size of the inputs when all are plain files, for the progress
/// bar (the bar counts document bytes, which compressed inputs do not match).
fn total_bytes(inputs: &[Input]) -> Option<u64> {
    inputs
        .iter()
        .map(|i| match i {
            Input::File { path, .. } if !path.to_string_lossy().ends_with(".gz") => {
                std::fs::metadata(path).ok().map(|m| m.len())
            }
            _ => None,
        })
        .sum()
}
