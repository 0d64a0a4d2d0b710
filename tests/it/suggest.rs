//! `newsclean suggest` on generated crawls, with fixed seeds, so the figures
//! are reproducible (`cargo test --test it suggest -- --nocapture` prints them):
//!
//! - a crawl of eight sites built on real article text (paragraphs extracted
//!   from `eval/trafilatura`) with planted boilerplate per site (a dated
//!   byline, an ad label in the middle, a share line, a footer) and planted
//!   spinner artifacts: at least 90% of the planted patterns must be found
//!   by the top suggestions, and no suggested rule may remove a sentence of
//!   the articles;
//! - a crawl in the style of the seed page (`samples/raw/spun-news.txt`: a
//!   timestamp line, an epoch line, a hashtag line, "Leave a Replay"): the
//!   suggestions must remove all four.

use crate::common::newsclean;
use newsclean::clean;
use newsclean::rules::{RuleSet, RuleSource};
use newsclean::source::{Doc, Hints};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Prose paragraphs of real articles: the text of the `eval/trafilatura`
/// pages, as extracted, in lines of 8 words or more that end a sentence.
fn articles(count: usize) -> Vec<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/trafilatura/html");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let mut bytes = Vec::new();
        let file = std::fs::File::open(&path).unwrap();
        if flate2::read::GzDecoder::new(file)
            .read_to_end(&mut bytes)
            .is_err()
        {
            continue;
        }
        let doc = Doc {
            bytes,
            hints: Hints {
                is_html: Some(true),
                ..Hints::default()
            },
            ..Doc::default()
        };
        let prepared = clean::prepare(&doc);
        if prepared.lang().is_none_or(|l| l.code != "en") {
            continue;
        }
        let text = prepared.clean_with(&RuleSet::new(Vec::new())).text;
        let paragraphs: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.split_whitespace().count() >= 12 && l.ends_with(['.', '!', '?']))
            .take(10)
            .map(str::to_string)
            .collect();
        if paragraphs.len() >= 3 {
            out.push(paragraphs);
        }
        if out.len() == count {
            break;
        }
    }
    out
}

/// Spinner artifacts planted, with the word they stand for.
const ARTIFACTS: &[(&str, &str)] = &[
    ("once morest", "against"),
    ("followingnoon", "afternoon"),
    ("underremain", "understand"),
    ("outremaining", "outstanding"),
    ("followingmath", "aftermath"),
    ("beappear", "become"),
    ("homefunction", "homework"),
    ("spotmild", "spotlight"),
    ("midmethod", "midway"),
    ("aboveall", "overall"),
];

/// Puts `artifact` in the middle of `paragraph` (never among its first or
/// last three words), in place of a word.
fn plant(paragraph: &str, artifact: &str, rng: &mut fastrand::Rng) -> String {
    let mut words: Vec<&str> = paragraph.split(' ').collect();
    let at = rng.usize(3..words.len() - 3);
    words[at] = artifact;
    words.join(" ")
}

/// The boilerplate planted on site `s`: (byline maker, ad label, share line, footer).
fn site_lines(s: usize) -> [String; 3] {
    let names = [
        "Daily Post",
        "Morning Star",
        "Valley News",
        "Harbor Times",
        "City Ledger",
        "Coast Herald",
        "River Gazette",
        "Plains Courier",
    ];
    let name = names[s];
    [
        [
            "ADVERTISEMENT",
            "Advertisement",
            "- Story continues below -",
            "Sponsored content",
            "AD",
            "Advertisement - scroll to continue",
            "Promoted",
            "Ad feedback",
        ][s]
            .to_string(),
        format!("Share this story on Facebook, Twitter and Email ({name})"),
        format!("Copyright 2024 {name} Media. All rights reserved."),
    ]
}

struct Planted {
    dir: tempfile::TempDir,
    /// Per document: its site, the article paragraphs, the planted lines,
    /// the page.
    docs: Vec<(usize, Vec<String>, Vec<String>, String)>,
}

