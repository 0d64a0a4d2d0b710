//! The keys of a raw rule that need more than a type check: the literals of a
//! `replace` rule (its `find`/`with` and the lines of its `list`), files beside
//! the rule file (`list`, `fixtures`), keys a rule's kind ignores, `within`
//! position limits and `languages`. Each problem becomes a located diagnostic.

use super::builtin;
use super::compile::Literal;
use super::context::Cx;
use super::diag::{Code, Diagnostic, Severity};
use super::lint;
use super::parse::RawRule;
use super::{Kind, Within};
use crate::extract::{Favor, PageType};
use toml::Spanned;

/// A `replace` rule's literals: its own `find`/`with`, and the pairs of its `list`.
pub(super) fn literals(cx: &mut Cx, raw: &RawRule) -> Option<Vec<Literal>> {
    let mut out = Vec::new();
    match (&raw.find, &raw.with, &raw.list) {
        (Some(find), Some(with), _) => {
            if find.get_ref().trim().is_empty() {
                let d = cx.err(Code::EmptyFind, find, "`find` is empty");
                cx.push(d);
                return None;
            }
            if find.get_ref() == with.get_ref() {
                let d = cx.err(Code::NoOp, with, "the replacement is the same as `find`");
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
                Code::MissingKey,
                &raw.kind,
                "a `replace` rule with `find` needs `with`",
            );
            cx.push(d);
            return None;
        }
        _ => {
            let d = cx.err(
                Code::MissingKey,
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
                        Code::BadListLine,
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
pub(super) fn read_list(cx: &mut Cx, list: &Spanned<String>) -> Option<String> {
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
                Code::MissingList,
                list,
                format!("cannot read list `{name}`: {e}"),
            );
            cx.push(d.with_help("list paths are relative to the rule file's folder"));
            None
        }
    }
}

/// Warns about keys that the rule's kind ignores: usually a sign of a mistake.
pub(super) fn check_unused_keys(cx: &mut Cx, raw: &RawRule, kind: Kind) {
    let allowed = kind.row().keys;
    for (key, span) in raw.kind_keys() {
        if let Some(span) = span.filter(|_| !allowed.contains(&key)) {
            let d = Diagnostic::at(
                Severity::Warning,
                Code::UnusedKey,
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

/// A rule's `languages`: ISO 639-1 codes that language identification can
/// give (`crate::lang`), lower case, at least one.
pub(super) fn languages(cx: &mut Cx, raw: &RawRule) -> Option<Option<Vec<String>>> {
    let list = NameList {
        key: "languages",
        code: Code::BadLanguage,
        every: "every language",
    };
    list.check(cx, raw.languages.as_ref(), |code| {
        if crate::lang::is_known(code) {
            return None;
        }
        let codes = "use ISO 639-1 codes such as \"en\", \"de\"";
        let help = match crate::lang::closest(code) {
            Some(best) => format!("did you mean `{best}`? {codes}"),
            None => codes.to_string(),
        };
        Some((
            format!("`{code}` is not a language code newsclean identifies"),
            help,
        ))
    })
}

/// A rule's `page_types`: the kinds of page extraction tells apart
/// (`crate::extract::PageType`), at least one.
pub(super) fn page_types(cx: &mut Cx, raw: &RawRule) -> Option<Option<Vec<String>>> {
    let known: Vec<&str> = PageType::ALL.iter().map(|t| t.as_str()).collect();
    let list = NameList {
        key: "page_types",
        code: Code::BadPageType,
        every: "every page",
    };
    list.check(cx, raw.page_types.as_ref(), |name| {
        (!known.contains(&name)).then(|| {
            (
                format!("`{name}` is not a page type"),
                format!("page types are {}", known.join(", ")),
            )
        })
    })
}

/// A rule's `modes`: the `--favor` modes it runs in (`precision`,
/// `balanced`, `recall`), at least one.
pub(super) fn modes(cx: &mut Cx, raw: &RawRule) -> Option<Option<Vec<Favor>>> {
    let list = NameList {
        key: "modes",
        code: Code::BadMode,
        every: "every mode",
    };
    let names = list.check(cx, raw.modes.as_ref(), |name| {
        Favor::named(name).is_none().then(|| {
            let all: Vec<&str> = Favor::ALL.iter().map(|f| f.name()).collect();
            (
                format!("`{name}` is not a `--favor` mode"),
                format!("modes are {}", all.join(", ")),
            )
        })
    })?;
    Some(names.map(|names| names.iter().filter_map(|n| Favor::named(n)).collect()))
}

/// A key whose value is a non-empty list of names from a known set.
struct NameList {
    key: &'static str,
    code: Code,
    /// What the rule applies to when the key is left out.
    every: &'static str,
}

impl NameList {
    /// `None` after reporting an empty list or unknown names; `unknown` gives
    /// a name's message and help, or `None` for a known name.
    fn check(
        &self,
        cx: &mut Cx,
        list: Option<&Spanned<Vec<String>>>,
        unknown: impl Fn(&str) -> Option<(String, String)>,
    ) -> Option<Option<Vec<String>>> {
        let Some(list) = list else {
            return Some(None);
        };
        if list.get_ref().is_empty() {
            let d = cx.err(self.code, list, format!("`{}` is empty", self.key));
            let help = format!(
                "leave `{}` out for a rule that applies to {}",
                self.key, self.every
            );
            cx.push(d.with_help(help));
            return None;
        }
        let mut ok = true;
        for name in list.get_ref() {
            if let Some((message, help)) = unknown(name) {
                ok = false;
                let d = cx.err(self.code, list, message);
                cx.push(d.with_help(help));
            }
        }
        ok.then(|| Some(list.get_ref().clone()))
    }
}

/// A rule's fixture folder, beside its rule file. Built-in files have none on
/// disk (they are embedded), so their fixtures are only run when the rule file
/// is named by path.
pub(super) fn fixtures_dir(
    cx: &mut Cx,
    dir: &Spanned<String>,
) -> Option<Option<std::path::PathBuf>> {
    let Some(base) = &cx.src.dir else {
        return Some(None);
    };
    let path = base.join(dir.get_ref());
    if path.is_dir() {
        return Some(Some(path));
    }
    let d = cx.err(
        Code::MissingFixtures,
        dir,
        format!("fixture folder `{}` not found", path.display()),
    );
    cx.push(d.with_help("fixture folders are relative to the rule file's folder"));
    None
}
