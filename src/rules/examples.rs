//! Rules as their own tests: every example (and every fixture pair of a rule's
//! `fixtures` folder) goes through its rule alone, then through the output
//! layout, and must give its expected output exactly (up to the final newline,
//! which the layout always adds). Like `clean`, they run in the language
//! identified in the input.

use super::{Applied, Example, Rule, RuleSet};
use crate::layout::layout;
use std::path::{Path, PathBuf};

/// A rule on its own, the way its examples and fixtures run.
pub struct Alone<'r> {
    pub rule: &'r Rule,
    set: RuleSet,
}

impl<'r> Alone<'r> {
    pub fn new(rule: &'r Rule) -> Alone<'r> {
        Alone {
            rule,
            set: RuleSet::new(vec![rule.clone()]),
        }
    }

    /// What the rule alone makes of `input`: the laid-out text and its edits.
    /// The input's language is identified as `clean` does, so that an example
    /// in another language shows what a rule with `languages` leaves alone.
    pub fn run(&self, input: &str) -> Applied {
        let lang = || crate::lang::identify(input).and_then(|l| l.trusted());
        let mut applied = self.set.apply_in(input, &lang, None);
        applied.text = layout(&applied.text);
        applied
    }

    /// An expected output as it compares with [`Alone::run`]'s text.
    pub fn expected(&self, output: &str) -> String {
        layout(output)
    }
}

/// An example whose rule did not produce the expected output.
#[derive(Debug, Clone)]
pub struct Failure<'r> {
    pub rule: &'r Rule,
    pub example: &'r Example,
    pub expected: String,
    pub actual: String,
}

/// What `rule` alone makes of `input`, laid out as newsclean writes it.
pub fn run_one(rule: &Rule, input: &str) -> String {
    Alone::new(rule).run(input).text
}

/// Runs every example of every rule; returns the failures.
pub fn check(rules: &[Rule]) -> Vec<Failure<'_>> {
    let mut failures = Vec::new();
    for rule in rules {
        let alone = Alone::new(rule);
        for example in &rule.examples {
            let actual = alone.run(&example.input).text;
            let expected = alone.expected(&example.output);
            if actual != expected {
                failures.push(Failure {
                    rule,
                    example,
                    expected,
                    actual,
                });
            }
        }
    }
    failures
}

/// One test of a rule: an example from its file or a fixture pair.
#[derive(Debug, Clone)]
pub struct Case {
    /// `example at rules/x.toml:12` or `fixture dir/name.in`.
    pub name: String,
    pub input: String,
    pub expected: String,
}

/// The result of one [`Case`].
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    /// Laid out as newsclean writes it; equal to `expected` when the case passes.
    pub actual: String,
    pub expected: String,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.actual == self.expected
    }
}

/// Every case of `rule`: its examples, then its fixtures. A fixture folder that
/// cannot be read is an error for the caller to report.
pub fn cases(rule: &Rule) -> Result<Vec<Case>, String> {
    let mut cases: Vec<Case> = rule
        .examples
        .iter()
        .map(|e| Case {
            name: format!("example at {}:{}", rule.file, e.line),
            input: e.input.clone(),
            expected: e.output.clone(),
        })
        .collect();
    if let Some(dir) = &rule.fixtures {
        cases.extend(fixtures(dir)?);
    }
    Ok(cases)
}

/// Runs `cases` through `rule` alone.
pub fn run_cases(rule: &Rule, cases: Vec<Case>) -> Vec<Outcome> {
    let alone = Alone::new(rule);
    cases
        .into_iter()
        .map(|case| Outcome {
            actual: alone.run(&case.input).text,
            expected: alone.expected(&case.expected),
            case,
        })
        .collect()
}

/// The fixture pairs of a folder: `NAME.in` with `NAME.out`, or, when the
/// folder has `raw/` and `expected/`, files of the same name in each. An input
/// without its expected twin is an error, so that a forgotten file cannot pass.
pub fn fixtures(dir: &Path) -> Result<Vec<Case>, String> {
    let layout = FixtureLayout::of(dir);
    let inputs_dir = match &layout {
        FixtureLayout::Pairs => dir.to_path_buf(),
        FixtureLayout::Folders { raw, .. } => raw.clone(),
    };
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let entries =
        std::fs::read_dir(&inputs_dir).map_err(|e| format!("{}: {e}", inputs_dir.display()))?;
    let mut inputs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && layout.expected_for(p).is_some())
        .collect();
    inputs.sort();
    inputs
        .into_iter()
        .map(|input| {
            let out = layout.expected_for(&input).expect("filtered above");
            if !out.is_file() {
                return Err(format!(
                    "{}: no expected output {}",
                    input.display(),
                    out.display()
                ));
            }
            Ok(Case {
                name: format!("fixture {}", input.display()),
                input: read(&input)?,
                expected: read(&out)?,
            })
        })
        .collect()
}

/// How a fixture folder pairs inputs with expected outputs.
enum FixtureLayout {
    /// `NAME.in` beside `NAME.out`.
    Pairs,
    /// `raw/NAME` and `expected/NAME`.
    Folders { raw: PathBuf, expected: PathBuf },
}

impl FixtureLayout {
    fn of(dir: &Path) -> FixtureLayout {
        let (raw, expected) = (dir.join("raw"), dir.join("expected"));
        if raw.is_dir() && expected.is_dir() {
            FixtureLayout::Folders { raw, expected }
        } else {
            FixtureLayout::Pairs
        }
    }

    /// The expected twin of an input file; `None` if the file is not an input.
    fn expected_for(&self, input: &Path) -> Option<PathBuf> {
        match self {
            FixtureLayout::Pairs => {
                (input.extension()? == "in").then(|| input.with_extension("out"))
            }
            FixtureLayout::Folders { expected, .. } => Some(expected.join(input.file_name()?)),
        }
    }
}
