//! Where documents come from: files and folders (walked recursively, in a stable
//! order) and stdin. Every input becomes a [`Doc`]: its bytes plus whatever the
//! container said about it ([`Hints`]). A document that cannot be read becomes a
//! [`DocError`] so the batch can report it and go on.

use std::path::{Path, PathBuf};

/// One document on its way through the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Stable identity: the path relative to its input root, a WARC record id, a JSONL id.
    pub id: String,
    /// Where it came from, for messages and the manifest (`path`, `path@offset`, `path:line`).
    pub origin: String,
    /// Path of the cleaned text in a mirrored output tree, before the extension becomes `.txt`.
    pub rel_path: PathBuf,
    /// The raw bytes, in whatever charset the site used.
    pub bytes: Vec<u8>,
    pub hints: Hints,
}

/// What the container knew about a document before anyone looked inside it.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The HTTP `Content-Type` header, when the source carried one (WARC does).
    pub content_type: Option<String>,
    /// The URL the page was fetched from.
    pub url: Option<String>,
    /// The date the container gives (e.g. `WARC-Date`).
    pub fetch_date: Option<String>,
    /// `Some(true)` when the container says HTML, `Some(false)` for plain text, `None` to sniff.
    pub is_html: Option<bool>,
    /// Other fields carried through into the output metadata (e.g. JSONL fields).
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A document that could not be read; the batch reports it and goes on.
#[derive(Debug, Clone)]
pub struct DocError {
    pub id: String,
    pub origin: String,
    pub message: String,
}

/// Extensions of files picked up when walking a folder.
pub const FILE_EXTENSIONS: &[&str] = &["html", "htm", "txt"];

/// Lists the files to read under `inputs`, in a stable order. Folders are walked
/// recursively (symlinked folders are not followed); files named on the command
/// line are taken whatever their extension. `-` means stdin.
pub fn collect_inputs(inputs: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for root in inputs {
        if root.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if root.is_dir() {
            let mut files = Vec::new();
            walk(root, &mut files);
            files.sort();
            for path in files {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                out.push(Input::File { path, rel });
            }
        } else {
            let rel = PathBuf::from(root.file_name().unwrap_or(root.as_os_str()));
            out.push(Input::File {
                path: root.clone(),
                rel,
            });
        }
    }
    out
}

/// One thing named by the user: a file (with its path relative to its root) or stdin.
#[derive(Debug, Clone)]
pub enum Input {
    File { path: PathBuf, rel: PathBuf },
    Stdin,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable folder is reported when its files are missing from the
        // summary; listing it as a file makes the read fail with the OS error.
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, out);
        } else if kind.is_file() && has_known_extension(&path) {
            out.push(path);
        }
    }
}

fn has_known_extension(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name.strip_suffix(".gz").unwrap_or(name);
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Reads every input and hands each document (or the reason it could not be read)
/// to `emit`, in input order.
pub fn read_all(inputs: &[Input], emit: &mut dyn FnMut(Result<Doc, DocError>)) {
    for input in inputs {
        match input {
            Input::Stdin => {
                let mut bytes = Vec::new();
                let res = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes);
                emit(match res {
                    Ok(_) => Ok(Doc {
                        id: "-".into(),
                        origin: "<stdin>".into(),
                        rel_path: PathBuf::from("stdin.txt"),
                        bytes,
                        hints: Hints::default(),
                    }),
                    Err(e) => Err(DocError {
                        id: "-".into(),
                        origin: "<stdin>".into(),
                        message: e.to_string(),
                    }),
                });
            }
            Input::File { path, rel } => {
                let id = rel.to_string_lossy().into_owned();
                let origin = path.display().to_string();
                emit(match std::fs::read(path) {
                    Ok(bytes) => Ok(Doc {
                        id,
                        origin,
                        rel_path: rel.clone(),
                        bytes,
                        hints: Hints::default(),
                    }),
                    Err(e) => Err(DocError {
                        id,
                        origin,
                        message: e.to_string(),
                    }),
                });
            }
        }
    }
}
