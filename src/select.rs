//! Which documents a run takes: `--shard K/N` keeps those whose id hashes to
//! shard K (a stable hash, the same on every machine and every run), and
//! `--resume` passes over those the manifest already records as done, known
//! by their keys (path, offset in the decompressed input, record id).

use std::collections::HashMap;
use std::str::FromStr;

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

/// `--shard K/N`: this run takes shard K (0-based) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub fn takes(&self, id: &str) -> bool {
        stable_hash(id) % self.count == self.index
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let (k, n) = s
            .split_once('/')
            .ok_or_else(|| format!("expected K/N, e.g. 0/4, not {s:?}"))?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("bad shard index {k:?}"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("bad shard count {n:?}"))?;
        if count == 0 || index >= count {
            return Err(format!("shard index must be 0 to N-1: {s}"));
        }
        Ok(Shard { index, count })
    }
}

/// What earlier runs recorded, by each document's key, stored in full (see
/// `Doc::key`): whether it is done, and whether its output was written.
#[derive(Debug, Default)]
pub struct Done {
    by_key: HashMap<String, Recorded>,
}

/// The latest record of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// Passed over by `--resume` (failed documents are not: they are retried).
    pub done: bool,
    /// Its cleaned text was written (a JSONL line, a file of a tree).
    pub written: bool,
}

impl Done {
    /// Records the latest status of a document; a later line overrides an earlier one.
    pub fn note(&mut self, key: &str, recorded: Recorded) {
        match self.by_key.get_mut(key) {
            Some(r) => *r = recorded,
            None => {
                self.by_key.insert(key.to_string(), recorded);
            }
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|r| r.done)
    }

    /// Whether the latest record says the document's output was written.
    pub fn written(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|r| r.written)
    }

    /// How many documents are recorded as written.
    pub fn written_count(&self) -> u64 {
        self.by_key.values().filter(|r| r.written).count() as u64
    }

    pub fn len(&self) -> usize {
        self.by_key.values().filter(|r| r.done).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What to do with one item.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Take,
    OtherShard,
    AlreadyDone,
}

/// The run's selection: shard and resume together.
#[derive(Debug, Default)]
pub struct Selection {
    pub shard: Option<Shard>,
    pub done: Done,
}

impl Selection {
    pub fn judge(&self, id: &str, key: &str) -> Verdict {
        if self.shard.is_some_and(|s| !s.takes(id)) {
            Verdict::OtherShard
        } else if self.done.contains(key) {
            Verdict::AlreadyDone
        } else {
            Verdict::Take
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hash_is_pinned() {
        // Changing the hash would move documents between shards of a running job.
        assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(stable_hash("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("1/4".parse::<Shard>(), Ok(Shard { index: 1, count: 4 }));
        assert!("4/4".parse::<Shard>().is_err());
        assert!("0/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
    }

    const FAILED: Recorded = Recorded {
        done: false,
        written: false,
    };
    const OK: Recorded = Recorded {
        done: true,
        written: true,
    };

    #[test]
    fn a_later_failure_or_success_overrides() {
        let mut done = Done::default();
        done.note("a:1", FAILED);
        assert!(!done.contains("a:1"));
        done.note("a:1", OK);
        assert!(done.contains("a:1") && done.written("a:1"));
        assert_eq!((done.len(), done.written_count()), (1, 1));
    }

    #[test]
    fn keys_are_kept_whole_not_hashed() {
        // Two keys with the same 64-bit hash would shadow each other in a
        // set of hashes; whole keys never do.
        let mut done = Done::default();
        done.note("crawl.warc.gz@0#<urn:a>", OK);
        assert!(!done.contains("crawl.warc.gz@0"));
        assert!(!done.contains("crawl.warc.gz@0#<urn:b>"));
    }

    proptest! {
        #[test]
        fn every_id_is_in_exactly_one_shard(id in any::<String>(), n in 1u64..16) {
            let owners = (0..n).filter(|k| Shard { index: *k, count: n }.takes(&id)).count();
            prop_assert_eq!(owners, 1);
        }
    }
}
