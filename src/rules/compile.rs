//! Raw rules to compiled [`Rule`]s: checks every rule (kind, required keys,
//! regexes, position limits, duplicate ids, word lists) with a located
//! diagnostic. [`RuleSet`] (in `ruleset`) then builds the shared matchers.

use super::diag::{Diagnostic, Severity};
use super::parse::{self, RawRule, RuleSource};
pub use super::ruleset::RuleSet;
use super::{Example, Kind, Rule, Within, builtin, lint};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use toml::Spanned;

/// How a compiled rule matches.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// `drop_line` and `truncate`: the trimmed line matches.
    Line(Regex),
    Capture {
        re: Regex,
        field: String,
        each: Option<Regex>,
        keep_line: bool,
    },
    Literal(Arc<Vec<Literal>>),
    RegexReplace {
        re: Regex,
        with: String,
    },
    Doubled {
        except: Arc<HashSet<String>>,
    },
}

impl Matcher {
    /// Everything that decides what the matcher does, as text.
    pub(crate) fn signature(&self) -> String {
        match self {
            Matcher::Line(re) => re.as_str().to_string(),
            Matcher::Capture {
                re,
                field,
                each,
                keep_line,
            } => format!(
                "{}|{field}|{:?}|{keep_line}",
                re.as_str(),
                each.as_ref().map(Regex::as_str)
            ),
            Matcher::Literal(lits) => lits
                .iter()
                .map(|l| format!("{}\t{}", l.find, l.with))
                .collect::<Vec<_>>()
                .join("\n"),
            Matcher::RegexReplace { re, with } => format!("{}|{with}", re.as_str()),
            Matcher::Doubled { except } => {
                let mut words: Vec<&str> = except.iter().map(String::as_str).collect();
                words.sort_unstable();
                words.join(" ")
            }
        }
    }
}

/// One literal replacement: `find` matches case-insensitively (ASCII) and takes
/// the case of the match, unless `find` has capitals, then it matches exactly.
#[derive(Debug, Clone)]
pub(crate) struct Literal {
    pub find: String,
    pub with: String,
    pub case_sensitive: bool,
}

/// The result of compiling rule files: the rules that compiled and every finding.
#[derive(Debug)]
pub struct Compiled {
    pub rules: Vec<Rule>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks rule files, in order.
pub fn compile(sources: &[RuleSource]) -> Compiled {
    let mut rules = Vec::new();
    let mut diagnostics = Vec::new();
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for src in sources {
        let raw = match parse::parse(src) {
            Ok(raw) => raw,
            Err(d) => {
                diagnostics.push(*d);
                continue;
            }
        };
        for raw_rule in raw.rule {
            let cx = Cx {
                src,
                diags: &mut diagnostics,
            };
            let Some(rule) = compile_rule(cx, raw_rule.into_inner()) else {
                continue;
            };
            if let Some((file, line)) = seen.get(&*rule.id) {
                let span = rule.span.clone();
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-id",
                        &src.name,
                        &src.text,
                        span,
                        format!("rule id `{}` is already used", rule.id),
                    )
                    .with_help(format!(
                        "first defined at {file}:{line}; ids must be unique across all rule files"
                    )),
                );
                continue;
            }
            seen.insert(rule.id.to_string(), (rule.file.clone(), rule.line));
            rules.push(rule);
        }
    }
    diagnostics.extend(lint::lint(&rules, sources));
    Compiled { rules, diagnostics }
}

/// The file being compiled and where findings go.
struct Cx<'a> {
    src: &'a RuleSource,
    diags: &'a mut Vec<Diagnostic>,
}

impl Cx<'_> {
    fn err<T>(
        &mut self,
        code: &'static str,
        at: &Spanned<T>,
        msg: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, &self.src.name, &self.src.text, at.span(), msg)
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn regex(&mut self, pat: &Spanned<String>) -> Option<Regex> {
        match Regex::new(pat.get_ref()) {
            Ok(re) => Some(re),
            Err(e) => {
                let d = self.err("bad-regex", pat, "invalid regular expression");
                // The regex crate's own words, without its "error: " prefix.
                let message = e.to_string();
                let last = message.lines().last().unwrap_or("").trim();
                let detail = last.strip_prefix("error: ").unwrap_or(last).to_string();
                self.push(d.with_help(detail));
                None
            }
        }
    }

    fn line_of(&self, span: std::ops::Range<usize>) -> usize {
        self.src.text[..span.start.min(self.src.text.len())]
            .matches('\n')
            .count()
            + 1
    }
}

