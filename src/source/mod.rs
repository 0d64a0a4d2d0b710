//! Where documents come from: files and folders (walked in a stable order),
//! gzip of any of them, WARC and JSONL dumps, and stdin. Every document becomes
//! a [`Doc`]: its bytes plus whatever the container said about it ([`Hints`]).
//! Containers are streamed record by record, never loaded whole. Whatever is
//! not cleaned is still accounted for: a record that is not a page becomes a
//! [`Skipped`], one that cannot be read a [`DocError`], and the batch goes on.

mod container;
mod files;
pub mod gz;
mod held;
pub mod http;
mod jsonl;
pub mod limits;
mod warc;

pub(crate) use container::{Container, IdKeys, Stream};
pub use files::collect_inputs;
use held::Held;
pub use jsonl::JsonlKeys;
pub use limits::Limits;

use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// One document on its way through the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Stable identity: the path relative to its input root, a WARC record id, a JSONL id.
    pub id: String,
    /// What `--resume` knows the document by, unique within a run and the
    /// same in every run over the same inputs: the input's path, and for a
    /// record of a dump its offset in the decompressed stream and its id.
    pub key: String,
    /// Where the document stands in input order, whatever else the inputs
    /// hold: the position of its root on the command line, its path below
    /// the root component by component, its offset in the decompressed
    /// input. Strings compare in input order, so an output merged by order
    /// is in input order even when files were added between runs.
    pub order: String,
    /// Where it came from, for messages and the manifest (`path`, `path@offset`, `path:line`).
    pub origin: String,
    /// Path of the cleaned text in a mirrored output tree, before the extension becomes `.txt`.
    pub rel_path: PathBuf,
    /// The raw bytes, in whatever charset the site used.
    pub bytes: Vec<u8>,
    pub hints: Hints,
    /// The document's full length when it was cut at `--max-doc-bytes`.
    pub cut_from: Option<u64>,
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
    /// Top-level fields of a Dolma input line (`source`, `added`, `created`),
    /// which stay top-level in the output.
    pub dolma: serde_json::Map<String, serde_json::Value>,
    /// The input the document was read from (its path relative to its root,
    /// `.gz` dropped; `stdin`): a Dolma `source` with `--source file`.
    pub input: String,
}

/// A document that could not be read; the batch reports it and goes on.
#[derive(Debug, Clone)]
pub struct DocError {
    pub id: String,
    pub key: String,
    pub origin: String,
    pub message: String,
}

/// A record that was read but is not a page to clean (a WARC request, an image).
#[derive(Debug, Clone)]
pub struct Skipped {
    pub id: String,
    pub key: String,
    pub origin: String,
    pub reason: String,
    pub bytes: u64,
    /// Worth a warning (binary or empty input), not routine (a WARC request record).
    pub notable: bool,
}

/// Everything a source yields, in input order.
#[derive(Debug)]
pub enum Item {
    Doc(Doc),
    Skipped(Skipped),
    Failed(DocError),
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::Doc(d) => &d.id,
            Item::Skipped(s) => &s.id,
            Item::Failed(e) => &e.id,
        }
    }
    pub fn key(&self) -> &str {
        match self {
            Item::Doc(d) => &d.key,
            Item::Skipped(s) => &s.key,
            Item::Failed(e) => &e.key,
        }
    }
    pub fn origin(&self) -> &str {
        match self {
            Item::Doc(d) => &d.origin,
            Item::Skipped(s) => &s.origin,
            Item::Failed(e) => &e.origin,
        }
    }
}

/// How to read an input: decided per file from its name and first bytes
/// (`Auto`), or forced with `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum InputFormat {
    #[default]
    Auto,
    /// One HTML page per input.
    Html,
    /// One plain-text document per input.
    Text,
    /// WARC records (`response` records with HTML bodies are cleaned).
    Warc,
    /// One JSON object per line with `id` and `text` or `html`.
    Jsonl,
}

/// One thing named by the user: a file (with its path relative to its root) or stdin.
/// `root` is the position on the command line of what named it.
#[derive(Debug, Clone)]
pub enum Input {
    File {
        path: PathBuf,
        rel: PathBuf,
        root: usize,
    },
    Stdin {
        root: usize,
    },
}

/// Reads every input and hands each item to `emit`, in input order, until
/// `stop` is set; JSONL lines are read by `keys`.
pub fn read_all(
    inputs: &[Input],
    format: InputFormat,
    limits: Limits,
    keys: &JsonlKeys,
    stop: &Arc<AtomicBool>,
    emit: &mut dyn FnMut(Item),
) {
    for input in inputs {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let (raw, container): (io::Result<Box<dyn Read + Send>>, Container) = match input {
            Input::Stdin { root } => (
                Ok(Box::new(io::stdin())),
                Container {
                    origin: "<stdin>".into(),
                    key: "<stdin>".into(),
                    order: format!("{root:05}"),
                    rel: PathBuf::from("stdin"),
                    limits,
                    keys: keys.clone(),
                    stop: stop.clone(),
                },
            ),
            Input::File { path, rel, root } => (
                std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn Read + Send>),
                Container {
                    origin: path.display().to_string(),
                    key: path_key(path),
                    order: input_order(*root, rel),
                    rel: strip_gz(rel),
                    limits,
                    keys: keys.clone(),
                    stop: stop.clone(),
                },
            ),
        };
        read_one(raw, &container, format, emit);
    }
}

