//! `newsclean.toml`: the settings a project keeps beside its crawl, found in
//! the current folder or the nearest parent that has one (as Cargo, ruff and
//! typos find theirs), or named by `--config FILE`; `--no-config` ignores it.
//!
//! ```toml
//! rules = ["rules-local"]          # as --rules, relative to this file
//! no_default_rules = false         # as --no-default-rules
//!
//! [languages.de]                   # rules turned off for German documents
//! skip = ["typo.*", "spinner.*"]   # rule ids, or a prefix and `*`
//!
//! [defaults]                       # flags put before the command line's own
//! clean = ["--format", "jsonl", "-j", "4"]
//! diff = ["-U", "5"]
//! ```
//!
//! The command line wins: `--rules` replaces the file's rule paths, and a flag
//! given on it overrides the same flag of `[defaults]`.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The file's name.
pub const FILE_NAME: &str = "newsclean.toml";

/// What a configuration file says.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the file is (its rule paths are relative to its folder).
    #[serde(skip)]
    pub path: PathBuf,
    #[serde(default)]
    rules: Vec<PathBuf>,
    #[serde(default)]
    pub no_default_rules: bool,
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageChoice>,
    #[serde(default)]
    defaults: BTreeMap<String, Vec<String>>,
}

/// The rule choices for the documents of one language.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageChoice {
    /// Rules turned off: ids, or a prefix followed by `*`.
    #[serde(default)]
    pub skip: Vec<String>,
}

/// The commands `[defaults]` may give flags to.
const COMMANDS: &[&str] = &["clean", "explain", "diff", "dedup", "rules", "suggest"];

impl Config {
    /// Reads and checks the file at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let at = e
                .span()
                .map(|span| {
                    let (line, col) = crate::rules::diag::line_col(&text, span.start);
                    format!("{line}:{col}: ")
                })
                .unwrap_or_default();
            anyhow::anyhow!("{}:{at}{}", path.display(), e.message())
        })?;
        for command in config.defaults.keys() {
            if !COMMANDS.contains(&command.as_str()) {
                bail!(
                    "{}: [defaults] names `{command}`, not a command that takes flags ({})",
                    path.display(),
                    COMMANDS.join(", ")
                );
            }
        }
        for code in config.languages.keys() {
            if !crate::lang::is_known(code) {
                bail!(
                    "{}: [languages.{code}]: `{code}` is not a language code newsclean identifies",
                    path.display()
                );
            }
        }
        config.path = path.to_path_buf();
        Ok(config)
    }

    /// The rule paths, relative to the file's folder.
    pub fn rules(&self) -> Vec<PathBuf> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        self.rules.iter().map(|p| dir.join(p)).collect()
    }
}

/// The configuration file for a run started in `cwd`: `newsclean.toml` in it
/// or in the nearest parent that has one.
pub fn discover(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

static ACTIVE: OnceLock<Config> = OnceLock::new();

/// The configuration this process runs with (the default when none).
pub fn active() -> &'static Config {
    ACTIVE.get_or_init(Config::default)
}

/// Finds and reads the configuration for the command line `args` (the
/// program's arguments, its name first), makes it the active one, and
/// returns the arguments with its `[defaults]` for the command put right
/// after the command's name. `--config FILE` names the file; `--no-config`
/// uses none.
pub fn apply(args: Vec<OsString>) -> Result<Vec<OsString>> {
    let mut explicit = None;
    let mut none = false;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--" {
            break;
        } else if text == "--no-config" {
            none = true;
        } else if text == "--config" {
            explicit = iter.next().map(PathBuf::from);
        } else if let Some(path) = text.strip_prefix("--config=") {
            explicit = Some(PathBuf::from(path));
        }
    }
    let path = match (none, explicit) {
        (true, _) => None,
        (false, Some(path)) => Some(path),
        (false, None) => std::env::current_dir().ok().and_then(|d| discover(&d)),
    };
    let Some(path) = path else {
        return Ok(args);
    };
    let config = Config::load(&path)?;
    let args = with_defaults(args, &config);
    let _ = ACTIVE.set(config);
    Ok(args)
}

/// `args` with the configuration's flags for its command inserted after the
/// command's name (the first argument that names one).
fn with_defaults(mut args: Vec<OsString>, config: &Config) -> Vec<OsString> {
    let at = args
        .iter()
        .position(|a| COMMANDS.iter().any(|c| a == c))
        .filter(|&i| i > 0);
    if let Some(i) = at {
        let command = args[i].to_string_lossy().into_owned();
        if let Some(flags) = config.defaults.get(&command) {
            let tail = args.split_off(i + 1);
            args.extend(flags.iter().map(OsString::from));
            args.extend(tail);
        }
    }
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    #[test]
    fn defaults_go_right_after_the_command_so_the_command_line_wins() {
        let config: Config = toml::from_str("[defaults]\nclean = [\"-j\", \"4\"]\n").unwrap();
        assert_eq!(
            with_defaults(os(&["newsclean", "clean", "-j", "1", "in/"]), &config),
            os(&["newsclean", "clean", "-j", "4", "-j", "1", "in/"])
        );
        assert_eq!(
            with_defaults(os(&["newsclean", "diff", "in/"]), &config),
            os(&["newsclean", "diff", "in/"])
        );
    }

    #[test]
    fn the_nearest_file_up_the_tree_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(&deep), None);
        std::fs::write(dir.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(dir.path().join("a").join(FILE_NAME)));
    }

    #[test]
    fn mistakes_are_reported_with_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "rules = [\"r\"]\nrulez = 1\n").unwrap();
        let e = Config::load(&path).unwrap_err().to_string();
        assert!(e.contains(":2:1: unknown field `rulez`"), "{e}");
        std::fs::write(&path, "[languages.xx]\nskip = [\"a\"]\n").unwrap();
        let e = Config::load(&path).unwrap_err().to_string();
        assert!(e.contains("`xx` is not a language code"), "{e}");
        std::fs::write(&path, "[defaults]\nfoo = [\"-j\"]\n").unwrap();
        assert!(Config::load(&path).is_err());
    }
}
