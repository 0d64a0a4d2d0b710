//! Spinner artifacts and typos (issue 18, item 2): lower-case tokens that
//! recur in the crawl's English documents but are not English words, read
//! back into the word they were.
//!
//! "Not a word" is measured against [`Dictionary::english`] (wordfreq's
//! 50,000 most frequent English words). A fix is
//! proposed when the token splits into a part a spinner writes for a word
//! (`data/spinner-synonyms.txt`: "following" for "after") and a rest that,
//! joined to that word, is a word ("followingnoon" -> "afternoon"; with the
//! word before it, "once morest" -> "against"), or when the crawl itself
//! shows the same swap with three endings or more ("followingnoon",
//! "followingmath", "followingwards" all read as words with "after"), or
//! when the token is a typo of a common word (two letters swapped, a letter
//! doubled). Tokens without a fix are
//! listed for review, never written as rules. Counts live in a bounded map.

use super::dictionary::Dictionary;
use super::{Action, Candidate, Settings};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

const SYNONYMS: &str = include_str!("data/spinner-synonyms.txt");
/// Shorter tokens are too often abbreviations or names.
const MIN_LEN: usize = 5;
/// Words a token is kept for each token: the words seen before it.
const BEFORE_KEPT: usize = 8;
/// A swap the crawl shows is trusted with this many different endings.
const MIN_SWAP_ENDINGS: usize = 3;

/// What spinners write for a word: (word, replacement words).
fn synonyms() -> &'static [(&'static str, Vec<&'static str>)] {
    static PAIRS: LazyLock<Vec<(&str, Vec<&str>)>> = LazyLock::new(|| {
        SYNONYMS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(word, spun)| (word, spun.split(' ').collect()))
            .collect()
    });
    &PAIRS
}

/// One unknown token of a document, with the word before it and its line.
#[derive(Debug, Clone)]
pub struct TokenSeen {
    token: String,
    before: String,
    line: String,
}

/// The distinct unknown lower-case tokens of an English `text`.
pub fn observe(text: &str) -> Vec<TokenSeen> {
    let dict = Dictionary::english();
    let mut seen: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let mut before = String::new();
        for chunk in line.split_whitespace() {
            let word = chunk.trim_matches(|c: char| !c.is_alphanumeric());
            // URLs, handles, file names, numbers and names are not prose words.
            let plain = !word.is_empty()
                && !chunk.contains(['/', '@', '_', '=', '#'])
                && !word.contains('.')
                && word.chars().all(|c| c.is_ascii_lowercase());
            if plain && word.len() >= MIN_LEN && !dict.knows(word) && seen.insert(word.to_string())
            {
                let mut line = line.trim().to_string();
                if line.len() > 400 {
                    line = String::new();
                }
                out.push(TokenSeen {
                    token: word.to_string(),
                    before: before.clone(),
                    line,
                });
            }
            before = word.to_lowercase();
        }
    }
    out
}

#[derive(Debug, Default)]
struct TokenStat {
    docs: u64,
    sites: HashSet<u64>,
    before: HashMap<String, u32>,
    line: String,
}

/// Unknown tokens over the crawl, in bounded memory.
#[derive(Debug)]
pub struct TokenTally {
    tokens: HashMap<String, TokenStat>,
    budget: usize,
    floor: u64,
}

impl TokenTally {
    pub fn new(budget: usize) -> TokenTally {
        TokenTally {
            tokens: HashMap::new(),
            budget: budget.max(1000),
            floor: 1,
        }
    }

    pub fn add(&mut self, site: &str, seen: &[TokenSeen]) {
        let site = xxhash_rust::xxh3::xxh3_64(site.as_bytes());
        for s in seen {
            let stat = self.tokens.entry(s.token.clone()).or_default();
            stat.docs += 1;
            if stat.sites.len() < 64 {
                stat.sites.insert(site);
            }
            if stat.before.len() < BEFORE_KEPT || stat.before.contains_key(&s.before) {
                *stat.before.entry(s.before.clone()).or_default() += 1;
            }
            if stat.line.is_empty() {
                stat.line = s.line.clone();
            }
        }
        while self.tokens.len() > self.budget {
            let floor = self.floor;
            self.tokens.retain(|_, s| s.docs > floor);
            self.floor += 1;
        }
    }

