"""Title, author and date agreement of trafilatura on a WCXB split, scored as
`make eval` scores newsclean's (src/eval/wcxb.rs, `metadata_agrees`):

- title: the same words (`\\w+` of the lowercased text, in order);
- author: the words of one hold all the words of the other;
- date: the same day (the first ten characters).

Each rate is over the pages where the split has the field. Run with the venv
of `make bench-html` (trafilatura from PyPI):

    target/venv/bin/python eval/trafilatura_meta.py ../shared/eval/wcxb-dev [--json FILE]
"""

import gzip
import json
import re
import sys

from trafilatura.metadata import extract_metadata

WORD = re.compile(r"\w+")


def words(text):
    return WORD.findall(text.lower())


def agrees(field, reference, found):
    if not found:
        return False
    if field == "title":
        return words(reference) == words(found)
    if field == "author":
        r, f = words(reference), words(found)
        return bool(f) and (all(w in r for w in f) or all(w in f for w in r))
    day = reference.strip()[:10]
    return len(day) == 10 and day == found.strip()[:10]


def main():
    args = sys.argv[1:]
    out = None
    if "--json" in args:
        at = args.index("--json")
        out = args[at + 1]
        del args[at : at + 2]
    split = args[0] if args else "../shared/eval/wcxb-dev"
    fields = {"title": "title", "author": "author", "date": "publish_date"}
    known = {f: 0 for f in fields}
    ok = {f: 0 for f in fields}
    pages = []
    with gzip.open(f"{split}/ground-truth.jsonl.gz", "rt", encoding="utf-8") as lines:
        cases = [json.loads(line) for line in lines]
    for case in cases:
        with gzip.open(f"{split}/html/{case['file_id']}.html.gz", "rb") as page:
            html = page.read()
        try:
            meta = extract_metadata(html, default_url=case.get("url"))
            found = {"title": meta.title, "author": meta.author, "date": meta.date}
        except Exception:  # a page trafilatura cannot read finds nothing
            found = {"title": None, "author": None, "date": None}
        row = {"file": case["file_id"], "page_type": case["page_type"]}
        for field, key in fields.items():
            reference = (case.get(key) or "").strip()
            if not reference:
                continue
            known[field] += 1
            hit = agrees(field, reference, found[field])
            ok[field] += hit
            row[field] = {"found": found[field], "ok": hit}
        pages.append(row)
    print(f"trafilatura metadata agreeing with the split's ({len(cases)} pages)")
    for field in fields:
        rate = ok[field] / max(known[field], 1)
        print(f"  {field:<8} {known[field]:>5} pages  {rate:.3f}")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump(pages, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
