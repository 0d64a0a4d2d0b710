//! A document's text marked up by what happened to it, for the review page:
//! each line of the text the rules ran on, its removed parts and the text
//! that replaced them labelled by the rule whose edit it was, and what
//! extraction left out of the page placed where it stood. Built from the
//! edits and extraction's dropped blocks only; nothing is recomputed.

use super::Reviewed;
use super::diff::Hunk;
use crate::decode::mojibake;
use crate::rules::{Edit, Kind};
use similar::{ChangeTag, TextDiff};

/// What happened to a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Kept,
    /// Removed by a rule (or, comparing two rule sets, by the after side).
    Removed,
    /// Put in by a rule (or kept by the after side only).
    Added,
    /// Visible on the page, left out by extraction.
    Dropped,
    /// Unchanged lines left out between two hunks.
    Gap,
}

/// A piece of a line with one mark; `rule` names the edit's rule (several
/// joined with " + " when a piece cannot be told apart).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub mark: Mark,
    pub text: String,
    pub rule: Option<String>,
}

impl Seg {
    fn new(mark: Mark, text: &str, rule: Option<&str>) -> Seg {
        Seg {
            mark,
            text: text.to_string(),
            rule: rule.map(str::to_string),
        }
    }
}

pub type Line = Vec<Seg>;

