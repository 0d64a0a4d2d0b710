//! Rule files as written: TOML parsed into [`RawRule`]s that remember where each
//! value stands in the file, so that every later complaint can point at it.
//! A mistake in one rule does not stop the others from being read.

use super::diag::{Code, Diagnostic};
use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

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
    pub page_types: Option<Spanned<Vec<String>>>,
    pub modes: Option<Spanned<Vec<String>>>,
    pub max_words: Option<Spanned<usize>>,
    pub max_matches: Option<Spanned<usize>>,
    #[serde(default)]
    pub examples: Vec<Spanned<RawExample>>,
}

impl RawRule {
    /// The keys that depend on the rule's kind (`rules::KINDS`), with where
    /// each stands when the rule has it.
    pub fn kind_keys(&self) -> [(&'static str, Option<std::ops::Range<usize>>); 10] {
        [
            ("pattern", self.pattern.as_ref().map(Spanned::span)),
            ("find", self.find.as_ref().map(Spanned::span)),
            ("with", self.with.as_ref().map(Spanned::span)),
            ("field", self.field.as_ref().map(Spanned::span)),
            ("each", self.each.as_ref().map(Spanned::span)),
            ("keep_line", self.keep_line.as_ref().map(Spanned::span)),
            ("list", self.list.as_ref().map(Spanned::span)),
            ("except", self.except.as_ref().map(Spanned::span)),
            ("max_words", self.max_words.as_ref().map(Spanned::span)),
            ("max_matches", self.max_matches.as_ref().map(Spanned::span)),
        ]
    }
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
    "page_types",
    "modes",
    "max_words",
    "max_matches",
    "examples",
    "fixtures",
];

/// One rule file as parsed: the rules that could be read, every finding
/// about the others, and how many rules the file holds in all.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rules: Vec<Spanned<RawRule>>,
    pub diagnostics: Vec<Diagnostic>,
    /// `[[rule]]` tables in the file, read or not.
    pub found: usize,
}

/// Parses one rule file. A file that reads cleanly goes through serde in
/// one step. Otherwise each part is read on its own, so that one mistake
/// hides no other: every syntax error the parser recovers from, every
/// unknown key (with a hint, and the rule still checked without it), and
/// every rule whose values do not fit is reported, and the rules that do
/// fit are kept for the checks that follow.
pub fn parse(src: &RuleSource) -> Parsed {
    if let Ok(file) = toml::from_str::<RawFile>(&src.text) {
        return Parsed {
            found: file.rule.len(),
            rules: file.rule,
            diagnostics: Vec::new(),
        };
    }
    let error = |span: std::ops::Range<usize>, message: &str| {
        let message = message.trim().to_string();
        let code = if message.starts_with("unknown field") {
            Code::UnknownKey
        } else if message.starts_with("missing field") {
            Code::MissingKey
        } else {
            Code::Syntax
        };
        let d = Diagnostic::error(code, &src.name, &src.text, span, message.clone());
        match unknown_key_hint(&message) {
            Some(hint) => d.with_help(hint),
            None => d,
        }
    };
    let mut parsed = Parsed::default();
    let (root, errors) = DeTable::parse_recoverable(&src.text);
    if !errors.is_empty() {
        // What follows a syntax error is guesswork: report the errors only.
        parsed.diagnostics = errors
            .iter()
            .map(|e| error(e.span().unwrap_or(0..0), e.message()))
            .collect();
        parsed.found = src.text.lines().filter(|l| l.trim() == "[[rule]]").count();
        return parsed;
    }
    let root = root.into_inner();
    for (key, _) in root.iter() {
        if key.get_ref() != "rule" {
            let d = Diagnostic::error(
                Code::UnknownKey,
                &src.name,
                &src.text,
                key.span(),
                format!("unknown table `{}`, expected `[[rule]]`", key.get_ref()),
            );
            parsed.diagnostics.push(d);
        }
    }
    let rules = match root.get("rule").map(|v| (v.span(), v.get_ref())) {
        None => return parsed,
        Some((_, DeValue::Array(items))) => items.iter().collect::<Vec<_>>(),
        Some((span, _)) => {
            let message = "`rule` must be an array of tables: write each rule under `[[rule]]`";
            parsed.diagnostics.push(error(span, message));
            return parsed;
        }
    };
    parsed.found = rules.len();
    for item in rules {
        let DeValue::Table(table) = item.get_ref() else {
            parsed
                .diagnostics
                .push(error(item.span(), "a rule must be a table"));
            continue;
        };
        let mut known = DeTable::new();
        for (key, value) in table.iter() {
            let key_text: &str = key.get_ref();
            if RULE_KEYS.contains(&key_text) {
                known.insert(key.clone(), value.clone());
            } else {
                let message = format!(
                    "unknown field `{key_text}`, expected one of {}",
                    expected_keys()
                );
                parsed.diagnostics.push(error(key.span(), &message));
                // Read on as if the likely key was meant, so that the rule is
                // checked whole and no "missing key" repeats the same mistake.
                let meant = closest(key_text, RULE_KEYS)
                    .filter(|k| !table.iter().any(|(t, _)| t.get_ref() == k));
                if let Some(meant) = meant {
                    let key = Spanned::new(key.span(), std::borrow::Cow::Borrowed(meant));
                    known.insert(key, value.clone());
                }
            }
        }
        let table = known;
        let value = Spanned::new(item.span(), DeValue::Table(table));
        match RawRule::deserialize(ValueDeserializer::from(value)) {
            Ok(rule) => parsed.rules.push(Spanned::new(item.span(), rule)),
            Err(e) => parsed
                .diagnostics
                .push(error(e.span().unwrap_or(item.span()), e.message())),
        }
    }
    parsed
}

/// The keys of a rule as serde lists them in its messages.
fn expected_keys() -> String {
    let keys: Vec<String> = RULE_KEYS.iter().map(|k| format!("`{k}`")).collect();
    keys.join(", ")
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