    /// Replacement candidates (tokens with a fix), then notes for the tokens
    /// without one; most documents first in each.
    pub fn candidates(&self, settings: &Settings) -> Vec<Candidate> {
        let dict = Dictionary::english();
        let frequent: Vec<(&String, &TokenStat)> = self
            .tokens
            .iter()
            .filter(|(_, s)| s.docs >= settings.min_docs)
            .collect();
        let votes = swap_votes(dict, frequent.iter().map(|(t, _)| t.as_str()));
        let mut fixed = Vec::new();
        let mut open = Vec::new();
        for (token, stat) in frequent {
            let before = stat
                .before
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(w, n)| (w.as_str(), *n))
                .unwrap_or(("", 0));
            let evidence = format!(
                "'{token}' is in {} documents of {} site(s) and is not an English word \
                 (not among wordfreq's 50,000 most frequent)",
                stat.docs,
                stat.sites.len()
            );
            match fix(dict, &votes, token, before) {
                Some(fix) => fixed.push(candidate(token, stat, evidence, fix)),
                None if split(dict, token).is_some() || stat.docs >= 3 * settings.min_docs => {
                    open.push(note(token, stat, evidence, dict))
                }
                None => {}
            }
        }
        for list in [&mut fixed, &mut open] {
            list.sort_by(|a, b| b.docs.cmp(&a.docs).then(a.id.cmp(&b.id)));
        }
        fixed.extend(open);
        fixed
    }
}

/// A fix: the literal to find, what to write, and why.
struct Fix {
    find: String,
    with: String,
    why: String,
    /// `spinner` or `typo`, for the rule's id.
    what: &'static str,
}

/// How `token` splits into two common words, if it does.
fn split<'t>(dict: &Dictionary, token: &'t str) -> Option<(&'t str, &'t str)> {
    (3..token.len().saturating_sub(2))
        .filter(|&i| token.is_char_boundary(i))
        .map(|i| token.split_at(i))
        .find(|(a, b)| dict.common(a) && dict.common(b))
}

/// Swaps the crawl shows: (part of a token, the word it stands for) -> the
/// number of different endings with which tokens read as words through that
/// swap ("followingnoon", "followingmath", "followingwards": three for
/// ("following", "after"); inflections count as one). A part that is a
/// prefix of many words ("over", "under") shows no swap.
fn swap_votes<'a>(
    dict: &'static Dictionary,
    tokens: impl Iterator<Item = &'a str>,
) -> HashMap<(String, &'static str), usize> {
    let mut endings: HashMap<(String, &str), HashSet<&str>> = HashMap::new();
    for token in tokens {
        for (part, rest) in prefix_splits(dict, token) {
            for word in dict.ending_in(rest) {
                let head = &word[..word.len() - rest.len()];
                if head != part && head.len() >= 2 && dict.common(head) && !dict.prefix(part) {
                    endings
                        .entry((part.to_string(), head))
                        .or_default()
                        .insert(stem(rest));
                }
            }
        }
    }
    endings.into_iter().map(|(k, v)| (k, v.len())).collect()
}

/// An ending without its inflection: "write", "writes", "writing" are one.
fn stem(ending: &str) -> &str {
    ["ing", "ed", "es", "s", "d", "e"]
        .iter()
        .find_map(|end| ending.strip_suffix(end).filter(|s| s.len() >= 2))
        .unwrap_or(ending)
}

/// The splits of `token` into a common word and a rest of 3 to 6 letters.
fn prefix_splits<'t>(dict: &Dictionary, token: &'t str) -> Vec<(&'t str, &'t str)> {
    (3..token.len())
        .filter(|&i| token.is_char_boundary(i) && (3..=6).contains(&(token.len() - i)))
        .map(|i| token.split_at(i))
        .filter(|(part, _)| dict.common(part))
        .collect()
}

