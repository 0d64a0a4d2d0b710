//! Unified diffs whose hunks name the rules that caused them: raw against
//! clean for one document, or clean against clean for two rule sets. The
//! labels come from the edits (which lines each rule touched); a change that
//! no edit explains is the output layout's (blank lines, trailing spaces).

use super::style::{self, ADDED, FILE, HUNK, REMOVED, RULE};
use super::{LineIndex, Reviewed};
use crate::rules::Edit;
use similar::{ChangeTag, DiffOp, TextDiff};
use std::io::{self, Write};
use std::ops::Range;

/// The label of a change that no rule's edit explains.
pub const LAYOUT: &str = "layout";

/// One hunk: line ranges (0-based, end exclusive), labels, and its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    pub old: Range<usize>,
    pub new: Range<usize>,
    pub labels: Vec<String>,
    pub lines: Vec<Line>,
}

/// One line of a hunk, without its line break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub tag: ChangeTag,
    pub text: String,
    /// The line had no line break (the last line of a file).
    pub no_newline: bool,
}

/// The hunks turning `old` into `new` with `context` lines around each change.
/// `label` gets the old line ranges (0-based) that the hunk deletes or replaces.
pub fn hunks(
    old: &str,
    new: &str,
    context: usize,
    label: &dyn Fn(&[Range<usize>]) -> Vec<String>,
) -> Vec<Hunk> {
    let diff = TextDiff::from_lines(old, new);
    diff.grouped_ops(context)
        .into_iter()
        .filter(|group| !group.is_empty())
        .map(|group| {
            let first = &group[0];
            let last = &group[group.len() - 1];
            let changed: Vec<Range<usize>> = group
                .iter()
                .filter(|op| !matches!(op, DiffOp::Equal { .. }))
                .map(DiffOp::old_range)
                .collect();
            let lines = group
                .iter()
                .flat_map(|op| diff.iter_changes(op))
                .map(|c| {
                    let text = c.value();
                    Line {
                        tag: c.tag(),
                        text: text.trim_end_matches('\n').to_string(),
                        no_newline: !text.ends_with('\n'),
                    }
                })
                .collect();
            Hunk {
                old: first.old_range().start..last.old_range().end,
                new: first.new_range().start..last.new_range().end,
                labels: label(&changed),
                lines,
            }
        })
        .collect()
}

/// The rules whose edits touch the `changed` old lines (0-based ranges), in
/// the order they ran; [`LAYOUT`] when some change is not covered by an edit.
/// Blank lines that go with a rule's change (the gap a dropped paragraph
/// leaves) need no label of their own.
pub fn edit_labels(edits: &[Edit], index: &LineIndex, changed: &[Range<usize>]) -> Vec<String> {
    let mut labels: Vec<String> = Vec::new();
    let mut explained = vec![false; changed.iter().map(|r| r.len()).sum()];
    for edit in edits {
        let lines = LineIndex::lines_of(edit);
        let mut touches = false;
        let mut k = 0;
        for range in changed {
            for line in range.clone() {
                if lines.contains(&(line + 1)) {
                    explained[k] = true;
                    touches = true;
                }
                k += 1;
            }
        }
        if touches && !labels.iter().any(|l| **l == *edit.rule) {
            labels.push(edit.rule.to_string());
        }
    }
    let lines = changed.iter().flat_map(|r| r.clone());
    let unexplained = lines
        .zip(&explained)
        .any(|(line, done)| !done && (labels.is_empty() || !index.is_blank(line)));
    if unexplained || changed.iter().all(|r| r.is_empty()) {
        labels.push(LAYOUT.to_string());
    }
    labels
}

