//! The `truncate` decision: a marker cuts the document only where what follows
//! it looks like the tail of a page (a list of titles, a comment form, short
//! lines), not like more of the article. A "Read more" expander or a
//! "Related:" pointer inside the body would otherwise cut the article in two;
//! a tail window (`within = "tail:15"`) alone does not tell them apart in a
//! short article, where most lines are in the tail.
//!
//! What follows the marker is not a footer when it is a large part of the
//! document (more than [`MAX_SHARE`] of the words before the marker, and more
//! than [`ALWAYS_WORDS`]), or when it holds [`PROSE_RUN`] paragraphs of
//! running prose in a row. The limits were set on the development sets
//! (`make eval`, the harm table).

/// The most a truncation may remove, as a share of the words before its marker.
const MAX_SHARE: f64 = 0.5;
/// A tail this short may always go, whatever stands above it.
const ALWAYS_WORDS: usize = 40;
/// A line of prose: at least this many words, ending like a sentence.
const PROSE_WORDS: usize = 20;
/// This many prose lines in a row are article, not footer.
const PROSE_RUN: usize = 2;

/// Whether `after` (the lines after a truncate marker) may go, given `before`
/// (the text above the marker).
pub(crate) fn looks_like_footer(before: &str, after: &str) -> bool {
    let words = |s: &str| s.split_whitespace().count();
    let tail = words(after);
    if tail > ALWAYS_WORDS && tail as f64 > MAX_SHARE * words(before) as f64 {
        return false;
    }
    let mut run = 0;
    for line in after.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let prose = words(line) >= PROSE_WORDS
            && line.ends_with(['.', '!', '?', '"', '\u{201d}', '\u{bb}', ')']);
        run = if prose { run + 1 } else { 0 };
        if run >= PROSE_RUN {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "The council met on Monday to discuss the new budget for the city, \
        which has grown by a tenth since last year. Members argued for hours about roads. \
        In the end the vote was close, and the mayor said she would sign it this week.";
    const PROSE: &str = "Rescue teams worked through the night to reach the villages cut off by the \
        flood, and by morning most of the families had been brought to safety by boat.";

    #[test]
    fn a_list_of_titles_or_a_short_comment_form_is_a_footer() {
        assert!(looks_like_footer(BODY, "Another story\nA third story\n"));
        assert!(looks_like_footer(
            BODY,
            "Your email address will not be published.\nName *\n"
        ));
        assert!(looks_like_footer(BODY, ""));
    }

    #[test]
    fn running_prose_or_the_bulk_of_the_text_is_not() {
        let two = format!("{PROSE}\n\n{PROSE}\n");
        assert!(!looks_like_footer(&format!("{BODY} {BODY} {BODY}"), &two));
        // One teaser sentence between titles is a footer still.
        let teaser = format!("Title one\n\n{PROSE}\n\nTitle two\n");
        assert!(looks_like_footer(&format!("{BODY} {BODY} {BODY}"), &teaser));
        // More than half as much as the text above: not a footer.
        assert!(!looks_like_footer(BODY, &format!("{BODY}\n")));
        // A few lines below a short text are.
        assert!(looks_like_footer(
            "Body.",
            "Title one\nTitle two\nTitle three\n"
        ));
    }
}
