# make install and make deb. Included by the top Makefile after harness/harness.mk.
#
# make install PREFIX=/usr/local DESTDIR=  puts in place: the vct command; the
# data it reads at run time (the fuzzer's seed corpora and dictionaries, the
# known-quirks files) under share/vct, which vct finds beside its binary
# (BINDIR/../share/vct); the libFuzzer/AFL++ engine programs where they were
# built, under lib/vct/fuzz; the man page and the bash completion, both
# rendered from the option tables by the binary being installed.
PREFIX  ?= /usr/local
DESTDIR ?=
INSTALL ?= install
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/vct
LIBDIR   = $(PREFIX)/lib/vct
MANDIR   = $(PREFIX)/share/man
COMPDIR  = $(PREFIX)/share/bash-completion/completions

INSTALL_ENGINES = $(wildcard $(BUILD)/fuzz/libfuzzer-refdev $(BUILD)/fuzz/afl-refdev $(BUILD)/fuzz/afl-mutator.so)

.PHONY: install deb
install: $(BUILD)/vct
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR) $(DESTDIR)$(DATADIR)/fuzz/dict
	$(INSTALL) -m 755 $(BUILD)/vct $(DESTDIR)$(BINDIR)/vct
	$(BUILD)/vct help --man > $(BUILD)/vct.1
	$(INSTALL) -m 644 $(BUILD)/vct.1 $(DESTDIR)$(MANDIR)/man1/vct.1
	$(BUILD)/vct help --completion bash > $(BUILD)/vct.bash-completion
	$(INSTALL) -m 644 $(BUILD)/vct.bash-completion $(DESTDIR)$(COMPDIR)/vct
	set -e; for d in fuzz/corpus/*/; do \
		t=$$(basename $$d); $(INSTALL) -d $(DESTDIR)$(DATADIR)/fuzz/corpus/$$t; \
		$(INSTALL) -m 644 $$d*.bin $$d*.txt $(DESTDIR)$(DATADIR)/fuzz/corpus/$$t/; \
	done
	$(INSTALL) -m 644 fuzz/dict/*.dict $(DESTDIR)$(DATADIR)/fuzz/dict/
	$(if $(wildcard known-quirks/*.txt),$(INSTALL) -d $(DESTDIR)$(DATADIR)/known-quirks && \
		$(INSTALL) -m 644 $(wildcard known-quirks/*.txt) $(DESTDIR)$(DATADIR)/known-quirks/)
	$(if $(INSTALL_ENGINES),$(INSTALL) -d $(DESTDIR)$(LIBDIR)/fuzz && \
		$(INSTALL) -m 755 $(INSTALL_ENGINES) $(DESTDIR)$(LIBDIR)/fuzz/)

# make deb: the Debian package, built by Debian's own tools (dpkg-buildpackage,
# debhelper) from a copy of the working tree under $(BUILD)/deb/, because
# dpkg-buildpackage writes its results into the parent of the source folder.
# Installs the build dependencies it lacks first; leaves $(BUILD)/vct_*.deb.
DEB_BUILD_DEPS = debhelper dpkg-dev libpci-dev pkgconf
deb:
	@./testbed/ensure-deps.sh $(DEB_BUILD_DEPS)
	rm -rf $(BUILD)/deb $(BUILD)/vct_*.deb $(BUILD)/vct-dbgsym_*.deb
	mkdir -p $(BUILD)/deb/vct
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files -z --cached --others --exclude-standard | grep -zv '^$(BUILD)/' | \
			xargs -0 cp -a --parents -t $(BUILD)/deb/vct; \
	else \
		tar -c --exclude=./$(BUILD) . | tar -x -C $(BUILD)/deb/vct; \
	fi
	cd $(BUILD)/deb/vct && dpkg-checkbuilddeps && \
		DEB_BUILD_OPTIONS="parallel=$(JOBS) $(DEB_BUILD_OPTIONS)" dpkg-buildpackage -us -uc -b
	mv $(BUILD)/deb/*.deb $(BUILD)/
	@ls $(BUILD)/vct_*.deb
