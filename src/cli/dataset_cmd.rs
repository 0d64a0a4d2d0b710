//! The dataset options of `clean` (JSONL keys, Dolma `source`, duplicates,
//! quality filter, metadata sidecars) and the `dedup` command, the second
//! pass over the JSONL outputs of several runs.

use crate::dataset::dedup::{DEFAULT_MAX_DOCS, Mode};
use crate::dataset::dolma::{Shape, SourceName};
use crate::dataset::filter::Filter;
use crate::dataset::second_pass::Pass;
use crate::dataset::{self, DEFAULT_THRESHOLD};
use crate::exit::{self, Exit};
use crate::run;
use crate::source::JsonlKeys;
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct DatasetArgs {
    /// JSONL input: the key of a line's id; a dotted path reaches into
    /// nested objects (a line without one gets an id made from file and line).
    #[arg(long, value_name = "KEY", default_value = "id")]
    pub id_key: String,
    /// JSONL input: the key of a page given as plain text.
    #[arg(long, value_name = "KEY", default_value = "text")]
    pub text_key: String,
    /// JSONL input: the key of a page given as HTML (tried before --text-key).
    #[arg(long, value_name = "KEY", default_value = "html")]
    pub html_key: String,
    /// The Dolma `source` of each output document: file (the input it came
    /// from), host (of its URL), or a name for the whole run.
    #[arg(long, value_name = "file|host|NAME", default_value = "file")]
    pub source: SourceName,
    #[command(flatten)]
    pub duplicates: DuplicateArgs,
    /// Leave out documents with fewer words after cleaning.
    #[arg(long, value_name = "N")]
    pub min_words: Option<u64>,
    /// Leave out documents whose quality signals fail EXPR, e.g.
    /// 'stop_words >= 2 && symbol_word_ratio <= 0.1'.
    #[arg(long, value_name = "EXPR")]
    pub filter: Option<Filter>,
    /// Text trees: write each document's metadata beside it (page.meta.json).
    #[arg(long, value_enum, value_name = "WHERE")]
    pub meta: Option<MetaPlace>,
    /// Leave the language (`lang`, `lang_confidence`) and the quality
    /// signals (`quality`) out of JSONL lines and sidecars: on plain text
    /// they are about 40% of a run's CPU. The text is the same; rules that
    /// declare `languages` still identify a document they are about to change.
    #[arg(long, conflicts_with_all = ["min_words", "filter"])]
    pub no_signals: bool,
}

/// How duplicates are found, for `clean` and `dedup` alike.
#[derive(Args, Debug, Clone)]
pub struct DuplicateArgs {
    /// Find duplicates in input order: off, exact (same normalised text) or
    /// near (MinHash/LSH over word 5-shingles).
    #[arg(long, value_enum, value_name = "MODE", default_value = "near")]
    pub dedup: Mode,
    /// Estimated Jaccard similarity from which --dedup near calls a text a copy.
    #[arg(long, value_name = "J", default_value_t = DEFAULT_THRESHOLD)]
    pub dedup_threshold: f64,
    /// Leave duplicates out of the output (default: keep them, with
    /// `duplicate_of` naming the first copy).
    #[arg(long)]
    pub dedup_drop: bool,
}

/// Where a text tree keeps metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetaPlace {
    /// `page.meta.json` beside `page.txt`.
    Sidecar,
}

fn check_threshold(t: f64) -> Result<(), String> {
    if t > 0.0 && t <= 1.0 {
        Ok(())
    } else {
        Err(format!(
            "the duplicate threshold must be above 0 and at most 1, not {t}"
        ))
    }
}

impl DatasetArgs {
    /// The JSONL keys and the dataset options, or a usage error.
    pub fn resolve(self) -> Result<(JsonlKeys, dataset::Options), String> {
        check_threshold(self.duplicates.dedup_threshold)?;
        let mut filter = self.filter.unwrap_or_default();
        if let Some(n) = self.min_words {
            filter = Filter::default().min_words(n).and(filter);
        }
        let keys = JsonlKeys {
            id: self.id_key,
            html: self.html_key,
            text: self.text_key,
        };
        let options = dataset::Options {
            shape: Shape {
                source: self.source,
                ..Shape::default()
            },
            dedup: self.duplicates.dedup,
            threshold: self.duplicates.dedup_threshold,
            drop_duplicates: self.duplicates.dedup_drop,
            max_index_docs: DEFAULT_MAX_DOCS,
            filter,
            sidecar: self.meta == Some(MetaPlace::Sidecar),
            signals: !self.no_signals,
        };
        Ok((keys, options))
    }
}

#[derive(Args, Debug)]
pub struct DedupArgs {
    /// Dolma JSONL files (.jsonl or .jsonl.gz), read in this order: a
    /// document is a copy of one before it, in this file or an earlier one.
    #[arg(value_name = "JSONL", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Write the result here (.jsonl, or .jsonl.gz), atomically; default stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub duplicates: DuplicateArgs,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// No summary.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `newsclean dedup`.
pub fn dedup(args: DedupArgs) -> Result<Exit> {
    check_threshold(args.duplicates.dedup_threshold).map_err(anyhow::Error::msg)?;
    if let Some(out) = &args.output
        && args.inputs.iter().any(|i| i == out)
    {
        bail!("the output {} is also an input", out.display());
    }
    let pool = run::pool(args.threads)?;
    let pass = Pass {
        inputs: args.inputs,
        output: args.output,
        mode: args.duplicates.dedup,
        threshold: args.duplicates.dedup_threshold,
        drop: args.duplicates.dedup_drop,
        max_index_docs: DEFAULT_MAX_DOCS,
        quiet: args.quiet,
    };
    match pass.run(&pool) {
        Ok(counts) => {
            if !args.quiet {
                let _ = writeln!(std::io::stderr(), "{}", counts.render());
            }
            Ok(if counts.bad > 0 {
                Exit::SomeFailed
            } else {
                Exit::Ok
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(e.into()),
        Err(e) => {
            exit::say(format_args!("dedup: {e}"));
            Ok(Exit::SomeFailed)
        }
    }
}
