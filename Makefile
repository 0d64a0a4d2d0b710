# newsclean: the commands the README promises.
CARGO ?= cargo
BIN := target/release/newsclean

.PHONY: all build run test lint bench clean

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

clean:
	$(CARGO) clean
	rm -rf out
