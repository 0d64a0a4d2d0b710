//! The command line: clap definitions, parsed once and resolved into the
//! high-level configuration the rest of the program receives. Nothing deeper
//! reads arguments.

pub mod config;
mod dataset_cmd;
mod keep_args;
mod review_cmd;
mod rule_args;
mod rules_cmd;
mod suggest_cmd;

pub use dataset_cmd::{DatasetArgs, DedupArgs};
pub use keep_args::KeepArgs;
pub use review_cmd::{DiffArgs, ExplainArgs};
pub use rule_args::{
    RuleArgs, fingerprint, language_choices, load_rules, load_rules_fingerprinted, rule_sources,
};
pub use rules_cmd::{ListArgs, RulePaths, RulesCommand};
pub use suggest_cmd::SuggestArgs;

use crate::exit::{self, Exit};
use crate::rules;
use crate::run::{self, Config, Output};
use crate::select::Shard;
use crate::source::{InputFormat, Limits, limits};
use anyhow::{Result, bail};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "newsclean",
    version,
    about = "Turn scraped news pages into clean article text"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output: auto (a terminal, unless NO_COLOR is set),
    /// always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    pub color: ColorWhen,
    /// Settings from FILE instead of the `newsclean.toml` found in the
    /// current folder or its parents.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Use no `newsclean.toml`.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
}

/// `--color`: when the output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Makes every styled writer ([`style::stdout`], [`style::stderr`]) follow
    /// this choice; `auto` leaves it to the terminal and the environment.
    fn apply(self) {
        let choice = match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Clean documents: files, folders (recursive) or - for stdin.
    Clean(CleanArgs),
    /// Check, test and list rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show each edit the rules make on one document.
    Explain(ExplainArgs),
    /// Show what cleaning changes (raw against clean, hunks labelled by rule),
    /// or with --before/--after what a rule change changes across a corpus.
    Diff(DiffArgs),
    /// Find duplicates across the JSONL outputs of several runs (shards,
    /// Spark partitions), as one run over all of them would.
    Dedup(DedupArgs),
    /// Propose rules from the crawl itself: lines that recur on a site's
    /// pages, tokens that are spinner artifacts; written as a rule file to
    /// review, never applied.
    Suggest(SuggestArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), generated from these definitions.
    Man,
}

#[derive(Args, Debug)]
pub struct CleanArgs {
    /// Files or folders to clean; - reads stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<PathBuf>,
    /// Write a mirrored tree of .txt files under this folder, or with
    /// --format jsonl this JSONL file (.jsonl or .jsonl.gz).
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT",
        conflicts_with = "stdout"
    )]
    pub output: Option<PathBuf>,
    /// Write cleaned documents to stdout in input order (the default without -o).
    #[arg(long)]
    pub stdout: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long = "threads", value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Write the run's summary as JSON, with per-rule hits, to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// No progress bar and no summary; warnings are still shown.
    #[arg(short, long)]
    pub quiet: bool,
    /// Output format: a text tree / plain text, Markdown (a tree of .md files
    /// or stdout), or JSONL objects {"id","text","metadata"} (default: jsonl
    /// when -o ends in .jsonl or .jsonl.gz).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    #[command(flatten)]
    pub keep: KeepArgs,
    /// How to read the inputs (default: by extension and content). Needed for
    /// JSONL on stdin.
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "auto")]
    pub input_format: InputFormat,
    /// Cut documents longer than this many bytes (reported).
    #[arg(long, value_name = "BYTES", default_value_t = limits::DEFAULT_MAX_DOC_BYTES)]
    pub max_doc_bytes: usize,
    /// Stop and fail a document that takes longer than this many seconds to
    /// clean (reported; the batch goes on); 0: no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0)]
    pub max_doc_seconds: f64,
    /// Where to write the manifest (default: manifest.jsonl in the OUT folder, or
    /// FILE.manifest.jsonl beside a JSONL file; none on stdout).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Take only shard K of N (0 <= K < N), by a stable hash of each document id.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Pass over documents the manifest records as done (failed ones are retried).
    #[arg(long)]
    pub resume: bool,
    #[command(flatten)]
    pub dataset: DatasetArgs,
}

/// What `clean` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Markdown,
    Jsonl,
}

impl OutputFormat {
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Text => "text",
            OutputFormat::Markdown => "markdown",
            OutputFormat::Jsonl => "jsonl",
        }
    }
}

impl CleanArgs {
    /// The output format, from --format, else from the name of -o.
    fn output_format(&self) -> OutputFormat {
        let is_jsonl_name = |p: &Path| {
            let name = p.to_string_lossy();
            name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
        };
        self.format.unwrap_or(match &self.output {
            Some(p) if is_jsonl_name(p) => OutputFormat::Jsonl,
            _ => OutputFormat::Text,
        })
    }

