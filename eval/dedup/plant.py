"""Recall and precision of `--dedup` on planted copies of real text.

Usage: python3 eval/dedup/plant.py DEV.jsonl [--newsclean target/release/newsclean]

DEV.jsonl is newsclean's JSONL output for the dev sets, made with --dedup off:

    newsclean clean -q --dedup off eval/trafilatura/html ../shared/eval/wcxb-dev/html -o DEV.jsonl

Its documents of 50 words or more that no other one duplicates are the
originals. For a fixed random sample of them (seed 16) the script plants
copies of each kind:

  exact    the same text
  framed   another document's first paragraph above and last paragraph below
           (another site's header and footer)
  edited   two words replaced and a sentence appended (an updated story)
  heavier  one word in twenty replaced (beyond "near": a measure of the limit)

The originals come first, the copies after them in a shuffled order. The
dump goes through `newsclean clean --input-format jsonl` with each --dedup
mode; a copy is found when its duplicate_of names its original, and any other
duplicate_of is a false positive. Precision = right marks / all marks. For
comparison, the share of each kind's copies whose shingle set has an exact
Jaccard similarity of 0.8 or more with their original's (the script's own
reading of the words, close to newsclean's): what a perfect estimator finds. The
cost per document is the CPU time of --dedup near (and exact) less that of
--dedup off, over the number of documents. Finally the dump is cut into four
shards, each cleaned alone, and `newsclean dedup` over the four outputs must
give the single run's marks.
"""

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

KINDS = ("exact", "framed", "edited", "heavier")
PER_KIND = 300


def originals(path):
    docs = []
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        if len(d["text"].split()) >= 50:
            docs.append({"id": d["id"], "text": d["text"]})
    return docs


def replace_words(rng, text, count):
    words = text.split(" ")
    for _ in range(count):
        i = rng.randrange(len(words))
        words[i] = rng.choice(["river", "market", "Tuesday", "council", "seven", "report"])
    return " ".join(words)


def plant(rng, doc, kind, others):
    text = doc["text"]
    if kind == "exact":
        return text
    if kind == "framed":
        other = rng.choice(others)["text"].strip().split("\n\n")
        return f"{other[0]}\n\n{text}\n{other[-1]}\n"
    if kind == "edited":
        return replace_words(rng, text, 2) + "\nThis story was updated with a statement from the ministry.\n"
    if kind == "heavier":
        return replace_words(rng, text, max(1, len(text.split()) // 20))
    raise ValueError(kind)


def shingles(text):
    """Word 5-shingles of the lowercased alphanumeric runs (one of all words when fewer)."""
    words = re.findall(r"[^\W_]+", text.lower())
    width = min(5, max(1, len(words)))
    return {tuple(words[i:i + width]) for i in range(len(words) - width + 1)}


def jaccard(a, b):
    return len(a & b) / max(1, len(a | b))


def cpu_run(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, **kw)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def marks(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        out[d["id"]] = d.get("metadata", {}).get("duplicate_of")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dev")
    ap.add_argument("--newsclean", default="target/release/newsclean")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(16)
    docs = originals(args.dev)
    work = Path(tempfile.mkdtemp(prefix="dedup-eval-"))
    # Originals that the dev sets already hold twice are left out.
    (work / "orig.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
    subprocess.run([args.newsclean, "dedup", "-q", work / "orig.jsonl", "-o", work / "orig-marked.jsonl"], check=True)
    natural = {k for k, v in marks(work / "orig-marked.jsonl").items() if v}
    docs = [d for d in docs if d["id"] not in natural]
    sample = rng.sample(docs, PER_KIND * len(KINDS))
    copies = []
    for i, doc in enumerate(sample):
        kind = KINDS[i % len(KINDS)]
        others = [d for d in rng.sample(docs, 3) if d["id"] != doc["id"]]
        copies.append({"id": f"copy-{kind}-{i}", "text": plant(rng, doc, kind, others), "kind": kind, "of": doc["id"]})
    rng.shuffle(copies)
    dump = work / "planted.jsonl"
    with dump.open("w", encoding="utf-8") as f:
        for d in docs + copies:
            f.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
    n = len(docs) + len(copies)
    print(f"{len(docs)} originals ({len(natural)} natural duplicates left out), {len(copies)} planted copies, {n} documents")

    cpu = {}
    for mode in ("off", "exact", "near"):
        out = work / f"out-{mode}.jsonl"
        times = sorted(
            cpu_run([args.newsclean, "clean", "-q", "-j1", "--input-format", "jsonl", "--dedup", mode, dump, "-o", out])
            for _ in range(args.reps)
        )
        cpu[mode] = times[len(times) // 2]
        if mode == "off":
            continue
        got = marks(out)
        right = sum(1 for c in copies if got.get(c["id"]) == c["of"])
        wrong = sum(1 for d in docs if got.get(d["id"])) + sum(
            1 for c in copies if got.get(c["id"]) not in (None, c["of"]))
        print(f"--dedup {mode}: precision {right / max(1, right + wrong):.3f} ({right} right, {wrong} wrong marks)")
        for kind in KINDS:
            of_kind = [c for c in copies if c["kind"] == kind]
            found = sum(1 for c in of_kind if got.get(c["id"]) == c["of"])
            print(f"  recall {kind:8} {found / len(of_kind):.3f} ({found}/{len(of_kind)})")
    print("copies whose shingle set has exact Jaccard similarity >= 0.8 with their original's")
    print("(what a detector with the exact similarity finds; words read as newsclean reads them, nearly):")
    text_of = {d["id"]: d["text"] for d in docs}
    for kind in KINDS:
        of_kind = [c for c in copies if c["kind"] == kind]
        similar = [jaccard(shingles(text_of[c["of"]]), shingles(c["text"])) for c in of_kind]
        above = sum(1 for j in similar if j >= 0.8)
        near = sum(1 for j in similar if 0.72 <= j < 0.88)
        print(f"  {kind:8} {above / len(of_kind):.3f} ({above}/{len(of_kind)}; {near} between 0.72 and 0.88)")
    for mode in ("exact", "near"):
        extra = cpu[mode] - cpu["off"]
        print(f"cost of --dedup {mode}: {extra:.2f} s CPU over {n} documents = {1e6 * extra / n:.0f} us/doc "
              f"(whole run {cpu[mode]:.2f} s, --dedup off {cpu['off']:.2f} s; median of {args.reps})")

    # Shards and the second pass give the single run's marks.
    parts = []
    for k in range(4):
        part = work / f"shard-{k}.jsonl"
        subprocess.run([args.newsclean, "clean", "-q", "--input-format", "jsonl", "--shard", f"{k}/4", dump, "-o", part], check=True)
        parts.append(part)
    subprocess.run([args.newsclean, "dedup", "-q", *parts, "-o", work / "second.jsonl"], check=True)
    single, second = marks(work / "out-near.jsonl"), marks(work / "second.jsonl")
    within = sum(1 for p in parts for v in marks(p).values() if v)
    same = sum(1 for k, v in single.items() if second.get(k) == v)
    print(f"shards 4: {within} duplicates found within shards; second pass: "
          f"{sum(1 for v in second.values() if v)} in all, {same}/{len(single)} documents marked as in one run")


if __name__ == "__main__":
    sys.exit(main())
