//! Drives a batch: a reader thread streams items from the sources, keeps the
//! ones this run selects (shard, resume) and sends them in batches through a
//! bounded queue; each batch is cleaned on rayon workers; results go to the
//! sink and the manifest in input order, so output is identical whatever the
//! thread count, and memory stays bounded whatever the size of the dump.

mod account;
mod outputs;
mod stream;

pub use stream::{Reading, Step, guarded, pool, stream, stream_items};

use crate::clean;
use crate::dataset::{self, Gate};
use crate::exit::{self, Exit};
use crate::faults;
use crate::report::Reporter;
use crate::rules::RuleSet;
use crate::select::{Selection, Shard};
use crate::sink::jsonl::{JsonlFile, Resume};
use crate::sink::manifest::{Manifest, Previous, Settings};
use crate::sink::{self, Sink, StdoutForm};
use crate::source::{self, Input, InputFormat, JsonlKeys, Limits};
use account::Accounts;
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Manifest lines held back before the sink is asked to commit anyway.
const MAX_PENDING: usize = 16 << 10;

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
    // JSONL records are rendered on the workers: the thread that settles
    // documents in input order only decides duplicates and copies bytes.
    let render = matches!(config.output, Output::JsonlStdout | Output::JsonlFile(_));
    let (other_shards, already_done) = stream_items(
        inputs,
        reading,
        &pool,
        |doc| {
            guarded(|| {
                let mut examined = crate::budget::with_deadline(config.doc_time, || {
                    config.dataset.examine(clean::clean_with_options(
                        doc,
                        &config.rules,
                        &config.clean,
                    ))
                });
                if render {
                    examined.render(doc, &config.dataset.shape);
                }
                examined
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
