# Exhibit: the two commands a newcomer needs are `make demo` and `make test`.
# Packagers: `make install PREFIX=/usr DESTDIR=/tmp/stage` (PREFIX defaults to /usr/local).
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASH_COMPLETION_DIR ?= $(DATADIR)/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(DATADIR)/zsh/site-functions
FISH_COMPLETION_DIR ?= $(DATADIR)/fish/vendor_completions.d
INSTALL ?= install
# Tesseract's OpenMP threads spin on two cores: one thread is faster (the exhibit binary sets this itself).
export OMP_THREAD_LIMIT ?= 1

# The man page's date: SOURCE_DATE_EPOCH (reproducible builds), else the last commit's, else today.
MAN_DATE ?= $(shell if [ -n "$$SOURCE_DATE_EPOCH" ]; then date -u -d "@$$SOURCE_DATE_EPOCH" +%F; \
	else git log -1 --format=%cs 2>/dev/null || date -u +%F; fi)
GENERATED = .build/share
RELEASE_BIN = .build/release/exhibit

.PHONY: demo test lint bench build release deps test-deps clean man completions install uninstall check-install fuzz fuzz-build

demo: deps build
	scripts/demo

test: test-deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: test-deps release
	scripts/bench

# libFuzzer targets (Fuzz/): one instrumented binary, built apart from the normal build (its own build path, only
# when EXHIBIT_FUZZ=1), each target run FUZZ_SECONDS seconds from the seeds in Fuzz/corpus (see FUZZING.md).
# Linked with lld: gold fails on the instrumented objects (an internal error in its DWARF reader).
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= tar cms baginfo manifest policy csv text email detectors png jpeg receipt

fuzz-build:
	EXHIBIT_FUZZ=1 $(SWIFT) build -c release --product exhibit-fuzz --build-path .build/fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld

fuzz: fuzz-build
	scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

lint:
	$(SWIFT) format lint --strict --recursive Sources Tests Package.swift
	scripts/check-layers

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# The man page, from argument-parser's generate-manual plugin (it builds the release binary and reads its
# --experimental-dump-help), so it always says what the binary does.
man: $(GENERATED)/man/exhibit.1

$(GENERATED)/man/exhibit.1: release
	$(SWIFT) package generate-manual --date "$(MAN_DATE)"
	mkdir -p $(GENERATED)/man
	cp .build/plugins/GenerateManual/outputs/exhibit/exhibit.1 $@.part && mv $@.part $@

# Shell completions, from the release binary itself (argument-parser), with values asked of the binary at TAB.
completions: release
	mkdir -p $(GENERATED)/completions
	$(RELEASE_BIN) --generate-completion-script bash > $(GENERATED)/completions/exhibit.bash.part
	$(RELEASE_BIN) --generate-completion-script zsh > $(GENERATED)/completions/_exhibit.part
	$(RELEASE_BIN) --generate-completion-script fish > $(GENERATED)/completions/exhibit.fish.part
	cd $(GENERATED)/completions && for f in exhibit.bash _exhibit exhibit.fish; do mv $$f.part $$f; done

# The binary, its man page and completions, and the shipped policies where the installed binary looks for
# them: $(PREFIX)/bin/exhibit finds $(PREFIX)/share/exhibit/Policies beside itself, wherever PREFIX is.
install: release man completions
	$(INSTALL) -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1" "$(DESTDIR)$(DATADIR)/exhibit/Policies" \
		"$(DESTDIR)$(DATADIR)/doc/exhibit" "$(DESTDIR)$(BASH_COMPLETION_DIR)" "$(DESTDIR)$(ZSH_COMPLETION_DIR)" \
		"$(DESTDIR)$(FISH_COMPLETION_DIR)"
	$(INSTALL) -m 0755 $(RELEASE_BIN) "$(DESTDIR)$(BINDIR)/exhibit"
	$(INSTALL) -m 0644 $(GENERATED)/man/exhibit.1 "$(DESTDIR)$(MANDIR)/man1/exhibit.1"
	$(INSTALL) -m 0644 $(GENERATED)/completions/exhibit.bash "$(DESTDIR)$(BASH_COMPLETION_DIR)/exhibit"
	$(INSTALL) -m 0644 $(GENERATED)/completions/_exhibit "$(DESTDIR)$(ZSH_COMPLETION_DIR)/_exhibit"
	$(INSTALL) -m 0644 $(GENERATED)/completions/exhibit.fish "$(DESTDIR)$(FISH_COMPLETION_DIR)/exhibit.fish"
	$(INSTALL) -m 0644 Policies/*.yaml "$(DESTDIR)$(DATADIR)/exhibit/Policies/"
	$(INSTALL) -m 0644 LICENSE README.md docs/bundle-format.md docs/policies.md "$(DESTDIR)$(DATADIR)/doc/exhibit/"
	$(INSTALL) -m 0755 tools/check-bundle.py "$(DESTDIR)$(DATADIR)/doc/exhibit/check-bundle.py"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/exhibit" "$(DESTDIR)$(MANDIR)/man1/exhibit.1" "$(DESTDIR)$(BASH_COMPLETION_DIR)/exhibit" \
		"$(DESTDIR)$(ZSH_COMPLETION_DIR)/_exhibit" "$(DESTDIR)$(FISH_COMPLETION_DIR)/exhibit.fish"
	rm -rf "$(DESTDIR)$(DATADIR)/exhibit" "$(DESTDIR)$(DATADIR)/doc/exhibit"

# make install into a temporary DESTDIR with PREFIX=/usr, then the installed binary, man page and completions
# are tried as a user would (CI runs this after make test).
check-install: test-deps
	scripts/check-install

deps:
	scripts/install-deps demo

test-deps:
	scripts/install-deps test

clean:
	rm -rf .build demo-output bench-data
