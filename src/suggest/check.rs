//! `suggest --check`: the candidates reviewed on the crawl before anyone uses
//! them. Every document is cleaned with the current rules and with the
//! current rules plus the candidates, by the machinery of `diff
//! --before/--after` ([`compare::compare_doc`], grouped in a
//! [`compare::Report`], whose view is shown); the edits only the second set
//! made are charged to their candidate.
//!
//! A candidate is *risky* when what it removes would cost article text:
//! - on the crawl, which has no reference text, by the words of prose lines
//!   (a sentence of eight words or more) it removes that are not the line it
//!   was proposed for (a `truncate` that cuts into an article, a pattern that
//!   abstracts too much): more than [`MAX_PROSE_SHARE`] of its words;
//! - with a development set (`--reference DIR`), by the harm measure of
//!   `make eval` ([`harm`]): the reference words it removes, more than
//!   [`MAX_HARM_SHARE`] of its words.

use super::lines::is_prose;
use super::{Action, Candidate, Request};
use crate::eval::harm::{self, Removed};
use crate::review::compare::{self, Limits, Report, RuleChanges};
use crate::rules::RuleSet;
use crate::run;
use crate::source;
use anyhow::Result;
use regex::Regex;
use std::collections::{HashMap, HashSet};

/// Share of a candidate's removed words that may be prose not its own.
pub const MAX_PROSE_SHARE: f64 = 0.1;
/// Share of a candidate's removed words that may be reference words.
pub const MAX_HARM_SHARE: f64 = 0.1;
/// Fewer words than this lost never make a candidate risky.
const MIN_LOSS: f64 = 3.0;

/// What one candidate did on the crawl.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    pub id: String,
    pub docs: u64,
    pub edits: u64,
    /// Words it removed.
    pub words: u64,
    /// Of those, words of prose lines that are not its own line.
    pub prose: u64,
    /// What it removed from the reference set, if one was given.
    pub reference: Option<Removed>,
    /// Why it would cost article text, if it would.
    pub risky: Option<String>,
}

impl Verdict {
    /// One line for the rule file and the terminal.
    pub fn describe(&self) -> String {
        let mut s = format!(
            "check: {} edit(s) in {} document(s), {} word(s) removed, {} of them in prose lines",
            self.edits, self.docs, self.words, self.prose
        );
        if let Some(r) = &self.reference {
            s.push_str(&format!(
                "; on the reference set {:.0} of {:.0} removed words are article text",
                r.harm,
                r.words()
            ));
        }
        if let Some(why) = &self.risky {
            s.push_str(&format!("; RISKY: {why}"));
        }
        s
    }

    fn judge(&mut self) {
        let prose_share = self.prose as f64 / self.words.max(1) as f64;
        if self.prose as f64 >= MIN_LOSS && prose_share > MAX_PROSE_SHARE {
            self.risky = Some(format!(
                "{:.0}% of what it removes is prose",
                100.0 * prose_share
            ));
        }
        if let Some(r) = self.reference.filter(|r| r.harm >= MIN_LOSS) {
            if r.harm_share() > MAX_HARM_SHARE {
                self.risky = Some(format!(
                    "{:.0}% of what it removes on the reference set is article text",
                    100.0 * r.harm_share()
                ));
            }
        }
    }
}

/// The lines each candidate was proposed for, to tell them from others.
fn own_patterns(candidates: &[Candidate]) -> HashMap<&str, Vec<Regex>> {
    candidates
        .iter()
        .map(|c| {
            let own = c.own.iter().filter_map(|p| Regex::new(p).ok()).collect();
            (c.id.as_str(), own)
        })
        .collect()
}

/// Runs the candidates over the crawl of `request` (`after` = the current
/// rules and the candidates); returns a verdict per candidate and the
/// comparison as `diff --before/--after` shows it.
pub fn check(
    request: &Request,
    pool: &rayon::ThreadPool,
    after: &RuleSet,
    candidates: &[Candidate],
) -> Result<(Vec<Verdict>, String)> {
    let before = &request.rules;
    let ids: HashSet<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
    let own = own_patterns(candidates);
    let mut verdicts: HashMap<String, Verdict> = HashMap::new();
    let limits = Limits {
        ids: 5,
        samples: 1,
        hunks: 2,
    };
    let mut report = Report::new(RuleChanges::between(before, after), limits);
    run::stream(
        source::collect_inputs(&request.inputs),
        pool,
        |doc| run::guarded(|| compare::compare_doc(doc, before, after, 1)),
        |item| match item {
            Ok((_, Ok(change))) => {
                if let Some(c) = &change {
                    let mut touched: HashSet<&str> = HashSet::new();
                    for e in c.only_after.iter().filter(|e| ids.contains(&*e.rule)) {
                        let v = verdicts.entry(e.rule.to_string()).or_default();
                        v.edits += 1;
                        let (gone, prose) =
                            removed(&e.before, &e.after, own.get(&*e.rule).map(Vec::as_slice));
                        v.words += gone;
                        v.prose += prose;
                        if touched.insert(&e.rule) {
                            v.docs += 1;
                        }
                    }
                }
                report.add(change);
            }
            Ok((_, Err(_))) | Err(_) => report.failed += 1,
        },
    );
    let reference = match &request.reference {
        Some(dir) => Some(harm::by_rule(&harm::run(
            dir,
            after,
            &crate::clean::Options::default(),
        )?)),
        None => None,
    };
    let mut list = Vec::new();
    for c in candidates
        .iter()
        .filter(|c| !matches!(c.action, Action::Note))
    {
        let mut v = verdicts.remove(&c.id).unwrap_or_default();
        v.id = c.id.clone();
        v.reference = reference
            .as_ref()
            .map(|r| r.get(&c.id).copied().unwrap_or_default());
        v.judge();
        list.push(v);
    }
    let mut view = Vec::new();
    report.write(&mut view)?;
    Ok((list, String::from_utf8_lossy(&view).into_owned()))
}

/// Words an edit removed, and how many of them stood in prose lines that
/// `own` (the candidate's pattern) does not match.
fn removed(before: &str, after: &str, own: Option<&[Regex]>) -> (u64, u64) {
    let count = |s: &str| s.split_whitespace().count() as u64;
    let gone = count(before).saturating_sub(count(after));
    let Some(own) = own else {
        return (gone, 0);
    };
    let prose: u64 = before
        .lines()
        .map(str::trim)
        .filter(|l| !own.iter().any(|re| re.is_match(l)) && is_prose(l))
        .map(count)
        .sum();
    (gone, prose.min(gone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_a_truncate_cuts_is_charged_and_its_own_line_is_not() {
        let own = Regex::new("^Related$").unwrap();
        let tail =
            "Related\nThe minister said the talks would go on next week in the capital.\nA title\n";
        assert_eq!(removed(tail, "", Some(&[own])), (16, 13));
        assert_eq!(removed("once morest", "against", None), (1, 0));
        let mut v = Verdict {
            words: 16,
            prose: 13,
            ..Verdict::default()
        };
        v.judge();
        assert!(v.risky.is_some());
        let mut fine = Verdict {
            words: 100,
            prose: 0,
            reference: Some(Removed {
                edits: 3,
                harm: 1.0,
                debris: 99.0,
            }),
            ..Verdict::default()
        };
        fine.judge();
        assert!(fine.risky.is_none(), "{}", fine.describe());
    }
}
