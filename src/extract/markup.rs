//! What Markdown needs of a block beside its plain text, gathered by the text
//! walker ([`super::text`]) only when Markdown output is asked for: the
//! block's form (heading level, list item and its number, table row, code),
//! its quote depth, and its text with inline markup (emphasis, code, links,
//! images), line for line the same lines as the plain text. The plain text
//! never changes; [`crate::markdown`] renders these after the rules ran.

use super::text::{Block, Kind};

/// Which links and images Markdown output keeps (`--links`, `--images`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MarkupOptions {
    /// Link targets as `[text](url)`; without it a link is its text.
    pub links: bool,
    /// Images as `![alt](src)`; without it they are left out.
    pub images: bool,
}

/// The Markdown form of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The page's title, rendered as the top heading.
    Title,
    Paragraph,
    /// A heading of this level (1 to 6).
    Heading(u8),
    /// A list item: its number in an ordered list (`None`: a bullet) and its
    /// nesting depth (0 for a top-level list).
    Item {
        ordinal: Option<u32>,
        depth: u8,
    },
    /// A table row; the first row of a table is its header.
    Row,
    /// A line of preformatted text.
    Pre,
}

/// One line of an extracted paragraph as Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MdLine {
    pub form: Form,
    /// Blockquote depth.
    pub quote: u8,
    /// List items the line continues (a paragraph inside an item, after its
    /// first line): indented by as many levels.
    pub indent: u8,
    /// The line with inline markup, escaped; its plain text is the text line.
    pub inline: String,
    /// Images that stood alone before this line (`![alt](src)` each).
    pub images: Vec<String>,
    /// Images that stood alone after it.
    pub images_after: Vec<String>,
}

/// What a block carries for Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markup {
    pub form: Form,
    pub quote: u8,
    pub indent: u8,
    /// One entry per line of the block's text.
    pub lines: Vec<String>,
    /// Images standing alone before the block.
    pub images: Vec<String>,
    /// Images standing alone after the block (the last one of the article).
    pub images_after: Vec<String>,
}

/// Collapses the whitespace of `raw_md` line by line as the plain text's
/// lines were collapsed, keeping the lines whose plain text is not empty:
/// the Markdown lines, and the images of the lines that held nothing else.
pub fn align(raw_text: &str, raw_md: &str, pre: bool) -> (Vec<String>, Vec<String>) {
    let mut lines = Vec::new();
    let mut images = Vec::new();
    if pre {
        // Kept as they are: same trims as the text.
        let md = raw_md.trim_matches('\n').trim_end();
        lines.extend(md.split('\n').map(str::to_string));
        return (lines, images);
    }
    for (text, md) in raw_text.split('\n').zip(raw_md.split('\n')) {
        let md = super::measure::collapse_whitespace(md);
        if text.split_whitespace().next().is_some() {
            lines.push(md);
        } else if !md.is_empty() {
            images.push(md);
        }
    }
    (lines, images)
}

/// Whether two consecutive blocks are lines of one paragraph: list items
/// and table rows run together. Both the text and its Markdown join so.
pub fn joins(prev: Option<Kind>, kind: Kind) -> bool {
    matches!(kind, Kind::Item | Kind::Row) && prev == Some(kind)
}

/// The Markdown lines of each paragraph that [`super::tidy::paragraphs`]
/// makes of `blocks`, one per text line; `None` when a block carries no
/// markup.
pub fn paragraph_lines(blocks: &[Block]) -> Option<Vec<Vec<MdLine>>> {
    let mut out: Vec<Vec<MdLine>> = Vec::new();
    let mut prev = None;
    for block in blocks {
        let markup = block.markup.as_deref()?;
        let last = markup.lines.len().saturating_sub(1);
        let pick =
            |keep: bool, images: &Vec<String>| if keep { images.clone() } else { Vec::new() };
        let lines = markup.lines.iter().enumerate().map(|(i, inline)| MdLine {
            form: markup.form,
            quote: markup.quote,
            indent: markup.indent,
            inline: inline.clone(),
            images: pick(i == 0, &markup.images),
            images_after: pick(i == last, &markup.images_after),
        });
        match out.last_mut() {
            Some(last) if joins(prev, block.kind) => last.extend(lines),
            _ => out.push(lines.collect()),
        }
        prev = Some(block.kind);
    }
    Some(out)
}