/// Eight sites of equal size on real article text, one page per text; the
/// bylines' names vary from page to page.
fn planted_crawl() -> Planted {
    let texts = articles(400);
    assert!(texts.len() >= 150, "only {} article texts", texts.len());
    let mut rng = fastrand::Rng::with_seed(18);
    let dir = tempfile::tempdir().unwrap();
    let mut docs = Vec::new();
    for (i, text) in texts.iter().enumerate().take(400) {
        let s = i % 8;
        let [ad, share, footer] = site_lines(s);
        // Each site has its writers, and its own way of writing the date.
        let names = [
            "Jane Doe",
            "Omar Haddad",
            "Li Wei and Ann Roe",
            "Sven O'Neill",
        ];
        let name = names[rng.usize(0..names.len())];
        let month = chrono::Month::try_from(rng.u8(1..13)).unwrap().name();
        let (day, year) = (rng.usize(1..29), rng.usize(2019..2025));
        let byline = match s % 3 {
            0 => format!("By {name} | {month} {day}, {year}"),
            1 => format!("By {name} - {day} {month} {year}"),
            _ => format!("By {name}, updated {month} {day}, {year}"),
        };
        let mut paragraphs = text.clone();
        for _ in 0..2 {
            let (artifact, _) = ARTIFACTS[rng.usize(0..ARTIFACTS.len())];
            let p = rng.usize(0..paragraphs.len());
            paragraphs[p] = plant(&paragraphs[p], artifact, &mut rng);
        }
        let middle = 1 + rng.usize(1..paragraphs.len() - 1);
        let title: Vec<&str> = text[0].split_whitespace().take(7).collect();
        let mut lines = vec![title.join(" "), byline.clone()];
        lines.extend(paragraphs[..middle].iter().cloned());
        lines.push(ad.clone());
        lines.extend(paragraphs[middle..].iter().cloned());
        lines.push(share.clone());
        lines.push(footer.clone());
        let site = dir.path().join(format!("site{s}"));
        std::fs::create_dir_all(&site).unwrap();
        let page = lines.join("\n\n") + "\n";
        std::fs::write(site.join(format!("page{i:03}.txt")), &page).unwrap();
        docs.push((s, paragraphs, vec![byline, ad, share, footer], page));
    }
    Planted { dir, docs }
}

