//! `peers TOOL LIST OUT`: extracts the article text of every HTML file named
//! in LIST (one path a line) with TOOL (`dom_smoothie` or `rs-trafilatura`)
//! and writes it to `OUT/PARENT/NAME.txt` (PARENT the file's folder name,
//! NAME its name without `.html`/`.htm`), the layout of newsclean's text
//! tree when it cleans the folder above, so the outputs can be compared and
//! scored side by side. One thread, the whole process timed from outside by
//! `make bench-html`. Bytes that are not UTF-8 are replaced (both libraries
//! take a `&str`); a page a tool fails on gets an empty file and a line on
//! stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy)]
enum Tool {
    DomSmoothie,
    RsTrafilatura,
}

impl Tool {
    fn parse(name: &str) -> Option<Tool> {
        match name {
            "dom_smoothie" => Some(Tool::DomSmoothie),
            "rs-trafilatura" => Some(Tool::RsTrafilatura),
            _ => None,
        }
    }

    /// The page's article text, or why there is none.
    fn extract(self, html: &str) -> Result<String, String> {
        match self {
            Tool::DomSmoothie => {
                let cfg = dom_smoothie::Config {
                    text_mode: dom_smoothie::TextMode::Formatted,
                    ..Default::default()
                };
                let mut r = dom_smoothie::Readability::new(html, None, Some(cfg))
                    .map_err(|e| e.to_string())?;
                let article = r.parse().map_err(|e| e.to_string())?;
                Ok(article.text_content.to_string())
            }
            Tool::RsTrafilatura => rs_trafilatura::extract(html)
                .map(|r| r.content_text)
                .map_err(|e| e.to_string()),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [tool, list, out] = &args[..] else {
        eprintln!("usage: peers dom_smoothie|rs-trafilatura LIST OUT");
        return ExitCode::from(2);
    };
    let Some(tool) = Tool::parse(tool) else {
        eprintln!("peers: unknown tool {tool}: dom_smoothie or rs-trafilatura");
        return ExitCode::from(2);
    };
    match run(tool, Path::new(list), Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("peers: {e}");
            ExitCode::FAILURE
        }
    }
}

/// An I/O error, named by its path.
fn io(what: &Path) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", what.display())
}

fn run(tool: Tool, list: &Path, out: &Path) -> Result<(), String> {
    let list_text = std::fs::read_to_string(list).map_err(io(list))?;
    for line in list_text.lines().filter(|l| !l.trim().is_empty()) {
        let page = Path::new(line);
        let bytes = std::fs::read(page).map_err(io(page))?;
        let html = String::from_utf8_lossy(&bytes);
        let text = tool.extract(&html).unwrap_or_else(|e| {
            eprintln!("peers: {}: {e}", page.display());
            String::new()
        });
        let to = output_path(out, page);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&to, text).map_err(io(&to))?;
    }
    Ok(())
}

/// `OUT/PARENT/NAME.txt` for `.../PARENT/NAME.html`.
fn output_path(out: &Path, page: &Path) -> PathBuf {
    let parent = page.parent().and_then(Path::file_name).unwrap_or_default();
    let name = page.file_name().unwrap_or_default().to_string_lossy();
    let stem = ["html", "htm"]
        .iter()
        .find_map(|ext| name.strip_suffix(&format!(".{ext}")))
        .unwrap_or(&name);
    out.join(parent).join(format!("{stem}.txt"))
}
