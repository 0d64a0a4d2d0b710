//! Views of the edits, for the people who edit rules and review cleaned output.
//!
//! Every view here starts from what [`RuleSet::apply`] returned for a document:
//! the text the rules ran on, the clean text, and the list of edits. [`diff`]
//! shows raw against clean with each hunk labelled by the rules that caused
//! it, [`explain`] lists the edits of one document, [`stat`] counts them per
//! rule, and [`compare`] runs two rule sets over a corpus and groups the
//! documents whose output changes by the rules that behaved differently.
//! Nothing here recomputes what a rule did by another route.

pub mod compare;
pub mod diff;
pub mod explain;
pub mod stat;
pub mod style;

use crate::clean::{self, Cleaned};
use crate::rules::{Edit, RuleSet};
use crate::source::Doc;

/// One document seen through one rule set.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// The document's id (its path relative to the input root).
    pub id: String,
    /// Where it came from, for messages.
    pub origin: String,
    /// The text the rules ran on: the decoded page, or its extracted article.
    pub body: String,
    pub cleaned: Cleaned,
}

impl Reviewed {
    /// Cleans `doc` with `rules`, keeping the text the rules saw.
    pub fn new(doc: &Doc, rules: &RuleSet) -> Reviewed {
        let prepared = clean::prepare(doc);
        let cleaned = prepared.clean_with(rules);
        Reviewed {
            id: doc.id.clone(),
            origin: doc.origin.clone(),
            body: prepared.body,
            cleaned,
        }
    }

    pub fn edits(&self) -> &[Edit] {
        &self.cleaned.edits
    }

    /// Whether cleaning changed anything, edits or layout.
    pub fn changed(&self) -> bool {
        self.body != self.cleaned.text
    }
}

/// 1-based line numbers of the byte offsets of a text, by binary search.
pub struct LineIndex {
    starts: Vec<usize>,
    /// For each line (0-based): whether it holds only whitespace.
    blank: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let blank = text.lines().map(|l| l.trim().is_empty()).collect();
        LineIndex { starts, blank }
    }

    /// Whether the 0-based line `i` holds only whitespace (or does not exist).
    pub fn is_blank(&self, i: usize) -> bool {
        self.blank.get(i).copied().unwrap_or(true)
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// The 1-based lines an edit covers: from its line to the line of its last byte.
    pub fn lines_of(&self, edit: &Edit) -> std::ops::RangeInclusive<usize> {
        let last = self.line(edit.span.end.saturating_sub(1).max(edit.span.start));
        edit.line..=last.max(edit.line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets_to_lines() {
        let idx = LineIndex::new("ab\ncd\n\nef");
        assert_eq!(idx.line(0), 1);
        assert_eq!(idx.line(2), 1);
        assert_eq!(idx.line(3), 2);
        assert_eq!(idx.line(6), 3);
        assert_eq!(idx.line(7), 4);
    }
}
