//! The rule file being compiled and where its findings go ([`Cx`]): located
//! diagnostics, and regexes compiled with the parser's complaint pointed at
//! the exact place in the file.

use super::diag::{Code, Diagnostic};
use super::parse::{RawRule, RuleSource};
use super::pattern::Pattern;
use regex::Regex;
use toml::Spanned;

/// The file being compiled and where findings go.
pub(super) struct Cx<'a> {
    pub(super) src: &'a RuleSource,
    /// Byte offsets where the file's lines start, to number lines in O(log n).
    line_starts: &'a [usize],
    pub(super) diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    pub(super) fn new(
        src: &'a RuleSource,
        line_starts: &'a [usize],
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Cx {
            src,
            line_starts,
            diags,
        }
    }

    pub(super) fn err<T>(
        &mut self,
        code: Code,
        at: &Spanned<T>,
        msg: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::error(code, &self.src.name, &self.src.text, at.span(), msg)
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub(super) fn regex(&mut self, pat: &Spanned<String>) -> Option<Regex> {
        match Regex::new(pat.get_ref()) {
            Ok(re) => Some(re),
            Err(e) => {
                let span = regex_error_span(&self.src.text, pat);
                let d = Diagnostic::error(
                    Code::BadRegex,
                    &self.src.name,
                    &self.src.text,
                    span,
                    "invalid regular expression",
                );
                // The regex crate's own words, without its "error: " prefix.
                let message = e.to_string();
                let last = message.lines().last().unwrap_or("").trim();
                let detail = last.strip_prefix("error: ").unwrap_or(last).to_string();
                self.push(d.with_help(detail));
                None
            }
        }
    }

    /// A rule's pattern: compiled now, or for a built-in file (whose
    /// patterns the test suite compiles) at first use.
    pub(super) fn pattern(&mut self, pat: &Spanned<String>) -> Option<Pattern> {
        if self.src.dir.is_none() {
            return Some(Pattern::deferred(pat.get_ref()));
        }
        self.regex(pat).map(Pattern::compiled)
    }

    /// The 1-based line a span starts on.
    pub(super) fn line_of(&self, span: std::ops::Range<usize>) -> usize {
        self.line_starts.partition_point(|&s| s <= span.start)
    }
}

/// Where in the file the regex parser's complaint about `pat` points: the
/// exact place when the pattern is written as it is read (a literal string
/// `'...'`, as rule files use, or a basic string without escapes), else the
/// whole value.
fn regex_error_span(text: &str, pat: &Spanned<String>) -> std::ops::Range<usize> {
    let whole = pat.span();
    let span = match regex_syntax::Parser::new().parse(pat.get_ref()) {
        Err(regex_syntax::Error::Parse(e)) => *e.span(),
        Err(regex_syntax::Error::Translate(e)) => *e.span(),
        _ => return whole,
    };
    let raw = text.get(whole.clone()).unwrap_or("");
    let quote = ["'''", "\"\"\"", "'", "\""]
        .into_iter()
        .find(|q| raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q));
    let Some(quote) = quote else { return whole };
    if raw[quote.len()..raw.len() - quote.len()] != *pat.get_ref() {
        return whole;
    }
    let at = whole.start + quote.len();
    at + span.start.offset..at + span.end.offset.max(span.start.offset + 1)
}

/// `value`, or an error that a `kind` rule needs `key`.
pub(super) fn required<'r>(
    cx: &mut Cx,
    raw: &'r RawRule,
    value: &'r Option<Spanned<String>>,
    key: &str,
    kind: &str,
) -> Option<&'r Spanned<String>> {
    if value.is_none() {
        let d = cx.err(
            Code::MissingKey,
            &raw.kind,
            format!("a `{kind}` rule needs `{key}`"),
        );
        cx.push(d);
    }
    value.as_ref()
}
