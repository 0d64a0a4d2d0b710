//! Timing shell commands: wall time, CPU time and peak RSS of each run (through
//! `/usr/bin/time`), runs interleaved across cases, the median kept.

use serde::Serialize;
use std::process::Command;
use std::time::Instant;

/// What one case reads, to turn seconds into throughput.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Work {
    pub bytes: u64,
    pub pages: u64,
}

/// A command to time, with the group it is compared within.
pub struct Case {
    pub group: &'static str,
    pub name: String,
    pub shell: String,
    pub work: Work,
    /// Run before each timed run, untimed (e.g. clearing an output folder).
    pub setup: Option<String>,
    /// A JSON file `{"seconds": s, "cpu_seconds": c}` the command writes with
    /// its own timing, which then replaces the outside one (used to leave
    /// Python's start-up out of trafilatura's time).
    pub inner_timing: Option<std::path::PathBuf>,
}

/// One timed run.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Run {
    pub seconds: f64,
    pub cpu_seconds: f64,
    pub max_rss_kb: u64,
}

/// A case's runs and their median.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub group: &'static str,
    pub name: String,
    pub command: String,
    pub work: Work,
    pub runs: Vec<Run>,
    pub median_seconds: f64,
    pub mb_per_s: f64,
    pub pages_per_s: f64,
    /// Pages per second of CPU time (user + sys): the per-thread rate.
    pub pages_per_cpu_s: f64,
    pub max_rss_kb: u64,
}

const TIME: &str = "/usr/bin/time";

/// Checks that GNU time is there (Debian package `time`).
pub fn check_tools() -> Result<(), String> {
    if std::path::Path::new(TIME).exists() {
        Ok(())
    } else {
        Err(format!(
            "{TIME} is missing: install the `time` package (apt-get install time)"
        ))
    }
}

fn sh(cmd: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(cmd);
    c
}

/// Times one run of `shell`; its stdout must be redirected by the command itself.
pub fn run_once(shell: &str) -> Result<Run, String> {
    let stats = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    let started = Instant::now();
    let status = Command::new(TIME)
        .args(["-f", "%U %S %M", "-o"])
        .arg(stats.path())
        .args(["sh", "-c", shell])
        .status()
        .map_err(|e| format!("cannot run {TIME}: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("`{shell}` failed: {status}"));
    }
    let text = std::fs::read_to_string(stats.path()).map_err(|e| e.to_string())?;
    let nums: Vec<f64> = text
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [user, sys, rss] = nums[..] else {
        return Err(format!("unexpected output of {TIME}: {text}"));
    };
    Ok(Run {
        seconds,
        cpu_seconds: user + sys,
        max_rss_kb: rss as u64,
    })
}

/// Runs every case `reps` times, interleaved (case 1, case 2, ..., case 1, ...),
/// and keeps the median of each.
pub fn measure(cases: &[Case], reps: usize) -> Result<Vec<Measured>, String> {
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); cases.len()];
    for rep in 0..reps {
        for (case, runs) in cases.iter().zip(&mut runs) {
            if let Some(setup) = &case.setup {
                let ok = sh(setup).status().map_err(|e| e.to_string())?.success();
                if !ok {
                    return Err(format!("setup `{setup}` failed"));
                }
            }
            let mut run = run_once(&case.shell)?;
            if let Some(file) = &case.inner_timing {
                let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
                let v: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| e.to_string())?;
                run.seconds = v["seconds"].as_f64().ok_or("no seconds in inner timing")?;
                run.cpu_seconds = v["cpu_seconds"].as_f64().ok_or("no cpu_seconds")?;
            }
            eprintln!(
                "  [{}/{reps}] {:<34} {:>7.2}s",
                rep + 1,
                case.name,
                run.seconds
            );
            runs.push(run);
        }
    }
    Ok(cases
        .iter()
        .zip(runs)
        .map(|(c, r)| summarise(c, r))
        .collect())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn summarise(case: &Case, runs: Vec<Run>) -> Measured {
    let secs = median(runs.iter().map(|r| r.seconds).collect());
    let cpu = median(runs.iter().map(|r| r.cpu_seconds).collect());
    Measured {
        group: case.group,
        name: case.name.clone(),
        command: case.shell.clone(),
        work: case.work,
        median_seconds: secs,
        mb_per_s: case.work.bytes as f64 / 1e6 / secs,
        pages_per_s: case.work.pages as f64 / secs,
        // Below the resolution of `time`: no meaningful per-CPU rate.
        pages_per_cpu_s: if cpu < 0.02 {
            0.0
        } else {
            case.work.pages as f64 / cpu
        },
        max_rss_kb: runs.iter().map(|r| r.max_rss_kb).max().unwrap_or(0),
        runs,
    }
}
