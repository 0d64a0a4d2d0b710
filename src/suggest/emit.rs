//! Writing the candidates as a rule file: one `[[rule]]` per candidate, with
//! its evidence as the `description`, an example from a real document, and
//! its score, review note and `--check` verdict as comments above it (a rule
//! file has no key for them). Each candidate is compiled on its own by the
//! rule compiler, examples run, before it is written: one that does not
//! compile or whose example fails is left out, and said so.

use super::{Action, Candidate};
use crate::rules::{RuleSet, RuleSource};
use std::collections::HashSet;
use std::fmt::Write;

/// A TOML string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// `c` as a `[[rule]]` table, without comments.
pub fn rule_table(c: &Candidate) -> String {
    let mut out = String::from("[[rule]]\n");
    let _ = writeln!(out, "id = {}", quoted(&c.id));
    let kind = match &c.action {
        Action::Line { kind, .. } => kind.name(),
        Action::Replace { .. } => "replace",
        Action::Note => return String::new(),
    };
    let _ = writeln!(out, "kind = \"{kind}\"");
    let _ = writeln!(out, "description = {}", quoted(&c.description));
    match &c.action {
        Action::Line {
            pattern,
            within,
            max_words,
            ..
        } => {
            let _ = writeln!(out, "pattern = {}", quoted(pattern));
            if let Some(w) = within {
                let _ = writeln!(out, "within = {}", quoted(w));
            }
            if let Some(n) = max_words {
                let _ = writeln!(out, "max_words = {n}");
            }
        }
        Action::Replace { find, with } => {
            let _ = writeln!(out, "find = {}\nwith = {}", quoted(find), quoted(with));
        }
        Action::Note => {}
    }
    if !c.examples.is_empty() {
        out.push_str("examples = [\n");
        for (input, output) in &c.examples {
            let _ = writeln!(
                out,
                "  {{ input = {}, output = {} }},",
                quoted(input),
                quoted(output)
            );
        }
        out.push_str("]\n");
    }
    out
}

/// Whether `c`, alone, compiles with its examples passing; the first error
/// if not.
pub fn validate(c: &Candidate) -> Result<(), String> {
    let text = rule_table(c);
    if text.is_empty() {
        return Ok(());
    }
    let source = RuleSource {
        name: "suggested.toml".into(),
        text,
        dir: None,
    };
    RuleSet::load(&[source]).map(|_| ()).map_err(|diagnostics| {
        diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.to_string().lines().next().unwrap_or_default().to_string())
            .unwrap_or_default()
    })
}

/// Makes ids unique (`-2`, `-3` on a clash) and leaves out the candidates that
/// do not compile, returning them with the reason.
pub fn settle(candidates: &mut Vec<Candidate>, taken: &HashSet<String>) -> Vec<(String, String)> {
    let mut used: HashSet<String> = taken.clone();
    for c in candidates.iter_mut() {
        let base = c.id.clone();
        let mut n = 2;
        while used.contains(&c.id) {
            c.id = format!("{base}-{n}");
            n += 1;
        }
        used.insert(c.id.clone());
    }
    let mut dropped = Vec::new();
    candidates.retain(|c| match validate(c) {
        Ok(()) => true,
        Err(why) => {
            dropped.push((c.id.clone(), why));
            false
        }
    });
    dropped
}

/// The rule file: a header, then each candidate with its comments; notes
/// (tokens without a fix) as comments only.
pub fn file(candidates: &[Candidate], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    for c in candidates {
        out.push('\n');
        let _ = writeln!(out, "# score {:.2}, {} document(s)", c.score, c.docs);
        for note in [&c.review, &c.check].into_iter().flatten() {
            let _ = writeln!(out, "# {note}");
        }
        if matches!(c.action, Action::Note) {
            let _ = writeln!(out, "# {}: {}", c.id, c.description);
        } else {
            out.push_str(&rule_table(c));
        }
    }
    out
}

/// Only the rules of `candidates`, for compiling them together.
pub fn rules_only(candidates: &[Candidate]) -> String {
    candidates
        .iter()
        .map(rule_table)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Kind;

    fn line(id: &str, pattern: &str, example: (&str, &str)) -> Candidate {
        Candidate {
            id: id.into(),
            action: Action::Line {
                kind: Kind::DropLine,
                pattern: pattern.into(),
                within: Some("tail:3".into()),
                max_words: None,
            },
            description: "Recurs \"here\"".into(),
            examples: vec![(example.0.into(), example.1.into())],
            docs: 3,
            score: 1.0,
            review: None,
            check: Some("check: fine".into()),
            own: Vec::new(),
        }
    }

    #[test]
    fn candidates_become_a_rule_file_and_failing_ones_are_left_out() {
        let mut list = vec![
            line(
                "s.a",
                "^Leave a Replay$",
                ("Body.\n\nLeave a Replay\n", "Body.\n"),
            ),
            line("s.a", "^Nothing$", ("Body.\n\nLeave a Replay\n", "Body.\n")),
        ];
        let dropped = settle(&mut list, &HashSet::new());
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].0, "s.a-2");
        assert!(dropped[0].1.contains("example"), "{dropped:?}");
        let text = file(&list, "suggested");
        assert!(text.starts_with("# suggested\n"));
        assert!(
            text.contains("# check: fine\n[[rule]]\nid = \"s.a\"\n"),
            "{text}"
        );
        let source = RuleSource {
            name: "x.toml".into(),
            text,
            dir: None,
        };
        assert_eq!(RuleSet::load(&[source]).unwrap().0.rules().len(), 1);
    }
}