/// The word `token` stands for, if it can be read back.
fn fix(
    dict: &Dictionary,
    votes: &HashMap<(String, &'static str), usize>,
    token: &str,
    (before, _): (&str, u32),
) -> Option<Fix> {
    for (word, spun) in synonyms() {
        let last = spun[spun.len() - 1];
        let lead = &spun[..spun.len() - 1];
        if lead.len() > 1 || (lead.len() == 1 && lead[0] != before) {
            continue;
        }
        let find = match lead.first() {
            Some(w) => format!("{w} {token}"),
            None => token.to_string(),
        };
        let why = format!("spinners write '{}' for '{word}'", spun.join(" "));
        for (at, _) in token.match_indices(last) {
            let (start, rest) = (&token[..at], &token[at + last.len()..]);
            // A spun phrase of several words can only open the token.
            if (start.is_empty() && rest.is_empty()) || (!lead.is_empty() && !start.is_empty()) {
                continue;
            }
            let original = format!("{start}{word}{rest}");
            if dict.zipf(&original).is_some() {
                let parts: Vec<&str> = [start, last, rest]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect();
                let why = format!("it reads as '{}', and {why}", parts.join("' + '"));
                return Some(Fix {
                    what: "spinner",
                    find,
                    with: original,
                    why,
                });
            }
        }
    }
    if let Some(fix) = typo(dict, token) {
        return Some(fix);
    }
    // The swap the crawl shows most often, if it shows it with enough endings.
    let best = prefix_splits(dict, token)
        .into_iter()
        .flat_map(|(part, rest)| {
            dict.ending_in(rest).filter_map(move |word| {
                let head = &word[..word.len() - rest.len()];
                let n = votes.get(&(part.to_string(), head)).copied()?;
                Some((n, dict.zipf(word).unwrap_or(0.0), part, head, word))
            })
        })
        .filter(|c| c.0 >= MIN_SWAP_ENDINGS)
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(b.4.cmp(a.4)))?;
    let (n, _, part, head, word) = best;
    Some(Fix {
        what: "spinner",
        find: token.to_string(),
        with: word.to_string(),
        why: format!(
            "it reads as '{part}' + '{}', and {n} tokens of this crawl read as words with '{head}' for '{part}'",
            &token[part.len()..]
        ),
    })
}

/// A typo: the one common word that two neighbouring letters swapped back
/// make ("adveritsement" -> "advertisement"), or that one letter of a
/// doubled pair less makes ("restaurrant" -> "restaurant"); the most frequent
/// if several do, none
/// if two are about as frequent.
fn typo(dict: &Dictionary, token: &str) -> Option<Fix> {
    let bytes = token.as_bytes();
    let mut found: Vec<(f32, String, &str)> = Vec::new();
    for i in 0..bytes.len() - 1 {
        if bytes[i] != bytes[i + 1] {
            let mut swapped = bytes.to_vec();
            swapped.swap(i, i + 1);
            found.push((0.0, String::from_utf8(swapped).ok()?, "two letters swapped"));
        }
    }
    // Only a doubled letter: "async" is no typo of "sync".
    for i in (1..bytes.len()).filter(|&i| bytes[i] == bytes[i - 1]) {
        let mut shorter = bytes.to_vec();
        shorter.remove(i);
        found.push((0.0, String::from_utf8(shorter).ok()?, "a letter too many"));
    }
    for f in &mut found {
        f.0 = dict.zipf(&f.1).filter(|_| dict.common(&f.1)).unwrap_or(0.0);
    }
    found.retain(|f| f.0 > 0.0);
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    found.dedup_by(|a, b| a.1 == b.1);
    // Two readings within a factor of ten of each other: no way to choose.
    if found.len() > 1 && found[0].0 - found[1].0 < 1.0 {
        return None;
    }
    let (_, word, how) = found.into_iter().next()?;
    Some(Fix {
        what: "typo",
        find: token.to_string(),
        why: format!("a typo ({how}) of the common word '{word}'"),
        with: word,
    })
}

/// `line` with the word-bounded `find` replaced by `with` in the case of the
/// match, as a `replace` rule does it.
fn replaced(line: &str, find: &str, with: &str) -> String {
    let re = regex::Regex::new(&format!(r"(?i)\b{}\b", regex::escape(find))).expect("escaped");
    re.replace_all(line, |m: &regex::Captures| {
        let found = &m[0];
        if found.chars().next().is_some_and(char::is_uppercase) {
            let mut c = with.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        } else {
            with.to_string()
        }
    })
    .into_owned()
}

