//! The shape of a line: what stays the same when a site prints "the same" line
//! on every page. Digits, month and weekday names and runs of hashtags are
//! abstracted into classes, the rest is kept as written; two lines with the
//! same [`Shape::key`] are one recurring line, and [`Shape::pattern`] is a
//! regular expression that matches every line of that shape (and, where the
//! lines differ only in a date or a number, abstracts exactly that).

/// Month names and their common abbreviations, as one regex alternation.
const MONTHS: &str = "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)";
const WEEKDAYS: &str = "(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:rs(?:day)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)";

/// One piece of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text kept as written.
    Literal(String),
    /// A run of digits.
    Number,
    Month,
    Weekday,
    /// One or more hashtags separated by spaces.
    Hashtags,
    /// The names of a byline: capitalised words after a leading "By", with
    /// "and", "&" or commas between them.
    Names,
}

/// The names of a byline, as a regex: capitalised words, joined by spaces,
/// commas, "and" or "&".
const NAMES: &str = r"\p{Lu}[\p{L}'.\-]*(?:,?\s+(?:(?:and|&)\s+)?\p{Lu}[\p{L}'.\-]*)*";

/// Splits a byline ("By Jane Doe and John Roe | ...") into its "By ", the
/// names and the rest; `None` for any other line.
fn byline(line: &str) -> Option<(&str, &str, &str)> {
    let names = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("by "))?;
    let capitalised = |w: &str| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_alphabetic() || matches!(c, '\'' | '.' | '-'))
    };
    // Where the last capitalised word of the run of names ends.
    let (mut end, mut at) = (0, 0);
    for word in names.split(' ') {
        let bare = word.strip_suffix(',').unwrap_or(word);
        if capitalised(bare) {
            end = at + bare.len();
        } else if end == 0 || !matches!(word, "and" | "&") {
            break;
        }
        at += word.len() + 1;
    }
    (end > 0).then(|| (&line[..3], &names[..end], &names[end..]))
}

/// A line's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Case-folded, with classes as `<0>`, `<month>`, `<day>`, `<#>`: lines
    /// with the same key are the same recurring line.
    pub key: String,
    pieces: Vec<Piece>,
}

/// A month's name or its three-letter abbreviation ("Sept" too). "May" and
/// "March" are also words: only their capitalised forms count.
fn is_month(word: &str) -> bool {
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    (capitalised || !matches!(word, "may" | "march"))
        && (word.eq_ignore_ascii_case("sept") || word.parse::<chrono::Month>().is_ok())
}

/// A capitalised weekday name or its abbreviation.
fn is_weekday(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) && word.parse::<chrono::Weekday>().is_ok()
}

impl Shape {
    /// The shape of `line` (trimmed).
    pub fn of(line: &str) -> Shape {
        let mut pieces: Vec<Piece> = Vec::new();
        let push_literal = |pieces: &mut Vec<Piece>, s: &str| match pieces.last_mut() {
            Some(Piece::Literal(l)) => l.push_str(s),
            _ => pieces.push(Piece::Literal(s.to_string())),
        };
        let line = line.trim();
        let mut rest = line;
        if let Some((by, _, after)) = byline(line) {
            pieces.push(Piece::Literal(by.to_string()));
            pieces.push(Piece::Names);
            rest = after;
        }
        while let Some(c) = rest.chars().next() {
            let run = |pred: &dyn Fn(char) -> bool| -> usize {
                rest.find(|ch: char| !pred(ch)).unwrap_or(rest.len())
            };
            if c.is_ascii_digit() {
                let n = run(&|ch| ch.is_ascii_digit());
                pieces.push(Piece::Number);
                rest = &rest[n..];
            } else if c == '#' && rest[1..].starts_with(|ch: char| ch.is_alphanumeric()) {
                let n = 1 + rest[1..]
                    .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .unwrap_or(rest.len() - 1);
                // Hashtags separated by spaces are one class: the tags differ
                // from page to page, and so does their number.
                let gap = pieces.len() >= 2
                    && pieces[pieces.len() - 2] == Piece::Hashtags
                    && matches!(pieces.last(), Some(Piece::Literal(s)) if s.trim().is_empty());
                if gap {
                    pieces.pop();
                } else if pieces.last() != Some(&Piece::Hashtags) {
                    pieces.push(Piece::Hashtags);
                }
                rest = &rest[n..];
            } else if c.is_alphabetic() {
                let n = run(&|ch| ch.is_alphabetic());
                let word = &rest[..n];
                if is_month(word) {
                    pieces.push(Piece::Month);
                } else if is_weekday(word) {
                    pieces.push(Piece::Weekday);
                } else {
                    push_literal(&mut pieces, word);
                }
                rest = &rest[n..];
            } else {
                push_literal(&mut pieces, &rest[..c.len_utf8()]);
                rest = &rest[c.len_utf8()..];
            }
        }
        let key = pieces
            .iter()
            .map(|p| match p {
                Piece::Literal(s) => s.to_lowercase(),
                Piece::Number => "<0>".into(),
                Piece::Month => "<month>".into(),
                Piece::Weekday => "<day>".into(),
                Piece::Hashtags => "<#>".into(),
                Piece::Names => "<names>".into(),
            })
            .collect();
        Shape { key, pieces }
    }