/// The lines of `text` without their line ends, each with its byte offset.
fn lines_of(text: &str) -> Vec<(usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(|l| {
            let at = start;
            start += l.len();
            (at, l.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// The document's lines, marked by its edits, with the blocks extraction
/// dropped in place. Runs of blank lines show as one.
pub fn document(doc: &Reviewed) -> Vec<Line> {
    let body = lines_of(&doc.body);
    let input = lines_of(doc.rules_input());
    let n = body.len();
    let mut removed_by: Vec<Option<&str>> = vec![None; n];
    let mut inline: Vec<Vec<&Edit>> = vec![Vec::new(); n];
    for e in doc.edits() {
        let Some(i) = e.line.checked_sub(1).filter(|i| *i < n) else {
            continue;
        };
        match e.kind {
            Kind::Truncate => {
                for r in &mut removed_by[i..] {
                    r.get_or_insert(&e.rule);
                }
            }
            Kind::DropLine | Kind::Capture => removed_by[i] = Some(&e.rule),
            Kind::Replace | Kind::RegexReplace | Kind::DoubledWord => inline[i].push(e),
        }
    }
    let mut out: Vec<Line> = Vec::new();
    let mut push = |line: Line| {
        let blank = |l: &Line| l.iter().all(|s| s.text.trim().is_empty());
        if !(blank(&line) && out.last().is_none_or(blank)) {
            out.push(line);
        }
    };
    let mut dropped = doc.dropped.iter().peekable();
    for i in 0..n {
        while let Some(d) = dropped.next_if(|d| d.line <= i + 1) {
            push(vec![Seg::new(Mark::Dropped, &d.text, Some(d.rule))]);
        }
        let (_, text) = body[i];
        let line = match removed_by[i] {
            _ if text.trim().is_empty() => vec![Seg::new(Mark::Kept, "", None)],
            Some(rule) => vec![Seg::new(Mark::Removed, text, Some(rule))],
            None if inline[i].is_empty() => vec![Seg::new(Mark::Kept, text, None)],
            None => {
                let (start, input_line) = input.get(i).copied().unwrap_or((0, text));
                inline_line(text, input_line, start, &inline[i])
            }
        };
        push(line);
    }
    for d in dropped {
        push(vec![Seg::new(Mark::Dropped, &d.text, Some(d.rule))]);
    }
    while out
        .last()
        .is_some_and(|l| l.iter().all(|s| s.text.is_empty()))
    {
        out.pop();
    }
    out
}

/// One kept line with inline edits. `shown` is the line as the page had it,
/// `input` as the rules saw it (they differ after a mojibake repair), starting
/// at byte `start` of the rules' input. When every edit's span points into the
/// untouched input line, the pieces are exact; otherwise (a rule that ran
/// after another on the same line, a repaired line) the edits are replayed
/// and the line shown as a word diff labelled with all of the line's rules.
fn inline_line(shown: &str, input: &str, start: usize, edits: &[&Edit]) -> Line {
    let end = start + input.len();
    let mut exact = shown == input;
    let mut last = start;
    for e in edits {
        let fits = e.span.start >= last
            && e.span.end <= end
            && input.get(e.span.start - start..e.span.end - start) == Some(e.before.as_str());
        exact &= fits && e.rule.as_ref() != mojibake::RULE_ID;
        last = e.span.end.max(last);
    }
    if exact {
        let mut line = Vec::new();
        let mut at = 0;
        for e in edits {
            let (from, to) = (e.span.start - start, e.span.end - start);
            if from > at {
                line.push(Seg::new(Mark::Kept, &input[at..from], None));
            }
            line.push(Seg::new(Mark::Removed, &input[from..to], Some(&e.rule)));
            if !e.after.is_empty() {
                line.push(Seg::new(Mark::Added, &e.after, Some(&e.rule)));
            }
            at = to;
        }
        if at < input.len() {
            line.push(Seg::new(Mark::Kept, &input[at..], None));
        }
        return line;
    }
    let mut result = input.to_string();
    let mut rules: Vec<&str> = Vec::new();
    for e in edits {
        if e.rule.as_ref() == mojibake::RULE_ID {
            result = e.after.clone();
        } else if let Some(at) = result.find(&e.before) {
            result.replace_range(at..at + e.before.len(), &e.after);
        }
        if !rules.contains(&e.rule.as_ref()) {
            rules.push(&e.rule);
        }
    }
    let label = rules.join(" + ");
    word_diff(shown, &result, &label)
}

/// `old` against `new` by words, the changes labelled `rule`.
fn word_diff(old: &str, new: &str, rule: &str) -> Line {
    let mut line: Line = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let (mark, rule) = match change.tag() {
            ChangeTag::Equal => (Mark::Kept, None),
            ChangeTag::Delete => (Mark::Removed, Some(rule)),
            ChangeTag::Insert => (Mark::Added, Some(rule)),
        };
        match line.last_mut() {
            Some(last) if last.mark == mark => last.text.push_str(change.value()),
            _ => line.push(Seg::new(mark, change.value(), rule)),
        }
    }
    line
}

/// The hunks of a comparison of two rule sets as marked lines: a line the
/// after side removes is labelled by the rule of the after side's edit that
/// removed it, a line only the after side keeps by the before side's edit;
/// lines no single edit explains carry `group` (the rules whose edits differ).
pub fn hunks(hunks: &[Hunk], only_before: &[Edit], only_after: &[Edit], group: &str) -> Vec<Line> {
    let rule_of = |edits: &[Edit], text: &str| -> String {
        let text = text.trim();
        edits
            .iter()
            .find(|e| !text.is_empty() && e.before.contains(text))
            .map_or_else(|| group.to_string(), |e| e.rule.to_string())
    };
    let mut out = Vec::new();
    for (k, hunk) in hunks.iter().enumerate() {
        if k > 0 || hunk.old.start > 0 {
            out.push(vec![Seg::new(Mark::Gap, "", None)]);
        }
        for l in &hunk.lines {
            let seg = match l.tag {
                // A blank line that comes or goes is layout, not text.
                _ if l.text.trim().is_empty() => Seg::new(Mark::Kept, "", None),
                ChangeTag::Equal => Seg::new(Mark::Kept, &l.text, None),
                ChangeTag::Delete => {
                    Seg::new(Mark::Removed, &l.text, Some(&rule_of(only_after, &l.text)))
                }
                ChangeTag::Insert => {
                    Seg::new(Mark::Added, &l.text, Some(&rule_of(only_before, &l.text)))
                }
            };
            out.push(vec![seg]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{Cleaned, Dropped};
    use std::ops::Range;

    fn edit(rule: &str, kind: Kind, line: usize, span: Range<usize>, b: &str, a: &str) -> Edit {
        Edit {
            rule: rule.into(),
            kind,
            line,
            span,
            before: b.into(),
            after: a.into(),
        }
    }

    fn reviewed(body: &str, edits: Vec<Edit>, dropped: Vec<Dropped>) -> Reviewed {
        Reviewed {
            id: "d".into(),
            origin: "d".into(),
            body: body.into(),
            repaired: None,
            dropped,
            cleaned: Cleaned {
                edits,
                ..Cleaned::default()
            },
        }
    }

    fn show(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                l.iter()
                    .map(|s| match (s.mark, &s.rule) {
                        (Mark::Kept, _) => s.text.clone(),
                        (Mark::Removed, r) => format!("[-{}|{}]", s.text, r.as_deref().unwrap()),
                        (Mark::Added, r) => format!("[+{}|{}]", s.text, r.as_deref().unwrap()),
                        (Mark::Dropped, r) => format!("[x {}|{}]", s.text, r.as_deref().unwrap()),
                        (Mark::Gap, _) => "...".into(),
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn removed_lines_inline_edits_and_dropped_blocks_are_marked_in_place() {
        let body = "Title\n\n1700000000\n\nthe the cat\n\nLeave a Reply\n\nName\n";
        let edits = vec![
            edit("meta.epoch", Kind::Capture, 3, 7..17, "1700000000", ""),
            edit("typo.doubled", Kind::DoubledWord, 5, 22..26, " the", ""),
            edit("footer.reply", Kind::Truncate, 7, 31..body.len(), "x", ""),
        ];
        let dropped = vec![
            Dropped {
                line: 3,
                rule: "extract.furniture-tag",
                text: "Home".into(),
            },
            Dropped {
                line: 10,
                rule: "extract.outside-article",
                text: "(c) Site".into(),
            },
        ];
        let got = show(&document(&reviewed(body, edits, dropped)));
        assert_eq!(
            got,
            [
                "Title",
                "",
                "[x Home|extract.furniture-tag]",
                "[-1700000000|meta.epoch]",
                "",
                "the[- the|typo.doubled] cat",
                "",
                "[-Leave a Reply|footer.reply]",
                "",
                "[-Name|footer.reply]",
                "[x (c) Site|extract.outside-article]",
            ]
        );
    }

    #[test]
    fn a_line_rewritten_twice_falls_back_to_a_word_diff_naming_both_rules() {
        let body = "once morest the the odds\n";
        let edits = vec![
            edit("spinner", Kind::Replace, 1, 0..11, "once morest", "against"),
            // The second rule ran on a changed line: its span is the whole line.
            edit("doubled", Kind::DoubledWord, 1, 0..24, " the", ""),
        ];
        let got = show(&document(&reviewed(body, edits, Vec::new())));
        assert_eq!(
            got,
            ["[-once morest the|spinner + doubled][+against|spinner + doubled] the odds"]
        );
    }
}
