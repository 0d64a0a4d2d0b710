//! `newsclean suggest`: candidate rules mined from the crawl itself. One
//! streaming pass over the inputs (the batch machinery of `clean`, in
//! parallel, in input order) cleans each document with the current rules and
//! counts, per site, the lines that recur at a stable place ([`lines`]) and
//! the tokens that are not words ([`words`]), in bounded maps. The
//! candidates are written as a rule file ([`emit`]), each compiled and its
//! example run before it is written; with `check`, they are run over the
//! crawl as `diff --before/--after` would, and those that would cost article
//! text are left out ([`check`]). Nothing is applied: the user moves the
//! rules they want into a rule file.
//!
//! [`run`] is the one entry point.

mod check;
mod dictionary;
mod emit;
mod lines;
mod propose;
mod shape;
mod words;

pub use check::Verdict;
pub use dictionary::Dictionary;

use crate::clean::{self, Metadata};
use crate::rules::{Kind, RuleSet, RuleSource};
use crate::run;
use crate::source::{self, Doc};
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// How documents are grouped into sites.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SiteBy {
    /// The host of the page's URL (from the container, or the page's own
    /// canonical URL), else the input folder.
    #[default]
    Host,
    /// The folder a document was read from (or the input file of a dump).
    Source,
}

/// The thresholds of a suggestion run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// A line or token must be seen in at least this many documents.
    pub min_docs: u64,
    /// ... and a line in at least this share of its site's documents.
    pub min_share: f64,
    /// A line seen on this many sites is proposed whatever each site's count.
    pub min_sites: u64,
    /// Candidates written, per kind of evidence (lines, tokens).
    pub top: usize,
    /// Entries of the bounded maps (lines over all sites; tokens).
    pub budget: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            min_docs: 3,
            min_share: 0.2,
            min_sites: 3,
            top: 40,
            budget: 2_000_000,
        }
    }
}

/// What a candidate rule does.
#[derive(Debug, Clone)]
pub enum Action {
    /// A line rule (`drop_line` or `truncate`).
    Line {
        kind: Kind,
        pattern: String,
        within: Option<String>,
        max_words: Option<usize>,
    },
    /// A literal replacement.
    Replace { find: String, with: String },
    /// Not a rule: evidence for the user to read (a token without a fix).
    Note,
}

/// A candidate rule with its evidence.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub action: Action,
    /// The evidence, written as the rule's description.
    pub description: String,
    /// (input, output) pairs from real documents.
    pub examples: Vec<(String, String)>,
    /// Documents the evidence was seen in.
    pub docs: u64,
    /// Share of the site's documents for a line; sites for a token.
    pub score: f64,
    /// Why a person must look at it before using it.
    pub review: Option<String>,
    /// What `--check` said.
    pub check: Option<String>,
    /// Patterns of the lines that are the evidence (a truncate marker's and
    /// the recurring lines below it): what `--check` does not count as harm.
    pub own: Vec<String>,
}

/// A suggestion run.
pub struct Request {
    pub inputs: Vec<PathBuf>,
    /// The current rules (what documents are cleaned with first), and their
    /// files (so that the suggested ids do not clash and `check` can add the
    /// suggestions to them).
    pub rules: RuleSet,
    pub sources: Vec<RuleSource>,
    pub site_by: SiteBy,
    pub settings: Settings,
    pub threads: usize,
    /// Run the candidates over the crawl and leave out the risky ones.
    pub check: bool,
    pub keep_risky: bool,
    /// A development set with reference texts to measure harm on (`--check`).
    pub reference: Option<PathBuf>,
}

/// What a run found.
pub struct Outcome {
    /// The rule file.
    pub toml: String,
    pub candidates: Vec<Candidate>,
    /// Candidates left out, with why.
    pub left_out: Vec<(String, String)>,
    /// The `diff --before/--after` view of `check`, if it ran.
    pub check_report: Option<String>,
    pub documents: u64,
    pub failed: u64,
    pub copies: u64,
    pub sites: usize,
    pub seconds: f64,
}

impl Outcome {
    /// One line for the terminal: documents, sites, speed, what was found.
    pub fn summary(&self) -> String {
        let rules = self
            .candidates
            .iter()
            .filter(|c| !matches!(c.action, Action::Note))
            .count();
        format!(
            "{} documents ({} exact copies passed over, {} failed) of {} sites in {:.1}s ({:.0} documents/s): {} candidate rules, {} notes, {} left out",
            self.documents,
            self.copies,
            self.failed,
            self.sites,
            self.seconds,
            self.documents as f64 / self.seconds.max(1e-9),
            rules,
            self.candidates.len() - rules,
            self.left_out.len()
        )
    }
}

/// What a worker learns from one document.
struct Observed {
    site: String,
    lines: lines::DocLines,
    tokens: Vec<words::TokenSeen>,
}

