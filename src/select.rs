//! Which documents a run takes: `--shard K/N` keeps those whose id hashes to
//! shard K (a stable hash, the same on every machine and every run), and
//! `--resume` passes over those the manifest already records as done, known
//! by their keys (path, offset in the decompressed input, record id).

use crate::source::stable_hash;
use std::collections::HashSet;
use std::str::FromStr;

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
    /// The keys (`Doc::key`) of the documents earlier runs finished, which
    /// `--resume` passes over (failed ones are retried: they are not here).
    pub done: HashSet<String>,
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

    proptest! {
        #[test]
        fn every_id_is_in_exactly_one_shard(id in any::<String>(), n in 1u64..16) {
            let owners = (0..n).filter(|k| Shard { index: *k, count: n }.takes(&id)).count();
            prop_assert_eq!(owners, 1);
        }
    }
}
