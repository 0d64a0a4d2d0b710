//! The words the synthetic corpora are made of: prose vocabulary taken from the
//! bundled samples (weighted by how often each word occurs there), the debris the
//! rules remove (timestamps, epochs, hashtags, footers, spinner typos, doubled
//! words) and a deterministic random source, so the same seed always gives the
//! same corpus.

use fastrand::Rng;

/// The raw samples: their words make the prose of the synthetic pages.
const SAMPLES: &[&str] = &[
    include_str!("../samples/raw/spun-news.txt"),
    include_str!("../samples/raw/clean-article.txt"),
    include_str!("../samples/raw/timestamps-and-tags.txt"),
    include_str!("../samples/raw/comment-form.txt"),
    include_str!("../samples/raw/related-and-navigation.txt"),
];

/// Spinner artifacts the built-in `spinner.tsv` fixes.
pub const SPINNER_TYPOS: &[&str] = &[
    "once morest",
    "followingnoon",
    "followingmath",
    "followingshock",
];

/// Doubled words: accidental ones the rules fix and legitimate ones they keep.
pub const DOUBLINGS: &[&str] = &[
    "the the",
    "of of",
    "East East",
    "had had",
    "that that",
    "a a",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Prose vocabulary with a deterministic random source.
pub struct Words {
    pub rng: Rng,
    /// Every word of the samples, repeated as often as it occurs there.
    pool: Vec<&'static str>,
    /// Misspellings slipped into the prose (the scaling rule sets fix them).
    typos: Vec<String>,
}

impl Words {
    pub fn new(seed: u64) -> Words {
        let pool = SAMPLES
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_alphabetic() || c == '-'))
            .filter(|w| !matches!(*w, "morest" | "followingnoon" | "Replay"))
            .collect();
        Words {
            rng: Rng::with_seed(seed),
            pool,
            typos: Vec::new(),
        }
    }

    /// Also slips these misspellings into paragraphs.
    pub fn with_typos(mut self, typos: Vec<String>) -> Words {
        self.typos = typos;
        self
    }

    /// The distinct words of the samples, lower-cased.
    pub fn vocabulary(&self) -> Vec<String> {
        let mut v: Vec<String> = self.pool.iter().map(|w| w.to_lowercase()).collect();
        v.sort();
        v.dedup();
        v
    }

    pub fn word(&mut self) -> &'static str {
        self.pool[self.rng.usize(..self.pool.len())]
    }

    pub fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        from[self.rng.usize(..from.len())]
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// A sentence of 6 to 30 words, capitalised, ending in a full stop.
    pub fn sentence(&mut self, out: &mut String) {
        let n = self.rng.usize(6..30);
        let mut last = "";
        for i in 0..n {
            // Drawn words never repeat back to back: doubled words come only
            // from the debris, at about the rate crawls show them.
            let mut w = self.word();
            while w.eq_ignore_ascii_case(last) {
                w = self.word();
            }
            last = w;
            if i == 0 {
                capitalised(w, out);
            } else {
                out.push(' ');
                out.push_str(w);
                if i + 1 < n && self.chance(0.06) {
                    out.push(',');
                }
            }
        }
        out.push('.');
    }

    /// A paragraph of 1 to 6 sentences; `debris` is the chance of a spinner
    /// typo or a doubled word being slipped into it.
    pub fn paragraph(&mut self, out: &mut String, debris: f64) {
        let n = self.rng.usize(1..7);
        for i in 0..n {
            if i > 0 {
                out.push(' ');
            }
            self.sentence(out);
        }
        if self.chance(debris) {
            out.push_str(" It went ");
            match self.rng.u8(0..3) {
                0 => out.push_str(self.pick(SPINNER_TYPOS)),
                1 => out.push_str(self.pick(DOUBLINGS)),
                _ if self.typos.is_empty() => out.push_str("to"),
                _ => out.push_str(&self.typos[self.rng.usize(..self.typos.len())]),
            }
            out.push_str(" the plan.");
        }
    }

    /// A title of 4 to 10 words in Title Case.
    pub fn title(&mut self) -> String {
        let mut t = String::new();
        for i in 0..self.rng.usize(4..11) {
            if i > 0 {
                t.push(' ');
            }
            capitalised(self.word(), &mut t);
        }
        t
    }

    /// A date line in one of the forms scrapers leave under a title.
    pub fn timestamp_line(&mut self) -> String {
        let (y, m, d) = (
            self.rng.u32(2015..2026),
            self.rng.usize(1..13),
            self.rng.u32(1..29),
        );
        let (h, min, s) = (
            self.rng.u32(0..24),
            self.rng.u32(0..60),
            self.rng.u32(0..60),
        );
        let month = MONTHS[m - 1];
        match self.rng.u8(0..6) {
            0 => format!("{y}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}"),
            1 => format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}+05:00"),
            2 => format!("{d:02}/{m:02}/{y} {h:02}:{min:02}"),
            3 => format!("Published: {month} {d}, {y} {}:{min:02} pm", h % 12 + 1),
            4 => format!("Posted on {}, {d} {month} {y}", self.pick(DAYS)),
            _ => format!("Updated: {y}-{m:02}-{d:02} {h:02}:{min:02} UTC"),
        }
    }

    /// A unix epoch line, in seconds or milliseconds.
    pub fn epoch_line(&mut self) -> String {
        let secs = self.rng.u64(1_500_000_000..1_780_000_000);
        if self.chance(0.2) {
            format!("{secs}{:03}", self.rng.u32(0..1000))
        } else {
            secs.to_string()
        }
    }

    /// A line of hashtags made from words, as generated from a title.
    pub fn hashtag_line(&mut self) -> String {
        let n = self.rng.usize(3..10);
        (0..n)
            .map(|_| format!("#{}", self.word()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn capitalised(w: &str, out: &mut String) {
    let mut chars = w.chars();
    if let Some(c) = chars.next() {
        out.extend(c.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Footers of content management systems, as lines (blank lines between blocks).
pub const FOOTERS: &[&[&str]] = &[
    &["Leave a Replay"],
    &[
        "Leave a Reply Cancel reply",
        "",
        "Your email address will not be published. Required fields are marked *",
        "",
        "Save my name, email, and website in this browser for the next time I comment.",
    ],
    &[
        "Share this:",
        "",
        "Twitter",
        "Facebook",
        "",
        "Like this:",
        "",
        "Like Loading...",
    ],
    &[
        "Related",
        "",
        "Markets Rally After Rate Decision",
        "Council Approves Cycle Lanes",
    ],
    &["Post navigation", "", "Previous Post", "Next Post"],
    &["3 Comments", "", "Great article, thanks!"],
    &[
        "Post a Comment",
        "",
        "Newer Post Older Post Home",
        "",
        "Subscribe to: Post Comments (Atom)",
    ],
];