fn candidate(token: &str, stat: &TokenStat, evidence: String, fix: Fix) -> Candidate {
    let mut examples = Vec::new();
    let output = replaced(&stat.line, &fix.find, &fix.with);
    if !stat.line.is_empty() && output != stat.line {
        examples.push((format!("{}\n", stat.line), format!("{output}\n")));
    }
    Candidate {
        id: format!("suggested.{}.{token}", fix.what),
        description: format!("{evidence}; {}: '{}'", fix.why, fix.with),
        action: Action::Replace {
            find: fix.find,
            with: fix.with,
        },
        examples,
        docs: stat.docs,
        score: stat.sites.len() as f64,
        review: Some("a proposed fix: check that it is the word meant".into()),
        check: None,
        own: Vec::new(),
    }
}

fn note(token: &str, stat: &TokenStat, evidence: String, dict: &Dictionary) -> Candidate {
    let how = match split(dict, token) {
        Some((a, b)) => format!("; it splits into '{a}' + '{b}', but no swap reads it back"),
        None => String::new(),
    };
    Candidate {
        id: format!("suggested.unknown.{token}"),
        action: Action::Note,
        description: format!("{evidence}{how}; e.g. \"{}\"", stat.line),
        examples: Vec::new(),
        docs: stat.docs,
        score: stat.sites.len() as f64,
        review: Some("no fix found: a typo, a spinner artifact or a rare word".into()),
        check: None,
        own: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(texts: &[&str]) -> Vec<Candidate> {
        let mut t = TokenTally::new(10_000);
        for (i, text) in texts.iter().enumerate() {
            t.add(&format!("site{}", i % 2), &observe(text));
        }
        t.candidates(&Settings {
            min_docs: 2,
            ..Settings::default()
        })
    }

    fn replace_of(found: &[Candidate], id: &str) -> Option<(String, String)> {
        found
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| match &c.action {
                Action::Replace { find, with } => Some((find.clone(), with.clone())),
                _ => None,
            })
    }

    #[test]
    fn spinner_swaps_are_read_back_into_words() {
        let found = tally(&[
            "They met in the followingnoon and fought once morest the plan.",
            "Once morest all odds, the followingnoon was calm.",
            "It was an outremaining result, a brand new zorblax.",
            "An outremaining effort in the followingnoon.",
        ]);
        assert_eq!(
            replace_of(&found, "suggested.spinner.followingnoon"),
            Some(("followingnoon".into(), "afternoon".into()))
        );
        assert_eq!(
            replace_of(&found, "suggested.spinner.morest"),
            Some(("once morest".into(), "against".into()))
        );
        assert_eq!(
            replace_of(&found, "suggested.spinner.outremaining"),
            Some(("outremaining".into(), "outstanding".into()))
        );
        // Seen in one document only.
        assert!(!found.iter().any(|c| c.id.ends_with("zorblax")));
    }

    #[test]
    fn a_swap_the_crawl_shows_with_three_endings_is_read_back() {
        let found = tally(&[
            "We watched the solarset and the solarrise by the sea.",
            "After the solarset came solarshine and a solarrise.",
            "The solarshine was bright. An overbuild, an overpay, an overwrite.",
            "Overbuild and overpay and overwrite again.",
        ]);
        for (token, word) in [
            ("solarset", "sunset"),
            ("solarrise", "sunrise"),
            ("solarshine", "sunshine"),
        ] {
            let id = format!("suggested.spinner.{token}");
            assert_eq!(
                replace_of(&found, &id),
                Some((token.into(), word.into())),
                "{id}"
            );
        }
        // "over" starts many words: a prefix, not a swapped word.
        assert!(replace_of(&found, "suggested.spinner.overpay").is_none());
    }

    #[test]
    fn typos_are_read_back_into_the_common_word() {
        let d = Dictionary::english();
        let fix = |t: &str| typo(d, t).map(|f| f.with);
        assert_eq!(fix("adveritsement").as_deref(), Some("advertisement"));
        assert_eq!(fix("agnecy").as_deref(), Some("agency"));
        assert_eq!(fix("restaurrant").as_deref(), Some("restaurant"));
        assert_eq!(fix("zorblax"), None);
    }

    #[test]
    fn names_urls_and_known_words_are_not_tokens() {
        let seen =
            observe("Visit www.example.com/afterx or @followingx; Zorblax said hello regroupings.");
        assert!(seen.is_empty(), "{seen:?}");
        assert_eq!(
            replaced("Once morest it, once morest.", "once morest", "against"),
            "Against it, against."
        );
    }
}
