//! `newsclean explain` and `newsclean diff`: what the rules did to documents,
//! and what a rule change will do to a corpus. Their clap definitions and the
//! code that runs the review views over the batch machinery of `clean`.

use super::{RuleArgs, load_rules};
use crate::exit::{self, Exit};
use crate::review::compare::{self, Limits, Report, RuleChanges};
use crate::review::html::{self, HtmlPage};
use crate::review::stat::Stat;
use crate::review::{Reviewed, diff, explain, markdown, style};
use crate::rules::RuleSet;
use crate::run;
use crate::source::{self, DocError};
use anyhow::{Context, Result};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The document (a file, or - for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// The edits as JSON, one line per document.
    #[arg(long)]
    pub json: bool,
    /// Write a self-contained HTML review page of the document to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "json")]
    pub html: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// Files or folders (recursive); - reads stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Per-rule counts instead of the diff.
    #[arg(long, conflicts_with_all = ["json", "before", "after"])]
    pub stat: bool,
    /// The edits (or, with --before/--after, the changed documents) as JSON lines.
    #[arg(long)]
    pub json: bool,
    /// Write a self-contained HTML review page to FILE instead of the diff:
    /// per-rule table, documents by URL or title with removed text struck
    /// through by rule, what extraction dropped, filters.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "stat"])]
    pub html: Option<PathBuf>,
    /// Compare two rule sets: the rules before the change (a file or folder,
    /// resolved like --rules; default: the built-in rules).
    #[arg(long, value_name = "RULES_A", conflicts_with = "rules")]
    pub before: Vec<PathBuf>,
    /// ... and after it.
    #[arg(long, value_name = "RULES_B", conflicts_with = "rules")]
    pub after: Vec<PathBuf>,
    /// Output format: the terminal view, or Markdown for a pull-request
    /// comment (per-rule table or groups, sample diffs folded).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text", conflicts_with_all = ["json", "html"])]
    pub format: DiffFormat,
    /// Exit with 1 when anything changed (as `git diff --exit-code`), 0 when
    /// nothing did; for CI. Failed documents also give 1.
    #[arg(long)]
    pub exit_code: bool,
    /// Lines of context around each change.
    #[arg(short = 'U', long, value_name = "N", default_value_t = 3)]
    pub context: usize,
    /// With --before/--after (or --format markdown): document ids listed per group of rules.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub list: usize,
    /// With --before/--after (or --format markdown): sample documents whose
    /// hunks are shown per group.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub samples: usize,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

/// What `diff` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
}

pub fn explain(args: ExplainArgs) -> Result<Exit> {
    let rules = load_rules(&args.rules)?;
    let mut page = open_page(args.html.as_deref(), html::Mode::Explain, &args.file)?;
    let mut out = style::stdout();
    let mut stat = Stat::default();
    // One document: what extraction left out is worth its second walk.
    let code = for_each(&[args.file], 0, &rules, true, |doc| {
        if let Some(page) = &mut page {
            stat.add(&doc);
            page.add_doc(&doc);
            Ok(())
        } else if args.json {
            json_line(&mut out, &doc)
        } else {
            explain::write(&mut out, &doc)
        }
    })?;
    finish_page(page, args.html.as_deref(), &stat.total(), code)
}

/// A review page for `--html FILE`, titled after `what`.
fn open_page(path: Option<&Path>, mode: html::Mode, what: &Path) -> Result<Option<HtmlPage>> {
    let Some(path) = path else { return Ok(None) };
    let title = format!("newsclean {}: {}", mode_word(mode), what.display());
    let page = HtmlPage::new(mode, &title).with_context(|| path.display().to_string())?;
    Ok(Some(page))
}

fn mode_word(mode: html::Mode) -> &'static str {
    match mode {
        html::Mode::Diff => "review",
        html::Mode::Explain => "explain",
        html::Mode::Compare => "rule change",
    }
}