    /// Whether every piece is a class (a bare number, a line of hashtags, a
    /// date): such a line is never the marker of a page's tail.
    pub fn only_classes(&self) -> bool {
        !self
            .pieces
            .iter()
            .any(|p| matches!(p, Piece::Literal(s) if s.chars().any(char::is_alphabetic)))
    }

    /// Whether the shape abstracts anything (a number, a date, hashtags).
    pub fn has_classes(&self) -> bool {
        self.pieces.iter().any(|p| !matches!(p, Piece::Literal(_)))
    }

    /// A regex, anchored at both ends, for every line of this shape; literal
    /// text is matched ignoring case when `fold_case` (the variants seen
    /// differ in case).
    pub fn pattern(&self, fold_case: bool) -> String {
        let mut out = String::from(if fold_case { "(?i)^" } else { "^" });
        for p in &self.pieces {
            match p {
                Piece::Literal(s) => out.push_str(&regex_syntax::escape(s)),
                Piece::Number => out.push_str(r"\d+"),
                Piece::Month => out.push_str(MONTHS),
                Piece::Weekday => out.push_str(WEEKDAYS),
                Piece::Hashtags => out.push_str(r"#\w+(?:\s+#\w+)*"),
                Piece::Names => out.push_str(NAMES),
            }
        }
        out.push('$');
        out
    }

    /// Words of literal text, for a rule id; the classes' names for a line
    /// of classes only.
    pub fn slug(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        for p in &self.pieces {
            let found: Vec<String> = match p {
                Piece::Literal(s) => s
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect(),
                Piece::Names => vec!["names".into()],
                _ if !self.only_classes() => Vec::new(),
                Piece::Number => vec!["number".into()],
                Piece::Month | Piece::Weekday => vec!["date".into()],
                Piece::Hashtags => vec!["hashtags".into()],
            };
            for w in found {
                if words.len() < 4 && words.last() != Some(&w) {
                    words.push(w);
                }
            }
        }
        if words.is_empty() {
            "line".into()
        } else {
            words.join("-")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn lines_that_differ_in_a_date_or_number_share_a_shape() {
        let a = Shape::of("By Staff | January 18, 2024");
        let b = Shape::of("By Staff | Mar 3, 2023");
        assert_eq!(a.key, b.key);
        assert_eq!(a.key, "by <names> | <month> <0>, <0>");
        let re = Regex::new(&a.pattern(false)).unwrap();
        assert!(re.is_match("By Staff | Mar 3, 2023"));
        assert!(!re.is_match("By Staff | soon"));
        assert_ne!(
            Shape::of("Leave a Reply").key,
            Shape::of("Leave a Replay").key
        );
    }

    #[test]
    fn hashtags_are_one_class_whatever_their_number() {
        let a = Shape::of("#Pakistan #carries #attacks");
        let b = Shape::of("#Iran #Border");
        assert_eq!(a.key, "<#>");
        assert_eq!(a.key, b.key);
        assert!(a.only_classes());
        let re = Regex::new(&a.pattern(false)).unwrap();
        assert!(re.is_match("#Iran #Border #x"));
        assert!(!re.is_match("#Iran and more"));
    }

    #[test]
    fn an_epoch_and_a_timestamp_are_numbers() {
        assert_eq!(Shape::of("1705568933").key, "<0>");
        let t = Shape::of("2024-01-18 05:38:00");
        assert_eq!(t.key, "<0>-<0>-<0> <0>:<0>:<0>");
        let re = Regex::new(&t.pattern(false)).unwrap();
        assert!(re.is_match("2023-12-01 23:01:59"));
    }

    #[test]
    fn a_bylines_names_are_a_class() {
        let a = Shape::of("By Jane Doe | January 18, 2024");
        let b = Shape::of("By Jean-Luc O'Neill and Ann Roe | Mar 3, 2023");
        assert_eq!(a.key, "by <names> | <month> <0>, <0>");
        assert_eq!(a.key, b.key);
        let re = Regex::new(&a.pattern(false)).unwrap();
        assert!(re.is_match("By Jean-Luc O'Neill and Ann Roe | Mar 3, 2023"));
        assert!(re.is_match("By Élodie Brun, Staff | May 1, 2020"));
        assert_eq!(
            Shape::of("By the way, it rained").key,
            "by the way, it rained"
        );
        assert_eq!(a.slug(), "by-names");
    }

    #[test]
    fn the_word_may_is_not_a_month_unless_capitalised() {
        assert_eq!(Shape::of("you may like").key, "you may like");
        assert_eq!(Shape::of("May 5").key, "<month> <0>");
        assert_eq!(Shape::of("Leave a Replay").slug(), "leave-a-replay");
        assert_eq!(Shape::of("2024-01-18 05:38:00").slug(), "number");
        assert_eq!(Shape::of("#a #b").slug(), "hashtags");
        let special = Shape::of("Share (2) [x]+?");
        assert!(
            Regex::new(&special.pattern(true))
                .unwrap()
                .is_match("share (7) [X]+?")
        );
    }
}
