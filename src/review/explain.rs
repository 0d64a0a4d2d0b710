//! `newsclean explain`: every edit the rules made on one document, in the
//! order they were made: where, which rule, and what the text was and became;
//! then, for an HTML page, what extraction left out, by the decision that
//! left it out (`extract.link-list`, ...), placed by the line it stood before.

use super::Reviewed;
use super::style::{self, ADDED, DIM, FILE, REMOVED, RULE};
use crate::rules::Kind;
use std::io::{self, Write};

/// Lines of a removed tail shown before the rest is summed up.
const TAIL_LINES: usize = 3;

/// Writes the edits of `doc`, styled.
pub fn write(out: &mut dyn Write, doc: &Reviewed) -> io::Result<()> {
    let edits = doc.edits();
    writeln!(
        out,
        "{}: {} edit{}",
        style::paint(FILE, &doc.origin),
        edits.len(),
        if edits.len() == 1 { "" } else { "s" }
    )?;
    for e in edits {
        writeln!(
            out,
            "line {}: {} ({})",
            e.line,
            style::paint(RULE, &e.rule),
            e.kind.name()
        )?;
        let before = e.before.lines().filter(|l| !l.trim().is_empty());
        write_removed(out, before, "-", " to the end")?;
        match e.kind {
            Kind::Replace | Kind::RegexReplace | Kind::DoubledWord => {
                writeln!(out, "  {}", style::paint(ADDED, format!("+ {}", e.after)))?;
            }
            Kind::DropLine | Kind::Capture | Kind::Truncate => {}
        }
    }
    if !doc.dropped.is_empty() {
        writeln!(
            out,
            "{}",
            style::paint(
                FILE,
                format!("left out by extraction: {} run(s)", doc.dropped.len())
            )
        )?;
    }
    for d in &doc.dropped {
        writeln!(
            out,
            "before line {}: {}",
            d.line,
            style::paint(RULE, d.rule)
        )?;
        write_removed(out, d.text.lines(), "x", "")?;
    }
    Ok(())
}

/// Writes the first lines of a removed text, each after `mark`, and how many
/// more there are (`more` says where they run).
fn write_removed<'a>(
    out: &mut dyn Write,
    lines: impl Iterator<Item = &'a str>,
    mark: &str,
    more: &str,
) -> io::Result<()> {
    let lines: Vec<&str> = lines.collect();
    for line in lines.iter().take(TAIL_LINES) {
        writeln!(out, "  {}", style::paint(REMOVED, format!("{mark} {line}")))?;
    }
    if lines.len() > TAIL_LINES {
        let n = lines.len() - TAIL_LINES;
        let note = format!("  ... and {n} more line(s){more}");
        writeln!(out, "  {}", style::paint(DIM, note))?;
    }
    Ok(())
}