fn required<'r>(
    cx: &mut Cx,
    raw: &'r RawRule,
    value: &'r Option<Spanned<String>>,
    key: &str,
    kind: &str,
) -> Option<&'r Spanned<String>> {
    if value.is_none() {
        let d = cx.err(
            "missing-key",
            &raw.kind,
            format!("a `{kind}` rule needs `{key}`"),
        );
        cx.push(d);
    }
    value.as_ref()
}

fn compile_rule(mut cx: Cx, raw: RawRule) -> Option<Rule> {
    let kind_name = raw.kind.get_ref().as_str();
    let Some(kind) = Kind::ALL
        .iter()
        .find(|(n, _)| *n == kind_name)
        .map(|(_, k)| *k)
    else {
        let names: Vec<&str> = Kind::ALL.iter().map(|(n, _)| *n).collect();
        let d = cx.err(
            "unknown-kind",
            &raw.kind,
            format!("unknown rule kind `{kind_name}`"),
        );
        let help = match parse::closest(kind_name, &names) {
            Some(best) => format!("did you mean `{best}`? kinds are: {}", names.join(", ")),
            None => format!("kinds are: {}", names.join(", ")),
        };
        cx.push(d.with_help(help));
        return None;
    };
    let id = raw.id.get_ref().trim();
    if id.is_empty() || id.chars().any(|c| c.is_whitespace()) {
        let d = cx.err(
            "bad-id",
            &raw.id,
            "a rule id must be non-empty and contain no spaces",
        );
        cx.push(d.with_help("use dotted names such as `footer.leave-a-reply`"));
        return None;
    }
    if raw
        .description
        .as_ref()
        .is_none_or(|d| d.get_ref().trim().is_empty())
    {
        let d = cx.err(
            "missing-key",
            &raw.id,
            format!("rule `{id}` has no `description`"),
        );
        cx.push(d.with_help("say what the rule removes or fixes, and why"));
    }
    let within = match &raw.within {
        None => Within::default(),
        Some(w) => match parse_within(w.get_ref()) {
            Ok(within) => within,
            Err(msg) => {
                let d = cx.err("bad-within", w, msg);
                cx.push(d.with_help(r#"write "head:N", "tail:N" or "head:N, tail:M""#));
                return None;
            }
        },
    };
    check_unused_keys(&mut cx, &raw, kind);
    let matcher = build_matcher(&mut cx, &raw, kind)?;
    let fixtures = match &raw.fixtures {
        Some(dir) => Some(fixtures_dir(&mut cx, dir)?),
        None => None,
    };
    let examples = raw
        .examples
        .iter()
        .map(|e| Example {
            input: e.get_ref().input.clone(),
            output: e.get_ref().output.clone(),
            line: cx.line_of(e.span()),
            span: e.span(),
        })
        .collect();
    Some(Rule {
        id: Arc::from(id),
        kind,
        description: raw
            .description
            .as_ref()
            .map(|d| d.get_ref().trim().to_string())
            .unwrap_or_default(),
        file: cx.src.name.clone(),
        line: cx.line_of(raw.id.span()),
        span: raw.id.span(),
        within,
        examples,
        fixtures: fixtures.flatten(),
        matcher,
    })
}

/// A rule's fixture folder, beside its rule file. Built-in files have none on
/// disk (they are embedded), so their fixtures are only run when the rule file
/// is named by path.
fn fixtures_dir(cx: &mut Cx, dir: &Spanned<String>) -> Option<Option<std::path::PathBuf>> {
    let Some(base) = &cx.src.dir else {
        return Some(None);
    };
    let path = base.join(dir.get_ref());
    if path.is_dir() {
        return Some(Some(path));
    }
    let d = cx.err(
        "missing-fixtures",
        dir,
        format!("fixture folder `{}` not found", path.display()),
    );
    cx.push(d.with_help("fixture folders are relative to the rule file's folder"));
    None
}

fn build_matcher(cx: &mut Cx, raw: &RawRule, kind: Kind) -> Option<Matcher> {
    let name = kind.name();
    Some(match kind {
        Kind::DropLine | Kind::Truncate => {
            let pattern = required(cx, raw, &raw.pattern, "pattern", name)?;
            Matcher::Line(cx.regex(pattern)?)
        }
        Kind::Capture => {
            let pattern = required(cx, raw, &raw.pattern, "pattern", name);
            let field = required(cx, raw, &raw.field, "field", name);
            let re = cx.regex(pattern?)?;
            let each = match &raw.each {
                Some(e) => Some(cx.regex(e)?),
                None => None,
            };
            Matcher::Capture {
                re,
                field: field?.get_ref().clone(),
                each,
                keep_line: raw.keep_line.as_ref().is_some_and(|k| *k.get_ref()),
            }
        }
        Kind::RegexReplace => {
            let pattern = required(cx, raw, &raw.pattern, "pattern", name);
            let with = required(cx, raw, &raw.with, "with", name)?;
            if pattern.is_some_and(|p| *p.get_ref() == regex::escape(p.get_ref()))
                && pattern.is_some_and(|p| p.get_ref() == with.get_ref())
            {
                let d = cx.err("no-op", with, "the replacement is the same as `pattern`");
                cx.push(d.with_help("this rule can never change anything; remove it"));
            }
            Matcher::RegexReplace {
                re: cx.regex(pattern?)?,
                with: with.get_ref().clone(),
            }
        }
        Kind::Replace => Matcher::Literal(Arc::new(literals(cx, raw)?)),
        Kind::DoubledWord => {
            let mut except: HashSet<String> = raw
                .except
                .as_ref()
                .map(|e| e.get_ref().iter().map(|w| w.to_lowercase()).collect())
                .unwrap_or_default();
            if let Some(list) = &raw.list {
                let text = read_list(cx, list)?;
                except.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_lowercase),
                );
            }
            Matcher::Doubled {
                except: Arc::new(except),
            }
        }
    })
}

