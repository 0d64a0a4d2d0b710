//! Diagnostics about rule files, printed the way a compiler prints them:
//! `file:line:col: error[code]: message`, the source line, a caret under the span,
//! and a help line.

use anstyle::{AnsiColor, Style};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// What a finding is about: one code per kind of mistake, each with a
/// broken rule file in `tests/broken-rules/` that shows it and a row in
/// `rules/README.md` (a test checks both).
macro_rules! codes {
    ($(($variant:ident, $name:literal),)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the README's table.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The stable name printed in `error[name]` and in JSON.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    (Syntax, "syntax"),
    (UnknownKey, "unknown-key"),
    (MissingKey, "missing-key"),
    (UnknownKind, "unknown-kind"),
    (BadId, "bad-id"),
    (DuplicateId, "duplicate-id"),
    (BadRegex, "bad-regex"),
    (BadWithin, "bad-within"),
    (NoOp, "no-op"),
    (EmptyFind, "empty-find"),
    (Unmatchable, "unmatchable"),
    (WordBoundary, "word-boundary"),
    (Unreachable, "unreachable"),
    (ExampleFails, "example-fails"),
    (MissingList, "missing-list"),
    (BadListLine, "bad-list-line"),
    (MissingFixtures, "missing-fixtures"),
    (UnusedKey, "unused-key"),
    (BadLanguage, "bad-language"),
    (BadPageType, "bad-page-type"),
    (BadMode, "bad-mode"),
    (EmptyMatch, "empty-match"),
    (BadGroup, "bad-group"),
    (SlowPattern, "slow-pattern"),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One finding about a rule file, located by file, line and column (1-based).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable code, e.g. `duplicate-id`, `bad-regex`.
    pub code: Code,
    pub file: String,
    pub line: usize,
    pub col: usize,
    /// Width of the span in characters (at least 1), for the caret line.
    pub width: usize,
    pub message: String,
    pub help: Option<String>,
    /// The source line the span starts on, without its newline.
    pub source_line: String,
}

impl Diagnostic {
    /// Builds a diagnostic for the byte span `span` of `source` (the file's text).
    pub fn at(
        severity: Severity,
        code: Code,
        file: &str,
        source: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let (line, col) = line_col(source, start);
        let end = floor_char_boundary(source, span.end.clamp(start, line_end));
        let width = source[start..end].chars().count().max(1);
        Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line,
            col,
            width,
            message: message.into(),
            help: None,
            source_line: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    pub fn error(
        code: Code,
        file: &str,
        source: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::at(Severity::Error, code, file, source, span, message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `source`
/// (a char boundary).
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[..offset].matches('\n').count() + 1;
    (line, source[line_start..offset].chars().count() + 1)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Diagnostic {
    /// The diagnostic with colours (errors red, warnings yellow, carets in the
    /// level's colour), for a writer that drops them when colour is off.
    pub fn styled(&self) -> impl fmt::Display + '_ {
        Rendered {
            diagnostic: self,
            styled: true,
        }
    }
}

struct Rendered<'d> {
    diagnostic: &'d Diagnostic,
    styled: bool,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Rendered {
            diagnostic: self,
            styled: false,
        }
        .fmt(f)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        let (level, colour) = match d.severity {
            Severity::Error => ("error", AnsiColor::Red),
            Severity::Warning => ("warning", AnsiColor::Yellow),
        };
        let (level_style, bold, blue) = if self.styled {
            (
                colour.on_default().bold(),
                Style::new().bold(),
                AnsiColor::Blue.on_default().bold(),
            )
        } else {
            (Style::new(), Style::new(), Style::new())
        };
        let paint = |s: Style, t: &str| format!("{s}{t}{s:#}");
        writeln!(
            f,
            "{}:{}:{}: {} {}",
            d.file,
            d.line,
            d.col,
            paint(level_style, &format!("{level}[{}]:", d.code)),
            paint(bold, &d.message)
        )?;
        let gutter = d.line.to_string().len();
        let bar = paint(blue, "|");
        writeln!(f, "{:gutter$} {bar}", "")?;
        writeln!(
            f,
            "{} {bar} {}",
            paint(blue, &d.line.to_string()),
            d.source_line
        )?;
        write!(
            f,
            "{:gutter$} {bar} {}{}",
            "",
            " ".repeat(d.col - 1),
            paint(level_style, &"^".repeat(d.width))
        )?;
        if let Some(help) = &d.help {
            write!(f, "\n{:gutter$} {} {help}", "", paint(bold, "= help:"))?;
        }
        Ok(())
    }
}
