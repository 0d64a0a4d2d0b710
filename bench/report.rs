//! The benchmark's results: the table, the ratios the targets of issue 6 are
//! stated in, and whether each target is met; serialised as `latest.json`.

use crate::Corpus;
use crate::measure::Measured;
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize)]
pub struct Summary {
    pub machine: Machine,
    pub corpus: CorpusInfo,
    pub cases: Vec<Measured>,
    pub ratios: Vec<Ratio>,
    pub targets: Vec<Target>,
}

#[derive(Serialize)]
pub struct Machine {
    pub cores: usize,
    pub cpu: String,
    pub commit: String,
    /// `/proc/loadavg` when the table was made: other work on the machine
    /// slows the wall-clock figures (CPU-time figures suffer less).
    pub loadavg: String,
}

#[derive(Serialize)]
pub struct CorpusInfo {
    pub text_bytes: u64,
    pub text_pages: u64,
    pub html_bytes: u64,
    pub html_pages: u64,
}

#[derive(Serialize)]
pub struct Ratio {
    pub name: String,
    pub value: f64,
}

#[derive(Serialize)]
pub struct Target {
    pub name: &'static str,
    pub value: f64,
    pub goal: f64,
    /// For "peak RSS independent of size" the goal is a maximum.
    pub at_most: bool,
    pub met: bool,
}

impl Summary {
    pub fn new(cases: Vec<Measured>, corpus: &Corpus) -> Summary {
        let mut s = Summary {
            machine: Machine::detect(),
            corpus: CorpusInfo {
                text_bytes: corpus.text.work.bytes,
                text_pages: corpus.text.work.pages,
                html_bytes: corpus.html.work.bytes,
                html_pages: corpus.html.work.pages,
            },
            cases,
            ratios: Vec::new(),
            targets: Vec::new(),
        };
        s.derive();
        s
    }

    fn get(&self, name: &str) -> Option<&Measured> {
        self.cases.iter().find(|c| c.name == name)
    }

    /// `a / b` in the unit `per`, when both ran.
    fn ratio(&mut self, a: &str, b: &str, per: Per) -> Option<f64> {
        let v = per.of(self.get(a)?) / per.of(self.get(b)?);
        self.ratios.push(Ratio {
            name: format!("{a} / {b} ({})", per.name()),
            value: v,
        });
        Some(v)
    }

    fn target(&mut self, name: &'static str, value: Option<f64>, goal: f64, at_most: bool) {
        if let Some(value) = value {
            let met = if at_most {
                value <= goal
            } else {
                value >= goal
            };
            self.targets.push(Target {
                name,
                value,
                goal,
                at_most,
                met,
            });
        }
    }

    fn derive(&mut self) {
        let (mb, per_cpu, wall, rss) = (Per::Mb, Per::CpuPages, Per::WallPages, Per::Rss);
        let real = self.ratio(
            "newsclean -j1 real jsonl",
            "sed -E seed rules (C.UTF-8) real",
            mb,
        );
        self.ratio("newsclean -j1 real jsonl", "sed -E (C.UTF-8) real", mb);
        self.ratio("newsclean -j1 real jsonl", "sed -E (C, bytes) real", mb);
        self.ratio("newsclean -j2 real jsonl", "newsclean -j1 real jsonl", mb);
        self.ratio(
            "newsclean -j1 real jsonl, text only",
            "sed -E seed rules (C.UTF-8) real",
            mb,
        );
        let one = self.ratio("newsclean -j1", "sed -E (C.UTF-8)", mb);
        self.ratio("newsclean -j1", "sed -E (C, bytes)", mb);
        self.ratio("newsclean -j1", "cat", mb);
        self.ratio("newsclean -j2", "cat", mb);
        let two = self.ratio("newsclean -j2", "newsclean -j1", mb);
        self.ratio("newsclean -j2", "newsclean -j1", per_cpu);
        let tree = self.ratio("cp -r tree", "newsclean -j1 -o DIR", wall);
        self.ratio("cp -r tree", "newsclean -j1 -o DIR, no rules", wall);
        self.ratio("newsclean -j2 -o DIR", "newsclean -j1 -o DIR", wall);
        let lit = self.ratio(
            "newsclean -j1 +literals-10000",
            "newsclean -j1 +literals-10",
            mb,
        );
        self.ratio("newsclean -j1 +regex-200", "newsclean -j1 +regex-10", mb);
        self.ratio("newsclean -j2 html", "newsclean -j1 html", mb);
        let nc = "newsclean -j1 real html";
        let html = self.ratio(nc, "trafilatura real html", per_cpu);
        let smoothie = self.ratio(nc, "dom_smoothie real html", per_cpu);
        self.ratio(nc, "rs-trafilatura real html", per_cpu);
        self.ratio(nc, "trafilatura real html", wall);
        self.ratio(nc, "dom_smoothie real html", wall);
        self.ratio(nc, "rs-trafilatura real html", wall);
        self.ratio("newsclean -j2 real html", nc, wall);
        let mem = self.ratio("newsclean -j2", "newsclean -j2, half corpus", rss);
        self.target(
            "real text, 1 thread, JSONL vs sed -E seven seed rules (UTF-8)",
            real,
            5.0,
            false,
        );
        self.target("1 thread vs sed -E (UTF-8)", one, 5.0, false);
        self.target("2 threads vs 1 thread", two, 1.8, false);
        self.target("10,000 vs 10 literal rules", lit, 0.8, false);
        self.target(
            "real HTML pages per CPU-second vs trafilatura",
            html,
            10.0,
            false,
        );
        self.target(
            "real HTML pages per CPU-second vs dom_smoothie",
            smoothie,
            1.0,
            false,
        );
        self.target("peak RSS, full vs half corpus", mem, 1.1, true);
        // cp's pages/s over newsclean's: newsclean's time over cp's.
        self.target(
            "text tree, newsclean -j1 time / cp -r time",
            tree,
            1.5,
            true,
        );
    }

