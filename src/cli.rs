//! The command line: clap definitions, parsed once and resolved into the
//! high-level configuration the rest of the program receives. Nothing deeper
//! reads arguments.

pub mod config;
mod dataset_cmd;
mod keep_args;
mod review_cmd;
mod rules_cmd;
mod suggest_cmd;

pub use dataset_cmd::{DatasetArgs, DedupArgs};
pub use keep_args::KeepArgs;
pub use review_cmd::{DiffArgs, ExplainArgs};
pub use rules_cmd::{ListArgs, RulePaths, RulesCommand};
pub use suggest_cmd::SuggestArgs;

use crate::exit::{self, Exit};
use crate::review::style;
use crate::rules::{self, RuleSet, RuleSource, builtin};
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

/// Which rule files to use; shared by every command that applies rules.
#[derive(Args, Debug, Clone)]
pub struct RuleArgs {
    /// A rule file or a folder of them (*.toml); repeatable. A file named like a
    /// built-in one (e.g. boilerplate.toml) replaces it; others are added.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not use the built-in rule files.
    #[arg(long)]
    pub no_default_rules: bool,
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
    let (clean, markdown) = args
        .keep
        .resolve(args.output_format())
        .map_err(anyhow::Error::msg)?;
    let (keys, mut dataset) = args.dataset.clone().resolve().map_err(anyhow::Error::msg)?;
    // The quality signals are seen only in the metadata of a JSONL line or
    // a sidecar, or through the filter: a plain text output skips them.
    dataset.signals = matches!(output, Output::JsonlStdout | Output::JsonlFile(_))
        || dataset.sidecar
        || !dataset.filter.is_empty();
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

/// Gathers the rule files that `args` name, built-in ones first.
/// `--rules` replaces the rule paths of `newsclean.toml`.
pub fn rule_sources(args: &RuleArgs) -> Result<Vec<RuleSource>, String> {
    let config = config::active();
    let paths = if args.rules.is_empty() {
        config.rules()
    } else {
        args.rules.clone()
    };
    let mut user = Vec::new();
    for path in &paths {
        collect_rule_files(path, &mut user)?;
    }
    let mut sources = Vec::new();
    let mut replaced = Vec::new();
    if !args.no_default_rules && !config.no_default_rules {
        for (name, src) in builtin::names().zip(builtin::sources()) {
            match user
                .iter()
                .position(|p| p.file_name().is_some_and(|n| n == name))
            {
                Some(i) => replaced.push((i, src)),
                None => sources.push(src),
            }
        }
    }
    for (i, path) in user.iter().enumerate() {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let source = RuleSource {
            name: path.display().to_string(),
            text,
            dir: Some(path.parent().unwrap_or(Path::new(".")).to_path_buf()),
        };
        for (_, builtin) in replaced.iter().filter(|(j, _)| *j == i) {
            note_replaced(builtin, &source);
        }
        sources.push(source);
    }
    Ok(sources)
}

/// Says that `file` replaces the built-in file of the same name, and which
/// built-in rules it leaves out, so a one-rule file never silently turns off
/// a whole built-in file.
fn note_replaced(builtin: &RuleSource, file: &RuleSource) {
    let ids = |text: &str| -> Vec<String> {
        let Ok(value) = text.parse::<toml::Table>() else {
            return Vec::new();
        };
        let rules = value.get("rule").and_then(|r| r.as_array());
        rules
            .into_iter()
            .flatten()
            .filter_map(|r| r.get("id")?.as_str().map(str::to_string))
            .collect()
    };
    let kept = ids(&file.text);
    let left_out: Vec<String> = ids(&builtin.text)
        .into_iter()
        .filter(|id| !kept.contains(id))
        .collect();
    let mut err = style::stderr();
    let _ = writeln!(
        err,
        "newsclean: note: {} replaces the built-in {}; {} built-in rule(s) not used: {}",
        file.name,
        builtin.name,
        left_out.len(),
        left_out.join(", ")
    );
}

fn collect_rule_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        out.extend(files);
        Ok(())
    } else if path.exists() {
        out.push(path.to_path_buf());
        Ok(())
    } else {
        Err(format!("{}: no such rule file or folder", path.display()))
    }
}

/// Loads and checks rules, printing every finding; an error (already
/// reported) if any finding is one.
pub fn load_rules(args: &RuleArgs) -> Result<RuleSet> {
    load_rules_fingerprinted(args).map(|(set, _)| set)
}

/// What identifies a set of rule files: a hash of their names and texts
/// (FNV-1a, stable everywhere), with their number and size. Any edit, added
/// or removed file changes it.
pub fn fingerprint(sources: &[RuleSource]) -> String {
    let mut all = String::new();
    for s in sources {
        // The file's name, not its path: `--rules ./r.toml` and `--rules
        // r.toml` are the same rules.
        let name = Path::new(&s.name).file_name().map(|n| n.to_string_lossy());
        all.push_str(name.as_deref().unwrap_or(&s.name));
        all.push('\0');
        all.push_str(&s.text);
        all.push('\0');
    }
    format!(
        "fnv64:{:016x}:{}-files:{}-bytes",
        crate::source::stable_hash(&all),
        sources.len(),
        all.len()
    )
}

/// [`load_rules`], with the rule files' [`fingerprint`].
pub fn load_rules_fingerprinted(args: &RuleArgs) -> Result<(RuleSet, String)> {
    let mut sources = rule_sources(args).map_err(anyhow::Error::msg)?;
    let mut err = style::stderr();
    match RuleSet::load_for_run(&sources) {
        Ok((mut set, warnings)) => {
            for w in warnings {
                let _ = writeln!(err, "{}\n", w.styled());
            }
            if let Some(choices) = language_choices(&mut set)? {
                // What the rules do depends on the choices too (`--resume`).
                sources.push(choices);
            }
            Ok((set, fingerprint(&sources)))
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                let _ = writeln!(err, "{}\n", d.styled());
            }
            let n = diagnostics.iter().filter(|d| d.is_error()).count();
            exit::say(format_args!("{n} error(s) in rule files; nothing was done"));
            Err(exit::Reported.into())
        }
    }
}

/// Turns off the rules `newsclean.toml` skips for a language; the choices as
/// text (for the fingerprint), if there are any. A choice that names no rule
/// is an error: it is a typo, or the rule it meant is gone.
pub fn language_choices(set: &mut RuleSet) -> Result<Option<RuleSource>> {
    let config = config::active();
    let mut text = String::new();
    for (lang, choice) in &config.languages {
        for pattern in &choice.skip {
            if set.skip_in_language(lang, pattern) == 0 {
                bail!(
                    "{}: [languages.{lang}] skip: `{pattern}` names no rule",
                    config.path.display()
                );
            }
            text.push_str(&format!("{lang}\t{pattern}\n"));
        }
    }
    Ok((!text.is_empty()).then(|| RuleSource {
        name: "newsclean.toml [languages]".into(),
        text,
        dir: None,
    }))
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
