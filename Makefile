# newsclean: the commands the README promises.
CARGO ?= cargo
BIN := target/release/newsclean

.PHONY: all build run test lint bench bench-micro bench-html clean

all: build

build:
	$(CARGO) build --release

# The main job: clean the bundled samples with the built-in rules into out/.
run: build
	$(BIN) clean samples/raw -o out

# Every test: unit, rule examples, golden samples, CLI.
test:
	$(CARGO) test --all-targets

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# Performance (README "Performance"): generates ~300 MB of corpora under
# target/bench/ (once), times cat, sed -E and newsclean interleaved, prints the
# table and writes target/bench/latest.json; then the microbenchmarks.
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--scale 0.1 --reps 1".
bench: build
	$(CARGO) run --release --example bench -- $(BENCH_ARGS)
	$(MAKE) bench-micro

bench-micro:
	$(CARGO) bench --bench pipeline

# Optional: newsclean vs trafilatura on the same HTML pages (needs Python 3 and PyPI).
VENV := target/venv
bench-html: build $(VENV)/bin/trafilatura
	$(CARGO) run --release --example bench -- --only none --trafilatura $(VENV)/bin/python $(BENCH_ARGS)

$(VENV)/bin/trafilatura:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet trafilatura lxml_html_clean

clean:
	$(CARGO) clean
	rm -rf out