/// Escapes characters that would read as inline Markdown; `|` too in a
/// table cell. An underscore inside a word is left alone (it never emphasises).
pub fn escape_inline(text: &str, in_cell: bool, out: &mut String) {
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let needs = match c {
            '\\' | '*' | '`' | '[' | ']' | '<' => true,
            '|' => in_cell,
            '_' => {
                let inside = prev.is_some_and(char::is_alphanumeric)
                    && chars.peek().is_some_and(|n| n.is_alphanumeric());
                !inside
            }
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
}

/// Escapes what would make a paragraph line start a heading, a quote, a list
/// item, a rule, a fence or a table row.
pub fn escape_line_start(line: &str) -> String {
    let t = line.trim_start();
    let marker = t.starts_with(['#', '>', '|', '=', '~'])
        || t.starts_with("```")
        || ["-", "+", "*"]
            .iter()
            .any(|m| t == *m || t.strip_prefix(m).is_some_and(|r| r.starts_with(' ')))
        || t.starts_with("---");
    if marker {
        return format!("\\{t}");
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits < 10 {
        let rest = &t[digits..];
        let after = rest.strip_prefix(['.', ')']);
        if after.is_some_and(|a| a.is_empty() || a.starts_with(' ')) {
            return format!("{}\\{}", &t[..digits], rest);
        }
    }
    t.to_string()
}

/// A link target or image source fit for `(...)`: spaces and parentheses
/// percent-encoded, `None` for nothing worth keeping (empty, a script, an
/// inline data blob).
pub fn url(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let lower = raw.to_ascii_lowercase();
    if raw.is_empty() || lower.starts_with("javascript:") || lower.starts_with("data:") {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// Wraps `md[start..]` in `open` and `close` (emphasis, code, a link), around
/// its text without the whitespace at either end. Nothing is added when the
/// span holds no text or runs over a line break: markup must not straddle
/// lines, which the rules see one by one.
pub fn wrap(md: &mut String, start: usize, open: &str, close: &str) {
    let span = &md[start..];
    if span.contains('\n') || span.trim().is_empty() {
        return;
    }
    let lead = span.len() - span.trim_start().len();
    let end = start + span.trim_end().len();
    md.insert_str(end, close);
    md.insert_str(start + lead, open);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_wraps_text_without_its_spaces_and_never_over_a_break() {
        let mut md = String::from("a  bold \n");
        wrap(&mut md, 1, "**", "**");
        assert_eq!(md, "a  bold \n", "a span over a line break stays plain");
        let mut md = String::from("a  bold ");
        wrap(&mut md, 1, "**", "**");
        assert_eq!(md, "a  **bold** ");
        let mut md = String::from("a   ");
        wrap(&mut md, 1, "*", "*");
        assert_eq!(md, "a   ");
    }

    #[test]
    fn text_that_reads_as_markdown_is_escaped() {
        let mut out = String::new();
        escape_inline("2*3 [x] snake_case _x_ a|b", true, &mut out);
        assert_eq!(out, r"2\*3 \[x\] snake_case \_x\_ a\|b");
        assert_eq!(escape_line_start("# not a heading"), r"\# not a heading");
        assert_eq!(escape_line_start("1. not a list"), r"1\. not a list");
        assert_eq!(escape_line_start("- dash"), r"\- dash");
        assert_eq!(escape_line_start("2024. A year"), r"2024\. A year");
        assert_eq!(escape_line_start("-5 degrees"), "-5 degrees");
        assert_eq!(escape_line_start("Plain."), "Plain.");
    }

    #[test]
    fn urls_are_made_safe_for_parentheses() {
        assert_eq!(url(" /a b(c) ").as_deref(), Some("/a%20b%28c%29"));
        assert_eq!(url("javascript:void(0)"), None);
        assert_eq!(url("data:image/png;base64,xx"), None);
    }

    #[test]
    fn lines_stay_aligned_with_the_text_and_lone_images_are_set_apart() {
        let (lines, images) = align("a  b\n \nc", "**a**  b\n![x](y)\nc", false);
        assert_eq!(lines, ["**a** b", "c"]);
        assert_eq!(images, ["![x](y)"]);
    }
}
