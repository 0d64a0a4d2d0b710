//! Views of the edits, for the people who edit rules and review cleaned output.
//!
//! Every view here starts from what [`RuleSet::apply`] returned for a document:
//! the text the rules ran on, the clean text, and the list of edits. [`diff`]
//! shows raw against clean with each hunk labelled by the rules that caused
//! it, [`explain`] lists the edits of one document, [`stat`] counts them per
//! rule, and [`compare`] runs two rule sets over a corpus and groups the
//! documents whose output changes by the rules that behaved differently;
//! [`marked`] marks a document's text by its edits and by what extraction
//! dropped, and [`html`] puts documents in a self-contained review page;
//! [`markdown`] writes the summaries for a pull-request comment;
//! [`rule_views`] is what `rules check`, `rules test` and `rules list` print.
//! Nothing here recomputes what a rule did by another route.

pub mod compare;
pub mod diff;
pub mod explain;
pub mod html;
pub mod markdown;
pub mod marked;
pub mod rule_views;
pub mod stat;
pub mod style;

use crate::clean::{self, Cleaned};
use crate::rules::{Edit, Kind, RuleSet};
use crate::source::Doc;

/// One document seen through one rule set.
#[derive(Debug, Clone)]
pub struct Reviewed {
    /// The document's id (its path relative to the input root).
    pub id: String,
    /// Where it came from, for messages.
    pub origin: String,
    /// The text the rules ran on: the decoded page, or its extracted article
    /// (before its mojibake repair, if it had any).
    pub body: String,
    /// The body with its mojibake repaired, when it had any: the rules' input.
    pub repaired: Option<String>,
    /// What extraction left out of an HTML page (only from [`Reviewed::with_dropped`]).
    pub dropped: Vec<clean::Dropped>,
    pub cleaned: Cleaned,
}

impl Reviewed {
    /// Cleans `doc` with `rules`, keeping the text the rules saw.
    pub fn new(doc: &Doc, rules: &RuleSet) -> Reviewed {
        Reviewed::from_prepared(doc, clean::prepare(doc), rules)
    }

    /// Like [`Reviewed::new`], and also keeps what extraction left out of an
    /// HTML page, for the review page.
    pub fn with_dropped(doc: &Doc, rules: &RuleSet) -> Reviewed {
        Reviewed::from_prepared(doc, clean::prepare_reviewed(doc), rules)
    }

    fn from_prepared(doc: &Doc, prepared: clean::Prepared, rules: &RuleSet) -> Reviewed {
        let cleaned = prepared.clean_with(rules);
        Reviewed {
            id: doc.id.clone(),
            origin: doc.origin.clone(),
            body: prepared.body,
            repaired: prepared.repaired,
            dropped: prepared.dropped,
            cleaned,
        }
    }

    /// The text the rules ran on.
    pub fn rules_input(&self) -> &str {
        self.repaired.as_deref().unwrap_or(&self.body)
    }

    pub fn edits(&self) -> &[Edit] {
        &self.cleaned.edits
    }

    /// Whether a rule changed anything. (Without edits, the clean text is the
    /// body in the output layout: blank lines collapsed, line ends normalised.)
    pub fn changed(&self) -> bool {
        !self.cleaned.edits.is_empty()
    }
}

/// What the review views need to know about the lines of the text the rules
/// ran on.
pub struct LineIndex {
    /// For each line (0-based): whether it holds only whitespace.
    blank: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            blank: text.lines().map(|l| l.trim().is_empty()).collect(),
        }
    }

    /// Whether the 0-based line `i` holds only whitespace (or does not exist).
    pub fn is_blank(&self, i: usize) -> bool {
        self.blank.get(i).copied().unwrap_or(true)
    }

    /// The 1-based lines an edit accounts for: its own line, and for a
    /// `truncate` every line after it (unless what followed its marker was not
    /// a footer, and only the marker line went). Line numbers, unlike byte
    /// spans, are the same before and after a mojibake repair.
    pub fn lines_of(edit: &Edit) -> std::ops::RangeInclusive<usize> {
        match edit.kind {
            Kind::Truncate if edit.before.trim_end().contains('\n') => edit.line..=usize::MAX,
            _ => edit.line..=edit.line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_known() {
        let idx = LineIndex::new("ab\n  \n\nef");
        assert!(!idx.is_blank(0));
        assert!(idx.is_blank(1) && idx.is_blank(2));
        assert!(!idx.is_blank(3));
        assert!(idx.is_blank(9), "past the end");
    }
}
