//! `make eval`: scores newsclean's extraction on the development sets and
//! prints their figures and worst pages.
//!
//!     cargo run --release --example eval -- [DIR...] [--worst N] [--show FILE]
//!
//! Each DIR is a snippet set (`evaldata.json`, as `eval/trafilatura`) or a
//! WCXB split (`ground-truth.jsonl.gz`, as `../shared/eval/wcxb-dev`); by
//! default both of those. `--json FILE` writes every page's result (scores,
//! missed and leaked snippets), keyed by set, to compare two runs.
//! `--context` adds, for each leaked snippet of the snippet set, the paragraph
//! it leaked in. `--show FILE` prints the body text newsclean extracts from one
//! page instead, to look at what went wrong there. After each set's scores
//! comes its harm table: per rule, the reference words it removed (harm) and
//! the other words (debris), and the pages that lost more than 2% of their
//! reference words to rules; `--harm` prints only those tables, `--harm-edits`
//! each edit that removed reference words too. `--favor MODE` scores an
//! extraction mode (`precision`, `balanced`, the default, or `recall`), as
//! `newsclean clean --favor MODE` extracts; `--tune FIELD=VALUE` (or `--set`;
//! repeatable, after `--favor`) changes one field of that row of the tuning
//! table (`src/extract/tuning.rs`), to try a value before writing it into the
//! table; `--tune FIELD=V1,V2,...` sweeps it, scoring the sets once per value
//! (the last such option sweeps, earlier ones take their last value).
//! `--texts TOOL=DIR` (repeatable) scores another extractor's text of the same
//! pages beside newsclean's (`DIR/SET/NAME.txt`, see `make eval-peers`).
//! `--rules PATH` (repeatable) and `--no-default-rules` choose the rule files
//! as `newsclean clean` does, so an editor can see the harm table of a rule
//! file before using it.

mod harm_report;
mod wcxb_report;

use clap::ValueEnum;
use newsclean::clean::Options;
use newsclean::cli::{RuleArgs, rule_sources};
use newsclean::eval::{self, snippets, wcxb};
use newsclean::extract::{Favor, Tuning};
use newsclean::rules::RuleSet;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Instant;
use wcxb_report::report_wcxb;

/// The options, one line each (the module's doc says more).
const USAGE: &str = "\
usage: eval [DIR...] [OPTIONS]   (default DIRs: eval/trafilatura ../shared/eval/wcxb-dev)
  --worst N            worst pages listed per set (15)
  --json FILE          every page's result, keyed by set, to compare two runs
  --context            the paragraph each leaked snippet leaked in
  --show FILE          the body text extracted from one page
  --harm               only the harm tables (reference words the rules remove)
  --harm-edits         the harm tables and each edit that removed reference words
  --favor MODE         precision, balanced (default) or recall, as `clean --favor`
  --tune FIELD=V[,V..] one field of the tuning table (also --set); several values sweep it
  --texts TOOL=DIR     score another extractor's text (DIR/SET/NAME.txt) beside
  --rules PATH         rule files, as `clean --rules` (repeatable)
  --no-default-rules   without the built-in rule files
";

