//! Where a rule acts: the line being cleaned ([`Here`]: its number, its
//! place among the non-blank lines for `within` limits, its byte offset),
//! which rules apply to its document ([`Switches`]: the language is asked
//! once, and only when a rule that depends on it is about to act), and the
//! [`Edit`]s a rule's change records.

use super::{Edit, Rule};
use std::borrow::Cow;
use std::cell::OnceCell;

/// Which rules apply to the document: asked of each rule when it is about to
/// act, so nothing is worked out per document for the rules that never do;
/// the language is asked once, and only for a rule that depends on it.
pub(super) struct Switches<'s> {
    rules: &'s [Rule],
    page_type: Option<&'s str>,
    /// The rules that match more lines of the document than their
    /// `max_matches` (usually none).
    over: Vec<usize>,
    lang: &'s dyn Fn() -> Option<&'static str>,
    known: OnceCell<Option<&'static str>>,
}

impl<'s> Switches<'s> {
    pub(super) fn new(
        rules: &'s [Rule],
        page_type: Option<&'s str>,
        over: Vec<usize>,
        lang: &'s dyn Fn() -> Option<&'static str>,
    ) -> Self {
        Switches {
            rules,
            page_type,
            over,
            lang,
            known: OnceCell::new(),
        }
    }
}

/// Where in the document the current line is, and which rules are off.
pub(super) struct Here<'o> {
    /// 1-based line number.
    pub(super) line: usize,
    /// Index among non-blank lines, and their count, for `within` limits.
    pub(super) k: usize,
    pub(super) nonblank: usize,
    /// Byte offset of the line in the input.
    pub(super) start: usize,
    pub(super) switches: &'o Switches<'o>,
}

impl Here<'_> {
    /// Rule `rule` surely does not apply (without asking the language): it
    /// is for another mode or page type, or over its `max_matches`.
    pub(super) fn off(&self, rule: usize) -> bool {
        let s = self.switches;
        let r = &s.rules[rule];
        r.off_in_mode || !r.applies_to_page(s.page_type) || s.over.contains(&rule)
    }

    /// Rule `rule` applies; asks the language if it depends on it.
    pub(super) fn on(&self, rule: usize) -> bool {
        let s = self.switches;
        let r = &s.rules[rule];
        !self.off(rule) && (!r.depends_on_language() || r.applies_to(*s.known.get_or_init(s.lang)))
    }
}

/// The edit rule `rule` makes at `span` of the line `here`.
pub(super) fn edit(
    rule: &Rule,
    here: &Here,
    span: std::ops::Range<usize>,
    before: &str,
    after: &str,
) -> Edit {
    Edit {
        rule: rule.id.clone(),
        kind: rule.kind,
        line: here.line,
        span,
        before: before.to_string(),
        after: after.to_string(),
    }
}

/// Replaces the ranges `find` returns in `cur`, recording one edit per range.
/// Spans point into the input when the line is still as it was read; otherwise
/// they cover the whole input line.
pub(super) fn rewrite<'t>(
    rule: &Rule,
    here: &Here,
    original: &str,
    cur: Cow<'t, str>,
    edits: &mut Vec<Edit>,
    find: impl Fn(&str) -> Vec<(std::ops::Range<usize>, String)>,
) -> Cow<'t, str> {
    let changes = find(&cur);
    if changes.is_empty() {
        return cur;
    }
    let pristine = *cur == *original;
    let mut text = String::with_capacity(cur.len());
    let mut last = 0;
    for (range, to) in changes {
        text.push_str(&cur[last..range.start]);
        text.push_str(&to);
        let span = if pristine {
            here.start + range.start..here.start + range.end
        } else {
            here.start..here.start + original.len()
        };
        edits.push(edit(rule, here, span, &cur[range.clone()], &to));
        last = range.end;
    }
    text.push_str(&cur[last..]);
    Cow::Owned(text)
}
