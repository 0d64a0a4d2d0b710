# newsclean: the commands the README promises.
CARGO ?= cargo
BIN := target/release/newsclean

.PHONY: all build run test lint eval bench clean

all: build

build:
	$(CARGO) build --release

# The main job: clean the bundled samples with the built-in rules into out/.
run: build
	$(BIN) clean samples/raw -o out

# Every test: unit, rule examples, golden samples, CLI.
test:
	$(CARGO) test --all-targets

# Extraction quality on the development set in eval/trafilatura: precision,
# recall, F1 and the worst pages (see eval/README.md).
eval:
	$(CARGO) run --release --example eval -- eval/trafilatura

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

clean:
	$(CARGO) clean
	rm -rf out