/// Writes the review page, if there is one, and says where; a page that
/// cannot be written makes the run fail.
fn finish_page(
    page: Option<HtmlPage>,
    path: Option<&Path>,
    summary: &str,
    code: Exit,
) -> Result<Exit> {
    let (Some(page), Some(path)) = (page, path) else {
        return Ok(code);
    };
    match page.finish(path, summary) {
        Ok(()) => {
            let _ = writeln!(std::io::stderr(), "{summary}\nwrote {}", path.display());
            Ok(code)
        }
        Err(e) => {
            exit::say(format_args!("{}: {e}", path.display()));
            Ok(Exit::SomeFailed)
        }
    }
}

pub fn diff(args: DiffArgs) -> Result<Exit> {
    if !args.before.is_empty() || !args.after.is_empty() {
        return compare(args);
    }
    let rules = load_rules(&args.rules)?;
    let what = args.inputs.first().cloned().unwrap_or_default();
    let mut page = open_page(args.html.as_deref(), html::Mode::Diff, &what)?;
    let mut out = style::stdout();
    let mut stat = Stat::default();
    let markdown = args.format == DiffFormat::Markdown;
    let mut samples: Vec<(String, Vec<diff::Hunk>)> = Vec::new();
    let mut changed = 0;
    let code = for_each(&args.inputs, args.threads, &rules, page.is_some(), |doc| {
        changed += u64::from(doc.changed());
        if let Some(page) = &mut page {
            stat.add(&doc);
            page.add_doc(&doc);
        } else if markdown {
            stat.add(&doc);
            if doc.changed() && samples.len() < args.samples && !args.stat {
                samples.push((doc.origin.clone(), diff::raw_vs_clean(&doc, args.context)));
            }
        } else if args.stat {
            stat.add(&doc);
        } else if args.json {
            json_line(&mut out, &doc)?;
        } else if doc.changed() {
            let hunks = diff::raw_vs_clean(&doc, args.context);
            let (a, b) = (
                format!("{} (raw)", doc.origin),
                format!("{} (clean)", doc.origin),
            );
            diff::write_diff(&mut out, &a, &b, &hunks)?;
        }
        Ok(())
    })?;
    if markdown {
        write_markdown(&mut out, &stat, &samples)?;
    } else if args.stat {
        stat.write(&mut out)?;
    }
    let code = finish_page(page, args.html.as_deref(), &stat.total(), code)?;
    Ok(changed_code(code, args.exit_code, changed))
}

/// `diff --format markdown`: the per-rule table and a few folded diffs.
fn write_markdown(
    out: &mut dyn Write,
    stat: &Stat,
    samples: &[(String, Vec<diff::Hunk>)],
) -> std::io::Result<()> {
    writeln!(out, "### newsclean: what the rules change\n")?;
    markdown::write_stat(out, stat)?;
    for (name, hunks) in samples {
        markdown::write_doc(out, name, hunks)?;
    }
    let more = stat.changed.saturating_sub(samples.len() as u64);
    if more > 0 && !samples.is_empty() {
        writeln!(out, "\n... and {more} more changed document(s)")?;
    }
    Ok(())
}

/// With `--exit-code`, 1 when `changed` documents is not 0 (a run that is
/// already failing keeps its code).
fn changed_code(code: Exit, exit_code: bool, changed: u64) -> Exit {
    if exit_code && code == Exit::Ok && changed > 0 {
        Exit::SomeFailed
    } else {
        code
    }
}

