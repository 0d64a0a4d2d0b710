//! Telling the user what happened: the progress bar while a batch runs, warnings
//! about single documents, and the summary (printed, and as JSON with
//! `--report`). Every message to the user goes through [`Reporter`].

use crate::rules::Edit;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::time::Instant;

/// Counts for one run; `read = cleaned + empty + dropped + skipped + failed`. Read back
/// from a `--report` file by `rules list --report`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    pub read: u64,
    /// Cleaned and written (`ok` in the manifest).
    pub cleaned: u64,
    pub empty: u64,
    /// Read but not pages to clean: WARC records other than HTML responses,
    /// binary content, empty dumps.
    pub skipped: u64,
    pub failed: u64,
    /// Later copies of an earlier document (written with `duplicate_of`,
    /// or dropped with `--dedup-drop`).
    pub duplicates: u64,
    /// Left out of the output: duplicates with `--dedup-drop` ...
    pub dropped_duplicates: u64,
    /// ... and documents below `--min-words` / `--filter`.
    pub filtered: u64,
    /// JSONL lines without an id, given one made from file and line.
    pub generated_ids: u64,
    /// Not read by this run: done by an earlier one (`--resume`) ...
    pub already_done: u64,
    /// ... or belonging to another shard (`--shard`).
    pub other_shards: u64,
    /// Failures to write the output, the manifest or the report.
    pub output_errors: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub seconds: f64,
    /// Per rule id: total edits and documents touched.
    pub rules: BTreeMap<String, RuleHits>,
    /// Per flag (`rules_removed_most`, `extraction_kept_little`): documents flagged.
    pub flags: BTreeMap<String, u64>,
}

#[derive(Debug, Default, Clone, Copy, Serialize, Deserialize)]
#[serde(default)]
pub struct RuleHits {
    pub hits: u64,
    pub documents: u64,
}

impl Summary {
    /// Counts one document's flags.
    pub fn count_flags(&mut self, flags: &[String]) {
        for flag in flags {
            *self.flags.entry(flag.clone()).or_default() += 1;
        }
    }

    /// Counts one document's edits.
    pub fn count_edits(&mut self, edits: &[Edit]) {
        let mut touched = HashSet::new();
        for e in edits {
            let entry = self.rules.entry(e.rule.to_string()).or_default();
            entry.hits += 1;
            if touched.insert(&e.rule) {
                entry.documents += 1;
            }
        }
    }

    /// Rules by hits, most first (ties by id).
    pub fn top_rules(&self, n: usize) -> Vec<(&str, RuleHits)> {
        let mut v: Vec<_> = self.rules.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        v.sort_by(|a, b| b.1.hits.cmp(&a.1.hits).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    /// The human summary, several lines.
    pub fn render(&self) -> String {
        let mb = |b: u64| b as f64 / 1e6;
        let rate = if self.seconds > 0.0 {
            mb(self.bytes_in) / self.seconds
        } else {
            0.0
        };
        let mut s = format!(
            "{} documents read: {} cleaned, {} empty after cleaning, {}{} skipped, {} failed\n\
             {:.2} MB in, {:.2} MB out in {:.2}s ({rate:.1} MB/s)\n",
            self.read,
            self.cleaned,
            self.empty,
            match self.dropped_duplicates + self.filtered {
                0 => String::new(),
                n => format!("{n} dropped, "),
            },
            self.skipped,
            self.failed,
            mb(self.bytes_in),
            mb(self.bytes_out),
            self.seconds,
        );
        if self.duplicates + self.filtered + self.generated_ids > 0 {
            let kept = self.duplicates - self.dropped_duplicates;
            s.push_str(&format!(
                "dataset: {} duplicates ({kept} kept with duplicate_of, {} dropped), {} filtered out, {} ids made from file and line\n",
                self.duplicates, self.dropped_duplicates, self.filtered, self.generated_ids
            ));
        }
        if self.already_done + self.other_shards > 0 {
            s.push_str(&format!(
                "not read again: {} done by an earlier run, {} in other shards\n",
                self.already_done, self.other_shards
            ));
        }
        if !self.flags.is_empty() {
            let list: Vec<String> = self.flags.iter().map(|(f, n)| format!("{n} {f}")).collect();
            s.push_str(&format!(
                "documents that lost most of themselves: {} (flags in the manifest and metadata)\n",
                list.join(", ")
            ));
        }
        if self.output_errors > 0 {
            s.push_str(&format!("{} output error(s)\n", self.output_errors));
        }
        let top = self.top_rules(10);
        if !top.is_empty() {
            s.push_str("top rules by hits:\n");
            for (id, h) in top {
                s.push_str(&format!(
                    "  {:>7} hits {:>6} docs  {id}\n",
                    h.hits, h.documents
                ));
            }
        }
        s
    }
}

/// Progress and messages for one run.
pub struct Reporter {
    bar: ProgressBar,
    quiet: bool,
    started: Instant,
}

impl Reporter {
    /// `total_bytes` sizes the bar when known. The bar hides itself when stderr
    /// is not a terminal, and with `quiet`.
    pub fn new(total_bytes: Option<u64>, quiet: bool) -> Reporter {
        let bar = if quiet {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(total_bytes, ProgressDrawTarget::stderr());
            let template = if total_bytes.is_some() {
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
            } else {
                "{spinner} [{elapsed_precise}] {bytes} {binary_bytes_per_sec} {msg}"
            };
            bar.set_style(ProgressStyle::with_template(template).expect("valid template"));
            bar
        };
        Reporter {
            bar,
            quiet,
            started: Instant::now(),
        }
    }

    /// One document done.
    pub fn advance(&self, bytes: u64, docs: u64) {
        self.bar.inc(bytes);
        self.bar.set_message(format!("{docs} docs"));
    }

    /// A problem with one document: always shown, on stderr, above the bar.
    pub fn warn(&self, origin: &str, message: &str) {
        self.bar
            .suspend(|| crate::exit::say(format_args!("{origin}: {message}")));
    }

    /// Clears the bar, for a run that stops early without a summary.
    pub fn abandon(&self) {
        self.bar.finish_and_clear();
    }

    /// Clears the bar and prints the summary (unless quiet).
    pub fn finish(&self, summary: &mut Summary) {
        summary.seconds = self.started.elapsed().as_secs_f64();
        self.bar.finish_and_clear();
        if !self.quiet {
            let _ = write!(std::io::stderr(), "{}", summary.render());
        }
    }
}
