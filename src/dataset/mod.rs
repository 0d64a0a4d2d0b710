//! What makes cleaned documents a dataset a builder can use as is: the Dolma
//! shape of the output ([`dolma`]), quality signals per document
//! ([`quality`]) and the filter on them ([`filter`]), and duplicates found in
//! input order ([`dedup`], with the fingerprints of [`minhash`]), within a
//! run and across the outputs of several runs ([`second_pass`],
//! `newsclean dedup`, reading them in input order by [`order`]).
//!
//! Per document, the expensive part (signals, fingerprints) is computed on
//! the workers by [`Options::examine`]; the decisions that depend on earlier
//! documents are taken by [`Gate::judge`] on the one thread that settles
//! documents in input order, so they do not depend on the thread count.

pub mod dedup;
pub mod dolma;
pub mod filter;
pub mod minhash;
pub mod order;
pub mod quality;
pub mod second_pass;

use crate::clean::Cleaned;
use crate::source::Doc;
use dedup::{Fingerprint, Index, Mode};
use filter::Filter;
use quality::Signals;

/// The dataset options of a run.
#[derive(Debug, Clone)]
pub struct Options {
    pub shape: dolma::Shape,
    pub dedup: Mode,
    /// Estimated Jaccard similarity from which `near` calls a text a copy.
    pub threshold: f64,
    /// Drop duplicates instead of marking them with `duplicate_of`.
    pub drop_duplicates: bool,
    /// How many distinct texts the duplicate index holds.
    pub max_index_docs: usize,
    pub filter: Filter,
    /// Write `page.meta.json` beside each file of a text tree.
    pub sidecar: bool,
    /// Compute the quality signals: when the output carries the metadata
    /// (JSONL, sidecars) or the filter judges by them, unless the user
    /// leaves them out (`--no-signals`). A plain text output without a
    /// filter never shows them, so it does not pay for them.
    pub signals: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            shape: dolma::Shape::default(),
            dedup: Mode::default(),
            threshold: DEFAULT_THRESHOLD,
            drop_duplicates: false,
            max_index_docs: dedup::DEFAULT_MAX_DOCS,
            filter: Filter::default(),
            sidecar: false,
            signals: true,
        }
    }
}

pub const DEFAULT_THRESHOLD: f64 = 0.8;

/// What a worker learnt about a cleaned document for the gate.
#[derive(Debug, Clone)]
pub struct Facts {
    /// None when the run does not want them ([`Options::signals`]).
    pub signals: Option<Signals>,
    pub fingerprint: Option<Fingerprint>,
}

/// A cleaned document with what the gate needs to judge it (none for an
/// empty one).
#[derive(Debug)]
pub struct Examined {
    pub cleaned: Cleaned,
    pub facts: Option<Box<Facts>>,
    /// The document's JSONL record ([`dolma::Shape::render`]), made on the
    /// worker when the output is JSONL, so that the thread that settles
    /// documents in input order only copies its bytes; none when the gate
    /// has changed the metadata since (a `duplicate_of`).
    pub record: Option<Vec<u8>>,
}

/// The language of a document for the stop-word signal: as its input states
/// it (a JSONL record's `lang` or `language`), else as identified.
fn stated_lang(cleaned: &Cleaned) -> Option<&str> {
    ["lang", "language"]
        .iter()
        .find_map(|k| cleaned.meta.extra.get(*k).and_then(|v| v.as_str()))
        .or(cleaned.meta.lang.as_deref())
}

impl Options {
    /// Computes the quality signals (into `metadata.quality`, when the run
    /// wants them) and the fingerprint of a cleaned document. Empty
    /// documents are left alone.
    pub fn examine(&self, mut cleaned: Cleaned) -> Examined {
        if cleaned.text.is_empty() {
            return Examined {
                cleaned,
                facts: None,
                record: None,
            };
        }
        let signals = self
            .signals
            .then(|| quality::signals(&cleaned.text, stated_lang(&cleaned)));
        if let Some(value) = signals.as_ref().and_then(|s| serde_json::to_value(s).ok()) {
            cleaned.meta.extra.insert("quality".into(), value);
        }
        let fingerprint = Fingerprint::of(&cleaned.text, self.dedup);
        Examined {
            cleaned,
            facts: Some(Box::new(Facts {
                signals,
                fingerprint,
            })),
            record: None,
        }
    }
}

impl Examined {
    /// Renders the JSONL record of a document with a text (an empty one is
    /// not written), with `shape`.
    pub fn render(&mut self, doc: &Doc, shape: &dolma::Shape) {
        if !self.cleaned.text.is_empty() {
            self.record = Some(shape.render(doc, &self.cleaned));
        }
    }
}

/// What becomes of a cleaned document.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// Written; `duplicate_of` names the first copy if it is a later one.
    Keep { duplicate_of: Option<String> },
    /// Not written: below the filter, or a duplicate with `--dedup-drop`.
    Drop {
        reason: String,
        duplicate_of: Option<String>,
    },
}

/// The run-level decisions, taken in input order.
pub struct Gate {
    index: Option<Index>,
    mode: Mode,
    filter: Filter,
    drop_duplicates: bool,
}

impl Gate {
    pub fn new(options: &Options) -> Gate {
        Gate {
            index: (options.dedup != Mode::Off)
                .then(|| Index::new(options.threshold, options.max_index_docs)),
            mode: options.dedup,
            filter: options.filter.clone(),
            drop_duplicates: options.drop_duplicates,
        }
    }