/// Runs `rules` over the documents of `inputs` on the batch machinery of
/// `clean` and hands each to `view`, in input order. Unreadable documents and
/// panics are reported and counted; the exit code says whether any failed.
/// A view that cannot write (the reader went away: `| head`) stops the
/// showing, and its error is the result.
fn for_each(
    inputs: &[PathBuf],
    threads: usize,
    rules: &RuleSet,
    dropped: bool,
    mut view: impl FnMut(Reviewed) -> std::io::Result<()>,
) -> Result<Exit> {
    let pool = run::pool(threads)?;
    let mut failed = 0;
    let mut cannot_write: Option<std::io::Error> = None;
    run::stream(
        source::collect_inputs(inputs),
        &pool,
        |doc| {
            run::guarded(|| {
                if dropped {
                    Reviewed::with_dropped(doc, rules)
                } else {
                    Reviewed::new(doc, rules)
                }
            })
        },
        |item| match item {
            Ok((_, Ok(doc))) => {
                // Once the reader has gone (`| head`), the rest is not worth showing.
                if cannot_write.is_none() {
                    cannot_write = view(doc).err();
                }
            }
            Ok((doc, Err(message))) => failed += report_failure(&doc.origin, &message),
            Err(DocError {
                origin, message, ..
            }) => failed += report_failure(&origin, &message),
        },
    );
    if let Some(e) = cannot_write {
        return Err(e.into());
    }
    Ok(if failed > 0 {
        Exit::SomeFailed
    } else {
        Exit::Ok
    })
}

fn report_failure(origin: &str, message: &str) -> u32 {
    exit::say(format_args!("{origin}: {message}"));
    1
}

/// One document's edits as a JSON line.
fn json_line(out: &mut dyn Write, doc: &Reviewed) -> std::io::Result<()> {
    let line = serde_json::json!({
        "id": doc.id,
        "origin": doc.origin,
        "edits": doc.edits(),
    });
    writeln!(out, "{line}")
}

fn compare(args: DiffArgs) -> Result<Exit> {
    let side = |paths: &[PathBuf]| {
        load_rules(&RuleArgs {
            rules: paths.to_vec(),
            no_default_rules: args.rules.no_default_rules,
        })
    };
    let (before, after) = (side(&args.before)?, side(&args.after)?);
    let pool = run::pool(args.threads)?;
    let limits = Limits {
        ids: args.list,
        samples: args.samples,
        hunks: 3,
    };
    let changes = RuleChanges::between(&before, &after);
    let what = args.inputs.first().cloned().unwrap_or_default();
    let mut page = open_page(args.html.as_deref(), html::Mode::Compare, &what)?;
    if let Some(page) = &mut page {
        page.set_rule_changes(changes.clone());
    }
    let mut report = Report::new(changes, limits);
    let mut out = style::stdout();
    let mut cannot_write: Option<std::io::Error> = None;
    run::stream(
        source::collect_inputs(&args.inputs),
        &pool,
        |doc| run::guarded(|| compare::compare_doc(doc, &before, &after, args.context)),
        |item| match item {
            Ok((_, Ok(change))) => {
                if let (Some(page), Some(c)) = (&mut page, &change) {
                    page.add_change(c);
                } else if let (true, Some(c)) = (args.json, &change) {
                    let line = serde_json::to_string(c).expect("change serialises");
                    if cannot_write.is_none() {
                        cannot_write = writeln!(out, "{line}").err();
                    }
                }
                report.add(change);
            }
            Ok((doc, Err(message))) => {
                report.failed += u64::from(report_failure(&doc.origin, &message))
            }
            Err(e) => report.failed += u64::from(report_failure(&e.origin, &e.message)),
        },
    );
    if let Some(e) = cannot_write {
        return Err(e.into());
    }
    let code = if report.failed > 0 {
        Exit::SomeFailed
    } else {
        Exit::Ok
    };
    let changed = report.changed();
    if page.is_some() {
        let code = finish_page(page, args.html.as_deref(), &report.summary(), code)?;
        return Ok(changed_code(code, args.exit_code, changed));
    }
    if args.json {
        let _ = writeln!(std::io::stderr(), "{}", report.summary());
    } else if args.format == DiffFormat::Markdown {
        markdown::write_report(&mut out, &report)?;
    } else {
        report.write(&mut out)?;
    }
    Ok(changed_code(code, args.exit_code, changed))
}
