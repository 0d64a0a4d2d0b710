//! `make bench`: generates the synthetic corpora and rule sets under
//! `target/bench/`, times newsclean against `cat` (the read limit) and `sed -E`
//! with the equivalent rules, in one run with the cases interleaved, and prints
//! the table (also written as `target/bench/latest.json`).
//!
//! `cargo run --release --example bench -- --help` lists the knobs; `--scale`
//! shrinks the corpora for a quick look.

mod html_corpus;
mod measure;
mod real_corpus;
mod real_html;
mod report;
mod rule_sets;
mod sed;
mod text_corpus;
mod words;

use clap::Parser;
use measure::{Case, Work};
use newsclean::rules::{RuleSet, builtin};
use std::path::{Path, PathBuf};

#[derive(Parser)]
struct Args {
    /// Corpus size factor: 1.0 is 200 MB of text pages and 100 MB of HTML.
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    /// Timed runs of each case (the median is kept).
    #[arg(long, default_value_t = 3)]
    reps: usize,
    /// Case groups to run: real, text, scaling, html, sink, real-html
    /// (newsclean and its peers on the real pages of both dev sets).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "real,text,scaling,html,sink"
    )]
    only: Vec<String>,
    /// Python of a venv with trafilatura: adds it to the real-html group.
    #[arg(long, value_name = "PYTHON")]
    trafilatura: Option<PathBuf>,
    /// The binary of `bench/peers/`: adds dom_smoothie and rs-trafilatura
    /// to the real-html group.
    #[arg(long, value_name = "BIN")]
    peers: Option<PathBuf>,
}

/// Bump when the generators change, so old corpora are rebuilt.
const CORPUS_VERSION: u32 = 2;

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("bench: {e}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<(), String> {
    measure::check_tools()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bench = root.join("target/bench");
    let bin = root.join("target/release/newsclean");
    if !bin.exists() {
        return Err(format!(
            "{} missing: run `cargo build --release`",
            bin.display()
        ));
    }
    let corpus = Corpus::ensure(&bench.join("corpus"), args.scale)?;
    let rules = bench.join("rules");
    let (sed_file, seed_sed) = write_rule_sets(&rules)?;
    let bin = bin.display().to_string();
    let want = |g: &str| args.only.iter().any(|o| o == g);
    let text_dir = corpus.text.dir.display().to_string();
    let mut cases = Vec::new();
    if want("real") {
        let real = real_corpus::ensure(&bench.join("real"), &bin, root)?;
        cases.extend(real_cases(&real, &bin, &sed_file, &seed_sed));
    }
    if want("text") {
        cases.extend(text_cases(&corpus, &bin, &sed_file));
    }
    if want("scaling") {
        for set in [
            "literals-10",
            "literals-1000",
            "literals-10000",
            "regex-10",
            "regex-200",
        ] {
            let dir = rules.join(set).display().to_string();
            cases.push(Case {
                group: "scaling",
                name: format!("newsclean -j1 +{set}"),
                shell: format!("{bin} clean {text_dir} -q -j1 --rules {dir} --stdout > /dev/null"),
                work: corpus.text.work,
                setup: None,
                inner_timing: None,
            });
        }
    }
    if want("sink") {
        // A mirrored tree of small files, against copying the same tree to
        // the same filesystem (the floor: the filesystem's cost per file).
        let out = bench.join("out").display().to_string();
        let sink = |name: &str, shell: String| Case {
            group: "sink",
            name: name.into(),
            shell,
            work: corpus.text.work,
            setup: Some(format!("rm -rf {out}")),
            inner_timing: None,
        };
        cases.push(sink("cp -r tree", format!("cp -r {text_dir} {out}")));
        for j in 1..=2 {
            let shell = format!("{bin} clean {text_dir} -q -j{j} -o {out}");
            cases.push(sink(&format!("newsclean -j{j} -o DIR"), shell));
        }
        // Its own floor: reading, decoding and writing each file atomically,
        // without the rules' work or the duplicate fingerprints.
        let bare = format!("{bin} clean {text_dir} -q -j1 -o {out} --no-default-rules --dedup off");
        cases.push(sink("newsclean -j1 -o DIR, no rules", bare));
    }
    if want("html") {
        cases.extend(html_cases(&corpus, &bin));
    }
    if want("real-html") {
        let real = real_html::ensure(&bench.join("real-html"), root, args.scale)?;
        let others = real_html::Others {
            trafilatura: args.trafilatura.as_deref(),
            peers: args.peers.as_deref(),
        };
        cases.extend(real_html::cases(&real, &bin, &others, &bench));
    }
    let measured = measure::measure(&cases, args.reps)?;
    let summary = report::Summary::new(measured, &corpus);
    print!("{}", summary.table());
    // `make bench-html` (the real-html group alone) keeps its own file, so
    // that it does not replace the main table.
    let name = match args.only[..] {
        [ref only] if only == "real-html" => "latest-html.json",
        _ => "latest.json",
    };
    let json = serde_json::to_string_pretty(&summary).expect("serialisable");
    std::fs::write(bench.join(name), json + "\n").map_err(|e| e.to_string())?;
    eprintln!("written: {}", bench.join(name).display());
    Ok(())
}

