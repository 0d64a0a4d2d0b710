//! Colours of the review views. Views always write styled text; the writer
//! they get from [`stdout`] drops the styles when stdout is not a terminal,
//! when `NO_COLOR` is set, or when `CLICOLOR=0` (anstream decides).

use anstyle::{AnsiColor, Style};

pub const REMOVED: Style = AnsiColor::Red.on_default();
pub const ADDED: Style = AnsiColor::Green.on_default();
pub const HUNK: Style = AnsiColor::Cyan.on_default();
pub const RULE: Style = AnsiColor::Yellow.on_default().bold();
pub const FILE: Style = Style::new().bold();
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const PASS: Style = AnsiColor::Green.on_default().bold();
pub const DIM: Style = Style::new().dimmed();

/// Standard output, with colour when the terminal and the environment allow.
pub fn stdout() -> anstream::AutoStream<std::io::StdoutLock<'static>> {
    anstream::AutoStream::auto(std::io::stdout().lock())
}

/// Standard error, likewise.
pub fn stderr() -> anstream::AutoStream<std::io::StderrLock<'static>> {
    anstream::AutoStream::auto(std::io::stderr().lock())
}

/// `text` in `style` (the style is dropped later if colour is off).
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}
