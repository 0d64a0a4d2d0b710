//! Rule files as written: TOML parsed into [`RawRule`]s that remember where each
//! value stands in the file, so that every later complaint can point at it.

use super::diag::Diagnostic;
use serde::Deserialize;
use toml::Spanned;

/// A rule file's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct RuleSource {
    /// File name as shown in messages (`rules/boilerplate.toml`, `<built-in>/spinner.toml`).
    pub name: String,
    pub text: String,
    /// Folder that `list = "..."` paths are relative to; `None` for built-in files.
    pub dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}

/// Every key a rule may have; which ones a kind needs is checked when compiling.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub pattern: Option<Spanned<String>>,
    pub find: Option<Spanned<String>>,
    pub with: Option<Spanned<String>>,
    pub within: Option<Spanned<String>>,
    pub field: Option<Spanned<String>>,
    pub each: Option<Spanned<String>>,
    pub keep_line: Option<Spanned<bool>>,
    pub list: Option<Spanned<String>>,
    pub except: Option<Spanned<Vec<String>>>,
    pub fixtures: Option<Spanned<String>>,
    pub languages: Option<Spanned<Vec<String>>>,
    pub max_words: Option<Spanned<usize>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExample {
    pub input: String,
    pub output: String,
}

/// The keys a rule accepts, for "did you mean" hints.
pub const RULE_KEYS: &[&str] = &[
    "id",
    "kind",
    "description",
    "pattern",
    "find",
    "with",
    "within",
    "field",
    "each",
    "keep_line",
    "list",
    "except",
    "languages",
    "max_words",
    "examples",
    "fixtures",
];

/// Parses one rule file; a syntax or shape error becomes a located diagnostic.
pub fn parse(src: &RuleSource) -> Result<RawFile, Box<Diagnostic>> {
    toml::from_str::<RawFile>(&src.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let message = e.message().trim().to_string();
        let code = if message.starts_with("unknown field") {
            "unknown-key"
        } else if message.starts_with("missing field") {
            "missing-key"
        } else {
            "syntax"
        };
        let mut d = Diagnostic::error(code, &src.name, &src.text, span, message.clone());
        if let Some(hint) = unknown_key_hint(&message) {
            d = d.with_help(hint);
        }
        Box::new(d)
    })
}

/// "unknown field `patern`, expected one of `id`, ..." -> "did you mean `pattern`?"
/// The candidates are the ones the message lists (they depend on where the key
/// stands), else every key a rule accepts.
fn unknown_key_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let key = &rest[..rest.find('`')?];
    let listed: Vec<&str> = rest
        .split_once("expected")
        .map(|(_, expected)| expected.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    let candidates = if listed.is_empty() {
        RULE_KEYS
    } else {
        &listed[..]
    };
    closest(key, candidates).map(|best| format!("did you mean `{best}`?"))
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be
/// a likely typo (at most 2 edits, or 3 for long words).
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let limit = if word.chars().count() > 8 { 3 } else { 2 };
    candidates
        .iter()
        .map(|c| (strsim::levenshtein(word, c), *c))
        .min()
        .filter(|(d, _)| *d <= limit)
        .map(|(_, c)| c)
}
