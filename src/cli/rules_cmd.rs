//! `newsclean rules check | test | list`: the rule author's tools. Their clap
//! definitions and the code that turns parsed arguments into views.

use super::{RuleArgs, rule_sources};
use crate::report::{RuleHits, Summary};
use crate::review::{diff, style};
use crate::rules::compile::{self, Compiled};
use crate::rules::{RuleSet, examples};
use crate::run::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use clap::{Args, Subcommand};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Check rule files like a compiler: syntax, keys, regexes, ids, examples.
    Check(RulePaths),
    /// Run every rule's examples and fixtures; show a diff for each failure.
    Test(RulePaths),
    /// List the rules: id, kind, where, hits from a report, description.
    List(ListArgs),
}

/// The rule files to work on: the built-in ones, replaced or extended by PATHs
/// exactly as `clean --rules PATH` would.
#[derive(Args, Debug)]
pub struct RulePaths {
    /// Rule files or folders of them (*.toml); none means the built-in rules.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Only the PATHs, not the built-in rule files.
    #[arg(long)]
    pub no_default_rules: bool,
}

impl RulePaths {
    fn rule_args(&self) -> RuleArgs {
        RuleArgs {
            rules: self.paths.clone(),
            no_default_rules: self.no_default_rules,
        }
    }
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub rules: RulePaths,
    /// A `clean --report` JSON file: adds each rule's hits and documents.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// One JSON array, for tools.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: RulesCommand) -> i32 {
    match command {
        RulesCommand::Check(paths) => check(&paths),
        RulesCommand::Test(paths) => test(&paths),
        RulesCommand::List(args) => list(&args),
    }
}

/// Compiles the rule files `paths` name, with their number; `None` (after
/// saying why) if they cannot be read.
fn compiled(paths: &RulePaths) -> Option<(Compiled, usize)> {
    match rule_sources(&paths.rule_args()) {
        Ok(sources) => Some((compile::compile(&sources), sources.len())),
        Err(e) => {
            eprintln!("newsclean: {e}");
            None
        }
    }
}

fn check(paths: &RulePaths) -> i32 {
    let Some((compiled, files)) = compiled(paths) else {
        return EXIT_USAGE;
    };
    let mut out = style::stdout();
    for d in &compiled.diagnostics {
        let _ = writeln!(out, "{}\n", d.styled());
    }
    let errors = compiled.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = compiled.diagnostics.len() - errors;
    // The files the errors are in (a word list counts as a file of its own).
    let broken: std::collections::BTreeSet<&str> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.file.as_str())
        .collect();
    let in_files = if broken.is_empty() {
        String::new()
    } else {
        format!(" in {} file(s)", broken.len())
    };
    let _ = writeln!(
        out,
        "checked {files} file(s), {} rule(s): {errors} error(s){in_files}, {warnings} warning(s)",
        compiled.found,
    );
    if errors > 0 { EXIT_USAGE } else { EXIT_OK }
}

