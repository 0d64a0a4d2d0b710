//! `make eval`: scores newsclean's extraction on a snippet set (by default
//! `eval/trafilatura`) and prints precision, recall, F1 and the worst pages.
//!
//!     cargo run --release --example eval -- [DIR] [--worst N] [--show FILE]
//!
//! `--json FILE` also writes every page's missed and leaked snippets to FILE,
//! to compare two runs.
//! `--context` adds, for each leaked snippet, the paragraph it leaked in.
//! `--show FILE` prints the body text newsclean extracts from one page of the
//! set instead, to look at what went wrong there.

use newsclean::eval;
use newsclean::rules::{RuleSet, builtin};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut dir = PathBuf::from("eval/trafilatura");
    let mut worst = 15;
    let mut show = None;
    let mut context = false;
    let mut json = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--worst" => worst = args.next().and_then(|n| n.parse().ok()).unwrap_or(worst),
            "--show" => show = args.next(),
            "--context" => context = true,
            "--json" => json = args.next(),
            _ => dir = PathBuf::from(arg),
        }
    }
    let rules = match RuleSet::load(&builtin::sources()) {
        Ok((rules, _)) => rules,
        Err(diags) => anyhow::bail!("built-in rules do not compile: {diags:?}"),
    };
    if let Some(file) = show {
        let cases = eval::load(&dir)?;
        let (url, case) = cases
            .iter()
            .find(|(_, c)| c.file == file || c.file.starts_with(&file))
            .ok_or_else(|| anyhow::anyhow!("{file}: not in the set"))?;
        let text = eval::body_text(eval::read_page(&dir, case)?, &rules);
        let page = eval::score(url, case, &text);
        println!(
            "{text}\n---- {url}\nmissed: {:?}\nleaked: {:?}",
            page.missed, page.leaked
        );
        return Ok(());
    }
    let start = Instant::now();
    let mut pages = eval::run(&dir, &rules)?;
    let elapsed = start.elapsed();
    let total = eval::total(&pages);
    pages.sort_by_key(|p| std::cmp::Reverse(p.counts.false_neg + p.counts.false_pos));
    if let Some(out) = json {
        let pages: Vec<_> = pages
            .iter()
            .map(|p| serde_json::json!({"file": p.file, "missed": p.missed, "leaked": p.leaked}))
            .collect();
        std::fs::write(out, serde_json::to_string_pretty(&pages)?)?;
    }
    println!("worst pages (missed = must-contain not found, leaked = must-not-contain found):");
    for page in pages.iter().take(worst) {
        println!(
            "  {}  missed {}  leaked {}\n      missed: {:?}\n      leaked: {:?}",
            page.file, page.counts.false_neg, page.counts.false_pos, page.missed, page.leaked
        );
        if context {
            print_leak_context(&dir, page, &rules)?;
        }
    }
    println!(
        "{} pages in {:.1}s: {} true positives, {} false negatives, {} false positives",
        pages.len(),
        elapsed.as_secs_f64(),
        total.true_pos,
        total.false_neg,
        total.false_pos
    );
    println!(
        "precision {:.3}  recall {:.3}  F1 {:.3}",
        total.precision(),
        total.recall(),
        total.f1()
    );
    Ok(())
}

/// Prints the paragraph of the extracted text that holds each leaked snippet.
fn print_leak_context(
    dir: &std::path::Path,
    page: &eval::PageScore,
    rules: &RuleSet,
) -> anyhow::Result<()> {
    let cases = eval::load(dir)?;
    let Some(case) = cases.get(&page.url) else {
        return Ok(());
    };
    let text = eval::body_text(eval::read_page(dir, case)?, rules);
    for snippet in &page.leaked {
        let needle = snippet.split_whitespace().next().unwrap_or("");
        if let Some(par) = text.split("\n\n").find(|p| p.contains(needle)) {
            let short: String = par.chars().take(160).collect();
            println!("      in: {short:?}");
        }
    }
    Ok(())
}