fn main() -> anyhow::Result<()> {
    let mut dirs = Vec::new();
    let mut worst = 15;
    let mut show = None;
    let mut context = false;
    let mut json = None;
    let mut harm_only = false;
    let mut harm_edits = false;
    let mut options = Options::default();
    let mut favor = Favor::Balanced;
    let mut sweep: Option<(String, Vec<String>)> = None;
    let mut peers: Vec<(String, PathBuf)> = Vec::new();
    let mut rule_args = RuleArgs {
        rules: Vec::new(),
        no_default_rules: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--worst" => worst = args.next().and_then(|n| n.parse().ok()).unwrap_or(worst),
            "--show" => show = args.next(),
            "--context" => context = true,
            "--json" => json = args.next(),
            "--harm" => harm_only = true,
            "--rules" => rule_args.rules.extend(args.next().map(PathBuf::from)),
            "--no-default-rules" => rule_args.no_default_rules = true,
            "--texts" => {
                let spec = args.next().unwrap_or_default();
                let (tool, dir) = spec
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("--texts {spec}: expected TOOL=DIR"))?;
                peers.push((tool.to_string(), PathBuf::from(dir)));
            }
            "--harm-edits" => {
                harm_only = true;
                harm_edits = true;
            }
            "--favor" => {
                let mode = args.next().unwrap_or_default();
                favor = Favor::from_str(&mode, true)
                    .map_err(|e| anyhow::anyhow!("--favor {mode}: {e}"))?;
                options.extract.tuning = Tuning::of(favor);
            }
            "--set" | "--tune" => {
                let setting = args.next().unwrap_or_default();
                let (field, values) = setting
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("{arg} {setting}: expected FIELD=VALUE"))?;
                let values: Vec<String> = values.split(',').map(str::to_string).collect();
                for value in &values {
                    let mut probe = options.extract.tuning;
                    probe
                        .set(field, value)
                        .map_err(|e| anyhow::anyhow!("{arg} {setting}: {e}"))?;
                }
                let last = values.last().cloned().unwrap_or_default();
                options
                    .extract
                    .tuning
                    .set(field, &last)
                    .map_err(anyhow::Error::msg)?;
                if values.len() > 1 {
                    sweep = Some((field.to_string(), values));
                }
            }
            "-h" | "--help" => {
                print!("{USAGE}");
                return Ok(());
            }
            other if other.starts_with('-') => {
                anyhow::bail!("unknown option {other}\n\n{USAGE}")
            }
            _ => dirs.push(PathBuf::from(arg)),
        }
    }
    if dirs.is_empty() {
        dirs.push(PathBuf::from("eval/trafilatura"));
        dirs.push(PathBuf::from("../shared/eval/wcxb-dev"));
    }
    let sources = rule_sources(&rule_args).map_err(anyhow::Error::msg)?;
    let mut rules = match RuleSet::load(&sources) {
        Ok((rules, _)) => rules,
        Err(diags) => anyhow::bail!("the rules do not compile: {diags:?}"),
    };
    rules.set_favor(favor);
    if let Some(file) = show {
        return show_page(&dirs, &file, &rules, &options);
    }
    let mut results = serde_json::Map::new();
    let runs: Vec<(String, Options)> = match &sweep {
        None => vec![(String::new(), options)],
        Some((field, values)) => values
            .iter()
            .map(|value| {
                let mut run = options;
                let _ = run.extract.tuning.set(field, value);
                (format!("{field}={value}"), run)
            })
            .collect(),
    };
    for (setting, options) in &runs {
        if !setting.is_empty() {
            println!("######## --tune {setting} ########");
        }
        score_sets(
            &dirs,
            &rules,
            options,
            worst,
            context,
            harm_only,
            harm_edits,
            setting,
            &mut results,
        )?;
    }
    for dir in dirs.iter().filter(|_| !peers.is_empty()) {
        println!("== {}: other extractors, same scoring ==", dir.display());
        for (tool, texts) in &peers {
            print!("{}", eval::peers::report(tool, dir, texts)?);
        }
    }
    if let Some(out) = json {
        std::fs::write(out, serde_json::to_string_pretty(&results)?)?;
    }
    Ok(())
}

/// Scores every set of `dirs` with `options`, printing the figures, and adds
/// each set's pages to `results` (keyed by the set's name, and `@setting` in a
/// sweep).
#[allow(clippy::too_many_arguments)]
fn score_sets(
    dirs: &[PathBuf],
    rules: &RuleSet,
    options: &Options,
    worst: usize,
    context: bool,
    harm_only: bool,
    harm_edits: bool,
    setting: &str,
    results: &mut serde_json::Map<String, Value>,
) -> anyhow::Result<()> {
    for dir in dirs {
        let mut name = dir
            .file_name()
            .map_or("set".into(), |n| n.to_string_lossy().into_owned());
        if !setting.is_empty() {
            name = format!("{name}@{setting}");
        }
        println!("== {} ==", dir.display());
        if harm_only {
            harm_report::report(dir, rules, options, worst, harm_edits)?;
            continue;
        }
        let pages = if dir.join("evaldata.json").exists() {
            report_snippets(dir, rules, options, worst, context)?
        } else {
            report_wcxb(dir, rules, options, worst)?
        };
        if setting.is_empty() {
            // A sweep's settings change the harm little: it is shown once.
            harm_report::report(dir, rules, options, worst, harm_edits)?;
        }
        results.insert(name, pages);
    }
    Ok(())
}

