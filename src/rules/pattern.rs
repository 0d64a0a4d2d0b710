//! A rule's regex, compiled when it is first used. A pattern of the built-in
//! rule files is known to compile (the test suite compiles and runs every
//! one), so `clean` need not spend its start-up compiling patterns that the
//! prefilter may never let a line reach; a pattern from a user's file is
//! compiled at once, where an error can still point at it.

use regex::Regex;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

#[derive(Clone)]
pub(crate) struct Pattern {
    source: Arc<str>,
    regex: Arc<OnceLock<Regex>>,
}

impl Pattern {
    /// A pattern already compiled.
    pub fn compiled(regex: Regex) -> Pattern {
        Pattern {
            source: Arc::from(regex.as_str()),
            regex: Arc::new(OnceLock::from(regex)),
        }
    }

    /// A pattern compiled at first use; the caller vouches that it compiles.
    pub fn deferred(source: &str) -> Pattern {
        Pattern {
            source: Arc::from(source),
            regex: Arc::new(OnceLock::new()),
        }
    }

    /// The pattern as written (without compiling it).
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl Deref for Pattern {
    type Target = Regex;

    fn deref(&self) -> &Regex {
        self.regex.get_or_init(|| {
            Regex::new(&self.source).expect("built-in patterns compile (tests/it/rule_examples.rs)")
        })
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_pattern_compiles_at_first_use() {
        let p = Pattern::deferred(r"(?i)\bfoo\b");
        assert_eq!(p.as_str(), r"(?i)\bfoo\b");
        assert!(p.regex.get().is_none());
        assert!(p.is_match("a FOO b"));
        assert!(p.regex.get().is_some());
        let q = Pattern::compiled(Regex::new("x").unwrap());
        assert!(q.regex.get().is_some() && q.as_str() == "x");
    }
}
