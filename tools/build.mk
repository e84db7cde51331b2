# zxstat, the generic netlink introspection tool, and zxstat_test, the
# selftest that talks netlink too: both link with libnl-genl-3. Included
# from the top Makefile after libzx/build.mk and selftests/build.mk.
#
# libnl is found by pkg-config when a recipe runs, not when make parses
# this file: a tree without libnl still builds everything else and fails
# only here, saying what to do.

ZXSTAT := $(BUILD)/tools/zxstat
BINDIR ?= $(PREFIX)/bin
NL_PKG := libnl-genl-3.0
NL_CHECK = @pkg-config --exists $(NL_PKG) 2>/dev/null || { \
	echo "$(@F) needs $(NL_PKG), which pkg-config cannot find: run scripts/deps" \
		"(it installs libnl-genl-3-dev and pkg-config)" >&2; \
	exit 1; }

.PHONY: tools install-tools
tools: $(ZXSTAT)

$(ZXSTAT): tools/zxstat.c $(LIBZX_HDRS)
	$(NL_CHECK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZX_CFLAGS) -DZXSTAT_VERSION='"$(ZXPAGER_VERSION)"' \
		$$(pkg-config --cflags $(NL_PKG)) -o $@ $< $$(pkg-config --libs $(NL_PKG))

# The generic selftest rule, plus libnl; the test runs zxstat, so it comes
# with it (scripts/vm builds "selftests" only).
$(BUILD)/selftests/zxstat_test: selftests/zxstat_test.c $(LIBZX_A) $(LIBZX_HDRS) $(ZXSTAT)
	$(NL_CHECK)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZX_CFLAGS) -isystem $(KSFT_DIR) $$(pkg-config --cflags $(NL_PKG)) \
		-o $@ $< $(LIBZX_A) $$(pkg-config --libs $(NL_PKG)) -lpthread

install: install-tools
install-tools: $(ZXSTAT)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(ZXSTAT) $(DESTDIR)$(BINDIR)/