    pub fn table(&self) -> String {
        let mut t = String::new();
        let _ = writeln!(
            t,
            "\n{} cores ({}), load average {}; corpus {} text pages ({:.0} MB), {} HTML pages ({:.0} MB)",
            self.machine.cores,
            self.machine.cpu,
            self.machine.loadavg,
            self.corpus.text_pages,
            self.corpus.text_bytes as f64 / 1e6,
            self.corpus.html_pages,
            self.corpus.html_bytes as f64 / 1e6,
        );
        let _ = writeln!(
            t,
            "\n{:<34} {:>9} {:>9} {:>10} {:>9}",
            "case (median)", "MB/s", "pages/s", "pages/CPUs", "peak RSS"
        );
        let mut group = "";
        for c in &self.cases {
            if c.group != group {
                group = c.group;
                let _ = writeln!(t, "-- {group}");
            }
            let _ = writeln!(
                t,
                "{:<34} {:>9.1} {:>9.0} {:>10.0} {:>6.1} MB",
                c.name,
                c.mb_per_s,
                c.pages_per_s,
                c.pages_per_cpu_s,
                c.max_rss_kb as f64 / 1024.0
            );
        }
        let _ = writeln!(t, "\nratios");
        for r in &self.ratios {
            let _ = writeln!(t, "  {:<76} {:>7.2}", r.name, r.value);
        }
        let _ = writeln!(t, "\ntargets (issues 6 and 11)");
        for g in &self.targets {
            let cmp = if g.at_most { "<=" } else { ">=" };
            let mark = if g.met { "met" } else { "MISSED" };
            let _ = writeln!(
                t,
                "  {:<44} {:>7.2} (goal {cmp} {}) {mark}",
                g.name, g.value, g.goal
            );
        }
        t
    }
}

/// What a ratio compares.
#[derive(Clone, Copy)]
enum Per {
    /// MB per second, wall clock.
    Mb,
    /// Pages per CPU-second.
    CpuPages,
    /// Pages per second, wall clock.
    WallPages,
    /// Peak resident memory.
    Rss,
}

impl Per {
    fn of(self, m: &Measured) -> f64 {
        match self {
            Per::Mb => m.mb_per_s,
            Per::CpuPages => m.pages_per_cpu_s,
            Per::WallPages => m.pages_per_s,
            Per::Rss => m.max_rss_kb as f64,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Per::Mb => "MB/s",
            Per::CpuPages => "pages per CPU-s",
            Per::WallPages => "pages/s wall",
            Per::Rss => "peak RSS",
        }
    }
}

impl Machine {
    fn detect() -> Machine {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_default();
        let commit = std::process::Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .output()
            .ok()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            commit,
            loadavg: std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .trim()
                .to_string(),
        }
    }
}
