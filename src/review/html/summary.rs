//! The top of the review page, written as plain HTML so that it shows even
//! without the script: the closing line, the per-rule table (edits,
//! documents, lines removed, flagged documents), the harm flags, what
//! extraction dropped, for a rule change the rules that differ and the
//! groups of documents; then the filter controls and the empty list the
//! script fills.

use super::{Group, Mode, Tally, esc};
use crate::review::compare::RuleChanges;
use crate::review::stat::Stat;
use std::io::{self, Write};

/// Everything the top of the page shows.
pub struct Head<'a> {
    pub mode: Mode,
    pub title: &'a str,
    pub summary: &'a str,
    pub stat: &'a Stat,
    pub tally: &'a Tally,
    pub groups: &'a [Group],
    pub rule_changes: Option<&'a RuleChanges>,
    pub documents: usize,
}

/// A link that filters the list by rule, coloured like its marks.
fn rule_link(rule: &str) -> String {
    format!(
        "<a class=\"rule\" data-rule=\"{0}\" href=\"#rule={1}\">{0}</a>",
        esc(rule),
        esc(&url_part(rule))
    )
}

/// `text` as a part of a URL fragment (what the page's script decodes).
fn url_part(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Head<'_> {
    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(
            w,
            "<header class=\"top\"><h1>{}</h1>\n<p id=\"nc-summary\" class=\"summary\">{}</p></header>",
            esc(self.title),
            esc(self.summary)
        )?;
        writeln!(w, "<main>")?;
        match self.mode {
            Mode::Diff | Mode::Explain => self.rule_table(w)?,
            Mode::Compare => self.group_table(w)?,
        }
        self.flags(w)?;
        if self.tally.dropped_docs > 0 {
            writeln!(
                w,
                "<p class=\"dropped-note\"><span class=\"x\">greyed</span>: what extraction \
                 left out of the page: {} block(s) in {} of {} document(s).</p>",
                self.tally.dropped_blocks, self.tally.dropped_docs, self.documents
            )?;
        }
        writeln!(
            w,
            "<nav id=\"nc-controls\" class=\"controls\" aria-label=\"filters\">\
             <label>rule <select id=\"f-rule\"><option value=\"\">all rules</option></select></label>\
             <label class=\"not-compare\">documents <select id=\"f-show\">\
             <option value=\"changed\">changed</option><option value=\"unchanged\">unchanged</option>\
             <option value=\"all\">all</option></select></label>\
             <label class=\"only-compare\">group <select id=\"f-group\"><option value=\"\">all groups</option></select></label>\
             <label class=\"has-flags\">flag <select id=\"f-flag\"><option value=\"\">any</option></select></label>\
             <label class=\"not-compare\"><input type=\"checkbox\" id=\"f-dropped\" checked> \
             show what extraction dropped</label>\
             <span id=\"nc-status\" class=\"status\"></span></nav>"
        )?;
        writeln!(
            w,
            "<noscript><p>The documents are shown by the page's script; \
             allow scripts for this file to see them.</p></noscript>\n\
             <div id=\"nc-docs\"></div>\n<nav id=\"nc-pager\" class=\"pager\" aria-label=\"pages\"></nav>\n</main>"
        )
    }

    fn rule_table(&self, w: &mut dyn Write) -> io::Result<()> {
        let rules = self.stat.hits.top_rules(usize::MAX);
        if rules.is_empty() {
            return writeln!(w, "<p class=\"none\">No rule edited any document.</p>");
        }
        writeln!(
            w,
            "<table id=\"nc-rules\" class=\"rules\"><thead><tr><th>rule</th><th>edits</th>\
             <th>documents</th><th>lines removed</th><th>flagged documents</th></tr></thead><tbody>"
        )?;
        for (id, hits) in &rules {
            let lines = self.stat.lines_removed.get(*id).copied().unwrap_or(0);
            let flagged = self.tally.flagged_by_rule.get(*id).copied().unwrap_or(0);
            writeln!(
                w,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{lines}</td><td{}>{flagged}</td></tr>",
                rule_link(id),
                hits.hits,
                hits.documents,
                if flagged > 0 {
                    " class=\"flagged\""
                } else {
                    ""
                }
            )?;
        }
        writeln!(w, "</tbody></table>")
    }

    fn group_table(&self, w: &mut dyn Write) -> io::Result<()> {
        if let Some(changes) = self.rule_changes {
            writeln!(w, "<ul class=\"rule-changes\">")?;
            for (what, ids) in [
                ("changed", &changes.changed),
                ("added", &changes.added),
                ("removed", &changes.removed),
            ] {
                if !ids.is_empty() {
                    let links: Vec<String> = ids.iter().map(|r| rule_link(r)).collect();
                    writeln!(w, "<li>rules {what}: {}</li>", links.join(", "))?;
                }
            }
            writeln!(w, "</ul>")?;
        }
        if self.groups.is_empty() {
            return writeln!(w, "<p class=\"none\">No document changes.</p>");
        }
        writeln!(
            w,
            "<table id=\"nc-groups\" class=\"rules\"><thead><tr><th>rules whose edits differ</th>\
             <th>documents</th><th>lines removed</th><th>lines added</th></tr></thead><tbody>"
        )?;
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by(|a, b| {
            let (ga, gb) = (&self.groups[*a], &self.groups[*b]);
            gb.documents
                .cmp(&ga.documents)
                .then(ga.rules.cmp(&gb.rules))
        });
        for g in order {
            let group = &self.groups[g];
            let split = self.rule_changes.map(|c| c.split(&group.rules));
            let (direct, knock_on) = split
                .unwrap_or_else(|| (group.rules.iter().map(String::as_str).collect(), Vec::new()));
            let mut name: Vec<String> = direct.iter().map(|r| rule_link(r)).collect::<Vec<_>>();
            if !knock_on.is_empty() {
                let k: Vec<String> = knock_on.iter().map(|r| rule_link(r)).collect();
                name.push(format!("(and, as a result, {})", k.join(", ")));
            }
            writeln!(
                w,
                "<tr><td><a class=\"group\" href=\"#group={g}\">group {}</a> {}</td>\
                 <td>{}</td><td>-{}</td><td>+{}</td></tr>",
                g + 1,
                name.join(" + "),
                group.documents,
                group.removed,
                group.added
            )?;
        }
        writeln!(w, "</tbody></table>")
    }

    fn flags(&self, w: &mut dyn Write) -> io::Result<()> {
        if self.tally.flags.is_empty() {
            return Ok(());
        }
        writeln!(
            w,
            "<table id=\"nc-flags\" class=\"rules flags\"><thead><tr><th>harm flag</th>\
             <th>documents</th></tr></thead><tbody>"
        )?;
        for (flag, n) in &self.tally.flags {
            writeln!(
                w,
                "<tr><td><a class=\"flag\" href=\"#show=all&amp;flag={}\">{}</a></td><td>{n}</td></tr>",
                esc(&url_part(flag)),
                esc(flag)
            )?;
        }
        writeln!(w, "</tbody></table>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_safe_in_a_fragment() {
        assert_eq!(url_part("footer.leave-a-reply"), "footer.leave-a-reply");
        assert_eq!(url_part("a b&c"), "a%20b%26c");
    }
}
