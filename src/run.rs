//! Drives a batch: a reader thread pulls documents from the sources into a
//! bounded queue; batches of them are cleaned on rayon workers; results go to
//! the sink in input order, so output is identical whatever the thread count.

use crate::clean::{self, Cleaned};
use crate::report::{Reporter, Summary};
use crate::rules::RuleSet;
use crate::sink::{self, Sink};
use crate::source::{self, Doc, DocError, Input};
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
}

pub enum Output {
    Stdout,
    Dir(PathBuf),
}

/// Exit codes: everything went well, or some documents failed.
pub const EXIT_OK: i32 = 0;
pub const EXIT_SOME_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Documents per batch handed to the workers, and bytes per batch.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 16 << 20;
/// Documents the reader may run ahead of the workers.
const QUEUE: usize = 512;

/// Runs a batch and returns the process exit code.
pub fn run(config: Config) -> i32 {
    let pool = match pool(config.threads) {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("newsclean: {e}");
            return EXIT_USAGE;
        }
    };
    let inputs = source::collect_inputs(&config.inputs);
    let total = total_bytes(&inputs);
    let reporter = Reporter::new(total, config.quiet);
    let mut sink: Box<dyn Sink> = match &config.output {
        Output::Stdout => Box::new(sink::Stdout::new()),
        Output::Dir(root) => Box::new(sink::TextTree { root: root.clone() }),
    };
    let mut summary = Summary::default();
    stream(
        inputs,
        &pool,
        |doc| guarded(|| clean::clean(doc, &config.rules)),
        |item| match item {
            Ok((doc, result)) => finish_doc(&doc, result, sink.as_mut(), &mut summary, &reporter),
            Err(e) => {
                summary.read += 1;
                summary.failed += 1;
                reporter.warn(&e.origin, &e.message);
            }
        },
    );
    if let Err(e) = sink.finish() {
        reporter.warn("output", &e.to_string());
        summary.failed += 1;
    }
    reporter.finish(&mut summary);
    if let Some(path) = &config.report {
        let json = serde_json::to_vec_pretty(&summary).expect("summary serialises");
        if let Err(e) = sink::write_atomic(path, &json) {
            eprintln!("newsclean: {}: cannot write report: {e}", path.display());
            return EXIT_SOME_FAILED;
        }
    }
    if summary.failed > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// The worker pool; 0 threads means one per core.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// The batch machinery that every command over documents shares: a reader
/// thread pulls documents from `inputs` into a bounded queue, batches of them
/// go through `work` on `pool`, and `consume` receives each document with its
/// result (or the reason it could not be read) in input order. Memory stays
/// bounded by the queue and the batch size, whatever the number of documents.
pub fn stream<T: Send>(
    inputs: Vec<Input>,
    pool: &rayon::ThreadPool,
    work: impl Fn(&Doc) -> T + Sync,
    mut consume: impl FnMut(Result<(Doc, T), DocError>),
) {
    let (tx, rx) = mpsc::sync_channel::<Result<Doc, DocError>>(QUEUE);
    let reader = std::thread::spawn(move || {
        source::read_all(&inputs, &mut |item| {
            // The receiver only hangs up when the run is over.
            let _ = tx.send(item);
        })
    });
    let mut batch: Vec<Doc> = Vec::with_capacity(BATCH_DOCS);
    let mut batch_bytes = 0;
    let flush = |batch: &mut Vec<Doc>, consume: &mut dyn FnMut(Result<(Doc, T), DocError>)| {
        let results: Vec<T> = pool.install(|| batch.par_iter().map(&work).collect());
        for (doc, result) in batch.drain(..).zip(results) {
            consume(Ok((doc, result)));
        }
    };
    for item in rx {
        match item {
            Ok(doc) => {
                batch_bytes += doc.bytes.len();
                batch.push(doc);
                if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                    flush(&mut batch, &mut consume);
                    batch_bytes = 0;
                }
            }
            Err(e) => consume(Err(e)),
        }
    }
    flush(&mut batch, &mut consume);
    let _ = reader.join();
}

/// Runs `f`, turning a panic into an error message, so that one hostile
/// document is reported as failed instead of stopping the batch.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("internal error while cleaning: {what}")
    })
}

fn finish_doc(
    doc: &Doc,
    result: Result<Cleaned, String>,
    sink: &mut dyn Sink,
    summary: &mut Summary,
    reporter: &Reporter,
) {
    summary.read += 1;
    summary.bytes_in += doc.bytes.len() as u64;
    reporter.advance(doc.bytes.len() as u64, summary.read);
    let cleaned = match result {
        Ok(c) => c,
        Err(message) => {
            summary.failed += 1;
            reporter.warn(&doc.origin, &message);
            return;
        }
    };
    for w in &cleaned.warnings {
        reporter.warn(&doc.origin, w);
    }
    if let Err(e) = sink.write(doc, &cleaned) {
        summary.failed += 1;
        reporter.warn(&doc.origin, &format!("cannot write output: {e}"));
        return;
    }
    summary.count_edits(&cleaned.edits);
    summary.bytes_out += cleaned.text.len() as u64;
    if cleaned.text.is_empty() {
        summary.empty += 1;
    } else {
        summary.cleaned += 1;
    }
}

/// The total size of the inputs when all are files, for the progress bar.
fn total_bytes(inputs: &[Input]) -> Option<u64> {
    inputs
        .iter()
        .map(|i| match i {
            Input::File { path, .. } => std::fs::metadata(path).ok().map(|m| m.len()),
            Input::Stdin => None,
        })
        .sum()
}