    /// Whether the duplicate index ran out of room.
    pub fn index_full(&self) -> bool {
        self.index.as_ref().is_some_and(Index::full)
    }

    /// Puts a first copy that an earlier run wrote (`--resume`) into the
    /// index, so that its later copies are marked as one run marks them.
    pub fn seed(&mut self, id: &str, text: &str) {
        if let (Some(index), Some(fp)) = (&mut self.index, Fingerprint::of(text, self.mode)) {
            index.check(id, &fp);
        }
    }

    /// Decides on document `id`; a kept duplicate gets `duplicate_of` in its
    /// metadata. A filtered document is not indexed: a later copy of it is
    /// filtered on its own signals.
    pub fn judge(&mut self, id: &str, examined: &mut Examined) -> Verdict {
        let cleaned = &mut examined.cleaned;
        let Some(facts) = examined.facts.as_deref() else {
            return Verdict::Keep { duplicate_of: None };
        };
        if let Some(reason) = facts.signals.as_ref().and_then(|s| self.filter.rejects(s)) {
            return Verdict::Drop {
                reason,
                duplicate_of: None,
            };
        }
        let original = match (&mut self.index, &facts.fingerprint) {
            (Some(index), Some(fp)) => index.check(id, fp),
            _ => None,
        };
        match original {
            Some(of) if self.drop_duplicates => Verdict::Drop {
                reason: format!("duplicate of {of}"),
                duplicate_of: Some(of),
            },
            Some(of) => {
                cleaned
                    .meta
                    .extra
                    .insert("duplicate_of".into(), of.clone().into());
                examined.record = None;
                Verdict::Keep {
                    duplicate_of: Some(of),
                }
            }
            None => Verdict::Keep { duplicate_of: None },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(text: &str, options: &Options) -> Examined {
        options.examine(Cleaned {
            text: text.into(),
            ..Cleaned::default()
        })
    }

    #[test]
    fn signals_are_left_out_when_the_run_does_not_want_them() {
        let options = Options {
            signals: false,
            ..Options::default()
        };
        let examined = cleaned("One two three four five six seven.\n", &options);
        assert!(!examined.cleaned.meta.extra.contains_key("quality"));
        let facts = examined.facts.expect("a text has facts");
        assert!(facts.signals.is_none() && facts.fingerprint.is_some());
    }

    #[test]
    fn the_stop_word_list_is_the_stated_language_s_else_the_identified_one() {
        // More German stop words than English ones: the English list is
        // chosen only because the text's language says so.
        let text = "Die Stadt und der Fluss, die Brücke und das Tor: the river of the town.\n";
        let with = |lang: Option<&str>, stated: Option<&str>| {
            let mut doc = Cleaned {
                text: text.into(),
                ..Cleaned::default()
            };
            doc.meta.lang = lang.map(String::from);
            if let Some(stated) = stated {
                doc.meta.extra.insert("lang".into(), stated.into());
            }
            let examined = Options::default().examine(doc);
            examined.cleaned.meta.extra["quality"]["stop_words_lang"].clone()
        };
        assert_eq!(with(None, None), "de");
        assert_eq!(with(Some("en"), None), "en");
        assert_eq!(with(Some("en"), Some("de")), "de");
    }

    #[test]
    fn a_rendered_record_is_what_the_sink_would_write_until_the_gate_marks_a_copy() {
        let options = Options::default();
        let doc = Doc {
            id: "a".into(),
            ..Doc::default()
        };
        let text = "One two three four five six seven.\n";
        let mut gate = Gate::new(&options);
        let mut first = cleaned(text, &options);
        first.render(&doc, &options.shape);
        gate.judge("a", &mut first);
        let mut written = Vec::new();
        options
            .shape
            .write_record(&mut written, &doc, &first.cleaned)
            .unwrap();
        assert_eq!(first.record.as_deref(), Some(&written[..]));
        let mut copy = cleaned(text, &options);
        copy.render(&doc, &options.shape);
        assert!(copy.record.is_some());
        gate.judge("b", &mut copy);
        assert!(copy.record.is_none(), "duplicate_of is not in the record");
        let mut empty = cleaned("", &options);
        empty.render(&doc, &options.shape);
        assert!(empty.record.is_none(), "an empty text is not written");
    }

    #[test]
    fn the_gate_filters_then_finds_copies_in_order() {
        let mut options = Options {
            filter: Filter::default().min_words(3),
            ..Options::default()
        };
        let long = "One two three four five six seven.\n";
        let mut gate = Gate::new(&options);
        let mut a = cleaned(long, &options);
        assert_eq!(
            gate.judge("a", &mut a),
            Verdict::Keep { duplicate_of: None }
        );
        assert!(a.cleaned.meta.extra["quality"]["words"] == 7);
        let mut short = cleaned("Two words\n", &options);
        assert!(matches!(
            gate.judge("s", &mut short),
            Verdict::Drop {
                duplicate_of: None,
                ..
            }
        ));
        let mut b = cleaned(long, &options);
        assert_eq!(
            gate.judge("b", &mut b),
            Verdict::Keep {
                duplicate_of: Some("a".into())
            }
        );
        assert_eq!(b.cleaned.meta.extra["duplicate_of"], "a");
        options.drop_duplicates = true;
        let mut gate = Gate::new(&options);
        gate.judge("a", &mut cleaned(long, &options));
        let verdict = gate.judge("b", &mut cleaned(long, &options));
        assert_eq!(
            verdict,
            Verdict::Drop {
                reason: "duplicate of a".into(),
                duplicate_of: Some("a".into())
            }
        );
    }
}