fn report_snippets(
    dir: &Path,
    rules: &RuleSet,
    options: &Options,
    worst: usize,
    context: bool,
) -> anyhow::Result<Value> {
    let start = Instant::now();
    let mut pages = snippets::run_with(dir, rules, options)?;
    let elapsed = start.elapsed();
    let total = snippets::total(&pages);
    pages.sort_by_key(|p| std::cmp::Reverse(p.counts.false_neg + p.counts.false_pos));
    println!("worst pages (missed = must-contain not found, leaked = must-not-contain found):");
    for page in pages.iter().take(worst) {
        println!(
            "  {}  missed {}  leaked {}\n      missed: {:?}\n      leaked: {:?}",
            page.file, page.counts.false_neg, page.counts.false_pos, page.missed, page.leaked
        );
        if context {
            print_leak_context(dir, page, rules, options)?;
        }
    }
    println!(
        "{} pages in {:.1}s: {} true positives, {} false negatives, {} false positives",
        pages.len(),
        elapsed.as_secs_f64(),
        total.true_pos,
        total.false_neg,
        total.false_pos
    );
    println!(
        "precision {:.3}  recall {:.3}  F1 {:.3}\n",
        total.precision(),
        total.recall(),
        total.f1()
    );
    Ok(pages
        .iter()
        .map(|p| json!({"file": p.file, "missed": p.missed, "leaked": p.leaked}))
        .collect())
}

/// Prints what newsclean extracts from one page of any of the sets.
fn show_page(
    dirs: &[PathBuf],
    file: &str,
    rules: &RuleSet,
    options: &Options,
) -> anyhow::Result<()> {
    for dir in dirs {
        if dir.join("evaldata.json").exists() {
            let cases = snippets::load(dir)?;
            if let Some((url, case)) = cases
                .iter()
                .find(|(_, c)| c.file == file || c.file.starts_with(file))
            {
                let page_bytes = snippets::read_page(dir, case)?;
                let text = eval::extracted(page_bytes, Some(url), rules, options).0;
                let page = snippets::score(url, case, &text);
                println!(
                    "{text}\n---- {url}\nmissed: {:?}\nleaked: {:?}",
                    page.missed, page.leaked
                );
                return Ok(());
            }
        } else if let Some(case) = wcxb::load(dir)?.into_iter().find(|c| c.file_id == file) {
            let (text, meta) = eval::extracted(
                wcxb::read_page(dir, &case)?,
                case.url.as_deref(),
                rules,
                options,
            );
            let page = wcxb::score_page(&case, &text, &meta);
            println!(
                "{text}\n---- {} ({}, newsclean: {})\nF1 {:.3} P {:.3} R {:.3}\nmissed: {:?}\nleaked: {:?}",
                page.url,
                case.page_type,
                page.predicted_type,
                page.f1,
                page.precision,
                page.recall,
                page.missed,
                page.leaked
            );
            return Ok(());
        }
    }
    anyhow::bail!("{file}: in none of the sets")
}

/// Prints the paragraph of the extracted text that holds each leaked snippet.
fn print_leak_context(
    dir: &Path,
    page: &snippets::PageScore,
    rules: &RuleSet,
    options: &Options,
) -> anyhow::Result<()> {
    let cases = snippets::load(dir)?;
    let Some(case) = cases.get(&page.url) else {
        return Ok(());
    };
    let bytes = snippets::read_page(dir, case)?;
    let text = eval::extracted(bytes, Some(&page.url), rules, options).0;
    for snippet in &page.leaked {
        let needle = snippet.split_whitespace().next().unwrap_or("");
        if let Some(par) = text.split("\n\n").find(|p| p.contains(needle)) {
            let short: String = par.chars().take(160).collect();
            println!("      in: {short:?}");
        }
    }
    Ok(())
}
