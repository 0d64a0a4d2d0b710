//! The output layout every text leaves newsclean in: paragraphs separated
//! by exactly one blank line, no trailing spaces, one final newline. Below
//! every stage: the cleaning, the rules' examples and the Markdown output
//! all lay text out with it.

/// The output layout: paragraphs separated by exactly one blank line, no
/// trailing spaces, no leading blank lines, one final newline (or nothing at
/// all when no text is left). Lines inside a paragraph are kept as they are.
pub fn layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_blank = false;
    for line in text.lines() {
        let mut line = line.trim_end();
        if out.is_empty() {
            // A byte-order mark belongs to no paragraph.
            line = line.trim_start_matches('\u{feff}');
        }
        if line.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if pending_blank {
            out.push('\n');
            pending_blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_collapses_blank_runs_and_trailing_space() {
        assert_eq!(layout("\n\nA  \n\n\n\nB\nC\t\n\n"), "A\n\nB\nC\n");
        assert_eq!(layout(""), "");
        assert_eq!(layout("  \n\n"), "");
    }

    #[test]
    fn layout_is_idempotent_on_clean_text() {
        let clean = "Title\n\nFirst paragraph.\n\nSecond.\n";
        assert_eq!(layout(clean), clean);
    }
}