fn text_cases(corpus: &Corpus, bin: &str, sed_file: &Path) -> Vec<Case> {
    let list = corpus.text.list.display().to_string();
    let dir = corpus.text.dir.display().to_string();
    let work = corpus.text.work;
    let case = |name: &str, shell: String| Case {
        group: "text",
        name: name.into(),
        shell,
        work,
        setup: None,
        inner_timing: None,
    };
    let sed = |locale: &str| {
        format!(
            "LC_ALL={locale} xargs -0 -a {list} sed -E -s -f {} > /dev/null",
            sed_file.display()
        )
    };
    // Half the folders: peak RSS must not grow with the corpus.
    let half: Vec<String> = corpus.text.folders[..corpus.text.folders.len().div_ceil(2)]
        .iter()
        .map(|f| f.display().to_string())
        .collect();
    let half_work = Work {
        bytes: corpus.text.half_bytes,
        pages: corpus.text.half_pages,
    };
    vec![
        case("cat", format!("xargs -0 -a {list} cat > /dev/null")),
        case("sed -E (C.UTF-8)", sed("C.UTF-8")),
        case("sed -E (C, bytes)", sed("C")),
        case(
            "newsclean -j1",
            format!("{bin} clean {dir} -q -j1 --stdout > /dev/null"),
        ),
        case(
            "newsclean -j2",
            format!("{bin} clean {dir} -q -j2 --stdout > /dev/null"),
        ),
        Case {
            name: "newsclean -j2, half corpus".into(),
            shell: format!("{bin} clean {} -q -j2 --stdout > /dev/null", half.join(" ")),
            work: half_work,
            ..case("", String::new())
        },
    ]
}

/// The real-text corpus: JSONL in and out (the crawl dump case) against `sed`
/// over the same text, with the default rules and with the seven seed rules.
fn real_cases(real: &real_corpus::RealText, bin: &str, sed_file: &Path, seed: &Path) -> Vec<Case> {
    let (jsonl, list) = (real.jsonl.display(), real.list.display());
    let case = |name: &str, shell: String| Case {
        group: "real",
        name: name.into(),
        shell,
        work: Work {
            bytes: real.bytes,
            pages: real.pages,
        },
        setup: None,
        inner_timing: None,
    };
    let sed = |locale: &str, script: &Path| {
        format!(
            "LC_ALL={locale} xargs -0 -a {list} sed -E -s -f {} > /dev/null",
            script.display()
        )
    };
    let mut cases = vec![
        case("cat real", format!("xargs -0 -a {list} cat > /dev/null")),
        case("sed -E (C.UTF-8) real", sed("C.UTF-8", sed_file)),
        case("sed -E (C, bytes) real", sed("C", sed_file)),
        case("sed -E seed rules (C.UTF-8) real", sed("C.UTF-8", seed)),
    ];
    cases.extend((1..=2).map(|j| {
        let flags = format!("-q -j{j} --input-format jsonl --format jsonl");
        let shell = format!("{bin} clean {flags} - < {jsonl} > /dev/null");
        case(&format!("newsclean -j{j} real jsonl"), shell)
    }));
    // The same without what a line carries besides the clean text: the
    // language, the quality signals and the duplicate fingerprints.
    let lean = "-q -j1 --input-format jsonl --format jsonl --no-signals --dedup off";
    cases.push(case(
        "newsclean -j1 real jsonl, text only",
        format!("{bin} clean {lean} - < {jsonl} > /dev/null"),
    ));
    cases
}

fn html_cases(corpus: &Corpus, bin: &str) -> Vec<Case> {
    let list = corpus.html.list.display().to_string();
    let dir = corpus.html.dir.display().to_string();
    let work = corpus.html.work;
    let case = |name: &str, shell: String| Case {
        group: "html",
        name: name.into(),
        shell,
        work,
        setup: None,
        inner_timing: None,
    };
    vec![
        case("cat html", format!("xargs -0 -a {list} cat > /dev/null")),
        // Per-page warnings (e.g. replaced bytes) are not what is measured here.
        case(
            "newsclean -j1 html",
            format!("{bin} clean {dir} -q -j1 --stdout 2>/dev/null >/dev/null"),
        ),
        case(
            "newsclean -j2 html",
            format!("{bin} clean {dir} -q -j2 --stdout 2>/dev/null >/dev/null"),
        ),
    ]
}