/// A `replace` rule's literals: its own `find`/`with`, and the pairs of its `list`.
fn literals(cx: &mut Cx, raw: &RawRule) -> Option<Vec<Literal>> {
    let mut out = Vec::new();
    match (&raw.find, &raw.with, &raw.list) {
        (Some(find), Some(with), _) => {
            if find.get_ref().trim().is_empty() {
                let d = cx.err("empty-find", find, "`find` is empty");
                cx.push(d);
                return None;
            }
            if find.get_ref() == with.get_ref() {
                let d = cx.err("no-op", with, "the replacement is the same as `find`");
                cx.push(d.with_help("this rule can never change anything; remove it"));
            }
            if let Some(p) = lint::unmatchable_literal(find.get_ref()) {
                let d = Diagnostic::at(
                    p.severity,
                    p.code,
                    &cx.src.name,
                    &cx.src.text,
                    find.span(),
                    p.message,
                );
                cx.push(d.with_help(p.help));
            }
            out.push(literal(find.get_ref(), with.get_ref()));
        }
        (None, None, Some(_)) => {}
        (Some(_), None, _) => {
            let d = cx.err(
                "missing-key",
                &raw.kind,
                "a `replace` rule with `find` needs `with`",
            );
            cx.push(d);
            return None;
        }
        _ => {
            let d = cx.err(
                "missing-key",
                &raw.kind,
                "a `replace` rule needs `find` and `with`, or a `list`",
            );
            cx.push(d);
            return None;
        }
    }
    if let Some(list) = &raw.list {
        let text = read_list(cx, list)?;
        // Findings in the list point at the list file, named as the rule file is.
        let file = &match &cx.src.dir {
            Some(dir) => dir.join(list.get_ref()).display().to_string(),
            None => format!("rules/{}", list.get_ref()),
        };
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            match line.split_once('\t') {
                Some((find, with)) if !find.trim().is_empty() && find != with => {
                    if let Some(p) = lint::unmatchable_literal(find) {
                        let mut d = Diagnostic::at(
                            p.severity,
                            p.code,
                            file,
                            line,
                            0..find.len(),
                            p.message,
                        );
                        d.line = n + 1;
                        cx.push(d.with_help(p.help));
                    }
                    out.push(literal(find, with));
                }
                _ => {
                    let source = line.to_string();
                    let mut d = Diagnostic::error(
                        "bad-list-line",
                        file,
                        &source,
                        0..source.len(),
                        "expected `wrong<TAB>right` with two different, non-empty sides",
                    );
                    d.line = n + 1;
                    cx.push(d);
                }
            }
        }
    }
    Some(out)
}