/// Reads one opened input: through a [`Held`] when it is gzip'd.
fn read_one(
    raw: io::Result<Box<dyn Read + Send>>,
    container: &Container,
    format: InputFormat,
    emit: &mut dyn FnMut(Item),
) {
    let input_name = container.rel.to_string_lossy().into_owned();
    let mut screened = |mut item: Item| {
        if let Item::Doc(doc) = &mut item {
            doc.hints.input.clone_from(&input_name);
        }
        emit(screen(item))
    };
    match raw.and_then(|raw| Stream::open(raw, container.limits)) {
        Ok(mut stream) => match stream.watch() {
            Some(watch) => {
                let mut held = Held::new(watch, &mut screened);
                read_stream(&mut stream, container, format, &mut |item| held.push(item));
                if !container.stopped() {
                    held.drain(&mut stream);
                }
            }
            None => read_stream(&mut stream, container, format, &mut screened),
        },
        Err(e) => screened(container.failed(e.to_string())),
    }
}

/// Reads one input held in memory, named `name`, as [`read_all`] reads a
/// file: for the fuzz targets (`make fuzz`).
#[doc(hidden)]
pub fn read_bytes(bytes: Vec<u8>, name: &str, format: InputFormat, emit: &mut dyn FnMut(Item)) {
    let limits = Limits {
        max_doc_bytes: 1 << 20,
        inflate_grace_bytes: 1 << 20,
        ..Limits::default()
    };
    let container = Container {
        origin: name.to_string(),
        key: name.to_string(),
        order: input_order(0, Path::new(name)),
        rel: strip_gz(Path::new(name)),
        limits,
        keys: JsonlKeys::default(),
        stop: Arc::default(),
    };
    read_one(
        Ok(Box::new(io::Cursor::new(bytes))),
        &container,
        format,
        emit,
    );
}

fn read_stream(
    stream: &mut Stream,
    container: &Container,
    format: InputFormat,
    emit: &mut dyn FnMut(Item),
) {
    let format = match format {
        InputFormat::Auto => match stream.fill_buf() {
            Ok(head) => detect(&container.rel, head),
            Err(e) => return emit(container.failed(e.to_string())),
        },
        forced => forced,
    };
    match format {
        InputFormat::Warc => warc::read(stream, container, emit),
        InputFormat::Jsonl => jsonl::read(stream, container, emit),
        InputFormat::Html => files::read_page(stream, container, Some(true), emit),
        InputFormat::Text => files::read_page(stream, container, Some(false), emit),
        InputFormat::Auto => files::read_page(stream, container, None, emit),
    }
}

/// The format of an input from its name (`.gz` already dropped) and first bytes.
fn detect(rel: &Path, head: &[u8]) -> InputFormat {
    let ext = rel
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("warc") => InputFormat::Warc,
        Some("jsonl" | "ndjson") => InputFormat::Jsonl,
        Some("html" | "htm" | "txt") => InputFormat::Auto,
        _ if head.starts_with(b"WARC/") => InputFormat::Warc,
        _ => InputFormat::Auto,
    }
}

/// A path as text without losing anything: valid UTF-8 as it is (a
/// backslash doubled), each byte that is not as `\xNN`. Two different paths
/// never get the same key, even when their names are not UTF-8.
pub fn path_key(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut key = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        key.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            key.push_str(&format!("\\x{b:02X}"));
        }
    }
    key
}

/// The order of an input: its root's position, then its path below the
/// root component by component (a NUL between components sorts `a/x`
/// before `a-b/x`, as the folder walk does).
fn input_order(root: usize, rel: &Path) -> String {
    let mut order = format!("{root:05}");
    for part in rel.components() {
        order.push('\0');
        order.push_str(&path_key(Path::new(part.as_os_str())));
    }
    order
}

fn strip_gz(rel: &Path) -> PathBuf {
    if rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
    {
        rel.with_extension("")
    } else {
        rel.to_path_buf()
    }
}

/// Turns a document with binary content into a skipped record, and notes in
/// the metadata of a document that was cut how long it was.
fn screen(item: Item) -> Item {
    match item {
        Item::Doc(mut doc) => match limits::binary_offset(&doc.bytes) {
            Some(at) => Item::Skipped(Skipped {
                key: doc.key,
                reason: format!("binary content (NUL byte at {at})"),
                notable: true,
                bytes: doc.cut_from.unwrap_or(doc.bytes.len() as u64),
                id: doc.id,
                origin: doc.origin,
            }),
            None => {
                if let Some(full) = doc.cut_from {
                    doc.hints.extra.insert("cut_from_bytes".into(), full.into());
                }
                Item::Doc(doc)
            }
        },
        other => other,
    }
}

/// FNV-1a, 64 bits: stable across runs, platforms and Rust releases (unlike
/// `std`'s hasher), which sharding and resuming depend on.
pub fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
