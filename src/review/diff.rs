//! Unified diffs whose hunks name the rules that caused them: raw against
//! clean for one document, or clean against clean for two rule sets. The
//! labels come from the edits (which lines each rule touched); a change that
//! no edit explains is the output layout's (blank lines, trailing spaces).

use super::style::{self, ADDED, FILE, HUNK, REMOVED, RULE};
use super::{LineIndex, Reviewed};
use crate::rules::Edit;
use crate::rules::Kind;
use similar::{Algorithm, ChangeTag, DiffOp, DiffTag};
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
    hunks_with(old, new, &[], context, label)
}

/// Like [`hunks`], but the old lines marked in `removed` (0-based) are known
/// to be gone: the diff may not pair them with an equal line of `new`. Without
/// this, of two equal lines of which a rule dropped the first, a text diff
/// may well show the second one deleted.
fn hunks_with(
    old: &str,
    new: &str,
    removed: &[bool],
    context: usize,
    label: &dyn Fn(&[Range<usize>]) -> Vec<String>,
) -> Vec<Hunk> {
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    // A removed line's key carries its index, so it equals no line of `new`.
    let old_keys: Vec<(&str, Option<usize>)> = old_lines
        .iter()
        .enumerate()
        .map(|(i, l)| (*l, removed.get(i).copied().unwrap_or(false).then_some(i)))
        .collect();
    let new_keys: Vec<(&str, Option<usize>)> = new_lines.iter().map(|l| (*l, None)).collect();
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys);
    let line = |tag, text: &str| Line {
        tag,
        text: text.trim_end_matches('\n').to_string(),
        no_newline: !text.ends_with('\n'),
    };
    similar::group_diff_ops(ops, context)
        .into_iter()
        .filter(|group| group.iter().any(|op| !matches!(op, DiffOp::Equal { .. })))
        .map(|group| {
            let changed: Vec<Range<usize>> = group
                .iter()
                .filter(|op| !matches!(op, DiffOp::Equal { .. }))
                .map(DiffOp::old_range)
                .collect();
            let mut lines = Vec::new();
            for op in &group {
                let (tag, olds, news) = op.as_tag_tuple();
                if tag != DiffTag::Insert {
                    let as_tag = if tag == DiffTag::Equal {
                        ChangeTag::Equal
                    } else {
                        ChangeTag::Delete
                    };
                    lines.extend(old_lines[olds].iter().map(|l| line(as_tag, l)));
                }
                if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
                    lines.extend(new_lines[news].iter().map(|l| line(ChangeTag::Insert, l)));
                }
            }
            let (first, last) = (&group[0], &group[group.len() - 1]);
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
    let mut removed = vec![false; doc.body.split_inclusive('\n').count()];
    for edit in doc.edits() {
        if matches!(edit.kind, Kind::DropLine | Kind::Capture | Kind::Truncate) {
            let lines = LineIndex::lines_of(edit);
            let end = (*lines.end()).min(removed.len());
            for r in &mut removed[(lines.start() - 1).min(end)..end] {
                *r = true;
            }
        }
    }
    let mut hunks = hunks_with(
        &doc.body,
        &doc.cleaned.text,
        &removed,
        context,
        &|changed| edit_labels(doc.edits(), &index, changed),
    );
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
pub(super) fn range_text(r: &Range<usize>) -> String {
    if r.is_empty() {
        format!("{},0", r.start)
    } else {
        format!("{},{}", r.start + 1, r.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// A truncation: its `before` is all that it cut.
    fn truncate(rule: &str, line: usize, text: &str, from: usize) -> Edit {
        Edit {
            before: text[from..].to_string(),
            ..edit(rule, Kind::Truncate, line, from..text.len())
        }
    }

    #[test]
    fn hunks_are_labelled_by_the_rules_whose_edits_they_hold() {
        let old = "Title\n\n2024-01-01\n\nBody.\n\nLeave a Reply\n\nName\n";
        let new = "Title\n\nBody.\n";
        let index = LineIndex::new(old);
        let edits = vec![
            edit("meta.date", Kind::Capture, 3, 7..17),
            truncate("footer.reply", 7, old, 26),
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
