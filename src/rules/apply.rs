//! Running a [`RuleSet`] over one document's text. Line rules (drop, truncate,
//! capture) decide whether a line stays; then inline rules (literal and regex
//! replacements, doubled words) rewrite the lines that stay. Every change is
//! recorded as an [`Edit`]; lines no rule touches are copied without allocating.

use super::compile::{Literal, Matcher, RuleSet};
use super::{Edit, Kind, Rule};
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
        let mut out = Applied {
            text: String::with_capacity(text.len()),
            ..Applied::default()
        };
        let nonblank = text.lines().filter(|l| !l.trim().is_empty()).count();
        let mut k = 0; // index of the current line among non-blank lines
        let mut offset = 0;
        for (n, raw_line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += raw_line.len();
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
            };
            k += 1;
            match self.line_verdict(trimmed, &here, &mut out) {
                Verdict::Keep => {}
                Verdict::Drop => continue,
                Verdict::Truncate(rule) => {
                    out.edits
                        .push(edit(rule, &here, start..text.len(), &text[start..], ""));
                    break;
                }
            }
            let line = self.inline(line, &here, &mut out.edits);
            out.text.push_str(&line);
            out.text.push('\n');
        }
        out
    }

    fn line_verdict<'r>(&'r self, trimmed: &str, here: &Here, out: &mut Applied) -> Verdict<'r> {
        if self.line_rules.is_empty() || !self.line_window.contains(here.k, here.nonblank) {
            return Verdict::Keep;
        }
        let matches = self.line_set.matches(trimmed);
        if !matches.matched_any() {
            return Verdict::Keep;
        }
        let span = here.start..here.start + trimmed.len();
        for set_index in matches.iter() {
            let rule = &self.rules[self.line_rules[set_index]];
            if !rule.within.contains(here.k, here.nonblank) {
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

    /// Applies the inline rules to one kept line.
    fn inline<'t>(&self, line: &'t str, here: &Here, edits: &mut Vec<Edit>) -> Cow<'t, str> {
        let mut cur = Cow::Borrowed(line);
        if let Some(ac) = &self.literals {
            cur = self.replace_literals(ac, cur, here, edits);
        }
        if !self.regex_rules.is_empty() {
            let matches = self.regex_set.matches(&cur);
            for set_index in matches.iter() {
                let rule = &self.rules[self.regex_rules[set_index]];
                if let Matcher::RegexReplace { re, with } = &rule.matcher {
                    if rule.within.contains(here.k, here.nonblank) {
                        cur = rewrite(rule, here, line, cur, edits, |s| {
                            re.captures_iter(s)
                                .map(|c| {
                                    let mut to = String::new();
                                    c.expand(with, &mut to);
                                    (c.get(0).expect("group 0").range(), to)
                                })
                                .collect()
                        });
                    }
                }
            }
        }
        for &i in &self.doubled_rules {
            let rule = &self.rules[i];
            if let Matcher::Doubled { except } = &rule.matcher {
                if rule.within.contains(here.k, here.nonblank) {
                    cur = rewrite(rule, here, line, cur, edits, |s| doubled_words(s, except));
                }
            }
        }
        cur
    }

    fn replace_literals<'t>(
        &self,
        ac: &aho_corasick::AhoCorasick,
        cur: Cow<'t, str>,
        here: &Here,
        edits: &mut Vec<Edit>,
    ) -> Cow<'t, str> {
        let s: &str = &cur;
        // Every candidate (overlaps included), so that a match failing its word
        // boundary does not hide a valid one starting at the same place.
        let mut found: Vec<(usize, usize, usize, String)> = Vec::new();
        for m in ac.find_overlapping_iter(s) {
            let (ri, li) = self.literal_owner[m.pattern().as_usize()];
            let rule = &self.rules[ri];
            if !rule.within.contains(here.k, here.nonblank) || !word_bounded(s, m.start(), m.end())
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

/// Where in the document the current line is.
struct Here {
    /// 1-based line number.
    line: usize,
    /// Index among non-blank lines, and their count, for `within` limits.
    k: usize,
    nonblank: usize,
    /// Byte offset of the line in the input.
    start: usize,
}

enum Verdict<'r> {
    Keep,
    Drop,
    Truncate(&'r Rule),
}

fn edit(rule: &Rule, here: &Here, span: std::ops::Range<usize>, before: &str, after: &str) -> Edit {
    Edit {
        rule: rule.id.clone(),
        kind: rule.kind,
        line: here.line,
        span,
        before: before.to_string(),
        after: after.to_string(),
    }
}

/// Replaces the ranges `find` returns in `cur`, recording one edit per range.
/// Spans point into the input when the line is still as it was read; otherwise
/// they cover the whole input line.
fn rewrite<'t>(
    rule: &Rule,
    here: &Here,
    original: &str,
    cur: Cow<'t, str>,
    edits: &mut Vec<Edit>,
    find: impl Fn(&str) -> Vec<(std::ops::Range<usize>, String)>,
) -> Cow<'t, str> {
    let changes = find(&cur);
    if changes.is_empty() {
        return cur;
    }
    let pristine = *cur == *original;
    let mut text = String::with_capacity(cur.len());
    let mut last = 0;
    for (range, to) in changes {
        text.push_str(&cur[last..range.start]);
        text.push_str(&to);
        let span = if pristine {
            here.start + range.start..here.start + range.end
        } else {
            here.start..here.start + original.len()
        };
        edits.push(edit(rule, here, span, &cur[range.clone()], &to));
        last = range.end;
    }
    text.push_str(&cur[last..]);
    Cow::Owned(text)
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn word_bounded(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c));
    let after = s[end..].chars().next().is_none_or(|c| !is_word_char(c));
    before && after
}

