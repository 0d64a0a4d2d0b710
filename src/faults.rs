//! Fault injection for the crash tests: the named places where a kill leaves
//! a designed state on disk (ARCHITECTURE.md, "Scale and interruption").
//! With `NEWSCLEAN_KILL_AT=NAME` (or `NAME:K`, the K-th time, 1-based) the
//! process aborts there, as abruptly as `kill -9`: no destructor runs, temp
//! files stay. Unset, a kill point costs one relaxed atomic load.
//!
//! `NEWSCLEAN_COMMIT_EVERY=N` makes a run commit (a JSONL part, the
//! manifest of a tree) every N documents instead of every few thousand, so
//! that the crash tests see many commits in a small input.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every kill point, in the order a JSONL run reaches them; the tests go
/// through all of them.
pub const KILL_POINTS: &[&str] = &[
    // A text tree: a file renamed into place, not yet synced or recorded.
    "tree-file-written",
    // A JSONL part renamed into `FILE.parts/`, its manifest lines not written.
    "part-committed",
    // Manifest lines written (after a part or a synced tree).
    "manifest-committed",
    // The last manifest lines written; the merge has not started.
    "before-merge",
    // The merged file written to its temp file, not yet renamed.
    "merge-written",
    // The merged file renamed into place; the parts still there.
    "merged",
    // The parts folder renamed out of the way, not yet removed.
    "parts-trashed",
];

/// The kill point asked for, read once.
fn wanted() -> Option<&'static (String, u64)> {
    static WANTED: OnceLock<Option<(String, u64)>> = OnceLock::new();
    WANTED
        .get_or_init(|| {
            let spec = std::env::var("NEWSCLEAN_KILL_AT").ok()?;
            let (name, k) = match spec.split_once(':') {
                Some((name, k)) => (name.to_string(), k.parse().ok()?),
                None => (spec, 1),
            };
            Some((name, k))
        })
        .as_ref()
}

/// Aborts the process here when this is the kill point asked for.
pub fn kill_point(name: &str) {
    static HITS: AtomicU64 = AtomicU64::new(0);
    if let Some((wanted, k)) = wanted()
        && wanted == name
        && HITS.fetch_add(1, Ordering::Relaxed) + 1 == *k
    {
        crate::exit::say(format_args!("killed at {name} (NEWSCLEAN_KILL_AT)"));
        std::process::abort();
    }
}

/// How many documents a run holds before it commits: `default`, unless
/// `NEWSCLEAN_COMMIT_EVERY` says otherwise (read once).
pub fn commit_every(default: usize) -> usize {
    static EVERY: OnceLock<Option<usize>> = OnceLock::new();
    EVERY
        .get_or_init(|| {
            std::env::var("NEWSCLEAN_COMMIT_EVERY")
                .ok()?
                .parse()
                .ok()
                .filter(|n| *n > 0)
        })
        .unwrap_or(default)
}
