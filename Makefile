# Exhibit: the two commands a newcomer needs are `make demo` and `make test`.
SWIFT ?= swift
# Tesseract's OpenMP threads spin on two cores: one thread is faster (the exhibit binary sets this itself).
export OMP_THREAD_LIMIT ?= 1

.PHONY: demo test lint bench build release deps test-deps clean

demo: deps build
	scripts/demo

test: test-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: test-deps release
	scripts/bench

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

deps:
	scripts/install-deps demo

test-deps:
	scripts/install-deps test

clean:
	rm -rf .build demo-output bench-data