fn literal(find: &str, with: &str) -> Literal {
    Literal {
        find: find.to_string(),
        with: with.to_string(),
        case_sensitive: find.chars().any(char::is_uppercase),
    }
}

/// Reads a rule's `list` file: beside the rule file, or embedded for built-in files.
fn read_list(cx: &mut Cx, list: &Spanned<String>) -> Option<String> {
    let name = list.get_ref();
    let found = match &cx.src.dir {
        Some(dir) => std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string()),
        None => builtin::file(name)
            .map(str::to_string)
            .ok_or_else(|| "not a built-in file".to_string()),
    };
    match found {
        Ok(text) => Some(text),
        Err(e) => {
            let d = cx.err(
                "missing-list",
                list,
                format!("cannot read list `{name}`: {e}"),
            );
            cx.push(d.with_help("list paths are relative to the rule file's folder"));
            None
        }
    }
}

const KEYS_BY_KIND: &[(Kind, &[&str])] = &[
    (Kind::DropLine, &["pattern"]),
    (Kind::Truncate, &["pattern"]),
    (Kind::Capture, &["pattern", "field", "each", "keep_line"]),
    (Kind::Replace, &["find", "with", "list"]),
    (Kind::RegexReplace, &["pattern", "with"]),
    (Kind::DoubledWord, &["except", "list"]),
];

/// Warns about keys that the rule's kind ignores: usually a sign of a mistake.
fn check_unused_keys(cx: &mut Cx, raw: &RawRule, kind: Kind) {
    let allowed = KEYS_BY_KIND
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(&[][..], |(_, a)| a);
    let present: [(&str, Option<std::ops::Range<usize>>); 8] = [
        ("pattern", raw.pattern.as_ref().map(Spanned::span)),
        ("find", raw.find.as_ref().map(Spanned::span)),
        ("with", raw.with.as_ref().map(Spanned::span)),
        ("field", raw.field.as_ref().map(Spanned::span)),
        ("each", raw.each.as_ref().map(Spanned::span)),
        ("keep_line", raw.keep_line.as_ref().map(Spanned::span)),
        ("list", raw.list.as_ref().map(Spanned::span)),
        ("except", raw.except.as_ref().map(Spanned::span)),
    ];
    for (key, span) in present {
        if let Some(span) = span.filter(|_| !allowed.contains(&key)) {
            let d = Diagnostic::at(
                Severity::Warning,
                "unused-key",
                &cx.src.name,
                &cx.src.text,
                span,
                format!("`{key}` has no effect on a `{}` rule", kind.name()),
            );
            cx.push(d.with_help(format!(
                "a `{}` rule uses: {}",
                kind.name(),
                allowed.join(", ")
            )));
        }
    }
}

/// `"head:5"`, `"tail:12"`, `"head:3, tail:3"`.
pub fn parse_within(s: &str) -> Result<Within, String> {
    let mut within = Within::default();
    for part in s.split(',').map(str::trim) {
        let (side, n) = part
            .split_once(':')
            .ok_or_else(|| format!("malformed position limit `{part}`"))?;
        let n: usize = n
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("`{}` is not a positive line count", n.trim()))?;
        match side.trim() {
            "head" if within.head.is_none() => within.head = Some(n),
            "tail" if within.tail.is_none() => within.tail = Some(n),
            other => {
                return Err(format!(
                    "unknown or repeated side `{other}` (use head or tail)"
                ));
            }
        }
    }
    Ok(within)
}
