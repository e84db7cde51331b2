# Selftests: one kselftest-harness program per *_test.c, linked with libzx.
# Included from the top Makefile. The harness headers come from the kernel
# source (KSFT_DIR), never copied into this tree.

SELFTESTS := $(patsubst selftests/%.c,$(BUILD)/selftests/%,$(wildcard selftests/*_test.c))
RUNNER_TESTS := $(patsubst selftests/runner/%.c,$(BUILD)/selftests/runner/%,$(wildcard selftests/runner/*_test.c))

EXAMPLES := $(patsubst examples/%.c,$(BUILD)/examples/%,$(wildcard examples/*.c))

selftests: $(SELFTESTS) $(RUNNER_TESTS) $(EXAMPLES) $(BUILD)/selftests/list

# The list scripts/check runs, in order: the examples run as tests too.
# pressure_test needs a guest of its own, with little memory (stage pressure).
$(BUILD)/selftests/list: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' $(filter-out %/pressure_test,$(SELFTESTS)) $(EXAMPLES) >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

$(BUILD)/selftests/%: selftests/%.c $(LIBZX_A) $(LIBZX_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZX_CFLAGS) -isystem $(KSFT_DIR) -o $@ $< $(LIBZX_A) -lpthread

# Example programs (examples/*.c): Fuchsia-style code built against libzx.
$(BUILD)/examples/%: examples/%.c $(LIBZX_A) $(LIBZX_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZX_CFLAGS) -o $@ $< $(LIBZX_A)
