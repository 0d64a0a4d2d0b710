//! What a change to a document's text is: an [`Edit`] names the rule that
//! made it, its [`Kind`], the line and span, and the text before and after.
//! The rules make most of them, the mojibake repair (`decode`) one kind of
//! its own; every review view reads them. Below every stage: it imports none.

use std::sync::Arc;

/// What a rule does to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A whole line matching `pattern` goes.
    DropLine,
    /// A line matching `pattern` and everything after it goes.
    Truncate,
    /// A matching line's value goes into metadata (and the line goes, unless `keep_line`).
    Capture,
    /// Literal, word-bounded replacement that keeps the case of the match.
    Replace,
    /// Regex replacement within a line, with `$1` / `${name}` captures.
    RegexReplace,
    /// An accidentally doubled word ("the the") loses its second copy.
    DoubledWord,
}

/// One change a rule made. Spans are byte offsets into the input text; for a
/// rule that runs after another changed the same line, `span` is the span of the
/// whole line, and `before`/`after` say exactly what changed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub rule: Arc<str>,
    pub kind: Kind,
    /// 1-based line number in the input.
    pub line: usize,
    pub span: std::ops::Range<usize>,
    pub before: String,
    pub after: String,
}
