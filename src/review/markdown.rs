//! `diff --format markdown`: the review views as Markdown for a pull-request
//! comment. The per-rule table (`diff`), or the groups of a rule change
//! (`diff --before/--after`), a bounded list of documents, and sample hunks
//! in fenced `diff` blocks inside `<details>`, so a long comment stays short
//! on screen. Built from the same [`Stat`] and [`Report`] as the terminal
//! views.

use super::compare::Report;
use super::diff::{Hunk, LAYOUT, range_text};
use super::stat::Stat;
use similar::ChangeTag;
use std::io::{self, Write};

/// `text` as inline code (a backtick inside would end it, so it goes).
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// `text` safe in a table cell or a line of prose.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '|' | '<' | '>' | '*' | '_' | '`' | '[' | ']' | '\\' | '#'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The per-rule table of `diff`, then its closing line.
pub fn write_stat(out: &mut dyn Write, stat: &Stat) -> io::Result<()> {
    let rules = stat.hits.top_rules(usize::MAX);
    if !rules.is_empty() {
        writeln!(out, "| rule | edits | documents | lines removed |")?;
        writeln!(out, "| --- | ---: | ---: | ---: |")?;
        for (id, hits) in &rules {
            let lines = stat.lines_removed.get(*id).copied().unwrap_or(0);
            writeln!(
                out,
                "| {} | {} | {} | {lines} |",
                code(id),
                hits.hits,
                hits.documents
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "**{}**", plain(&stat.total()))
}

/// One document's hunks, folded: the summary line names the document and
/// its rules.
pub fn write_doc(out: &mut dyn Write, name: &str, hunks: &[Hunk]) -> io::Result<()> {
    let mut rules: Vec<&str> = Vec::new();
    for label in hunks.iter().flat_map(|h| &h.labels) {
        if label != LAYOUT && !rules.contains(&label.as_str()) {
            rules.push(label);
        }
    }
    let rules: Vec<String> = rules.iter().map(|r| code(r)).collect();
    writeln!(
        out,
        "\n<details><summary>{} ({})</summary>\n",
        html_text(name),
        rules.join(", ")
    )?;
    write_hunks(out, hunks)?;
    writeln!(out, "</details>")
}

/// Hunks as a fenced `diff` block, the fence longer than any run of
/// backticks in the text.
fn write_hunks(out: &mut dyn Write, hunks: &[Hunk]) -> io::Result<()> {
    let longest = hunks
        .iter()
        .flat_map(|h| &h.lines)
        .map(|l| longest_run(&l.text, '`'))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    writeln!(out, "{fence}diff")?;
    for h in hunks {
        writeln!(
            out,
            "@@ -{} +{} @@ {}",
            range_text(&h.old),
            range_text(&h.new),
            h.labels.join(", ")
        )?;
        for l in &h.lines {
            let sign = match l.tag {
                ChangeTag::Delete => '-',
                ChangeTag::Insert => '+',
                ChangeTag::Equal => ' ',
            };
            writeln!(out, "{sign}{}", l.text)?;
        }
    }
    writeln!(out, "{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Text inside an HTML element of the comment (`<summary>`).
fn html_text(text: &str) -> String {
    super::html::esc(text)
}

/// A rule change: which rules changed, a table of the groups of documents,
/// their ids and sample hunks, and the summary line.
pub fn write_report(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    writeln!(out, "### newsclean: what the rule change changes\n")?;
    for (what, ids) in [
        ("changed", &report.rules.changed),
        ("added", &report.rules.added),
        ("removed", &report.rules.removed),
    ] {
        if !ids.is_empty() {
            let ids: Vec<String> = ids.iter().map(|i| code(i)).collect();
            writeln!(out, "- rules {what}: {}", ids.join(", "))?;
        }
    }
    let groups = report.sorted_groups();
    if !groups.is_empty() {
        writeln!(
            out,
            "\n| rules whose edits differ | documents | lines removed | lines added |"
        )?;
        writeln!(out, "| --- | ---: | ---: | ---: |")?;
        for (rules, g) in &groups {
            writeln!(
                out,
                "| {} | {} | -{} | +{} |",
                group_name(report, rules),
                g.count,
                g.removed,
                g.added
            )?;
        }
    }
    for (rules, g) in &groups {
        writeln!(
            out,
            "\n#### {}: {} document(s)\n",
            group_name(report, rules),
            g.count
        )?;
        for id in &g.ids {
            writeln!(out, "- {}", plain(id))?;
        }
        if g.count > g.ids.len() as u64 {
            writeln!(out, "- ... and {} more", g.count - g.ids.len() as u64)?;
        }
        for (id, hunks) in &g.samples {
            write_doc(out, id, hunks)?;
        }
    }
    writeln!(out, "\n**{}**", plain(&report.summary()))
}

fn group_name(report: &Report, rules: &[String]) -> String {
    let (direct, knock_on) = report.rules.split(rules);
    let direct: Vec<String> = direct.iter().map(|r| code(r)).collect();
    let mut name = direct.join(" + ");
    if !knock_on.is_empty() {
        let k: Vec<String> = knock_on.iter().map(|r| code(r)).collect();
        name.push_str(&format!(" (and, as a result, {})", k.join(", ")));
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_break_the_table_or_the_fence() {
        assert_eq!(plain("a|b <c>"), "a\\|b \\<c\\>");
        assert_eq!(code("x`y"), "`x'y`");
        assert_eq!(longest_run("a ```` b `` c", '`'), 4);
    }
}