/// Raw against clean for one document, hunks labelled by rule. A hunk that
/// only drops or adds blank lines, and that no rule caused, is left out: it is
/// the layout collapsing blank lines, which every document goes through.
pub fn raw_vs_clean(doc: &Reviewed, context: usize) -> Vec<Hunk> {
    let index = LineIndex::new(&doc.body);
    let mut hunks = hunks(&doc.body, &doc.cleaned.text, context, &|changed| {
        edit_labels(doc.edits(), &index, changed)
    });
    hunks.retain(|h| {
        h.labels != [LAYOUT]
            || h.lines
                .iter()
                .any(|l| l.tag != ChangeTag::Equal && !l.text.trim().is_empty())
    });
    hunks
}

/// Writes a file header and `hunks` as a unified diff, styled.
pub fn write_diff(out: &mut dyn Write, old: &str, new: &str, hunks: &[Hunk]) -> io::Result<()> {
    writeln!(out, "{}", style::paint(FILE, format!("--- {old}")))?;
    writeln!(out, "{}", style::paint(FILE, format!("+++ {new}")))?;
    for hunk in hunks {
        write_hunk(out, hunk, "")?;
    }
    Ok(())
}

/// Writes one hunk, each line after `indent`.
pub fn write_hunk(out: &mut dyn Write, hunk: &Hunk, indent: &str) -> io::Result<()> {
    let header = format!(
        "@@ -{} +{} @@",
        range_text(&hunk.old),
        range_text(&hunk.new)
    );
    if hunk.labels.is_empty() {
        writeln!(out, "{indent}{}", style::paint(HUNK, header))?;
    } else {
        writeln!(
            out,
            "{indent}{} {}",
            style::paint(HUNK, header),
            style::paint(RULE, hunk.labels.join(", "))
        )?;
    }
    for line in &hunk.lines {
        let (sign, paint) = match line.tag {
            ChangeTag::Delete => ('-', Some(REMOVED)),
            ChangeTag::Insert => ('+', Some(ADDED)),
            ChangeTag::Equal => (' ', None),
        };
        // A carriage return would move the cursor; show it.
        let text = format!("{sign}{}", line.text.replace('\r', "\\r"));
        match paint {
            Some(s) => writeln!(out, "{indent}{}", style::paint(s, text))?,
            None => writeln!(out, "{indent}{text}")?,
        }
        if line.no_newline {
            writeln!(out, "{indent}\\ No newline at end of file")?;
        }
    }
    Ok(())
}

/// `start,len` of a unified diff header (1-based; a 0-length range names the line before it).
fn range_text(r: &Range<usize>) -> String {
    if r.is_empty() {
        format!("{},0", r.start)
    } else {
        format!("{},{}", r.start + 1, r.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Kind;

    fn edit(rule: &str, kind: Kind, line: usize, span: Range<usize>) -> Edit {
        Edit {
            rule: rule.into(),
            kind,
            line,
            span,
            before: String::new(),
            after: String::new(),
        }
    }

    #[test]
    fn hunks_are_labelled_by_the_rules_whose_edits_they_hold() {
        let old = "Title\n\n2024-01-01\n\nBody.\n\nLeave a Reply\n\nName\n";
        let new = "Title\n\nBody.\n";
        let index = LineIndex::new(old);
        let edits = vec![
            edit("meta.date", Kind::Capture, 3, 7..17),
            edit("footer.reply", Kind::Truncate, 7, 26..old.len()),
        ];
        let h = hunks(old, new, 0, &|changed| edit_labels(&edits, &index, changed));
        let labels: Vec<_> = h.iter().map(|h| h.labels.join(",")).collect();
        assert_eq!(labels, vec!["meta.date", "footer.reply"]);
    }

    #[test]
    fn a_change_without_an_edit_is_layout() {
        let index = LineIndex::new("a  \n");
        let h = hunks("a  \n", "a\n", 3, &|changed| {
            edit_labels(&[], &index, changed)
        });
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].labels, vec![LAYOUT]);
        assert_eq!((h[0].old.clone(), h[0].new.clone()), (0..1, 0..1));
    }

    #[test]
    fn unified_headers_count_from_one() {
        assert_eq!(range_text(&(2..5)), "3,3");
        assert_eq!(range_text(&(4..4)), "4,0");
    }
}
