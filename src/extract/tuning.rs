//! The extraction tuning table: the thresholds by which extraction trades
//! precision for recall, in one place. `--favor precision|balanced|recall`
//! picks one row of [`Tuning::ROWS`]; no mode has code paths of its own, each
//! is only a set of values the stages read ([`super::content`],
//! [`super::clutter`], [`super::lead`], [`super::tidy`]). `balanced` holds
//! the values extraction had before modes existed, so its output is unchanged.

/// What extraction should favour when a block is borderline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Favor {
    /// Drop borderline blocks: short edge paragraphs, weakly named boxes,
    /// blocks and lists with some links; descend to a narrower box.
    Precision,
    /// Today's trade-off.
    #[default]
    Balanced,
    /// Keep borderline blocks, captions included, and widen a container that
    /// holds little of the page's text.
    Recall,
}

/// The thresholds the modes change. Every field is read by exactly one stage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// Share of its parent's score a child must hold for the content search
    /// to descend into it: higher stops in a wider box ([`super::content`]).
    pub descend_share: f32,
    /// Link density above which a box inside the article is a link list
    /// ([`super::content`]).
    pub link_box_density: f32,
    /// Paragraphs shorter than this (non-space characters) that do not end
    /// a sentence go wherever they stand (datelines, labels, teaser titles);
    /// 0 keeps them ([`super::tidy`]).
    pub short_paragraph_chars: usize,
    /// Shorter paragraphs than this (non-space characters) at the edges of the
    /// article, not ending a sentence, are labels and go ([`super::tidy`]).
    pub edge_label_chars: usize,
    /// Highest share of link text of a block kept as text ([`super::tidy`]).
    pub link_list_density: f32,
    /// Highest share of link text of a list or table kept whole ([`super::tidy`]).
    pub list_link_density: f32,
    /// Least link-free text (non-space characters) of a box named only by a
    /// weak word (`teaser`, `meta`) kept as prose; `usize::MAX` never keeps
    /// one ([`super::prose`]).
    pub weak_box_chars: usize,
    /// Levels above the body box searched for the article's lead
    /// ([`super::lead`]); 0 looks for none.
    pub lead_levels: usize,
    /// Image captions (`<figcaption>`, boxes named `caption`) are kept
    /// ([`super::clutter`]).
    pub keep_captions: bool,
    /// When the chosen container holds less than this share of the page's
    /// score, the search climbs to wider containers until one holds it
    /// ([`super::content`]); 0 never widens.
    pub widen_below_share: f32,
}

impl Tuning {
    /// One row per mode: the extraction tuning table.
    pub const ROWS: [(Favor, Tuning); 3] = [
        (
            Favor::Precision,
            Tuning {
                descend_share: 0.6,
                link_box_density: 0.25,
                short_paragraph_chars: 40,
                edge_label_chars: 120,
                link_list_density: 0.2,
                list_link_density: 0.1,
                weak_box_chars: usize::MAX,
                lead_levels: 3,
                keep_captions: false,
                widen_below_share: 0.0,
            },
        ),
        (Favor::Balanced, Tuning::BALANCED),
        (
            Favor::Recall,
            Tuning {
                descend_share: 0.9,
                link_box_density: 0.7,
                short_paragraph_chars: 0,
                edge_label_chars: 0,
                link_list_density: 0.7,
                list_link_density: 0.6,
                weak_box_chars: 30,
                lead_levels: 5,
                keep_captions: true,
                widen_below_share: 0.5,
            },
        ),
    ];

    /// Today's behaviour (the default).
    pub const BALANCED: Tuning = Tuning {
        descend_share: 0.8,
        link_box_density: 0.5,
        short_paragraph_chars: 0,
        edge_label_chars: 30,
        link_list_density: 0.5,
        list_link_density: 0.4,
        weak_box_chars: 80,
        lead_levels: 3,
        keep_captions: false,
        widen_below_share: 0.0,
    };

    /// The row of `favor`.
    pub fn of(favor: Favor) -> Tuning {
        Tuning::ROWS
            .iter()
            .find(|(f, _)| *f == favor)
            .map_or(Tuning::BALANCED, |(_, t)| *t)
    }
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning::BALANCED
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_has_one_row_and_balanced_is_the_default() {
        for favor in [Favor::Precision, Favor::Balanced, Favor::Recall] {
            assert_eq!(Tuning::ROWS.iter().filter(|(f, _)| *f == favor).count(), 1);
        }
        assert_eq!(Tuning::of(Favor::default()), Tuning::default());
    }

    #[test]
    fn precision_is_stricter_than_recall_on_every_threshold() {
        let (p, r) = (Tuning::of(Favor::Precision), Tuning::of(Favor::Recall));
        let b = Tuning::BALANCED;
        assert!(
            p.edge_label_chars >= b.edge_label_chars && b.edge_label_chars >= r.edge_label_chars
        );
        assert!(
            p.link_list_density <= b.link_list_density
                && b.link_list_density <= r.link_list_density
        );
        assert!(
            p.list_link_density <= b.list_link_density
                && b.list_link_density <= r.list_link_density
        );
        assert!(p.weak_box_chars >= b.weak_box_chars && b.weak_box_chars >= r.weak_box_chars);
        assert!(p.lead_levels <= b.lead_levels && b.lead_levels <= r.lead_levels);
        assert!(p.widen_below_share <= r.widen_below_share);
        assert!(p.descend_share <= b.descend_share && b.descend_share <= r.descend_share);
        assert!(
            p.link_box_density <= b.link_box_density && b.link_box_density <= r.link_box_density
        );
        assert!(p.short_paragraph_chars >= b.short_paragraph_chars);
    }
}
