//! How a command ends: its exit code, and the one place where an error that
//! stopped a command is printed (`finish`, called once by `main`).
//!
//! Commands return `anyhow::Result<Exit>`. `Ok` carries how the work went
//! (everything done, some documents failed, interrupted); `Err` means the
//! command could not do its work at all (bad arguments, an unreadable rule
//! file, an output that cannot be opened) and exits 2. An error whose cause is
//! a closed stdout (`| head`) ends the command quietly with success: the
//! reader has what it wanted. Nothing here panics when stderr is closed.

use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;

/// How a command that ran ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything succeeded.
    Ok,
    /// Some documents failed (or, with `diff --exit-code`, something changed;
    /// with `rules test`, an example failed).
    SomeFailed,
    /// Stopped by Ctrl-C or SIGTERM: 128 + SIGINT, as shells report it.
    Interrupted,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::SomeFailed => 1,
            Exit::Interrupted => 130,
        }
    }
}

/// The exit code of a command that could not do its work.
pub const USAGE: u8 = 2;

/// An error whose explanation is already printed (rule diagnostics, with
/// their locations): `finish` exits 2 without saying more.
#[derive(Debug)]
pub struct Reported;

impl Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("reported above")
    }
}

impl std::error::Error for Reported {}

/// Prints `newsclean: MESSAGE` on stderr, even when stderr is closed (then
/// nothing happens).
pub fn say(message: impl Display) {
    let _ = writeln!(std::io::stderr(), "newsclean: {message}");
}

/// Whether `error` comes from writing to a reader that went away.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The one exit path: the code for `result`, after printing its error.
pub fn finish(result: anyhow::Result<Exit>) -> ExitCode {
    match result {
        Ok(exit) => ExitCode::from(exit.code()),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            if e.downcast_ref::<Reported>().is_none() {
                say(format_args!("{e:#}"));
            }
            ExitCode::from(USAGE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn a_closed_stdout_anywhere_in_the_chain_is_a_quiet_success() {
        let pipe = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let e = Err::<(), _>(pipe).context("writing the diff").unwrap_err();
        assert!(is_broken_pipe(&e));
        assert_eq!(finish(Err(e)), ExitCode::SUCCESS);
        let other = anyhow::anyhow!("no such rule file");
        assert!(!is_broken_pipe(&other));
        assert_eq!(finish(Err(other)), ExitCode::from(USAGE));
        assert_eq!(finish(Ok(Exit::Interrupted)), ExitCode::from(130));
    }
}
