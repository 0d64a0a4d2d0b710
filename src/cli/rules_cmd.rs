//! `newsclean rules check | test | list`: the rule author's tools. Their clap
//! definitions; the views they print are `review::rule_views`.

use super::{RuleArgs, rule_sources};
use crate::exit::{self, Exit};
use crate::report::{RuleHits, Summary};
use crate::review::rule_views::{self, Tested};
use crate::review::style;
use crate::rules::RuleSet;
use crate::rules::compile::{self, Compiled};
use anyhow::{Context, Result};
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

pub fn run(command: RulesCommand) -> Result<Exit> {
    let mut out = style::stdout();
    match command {
        RulesCommand::Check(paths) => {
            let (compiled, files) = compiled(&paths)?;
            let errors = rule_views::check(&mut out, &compiled, files)?;
            if errors {
                Err(exit::Reported.into())
            } else {
                Ok(Exit::Ok)
            }
        }
        RulesCommand::Test(paths) => {
            let (compiled, _) = compiled(&paths)?;
            match rule_views::test(&mut out, &compiled)? {
                Tested::Blocked => Err(exit::Reported.into()),
                Tested::Ran { failed_rules: 0 } => Ok(Exit::Ok),
                Tested::Ran { .. } => Ok(Exit::SomeFailed),
            }
        }
        RulesCommand::List(args) => {
            let sources = rule_sources(&args.rules.rule_args()).map_err(anyhow::Error::msg)?;
            let mut set = match RuleSet::load(&sources) {
                Ok((set, _)) => set,
                Err(diagnostics) => {
                    let mut err = style::stderr();
                    for d in diagnostics.iter().filter(|d| d.is_error()) {
                        let _ = writeln!(err, "{}\n", d.styled());
                    }
                    return Err(exit::Reported.into());
                }
            };
            super::language_choices(&mut set)?;
            let hits = match &args.report {
                Some(path) => Some(read_report(path).with_context(|| path.display().to_string())?),
                None => None,
            };
            rule_views::list(&mut out, set.rules(), hits.as_ref(), args.json)?;
            Ok(Exit::Ok)
        }
    }
}

/// Compiles the rule files `paths` name, with their number.
fn compiled(paths: &RulePaths) -> Result<(Compiled, usize)> {
    let sources = rule_sources(&paths.rule_args()).map_err(anyhow::Error::msg)?;
    Ok((compile::compile(&sources), sources.len()))
}

/// The per-rule counts of a `clean --report` file.
fn read_report(path: &std::path::Path) -> Result<BTreeMap<String, RuleHits>> {
    let bytes = std::fs::read(path)?;
    let summary: Summary = serde_json::from_slice(&bytes).context("not a newsclean report")?;
    Ok(summary.rules)
}