fn test(paths: &RulePaths) -> i32 {
    let Some((compiled, _)) = compiled(paths) else {
        return EXIT_USAGE;
    };
    let mut out = style::stdout();
    // A failing example is what this command reports; anything else stops it.
    let blocking: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != "example-fails")
        .collect();
    if !blocking.is_empty() {
        for d in &blocking {
            let _ = writeln!(out, "{}\n", d.styled());
        }
        let _ = writeln!(
            out,
            "{} error(s) in rule files; no test was run",
            blocking.len()
        );
        return EXIT_USAGE;
    }
    let (mut cases_run, mut failed_cases, mut failed_rules) = (0, 0, 0);
    for rule in &compiled.rules {
        let cases = match examples::cases(rule) {
            Ok(cases) => cases,
            Err(e) => {
                failed_rules += 1;
                let _ = writeln!(
                    out,
                    "{} {}: {e}",
                    style::paint(style::ERROR, "FAIL"),
                    rule.id
                );
                continue;
            }
        };
        let outcomes = examples::run_cases(rule, cases);
        let failures: Vec<_> = outcomes.iter().filter(|o| !o.passed()).collect();
        cases_run += outcomes.len();
        failed_cases += failures.len();
        if failures.is_empty() {
            let _ = writeln!(
                out,
                "{} {} ({} case{})",
                style::paint(style::PASS, "pass"),
                rule.id,
                outcomes.len(),
                if outcomes.len() == 1 { "" } else { "s" }
            );
            continue;
        }
        failed_rules += 1;
        let _ = writeln!(
            out,
            "{} {} ({} of {} cases failed)",
            style::paint(style::ERROR, "FAIL"),
            rule.id,
            failures.len(),
            outcomes.len()
        );
        for o in failures {
            let _ = writeln!(out, "  {}", o.case.name);
            let hunks = diff::hunks(&o.expected, &o.actual, 3, &|_| Vec::new());
            let _ = writeln!(out, "  {}", style::paint(style::REMOVED, "--- expected"));
            let _ = writeln!(out, "  {}", style::paint(style::ADDED, "+++ actual"));
            for h in &hunks {
                let _ = diff::write_hunk(&mut out, h, "  ");
            }
        }
    }
    let _ = writeln!(
        out,
        "{} rules, {cases_run} cases: {failed_cases} failed, in {failed_rules} rule(s)",
        compiled.rules.len()
    );
    if failed_rules > 0 {
        EXIT_SOME_FAILED
    } else {
        EXIT_OK
    }
}

/// One row of `rules list`.
#[derive(serde::Serialize)]
struct Row<'r> {
    id: &'r str,
    kind: &'static str,
    file: &'r str,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    hits: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<u64>,
    description: &'r str,
}

fn list(args: &ListArgs) -> i32 {
    let sources = match rule_sources(&args.rules.rule_args()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsclean: {e}");
            return EXIT_USAGE;
        }
    };
    let set = match RuleSet::load(&sources) {
        Ok((set, _)) => set,
        Err(diagnostics) => {
            let mut err = style::stderr();
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                let _ = writeln!(err, "{}\n", d.styled());
            }
            return EXIT_USAGE;
        }
    };
    let hits = match &args.report {
        Some(path) => match read_report(path) {
            Ok(h) => Some(h),
            Err(e) => {
                eprintln!("newsclean: {}: {e}", path.display());
                return EXIT_USAGE;
            }
        },
        None => None,
    };
    let rows: Vec<Row> = set
        .rules()
        .iter()
        .map(|r| {
            let h = hits
                .as_ref()
                .map(|h| h.get(&*r.id).copied().unwrap_or_default());
            Row {
                id: &r.id,
                kind: r.kind.name(),
                file: &r.file,
                line: r.line,
                hits: h.map(|h| h.hits),
                documents: h.map(|h| h.documents),
                description: &r.description,
            }
        })
        .collect();
    let mut out = style::stdout();
    if args.json {
        let json = serde_json::to_string_pretty(&rows).expect("rows serialise");
        let _ = writeln!(out, "{json}");
        return EXIT_OK;
    }
    let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2);
    let at_w = rows
        .iter()
        .map(|r| r.file.len() + 1 + r.line.to_string().len())
        .max()
        .unwrap_or(4);
    for r in &rows {
        let at = format!("{}:{}", r.file, r.line);
        let counts = match (r.hits, r.documents) {
            (Some(h), Some(d)) => format!("{h:>6} hits {d:>5} docs  "),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{}  {:13}  {at:at_w$}  {counts}{}",
            style::paint(style::RULE, format!("{:id_w$}", r.id)),
            r.kind,
            r.description
        );
    }
    EXIT_OK
}

/// The per-rule counts of a `clean --report` file.
fn read_report(path: &std::path::Path) -> Result<BTreeMap<String, RuleHits>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let summary: Summary =
        serde_json::from_slice(&bytes).map_err(|e| format!("not a newsclean report: {e}"))?;
    Ok(summary.rules)
}
