//! The rule author's views: what `rules check`, `rules test` and `rules list`
//! print, from the compiled rule files (the command line only chooses the
//! files and where the output goes).

use super::{diff, style};
use crate::report::RuleHits;
use crate::rules::compile::Compiled;
use crate::rules::{Code, Rule, examples};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};

/// `rules check`: every finding, then the count; whether any is an error.
pub fn check(out: &mut dyn Write, compiled: &Compiled, files: usize) -> io::Result<bool> {
    for d in &compiled.diagnostics {
        writeln!(out, "{}\n", d.styled())?;
    }
    let errors = compiled.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = compiled.diagnostics.len() - errors;
    // The files the errors are in (a word list counts as a file of its own).
    let broken: BTreeSet<&str> = compiled
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
    writeln!(
        out,
        "checked {files} file(s), {} rule(s): {errors} error(s){in_files}, {warnings} warning(s)",
        compiled.found,
    )?;
    Ok(errors > 0)
}

/// How `rules test` went.
#[derive(Debug, PartialEq, Eq)]
pub enum Tested {
    /// An error other than a failing example stops the test: nothing ran.
    Blocked,
    /// The cases ran; this many rules failed one or more.
    Ran { failed_rules: usize },
}

/// `rules test`: each rule's examples and fixtures, a diff for each failure,
/// then the counts.
pub fn test(out: &mut dyn Write, compiled: &Compiled) -> io::Result<Tested> {
    // A failing example is what this command reports; anything else stops it.
    let blocking: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error() && d.code != Code::ExampleFails)
        .collect();
    if !blocking.is_empty() {
        for d in &blocking {
            writeln!(out, "{}\n", d.styled())?;
        }
        writeln!(
            out,
            "{} error(s) in rule files; no test was run",
            blocking.len()
        )?;
        return Ok(Tested::Blocked);
    }
    let (mut cases_run, mut failed_cases, mut failed_rules) = (0, 0, 0);
    for rule in &compiled.rules {
        let (run, failed, rule_failed) = test_rule(out, rule)?;
        cases_run += run;
        failed_cases += failed;
        failed_rules += usize::from(rule_failed);
    }
    writeln!(
        out,
        "{} rules, {cases_run} cases: {failed_cases} failed, in {failed_rules} rule(s)",
        compiled.rules.len()
    )?;
    Ok(Tested::Ran { failed_rules })
}

/// One rule's cases, each failure shown: how many ran, how many failed, and
/// whether the rule failed (a case failed, or its cases could not be read).
fn test_rule(out: &mut dyn Write, rule: &Rule) -> io::Result<(usize, usize, bool)> {
    let fail = style::paint(style::ERROR, "FAIL");
    let cases = match examples::cases(rule) {
        Ok(cases) => cases,
        Err(e) => {
            writeln!(out, "{fail} {}: {e}", rule.id)?;
            return Ok((0, 0, true));
        }
    };
    let outcomes = examples::run_cases(rule, cases);
    let failures: Vec<_> = outcomes.iter().filter(|o| !o.passed()).collect();
    if failures.is_empty() {
        let plural = if outcomes.len() == 1 { "" } else { "s" };
        let pass = style::paint(style::PASS, "pass");
        writeln!(out, "{pass} {} ({} case{plural})", rule.id, outcomes.len())?;
        return Ok((outcomes.len(), 0, false));
    }
    writeln!(
        out,
        "{fail} {} ({} of {} cases failed)",
        rule.id,
        failures.len(),
        outcomes.len()
    )?;
    for o in &failures {
        writeln!(out, "  {}", o.case.name)?;
        let hunks = diff::hunks(&o.expected, &o.actual, 3, &|_| Vec::new());
        writeln!(out, "  {}", style::paint(style::REMOVED, "--- expected"))?;
        writeln!(out, "  {}", style::paint(style::ADDED, "+++ actual"))?;
        for h in &hunks {
            diff::write_hunk(out, h, "  ")?;
        }
    }
    Ok((outcomes.len(), failures.len(), true))
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
    /// Languages a configuration file turns the rule off for.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    off_for: &'r [String],
    /// The `--favor` modes the rule runs in, when not all (`modes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    modes: Option<Vec<&'static str>>,
}

/// `rules list`: id, kind, where, hits from a report when given, description;
/// or one JSON array.
pub fn list(
    out: &mut dyn Write,
    rules: &[Rule],
    hits: Option<&BTreeMap<String, RuleHits>>,
    json: bool,
) -> io::Result<()> {
    let rows: Vec<Row> = rules
        .iter()
        .map(|r| {
            let h = hits.map(|h| h.get(&*r.id).copied().unwrap_or_default());
            Row {
                id: &r.id,
                kind: r.kind.name(),
                file: &r.file,
                line: r.line,
                hits: h.map(|h| h.hits),
                documents: h.map(|h| h.documents),
                description: &r.description,
                off_for: &r.skip_languages,
                modes: r
                    .modes
                    .as_ref()
                    .map(|m| m.iter().map(|f| f.name()).collect()),
            }
        })
        .collect();
    if json {
        let json = serde_json::to_string_pretty(&rows).expect("rows serialise");
        return writeln!(out, "{json}");
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
        let mut off = match &r.modes {
            Some(modes) => format!(" [--favor {} only]", modes.join(", ")),
            None => String::new(),
        };
        if !r.off_for.is_empty() {
            off += &format!(" [off for {} by newsclean.toml]", r.off_for.join(", "));
        }
        writeln!(
            out,
            "{}  {:13}  {at:at_w$}  {counts}{}{off}",
            style::paint(style::RULE, format!("{:id_w$}", r.id)),
            r.kind,
            r.description
        )?;
    }
    Ok(())
}
