"""Times trafilatura's extraction over a list of HTML files, one process, for
`make bench-html`. Usage: trafilatura_pages.py FILE_LIST TIMING_JSON.
The loop alone is timed (imports and Python start-up are left out) and written
as {"pages", "seconds", "cpu_seconds"}; the extracted text goes to stdout."""
import json
import sys
import time

import trafilatura


def main():
    files = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    wall, cpu = time.perf_counter(), time.process_time()
    for path in files:
        with open(path, "rb") as f:
            text = trafilatura.extract(f.read())
        sys.stdout.write(text or "")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"pages": len(files), "seconds": wall, "cpu_seconds": cpu}, f)


if __name__ == "__main__":
    main()