fn observe(doc: &Doc, rules: &RuleSet, site_by: SiteBy) -> Observed {
    let prepared = clean::prepare(doc);
    let cleaned = prepared.clean_with(rules);
    let english = prepared.lang().is_some_and(|l| l.code == "en");
    Observed {
        site: site_of(doc, &cleaned.meta, site_by),
        lines: lines::observe(&cleaned.text),
        tokens: if english {
            words::observe(&cleaned.text)
        } else {
            Vec::new()
        },
    }
}

/// The host of `url` without `www.` and port.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_ascii_lowercase())
}

fn site_of(doc: &Doc, meta: &Metadata, by: SiteBy) -> String {
    if by == SiteBy::Host {
        let url = doc.hints.url.as_deref().or(meta.url.as_deref());
        if let Some(h) = url.and_then(host) {
            return h;
        }
    }
    match doc.rel_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) => dir.display().to_string(),
        None => "(top folder)".into(),
    }
}

/// Reads the crawl once, proposes rules, and (with `check`) reviews them.
pub fn run(request: &Request) -> Result<Outcome> {
    let started = Instant::now();
    let pool = run::pool(request.threads).map_err(anyhow::Error::msg)?;
    let settings = &request.settings;
    let mut line_tally = lines::LineTally::new(settings.budget);
    let mut token_tally = words::TokenTally::new(settings.budget / 4);
    let mut failed = 0;
    run::stream(
        source::collect_inputs(&request.inputs),
        &pool,
        |doc| run::guarded(|| observe(doc, &request.rules, request.site_by)),
        |item| match item {
            Ok((_, Ok(seen))) => {
                line_tally.add(&seen.site, &seen.lines);
                token_tally.add(&seen.site, &seen.tokens);
            }
            Ok((doc, Err(message))) => {
                crate::exit::say(format_args!("{}: {message}", doc.origin));
                failed += 1;
            }
            Err(e) => {
                crate::exit::say(format_args!("{}: {}", e.origin, e.message));
                failed += 1;
            }
        },
    );
    let documents = line_tally.documents() + line_tally.copies;
    let seconds = started.elapsed().as_secs_f64();
    let mut candidates: Vec<Candidate> = line_tally.candidates(settings);
    candidates.truncate(settings.top);
    let mut tokens = token_tally.candidates(settings);
    tokens.truncate(settings.top);
    candidates.extend(tokens);
    let taken: HashSet<String> = request
        .rules
        .rules()
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    let mut left_out = emit::settle(&mut candidates, &taken);
    let mut check_report = None;
    if request.check && !candidates.is_empty() {
        let after = with_candidates(&request.sources, &candidates)?;
        let (verdicts, report) = check::check(request, &pool, &after, &candidates)?;
        check_report = Some(report);
        candidates.retain_mut(|c| {
            let Some(v) = verdicts.iter().find(|v| v.id == c.id) else {
                return true;
            };
            c.check = Some(v.describe());
            if v.risky.is_some() && !request.keep_risky {
                left_out.push((c.id.clone(), v.describe()));
                return false;
            }
            true
        });
    }
    let header = header(request, documents);
    Ok(Outcome {
        toml: emit::file(&candidates, &header),
        candidates,
        left_out,
        check_report,
        documents,
        failed,
        copies: line_tally.copies,
        sites: line_tally.sites(),
        seconds,
    })
}

/// The current rules with the candidates added, compiled.
fn with_candidates(sources: &[RuleSource], candidates: &[Candidate]) -> Result<RuleSet> {
    let mut all = sources.to_vec();
    all.push(RuleSource {
        name: "suggested.toml".into(),
        text: emit::rules_only(candidates),
        dir: None,
    });
    let (set, _) = RuleSet::load_for_run(&all).map_err(|d| {
        let first = d.iter().find(|d| d.is_error()).map(ToString::to_string);
        anyhow::anyhow!(
            "the suggested rules do not compile with the current ones: {}",
            first.unwrap_or_default()
        )
    })?;
    Ok(set)
}

fn header(request: &Request, documents: u64) -> String {
    let inputs: Vec<String> = request
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let reviewed = if request.check {
        "Each rule was run over the crawl (--check); what it removed is noted above it."
    } else {
        "Review each rule with `newsclean diff --after THIS_FILE INPUT...` before using it."
    };
    format!(
        "Candidate rules from `newsclean suggest` over {} ({documents} documents, sites by {}).\n\
         Nothing here is applied: move the rules you want into a rule file of yours.\n{reviewed}\n\
         Lines that start with '# suggested.unknown.' are tokens without a fix, for you to read.",
        inputs.join(" "),
        match request.site_by {
            SiteBy::Host => "URL host",
            SiteBy::Source => "source folder",
        }
    )
}

/// Reads the suggestion file at `path` back as a rule source (for tests and
/// tools that check a written file).
pub fn read_rules(path: &Path) -> Result<RuleSource> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    Ok(RuleSource {
        name: path.display().to_string(),
        text,
        dir: path.parent().map(Path::to_path_buf),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_the_url_host_without_www() {
        assert_eq!(
            host("https://www.Example.com:8080/a/b?x").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            host("http://user@news.example.org").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(host("localhost"), None);
    }
}
