//! Gzip streams of one or many members (a `.warc.gz` holds one per record),
//! inflated lazily. Knows where the current member starts in the compressed
//! file (the offset WARC indexes use) and refuses a member that inflates far
//! past its compressed size: no decompression bombs. Reports through a
//! [`GzWatch`] which members were checked whole (their CRC and length
//! matched) and which were broken, so that nothing read from a member is
//! passed on before its checksum is checked; after a broken member it looks
//! for the next member's header and reads on from there.

use super::limits::Limits;
use flate2::bufread::GzDecoder;
use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a reader of [`GzMembers`] learns about the members: they are
/// numbered from 1 in the order they are opened.
#[derive(Debug, Default)]
pub struct GzWatch {
    /// The number of the member being read (the last one opened).
    started: AtomicU64,
    /// Every member up to this number has been read whole or found broken.
    settled: AtomicU64,
    /// The broken members, with why.
    broken: Mutex<Vec<(u64, String)>>,
}

impl GzWatch {
    pub fn started(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }
    pub fn settled(&self) -> u64 {
        self.settled.load(Ordering::Relaxed)
    }
    /// Why member `k` is broken, if it is.
    pub fn broken(&self, k: u64) -> Option<String> {
        let broken = self.broken.lock().unwrap_or_else(|e| e.into_inner());
        broken
            .iter()
            .find(|(m, _)| *m == k)
            .map(|(_, why)| why.clone())
    }
    fn settle(&self, k: u64) {
        self.settled.store(k, Ordering::Relaxed);
    }
    fn break_member(&self, k: u64, why: String) {
        let mut broken = self.broken.lock().unwrap_or_else(|e| e.into_inner());
        broken.push((k, why));
        drop(broken);
        self.settle(k);
    }
}

/// The error of a broken member after which reading can go on with the next
/// member (a reader of records reports the record and reads on).
#[derive(Debug)]
pub struct BrokenMember(pub String);

impl std::fmt::Display for BrokenMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BrokenMember {}

/// Whether reading may go on after `e` (a broken member was skipped).
pub fn can_go_on(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<BrokenMember>())
}

/// A `BufRead` that counts the bytes consumed from it.
pub struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R> Counting<R> {
    pub fn new(inner: R) -> Counting<R> {
        Counting { inner, consumed: 0 }
    }
    /// Bytes consumed so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
    pub fn get_ref(&self) -> &R {
        &self.inner
    }
}

impl<R: BufRead> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// The inflated bytes of every member of a gzip stream, one after another.
pub struct GzMembers<R: BufRead> {
    /// The decoder of the current member; `None` between members.
    decoder: Option<GzDecoder<Counting<R>>>,
    /// The compressed stream while no member is open.
    idle: Option<Counting<R>>,
    member_start: u64,
    member_out: u64,
    limits: Limits,
    watch: Arc<GzWatch>,
}

impl<R: BufRead> GzMembers<R> {
    pub fn new(inner: R, limits: Limits) -> GzMembers<R> {
        GzMembers {
            decoder: None,
            idle: Some(Counting::new(inner)),
            member_start: 0,
            member_out: 0,
            limits,
            watch: Arc::default(),
        }
    }

    /// What the reader learns about the members.
    pub fn watch(&self) -> Arc<GzWatch> {
        self.watch.clone()
    }

    /// After a broken member: skips to the next gzip header (`1f 8b 08`)
    /// after the point where inflating failed, so the next read opens it.
    fn skip_to_next_member(&mut self) -> io::Result<()> {
        let Some(decoder) = self.decoder.take() else {
            return Ok(());
        };
        let mut inner = decoder.into_inner();
        loop {
            let buf = inner.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let found = memchr::memmem::find(buf, &[0x1f, 0x8b, 0x08]);
            let used = match found {
                Some(at) => at,
                // Keep the last two bytes: a header may start there.
                None => buf.len().saturating_sub(2).max(1),
            };
            inner.consume(used);
            if found.is_some() {
                break;
            }
        }
        self.idle = Some(inner);
        Ok(())
    }

