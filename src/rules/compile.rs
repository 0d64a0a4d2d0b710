//! Raw rules to compiled [`Rule`]s: checks every rule (kind, required keys,
//! regexes, duplicate ids; the keys that need more in `keys`, the checks across
//! rules in [`super::lint`]) with a located diagnostic. [`RuleSet`] (in
//! `ruleset`) then builds the shared matchers.

use super::context::{Cx, required};
use super::diag::{Code, Diagnostic};
use super::keys::{
    check_unused_keys, fixtures_dir, languages, literals, modes, page_types, read_list,
};
use super::parse::{self, RawRule, RuleSource};
use super::{Example, Kind, Rule, Within, lint};

pub use super::keys::parse_within;
use super::pattern::Pattern;
use super::replacement;
pub use super::ruleset::RuleSet;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use toml::Spanned;

/// How a compiled rule matches.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// `drop_line` and `truncate`: the trimmed line matches.
    Line(Pattern),
    Capture {
        re: Pattern,
        field: String,
        each: Option<Regex>,
        keep_line: bool,
    },
    Literal(Arc<Vec<Literal>>),
    RegexReplace {
        re: Pattern,
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
pub struct Literal {
    pub find: String,
    pub with: String,
    pub case_sensitive: bool,
}

/// The result of compiling rule files: the rules that compiled and every finding.
#[derive(Debug)]
pub struct Compiled {
    pub rules: Vec<Rule>,
    pub diagnostics: Vec<Diagnostic>,
    /// Rules in the files, including those with errors.
    pub found: usize,
}

impl Compiled {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Parses and checks rule files, in order, running every rule's examples.
pub fn compile(sources: &[RuleSource]) -> Compiled {
    compile_with(sources, lint::Examples::All)
}

/// [`compile`], with the examples of `which` rules run.
pub fn compile_with(sources: &[RuleSource], which: lint::Examples) -> Compiled {
    let mut rules = Vec::new();
    let mut diagnostics = Vec::new();
    let mut found = 0;
    let mut seen: HashMap<String, (String, usize)> = HashMap::new();
    for src in sources {
        let parsed = parse::parse(src);
        diagnostics.extend(parsed.diagnostics);
        found += parsed.found;
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(src.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        for raw_rule in parsed.rules {
            let cx = Cx::new(src, &line_starts, &mut diagnostics);
            let Some(rule) = compile_rule(cx, raw_rule.into_inner()) else {
                continue;
            };
            if let Some((file, line)) = seen.get(&*rule.id) {
                let span = rule.span.clone();
                diagnostics.push(
                    Diagnostic::error(
                        Code::DuplicateId,
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
    diagnostics.extend(lint::lint(&rules, sources, which));
    Compiled {
        rules,
        diagnostics,
        found,
    }
}

fn compile_rule(mut cx: Cx, raw: RawRule) -> Option<Rule> {
    let kind_name = raw.kind.get_ref().as_str();
    let Some(kind) = Kind::named(kind_name) else {
        let names = Kind::names();
        let d = cx.err(
            Code::UnknownKind,
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
            Code::BadId,
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
            Code::MissingKey,
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
                let d = cx.err(Code::BadWithin, w, msg);
                cx.push(d.with_help(r#"write "head:N", "tail:N" or "head:N, tail:M""#));
                return None;
            }
        },
    };
    check_unused_keys(&mut cx, &raw, kind);
    let languages = languages(&mut cx, &raw);
    let page_types = page_types(&mut cx, &raw);
    let modes = modes(&mut cx, &raw);
    let matcher = build_matcher(&mut cx, &raw, kind)?;
    let (languages, page_types, modes) = (languages?, page_types?, modes?);
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
        languages,
        skip_languages: Vec::new(),
        page_types,
        modes,
        off_in_mode: false,
        max_words: raw.max_words.as_ref().map(|m| *m.get_ref()),
        max_matches: raw.max_matches.as_ref().map(|m| *m.get_ref()),
        examples,
        fixtures: fixtures.flatten(),
        matcher,
    })
}

/// Reports what [`replacement::check`] finds in a user's `regex_replace`
/// (the built-in ones are deferred and tested).
fn check_replacement(cx: &mut Cx, re: &Pattern, with: &Spanned<String>) {
    if cx.src.dir.is_none() {
        return;
    }
    for f in replacement::check(re, with.get_ref()) {
        let d = cx.err(f.code, with, f.message);
        cx.push(d.with_help(f.help));
    }
}

fn build_matcher(cx: &mut Cx, raw: &RawRule, kind: Kind) -> Option<Matcher> {
    let name = kind.name();
    Some(match kind {
        Kind::DropLine | Kind::Truncate => {
            let pattern = required(cx, raw, &raw.pattern, "pattern", name)?;
            Matcher::Line(cx.pattern(pattern)?)
        }
        Kind::Capture => {
            let pattern = required(cx, raw, &raw.pattern, "pattern", name);
            let field = required(cx, raw, &raw.field, "field", name);
            let re = cx.pattern(pattern?)?;
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
                let d = cx.err(Code::NoOp, with, "the replacement is the same as `pattern`");
                cx.push(d.with_help("this rule can never change anything; remove it"));
            }
            let re = cx.pattern(pattern?)?;
            check_replacement(cx, &re, with);
            Matcher::RegexReplace {
                re,
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
