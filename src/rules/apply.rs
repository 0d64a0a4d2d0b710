//! Running a [`RuleSet`] over one document's text. Line rules (drop, truncate,
//! capture) decide whether a line stays; then inline rules (literal and regex
//! replacements, doubled words) rewrite the lines that stay. Every change is
//! recorded as an [`Edit`]; lines no rule touches are copied without allocating.

use super::compile::Matcher;
use super::doubled::doubled_words;
use super::footer::looks_like_footer;
use super::here::{Here, Switches, edit, rewrite};
use super::literals::{Literals, cased_replacement, word_bounded};
use super::{Edit, Kind, Rule, RuleSet};
use serde_json::Value;
use std::borrow::Cow;

/// The outcome of applying rules: the text, the edits that made it, and the
/// values lifted into metadata by `capture` rules (in document order).
#[derive(Debug, Clone, Default)]
pub struct Applied {
    pub text: String,
    pub edits: Vec<Edit>,
    pub captures: Vec<(String, Value)>,
}

impl RuleSet {
    /// Applies every rule to `text`. The output keeps the input's lines (minus
    /// dropped ones), each ending in `\n`; paragraph layout is the caller's job.
    pub fn apply(&self, text: &str) -> Applied {
        self.apply_in(text, &|| None, None)
    }

