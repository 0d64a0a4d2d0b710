//! Where documents come from: files and folders (walked in a stable order),
//! gzip of any of them, WARC and JSONL dumps, and stdin. Every document becomes
//! a [`Doc`]: its bytes plus whatever the container said about it ([`Hints`]).
//! Containers are streamed record by record, never loaded whole. Whatever is
//! not cleaned is still accounted for: a record that is not a page becomes a
//! [`Skipped`], one that cannot be read a [`DocError`], and the batch goes on.

mod files;
pub mod gz;
mod http;
mod jsonl;
pub mod limits;
mod warc;

pub use files::collect_inputs;
pub use jsonl::JsonlKeys;
pub use limits::Limits;

use std::io::{self, BufRead, BufReader, Read};
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
    pub origin: String,
    pub message: String,
}

/// A record that was read but is not a page to clean (a WARC request, an image).
#[derive(Debug, Clone)]
pub struct Skipped {
    pub id: String,
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
#[derive(Debug, Clone)]
pub enum Input {
    File { path: PathBuf, rel: PathBuf },
    Stdin,
}

/// A container being read: how its documents are named and where they came from.
pub(crate) struct Container {
    /// The input's path (or `<stdin>`), the prefix of every origin.
    pub origin: String,
    /// Relative path of the input, `.gz` dropped: documents of a dump go in a
    /// folder of this name, a single page is written here.
    pub rel: PathBuf,
    pub limits: Limits,
    /// The keys of a JSONL line.
    pub keys: JsonlKeys,
}

impl Container {
    fn failed(&self, message: impl Into<String>) -> Item {
        Item::Failed(DocError {
            id: self.rel.to_string_lossy().into_owned(),
            origin: self.origin.clone(),
            message: message.into(),
        })
    }

    /// A dump file with nothing in it: reported, not silently ignored.
    fn empty_file(&self) -> Item {
        Item::Skipped(Skipped {
            id: self.rel.to_string_lossy().into_owned(),
            origin: self.origin.clone(),
            reason: "empty file".into(),
            bytes: 0,
            notable: true,
        })
    }
}

/// An input as opened: a file or stdin, buffered.
type Raw = BufReader<Box<dyn Read + Send>>;

/// A decompressed input, read through a buffer.
pub(crate) enum Stream {
    Plain(Raw),
    Gz(Box<BufReader<gz::GzMembers<Raw>>>),
}

impl Stream {
    /// Offset of the current gzip member in the compressed input, if gzip'd.
    pub fn member_start(&self) -> Option<u64> {
        match self {
            Stream::Plain(_) => None,
            Stream::Gz(r) => Some(r.get_ref().member_start()),
        }
    }

    fn open(raw: Box<dyn Read + Send>, limits: Limits) -> io::Result<Stream> {
        let mut raw = BufReader::with_capacity(1 << 16, raw);
        Ok(if gz::is_gzip(raw.fill_buf()?) {
            Stream::Gz(Box::new(BufReader::with_capacity(
                1 << 16,
                gz::GzMembers::new(raw, limits),
            )))
        } else {
            Stream::Plain(raw)
        })
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(r) => r.read(buf),
            Stream::Gz(r) => r.read(buf),
        }
    }
}

impl BufRead for Stream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Stream::Plain(r) => r.fill_buf(),
            Stream::Gz(r) => r.fill_buf(),
        }
    }
    fn consume(&mut self, amt: usize) {
        match self {
            Stream::Plain(r) => r.consume(amt),
            Stream::Gz(r) => r.consume(amt),
        }
    }
}

/// Reads every input and hands each item to `emit`, in input order.
pub fn read_all(inputs: &[Input], format: InputFormat, limits: Limits, emit: &mut dyn FnMut(Item)) {
    read_all_with(inputs, format, limits, &JsonlKeys::default(), emit)
}

/// [`read_all`] with the keys JSONL lines are read by.
pub fn read_all_with(
    inputs: &[Input],
    format: InputFormat,
    limits: Limits,
    keys: &JsonlKeys,
    emit: &mut dyn FnMut(Item),
) {
    for input in inputs {
        let (raw, container): (io::Result<Box<dyn Read + Send>>, Container) = match input {
            Input::Stdin => (
                Ok(Box::new(io::stdin())),
                Container {
                    origin: "<stdin>".into(),
                    rel: PathBuf::from("stdin"),
                    limits,
                    keys: keys.clone(),
                },
            ),
            Input::File { path, rel } => (
                std::fs::File::open(path).map(|f| Box::new(f) as Box<dyn Read + Send>),
                Container {
                    origin: path.display().to_string(),
                    rel: strip_gz(rel),
                    limits,
                    keys: keys.clone(),
                },
            ),
        };
        let input_name = container.rel.to_string_lossy().into_owned();
        let mut screened = |mut item: Item| {
            if let Item::Doc(doc) = &mut item {
                doc.hints.input.clone_from(&input_name);
            }
            emit(screen(item))
        };
        match raw.and_then(|raw| Stream::open(raw, limits)) {
            Ok(mut stream) => read_stream(&mut stream, &container, format, &mut screened),
            Err(e) => screened(container.failed(e.to_string())),
        }
    }
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
