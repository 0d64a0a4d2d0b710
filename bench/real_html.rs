//! The real HTML pages of `make bench-html`: the pages of `eval/trafilatura`
//! and `../shared/eval/wcxb-dev`, gunzipped once into
//! `target/bench/real-html/{eval-trafilatura,wcxb-dev}/` (so no tool pays
//! for gzip), and the cases that time newsclean, trafilatura and the Rust
//! peers (dom_smoothie, rs-trafilatura: `bench/peers/`, a crate of its own)
//! on exactly those files, one thread each, in one run.

use crate::measure::{Case, Work};
use flate2::read::GzDecoder;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The pages on disk and the list of them (one path a line).
pub struct RealHtml {
    pub dir: PathBuf,
    pub list: PathBuf,
    pub work: Work,
}

/// The development sets and the folder each goes to.
const SETS: [(&str, &str); 2] = [
    ("eval/trafilatura/html", "eval-trafilatura"),
    ("../shared/eval/wcxb-dev/html", "wcxb-dev"),
];

/// Gunzips every `scale`-th share of the pages of both sets (all of them at
/// scale 1, every tenth at 0.1) under `dir`, unless a stamp says they are
/// there, and lists them.
pub fn ensure(dir: &Path, root: &Path, scale: f64) -> Result<RealHtml, String> {
    let io = |e: std::io::Error| e.to_string();
    let stride = (1.0 / scale.clamp(0.001, 1.0)).round().max(1.0) as usize;
    let stamp = format!("stride {stride}\n");
    let stamp_file = dir.join("STAMP");
    if std::fs::read_to_string(&stamp_file).ok().as_deref() != Some(&stamp) {
        let _ = std::fs::remove_dir_all(dir);
        for (from, to) in SETS {
            let (from, to) = (root.join(from), dir.join(to));
            std::fs::create_dir_all(&to).map_err(io)?;
            let mut pages: Vec<PathBuf> = match std::fs::read_dir(&from) {
                Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    eprintln!("real html: {} left out: {e}", from.display());
                    continue;
                }
            };
            pages.sort();
            for page in pages.iter().step_by(stride) {
                let name = page.file_name().unwrap_or_default().to_string_lossy();
                let Some(stem) = name.strip_suffix(".gz") else {
                    continue;
                };
                let mut html = Vec::new();
                GzDecoder::new(std::fs::File::open(page).map_err(io)?)
                    .read_to_end(&mut html)
                    .map_err(|e| format!("{}: {e}", page.display()))?;
                std::fs::write(to.join(stem), html).map_err(io)?;
            }
        }
        std::fs::write(&stamp_file, stamp).map_err(io)?;
    }
    let (mut list, mut bytes, mut pages) = (String::new(), 0, 0);
    for (_, to) in SETS {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join(to))
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files {
            bytes += std::fs::metadata(&f).map_err(io)?.len();
            pages += 1;
            list.push_str(&format!("{}\n", f.display()));
        }
    }
    let list_file = dir.with_extension("list");
    std::fs::write(&list_file, list).map_err(io)?;
    Ok(RealHtml {
        dir: dir.to_path_buf(),
        list: list_file,
        work: Work { bytes, pages },
    })
}

/// What else to time beside newsclean.
pub struct Others<'a> {
    /// Python of a venv with trafilatura.
    pub trafilatura: Option<&'a Path>,
    /// The binary of `bench/peers/`.
    pub peers: Option<&'a Path>,
}

/// newsclean (`-j1`, and `-j2` for the scaling row), trafilatura and the
/// Rust peers on the same pages. Each tool's text goes where it can be read
/// again: newsclean to stdout (dropped), the peers to `bench/peers-out/TOOL/`.
pub fn cases(real: &RealHtml, bin: &str, others: &Others, bench: &Path) -> Vec<Case> {
    let case = |name: &str, shell: String| Case {
        group: "real html",
        name: name.into(),
        shell,
        work: real.work,
        setup: None,
        inner_timing: None,
    };
    let dir = real.dir.display();
    let mut cases: Vec<Case> = (1..=2)
        .map(|j| {
            // Per-page warnings (replaced bytes, little kept) are not measured.
            let shell = format!("{bin} clean {dir} -q -j{j} --stdout 2>/dev/null >/dev/null");
            case(&format!("newsclean -j{j} real html"), shell)
        })
        .collect();
    if let Some(python) = others.trafilatura {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/trafilatura_pages.py");
        let timing = bench.join("trafilatura-timing.json");
        cases.push(Case {
            inner_timing: Some(timing.clone()),
            ..case(
                "trafilatura real html",
                format!(
                    "{} {} {} {} > /dev/null",
                    python.display(),
                    script.display(),
                    real.list.display(),
                    timing.display()
                ),
            )
        });
    }
    if let Some(peers) = others.peers {
        for tool in ["dom_smoothie", "rs-trafilatura"] {
            let out = bench.join("peers-out").join(tool);
            cases.push(Case {
                setup: Some(format!("rm -rf {}", out.display())),
                ..case(
                    &format!("{tool} real html"),
                    format!(
                        "{} {tool} {} {} 2>/dev/null",
                        peers.display(),
                        real.list.display(),
                        out.display()
                    ),
                )
            });
        }
    }
    cases
}
