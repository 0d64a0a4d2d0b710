//! Items of a gzip'd input held until their gzip member is checked whole
//! ([`Held`]), so that no document of a broken member is output.

use super::{DocError, Item, Stream, gz};
use std::io::Read;
use std::sync::Arc;

/// Items read from a gzip'd input, held until the member they were read
/// from has been checked whole: an item of a broken member becomes a
/// failure, never output with garbled text. The hold is bounded (a whole
/// dump gzip'd as one member would otherwise be held whole): past
/// [`HOLD_BYTES`] the oldest item goes on unchecked, and a later break of
/// its member is still reported for the items held then.
pub(super) struct Held<'a> {
    watch: Arc<gz::GzWatch>,
    items: std::collections::VecDeque<(u64, Item)>,
    bytes: usize,
    emit: &'a mut dyn FnMut(Item),
}

/// Document bytes held at most while their gzip member is being checked.
const HOLD_BYTES: usize = 32 << 20;

impl<'a> Held<'a> {
    pub(super) fn new(watch: Arc<gz::GzWatch>, emit: &'a mut dyn FnMut(Item)) -> Held<'a> {
        Held {
            watch,
            items: Default::default(),
            bytes: 0,
            emit,
        }
    }

    pub(super) fn push(&mut self, item: Item) {
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
    pub(super) fn drain(mut self, stream: &mut Stream) {
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
