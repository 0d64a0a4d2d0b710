//! Markdown output (`--format markdown`, the `markdown` field of JSONL): the
//! lines the rules kept, rendered from the Markdown the extractor gathered
//! beside the text ([`crate::extract::markup`]).
//!
//! The rules run on the plain text only, line by line, and every line of that
//! text has its Markdown twin. So each line's fate is read from the rules'
//! output: a line a rule dropped (or truncated) is gone from the Markdown
//! too; a line the rules left as it was is written with its inline markup
//! (emphasis, links, images); a line a rule changed is written as the rules
//! left it, escaped, in the form of its block (heading, list item, table row,
//! quote), but without inline markup, whose places in the line a rewrite
//! voids. The Markdown never holds text the clean text lacks, nor the
//! reverse (images aside).

use crate::extract::markup::{self, Form, MdLine};
use crate::rules::{Edit, Kind};

/// Renders the Markdown of a document. `body` is the text the rules ran on
/// (before mojibake repair: the Markdown was made from it), `paragraphs` its
/// Markdown (one entry per paragraph of `body`, one line per text line),
/// `kept` the rules' output before layout (each kept line, in order), and
/// `edits` what the rules did. `None` if the three do not line up (never
/// expected; the caller falls back to [`plain`] and says so).
pub fn render(
    body: &str,
    paragraphs: &[Vec<MdLine>],
    kept: &str,
    edits: &[Edit],
) -> Option<String> {
    let body_lines: Vec<&str> = body.lines().collect();
    let mut gone = vec![false; body_lines.len() + 1];
    for edit in edits {
        match edit.kind {
            Kind::DropLine | Kind::Capture => {
                if let Some(g) = gone.get_mut(edit.line.saturating_sub(1)) {
                    *g = true;
                }
            }
            Kind::Truncate => {
                for g in gone.iter_mut().skip(edit.line.saturating_sub(1)) {
                    *g = true;
                }
            }
            _ => {}
        }
    }
    let mut kept_lines = kept.lines();
    let mut out: Vec<Chunk> = Vec::new();
    let mut n = 0; // index into body_lines
    for paragraph in paragraphs {
        let mut lines: Vec<(&MdLine, String)> = Vec::new();
        for md in paragraph {
            let original = body_lines.get(n)?;
            if !gone[n] {
                let now = kept_lines.next()?;
                lines.push((md, line_markdown(md, original, now)));
            }
            n += 1;
        }
        // The blank line after the paragraph.
        if body_lines.get(n).is_some_and(|l| !l.trim().is_empty()) {
            return None;
        }
        if body_lines.get(n).is_some()
            && !gone[n]
            && kept_lines.next().is_none_or(|l| !l.trim().is_empty())
        {
            return None;
        }
        n += 1;
        render_paragraph(&lines, &mut out);
    }
    if n < body_lines.len() || kept_lines.next().is_some() {
        return None;
    }
    let mut text = String::new();
    for (i, chunk) in out.iter().enumerate() {
        if i > 0 {
            text.push_str(&separator(&out[i - 1], chunk));
        }
        text.push_str(&chunk.text);
    }
    Some(crate::layout::layout(&text))
}

/// A Markdown block and the forms it starts and ends with, which decide how
/// it joins its neighbours.
struct Chunk {
    text: String,
    first: Option<(Form, u8)>,
    last: Option<(Form, u8)>,
}

/// What goes between two blocks: a blank line, except between list items
/// (whose text paragraphs a nested list split: one list) and between
/// paragraphs of one quote (a `>` line).
fn separator(prev: &Chunk, next: &Chunk) -> String {
    match (prev.last, next.first) {
        (Some((Form::Item { .. }, a)), Some((Form::Item { .. }, b))) if a == b => "\n".into(),
        (Some((_, a)), Some((_, b))) if a > 0 && b > 0 => {
            format!("\n{}\n", ">".repeat(a.min(b) as usize))
        }
        _ => "\n\n".into(),
    }
}

/// The Markdown of one kept line: its markup when the rules left the line as
/// it was, else what they left, escaped. Empty when a rule emptied it.
fn line_markdown(md: &MdLine, original: &str, now: &str) -> String {
    let now = now.trim_end();
    if now == original.trim_end() {
        return md.inline.clone();
    }
    if md.form == Form::Pre {
        return now.to_string();
    }
    let mut out = String::new();
    if md.form == Form::Row {
        for (i, cell) in now.split(" | ").enumerate() {
            if i > 0 {
                out.push_str(" | ");
            }
            markup::escape_inline(cell, true, &mut out);
        }
    } else {
        markup::escape_inline(now.trim(), false, &mut out);
    }
    out
}

