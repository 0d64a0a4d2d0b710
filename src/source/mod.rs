//! Where documents come from: files and folders (walked in a stable order),
//! gzip of any of them, WARC and JSONL dumps, and stdin. Every document becomes
//! a [`Doc`]: its bytes plus whatever the container said about it ([`Hints`]).
//! Containers are streamed record by record, never loaded whole. Whatever is
//! not cleaned is still accounted for: a record that is not a page becomes a
//! [`Skipped`], one that cannot be read a [`DocError`], and the batch goes on.

mod files;
pub mod gz;
pub mod http;
mod jsonl;
pub mod limits;
mod warc;

pub use files::collect_inputs;
pub use jsonl::JsonlKeys;
pub use limits::Limits;

use std::io::{self, BufRead, BufReader, Read};
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

/// A container being read: how its documents are named and where they came from.
pub(crate) struct Container {
    /// The input's path (or `<stdin>`), the prefix of every origin.
    pub origin: String,
    /// The input's path written losslessly (see [`path_key`]), the prefix of every key.
    pub key: String,
    /// The input's place in input order, the prefix of every [`Doc::order`].
    pub order: String,
    /// Relative path of the input, `.gz` dropped: documents of a dump go in a
    /// folder of this name, a single page is written here.
    pub rel: PathBuf,
    pub limits: Limits,
    /// The keys of a JSONL line.
    pub keys: JsonlKeys,
    /// Set when the run stops early (Ctrl-C, a closed stdout): readers end.
    pub stop: Arc<AtomicBool>,
}

impl Container {
    fn failed(&self, message: impl Into<String>) -> Item {
        Item::Failed(DocError {
            id: self.rel.to_string_lossy().into_owned(),
            key: self.key.clone(),
            origin: self.origin.clone(),
            message: message.into(),
        })
    }

    /// The key of a record without an id (or one that could not be read),
    /// `offset` bytes into the decompressed input.
    fn offset_key(&self, offset: u64) -> String {
        format!("{}@{offset}", self.key)
    }

    /// The order of a record `offset` bytes into the decompressed input.
    fn order(&self, offset: u64) -> String {
        format!("{}\0{offset:020}", self.order)
    }

    /// True once the run has been told to stop.
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// A dump file with nothing in it: reported, not silently ignored.
    fn empty_file(&self) -> Item {
        Item::Skipped(Skipped {
            id: self.rel.to_string_lossy().into_owned(),
            key: self.key.clone(),
            origin: self.origin.clone(),
            reason: "empty file".into(),
            bytes: 0,
            notable: true,
        })
    }
}

/// Items read from a gzip'd input, held until the member they were read
/// from has been checked whole: an item of a broken member becomes a
/// failure, never output with garbled text. The hold is bounded (a whole
/// dump gzip'd as one member would otherwise be held whole): past
/// [`HOLD_BYTES`] the oldest item goes on unchecked, and a later break of
/// its member is still reported for the items held then.
struct Held<'a> {
    watch: Arc<gz::GzWatch>,
    items: std::collections::VecDeque<(u64, Item)>,
    bytes: usize,
    emit: &'a mut dyn FnMut(Item),
}

/// Document bytes held at most while their gzip member is being checked.
const HOLD_BYTES: usize = 32 << 20;

impl<'a> Held<'a> {
    fn new(watch: Arc<gz::GzWatch>, emit: &'a mut dyn FnMut(Item)) -> Held<'a> {
        Held {
            watch,
            items: Default::default(),
            bytes: 0,
            emit,
        }
    }

    fn push(&mut self, item: Item) {
        let member = self.watch.started();
        if let Item::Doc(d) = &item {
            self.bytes += d.bytes.len();
        }
        // The reader's report of a broken member says again what the
        // failure of the records held from it will say.
        let reported = matches!(item, Item::Failed(_))
            && self.watch.broken(member).is_some()
            && self
                .items
                .iter()
                .any(|(m, i)| *m == member && !matches!(i, Item::Failed(_)));
        if !reported {
            self.items.push_back((member, item));
        }
        self.release();
        while self.bytes > HOLD_BYTES {
            self.pass_front();
        }
    }

    /// Passes on the items whose members are settled (or, when the hold is
    /// full, the oldest).
    fn release(&mut self) {
        let settled = self.watch.settled();
        while self.items.front().is_some_and(|(m, _)| *m <= settled) {
            self.pass_front();
        }
    }

    fn pass_front(&mut self) {
        let Some((member, item)) = self.items.pop_front() else {
            return;
        };
        let item = match (item, self.watch.broken(member)) {
            (Item::Doc(doc), Some(why)) => {
                self.bytes -= doc.bytes.len();
                Item::Failed(DocError {
                    id: doc.id,
                    key: doc.key,
                    origin: doc.origin,
                    message: format!("not trusted: {why}"),
                })
            }
            (Item::Doc(doc), None) => {
                self.bytes -= doc.bytes.len();
                Item::Doc(doc)
            }
            (Item::Skipped(s), Some(why)) => Item::Failed(DocError {
                id: s.id,
                key: s.key,
                origin: s.origin,
                message: format!("not trusted: {why}"),
            }),
            (other, _) => other,
        };
        (self.emit)(item);
    }

    /// The reader is done: reads on to the end of the members it took items
    /// from, so that their checksums are checked, then passes everything on.
    fn drain(mut self, stream: &mut Stream) {
        let wanted = self.items.back().map_or(0, |(m, _)| *m);
        let mut sink = [0u8; 1 << 14];
        while self.watch.settled() < wanted {
            match stream.read(&mut sink) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if gz::can_go_on(&e) => {}
                Err(_) => break,
            }
        }
        self.release();
        while !self.items.is_empty() {
            self.pass_front();
        }
    }
}

/// Keys of the records of one container that have ids: `path#id`, and
/// `path#id#2`, `path#id#3` ... when an id comes again. Known by id rather
/// than by offset, a record keeps its key when a JSONL line before it is
/// mended in place. Repeats are counted by a hash of the id (8 bytes per
/// record, not the id): two ids of the same hash get a suffix they did not
/// need, the same one in every run, which is all a key needs.
#[derive(Default)]
pub(crate) struct IdKeys {
    seen: std::collections::HashMap<u64, u32>,
}

impl IdKeys {
    pub fn key(&mut self, c: &Container, id: &str) -> String {
        let count = self.seen.entry(stable_hash(id)).or_insert(0);
        *count += 1;
        match *count {
            1 => format!("{}#{id}", c.key),
            k => format!("{}#{id}#{k}", c.key),
        }
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
    /// What is known of the gzip members, if gzip'd.
    fn watch(&self) -> Option<Arc<gz::GzWatch>> {
        match self {
            Stream::Plain(_) => None,
            Stream::Gz(r) => Some(r.get_ref().watch()),
        }
    }

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
