# SPDX-License-Identifier: GPL-2.0
# zxpager top-level Makefile.
#
#   make                 module (for KDIR), libzx, selftests, zxstat
#   make modules         the module only; KDIR=<kernel build tree>
#   make libzx           libzx.a, libzx.so, libzx.pc in build/libzx
#   make selftests       the kselftest programs in build/selftests
#   make tools           zxstat (needs libnl-genl-3) in build/tools
#   make check           every test, on every kernel of the matrix (scripts/check)
#   make demo            a file-backed pager service and a client, in a test VM
#   make bench           fault round trip: zxpager vs userfaultfd, then the cost
#                        of dirty tracking (dirty_bench), in a 1-vCPU VM
#   make install         libzx, its headers and pkg-config file, zxstat
#                        (PREFIX, DESTDIR)
#   make modules_install the module, through the kernel's own rule
#
# KDIR defaults to the running kernel's build tree, else the newest
# installed Debian linux-headers (as on build machines without modules).
# MODDIR builds the module out of the source tree (one per kernel).

KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build/Makefile) \
	$(lastword $(shell ls -1d /usr/src/linux-headers-*/Makefile 2>/dev/null | \
			   grep -v -- -common/ | sort -V)))
KDIR := $(patsubst %/Makefile,%,$(KDIR))
MODDIR ?= $(CURDIR)
BUILD ?= $(CURDIR)/build
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include

ZXPAGER_VERSION := $(shell git -C $(CURDIR) describe --tags --always --dirty 2>/dev/null || echo unknown)
# Kernel source for the kselftest harness headers (see scripts/kernel-source).
# Evaluated once, and only when a selftest is built.
KSFT_DIR ?= $(eval KSFT_DIR := $(shell $(CURDIR)/scripts/kernel-source)/tools/testing/selftests)$(KSFT_DIR)

CC ?= cc
CFLAGS ?= -O2 -g
ZX_CFLAGS := -std=gnu11 -Wall -Wextra -D_GNU_SOURCE -I$(CURDIR)/uapi \
	-I$(CURDIR)/libzx/include $(EXTRA_CFLAGS)

.PHONY: all modules libzx selftests tools check demo bench benches install modules_install clean FORCE
BENCHES := $(patsubst bench/%.c,$(BUILD)/bench/%,$(wildcard bench/*.c))
all: modules libzx selftests tools $(BENCHES)

# The module. For MODDIR != source tree, mirror the sources there as
# symlinks so that objects for several kernels never mix.
KBUILD_SRCS := Kbuild $(wildcard kmod/*.[ch] uapi/linux/*.h selftests/runner/*_mod.c)
modules: FORCE
	@test -n "$(KDIR)" -a -f "$(KDIR)/Makefile" || \
		{ echo "no kernel build tree: install linux-headers or set KDIR" >&2; exit 1; }
ifneq ($(abspath $(MODDIR)),$(CURDIR))
	@mkdir -p $(MODDIR)
	@find $(MODDIR) -xtype l -delete 2>/dev/null || true
	@for f in $(KBUILD_SRCS); do \
		mkdir -p $(MODDIR)/$$(dirname $$f) && ln -sfn $(CURDIR)/$$f $(MODDIR)/$$f; done
endif
	$(MAKE) -C $(KDIR) M=$(abspath $(MODDIR)) ZXPAGER_VERSION=$(ZXPAGER_VERSION) modules

modules_install: modules
	$(MAKE) -C $(KDIR) M=$(abspath $(MODDIR)) modules_install

include libzx/build.mk
include selftests/build.mk
include tools/build.mk

check:
	$(CURDIR)/scripts/check

# The pager demo (examples/filepager.c) in the default test VM.
demo: libzx selftests
	$(CURDIR)/scripts/vm run -- $(BUILD)/examples/filepager

# Benchmarks: one vCPU, so that wakeups across emulated CPUs do not dominate.
$(BUILD)/bench/%: bench/%.c bench/bench.h $(LIBZX_A) $(LIBZX_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZX_CFLAGS) -o $@ $< $(LIBZX_A) -lpthread
benches: $(BENCHES)
bench: libzx selftests benches
	$(CURDIR)/scripts/vm run --smp 1 -- \
		sh -c '$(BUILD)/bench/fault_bench && $(BUILD)/bench/dirty_bench'

clean:
	rm -rf $(BUILD)
	$(if $(KDIR),-$(MAKE) -C $(KDIR) M=$(CURDIR) clean)

FORCE:
