//! A container being read (a file, a dump, stdin): how its documents are
//! named and keyed ([`Container`], [`IdKeys`]), and the decompressed stream
//! its reader reads ([`Stream`]).

use super::{DocError, Item, Limits, Skipped, gz, stable_hash};
use crate::source::JsonlKeys;
use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
    pub(super) fn failed(&self, message: impl Into<String>) -> Item {
        Item::Failed(DocError {
            id: self.rel.to_string_lossy().into_owned(),
            key: self.key.clone(),
            origin: self.origin.clone(),
            message: message.into(),
        })
    }

    /// The key of a record without an id (or one that could not be read),
    /// `offset` bytes into the decompressed input.
    pub(super) fn offset_key(&self, offset: u64) -> String {
        format!("{}@{offset}", self.key)
    }

    /// The order of a record `offset` bytes into the decompressed input.
    pub(super) fn order(&self, offset: u64) -> String {
        format!("{}\0{offset:020}", self.order)
    }

    /// True once the run has been told to stop.
    pub(super) fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// A dump file with nothing in it: reported, not silently ignored.
    pub(super) fn empty_file(&self) -> Item {
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
    pub(super) fn watch(&self) -> Option<Arc<gz::GzWatch>> {
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

    pub(super) fn open(raw: Box<dyn Read + Send>, limits: Limits) -> io::Result<Stream> {
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