fn suggest(dir: &Path, extra: &[&str]) -> String {
    let out = newsclean()
        .args([
            "suggest",
            "--no-default-rules",
            "--site",
            "source",
            "-j",
            "2",
        ])
        .args(extra)
        .arg(dir)
        .assert()
        .success();
    let output = out.get_output();
    // The summary and the --check report, for --nocapture.
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn compiled(toml: &str) -> RuleSet {
    let source = RuleSource {
        name: "suggested.toml".into(),
        text: toml.into(),
        dir: None,
    };
    RuleSet::load(&[source]).expect("the suggestions compile").0
}

#[test]
fn planted_boilerplate_and_artifacts_are_found_and_no_article_sentence_is_removed() {
    let crawl = planted_crawl();
    let toml = suggest(crawl.dir.path(), &["--check"]);
    let rules = compiled(&toml);
    // Boilerplate: a pattern is found when the suggestions remove its line
    // from at least 90% of the documents it was planted in.
    let mut found = 0;
    let mut planted = 0;
    let mut sentences_removed = 0;
    let cleaned: Vec<String> = crawl.docs.iter().map(|d| rules.apply(&d.3).text).collect();
    for s in 0..8 {
        let mine: Vec<usize> = (0..crawl.docs.len())
            .filter(|&i| crawl.docs[i].0 == s)
            .collect();
        for which in 0..4 {
            planted += 1;
            let line = |i: usize| crawl.docs[i].2[which].as_str();
            let removed = mine
                .iter()
                .filter(|&&i| !cleaned[i].contains(line(i)))
                .count();
            if removed * 10 >= mine.len() * 9 {
                found += 1;
            } else {
                eprintln!(
                    "not found: site {s}: {:?} ({removed} of {})",
                    line(mine[0]),
                    mine.len()
                );
            }
        }
    }
    // Articles: every paragraph keeps its start and its end.
    for ((_, paragraphs, _, _), clean) in crawl.docs.iter().zip(&cleaned) {
        for p in paragraphs {
            let words: Vec<&str> = p.split(' ').collect();
            let (start, end) = (words[..3].join(" "), words[words.len() - 3..].join(" "));
            if !clean
                .lines()
                .any(|l| l.starts_with(&start) && l.ends_with(&end))
            {
                sentences_removed += 1;
                eprintln!("removed: {p}");
            }
        }
    }
    // Spinner artifacts: found when a rule replaces them; right when with the planted word.
    let mut right = 0;
    for (artifact, word) in ARTIFACTS {
        planted += 1;
        let fixed = rules_fix(&rules, artifact);
        if fixed != *artifact {
            found += 1;
            right += usize::from(fixed == *word);
        } else {
            eprintln!("not found: artifact {artifact}");
        }
    }
    let recall = found as f64 / planted as f64;
    eprintln!(
        "planted crawl: {} documents, {planted} planted patterns, {found} found (recall {:.1}%), \
         {right} of {} artifacts fixed with the planted word, {sentences_removed} article sentences removed",
        crawl.docs.len(),
        100.0 * recall,
        ARTIFACTS.len()
    );
    assert!(recall >= 0.9, "recall {recall}");
    assert_eq!(sentences_removed, 0);
}

/// What the rules make of `artifact` in a sentence.
fn rules_fix(rules: &RuleSet, artifact: &str) -> String {
    let text = format!("It was {artifact} then.\n");
    let out = rules.apply(&text).text;
    out.trim()
        .strip_prefix("It was ")
        .and_then(|s| s.strip_suffix(" then."))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_seed_pages_timestamp_epoch_hashtag_and_leave_a_replay_are_found() {
    let texts = articles(300);
    assert!(texts.len() >= 150, "only {} article texts", texts.len());
    let mut rng = fastrand::Rng::with_seed(1);
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for (i, paragraphs) in texts.iter().enumerate() {
        let title: Vec<&str> = paragraphs[0].split_whitespace().take(8).collect();
        let stamp = format!(
            "20{:02}-{:02}-{:02} {:02}:{:02}:{:02}",
            rng.u32(18..25),
            rng.u32(1..13),
            rng.u32(1..29),
            rng.u32(0..24),
            rng.u32(0..60),
            rng.u32(0..60)
        );
        let epoch = format!("{}", rng.u64(1_500_000_000..1_750_000_000));
        let tags: Vec<String> = title
            .iter()
            .map(|w| format!("#{}", w.trim_matches(|c: char| !c.is_alphanumeric())))
            .filter(|t| t.len() > 1)
            .collect();
        let mut lines = vec![title.join(" "), stamp];
        lines.extend(paragraphs.iter().cloned());
        lines.push(epoch);
        let text = format!(
            "{}\n{}\n\nLeave a Replay",
            lines.join("\n\n"),
            tags.join(" ")
        );
        std::fs::write(dir.path().join(format!("spun-{i:03}.txt")), &text).unwrap();
        pages.push(text);
    }
    let toml = suggest(dir.path(), &[]);
    let rules = compiled(&toml);
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/raw/spun-news.txt"),
    )
    .unwrap();
    let clean = rules.apply(&seed).text;
    for gone in [
        "2024-01-18 05:38:00",
        "1705568933",
        "#Pakistan #carries",
        "Leave a Replay",
    ] {
        assert!(!clean.contains(gone), "{gone} left in:\n{clean}\n{toml}");
    }
    // ... and the seed's article stays whole: every prose line is still there.
    let kept = seed
        .lines()
        .filter(|l| l.split_whitespace().count() > 8)
        .all(|l| clean.contains(l));
    assert!(kept, "{clean}");
    eprintln!(
        "seed style: {} pages; the suggestions remove all four lines of the seed page",
        pages.len()
    );
}

/// Pages whose recurring tail ("Read more", then two footer lines) holds,
/// on every other page, a sentence of the article's own.
fn risky_crawl() -> tempfile::TempDir {
    let texts = articles(12);
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    for (i, paragraphs) in texts.iter().enumerate() {
        let mut lines = paragraphs.clone();
        lines.push("Read more".into());
        if i % 2 == 1 {
            lines.push(format!(
                "Witnesses {i} said the storm came without warning late in the night."
            ));
        }
        lines.push("Footer links".into());
        lines.push("Site map".into());
        std::fs::write(site.join(format!("p{i:02}.txt")), lines.join("\n\n") + "\n").unwrap();
    }
    dir
}

#[test]
fn check_leaves_out_a_candidate_that_would_cut_article_text_unless_kept() {
    let crawl = risky_crawl();
    let toml = suggest(crawl.path(), &[]);
    assert!(toml.contains("id = \"suggested.tail.read-more\""), "{toml}");
    assert!(toml.contains("kind = \"truncate\""), "{toml}");
    let checked = suggest(crawl.path(), &["--check"]);
    assert!(!checked.contains("suggested.tail.read-more"), "{checked}");
    let kept = suggest(crawl.path(), &["--check", "--keep-risky"]);
    assert!(kept.contains("id = \"suggested.tail.read-more\""), "{kept}");
    assert!(kept.contains("RISKY: "), "{kept}");
    compiled(&kept);
}
