//! The order in which `newsclean dedup` reads the lines of several JSONL
//! outputs. A duplicate names the first copy in input order, so the pass
//! must see documents in the order of the original input. When every file
//! has the manifest `clean` wrote beside it (`X.manifest.jsonl` for
//! `X.jsonl` or `X.jsonl.gz`), its `ok` lines give each output line's number
//! in the original input, and the files are merged by it: the shards of
//! `--shard K/N`, which interleave, come back in input order. Otherwise (no
//! manifests, as from Spark partitions, which are already consecutive) the
//! files are read one after the other in the order given.

use flate2::read::MultiGzDecoder;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One input line: the file's index among the inputs, its line number, its bytes.
pub type InputLine = (usize, usize, Vec<u8>);

fn open_lines(path: &Path) -> io::Result<Box<dyn BufRead + Send>> {
    let file = File::open(path)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    Ok(if reader.fill_buf()?.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(reader),
        ))
    } else {
        Box::new(reader)
    })
}

/// The manifest `clean` writes beside a JSONL output.
pub fn manifest_of(output: &Path) -> PathBuf {
    let name = output.to_string_lossy();
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    let stem = stem.strip_suffix(".jsonl").unwrap_or(stem);
    PathBuf::from(format!("{stem}.manifest.jsonl"))
}

/// One file being read: its lines, and its manifest's `ok` numbers.
struct Input {
    lines: Box<dyn BufRead + Send>,
    line_no: usize,
    numbers: Option<Box<dyn BufRead + Send>>,
    path: PathBuf,
}

impl Input {
    fn next_line(&mut self) -> io::Result<Option<(usize, Vec<u8>)>> {
        let mut buf = Vec::new();
        if self.lines.read_until(b'\n', &mut buf)? == 0 {
            return Ok(None);
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        self.line_no += 1;
        Ok(Some((self.line_no, buf)))
    }

    /// The input number of the next `ok` document of the manifest.
    fn next_number(&mut self) -> io::Result<Option<u64>> {
        let Some(manifest) = &mut self.numbers else {
            return Ok(None);
        };
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if manifest.read_until(b'\n', &mut buf)? == 0 {
                return Ok(None);
            }
            let entry: serde_json::Value = serde_json::from_slice(&buf).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("manifest of {}: {e}", self.path.display()),
                )
            })?;
            if entry["status"] == "ok" {
                return Ok(entry["n"].as_u64());
            }
        }
    }
}

/// The lines of all inputs, in input order when their manifests allow it.
pub struct InputLines {
    inputs: Vec<Input>,
    /// By manifest number: the next line of each file, smallest first.
    heap: Option<BinaryHeap<Reverse<(u64, usize)>>>,
    heads: Vec<Option<(usize, Vec<u8>)>>,
    /// In file order: the file being read.
    current: usize,
}

impl InputLines {
    pub fn open(paths: &[PathBuf]) -> io::Result<InputLines> {
        let by_manifest = paths.iter().all(|p| manifest_of(p).is_file());
        let mut inputs = Vec::new();
        for path in paths {
            inputs.push(Input {
                lines: open_lines(path)?,
                line_no: 0,
                numbers: if by_manifest {
                    Some(open_lines(&manifest_of(path))?)
                } else {
                    None
                },
                path: path.clone(),
            });
        }
        let mut this = InputLines {
            heads: (0..inputs.len()).map(|_| None).collect(),
            inputs,
            heap: by_manifest.then(BinaryHeap::new),
            current: 0,
        };
        for i in 0..this.inputs.len() {
            if by_manifest {
                this.refill(i)?;
            }
        }
        Ok(this)
    }

    /// Whether the files are merged by their manifests' numbers.
    pub fn by_manifest(&self) -> bool {
        self.heap.is_some()
    }

    /// Reads file `i`'s next line and its number into the heap.
    fn refill(&mut self, i: usize) -> io::Result<()> {
        let input = &mut self.inputs[i];
        let line = input.next_line()?;
        let number = input.next_number()?;
        match (line, number) {
            (None, None) => Ok(()),
            (Some(line), Some(n)) => {
                self.heads[i] = Some(line);
                if let Some(heap) = &mut self.heap {
                    heap.push(Reverse((n, i)));
                }
                Ok(())
            }
            _ => Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "{} does not hold the documents its manifest {} records as ok",
                    input.path.display(),
                    manifest_of(&input.path).display()
                ),
            )),
        }
    }

    pub fn path(&self, i: usize) -> &Path {
        &self.inputs[i].path
    }
}

impl Iterator for InputLines {
    type Item = io::Result<InputLine>;

    fn next(&mut self) -> Option<io::Result<InputLine>> {
        if let Some(heap) = &mut self.heap {
            let Reverse((_, i)) = heap.pop()?;
            let (line_no, raw) = self.heads[i].take()?;
            return Some(self.refill(i).map(|()| (i, line_no, raw)));
        }
        while self.current < self.inputs.len() {
            match self.inputs[self.current].next_line() {
                Ok(Some((line_no, raw))) => return Some(Ok((self.current, line_no, raw))),
                Ok(None) => self.current += 1,
                Err(e) => return Some(Err(e)),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_with_manifests_are_merged_by_input_number() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("a.jsonl", "A0\nA3\n");
        write(
            "a.manifest.jsonl",
            "{\"n\":0,\"status\":\"ok\"}\n{\"n\":1,\"status\":\"failed\"}\n{\"n\":3,\"status\":\"ok\"}\n",
        );
        write("b.jsonl", "B2\nB4\n");
        write(
            "b.manifest.jsonl",
            "{\"n\":2,\"status\":\"ok\"}\n{\"n\":4,\"status\":\"ok\"}\n",
        );
        let paths = [dir.path().join("a.jsonl"), dir.path().join("b.jsonl")];
        let lines = InputLines::open(&paths).unwrap();
        assert!(lines.by_manifest());
        let got: Vec<String> = lines
            .map(|l| String::from_utf8(l.unwrap().2).unwrap())
            .collect();
        assert_eq!(got, ["A0", "B2", "A3", "B4"]);
        std::fs::remove_file(dir.path().join("b.manifest.jsonl")).unwrap();
        let lines = InputLines::open(&paths).unwrap();
        assert!(!lines.by_manifest());
        let got: Vec<(usize, usize)> = lines.map(|l| l.map(|(i, n, _)| (i, n)).unwrap()).collect();
        assert_eq!(got, [(0, 1), (0, 2), (1, 1), (1, 2)]);
        assert_eq!(
            manifest_of(Path::new("x/o.jsonl.gz")),
            Path::new("x/o.manifest.jsonl")
        );
    }
}