    /// Offset in the compressed stream where the member being read starts.
    pub fn member_start(&self) -> u64 {
        self.member_start
    }

    fn compressed_so_far(&self) -> u64 {
        self.decoder
            .as_ref()
            .map_or(0, |d| d.get_ref().consumed - self.member_start)
    }

    /// Opens the next member; false at the end of the stream.
    fn open_next(&mut self) -> io::Result<bool> {
        let mut inner = match (self.decoder.take(), self.idle.take()) {
            (Some(d), _) => d.into_inner(),
            (None, Some(i)) => i,
            (None, None) => return Ok(false),
        };
        if inner.fill_buf()?.is_empty() {
            self.idle = Some(inner);
            return Ok(false);
        }
        self.member_start = inner.consumed;
        self.member_out = 0;
        self.decoder = Some(GzDecoder::new(inner));
        self.watch.started.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }
}

impl<R: BufRead> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.decoder.is_none() && !self.open_next()? {
                return Ok(0);
            }
            let decoder = self.decoder.as_mut().expect("member open");
            let n = match decoder.read(buf) {
                Ok(n) => n,
                Err(e) => {
                    let why = format!("gzip member at byte {} is broken: {e}", self.member_start);
                    self.watch.break_member(self.watch.started(), why.clone());
                    self.skip_to_next_member()?;
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        BrokenMember(why),
                    ));
                }
            };
            if n == 0 {
                // This member is done, its checksum checked; the next read
                // opens the following one.
                let inner = self.decoder.take().expect("member open").into_inner();
                self.idle = Some(inner);
                self.watch.settle(self.watch.started());
                continue;
            }
            self.member_out += n as u64;
            let limits = self.limits;
            if self.member_out > limits.inflate_grace_bytes
                && self.member_out
                    > self
                        .compressed_so_far()
                        .saturating_mul(limits.max_inflate_ratio)
            {
                let why = format!(
                    "gzip member at byte {} inflates more than {}x past {} bytes; refused as a decompression bomb",
                    self.member_start, limits.max_inflate_ratio, limits.inflate_grace_bytes
                );
                self.watch.break_member(self.watch.started(), why.clone());
                return Err(io::Error::other(why));
            }
            return Ok(n);
        }
    }
}

/// True when `head` starts like a gzip stream.
pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1f, 0x8b])
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn members_are_read_in_order_with_their_offsets() {
        let a = gz(b"first ");
        let b = gz(b"second");
        let both = [a.clone(), b].concat();
        let mut r = GzMembers::new(io::Cursor::new(both), Limits::default());
        let mut buf = [0u8; 64];
        let n = r.read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"first ");
        assert_eq!(r.member_start(), 0);
        let n = r.read(&mut buf).unwrap();
        assert_eq!(&buf[..n], b"second");
        assert_eq!(r.member_start(), a.len() as u64);
        assert_eq!(r.read(&mut buf).unwrap(), 0);
    }

    #[test]
    fn a_truncated_member_is_an_error() {
        let mut data = gz(&b"some text that compresses ".repeat(50));
        data.truncate(data.len() / 2);
        let mut out = Vec::new();
        let err = GzMembers::new(io::Cursor::new(data), Limits::default())
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(err.to_string().contains("gzip member at byte 0"), "{err}");
    }

    #[test]
    fn a_bomb_is_refused() {
        let limits = Limits {
            inflate_grace_bytes: 1 << 16,
            ..Limits::default()
        };
        let bomb = gz(&vec![0u8; 8 << 20]);
        let mut out = Vec::new();
        let err = GzMembers::new(io::Cursor::new(bomb), limits)
            .read_to_end(&mut out)
            .unwrap_err();
        assert!(err.to_string().contains("decompression bomb"), "{err}");
        assert!(out.len() < 1 << 20);
    }
}
