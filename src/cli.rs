//! The command line: clap definitions, parsed once and resolved into the
//! high-level configuration the rest of the program receives. Nothing deeper
//! reads arguments.

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

use crate::review::style;
use crate::rules::{self, RuleSet, RuleSource, builtin};
use crate::run::{self, Config, EXIT_USAGE, Output};
use crate::select::Shard;
use crate::source::{InputFormat, Limits, limits};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

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
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { 0 };
        }
    };
    cli.color.apply();
    match cli.command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "newsclean", &mut std::io::stdout());
            0
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(cmd).render(&mut std::io::stdout()) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("newsclean: {e}");
                    run::EXIT_SOME_FAILED
                }
            }
        }
        Command::Clean(args) => {
            let (output, manifest) = args.resolve_output();
            if args.resume && manifest.is_none() {
                eprintln!("newsclean: --resume needs a manifest: use -o or --manifest");
                return EXIT_USAGE;
            }
            if args.max_doc_bytes == 0 {
                eprintln!("newsclean: --max-doc-bytes must be at least 1");
                return EXIT_USAGE;
            }
            let (clean, markdown) = match args.keep.resolve(args.output_format()) {
                Ok(resolved) => resolved,
                Err(why) => {
                    eprintln!("newsclean: {why}");
                    return EXIT_USAGE;
                }
            };
            let (keys, dataset) = match args.dataset.clone().resolve() {
                Ok(resolved) => resolved,
                Err(e) => {
                    eprintln!("newsclean: {e}");
                    return EXIT_USAGE;
                }
            };
            let Some((rules, rules_fingerprint)) = load_rules_fingerprinted(&args.rules) else {
                return EXIT_USAGE;
            };
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
            })
        }
        Command::Rules(command) => rules_cmd::run(command),
        Command::Explain(args) => review_cmd::explain(args),
        Command::Diff(args) => review_cmd::diff(args),
        Command::Dedup(args) => dataset_cmd::dedup(args),
        Command::Suggest(args) => suggest_cmd::run(args),
    }
}

/// Gathers the rule files that `args` name, built-in ones first.
pub fn rule_sources(args: &RuleArgs) -> Result<Vec<RuleSource>, String> {
    let mut user = Vec::new();
    for path in &args.rules {
        collect_rule_files(path, &mut user)?;
    }
    let mut sources = Vec::new();
    let mut replaced = Vec::new();
    if !args.no_default_rules {
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

/// Loads and checks rules, printing every finding; `None` if any is an error.
pub fn load_rules(args: &RuleArgs) -> Option<RuleSet> {
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
        crate::select::stable_hash(&all),
        sources.len(),
        all.len()
    )
}

/// [`load_rules`], with the rule files' [`fingerprint`].
pub fn load_rules_fingerprinted(args: &RuleArgs) -> Option<(RuleSet, String)> {
    let sources = match rule_sources(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("newsclean: {e}");
            return None;
        }
    };
    match RuleSet::load_for_run(&sources) {
        Ok((set, warnings)) => {
            let mut err = style::stderr();
            for w in warnings {
                let _ = writeln!(err, "{}\n", w.styled());
            }
            Some((set, fingerprint(&sources)))
        }
        Err(diagnostics) => {
            let mut err = style::stderr();
            for d in &diagnostics {
                let _ = writeln!(err, "{}\n", d.styled());
            }
            let n = diagnostics.iter().filter(|d| d.is_error()).count();
            let _ = writeln!(
                err,
                "newsclean: {n} error(s) in rule files; nothing was done"
            );
            None
        }
    }
}

#[doc(hidden)]
pub use rules::Diagnostic;