/// The replacement in the case of the match: lower, Title or UPPER; a match in
/// mixed case is left alone. A case-sensitive literal needs an exact match.
fn cased_replacement(lit: &Literal, matched: &str) -> Option<String> {
    if lit.case_sensitive {
        return (matched == lit.find).then(|| lit.with.clone());
    }
    let mut letters = matched.chars().filter(|c| c.is_alphabetic());
    let first_upper = letters.next().is_some_and(char::is_uppercase);
    let (mut upper, mut lower) = (0, 0);
    for c in letters {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    match (first_upper, upper, lower) {
        (false, 0, _) => Some(lit.with.clone()),
        (true, 0, _) => {
            let mut chars = lit.with.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
        }
        (true, _, 0) => Some(lit.with.to_uppercase()),
        _ => None,
    }
}

/// Ranges of accidentally doubled words and their single form: "the the" and
/// "The the" become "the"/"The"; numbers and the `except` words are left alone.
/// Words are runs of letters and digits, joined by inner hyphens or apostrophes,
/// and a doubling only counts across exactly one space.
fn doubled_words(
    s: &str,
    except: &std::collections::HashSet<String>,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut prev: Option<std::ops::Range<usize>> = None;
    for word in words(s) {
        if let Some(p) = prev.clone() {
            let (a, b) = (&s[p.clone()], &s[word.clone()]);
            let same =
                a == b || (a.eq_ignore_ascii_case(b) && b.chars().all(|c| !c.is_uppercase()));
            if p.end + 1 == word.start
                && s.as_bytes()[p.end] == b' '
                && same
                && !a.chars().all(|c| c.is_numeric())
                && !except.contains(&a.to_lowercase())
            {
                out.push((p.start..word.end, a.to_string()));
                prev = None;
                continue;
            }
        }
        prev = Some(word);
    }
    out
}

/// Word ranges in `s`.
fn words(s: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut chars = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                chars.next();
            } else if matches!(c, '-' | '\'' | '\u{2019}')
                && s[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                chars.next();
            } else {
                break;
            }
        }
        Some(start..end.max(start + s[start..].chars().next().map_or(1, char::len_utf8)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(find: &str, with: &str) -> Literal {
        Literal {
            find: find.into(),
            with: with.into(),
            case_sensitive: find.chars().any(char::is_uppercase),
        }
    }

    #[test]
    fn replacement_takes_the_case_of_the_match() {
        let l = lit("once morest", "against");
        assert_eq!(
            cased_replacement(&l, "once morest").as_deref(),
            Some("against")
        );
        assert_eq!(
            cased_replacement(&l, "Once morest").as_deref(),
            Some("Against")
        );
        assert_eq!(
            cased_replacement(&l, "ONCE MOREST").as_deref(),
            Some("AGAINST")
        );
        assert_eq!(cased_replacement(&l, "oNcE morest"), None);
    }

    #[test]
    fn a_find_with_capitals_matches_exactly() {
        let l = lit("Middle East East", "Middle East");
        assert_eq!(
            cased_replacement(&l, "Middle East East").as_deref(),
            Some("Middle East")
        );
        assert_eq!(cased_replacement(&l, "middle east east"), None);
    }

    #[test]
    fn literals_need_word_boundaries() {
        assert!(word_bounded("a once morest b", 2, 13));
        assert!(!word_bounded("xonce morest", 1, 12));
        assert!(!word_bounded("once morests", 0, 11));
        assert!(word_bounded("(once morest)", 1, 12));
    }

    #[test]
    fn doubled_words_respect_exceptions_numbers_and_hyphens() {
        let except = ["had".to_string()].into_iter().collect();
        let found = |s: &str| {
            doubled_words(s, &except)
                .into_iter()
                .map(|(r, w)| (s[r].to_string(), w))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found("in the the end"),
            vec![("the the".into(), "the".into())]
        );
        assert_eq!(found("The the end"), vec![("The the".into(), "The".into())]);
        assert!(found("she had had enough").is_empty());
        assert!(found("in 2024 2024").is_empty());
        assert!(found("Boutros Boutros-Ghali").is_empty());
        assert!(found("the  the").is_empty(), "only a single space counts");
        assert!(found("the The Times").is_empty());
        assert_eq!(
            found("Middle East East"),
            vec![("East East".into(), "East".into())]
        );
    }

    #[test]
    fn words_keep_inner_hyphens_and_apostrophes() {
        let s = "it's well-known - ok";
        let w: Vec<&str> = words(s).map(|r| &s[r]).collect();
        assert_eq!(w, vec!["it's", "well-known", "ok"]);
    }
}
