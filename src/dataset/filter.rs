//! Dropping documents by their quality signals: `--min-words N` and
//! `--filter EXPR`, where EXPR is comparisons of a signal with a number
//! joined by `&&` (or `,`), all of which a document must pass to be kept:
//! `words >= 50 && stop_words >= 2 && symbol_word_ratio <= 0.1`. The signal
//! names are those of `metadata.quality` ([`Signals::NAMES`]).

use super::quality::Signals;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
    Ne,
}

impl Op {
    const ALL: [(&'static str, Op); 6] = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        ("==", Op::Eq),
        ("!=", Op::Ne),
        (">", Op::Gt),
        ("<", Op::Lt),
    ];

    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Ge => a >= b,
            Op::Gt => a > b,
            Op::Le => a <= b,
            Op::Lt => a < b,
            Op::Eq => a == b,
            Op::Ne => a != b,
        }
    }

    fn symbol(self) -> &'static str {
        Op::ALL
            .iter()
            .find(|(_, op)| *op == self)
            .map_or("?", |(s, _)| s)
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Condition {
    signal: &'static str,
    op: Op,
    value: f64,
}

/// The conditions a document must meet to be kept; empty keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    conditions: Vec<Condition>,
}

impl Filter {
    /// Adds `words >= n` (`--min-words`).
    pub fn min_words(mut self, n: u64) -> Filter {
        self.conditions.push(Condition {
            signal: "words",
            op: Op::Ge,
            value: n as f64,
        });
        self
    }

    /// Joins the conditions of `other`.
    pub fn and(mut self, other: Filter) -> Filter {
        self.conditions.extend(other.conditions);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// `None` when `signals` pass, else the first condition failed, as a
    /// reason. A signal the document does not have (`stop_words` without a
    /// list for its language) fails no condition.
    pub fn rejects(&self, signals: &Signals) -> Option<String> {
        self.conditions.iter().find_map(|c| {
            let actual = signals.get(c.signal)?;
            (!c.op.holds(actual, c.value)).then(|| {
                format!(
                    "filtered: {} is {actual}, needs {} {}",
                    c.signal,
                    c.op.symbol(),
                    c.value
                )
            })
        })
    }
}

impl FromStr for Filter {
    type Err = String;

    fn from_str(expr: &str) -> Result<Filter, String> {
        let mut conditions = Vec::new();
        for clause in expr.split("&&").flat_map(|c| c.split(',')) {
            let clause = clause.trim();
            if clause.is_empty() {
                continue;
            }
            let (at, symbol, op) = Op::ALL
                .iter()
                .filter_map(|(s, op)| clause.find(s).map(|at| (at, *s, *op)))
                .min_by_key(|(at, s, _)| (*at, std::cmp::Reverse(s.len())))
                .ok_or_else(|| {
                    format!("{clause:?}: expected SIGNAL OP NUMBER, e.g. words >= 50")
                })?;
            let name = clause[..at].trim();
            let signal = Signals::NAMES.iter().find(|n| **n == name).ok_or_else(|| {
                format!(
                    "{clause:?}: unknown signal {name:?}; known: {}",
                    Signals::NAMES.join(", ")
                )
            })?;
            let number = clause[at + symbol.len()..].trim();
            let value: f64 = number
                .parse()
                .map_err(|_| format!("{clause:?}: {number:?} is not a number"))?;
            conditions.push(Condition { signal, op, value });
        }
        if conditions.is_empty() {
            return Err("empty filter expression".into());
        }
        Ok(Filter { conditions })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(words: u64, stop_words: u64) -> Signals {
        Signals {
            words,
            stop_words: Some(stop_words),
            ..Signals::default()
        }
    }

    #[test]
    fn every_condition_must_hold() {
        let f: Filter = "words >= 50 && stop_words>=2, symbol_word_ratio < 0.1"
            .parse()
            .unwrap();
        assert_eq!(f.rejects(&signals(80, 5)), None);
        assert_eq!(
            f.rejects(&signals(12, 5)).as_deref(),
            Some("filtered: words is 12, needs >= 50")
        );
        assert!(f.rejects(&signals(80, 1)).unwrap().contains("stop_words"));
        let no_list = Signals {
            stop_words: None,
            ..signals(80, 0)
        };
        assert_eq!(f.rejects(&no_list), None, "no list is no evidence");
        let min = Filter::default().min_words(10);
        assert_eq!(
            min.rejects(&signals(9, 0)).as_deref(),
            Some("filtered: words is 9, needs >= 10")
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(
            "wrods > 3"
                .parse::<Filter>()
                .unwrap_err()
                .contains("unknown signal")
        );
        assert!(
            "words > many"
                .parse::<Filter>()
                .unwrap_err()
                .contains("not a number")
        );
        assert!("words".parse::<Filter>().unwrap_err().contains("expected"));
        assert!("".parse::<Filter>().is_err());
        let f: Filter = "words != 3".parse().unwrap();
        assert!(f.rejects(&signals(3, 0)).is_some());
    }
}