    /// Applies the rules that apply to a document in the language `lang`
    /// gives and, for an HTML page, of type `page_type` (every rule when they
    /// are `None`: not known). `lang` is asked at most once, and only when a
    /// rule limited to some languages would change the text.
    pub fn apply_in(
        &self,
        text: &str,
        lang: &dyn Fn() -> Option<&'static str>,
        page_type: Option<&str>,
    ) -> Applied {
        let nonblank = lines(text).filter(|(_, l)| !l.trim().is_empty()).count();
        let over = self.over_max_matches(text, nonblank);
        let switches = Switches::new(&self.rules, page_type, over, lang);
        let mut out = Applied {
            text: String::with_capacity(text.len()),
            ..Applied::default()
        };
        let mut scout = self.literals.as_ref().map(|l| l.scout(text));
        let mut k = 0; // index of the current line among non-blank lines
        let mut candidates = Vec::new();
        for (n, (start, raw_line)) in lines(text).enumerate() {
            if n % 1024 == 1023 {
                crate::budget::check_deadline();
            }
            let line = raw_line.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                out.text.push_str(line);
                out.text.push('\n');
                continue;
            }
            let here = Here {
                line: n + 1,
                k,
                nonblank,
                start,
                switches: &switches,
            };
            k += 1;
            match self.line_verdict(trimmed, &here, &mut out, &mut candidates) {
                Verdict::Keep => {}
                Verdict::Drop => continue,
                Verdict::Truncate(rule) => {
                    let after = &text[start + raw_line.len()..];
                    if looks_like_footer(&text[..start], after) {
                        out.edits
                            .push(edit(rule, &here, start..text.len(), &text[start..], ""));
                        break;
                    }
                    // More article follows: only the marker line goes.
                    let span = start..start + line.len();
                    out.edits.push(edit(rule, &here, span, line, ""));
                    continue;
                }
            }
            let literal_from = scout
                .as_mut()
                .and_then(|s| s.first_in(start..start + line.len()));
            let line = self.inline(line, &here, literal_from, &mut out.edits, &mut candidates);
            out.text.push_str(&line);
            out.text.push('\n');
        }
        out
    }

    /// The line rules with a `max_matches` that more lines of `text` match,
    /// counted apart in the head and in the tail window (anywhere, for a rule
    /// without one): there the matching lines are what the page is made of
    /// (the dates of a list of posts), and the rule leaves them all. A date
    /// under the title and another at the end are one in each window.
    fn over_max_matches(&self, text: &str, nonblank: usize) -> Vec<usize> {
        let mut over = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let Some(max) = rule.max_matches else {
                continue;
            };
            let (Matcher::Line(re) | Matcher::Capture { re, .. }) = &rule.matcher else {
                continue;
            };
            let w = rule.within;
            let (mut head, mut tail) = (0, 0);
            let lines = lines(text).map(|(_, l)| l.trim()).filter(|l| !l.is_empty());
            for (k, line) in lines.enumerate() {
                let in_head = w.anywhere() || w.head.is_some_and(|h| k < h);
                let in_tail = w.tail.is_some_and(|t| nonblank - 1 - k < t);
                if !(in_head || in_tail)
                    || rule
                        .max_words
                        .is_some_and(|m| line.split_whitespace().nth(m).is_some())
                    || !self.is_match(i, re, line)
                {
                    continue;
                }
                head += usize::from(in_head);
                tail += usize::from(in_tail);
            }
            if head > max || tail > max {
                over.push(i);
            }
        }
        over
    }

    fn line_verdict<'r>(
        &'r self,
        trimmed: &str,
        here: &Here,
        out: &mut Applied,
        candidates: &mut Vec<u32>,
    ) -> Verdict<'r> {
        // Near the head or tail every line rule may apply; elsewhere only the
        // rules without a position limit, which are usually few or none.
        let near_edge = self
            .edge_window
            .is_some_and(|w| w.contains(here.k, here.nonblank));
        let lines = &self.all_lines;
        if lines.rules.is_empty() || !(near_edge || self.any_unlimited) {
            return Verdict::Keep;
        }
        // Only the rules whose required literals the line holds, in order.
        lines.filter.candidates(trimmed, candidates);
        let span = here.start..here.start + trimmed.len();
        for &slot in candidates.iter() {
            let rule_index = lines.rules[slot as usize];
            let rule = &self.rules[rule_index];
            if here.off(rule_index) || !rule.within.contains(here.k, here.nonblank) {
                continue;
            }
            if rule
                .max_words
                .is_some_and(|m| trimmed.split_whitespace().nth(m).is_some())
            {
                continue;
            }
            match &rule.matcher {
                Matcher::Line(re) | Matcher::Capture { re, .. }
                    if !self.is_match(rule_index, re, trimmed) =>
                {
                    continue;
                }
                _ => {}
            }
            if !here.on(rule_index) {
                continue;
            }
            match &rule.matcher {
                Matcher::Line(_) if rule.kind == Kind::Truncate => return Verdict::Truncate(rule),
                Matcher::Line(_) => {
                    out.edits.push(edit(rule, here, span, trimmed, ""));
                    return Verdict::Drop;
                }
                Matcher::Capture {
                    re,
                    field,
                    each,
                    keep_line,
                } => {
                    out.captures
                        .push((field.clone(), captured(re, each.as_ref(), trimmed)));
                    if !keep_line {
                        out.edits.push(edit(rule, here, span, trimmed, ""));
                        return Verdict::Drop;
                    }
                }
                _ => unreachable!("only line rules are in the line set"),
            }
        }
        Verdict::Keep
    }

    /// Applies the inline rules to one kept line; `literal_from` is where in
    /// it the first literal may start, if any may.
    fn inline<'t>(
        &self,
        line: &'t str,
        here: &Here,
        literal_from: Option<usize>,
        edits: &mut Vec<Edit>,
        candidates: &mut Vec<u32>,
    ) -> Cow<'t, str> {
        let mut cur = Cow::Borrowed(line);
        if let (Some(lits), Some(from)) = (&self.literals, literal_from) {
            cur = self.replace_literals(lits, cur, from, here, edits);
        }
        // Each regex replacement in order, on the line as the rules before it
        // left it: the candidates are found again after every change.
        let mut stale = true;
        for (slot, &i) in self.regex_rules.iter().enumerate() {
            if stale {
                self.regex_filter.candidates(&cur, candidates);
                stale = false;
            }
            if candidates.binary_search(&(slot as u32)).is_err() {
                continue;
            }
            let rule = &self.rules[i];
            if let Matcher::RegexReplace { re, with } = &rule.matcher {
                if !here.off(i)
                    && rule.within.contains(here.k, here.nonblank)
                    && self.is_match(i, re, &cur)
                    && here.on(i)
                {
                    let before = edits.len();
                    cur = rewrite(rule, here, line, cur, edits, |s| {
                        re.captures_iter(s)
                            .map(|c| {
                                let mut to = String::new();
                                c.expand(with, &mut to);
                                (c.get(0).expect("group 0").range(), to)
                            })
                            .collect()
                    });
                    stale = edits.len() > before;
                }
            }
        }
        for &i in &self.doubled_rules {
            let rule = &self.rules[i];
            if let Matcher::Doubled { except } = &rule.matcher {
                if !here.off(i) && rule.within.contains(here.k, here.nonblank) {
                    cur = rewrite(rule, here, line, cur, edits, |s| {
                        let found = doubled_words(s, except);
                        if found.is_empty() || here.on(i) {
                            found
                        } else {
                            Vec::new()
                        }
                    });
                }
            }
        }
        cur
    }

    fn replace_literals<'t>(
        &self,
        lits: &Literals,
        cur: Cow<'t, str>,
        from: usize,
        here: &Here,
        edits: &mut Vec<Edit>,
    ) -> Cow<'t, str> {
        let s: &str = &cur;
        // Every candidate (overlaps included), so that a match failing its word
        // boundary does not hide a valid one starting at the same place.
        let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
        let input = aho_corasick::Input::new(s).span(from..s.len());
        for m in lits.all().find_overlapping_iter(input) {
            let (ri, li) = lits.owner[m.pattern().as_usize()];
            let rule = &self.rules[ri];
            if here.off(ri)
                || !rule.within.contains(here.k, here.nonblank)
                || !word_bounded(s, m.start(), m.end())
                || !here.on(ri)
            {
                continue;
            }
            let Matcher::Literal(lits) = &rule.matcher else {
                continue;
            };
            if let Some(to) = cased_replacement(&lits[li], &s[m.start()..m.end()]) {
                found.push((m.start(), m.end(), ri, to));
            }
        }
        if found.is_empty() {
            return cur;
        }
        // Leftmost, then longest, then the earliest rule wins.
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut text = String::with_capacity(s.len());
        let mut last = 0;
        for (start, end, ri, to) in found {
            if start < last {
                continue;
            }
            text.push_str(&s[last..start]);
            text.push_str(&to);
            let rule = &self.rules[ri];
            let span = here.start + start..here.start + end;
            edits.push(edit(rule, here, span, &s[start..end], &to));
            last = end;
        }
        text.push_str(&s[last..]);
        Cow::Owned(text)
    }
}

