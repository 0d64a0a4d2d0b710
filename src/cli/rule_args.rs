//! Which rule files a command uses (`--rules`, `--no-default-rules`,
//! `newsclean.toml`): gathered with the built-in ones, a file that replaces a
//! built-in one announced, loaded and checked, and fingerprinted for
//! `--resume`.

use super::config;
use crate::exit;
use crate::review::style;
use crate::rules::{RuleSet, RuleSource, builtin};
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

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
