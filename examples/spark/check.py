"""`make test-spark`: cleans a sample dump with Spark (local[2]) and on one
machine, and fails unless both give the same documents in the same order,
duplicates included.

The sample dump is made from the UTF-8 pages of samples/raw, each several times under
different ids, so that it spans several partitions and every page has copies
in several of them. Each partition marks the copies it sees itself; the
second pass, `newsclean dedup` over the partitions' outputs in order, must
then give every document the `duplicate_of` of the single-machine run.
Two fields differ by design and are left out of the comparison:
`metadata.source` counts lines within a partition's stdin under Spark and
lines of the dump file on one machine, and the Dolma `source` names the input
(`stdin` under Spark, the dump's file name on one machine). `added` is fixed
with SOURCE_DATE_EPOCH for both (clean_dump.py hands it to every partition).
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "target" / "spark"
NEWSCLEAN = ROOT / "target" / "release" / "newsclean"


def make_dump(path):
    pages = []
    for page in sorted((ROOT / "samples" / "raw").iterdir()):
        try:
            # A JSON string holds Unicode: pages in other charsets stay out.
            pages.append((page, page.read_bytes().decode("utf-8")))
        except UnicodeDecodeError:
            pass
    with path.open("w", encoding="utf-8") as out:
        for copy in range(40):
            for page, text in pages:
                field = "html" if page.suffix in (".html", ".htm") else "text"
                out.write(json.dumps({"id": f"{page.stem}-{copy}", field: text, "copy": copy}) + "\n")


def documents(lines):
    docs = []
    for line in lines:
        doc = json.loads(line)
        doc["metadata"].pop("source", None)
        doc.pop("source", None)
        docs.append(doc)
    return docs


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    dump = WORK / "sample.jsonl"
    make_dump(dump)
    single = WORK / "single.jsonl"
    subprocess.run([NEWSCLEAN, "clean", "-q", dump, "-o", single], check=True)
    spark_out = WORK / "spark-out"
    subprocess.run(
        [sys.executable, ROOT / "examples" / "spark" / "clean_dump.py", dump, spark_out,
         "--newsclean", NEWSCLEAN, "--master", "local[2]", "--partitions", "4"],
        check=True,
    )
    parts = sorted(spark_out.glob("part-*"))
    within = sum(1 for p in parts for l in p.read_text(encoding="utf-8").splitlines()
                 if "duplicate_of" in json.loads(l)["metadata"])
    second = WORK / "second-pass.jsonl"
    subprocess.run([NEWSCLEAN, "dedup", "-q", *parts, "-o", second], check=True)
    want = documents(single.read_text(encoding="utf-8").splitlines())
    got = documents(second.read_text(encoding="utf-8").splitlines())
    marked = sum(1 for d in want if "duplicate_of" in d["metadata"])
    print(f"spark: {len(parts)} partitions, {len(got)} documents, {within} duplicates found within "
          f"partitions; after newsclean dedup: {sum(1 for d in got if 'duplicate_of' in d['metadata'])}; "
          f"single machine: {len(want)} documents, {marked} duplicates")
    if got != want:
        for i, (a, b) in enumerate(zip(want, got)):
            if a != b:
                print(f"first difference at document {i}:\n  single: {a}\n  spark:  {b}")
                break
        sys.exit("FAILED: Spark output differs from the single-machine output")
    if len(parts) < 2 or not want:
        sys.exit("FAILED: the sample should span several partitions")
    if not marked or within >= marked:
        sys.exit("FAILED: the sample should hold copies across partitions")
    print("test-spark: 1 passed, 0 failed")


if __name__ == "__main__":
    os.chdir(ROOT)
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    main()