/// The default rules and the seven seed rules as sed scripts, and the
/// scaling rule sets.
fn write_rule_sets(dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let io = |e: std::io::Error| e.to_string();
    let set = RuleSet::load(&builtin::sources()).map_err(|_| "built-in rules do not compile")?;
    std::fs::create_dir_all(dir).map_err(io)?;
    let write = |name: &str, script: sed::SedScript| {
        for (id, why) in &script.skipped {
            eprintln!("sed ({name}): skipped {id}: {why}");
        }
        for (id, how) in &script.approximated {
            eprintln!("sed ({name}): approximated {id}: {how}");
        }
        let file = dir.join(name);
        std::fs::write(&file, &script.script).map(|()| file)
    };
    let sed_file = write("defaults.sed", sed::sed_script(&set.0)).map_err(io)?;
    let seed = sed::sed_script_of(&set.0, |r| sed::SEED_RULES.contains(&r.id.as_ref()));
    let seed_file = write("seed.sed", seed).map_err(io)?;
    for n in [10, 1000, 10000] {
        rule_sets::write_literals(&dir.join(format!("literals-{n}")), n).map_err(io)?;
    }
    for n in [10, 200] {
        rule_sets::write_regexes(&dir.join(format!("regex-{n}")), n).map_err(io)?;
    }
    Ok((sed_file, seed_file))
}

/// One generated corpus: its folder, its files and how much it holds.
pub struct CorpusPart {
    pub dir: PathBuf,
    pub folders: Vec<PathBuf>,
    pub files: Vec<PathBuf>,
    /// NUL-separated file list for `xargs -0 -a`.
    pub list: PathBuf,
    pub work: Work,
    pub half_bytes: u64,
    pub half_pages: u64,
}

pub struct Corpus {
    pub text: CorpusPart,
    pub html: CorpusPart,
}

impl Corpus {
    /// Generates the corpora unless a stamp says they are already there.
    fn ensure(dir: &Path, scale: f64) -> Result<Corpus, String> {
        let io = |e: std::io::Error| e.to_string();
        let stamp = format!("version {CORPUS_VERSION} scale {scale}\n");
        let stamp_file = dir.join("STAMP");
        if std::fs::read_to_string(&stamp_file).ok().as_deref() != Some(&stamp) {
            let _ = std::fs::remove_dir_all(dir);
            let mb = |n: f64| (n * scale * 1e6) as u64;
            eprintln!("generating corpora under {} ...", dir.display());
            let (p, b) = text_corpus::generate(&dir.join("text"), mb(200.0), 1).map_err(io)?;
            eprintln!("  text: {p} pages, {:.0} MB", b as f64 / 1e6);
            let (p, b) = html_corpus::generate(&dir.join("html"), mb(100.0), 2).map_err(io)?;
            eprintln!("  html: {p} pages, {:.0} MB", b as f64 / 1e6);
            std::fs::write(&stamp_file, stamp).map_err(io)?;
        }
        Ok(Corpus {
            text: CorpusPart::scan(&dir.join("text"), &dir.join("text.list"))?,
            html: CorpusPart::scan(&dir.join("html"), &dir.join("html.list"))?,
        })
    }
}

impl CorpusPart {
    fn scan(dir: &Path, list: &Path) -> Result<CorpusPart, String> {
        let io = |e: std::io::Error| e.to_string();
        let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .map_err(io)?;
        folders.sort();
        let (mut files, mut bytes, mut half_bytes, mut half_pages) = (Vec::new(), 0, 0, 0);
        for (i, folder) in folders.iter().enumerate() {
            let mut in_folder: Vec<PathBuf> = std::fs::read_dir(folder)
                .map_err(io)?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()
                .map_err(io)?;
            in_folder.sort();
            for f in &in_folder {
                let len = std::fs::metadata(f).map_err(io)?.len();
                bytes += len;
                if i < folders.len().div_ceil(2) {
                    half_bytes += len;
                    half_pages += 1;
                }
            }
            files.extend(in_folder);
        }
        let mut nul_list = Vec::new();
        for f in &files {
            nul_list.extend_from_slice(f.as_os_str().as_encoded_bytes());
            nul_list.push(0);
        }
        std::fs::write(list, nul_list).map_err(io)?;
        Ok(CorpusPart {
            dir: dir.to_path_buf(),
            folders,
            work: Work {
                bytes,
                pages: files.len() as u64,
            },
            files,
            list: list.to_path_buf(),
            half_bytes,
            half_pages,
        })
    }
}