    /// The output and the manifest's place, from -o, --format and --manifest.
    fn resolve_output(&self) -> (Output, Option<PathBuf>) {
        let (output, beside) = match (&self.output, self.output_format()) {
            (None, OutputFormat::Text | OutputFormat::Markdown) => (Output::Stdout, None),
            (None, OutputFormat::Jsonl) => (Output::JsonlStdout, None),
            (Some(dir), OutputFormat::Text | OutputFormat::Markdown) => {
                (Output::Dir(dir.clone()), Some(dir.join("manifest.jsonl")))
            }
            (Some(file), OutputFormat::Jsonl) => {
                let name = file.to_string_lossy();
                let stem = name
                    .strip_suffix(".gz")
                    .unwrap_or(&name)
                    .strip_suffix(".jsonl")
                    .unwrap_or(&name);
                (
                    Output::JsonlFile(file.clone()),
                    Some(PathBuf::from(format!("{stem}.manifest.jsonl"))),
                )
            }
        };
        (output, self.manifest.clone().or(beside))
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> ExitCode {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let args = match config::apply(raw.clone()) {
        Ok(args) => args,
        // Help and the version must be readable while the file is being fixed.
        Err(e) if asks_for_help(&raw) => {
            eprintln!("newsclean: warning: {e:#} (the configuration is left out)");
            raw
        }
        Err(e) => return exit::finish(Err(e)),
    };
    let cli = match parse(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { exit::USAGE } else { 0 });
        }
    };
    cli.color.apply();
    exit::finish(dispatch(cli.command))
}

/// Whether the command line asks for help or the version (`-h`, `--help`,
/// `-V`, `--version`, `help`, or no command at all), which need no configuration.
fn asks_for_help(args: &[std::ffi::OsString]) -> bool {
    let mut rest = args.iter().skip(1).take_while(|a| *a != "--").peekable();
    rest.peek().is_none_or(|first| *first == "help")
        || rest.any(|a| ["-h", "--help", "-V", "--version"].iter().any(|f| a == f))
}

/// Parses `args`; a flag given twice takes its last value, so that the
/// command line overrides a configuration file's `[defaults]`.
fn parse(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    fn override_self(cmd: clap::Command) -> clap::Command {
        cmd.args_override_self(true).mut_subcommands(override_self)
    }
    let cmd = override_self(<Cli as clap::CommandFactory>::command());
    let matches = cmd.try_get_matches_from(args)?;
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
}

/// Runs one command.
fn dispatch(command: Command) -> Result<Exit> {
    match command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "newsclean", &mut out);
            std::io::stdout().write_all(&out)?;
            Ok(Exit::Ok)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout())?;
            Ok(Exit::Ok)
        }
        Command::Clean(args) => clean(args),
        Command::Rules(command) => rules_cmd::run(command),
        Command::Explain(args) => review_cmd::explain(args),
        Command::Diff(args) => review_cmd::diff(args),
        Command::Dedup(args) => dataset_cmd::dedup(args),
        Command::Suggest(args) => suggest_cmd::run(args),
    }
}

/// `newsclean clean`: the arguments checked and resolved into a run.
fn clean(args: CleanArgs) -> Result<Exit> {
    let (output, manifest) = args.resolve_output();
    if args.resume && manifest.is_none() {
        bail!("--resume needs a manifest: use -o or --manifest");
    }
    if args.max_doc_bytes == 0 {
        bail!("--max-doc-bytes must be at least 1");
    }
    let doc_time = match args.max_doc_seconds {
        s if !(s >= 0.0 && s.is_finite()) => bail!("--max-doc-seconds must be 0 or more"),
        0.0 => None,
        s => Some(std::time::Duration::from_secs_f64(s)),
    };
    let (mut clean, markdown) = args
        .keep
        .resolve(args.output_format())
        .map_err(anyhow::Error::msg)?;
    let (keys, mut dataset) = args.dataset.clone().resolve().map_err(anyhow::Error::msg)?;
    // The metadata (with the quality signals and the language they use) is
    // seen only in a JSONL line or a sidecar, or through the filter: a plain
    // text output skips them, as does `--no-signals` (never with a filter).
    dataset.signals &= matches!(output, Output::JsonlStdout | Output::JsonlFile(_))
        || dataset.sidecar
        || !dataset.filter.is_empty();
    clean.identify = dataset.signals;
    let (mut rules, rules_fingerprint) = load_rules_fingerprinted(&args.rules)?;
    // The rules' `modes` follow `--favor`, which the manifest's options
    // already record for `--resume`.
    rules.set_favor(args.keep.favor);
    run::run(Config {
        inputs: args.inputs,
        output,
        rules,
        rules_fingerprint,
        threads: args.threads,
        report: args.report,
        quiet: args.quiet,
        input_format: args.input_format,
        limits: Limits {
            max_doc_bytes: args.max_doc_bytes,
            ..Limits::default()
        },
        manifest,
        shard: args.shard,
        resume: args.resume,
        keys,
        dataset,
        clean,
        markdown,
        doc_time,
    })
}

#[doc(hidden)]
pub use rules::Diagnostic;

#[cfg(test)]
mod tests {
    use super::asks_for_help;

    fn asks(args: &[&str]) -> bool {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        asks_for_help(&args)
    }

    #[test]
    fn help_and_version_are_told_from_commands() {
        assert!(asks(&["newsclean"]));
        assert!(asks(&["newsclean", "--help"]));
        assert!(asks(&["newsclean", "help", "clean"]));
        assert!(asks(&["newsclean", "clean", "-h"]));
        assert!(asks(&["newsclean", "-V"]));
        assert!(!asks(&["newsclean", "clean", "in/", "-o", "out/"]));
        // After `--` a `--help` is a file name.
        assert!(!asks(&["newsclean", "clean", "--", "--help"]));
    }
}
