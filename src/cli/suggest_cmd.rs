//! `newsclean suggest`: the arguments of the command and their hand-over to
//! [`crate::suggest::run`], which does the work; this file only loads the
//! rules, writes the rule file and prints the summary.

use super::{RuleArgs, rule_sources};
use crate::exit::{self, Exit};
use crate::review::style;
use crate::suggest::{self, Request, Settings, SiteBy};
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// Files or folders (recursive) of the crawl, as `clean` reads them; - reads stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Write the candidate rules (a TOML rule file) here instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The current rules: documents are cleaned with them first, so only
    /// what they leave is proposed.
    #[command(flatten)]
    pub rules: RuleArgs,
    /// How documents are grouped into sites: host (the page's URL host, else
    /// its folder) or source (its folder, or the dump it came from).
    #[arg(long, value_enum, value_name = "BY", default_value = "host")]
    pub site: SiteBy,
    /// Candidates written per kind (recurring lines; unknown tokens).
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub top: usize,
    /// A line or token must be seen in at least N documents.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub min_docs: u64,
    /// ... and a line in at least this share of its site's documents.
    #[arg(long, value_name = "SHARE", default_value_t = 0.2)]
    pub min_share: f64,
    /// Run the candidates over the crawl as `diff --before/--after` does,
    /// show what each removes, and leave out those that would cost article
    /// text.
    #[arg(long)]
    pub check: bool,
    /// With --check: keep the risky candidates (marked RISKY) instead of
    /// leaving them out.
    #[arg(long, requires = "check")]
    pub keep_risky: bool,
    /// With --check: a development set with reference texts (eval/trafilatura,
    /// a WCXB split) to measure each candidate's harm on, as `make eval` does.
    #[arg(long, value_name = "DIR", requires = "check")]
    pub reference: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// No summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: SuggestArgs) -> Result<Exit> {
    let sources = rule_sources(&args.rules).map_err(anyhow::Error::msg)?;
    let rules = super::load_rules(&args.rules)?;
    if !(0.0..=1.0).contains(&args.min_share) || args.min_docs == 0 {
        bail!("--min-share must be within 0..1 and --min-docs at least 1");
    }
    let request = Request {
        inputs: args.inputs,
        rules,
        sources,
        site_by: args.site,
        settings: Settings {
            min_docs: args.min_docs,
            min_share: args.min_share,
            top: args.top,
            ..Settings::default()
        },
        threads: args.threads,
        check: args.check,
        keep_risky: args.keep_risky,
        reference: args.reference,
    };
    let outcome = match suggest::run(&request) {
        Ok(o) => o,
        Err(e) => {
            exit::say(format_args!("{e:#}"));
            return Ok(Exit::SomeFailed);
        }
    };
    let mut err = style::stderr();
    if let Some(view) = &outcome.check_report {
        let _ = writeln!(err, "{view}");
    }
    for (id, why) in &outcome.left_out {
        let _ = writeln!(err, "newsclean: left out {id}: {why}");
    }
    match &args.output {
        Some(path) => {
            if let Err(e) = crate::sink::write_atomic(path, outcome.toml.as_bytes()) {
                exit::say(format_args!(
                    "cannot write the suggestions: {}: {e}",
                    path.display()
                ));
                return Ok(Exit::SomeFailed);
            }
        }
        None => std::io::stdout().write_all(outcome.toml.as_bytes())?,
    }
    if !args.quiet {
        let _ = writeln!(err, "{}", outcome.summary());
        for c in outcome.candidates.iter().take(10) {
            let _ = writeln!(err, "  {:>6} docs  {}", c.docs, c.id);
        }
    }
    Ok(if outcome.failed > 0 {
        Exit::SomeFailed
    } else {
        Exit::Ok
    })
}
