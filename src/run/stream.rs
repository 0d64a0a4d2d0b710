//! The batch machinery every command over documents shares: a reader thread
//! numbers the items of the inputs, keeps those the selection takes and sends
//! them in batches through a bounded queue; each batch's documents are worked
//! on rayon workers; the results are handed on in input order. Also the
//! worker pool, and the guard that turns one document's panic into an error.

use crate::select::{Selection, Verdict};
use crate::source::{self, Doc, DocError, Input, InputFormat, Item, JsonlKeys, Limits};
use anyhow::Context;
use rayon::prelude::*;
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Documents per batch handed to the workers, and bytes per batch.
const BATCH_DOCS: usize = 256;
const BATCH_BYTES: usize = 16 << 20;
/// Batches the reader may have waiting, besides the one it fills: with the
/// two in the workers' hands, four batches at most are in memory.
const QUEUE_BATCHES: usize = 1;
/// Batches the workers hold at once: the one being handed on, the next.
const WORKING_BATCHES: usize = 2;
/// How long the settling thread waits on the reader or the workers before
/// listening to the other, while the workers could take one more batch.
const LISTEN: Duration = Duration::from_millis(1);
/// How long it waits otherwise before asking `on` ([`Step::Waiting`]), so
/// that a Ctrl-C is heard.
const HEAR: Duration = Duration::from_millis(50);

type Batch = Vec<(u64, Item)>;

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
    /// Nothing to hand on yet: the reader or the workers are slow.
    Waiting,
}

/// The batch machinery in full: a reader thread numbers every item of
/// `inputs`, keeps those `reading.selection` takes and sends them in batches
/// through a bounded queue; each batch's documents go through `work` on
/// `pool`; `on` receives every item (with its result if it is a document)
/// in input order, and hears when a batch is done; when it answers `false`
/// the run stops (the reader too) and `on` hears nothing more. `on` is also
/// asked with [`Step::Waiting`] while the reader or the workers are slow, so that
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
    let work = &work;
    // The batches the workers hold, oldest first. While the oldest is handed
    // on here, the workers go on with the next: handing on is never time the
    // workers wait through.
    let mut working: VecDeque<mpsc::Receiver<(Batch, Vec<Option<T>>)>> = VecDeque::new();
    let mut reader_open = true;
    pool.in_place_scope(|scope| {
        'batches: loop {
            while reader_open && working.len() < WORKING_BATCHES {
                let wait = if working.is_empty() { HEAR } else { LISTEN };
                match rx.recv_timeout(wait) {
                    Ok(batch) => {
                        let (done, results) = mpsc::sync_channel(1);
                        let stop = &stop;
                        scope.spawn(move |_| {
                            let results = work_on(&batch, work, stop);
                            let _ = done.send((batch, results));
                        });
                        working.push_back(results);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) if !working.is_empty() => break,
                    Err(mpsc::RecvTimeoutError::Timeout) if on(Step::Waiting) => {}
                    Err(mpsc::RecvTimeoutError::Timeout) => break 'batches,
                    Err(mpsc::RecvTimeoutError::Disconnected) => reader_open = false,
                }
            }
            let Some(oldest) = working.front() else {
                break;
            };
            // While the workers could take one more batch, the reader is
            // listened to between short waits for the oldest.
            let listening = reader_open && working.len() < WORKING_BATCHES;
            let done = match oldest.recv_timeout(if listening { LISTEN } else { HEAR }) {
                Err(mpsc::RecvTimeoutError::Timeout) if listening => continue,
                Err(mpsc::RecvTimeoutError::Timeout) if on(Step::Waiting) => continue,
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                done => done.ok(),
            };
            working.pop_front();
            // A worker that panicked hung up; the scope raises its panic.
            let Some((batch, results)) = done else {
                break;
            };
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
    });
    drop(rx);
    reader.join().unwrap_or_default()
}

/// One batch's documents through `work` on the pool, results in batch order;
/// once the run stops, the rest of the batch is passed over (nothing will
/// hand it on), so that a Ctrl-C or a closed stdout does not wait for it.
fn work_on<T: Send>(
    batch: &Batch,
    work: &(impl Fn(&Doc) -> T + Sync),
    stop: &AtomicBool,
) -> Vec<Option<T>> {
    batch
        .par_iter()
        .map(|(_, item)| match item {
            Item::Doc(doc) if !stop.load(Ordering::Relaxed) => Some(work(doc)),
            _ => None,
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A JSONL file of `n` documents whose text is their number.
    fn numbered(n: usize) -> (PathBuf, Vec<Input>) {
        let dir = std::env::temp_dir().join(format!("newsclean-stream-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("docs.jsonl");
        let lines: String = (0..n)
            .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"{i}\"}}\n"))
            .collect();
        std::fs::write(&path, lines).unwrap();
        let input = Input::File {
            path: path.clone(),
            rel: "docs.jsonl".into(),
            root: 0,
        };
        (dir, vec![input])
    }

    fn jsonl() -> Reading {
        Reading {
            format: InputFormat::Jsonl,
            ..Reading::default()
        }
    }

    /// Work that takes longer on some documents, so that later documents
    /// (and later batches) are often done first.
    fn uneven(doc: &Doc) -> usize {
        let i: usize = std::str::from_utf8(&doc.bytes).unwrap().parse().unwrap();
        if i % 97 == 0 {
            std::thread::sleep(Duration::from_millis(5));
        }
        i
    }

    #[test]
    fn items_are_handed_on_in_input_order_across_batches() {
        let n = 3 * BATCH_DOCS + 10;
        let (dir, inputs) = numbered(n);
        let (mut seen, mut batches) = (Vec::new(), 0);
        stream_items(inputs, jsonl(), &pool(2).unwrap(), uneven, |step| {
            match step {
                Step::Item(i, _, Some(result)) => seen.push((i, result)),
                Step::Item(i, _, None) => panic!("item {i} is not a document"),
                Step::BatchDone => batches += 1,
                Step::Waiting => {}
            }
            true
        });
        std::fs::remove_dir_all(dir).unwrap();
        assert_eq!(seen, (0..n).map(|i| (i as u64, i)).collect::<Vec<_>>());
        assert_eq!(batches, 4);
    }

    #[test]
    fn nothing_is_handed_on_once_the_consumer_says_stop() {
        let (dir, inputs) = numbered(4 * BATCH_DOCS);
        let stop_at = BATCH_DOCS as u64 + 5;
        let mut seen = Vec::new();
        stream_items(inputs, jsonl(), &pool(2).unwrap(), uneven, |step| {
            if let Step::Item(i, ..) = step {
                seen.push(i);
                return i < stop_at;
            }
            true
        });
        std::fs::remove_dir_all(dir).unwrap();
        assert_eq!(seen, (0..=stop_at).collect::<Vec<_>>());
    }

    #[test]
    fn once_the_run_stops_the_rest_of_a_batch_is_passed_over() {
        let batch: Batch = (0..20)
            .map(|i| {
                let doc = Doc {
                    bytes: i.to_string().into_bytes(),
                    ..Doc::default()
                };
                (i, Item::Doc(doc))
            })
            .collect();
        let stop = AtomicBool::new(false);
        // A Ctrl-C arriving while the third document is worked on.
        let work = |doc: &Doc| {
            let i = uneven(doc);
            stop.store(i == 2, Ordering::Relaxed);
            i
        };
        // One worker: the documents are taken in order.
        let results = pool(1).unwrap().install(|| work_on(&batch, &work, &stop));
        let expected: Vec<_> = (0..20).map(|i| (i < 3).then_some(i)).collect();
        assert_eq!(results, expected);
    }
}