/// The lines of `text` with their byte offsets, each with its `\n`.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        let start = pos;
        if start >= text.len() {
            return None;
        }
        pos =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1);
        Some((start, &text[start..pos]))
    })
}

enum Verdict<'r> {
    Keep,
    Drop,
    Truncate(&'r Rule),
}

/// The value a capture rule lifts from a line: every match of `each` (its first
/// group, or the whole match) as a list; else the `value` group, or group 1, or
/// the whole match of `re`.
fn captured(re: &regex::Regex, each: Option<&regex::Regex>, line: &str) -> Value {
    let pick = |c: regex::Captures| -> String {
        c.name("value")
            .or_else(|| c.get(1))
            .or_else(|| c.get(0))
            .map_or(String::new(), |m| m.as_str().to_string())
    };
    match each {
        Some(each) => Value::Array(
            each.captures_iter(line)
                .map(|c| Value::String(pick(c)))
                .collect(),
        ),
        None => Value::String(re.captures(line).map(pick).unwrap_or_default()),
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_rules;
    use std::cell::Cell;

    #[test]
    fn the_language_is_asked_once_and_only_when_a_rule_for_it_would_act() {
        let set = test_rules(
            r#"
[[rule]]
id = "doubled"
description = "Doubled words"
kind = "doubled_word"
languages = ["en"]

[[rule]]
id = "sig"
description = "A signature"
kind = "drop_line"
languages = ["en"]
pattern = '^Sent from my phone$'

[[rule]]
id = "typo"
description = "A typo"
kind = "replace"
languages = ["en"]
find = "once morest"
with = "against"
"#,
        );
        let asked = Cell::new(0);
        let run = |text: &str, lang: Option<&'static str>| {
            asked.set(0);
            let applied = set.apply_in(
                text,
                &|| {
                    asked.set(asked.get() + 1);
                    lang
                },
                None,
            );
            (applied.text, asked.get())
        };
        let plain = "A line with nothing to fix.\nAnother one.\n";
        assert_eq!(run(plain, Some("en")), (plain.to_string(), 0));
        let debris = "The the vote went once morest him.\nSent from my phone\n";
        assert_eq!(
            run(debris, Some("en")),
            ("The vote went against him.\n".to_string(), 1)
        );
        // Another language: the rules leave the text, having asked once.
        assert_eq!(run(debris, Some("de")), (debris.to_string(), 1));
        // Not known: every rule applies.
        assert_eq!(run(debris, None).0, "The vote went against him.\n");
    }

    #[test]
    fn max_matches_counts_the_head_and_the_tail_apart() {
        let set = test_rules(
            r#"
[[rule]]
id = "date"
description = "A date line"
kind = "drop_line"
within = "head:4, tail:3"
max_matches = 1
pattern = '^\d{4}-\d{2}-\d{2}$'
"#,
        );
        let body = "One.\nTwo.\nThree.\nFour.\nFive.\n";
        // One date under the title and one at the end: each window has one.
        let text = format!("Title\n2024-01-18\n{body}2024-02-01\n");
        assert_eq!(set.apply(&text).text, format!("Title\n{body}"));
        // Two dates in the head: a list of dated posts, and all stay.
        let text = format!("Title\n2024-01-18\nPost.\n2024-01-17\n{body}");
        assert_eq!(set.apply(&text).text, text);
        // Dates out of both windows do not count.
        let text = format!("Title\n2024-01-18\n{body}2023-05-05\n{body}");
        let applied = set.apply(&text);
        assert_eq!(applied.edits.len(), 1);
        assert!(applied.text.contains("2023-05-05"));
    }
}
