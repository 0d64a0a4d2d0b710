//! Drives a batch: a reader thread streams items from the sources, keeps the
//! ones this run selects (shard, resume) and sends them in batches through a
//! bounded queue; each batch is cleaned on rayon workers; results go to the
//! sink and the manifest in input order, so output is identical whatever the
//! thread count, and memory stays bounded whatever the size of the dump.

mod account;

use crate::clean::{self, Cleaned};
use crate::report::Reporter;
use crate::rules::RuleSet;
use crate::select::{Selection, Shard, Verdict};
use crate::sink::jsonl::{JsonlFile, JsonlStdout};
use crate::sink::manifest::{Manifest, Previous};
use crate::sink::{self, Sink};
use crate::source::{self, Input, InputFormat, Item, Limits};
use account::Accounts;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::mpsc;

/// Everything a run needs, resolved from the command line once.
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub output: Output,
    pub rules: RuleSet,
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

/// Exit codes: everything went well, or some documents failed.
pub const EXIT_OK: i32 = 0;
pub const EXIT_SOME_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Documents per batch handed to the workers, and bytes per batch.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 16 << 20;
/// Batches the reader may run ahead of the workers.
const QUEUE_BATCHES: usize = 2;
/// Manifest lines held back before the sink is asked to commit anyway.
const MAX_PENDING: usize = 16 << 10;

type Batch = Vec<(u64, Item)>;

/// Runs a batch and returns the process exit code.
pub fn run(config: Config) -> i32 {
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("newsclean: cannot start worker threads: {e}");
            return EXIT_USAGE;
        }
    };
    let (manifest, previous) = match &config.manifest {
        Some(path) => match Manifest::open(path, config.resume) {
            Ok((m, p)) => (Some(m), p),
            Err(e) => {
                eprintln!("newsclean: {}: cannot use manifest: {e}", path.display());
                return EXIT_USAGE;
            }
        },
        None => (None, Previous::default()),
    };
    let sink = match open_sink(&config, &previous) {
        Ok(sink) => sink,
        Err(e) => {
            eprintln!("newsclean: cannot open output: {e}");
            return EXIT_USAGE;
        }
    };
    let inputs = source::collect_inputs(&config.inputs);
    let reporter = Reporter::new(total_bytes(&inputs), config.quiet);
    let selection = Selection {
        shard: config.shard,
        done: previous.done,
    };
    let (tx, rx) = mpsc::sync_channel::<Batch>(QUEUE_BATCHES);
    let (format, limits) = (config.input_format, config.limits);
    let reader = std::thread::spawn(move || read_batches(&inputs, format, limits, &selection, tx));

    let mut accounts = Accounts::new(sink, manifest, reporter, config.limits);
    for batch in rx {
        let cleaned: Vec<Option<Result<Cleaned, String>>> = pool.install(|| {
            batch
                .par_iter()
                .map(|(_, item)| match item {
                    Item::Doc(doc) => Some(clean_guarded(doc, &config.rules)),
                    _ => None,
                })
                .collect()
        });
        for ((n, item), result) in batch.into_iter().zip(cleaned) {
            accounts.settle(n, item, result);
        }
        accounts.checkpoint(MAX_PENDING);
    }
    let (other_shards, already_done) = reader.join().unwrap_or_default();
    let mut summary = accounts.finish(other_shards, already_done);
    if let Some(path) = &config.report {
        let json = serde_json::to_vec_pretty(&summary).expect("summary serialises");
        if let Err(e) = sink::write_atomic(path, &json) {
            eprintln!("newsclean: {}: cannot write report: {e}", path.display());
            summary.output_errors += 1;
        }
    }
    if summary.failed > 0 || summary.output_errors > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

fn open_sink(config: &Config, previous: &Previous) -> std::io::Result<Box<dyn Sink>> {
    Ok(match &config.output {
        Output::Stdout => Box::new(sink::Stdout::new()),
        Output::Dir(root) => Box::new(sink::TextTree { root: root.clone() }),
        Output::JsonlStdout => Box::new(JsonlStdout::new()),
        Output::JsonlFile(path) => Box::new(JsonlFile::open(path, config.resume, &previous.ok)?),
    })
}

/// The reader thread: numbers every item, keeps those selected, and sends them
/// in batches. Returns how many belonged to other shards and how many were done.
fn read_batches(
    inputs: &[Input],
    format: InputFormat,
    limits: Limits,
    selection: &Selection,
    tx: mpsc::SyncSender<Batch>,
) -> (u64, u64) {
    let (mut n, mut other_shards, mut already_done) = (0u64, 0u64, 0u64);
    let mut batch = Vec::with_capacity(BATCH_DOCS);
    let mut bytes = 0;
    source::read_all(inputs, format, limits, &mut |item| {
        match selection.judge(item.id(), item.origin()) {
            Verdict::Take => {
                if let Item::Doc(doc) = &item {
                    bytes += doc.bytes.len();
                }
                batch.push((n, item));
                if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                    // The receiver only hangs up when the run is over.
                    let _ = tx.send(std::mem::take(&mut batch));
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

/// Cleans one document; a panic is caught and reported as that document's failure
/// so that one hostile page cannot stop the batch.
fn clean_guarded(doc: &source::Doc, rules: &RuleSet) -> Result<Cleaned, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| clean::clean(doc, rules))).map_err(
        |panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("internal error while cleaning: {what}")
        },
    )
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
