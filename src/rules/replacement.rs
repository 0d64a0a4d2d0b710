//! Checks of a `regex_replace` rule's pattern and replacement together, the
//! mistakes that compile but silently do harm: a pattern that matches the
//! empty string (it inserts `with` between characters), and a `$N` or
//! `${name}` of a group the pattern does not have (the regex crate expands it
//! to nothing, so the matched text is deleted). `$1a` is the classic: it names
//! a group called `1a`, not group 1 followed by `a`.

use super::diag::Code;
use regex::Regex;

/// A finding about a replacement: code, message and help.
pub(crate) struct Finding {
    pub code: Code,
    pub message: String,
    pub help: String,
}

/// Every problem of `with` for `re`.
pub(crate) fn check(re: &Regex, with: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let empty = regex_syntax::ParserBuilder::new()
        .build()
        .parse(re.as_str())
        .is_ok_and(|hir| hir.properties().minimum_len() == Some(0));
    if empty {
        out.push(Finding {
            code: Code::EmptyMatch,
            message: "the pattern can match the empty string, so `with` is inserted where nothing matched"
                .into(),
            help: "make it match at least one character (`+` instead of `*`, no optional-only pattern)"
                .into(),
        });
    }
    for group in references(with) {
        let exists = match group.parse::<usize>() {
            Ok(n) => n < re.captures_len(),
            Err(_) => re.capture_names().flatten().any(|name| name == group),
        };
        if exists {
            continue;
        }
        let digits: String = group.chars().take_while(char::is_ascii_digit).collect();
        let help = if !digits.is_empty() && digits.len() < group.len() {
            format!(
                "`${group}` names a group called `{group}`; for group {digits} followed by `{}`, write `${{{digits}}}{}`",
                &group[digits.len()..],
                &group[digits.len()..]
            )
        } else {
            format!(
                "the pattern has {} group(s){}; the missing group expands to nothing and deletes the match",
                re.captures_len() - 1,
                names(re)
            )
        };
        out.push(Finding {
            code: Code::BadGroup,
            message: format!("`with` refers to group `{group}`, which the pattern does not have"),
            help,
        });
    }
    out
}

fn names(re: &Regex) -> String {
    let names: Vec<String> = re
        .capture_names()
        .flatten()
        .map(|n| format!("`{n}`"))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(", named {}", names.join(", "))
    }
}

/// The group names and numbers `with` refers to, as the regex crate reads
/// them: `$$` is a dollar sign, `${name}` any name up to `}`, `$name` the
/// longest run of letters, digits and `_`.
fn references(with: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = with;
    while let Some(at) = rest.find('$') {
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            rest = after;
        } else if let Some(braced) = rest.strip_prefix('{') {
            if let Some(end) = braced.find('}') {
                out.push(&braced[..end]);
                rest = &braced[end + 1..];
            }
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end > 0 {
                out.push(&rest[..end]);
            }
            rest = &rest[end..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(pattern: &str, with: &str) -> Vec<Code> {
        check(&Regex::new(pattern).unwrap(), with)
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn references_are_read_like_the_regex_crate() {
        assert_eq!(references("$1 ${name}x $$ $a_b-c $"), ["1", "name", "a_b"]);
        assert_eq!(references("$1a"), ["1a"]);
    }

    #[test]
    fn missing_groups_are_found() {
        assert_eq!(codes(r"(\w+) (\w+)", "$2 $1"), Vec::<Code>::new());
        assert_eq!(codes(r"(\w+)", "$2"), [Code::BadGroup]);
        assert_eq!(codes(r"(\w+)", "$1a"), [Code::BadGroup]);
        assert_eq!(codes(r"(\w+)", "${1}a"), Vec::<Code>::new());
        assert_eq!(codes(r"(?P<w>\w+)", "${w} $w $x"), [Code::BadGroup]);
        assert_eq!(codes(r"\w+", "$0!"), Vec::<Code>::new());
    }

    #[test]
    fn empty_matches_are_found() {
        assert_eq!(codes(r"x*", "y"), [Code::EmptyMatch]);
        assert_eq!(codes(r"\b", "|"), [Code::EmptyMatch]);
        assert_eq!(codes(r"x+", "y"), Vec::<Code>::new());
    }
}
