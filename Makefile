# newsclean: the commands the README promises.
CARGO ?= cargo
BIN := target/release/newsclean

.PHONY: all build run test test-browser lint eval eval-peers bench bench-micro bench-html clean bench-warc test-spark fuzz

all: build

build:
	$(CARGO) build --release

# The main job: clean the bundled samples with the built-in rules into out/.
run: build
	$(BIN) clean samples/raw -o out

# Every test: the library's unit tests and the one integration crate
# (tests/it: CLI cases in tests/cmd, golden samples, rule examples, dumps,
# properties, the eval and harm floors) and the bench example's unit tests
# (its sed translation). The other examples and the benches are compiled by
# `make lint` (clippy --all-targets), not again here.
test:
	$(CARGO) test --lib --bins --tests --example bench

# Extraction quality on both development sets: eval/trafilatura (snippets:
# precision, recall, F1) and ../shared/eval/wcxb-dev (word-bag F1 per page
# type), with the worst pages (see eval/README.md). EVAL_ARGS passes options,
# e.g. EVAL_ARGS="--json target/eval.json".
eval:
	$(CARGO) run --release --example eval -- eval/trafilatura ../shared/eval/wcxb-dev $(EVAL_ARGS)

# The review page in a real browser: installs Debian's
# chromium if no Chromium is found, then opens pages written by `diff --html`
# in headless Chromium (tests/it/browser.rs), checks what they show and takes a screenshot
# (target/browser/review.png; also to $NEWSCLEAN_SCREENSHOT if set).
test-browser:
	tests/browser/install-chromium.sh
	$(CARGO) test --test it browser:: -- --ignored

# A mutation fuzzer (stable Rust) for each reader (WARC, gzip members, JSONL,
# HTTP heads) and for extraction, FUZZ_SECONDS per target; crashing inputs go
# to target/fuzz/crashes/ and fail the run.
FUZZ_SECONDS ?= 30
fuzz:
	$(CARGO) run --release --example fuzz -- --seconds $(FUZZ_SECONDS)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# Performance (README "Performance"): generates ~300 MB of corpora under
# target/bench/ (once), times cat, sed -E and newsclean interleaved, prints the
# table and writes target/bench/latest.json; then the microbenchmarks and the
# 1 GB WARC memory check (bench-warc).
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--scale 0.1 --reps 1".
bench: build
	$(CARGO) run --release --example bench -- $(BENCH_ARGS)
	$(MAKE) bench-micro
	$(MAKE) bench-warc

bench-micro:
	$(CARGO) bench --bench pipeline

# Optional: newsclean, trafilatura (needs Python 3 and PyPI) and the Rust
# peers dom_smoothie and rs-trafilatura (bench/peers/, a crate of its own,
# built here only) on the same real pages of both dev sets, one run.
VENV := target/venv
PEERS := target/peers/release/newsclean-bench-peers
bench-html: build $(VENV)/bin/trafilatura
	$(CARGO) build --release --manifest-path bench/peers/Cargo.toml --target-dir target/peers
	$(CARGO) run --release --example bench -- --only real-html --trafilatura $(VENV)/bin/python --peers $(PEERS) $(BENCH_ARGS)

# Optional: the Rust peers' text of both dev sets (gunzipped once under
# target/eval-peers/html/SET/) scored exactly as newsclean's, beside it.
EVAL_PEERS := target/eval-peers
eval-peers:
	$(CARGO) build --release --manifest-path bench/peers/Cargo.toml --target-dir target/peers
	rm -rf $(EVAL_PEERS) && mkdir -p $(EVAL_PEERS)/html/trafilatura $(EVAL_PEERS)/html/wcxb-dev
	for f in eval/trafilatura/html/*.gz; do gunzip -c "$$f" > $(EVAL_PEERS)/html/trafilatura/$$(basename "$$f" .gz); done
	for f in ../shared/eval/wcxb-dev/html/*.gz; do gunzip -c "$$f" > $(EVAL_PEERS)/html/wcxb-dev/$$(basename "$$f" .gz); done
	find $(EVAL_PEERS)/html -type f | sort > $(EVAL_PEERS)/pages.txt
	for tool in dom_smoothie rs-trafilatura; do $(PEERS) $$tool $(EVAL_PEERS)/pages.txt $(EVAL_PEERS)/$$tool; done
	$(CARGO) run --release --example eval -- eval/trafilatura ../shared/eval/wcxb-dev \
	  --texts dom_smoothie=$(EVAL_PEERS)/dom_smoothie --texts rs-trafilatura=$(EVAL_PEERS)/rs-trafilatura $(EVAL_ARGS)

$(VENV)/bin/trafilatura:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet trafilatura lxml_html_clean

# Scale check (issue 4): a synthetic .warc.gz of at least 1 GB (generated once,
# never committed) cleaned to JSONL; prints peak RSS and MB/s, and fails when
# the peak reaches 300 MB. Needs GNU time (/usr/bin/time).
BENCH_DIR := target/bench
BENCH_WARC ?= $(BENCH_DIR)/synthetic.warc.gz
BENCH_WARC_MB ?= 1100
BENCH_RSS_LIMIT_MB ?= 300

bench-warc: build
	@mkdir -p $(BENCH_DIR)
	test -f $(BENCH_WARC) || { $(CARGO) build --release --example gen_warc && \
		target/release/examples/gen_warc $(BENCH_WARC) $(BENCH_WARC_MB); }
	rm -rf $(BENCH_DIR)/warc-out.jsonl $(BENCH_DIR)/warc-out.jsonl.parts $(BENCH_DIR)/warc-out.manifest.jsonl
	/usr/bin/time -f '%M %e' -o $(BENCH_DIR)/warc.time $(BIN) clean -q $(BENCH_WARC) \
		-o $(BENCH_DIR)/warc-out.jsonl --report $(BENCH_DIR)/warc-report.json || test $$? -eq 1
	@read kb secs < $(BENCH_DIR)/warc.time; \
	gz=$$(stat -c %s $(BENCH_WARC)); \
	raw=$$(sed -n 's/^  "bytes_in": \([0-9]*\),/\1/p' $(BENCH_DIR)/warc-report.json); \
	read=$$(sed -n 's/^  "read": \([0-9]*\),/\1/p' $(BENCH_DIR)/warc-report.json); \
	awk -v kb=$$kb -v s=$$secs -v gz=$$gz -v raw=$$raw -v n=$$read -v lim=$(BENCH_RSS_LIMIT_MB) 'BEGIN { \
		printf "bench-warc: %.0f MB .warc.gz (%.0f MB of pages), %d records in %.1f s: %.1f MB/s compressed, %.1f MB/s of pages; peak RSS %.0f MB (limit %d MB)\n", \
			gz/1e6, raw/1e6, n, s, gz/1e6/s, raw/1e6/s, kb/1024, lim; \
		exit (kb/1024 < lim) ? 0 : 1 }'

# Spark (issue 4): installs pyspark into a venv under target/ (needs Java 17+
# and network to PyPI), cleans a sample dump in local[2] mode and checks the
# result equals the single-machine run. Not part of `make test`. Spark is
# bound to the loopback address.
SPARK_VENV := target/spark-venv

test-spark: build
	test -x $(SPARK_VENV)/bin/python || python3 -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install -q pyspark
	SPARK_LOCAL_IP=127.0.0.1 $(SPARK_VENV)/bin/python examples/spark/check.py

clean:
	$(CARGO) clean
	rm -rf out