/// Appends the Markdown blocks of one paragraph's kept lines to `out`.
fn render_paragraph(lines: &[(&MdLine, String)], out: &mut Vec<Chunk>) {
    let mut block: Vec<String> = Vec::new();
    let mut first = None;
    let columns = lines
        .iter()
        .filter(|(md, text)| md.form == Form::Row && !text.is_empty())
        .map(|(_, text)| text.split(" | ").count())
        .max()
        .unwrap_or(0);
    let mut rows = 0;
    let mut in_pre = false;
    let mut fence = String::new();
    let mut last_form = None;
    let flush = |block: &mut Vec<String>,
                 first: &mut Option<(Form, u8)>,
                 last: Option<Form>,
                 quote: u8,
                 out: &mut Vec<Chunk>| {
        if !block.is_empty() {
            out.push(Chunk {
                text: std::mem::take(block).join("\n"),
                first: first.take(),
                last: last.map(|f| (f, quote)),
            });
        }
    };
    let images = |images: &[String], out: &mut Vec<Chunk>| {
        out.push(Chunk {
            text: images.join("\n"),
            first: None,
            last: None,
        })
    };
    for (i, (md, text)) in lines.iter().enumerate() {
        if !md.images.is_empty() {
            flush(&mut block, &mut first, last_form.take(), md.quote, out);
            images(&md.images, out);
        }
        if first.is_none() && (!text.is_empty() || md.form == Form::Pre) {
            first = Some((md.form, md.quote));
        }
        let quote = "> ".repeat(md.quote as usize) + &"    ".repeat(md.indent as usize);
        let last_of_lines = i + 1 == lines.len();
        match md.form {
            Form::Pre => {
                if !in_pre {
                    let run = lines[i..].iter().take_while(|(m, _)| m.form == Form::Pre);
                    fence = fence_for(run.map(|(_, t)| t.as_str()));
                    block.push(format!("{quote}{fence}"));
                    in_pre = true;
                }
                block.push(format!("{quote}{text}"));
            }
            _ if text.is_empty() => {}
            Form::Title => block.push(format!("# {text}")),
            Form::Heading(level) => {
                let hashes = "#".repeat(level as usize);
                block.push(format!("{quote}{hashes} {}", text.trim_start()));
            }
            Form::Paragraph => {
                // A line break inside a paragraph stays one (`\` at the end).
                if last_form == Some(Form::Paragraph) {
                    if let Some(prev) = block.last_mut() {
                        prev.push('\\');
                    }
                }
                block.push(format!("{quote}{}", markup::escape_line_start(text)));
            }
            Form::Item { ordinal, depth } => {
                let indent = "    ".repeat(depth as usize);
                let marker = ordinal.map_or("-".to_string(), |n| format!("{n}."));
                let text = markup::escape_line_start(text);
                block.push(format!("{quote}{indent}{marker} {text}"));
            }
            Form::Row => {
                let cells = text.split(" | ").count();
                let pad = " |".repeat(columns.saturating_sub(cells));
                block.push(format!("{quote}| {text} |{pad}"));
                if rows == 0 {
                    let rule = vec!["---"; columns.max(1)].join(" | ");
                    block.push(format!("{quote}| {rule} |"));
                }
                rows += 1;
            }
        }
        if !text.is_empty() || md.form == Form::Pre {
            last_form = Some(md.form);
        }
        let pre_ends = in_pre && (last_of_lines || lines[i + 1].0.form != Form::Pre);
        if pre_ends {
            block.push(format!("{quote}{fence}"));
            in_pre = false;
        }
        if !md.images_after.is_empty() {
            flush(&mut block, &mut first, last_form.take(), md.quote, out);
            images(&md.images_after, out);
        }
    }
    let quote = lines.last().map_or(0, |(md, _)| md.quote);
    flush(&mut block, &mut first, last_form, quote, out);
}

/// A code fence longer than any run of backticks in `lines` (at least three).
fn fence_for<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let longest = lines
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

/// The clean text as Markdown paragraphs (for a plain-text document, or if
/// the Markdown does not line up with the text): each line escaped, lines
/// of a paragraph joined (soft breaks).
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut escaped = String::new();
        markup::escape_inline(line, false, &mut escaped);
        out.push_str(&markup::escape_line_start(&escaped));
        out.push('\n');
    }
    crate::layout::layout(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn line(form: Form, inline: &str) -> MdLine {
        MdLine {
            form,
            quote: 0,
            indent: 0,
            inline: inline.to_string(),
            images: Vec::new(),
            images_after: Vec::new(),
        }
    }

    fn edit(kind: Kind, line: usize) -> Edit {
        Edit {
            rule: Arc::from("test.rule"),
            kind,
            line,
            span: 0..0,
            before: String::new(),
            after: String::new(),
        }
    }

    #[test]
    fn each_line_follows_what_the_rules_did_to_its_text() {
        let body = "Title\n\nDate line\n\nThe the *star*\nSecond row\n\nTail\n\n";
        let paragraphs = vec![
            vec![line(Form::Title, "Title")],
            vec![line(Form::Paragraph, "Date line")],
            vec![
                line(
                    Form::Item {
                        ordinal: Some(1),
                        depth: 0,
                    },
                    "The the **\\*star\\***",
                ),
                line(
                    Form::Item {
                        ordinal: Some(2),
                        depth: 0,
                    },
                    "*Second* row",
                ),
            ],
            vec![line(Form::Heading(2), "Tail")],
        ];
        // Line 3 dropped, line 5 rewritten, everything from line 8 truncated.
        let kept = "Title\n\n\nThe *star*\nSecond row\n\n";
        let edits = [
            edit(Kind::DropLine, 3),
            edit(Kind::DoubledWord, 5),
            edit(Kind::Truncate, 8),
        ];
        let md = render(body, &paragraphs, kept, &edits).unwrap();
        assert_eq!(md, "# Title\n\n1. The \\*star\\*\n2. *Second* row\n");
    }

    #[test]
    fn a_code_fence_outlasts_the_backticks_inside() {
        assert_eq!(fence_for(["let x = 1;"].into_iter()), "```");
        assert_eq!(fence_for(["```rust", "``"].into_iter()), "````");
    }

    #[test]
    fn markdown_that_does_not_line_up_is_refused() {
        let paragraphs = vec![vec![line(Form::Paragraph, "One")]];
        assert_eq!(render("One\n\n", &paragraphs, "One\nTwo\n", &[]), None);
        assert_eq!(render("One\nTwo\n\n", &paragraphs, "One\n", &[]), None);
    }
}
